"""Plain option objects handed from the command line to the commands.

``CheckArgs`` is what the user typed (``None`` = not given, so a config file may fill it);
``CheckOptions`` is the resolved set after the config file was merged in. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXTRACT_FORMATS = ("json", "csv", "xlsx")
LANGS = ("zh", "en")
SEVERITIES = ("error", "warning", "info")
DEFAULT_TIMEOUT = 120.0  # seconds per file; a real report parses in well under a second


@dataclass
class CheckArgs:
    """The ``check`` command's options as typed; ``None`` means "not given on the command line"."""

    paths: list[Path]
    glob: str | None = None
    format: str = "text"
    output: Path | None = None
    fail_on: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    rules: list[Path] | None = None
    config: Path | None = None
    lang: str | None = None
    jobs: int | None = None
    quiet: bool = False
    timeout: float | None = None
    annotate: Path | None = None
    annotate_dir: Path | None = None
    history: Path | None = None  # --history PATH
    no_history: bool = False
    record: bool | None = None  # --record / --no-record


@dataclass
class CheckOptions:
    """Resolved options: command line over config file over defaults."""

    paths: list[Path]
    glob: str | None = None
    format: str = "text"
    output: Path | None = None
    fail_on: str = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_overrides: dict[str, str] = field(default_factory=dict)
    rules: tuple[Path, ...] = ()
    lang: str = "zh"
    jobs: int | None = None  # None = all cores
    quiet: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    annotate: Path | None = None
    annotate_dir: Path | None = None
    config_path: Path | None = None
    select_from_cli: bool = False  # for messages: where an unknown code came from
    ignore_from_cli: bool = False
    history: Any = None  # history.Where: the store check consults (None = off)
    record: bool = False  # also store what was checked


@dataclass
class ExtractArgs:
    paths: list[Path]
    glob: str | None = None
    format: str = "json"
    output: Path | None = None
    lang: str | None = None
    config: Path | None = None


@dataclass
class RulesArgs:
    rules: list[Path] | None = None
    config: Path | None = None
    lang: str | None = None


@dataclass
class ExplainArgs:
    code: str
    rules: list[Path] | None = None
    config: Path | None = None
    lang: str | None = None


class UsageError(Exception):
    """A problem with what the user asked for (exit 2). ``key`` names a UI string, ``args`` fill it."""

    def __init__(self, key: str, /, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass
class HistoryArgs:
    """Any ``history`` sub-command's options (each uses the ones it has)."""

    history: Path | None = None
    config: Path | None = None
    lang: str | None = None
    paths: list[Path] = field(default_factory=list)  # add
    glob: str | None = None
    jobs: int | None = None
    quiet: bool = False
    agency: str | None = None  # list, show, remove
    year: int | None = None
    ids: list[int] = field(default_factory=list)  # remove
    format: str = "csv"  # export
    output: Path | None = None
    all_versions: bool = False
    file: Path | None = None  # import

"""Configuration: ``[tool.govinfo-check]`` in pyproject.toml or top-level keys in govinfo-check.toml.

The nearest file walking up from the current directory wins; a pyproject.toml without the section
is passed over (it belongs to some other project). Command-line flags override the config.
Every problem is a :class:`~govinfo_check.options.UsageError` naming the file and the key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .options import LANGS, SEVERITIES, CheckArgs, CheckOptions, UsageError


def _toml() -> Any:
    """The TOML parser, imported when a config file is read (most runs find none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib


CONFIG_NAME = "govinfo-check.toml"
PYPROJECT = "pyproject.toml"
SECTION = "govinfo-check"
KEYS = ("select", "ignore", "severity", "rules", "lang", "fail-on", "jobs", "history", "record")


@dataclass
class Config:
    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: dict[str, str] = field(default_factory=dict)
    rules: tuple[Path, ...] = ()  # already resolved against the config file's folder
    lang: str | None = None
    fail_on: str | None = None
    jobs: int | None = None
    history: Path | None = None  # the history store, resolved against the config file's folder
    record: bool | None = None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest config file at or above ``start`` (default: the current directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_section(pyproject):
            return pyproject
    return None


def _has_section(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        # an unreadable pyproject.toml that is not ours must not stop the run
        return False
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # a broken file may well hold our section: skipping it would run with settings nobody chose
        raise syntax_error(pyproject, exc) from None
    return isinstance(data.get("tool"), dict) and SECTION in data["tool"]


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def syntax_error(path: Path, exc: Exception) -> UsageError:
    """``file:line:column: reason`` (tomllib puts the position at the end of its message)."""
    text = str(exc)
    m = _AT_LINE.search(text)
    line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
    col = getattr(exc, "colno", None) or (int(m.group(2)) if m else None)
    reason = _AT_LINE.sub("", text) if m else text
    where = f"{path}:{line}:{col}" if line else str(path)
    return UsageError("config_syntax", file=where, line=line or "", detail=reason)


def load_config(path: Path) -> Config:
    """Read and validate one config file."""
    tomllib = _toml()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError("config_missing", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("config_unreadable", file=path, detail=exc) from None
    except tomllib.TOMLDecodeError as exc:
        raise syntax_error(path, exc) from None
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get(SECTION, {})
        prefix = f"tool.{SECTION}."
    else:
        table, prefix = data, ""
    return _parse(table, path, prefix)


def _parse(table: Any, path: Path, prefix: str) -> Config:
    if not isinstance(table, dict):
        raise UsageError("config_bad_value", file=path, key=prefix.rstrip(".") or SECTION, expected="table")
    for key in table:
        if key not in KEYS:
            raise UsageError("config_unknown_key", file=path, key=prefix + key, known=", ".join(KEYS))

    def bad(key: str, expected: str) -> UsageError:
        return UsageError("config_bad_value", file=path, key=prefix + key, expected=expected)

    cfg = Config(path=path)
    if "select" in table:
        cfg.select = _codes(table["select"], bad("select", "list of codes"))
    if "ignore" in table:
        cfg.ignore = _codes(table["ignore"], bad("ignore", "list of codes"))
    if "severity" in table:
        sev = table["severity"]
        if not isinstance(sev, dict) or any(v not in SEVERITIES for v in sev.values()):
            raise bad("severity", '{"CODE" = "error|warning|info"}')
        cfg.severity = {str(k).strip().upper(): v for k, v in sev.items()}
    if "rules" in table:
        rules = table["rules"]
        if isinstance(rules, str):
            rules = [rules]
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise bad("rules", "list of file paths")
        cfg.rules = tuple((path.parent / r).resolve() for r in rules)
    if "lang" in table:
        if table["lang"] not in LANGS:
            raise bad("lang", "|".join(LANGS))
        cfg.lang = table["lang"]
    if "fail-on" in table:
        if table["fail-on"] not in SEVERITIES:
            raise bad("fail-on", "|".join(SEVERITIES))
        cfg.fail_on = table["fail-on"]
    if "jobs" in table:
        jobs = table["jobs"]
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise bad("jobs", "integer >= 1")
        cfg.jobs = jobs
    if "history" in table:
        if not isinstance(table["history"], str) or not table["history"].strip():
            raise bad("history", "file path")
        cfg.history = (path.parent / Path(table["history"]).expanduser()).resolve()
    if "record" in table:
        if not isinstance(table["record"], bool):
            raise bad("record", "true|false")
        cfg.record = table["record"]
    return cfg


def _codes(value: Any, error: UsageError) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise error
    return split_codes(value)


def split_codes(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``["T3-001,T3-002", "N"]`` → ``("T3-001", "T3-002", "N")``: commas or spaces separate. Case is
    kept (a selector may be a rule's name); the runner matches codes case-insensitively."""
    out: list[str] = []
    for v in values:
        out.extend(part for part in v.replace(",", " ").split() if part)
    return tuple(dict.fromkeys(out))


def settings_text(opts: CheckOptions, lang: str = "zh") -> str:
    """``--show-settings``: the config file in force and every effective option, one per line."""
    from .reporters.text import ui

    lines = [ui("settings_config", lang, path=opts.config_path or ui("settings_none", lang))]
    shown = ("paths", "glob", "format", "output", "fail_on", "select", "ignore", "severity_overrides", "rules",
             "lang", "jobs", "timeout", "quiet", "details", "statistics", "exit_zero", "annotate", "annotate_dir",
             "annotate_all")
    for name in shown:
        value = getattr(opts, name)
        if isinstance(value, (list, tuple)):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, dict):
            value = "{" + ", ".join(f"{k} = {v}" for k, v in value.items()) + "}"
        elif value is None:
            value = "—"
        lines.append(f"{name.replace('_', '-')} = {value}")
    return "\n".join(lines) + "\n"


def config_for(explicit: Path | None) -> Config:
    """The config in force: ``--config FILE`` if given, else the nearest one, else none."""
    if explicit is not None:
        return load_config(explicit)
    found = find_config()
    return load_config(found) if found else Config()


def resolve(args: CheckArgs, cfg: Config) -> CheckOptions:
    """Command line over config over defaults."""
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("bad_jobs", value=args.jobs)
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("bad_timeout", value=args.timeout)
    for name, value, allowed in (("--lang", args.lang, LANGS), ("--fail-on", args.fail_on, SEVERITIES)):
        if value is not None and value not in allowed:
            raise UsageError("bad_choice", option=name, value=value, allowed="|".join(allowed))
    opts = CheckOptions(
        paths=list(args.paths),
        glob=args.glob,
        format=args.format,
        output=args.output,
        fail_on=args.fail_on or cfg.fail_on or "error",
        select=split_codes(args.select) if args.select is not None else (cfg.select or ()),
        ignore=split_codes(args.ignore) if args.ignore is not None else (cfg.ignore or ()),
        severity_overrides=dict(cfg.severity),
        rules=tuple(args.rules) if args.rules else cfg.rules,
        lang=args.lang or cfg.lang or "zh",
        jobs=args.jobs or cfg.jobs,
        quiet=args.quiet,
        annotate=args.annotate,
        annotate_dir=args.annotate_dir,
        details=args.details,
        statistics=args.statistics,
        exit_zero=args.exit_zero,
        show_settings=args.show_settings,
        annotate_all=args.annotate_all,
        config_path=cfg.path,
        select_from_cli=args.select is not None,
        ignore_from_cli=args.ignore is not None,
    )
    if args.timeout is not None:
        opts.timeout = args.timeout
    from .history import where

    opts.history = where(args.history, off=args.no_history, config_path=cfg.history)
    opts.record = (args.record if args.record is not None else bool(cfg.record)) and opts.history.path is not None
    return opts

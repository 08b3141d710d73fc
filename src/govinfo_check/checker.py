"""One file at a time: collect the paths to check, then parse → evaluate → findings.

Nothing here raises for a bad file: every failure becomes a finding on that file's result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Mapping

from . import catalogue, readers
from .models import FileResult, Finding
from .options import UsageError

SUPPORTED_SUFFIXES = readers.SUFFIXES  # .docx, .doc/.wps/.odt/.rtf (LibreOffice), .pdf, .html/.htm/.shtml/.mht
# What counts as a report when a folder is searched: the types we read, and the types a report is
# published in that we cannot read yet (an F-010 finding, never silently absent). Anything else in a
# folder (readme.txt, truth.json, manifest.jsonl) is a note, not an unreadable report.
REPORT_SUFFIXES = frozenset({".docx", ".doc", ".docm", ".dotx", ".wps", ".odt", ".rtf", ".pdf", ".ofd",
                             ".html", ".htm", ".mht", ".mhtml"}) | frozenset(SUPPORTED_SUFFIXES)
LOCK_PREFIX = "~$"  # Word's owner/lock file beside an open document


@dataclass
class Collected:
    """The files found under the given paths, in the order given (folders sorted, recursively)."""

    files: list[Path] = field(default_factory=list)  # every candidate, supported or not
    skipped: list[Path] = field(default_factory=list)  # Word lock files and hidden files/folders
    notes: list[Path] = field(default_factory=list)  # files in a folder that are not reports (readme.txt)
    broken: list[Path] = field(default_factory=list)  # symbolic links to nothing, or looping

    @property
    def supported(self) -> list[Path]:
        return [p for p in self.files if is_supported(p)]


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def is_report_type(path: Path) -> bool:
    return path.suffix.lower() in REPORT_SUFFIXES


def is_broken_link(path: Path) -> bool:
    """A symbolic link whose target is missing or that loops: nothing to read, but worth a note
    (a folder of links to a share that is not mounted would otherwise just look empty)."""
    return path.is_symlink() and not path.exists()


def _is_hidden_name(name: str) -> bool:
    return name.startswith(".") or name.startswith(LOCK_PREFIX)


def collect_paths(paths: Iterable[Path], glob: str | None = None) -> Collected:
    """Expand files and folders. A path that does not exist is a usage error; so is a folder
    holding nothing to check (the caller decides what an empty overall result means)."""
    out = Collected()
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.files.append(p)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            reports: list[Path] = []

            def add_report(p: Path) -> None:
                reports.append(p)
                add(p)

            if not _walk(path, glob, add_report, out):
                raise UsageError("glob_nothing" if glob else "empty_folder", path=path, glob=glob)
            if not reports and not any(p.is_relative_to(path) for p in out.skipped):
                raise UsageError("empty_folder", path=path)
        elif path.is_file():
            # a file named explicitly is checked even if hidden; a Word lock file never is
            if path.name.startswith(LOCK_PREFIX):
                out.skipped.append(path)
            else:
                add(path)
        elif is_broken_link(path):
            out.broken.append(path)
        else:
            raise UsageError("no_such_path", path=path)
    return out


_SAVED_PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


def _is_saved_page_assets(path: Path, is_dir: bool) -> bool:
    """``报告_files/`` beside ``报告.html``: a browser's "save complete page" puts the page's images,
    scripts and frames there; they are part of the page, not reports of their own. Word and IE in
    Chinese name the folder ``报告.files/``."""
    if not is_dir or not path.name.endswith(("_files", ".files")):
        return False
    stem = path.name[: -len("_files")]
    return any(path.with_name(stem + sfx).is_file() for sfx in _SAVED_PAGE_SUFFIXES)


def _walk(folder: Path, glob: str | None, add: Any, out: Collected) -> int:
    """Add the folder's files; returns how many entries were found (files and skipped ones)."""
    if glob:
        # a pattern with a folder part is anchored at the folder; a bare one matches at any depth
        matches = folder.glob(glob) if ("/" in glob or "**" in glob) else folder.rglob(glob)
    else:
        matches = folder.rglob("*")
    hidden_dirs: set[Path] = set()
    found = 0
    for p in sorted(matches):
        rel = p.relative_to(folder).parts
        hidden_at = next((i for i, part in enumerate(rel) if _is_hidden_name(part)
                          or _is_saved_page_assets(folder.joinpath(*rel[: i + 1]), i < len(rel) - 1)), None)
        if hidden_at is not None:
            top = folder.joinpath(*rel[: hidden_at + 1])
            if top not in hidden_dirs:
                hidden_dirs.add(top)
                out.skipped.append(top)
                found += 1
            continue
        if p.is_file():
            if is_report_type(p):
                add(p)
            else:
                out.notes.append(p)
            found += 1
        elif is_broken_link(p):
            out.broken.append(p)
            found += 1
    return found


# ---------------------------------------------------------------------------
# one file
# ---------------------------------------------------------------------------


def unsupported_result(path: Path) -> FileResult:
    suffix = path.suffix or "(无扩展名 / no extension)"
    return FileResult(path=str(path), report=None, findings=[catalogue.make("F-010", suffix=suffix)])


def internal_error_result(path: Path | str, exc: BaseException | str, elapsed: float = 0.0) -> FileResult:
    detail = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return FileResult(path=str(path), report=None, findings=[catalogue.make("F-009", detail=detail)],
                      elapsed=elapsed)


def timeout_result(path: Path | str, seconds: float, elapsed: float = 0.0) -> FileResult:
    return FileResult(path=str(path), report=None, findings=[catalogue.make("F-008", seconds=_num(seconds))],
                      elapsed=elapsed)


def memory_result(path: Path | str, limit: int | None, elapsed: float = 0.0) -> FileResult:
    limit_mb = round(limit / (1024 * 1024)) if limit else "?"
    return FileResult(path=str(path), report=None, findings=[catalogue.make("F-011", limit_mb=limit_mb)],
                      elapsed=elapsed)


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def check_file(path: Path | str, rules: Any, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
               severity_overrides: Mapping[str, str] | None = None) -> FileResult:
    """Parse and evaluate one file. Any exception comes back as an F-009 finding on the result."""
    from . import engine, pipeline  # late: keeps ``--help`` fast and the contract modules import-light

    start = time.perf_counter()
    path = Path(path)
    if not is_supported(path):
        return unsupported_result(path)
    try:
        report = pipeline.parse_file(path)
        findings: list[Finding] = []
        # a file that was not read is not checked: its rules would only report empty tables
        if not any(p.category == "read" for p in report.problems):
            findings = engine.evaluate(report, rules, select=select, ignore=ignore,
                                       severity_overrides=dict(severity_overrides or {}), scope="file")
    except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the batch
        return internal_error_result(path, exc, time.perf_counter() - start)
    findings = _with_problems(report.problems, findings, select, ignore, dict(severity_overrides or {}))
    try:
        from .readers.pages import add_pages

        add_pages(report, findings)  # PDF: the page of each cell and paragraph a finding names
    except Exception:  # noqa: BLE001 - a missing page number must never lose the findings
        pass
    return FileResult(path=str(path), report=report, findings=sort_findings(findings),
                      elapsed=time.perf_counter() - start)


def _with_problems(problems: list[Finding], findings: list[Finding], select: tuple[str, ...],
                   ignore: tuple[str, ...], severity_overrides: Mapping[str, str]) -> list[Finding]:
    """The parser's problems come first. Read (F) problems are never filtered: a file that was not
    read must never look clean; the others follow --select/--ignore and severity overrides."""
    from . import engine

    read = [p for p in problems if p.category == "read"]
    other = engine.filter_findings([p for p in problems if p.category != "read"], select, ignore,
                                   severity_overrides)
    return read + other + list(findings)


_SEV_RANK = {"error": 0, "warning": 1, "info": 2}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Severity first, then reading order of the cell or paragraph; stable otherwise."""
    def key(f: Finding) -> tuple:
        loc = f.location
        return (_SEV_RANK.get(f.severity, 3), loc.table_index if loc.table_index is not None else -1,
                loc.row if loc.row is not None else -1, loc.col if loc.col is not None else -1)

    return sorted(findings, key=key)

"""The ``history`` sub-commands: add, list, show, remove, export, import. Each takes a plain
``HistoryArgs`` and returns the exit code (0 done, 1 some files not stored / nothing found,
2 usage error or a store that cannot be used, 130 interrupted)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TextIO

from .. import config as config_mod
from ..commands import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, _history_line, _interrupted,
                        _run_with_progress, _stderr_console, _stdout_console, _usage_line)
from ..fields import canonical_keys, field_index
from ..models import FileResult
from ..options import DEFAULT_TIMEOUT, EXTRACT_FORMATS, LANGS, HistoryArgs, UsageError
from . import Where, records, where
from .consult import display, open_store, record_results
from .messages import msg
from .store import HistoryError

Command = Callable[..., int]


class _Done(Exception):
    """Stop with an exit code after a message of ours (not a usage-error key of the main UI)."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code, self.text = code, text


def _command(fn: Callable[[HistoryArgs, str, Where, Any, Any], int]) -> Command:
    """Resolve language and store (flags over config), run, and turn every failure into its line."""

    @wraps(fn)
    def run(args: HistoryArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
        err = _stderr_console(stderr)
        lang = args.lang if args.lang in LANGS else "zh"
        try:
            if args.lang is not None and args.lang not in LANGS:
                raise UsageError("bad_choice", option="--lang", value=args.lang, allowed="|".join(LANGS))
            cfg = config_mod.config_for(args.config)
            lang = args.lang or cfg.lang or "zh"
            return fn(args, lang, where(args.history, config_path=cfg.history), _stdout_console(stdout), err)
        except UsageError as exc:
            return _usage_line(exc, lang, err)
        except HistoryError as exc:
            return _history_line(exc, lang, err)
        except _Done as exc:
            err.print(f"govinfo-check: {exc.text}", markup=False)
            return exc.code
        except KeyboardInterrupt:
            return _interrupted(lang, err)

    return run


def _existing(where_: Where) -> Any:
    """The store for a command that only reads or removes: it must exist."""
    return open_store(where_, create=False)


# ---------------------------------------------------------------------------
# add
# ---------------------------------------------------------------------------


@_command
def add_command(args: HistoryArgs, lang: str, where_: Where, out: Any, err: Any) -> int:
    """``history add PATHS…``: read the reports (in parallel, like check) and store their figures."""
    from .. import checker
    from ..runner import BatchSpec, parse_chunk

    if args.jobs is not None and args.jobs < 1:
        raise _Done(EXIT_USAGE, msg("bad_jobs", lang, value=args.jobs))
    collected = checker.collect_paths(args.paths, args.glob)
    if not collected.files:
        raise UsageError("nothing_to_check")
    open_store(where_, create=True).close()  # a damaged store stops us before the reading
    progress_opts = _Opts(quiet=args.quiet, jobs=args.jobs, lang=lang)
    results = list(_run_with_progress(collected.files, BatchSpec(timeout=DEFAULT_TIMEOUT), progress_opts, None, err,
                                      task=parse_chunk, label=msg("progress", lang)))

    def told(result: FileResult, rec: records.StoredReport | None, new: bool) -> None:
        if rec is None:
            reason = next((f.message(lang) for f in result.findings if f.category == "read"), "")
            err.print(msg("not_stored", lang, path=display(result.path), reason=reason), markup=False)
        elif rec.agency_norm is None or rec.year is None:
            what = "what_both" if rec.agency_norm is None and rec.year is None else (
                "what_agency" if rec.agency_norm is None else "what_year")
            err.print(msg("no_key", lang, id=rec.id, what=msg(what, lang), path=display(result.path)), markup=False)

    with open_store(where_, create=True) as db:
        added, refreshed, failed = record_results(db, results, origin="add", on_stored=told)
    if not args.quiet:
        err.print(msg("add_summary", lang, store=where_.path, added=added, refreshed=refreshed, failed=failed),
                  markup=False)
    if failed and not (added or refreshed):
        return EXIT_USAGE
    return EXIT_FINDINGS if failed else EXIT_OK


class _Opts:
    """What the progress bar reads from a command's options."""

    def __init__(self, quiet: bool, jobs: int | None, lang: str) -> None:
        self.quiet, self.jobs, self.lang = quiet, jobs, lang


# ---------------------------------------------------------------------------
# list, show, remove
# ---------------------------------------------------------------------------


def _filter(agency: str | None, year: int | None) -> tuple[str, tuple[Any, ...]]:
    """``--agency`` matches a part of the printed or the normalised name; ``--year`` the report year."""
    clauses: list[str] = []
    params: list[Any] = []
    if agency:
        clauses.append("(instr(r.agency_norm, ?) > 0 OR instr(r.agency, ?) > 0)")
        params += [records.agency_key(agency) or agency.strip(), agency.strip()]
    if year is not None:
        clauses.append("r.year = ?")
        params.append(year)
    return " AND ".join(clauses), tuple(params)


def _what(agency: str | None, year: int | None) -> str:
    return " ".join(x for x in (agency or "", str(year) if year is not None else "") if x)


@_command
def list_command(args: HistoryArgs, lang: str, where_: Where, out: Any, err: Any) -> int:
    """``history list [--agency TEXT] [--year N]``: one line per stored report, the latest marked."""
    from rich.table import Table

    clause, params = _filter(args.agency, args.year)
    with _existing(where_) as db:
        recs = db.read(lambda conn: records.query(conn, clause, params))
    if not recs:
        key = "no_match" if clause else "empty"
        err.print(msg(key, lang, store=where_.path, what=_what(args.agency, args.year)), markup=False)
        return EXIT_OK
    table = Table(show_lines=False)
    for col in ("col_id", "col_agency", "col_year", "col_format", "col_latest", "col_added", "col_reader",
                "col_problems", "col_path"):
        table.add_column(msg(col, lang), justify="right" if col in ("col_id", "col_year", "col_problems") else "left")
    for r in recs:
        table.add_row(str(r.id), r.agency or "—", str(r.year or "—"), r.format_version,
                      msg("latest_mark", lang) if r.latest else "",
                      records.local_time(r.added_at), r.reader, str(r.problem_count), display(r.path))
    out.print(table)
    groups = len({(r.agency_norm, r.year) if r.agency_norm and r.year else ("#", r.id) for r in recs})
    out.print(msg("count", lang, n=len(recs), groups=groups, store=where_.path), markup=False)
    return EXIT_OK


def _one_agency(conn: Any, agency: str, year: int | None, lang: str) -> list[records.StoredReport]:
    """Every version of one agency(-year): the normalised name first; else a part of a name, when
    that part names one agency only (several are listed, not guessed between)."""
    key = records.agency_key(agency) or agency
    year_clause = " AND r.year = ?" if year is not None else ""
    extra: tuple[Any, ...] = (year,) if year is not None else ()
    exact = records.query(conn, "r.agency_norm = ?" + year_clause, (key, *extra), figures=True)
    if exact:
        return exact
    clause, params = _filter(agency, year)
    loose = records.query(conn, clause, params, figures=True)
    names = sorted({r.agency_norm for r in loose if r.agency_norm})
    if len(names) > 1:
        shown = "、".join(sorted({r.agency or "" for r in loose})) if lang == "zh" else \
            ", ".join(sorted({r.agency or "" for r in loose}))
        raise _Done(EXIT_USAGE, msg("ambiguous", lang, agency=agency, names=shown))
    return loose


@_command
def show_command(args: HistoryArgs, lang: str, where_: Where, out: Any, err: Any) -> int:
    """``history show AGENCY YEAR``: every stored version, then the latest one's figures."""
    from rich.table import Table

    with _existing(where_) as db:
        recs = db.read(lambda conn: _one_agency(conn, args.agency or "", args.year, lang))
    if not recs:
        err.print(msg("no_match", lang, what=_what(args.agency, args.year)), markup=False)
        return EXIT_FINDINGS
    first = recs[-1]
    out.print(f"{first.agency} · {first.year}", markup=False)
    for r in recs:
        out.print(msg("version_line", lang, id=r.id, latest=msg("latest_word", lang) if r.latest else "",
                      added=records.local_time(r.added_at), origin=msg(f"origin_{r.origin}", lang),
                      reader=r.reader, path=r.path), markup=False)
        if r.sha256:
            out.print("    " + msg("sha", lang, sha=r.sha256), markup=False)
    latest = next((r for r in reversed(recs) if r.latest), recs[-1])
    out.print(msg("figures_of", lang, id=latest.id), markup=False)
    table = Table()
    for col in ("col_key", "col_label", "col_value"):
        table.add_column(msg(col, lang), justify="right" if col == "col_value" else "left")
    index = field_index()
    for key in canonical_keys():
        fig = latest.figures.get(key)
        number = None if fig is None else fig.value.as_number
        label = f"{index[key].row_label} / {index[key].column_label}"
        table.add_row(key, label, "" if number is None else _plain(number))
    out.print(table)
    return EXIT_OK


def _plain(n: Any) -> str:
    from ..summary import decimal_out

    return str(decimal_out(n))


@_command
def remove_command(args: HistoryArgs, lang: str, where_: Where, out: Any, err: Any) -> int:
    """``history remove ID…`` or ``history remove --agency A --year N`` (every version of it)."""
    if not args.ids and not (args.agency and args.year is not None):
        raise _Done(EXIT_USAGE, msg("remove_nothing", lang))
    with _existing(where_) as db:
        def run(conn: Any) -> int:
            ids = list(dict.fromkeys(args.ids))
            if ids:
                have = {r.id for r in records.query(conn, f"r.id IN ({', '.join('?' * len(ids))})", tuple(ids))}
                missing = [str(i) for i in ids if i not in have]
                if missing:  # remove nothing rather than part of what was asked
                    raise _Done(EXIT_USAGE, msg("unknown_ids", lang, ids=", ".join(missing)))
            if args.agency:
                found = _one_agency(conn, args.agency, args.year, lang)
                if not found:
                    raise _Done(EXIT_FINDINGS, msg("no_match", lang, what=_what(args.agency, args.year)))
                ids += [r.id for r in found if r.id not in ids]  # type: ignore[misc]
            return records.remove(conn, ids)  # type: ignore[arg-type]

        n = db.write(run)
    err.print(msg("removed", lang, n=n), markup=False)
    return EXIT_OK


# ---------------------------------------------------------------------------
# export, import
# ---------------------------------------------------------------------------


@_command
def export_command(args: HistoryArgs, lang: str, where_: Where, out: Any, err: Any) -> int:
    """``history export``: the dataset, one row per report (the latest version of each agency-year
    unless ``--all-versions``), in exactly ``extract``'s columns and values."""
    from ..atomic import write_atomic
    from ..export import render_extract

    fmt = (args.format or "csv").strip().lower()
    if fmt not in EXTRACT_FORMATS:
        raise _Done(EXIT_USAGE, msg("unknown_format", lang, value=args.format, allowed="|".join(EXTRACT_FORMATS)))
    if fmt == "xlsx" and args.output is None:
        raise _Done(EXIT_USAGE, msg("needs_output", lang, format=fmt))
    from ..outputs import check_outputs

    check_outputs([where_.path] if where_.path else [], output=args.output)  # never onto the store itself
    with _existing(where_) as db:
        db.verify()  # the dataset: every report or an error, never a quietly shorter list
        recs = db.read(lambda conn: records.query(conn, "" if args.all_versions else "r.latest", (),
                                                  figures=True, order="r.id"))
    from ..atomic import is_stdout, open_output, reason

    to_stdout = args.output is None or is_stdout(args.output)
    # the byte-order mark is for Excel opening a file, not for a pipe: as extract
    data = render_extract([r.to_report() for r in recs], fmt, lang=lang, bom=not to_stdout)
    try:
        with open_output(args.output, binary=isinstance(data, bytes), stdout=out.file) as fh:
            fh.write(data)
    except OSError as exc:
        raise UsageError("output_unwritable", path=args.output, detail=reason(exc)) from None
    if to_stdout:
        return EXIT_OK
    if not args.quiet:
        err.print(msg("written", lang, path=args.output), markup=False)
    return EXIT_OK


ID_COLUMNS = ("path", "agency", "year", "format_version")


def read_import(path: Path, lang: str) -> list[records.StoredReport]:
    """Rows of an ``extract --format csv`` file as records; any bad value stops the whole import
    (the line and column are named) rather than storing part of a file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _Done(EXIT_USAGE, msg("import_unreadable", lang, path=path, detail=getattr(exc, "strerror", None)
                                    or exc)) from None
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    keys = set(canonical_keys())
    missing = [c for c in ID_COLUMNS if c not in columns]
    if missing or not keys.intersection(columns):
        raise _Done(EXIT_USAGE, msg("import_no_columns", lang, path=path, missing=", ".join(missing) or "fields.csv"))
    unknown = [c for c in columns if c not in keys and c not in ID_COLUMNS and c != "problems"]
    if unknown:
        raise _Done(EXIT_USAGE, msg("import_unknown_columns", lang, path=path, columns=", ".join(unknown)))
    out = []
    for line, row in enumerate(reader, start=2):
        out.append(_import_row(row, line, path, lang))
    return out


def _import_row(row: dict[str, str | None], line: int, path: Path, lang: str) -> records.StoredReport:
    figures = {}
    for key in canonical_keys():
        text = (row.get(key) or "").strip()
        if not text:
            continue  # empty: not found or unreadable where it was extracted; kept as null
        if records.parse_number(text) is None:
            raise _Done(EXIT_USAGE, msg("import_bad_value", lang, path=path, line=line, column=key, value=text))
        figures[key] = records.imported_figure(key, str(records.parse_number(text)))
    year_text = (row.get("year") or "").strip()
    year = None
    if year_text:
        if not year_text.isdigit() or not 1900 < int(year_text) < 2200:
            raise _Done(EXIT_USAGE, msg("import_bad_year", lang, path=path, line=line, value=year_text))
        year = int(year_text)
    problems_text = (row.get("problems") or "").strip()
    if problems_text and not problems_text.isdigit():
        raise _Done(EXIT_USAGE, msg("import_bad_value", lang, path=path, line=line, column="problems",
                                    value=problems_text))
    agency = (row.get("agency") or "").strip() or None
    return records.StoredReport(
        agency=agency, agency_norm=records.agency_key(agency), year=year,
        format_version=(row.get("format_version") or "").strip() or "unknown", path=(row.get("path") or "").strip(),
        fingerprint=records.row_fingerprint({k: v for k, v in row.items() if k is not None}),
        reader="import", origin="import", problem_count=int(problems_text or 0), figures=figures)


@_command
def import_command(args: HistoryArgs, lang: str, where_: Where, out: Any, err: Any) -> int:
    """``history import FILE.csv``: figures someone else extracted (``extract --format csv``)."""
    path = Path(args.file or "")
    if not path.is_file():
        raise UsageError("no_such_path", path=path)
    recs = read_import(path, lang)
    with open_store(where_, create=True) as db:
        outcome = db.write(lambda conn: [records.save(conn, r)[1] for r in recs])
    added = sum(outcome)
    err.print(msg("imported", lang, path=path, added=added, refreshed=len(outcome) - added, store=where_.path),
              markup=False)
    return EXIT_OK

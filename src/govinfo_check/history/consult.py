"""``check``'s side of the history: find each report's earlier-year report in the store (after the
batch: the batch's own report wins), and record what was checked (``--record``).

Matching is by normalised agency name and year − 1, nothing looser. Of several stored versions of
that agency-year the latest stored is used and the finding says so. When no name matches but the
store has earlier-year reports whose names contain this one's (or the other way round: 郧西县人民政府
and 十堰市郧西县人民政府), the candidates are named in an X-003 note and nothing is compared: whether
they are the same agency is for the reviewer to say, not for the tool to guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import FileResult, Finding, ParsedReport
from . import Where, records
from .messages import msg
from .store import Database, HistoryError

RECORD_CHUNK = 50  # reports per write transaction: short enough that a concurrent run barely waits
MIN_SIMILAR = 4  # characters a contained name needs before it is worth naming as a candidate
MAX_CANDIDATES = 5


@dataclass
class CheckHistory:
    """The store as one ``check`` run uses it (``active`` False: history off, or no store yet)."""

    where: Where
    record: bool = False
    active: bool = False
    used: int = field(default=0)

    @classmethod
    def start(cls, where: Where | None, record: bool) -> CheckHistory:
        """Open the store once before the batch runs, so that a damaged store stops the run at once.
        Connections are short-lived (none is open while the workers fork). ``where`` None (options
        built without the config step): no history."""
        where = where or Where(None)
        hist = cls(where, record)
        if where.path is None:
            return hist
        # --record creates the store; a store the user named must exist; the default one is
        # consulted only once it exists
        if record or where.explicit or where.path.exists():
            with Database(where.path, create=record) as db:
                db.verify()
            hist.active = True
        return hist

    # -- the earlier year ------------------------------------------------------------------

    def previous(self, results: Sequence[FileResult], spec: Any) -> dict[str, ParsedReport]:
        """path → last year's report from the store, for the reports the batch did not pair.
        X-003 notes are added to the results they concern."""
        if not self.active:
            return {}
        from ..checks.crossyear import match_previous

        reports = [r.report for r in results if r.report is not None]
        paired = set(match_previous(reports))
        wanted = [r for r in reports if r.path not in paired and r.agency and r.year is not None]
        if not wanted:
            return {}
        with Database(self.where.path) as db:  # type: ignore[arg-type]
            found, notes = db.read(lambda conn: _lookup(conn, wanted))
        self.used = len(found)
        _add_notes(results, notes, spec)
        return found

    # -- recording ---------------------------------------------------------------------------

    def finish(self, results: Sequence[FileResult], lang: str, err: Any, quiet: bool) -> None:
        """Record (``--record``) and say what the history did."""
        if not quiet and self.used:
            err.print(msg("consulted", lang, n=self.used, store=self.where.path), markup=False)
        if self.record and self.active:
            with Database(self.where.path, create=True) as db:  # type: ignore[arg-type]
                added, refreshed, failed = record_results(db, results, origin="check")
            if not quiet:
                err.print(msg("recorded", lang, store=self.where.path, added=added, refreshed=refreshed),
                          markup=False)
                if failed:
                    err.print(msg("record_skipped", lang, n=failed), markup=False)


def _lookup(conn: Any, wanted: list[ParsedReport]) -> tuple[dict[str, ParsedReport], dict[str, Finding]]:
    found: dict[str, ParsedReport] = {}
    notes: dict[str, Finding] = {}
    for report in wanted:
        key = records.agency_key(report.agency)
        year = report.year - 1  # type: ignore[operator]
        latest = records.query(conn, "r.agency_norm = ? AND r.year = ? AND r.latest", (key, year), figures=True)
        if latest:
            found[report.path] = latest[0].to_report()
            continue
        similar = records.query(
            conn, "r.year = ? AND r.latest AND r.agency_norm IS NOT NULL AND length(?) >= ? AND "
                  "length(r.agency_norm) >= ? AND (instr(r.agency_norm, ?) > 0 OR instr(?, r.agency_norm) > 0)",
            (year, key, MIN_SIMILAR, MIN_SIMILAR, key, key))
        if similar:
            notes[report.path] = _ambiguous(report, year, similar)
    return found, notes


def _ambiguous(report: ParsedReport, year: int, similar: list[records.StoredReport]) -> Finding:
    from .. import catalogue

    shown = [f"{s.agency} (#{s.id} {s.path})" for s in similar[:MAX_CANDIDATES]]
    if len(similar) > len(shown):
        shown.append(f"… +{len(similar) - len(shown)}")
    return catalogue.make("X-003", agency=report.agency, previous_year=year, candidates="; ".join(shown),
                          candidate_ids=[s.id for s in similar])


def _add_notes(results: Sequence[FileResult], notes: dict[str, Finding], spec: Any) -> None:
    if not notes:
        return
    from .. import engine
    from ..checker import sort_findings

    for r in results:
        note = notes.get(r.path)
        if note is None:
            continue
        kept = engine.filter_findings([note], spec.select, spec.ignore, dict(spec.severity_overrides))
        if kept:
            r.findings = sort_findings(r.findings + kept)


def previous_from(report: ParsedReport) -> dict[str, str]:
    """The words after the earlier report's path in a cross-year finding, per language: which stored
    report it is, when it was stored and, of several versions, that the latest was used (empty for a
    file of the batch)."""
    meta = report.memo.get("history")
    if not meta:
        return {"zh": "", "en": ""}
    added = records.local_time(meta["added_at"])
    versions = {lang: msg("versions", lang, n=meta["versions"]) if meta["versions"] > 1 else ""
                for lang in ("zh", "en")}
    return {lang: msg("previous_from", lang, id=meta["id"], added=added, versions=versions[lang])
            for lang in ("zh", "en")}


def record_results(db: Database, results: Sequence[FileResult], origin: str,
                   on_stored: Any = None) -> tuple[int, int, int]:
    """Store every readable report; returns (new, refreshed, not stored). ``on_stored(result,
    record | None, new)`` is told about each file."""
    prepared: list[tuple[FileResult, records.StoredReport | None]] = []
    for r in results:
        try:
            prepared.append((r, records.from_result(r, origin)))
        except OSError:  # the file went away between reading and hashing it
            prepared.append((r, None))
    added = refreshed = failed = 0
    for k in range(0, len(prepared), RECORD_CHUNK):
        part = prepared[k:k + RECORD_CHUNK]
        outcome = db.write(lambda conn: [records.save(conn, rec)[1] if rec else None for _, rec in part])
        for (r, rec), new in zip(part, outcome):
            if rec is None:
                failed += 1
            elif new:
                added += 1
            else:
                refreshed += 1
            if on_stored:
                on_stored(r, rec, new)
    return added, refreshed, failed


def open_store(where: Where, *, create: bool = False) -> Database:
    """The store for a ``history`` sub-command: created by the ones that add to it."""
    if where.path is None:
        raise HistoryError("missing", path="--no-history")
    return Database(where.path, create=create)


def display(path: str | Path) -> str:
    from ..reporters.text import display_path

    return display_path(str(path))

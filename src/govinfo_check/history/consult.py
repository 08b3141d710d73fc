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
from typing import TYPE_CHECKING, Any

from ..models import FileResult, Finding, ParsedReport
from . import Where
from .errors import HistoryError
from .messages import msg

if TYPE_CHECKING:
    from . import records
    from .store import Database

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
    _pending: list[FileResult] = field(default_factory=list, repr=False)
    _counts: list[int] = field(default_factory=lambda: [0, 0, 0], repr=False)

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
            from .store import Database

            with Database(where.path, create=record) as db:
                db.verify()
            hist.active = True
        return hist

    # -- the earlier year ------------------------------------------------------------------

    def lookup(self, wanted: Sequence[Any], spec: Any) -> tuple[dict[str, ParsedReport], dict[str, list[Finding]]]:
        """For reports the batch did not pair (anything with ``path``, ``agency`` and ``year``):
        path → last year's report from the store, and path → the X-003 notes (after --select/--ignore)
        for those with only similar names stored."""
        wanted = [w for w in wanted if w.agency and w.year is not None]
        if not self.active or not wanted:
            return {}, {}
        from .store import Database

        with Database(self.where.path) as db:  # type: ignore[arg-type]
            found, notes = db.read(lambda conn: _lookup(conn, wanted))
        self.used += len(found)
        return found, _filtered(notes, spec)

    # -- recording ---------------------------------------------------------------------------

    def add(self, result: FileResult) -> None:
        """Called for each result as the batch streams past (``--record``): stored a chunk at a time,
        so no more than a chunk of reports is held for it."""
        if not (self.record and self.active):
            return
        self._pending.append(result)
        if len(self._pending) >= RECORD_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        from .store import Database

        with Database(self.where.path, create=True) as db:  # type: ignore[arg-type]
            added, refreshed, failed = record_results(db, self._pending, origin="check")
        self._pending = []
        self._counts = [a + b for a, b in zip(self._counts, (added, refreshed, failed))]

    def finish(self, lang: str, err: Any, quiet: bool) -> None:
        """Store what is left (``--record``) and say what the history did."""
        if not quiet and self.used:
            err.print(msg("consulted", lang, n=self.used, store=self.where.path), markup=False)
        if self.record and self.active:
            self._flush()
            added, refreshed, failed = self._counts
            if not quiet:
                err.print(msg("recorded", lang, store=self.where.path, added=added, refreshed=refreshed),
                          markup=False)
                if failed:
                    err.print(msg("record_skipped", lang, n=failed), markup=False)


def _lookup(conn: Any, wanted: Sequence[Any]) -> tuple[dict[str, ParsedReport], dict[str, Finding]]:
    from . import records

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


def _filtered(notes: dict[str, Finding], spec: Any) -> dict[str, list[Finding]]:
    if not notes:
        return {}
    from .. import engine

    kept = {path: engine.filter_findings([note], spec.select, spec.ignore, dict(spec.severity_overrides))
            for path, note in notes.items()}
    return {path: found for path, found in kept.items() if found}


def previous_from(report: ParsedReport) -> dict[str, str]:
    """The words after the earlier report's path in a cross-year finding, per language: which stored
    report it is, when it was stored and, of several versions, that the latest was used (empty for a
    file of the batch)."""
    meta = report.memo.get("history")
    if not meta:
        return {"zh": "", "en": ""}
    from . import records

    added = records.local_time(meta["added_at"])
    versions = {lang: msg("versions", lang, n=meta["versions"]) if meta["versions"] > 1 else ""
                for lang in ("zh", "en")}
    return {lang: msg("previous_from", lang, id=meta["id"], added=added, versions=versions[lang])
            for lang in ("zh", "en")}


def record_results(db: Database, results: Sequence[FileResult], origin: str,
                   on_stored: Any = None) -> tuple[int, int, int]:
    """Store every readable report; returns (new, refreshed, not stored). ``on_stored(result,
    record | None, new)`` is told about each file."""
    from . import records

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
    from .store import Database

    return Database(where.path, create=create)


def display(path: str | Path) -> str:
    from ..reporters.text import display_path

    return display_path(str(path))

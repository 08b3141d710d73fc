"""What the history keeps per report, and the way between a stored row and a ``ParsedReport``.

A stored report turns back into a ``ParsedReport`` with the same figures (kind, exact number, raw
text, source cell), extras and problems, so the cross-year rules and the dataset export run on it
with the very code that serves a freshly read file (``history export`` = ``extract``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..fields import canonical_keys
from ..models import Figure, FileResult, Finding, Location, Operand, ParsedReport, Source, Value
from ..summary import jsonable

HASH_BLOCK = 1 << 20


@dataclass
class StoredReport:
    """One row of the store (``figures``/``extras`` filled only when asked for)."""

    agency: str | None
    agency_norm: str | None
    year: int | None
    format_version: str
    path: str
    fingerprint: str
    reader: str
    origin: str  # add | check | import
    sha256: str | None = None
    title: str | None = None
    added_at: str = ""
    tool_version: str = __version__
    problem_count: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    extras: dict[str, Figure] = field(default_factory=dict)
    text_figures: dict[str, Figure] = field(default_factory=dict)  # stated in prose (section 六's fee)
    id: int | None = None
    versions: int = 1  # how many versions of this agency-year the store holds
    latest: bool = True  # the most recently stored of them

    def to_report(self) -> ParsedReport:
        """The report as the rules and the exporter see it; ``memo['history']`` says where it came
        from (the cross-year findings name it)."""
        report = ParsedReport(path=self.path, format_version=self.format_version,  # type: ignore[arg-type]
                              title=self.title, agency=self.agency, year=self.year,
                              figures=dict(self.figures), extras=dict(self.extras),
                              problems=[finding_from_json(p) for p in self.problems])
        report.text_figures = dict(self.text_figures)
        report.memo["history"] = {"id": self.id, "added_at": self.added_at, "versions": self.versions,
                                  "sha256": self.sha256, "origin": self.origin}
        if self.origin == "import":
            # someone else's CSV carries how many problems the report had, not which
            report.memo["problem_count"] = self.problem_count
        return report


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_time(stamp: str) -> str:
    """``2025-01-15T02:03:04Z`` → ``2025-01-15 10:03`` in the machine's time zone (what a user reads)."""
    try:
        when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return stamp
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def reader_of(report: ParsedReport) -> str:
    """The reader that produced the report: the one it names, else the file type's."""
    named = getattr(report, "reader", None)
    if isinstance(named, str) and named:
        return named
    return Path(report.path).suffix.lower().lstrip(".") or "unknown"


def agency_key(agency: str | None) -> str | None:
    from ..checks.crossyear import normalize_agency

    key = normalize_agency(agency) if agency else ""
    return key or None


# ---------------------------------------------------------------------------
# report → stored
# ---------------------------------------------------------------------------


def finding_to_json(f: Finding) -> dict[str, Any]:
    """Every language's message, so a stored problem prints in either."""
    return jsonable({
        "code": f.code, "name": f.name, "severity": f.severity, "category": f.category, "source": f.source,
        "messages": dict(f.messages), "fields": list(f.fields), "args": f.args, "expected": f.expected,
        "actual": f.actual, "operands": [o.to_dict() for o in f.operands], "location": f.location.to_dict(),
        "blame": f.blame, "related": list(f.related),
    })


def finding_from_json(d: dict[str, Any]) -> Finding:
    def loc(x: dict[str, Any] | None) -> Location | None:
        return Location(**x) if x else None

    ops = [Operand(**(o | {"location": loc(o.get("location"))})) for o in d.get("operands") or []]
    return Finding(code=d["code"], severity=d["severity"], category=d["category"], messages=d["messages"],
                   fields=d.get("fields") or [], args=d.get("args") or {}, expected=d.get("expected"),
                   actual=d.get("actual"), operands=ops, location=loc(d.get("location")) or Location(),
                   name=d.get("name", ""), source=d.get("source", ""), blame=d.get("blame"),
                   related=d.get("related") or [])


def from_result(result: FileResult, origin: str, sha256: str | None = None) -> StoredReport | None:
    """A checked or parsed file's record; None when nothing was read (nothing to remember)."""
    report = result.report
    if report is None or any(f.category == "read" for f in result.findings + report.problems):
        return None
    digest = sha256 or file_sha256(result.path)
    problems = [finding_to_json(p) for p in report.problems]
    return StoredReport(agency=report.agency, agency_norm=agency_key(report.agency), year=report.year,
                        format_version=report.format_version, title=report.title,
                        path=str(Path(result.path).resolve()), fingerprint=digest, sha256=digest,
                        reader=reader_of(report), origin=origin, problem_count=len(problems), problems=problems,
                        figures=dict(report.figures), extras=dict(report.extras),
                        text_figures=dict(getattr(report, "text_figures", {})))


def row_fingerprint(values: dict[str, Any]) -> str:
    """An imported row's identity: the same row imported twice is stored once."""
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return "row:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def imported_figure(key: str, text: str) -> Figure:
    """A number from someone else's CSV: no cell to point at, and blank and missing look alike."""
    number = Decimal(text)  # the caller has checked it parses
    return Figure(key=key, value=Value(kind="number", number=number, raw=text), source=None)


def parse_number(text: str) -> Decimal | None:
    try:
        d = Decimal(text.strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


# ---------------------------------------------------------------------------
# SQL
# ---------------------------------------------------------------------------

_COLUMNS = ("agency_norm", "agency", "year", "format_version", "title", "sha256", "fingerprint", "path",
            "added_at", "reader", "origin", "tool_version", "problem_count", "problems", "cells")

# versions and latest per agency-year; a report without an agency or a year is a group of its own
_SELECT = """
SELECT r.*,
  CASE WHEN r.agency_norm IS NULL OR r.year IS NULL THEN 1 ELSE
    (SELECT COUNT(*) FROM reports v WHERE v.agency_norm = r.agency_norm AND v.year = r.year) END AS versions,
  CASE WHEN r.agency_norm IS NULL OR r.year IS NULL THEN 1 ELSE
    r.id = (SELECT MAX(v.id) FROM reports v WHERE v.agency_norm = r.agency_norm AND v.year = r.year) END
    AS latest
FROM reports r
"""


def _cells(rec: StoredReport) -> bytes:
    """Each figure as read (kind, exact number, raw text, unit, reason, source cell), in the report's
    order: one compressed blob per report, about a tenth of the same in rows."""
    items = [[key, where, *_cell(fig)] for where, group in enumerate(_groups(rec)) for key, fig in group.items()]
    return zlib.compress(json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _cell(fig: Figure) -> list[Any]:
    v, s = fig.value, fig.source
    source = None if s is None else [s.table, s.table_index, s.row, s.col, s.raw, s.row_label, s.column_label]
    return [v.kind, None if v.number is None else str(v.number), v.raw, v.unit, v.reason, source]


def _groups(rec: StoredReport) -> tuple[dict[str, Figure], ...]:
    """The figure groups by their ``extra`` number: 0 tables (fields.csv), 1 format-specific table
    keys, 2 stated in prose (both fields_extra.csv)."""
    return rec.figures, rec.extras, rec.text_figures


def _uncells(blob: bytes, rec: StoredReport) -> None:
    groups = _groups(rec)
    for key, extra, kind, number, raw, unit, reason, source in json.loads(zlib.decompress(blob)):
        value = Value(kind=kind, number=None if number is None else Decimal(number), raw=raw, unit=unit,
                      reason=reason)
        groups[extra][key] = Figure(key, value, None if source is None else Source(*source))


def _figure_rows(report_id: int, rec: StoredReport) -> list[tuple[Any, ...]]:
    """The queryable dataset: every canonical key, NULL where the report has no number for it."""
    def number(fig: Figure | None) -> str | None:
        n = fig.value.as_number if fig is not None else None
        return None if n is None else str(n)

    rows = [(report_id, key, 0, number(rec.figures.get(key))) for key in canonical_keys()]
    rows += [(report_id, key, 0, number(fig)) for key, fig in rec.figures.items() if key not in field_set()]
    rows += [(report_id, key, extra, number(fig)) for extra, group in enumerate(_groups(rec)) if extra
             for key, fig in group.items()]
    return rows


@lru_cache(maxsize=1)
def field_set() -> frozenset[str]:
    return frozenset(canonical_keys())


def save(conn: sqlite3.Connection, rec: StoredReport) -> tuple[int, bool]:
    """Store one report (call inside a write transaction). The same file or row stored again is
    refreshed in place, keeping its id and the time it was first added; returns (id, new)."""
    found = conn.execute("SELECT id, added_at FROM reports WHERE fingerprint = ?", (rec.fingerprint,)).fetchone()
    rec.added_at = found["added_at"] if found else (rec.added_at or now_utc())
    values = [getattr(rec, c) for c in _COLUMNS[:-1]]
    values[-1] = json.dumps(rec.problems, ensure_ascii=False)
    values.append(_cells(rec))
    if found:
        report_id = found["id"]
        conn.execute(f"UPDATE reports SET {', '.join(f'{c} = ?' for c in _COLUMNS)} WHERE id = ?",
                     (*values, report_id))
        conn.execute("DELETE FROM figures WHERE report_id = ?", (report_id,))
    else:
        cur = conn.execute(f"INSERT INTO reports ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                           values)
        report_id = int(cur.lastrowid or 0)
    conn.executemany("INSERT INTO figures VALUES (?, ?, ?, ?)", _figure_rows(report_id, rec))
    rec.id = report_id
    return report_id, not found


def _from_row(row: sqlite3.Row) -> StoredReport:
    return StoredReport(
        id=row["id"], agency=row["agency"], agency_norm=row["agency_norm"], year=row["year"],
        format_version=row["format_version"], title=row["title"], sha256=row["sha256"],
        fingerprint=row["fingerprint"], path=row["path"], added_at=row["added_at"], reader=row["reader"],
        origin=row["origin"], tool_version=row["tool_version"], problem_count=row["problem_count"],
        problems=json.loads(row["problems"]), versions=row["versions"], latest=bool(row["latest"]))


def query(conn: sqlite3.Connection, where: str = "", params: tuple[Any, ...] = (), *, figures: bool = False,
          order: str = "r.agency_norm, r.year, r.id") -> list[StoredReport]:
    sql = f"SELECT * FROM ({_SELECT}) r {('WHERE ' + where) if where else ''} ORDER BY {order}"
    recs = []
    for row in conn.execute(sql, params):
        rec = _from_row(row)
        if figures:
            _uncells(row["cells"], rec)
        recs.append(rec)
    return recs


def remove(conn: sqlite3.Connection, ids: list[int]) -> int:
    n = 0
    for k in range(0, len(ids), 500):
        part = ids[k:k + 500]
        n += conn.execute(f"DELETE FROM reports WHERE id IN ({', '.join('?' * len(part))})", part).rowcount
    return n

"""Findings about the batch rather than one report: two or more reports of the same agency and year
(D-001), and a report whose previous year has several candidates, so that the cross-year checks were
not run rather than run against one picked silently (D-002).

Agencies are compared as the cross-year pairing compares them (``crossyear.normalize_agency``).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import PurePath

from . import catalogue
from .models import FileResult, Finding

def _key(result: FileResult) -> tuple[str, int] | None:
    from .checks.crossyear import normalize_agency

    rep = result.report
    if rep is None or result.status == "error" or not rep.agency or rep.year is None:
        return None
    return normalize_agency(rep.agency), rep.year


def _names(group: Sequence[FileResult]) -> str:
    """The reports' paths below the folder they share: the file names when they sit side by side,
    enough of the path to tell same-named files in different folders apart."""
    paths = sorted(PurePath(r.path) for r in group)
    base = PurePath(os.path.commonpath([str(p.parent) for p in paths]))
    return "、".join(p.relative_to(base).as_posix() for p in paths)


def duplicate_groups(results: Sequence[FileResult]) -> dict[tuple[str, int], list[FileResult]]:
    groups: dict[tuple[str, int], list[FileResult]] = defaultdict(list)
    for r in results:
        key = _key(r)
        if key is not None:
            groups[key].append(r)
    return groups


def add_duplicates(results: Sequence[FileResult], select: Sequence[str] = (), ignore: Sequence[str] = (),
                   severity_overrides: Mapping[str, str] | None = None) -> None:
    """Add D-001 to every report of a duplicated agency-year, D-002 to every report whose previous year
    is duplicated. Findings follow --select/--ignore like any other."""
    from . import engine
    from .checker import sort_findings

    groups = duplicate_groups(results)
    for (agency_key, year), group in groups.items():
        found: list[tuple[FileResult, Finding]] = []
        if len(group) > 1:
            agency = group[0].report.agency  # type: ignore[union-attr]
            for r in group:
                found.append((r, catalogue.make("D-001", agency=agency, year=year, count=len(group),
                                                paths=_names(group))))
        previous = groups.get((agency_key, year - 1), [])
        if len(previous) > 1:
            for r in group:
                found.append((r, catalogue.make("D-002", previous_year=year - 1, count=len(previous),
                                                paths=_names(previous))))
        for r, f in found:
            kept = engine.filter_findings([f], select, ignore, severity_overrides)
            if kept:
                r.findings = sort_findings(r.findings + kept)


class DuplicateIndex:
    """D-001/D-002 for a streamed batch: each result is reduced, as it passes, to what the grouping
    reads (path, agency, year), so the whole batch is never held; the findings come at the end as
    late results, like the cross-year ones."""

    def __init__(self) -> None:
        self._idents: list[FileResult] = []
        self.order: dict[str, int] = {}  # path → position in the batch, to keep late results in order

    def add(self, result: FileResult) -> None:
        from .models import ParsedReport

        self.order.setdefault(result.path, len(self.order))
        if _key(result) is None:
            return
        rep = result.report
        ident = ParsedReport(path=rep.path, agency=rep.agency, year=rep.year,  # type: ignore[union-attr]
                             format_version=rep.format_version)  # type: ignore[union-attr]
        self._idents.append(FileResult(path=result.path, report=ident, findings=[]))

    def findings(self, select: Sequence[str] = (), ignore: Sequence[str] = (),
                 severity_overrides: Mapping[str, str] | None = None) -> list[FileResult]:
        add_duplicates(self._idents, select, ignore, severity_overrides)
        return [r for r in self._idents if r.findings]

    def merge(self, *lates: Sequence[FileResult]) -> list[FileResult]:
        """Late results from several passes as one list: one result per file, in batch order."""
        by_path: dict[str, FileResult] = {}
        for late in lates:
            for r in late:
                if r.path in by_path:
                    by_path[r.path].findings.extend(r.findings)
                else:
                    by_path[r.path] = FileResult(path=r.path, report=r.report, findings=list(r.findings))
        return sorted(by_path.values(), key=lambda r: self.order.get(r.path, len(self.order)))

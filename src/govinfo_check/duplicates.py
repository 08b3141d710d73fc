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

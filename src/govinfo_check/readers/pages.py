"""Page numbers on findings for paged formats (PDF): a finding names the page a reviewer turns to,
taken from the cell (a joined table's rows can sit on two pages) or the paragraph it points at."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Finding, Location, ParsedReport


def add_pages(report: ParsedReport, findings: Iterable[Finding]) -> None:
    doc = report.document
    if doc is None or not any(getattr(b, "page", None) for b in doc.blocks[:50]):
        return
    tables = {lt.table.index: lt.table for lt in report.tables.values() if lt.table.n_rows}

    def page_of(loc: Location) -> int | None:
        if loc.table_index is not None and loc.row is not None:
            table = tables.get(loc.table_index)
            cell = table.at(loc.row, loc.col or 0) if table is not None else None
            if cell is not None and cell.page:
                return cell.page
        index = loc.block_index if loc.block_index is not None else loc.table_index
        if index is not None and 0 <= index < len(doc.blocks):
            return doc.blocks[index].page
        return None

    for f in findings:
        for loc in [f.location, *(op.location for op in f.operands if op.location is not None)]:
            if loc.page is None:
                loc.page = page_of(loc)

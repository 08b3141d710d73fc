"""Located tables → one :class:`Figure` per field, each with the cell it was read from.

The layout (key → cell) comes from :mod:`locate`; this module only reads the cells. Canonical keys
(fields.csv) go to ``report.figures``; format-specific keys (data/fields_extra.csv: the 2019 table
二 and the one-row （六）其他处理) go to ``report.extras``, so a canonical key is never guessed from a
cell that means something else.
"""

from __future__ import annotations

from functools import lru_cache

from . import fields
from .models import Figure, LocatedTable, ParsedReport, Source
from .prose import processing_fee
from .values import parse_value


@lru_cache(maxsize=1)
def _canonical() -> frozenset[str]:
    return frozenset(fields.canonical_keys())


def _figures_of(lt: LocatedTable) -> list[Figure]:
    if lt.is_picture or lt.layout is None:
        return []
    index = fields.field_index()
    out: list[Figure] = []
    name, grid, n_rows, labels = lt.name, lt.table.grid, lt.table.n_rows, lt.layout.labels
    table_index = lt.part_indexes[0] if lt.part_indexes else lt.table.index
    for key, (row, col) in lt.layout.cells.items():
        fd = index.get(key)
        # Table.at, inlined: this loop runs for every figure of every report
        cell = grid[row][col] if 0 <= row < n_rows and 0 <= col < len(grid[row]) else None
        if fd is None or cell is None:
            continue  # locate only records cells that exist and keys that are defined
        printed = labels.get(key)
        row_label, column_label = printed if printed is not None else (fd.row_label, fd.column_label)
        text = cell.text
        source = Source(name, table_index, row, col, text, row_label, column_label)
        out.append(Figure(key, parse_value(text, fd.type), source))
    return out


def extract_figures(report: ParsedReport) -> None:
    """Fill ``report.figures`` (canonical keys) and ``report.extras`` from the located tables."""
    canonical = _canonical()
    figures, extras = report.figures, report.extras
    for lt in report.tables.values():
        for fig in _figures_of(lt):
            (figures if fig.key in canonical else extras)[fig.key] = fig
    # the one figure stated in prose rather than a table: the 信息处理费 of section 六
    fee = processing_fee(report)
    if fee is not None:
        report.text_figures[fee.key] = fee

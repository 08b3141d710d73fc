"""Located tables → one :class:`Figure` per field, each with the cell it was read from.

The layout (key → cell) comes from :mod:`locate`; this module only reads the cells. Canonical keys
(fields.csv) go to ``report.figures``; format-specific keys (data/fields_extra.csv: the 2019 table
二 and the one-row （六）其他处理) go to ``report.extras``, so a canonical key is never guessed from a
cell that means something else.
"""

from __future__ import annotations

from . import fields
from .models import Figure, LocatedTable, ParsedReport, Source
from .values import parse_value


def _figures_of(lt: LocatedTable) -> list[Figure]:
    if lt.is_picture or lt.layout is None:
        return []
    index = fields.field_index()
    out: list[Figure] = []
    table_index = lt.part_indexes[0] if lt.part_indexes else lt.table.index
    for key, (row, col) in lt.layout.cells.items():
        fd = index.get(key)
        cell = lt.table.at(row, col)
        if fd is None or cell is None:
            continue  # locate only records cells that exist and keys that are defined
        row_label, column_label = lt.layout.labels.get(key, (fd.row_label, fd.column_label))
        source = Source(lt.name, table_index, row, col, cell.text, row_label, column_label)
        out.append(Figure(key, parse_value(cell.text, fd.type), source))
    return out


def extract_figures(report: ParsedReport) -> None:
    """Fill ``report.figures`` (canonical keys) and ``report.extras`` from the located tables."""
    canonical = set(fields.canonical_keys())
    for lt in report.tables.values():
        for fig in _figures_of(lt):
            (report.figures if fig.key in canonical else report.extras)[fig.key] = fig

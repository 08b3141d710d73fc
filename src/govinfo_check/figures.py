"""Located tables → one :class:`Figure` per field, each with the cell it was read from.

The layout (key → cell) comes from :mod:`locate`; this module only reads the cells. Canonical keys
(fields.csv) go to ``report.figures``; format-specific keys (data/fields_extra.csv: the 2019 table
二 and the one-row （六）其他处理) go to ``report.extras``, so a canonical key is never guessed from a
cell that means something else.
"""

from __future__ import annotations

from functools import lru_cache

from . import fields
from .models import Figure, ParsedReport, Source
from .prose import processing_fee
from .values import parse_value


@lru_cache(maxsize=1)
def _facts() -> dict[str, tuple[str, str, str, bool]]:
    """key → (value type, official row label, official column label, canonical?): what each figure
    needs of the data dictionary, in one look-up (this runs for every figure of every report)."""
    canonical = frozenset(fields.canonical_keys())
    return {key: (fd.type, fd.row_label, fd.column_label, key in canonical)
            for key, fd in fields.field_index().items()}


def extract_figures(report: ParsedReport) -> None:
    """Fill ``report.figures`` (canonical keys) and ``report.extras`` from the located tables."""
    facts = _facts()
    figures, extras = report.figures, report.extras
    for lt in report.tables.values():
        if lt.is_picture or lt.layout is None:
            continue
        name, grid, n_rows, labels = lt.name, lt.table.grid, lt.table.n_rows, lt.layout.labels
        table_index = lt.part_indexes[0] if lt.part_indexes else lt.table.index
        for key, (row, col) in lt.layout.cells.items():
            fact = facts.get(key)
            # Table.at, inlined
            cell = grid[row][col] if 0 <= row < n_rows and 0 <= col < len(grid[row]) else None
            if fact is None or cell is None:
                continue  # locate only records cells that exist and keys that are defined
            printed = labels.get(key)
            row_label, column_label = printed if printed is not None else (fact[1], fact[2])
            text = cell.text
            (figures if fact[3] else extras)[key] = Figure(
                key, parse_value(text, fact[0]), Source(name, table_index, row, col, text, row_label, column_label))
    # the one figure stated in prose rather than a table: the 信息处理费 of section 六
    fee = processing_fee(report)
    if fee is not None:
        report.text_figures[fee.key] = fee

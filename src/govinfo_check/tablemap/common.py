"""What the three table mappers share: the label vocabulary, the mapped result, the ``L-…``
findings, and small helpers over a table's cells.

Each cause is said once: all the official rows a table lacks, with the printed rows that were left
over, make ONE finding; the same for columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from .. import yamlio

from .. import catalogue
from ..models import TABLE_TITLES, Cell, Finding, LocatedTable, Location, TableLayout
from ..normalize import display_label
from ..values import parse_value

# --- catalogue: locate problems (L) ----------------------------------------------------------
catalogue.define(
    "L-001", "row-not-found", "error", "structure", "表格定位",
    "{table_zh}：未找到格式中的行{row_label}，这些行的数据无法读取{leftover_zh}",
    "{table_en}: row(s) of the form not found: {row_label_en}; their figures cannot be read{leftover_en}",
    "Rows of the official form could not be found by their labels in a located table. One finding per "
    "table lists every row not found and the printed rows that matched none (with their row numbers).")
catalogue.define(
    "L-002", "column-not-found", "error", "structure", "表格定位",
    "{table_zh}：未找到列{column_label}{scope_zh}，这些数据无法读取{leftover_zh}",
    "{table_en}: column(s) {column_label_en}{scope_en} not found; these figures cannot be read{leftover_en}",
    "Columns of the official form could not be found by their header labels in a located table. One "
    "finding per table lists every column not found and the printed headers that matched none.")
catalogue.define(
    "L-003", "unrecognised-row", "warning", "structure", "表格定位",
    "{table_zh}：{row_label}不是格式中的行，其中的数字未被读取",
    "{table_en}: {row_label_en} not a row of the official form; its numbers were not read",
    "Table rows holding numbers whose labels match no row of the official form (all of the form's "
    "rows were found elsewhere). One finding per table lists them all.")
catalogue.define(
    "L-004", "cell-missing", "error", "structure", "表格定位",
    "{table_zh}：行“{row_label}”在列“{column_label}”下没有单元格（该行比表头短）",
    "{table_en}: row “{row_label}” has no cell under column “{column_label}” (the row is shorter than the header)",
    "A row of a located table has no cell under one of the form's columns.")
catalogue.define(
    "L-005", "duplicate-row", "warning", "structure", "表格定位",
    "{table_zh}：行“{row_label}”出现了不止一次（第{row_no}行），只读取第一次出现的数据",
    "{table_en}: row “{row_label}” appears more than once (row {row_no}); only the first one is read",
    "The same row of the official form is printed twice in one table.")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """data/table_labels.yaml: the words that identify each printed label."""
    return yamlio.package_data("govinfo_check", "data/table_labels.yaml")


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for "does the text contain any of these words", longest first."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


class View(Protocol):
    """One table's rows as the locator reads them (see locate._View)."""

    table: Any

    def cells(self, r: int) -> list[Cell]: ...

    def texts(self, r: int) -> list[str]: ...

    @property
    def text(self) -> str: ...


@dataclass
class Mapped:
    """What mapping one table yields, before it is written into the report."""

    layout: TableLayout = field(default_factory=TableLayout)
    problems: list[Finding] = field(default_factory=list)
    single_other: bool = False  # table 三: （六）其他处理 printed as one row
    other_items: bool = False  # table 三: （六） items 1–3 printed
    is_2019: bool = False  # table 二: 2019 headers/rows
    is_2021: bool = False  # table 二: 2021 headers


@dataclass(frozen=True)
class Leftover:
    """A printed row (or column header) holding numbers that fits no official row, or several."""

    index: int  # grid row (or column), 0-based
    printed: str
    fits: tuple[str, ...] = ()  # official labels it could be, when more than one


_REMARK = re.compile(r"\([^()]*\)")


def core(label: str) -> str:
    """Normalised label without parenthesised remarks, nested ones too:
    行政事业性收费(本年收费金额(单位:万元)) → 行政事业性收费."""
    prev = None
    while prev != label:
        prev, label = label, _REMARK.sub("", label)
    return label


def distinct(cells: Iterable[Cell | None]) -> list[Cell]:
    """The cells in order of first appearance, each once (a merged cell fills several positions)."""
    return list({id(c): c for c in cells if c is not None}.values())


def is_blank_text(text: str) -> bool:
    return parse_value(text).kind == "blank"


def holds_numbers(cells: Iterable[Cell]) -> bool:
    return any(not is_blank_text(c.text) for c in cells)


def printed(cells: list[Cell]) -> str:
    return printed_texts(tuple([c.text for c in cells]))


@lru_cache(maxsize=4096)
def printed_texts(texts: tuple[str, ...]) -> str:
    """Label cells' texts as printed, joined with " / ", each distinct text once."""
    return " / ".join(dict.fromkeys(x for x in map(display_label, texts) if x))


# A layout holds two small tuples per field, ~400 per report, living as long as the report. The
# same positions and printed labels recur report after report, so shared copies spare ~400
# surviving objects per report: the cyclic garbage collector runs (and scans) in step with those.
@lru_cache(maxsize=4096)
def position(row: int, col: int) -> tuple[int, int]:
    return (row, col)


@lru_cache(maxsize=8192)
def labels(row_label: str, column_label: str) -> tuple[str, str]:
    return (row_label, column_label)


_ROW_WIDTH = 32


@lru_cache(maxsize=1024)
def row_positions(row: int) -> tuple[tuple[int, int], ...]:
    """``position(row, c)`` for the first columns of a row, looked up once per row rather than
    once per cell (a column past them: ask :func:`position`)."""
    return tuple([position(row, c) for c in range(_ROW_WIDTH)])


@lru_cache(maxsize=4096)
def row_label_pairs(row_label: str, column_labels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``labels(row_label, x)`` for each column label, once per row rather than once per cell."""
    return tuple([labels(row_label, x) for x in column_labels])


def location(lt: LocatedTable, row_label: str = "", column_label: str = "", row: int | None = None,
             col: int | None = None) -> Location:
    return Location(table=lt.name, table_title=TABLE_TITLES[lt.name]["zh"], row_label=row_label or None,
                    column_label=column_label or None, table_index=lt.table.index, row=row, col=col)


def problem(code: str, lt: LocatedTable, keys: list[str], row_label: str = "", column_label: str = "",
            row: int | None = None, col: int | None = None, at: Location | None = None, **extra: object) -> Finding:
    """A catalogue finding about a table; ``at`` overrides the location built from the labels."""
    args = {"table": lt.name, "table_zh": TABLE_TITLES[lt.name]["zh"], "table_en": TABLE_TITLES[lt.name]["en"],
            "row_label": row_label, "column_label": column_label,
            "row_no": (row + 1) if row is not None else "", **extra}
    return catalogue.make(code, location=at or location(lt, row_label, column_label, row, col), fields=keys, **args)


def _quoted(labels: Iterable[str]) -> str:
    return "、".join(f"“{x}”" for x in labels)


def _leftover_texts(leftovers: list[Leftover], what: str) -> tuple[str, str]:
    zh, en = [], []
    unit_zh, unit_en = ("行", "row") if what == "row" else ("列", "column")
    for lo in leftovers:
        fit_zh = f"（可对应{'或'.join(f'“{x}”' for x in lo.fits)}，无法确定）" if lo.fits else ""
        fit_en = f" (fits {' or '.join(f'“{x}”' for x in lo.fits)}; cannot tell which)" if lo.fits else ""
        zh.append(f"第{lo.index + 1}{unit_zh}“{lo.printed}”{fit_zh}")
        en.append(f"{unit_en} {lo.index + 1} “{lo.printed}”{fit_en}")
    return "、".join(zh), ", ".join(en)


def rows_not_found(lt: LocatedTable, missing: list[tuple[str, list[str]]], leftovers: list[Leftover]) -> Finding:
    """ONE L-001 for a table: every official row not found (label, its keys) and the printed rows
    holding numbers that fit none (or several)."""
    keys = [k for _, ks in missing for k in ks]
    names = [label for label, _ in missing]
    left_zh, left_en = _leftover_texts(leftovers, "row")
    row = leftovers[0].index if len(leftovers) == 1 else None
    return problem("L-001", lt, keys, row_label=_quoted(names), row=row,
                   at=location(lt, "、".join(n.split(" / ")[-1] for n in names), row=row),
                   row_label_en=", ".join(f"“{x}”" for x in names), missing=names,
                   leftover_rows=[(lo.index + 1, lo.printed, list(lo.fits)) for lo in leftovers],
                   leftover_zh=f"；表中未能对应的行：{left_zh}" if leftovers else "",
                   leftover_en=f"; printed rows matching none: {left_en}" if leftovers else "")


def rows_not_read(lt: LocatedTable, leftovers: list[Leftover]) -> Finding:
    """ONE L-003 warning for a table whose official rows were all found: the extra printed rows."""
    left_zh, left_en = _leftover_texts(leftovers, "row")
    row = leftovers[0].index if len(leftovers) == 1 else None
    printed_one = leftovers[0].printed if len(leftovers) == 1 else ""
    return problem("L-003", lt, [], row_label=left_zh, row=row,
                   at=location(lt, "、".join(lo.printed for lo in leftovers), row=row), row_label_en=left_en + (" is" if len(
        leftovers) == 1 else " are"), printed=printed_one,
        leftover_rows=[(lo.index + 1, lo.printed, list(lo.fits)) for lo in leftovers])


def columns_not_found(lt: LocatedTable, missing: list[tuple[str, list[str]]], leftovers: list[Leftover],
                      scope_zh: str = "", scope_en: str = "", row: int | None = None) -> Finding:
    """ONE L-002 for a table (or one row of it): every official column not found and the printed
    headers over numbers that fit none."""
    keys = [k for _, ks in missing for k in ks]
    names = [label for label, _ in missing]
    left_zh, left_en = _leftover_texts(leftovers, "col")
    return problem("L-002", lt, keys, column_label=_quoted(names), row=row,
                   at=location(lt, column_label="、".join(names), row=row),
                   column_label_en=", ".join(f"“{x}”" for x in names), missing=names,
                   scope_zh=scope_zh, scope_en=scope_en,
                   leftover_zh=f"；表中未能对应的列：{left_zh}" if leftovers else "",
                   leftover_en=f"; printed columns matching none: {left_en}" if leftovers else "")

"""Table 三 (收到和处理政府信息公开申请情况): printed rows and columns → canonical keys.

Rows are matched by their own words (data/table_labels.yaml), never by position. Real reports
print the labels in three, two or one label column; a row may carry its group label
("（四）无法提供"), only its item ("1.本机关不掌握相关政府信息"), or both. Item numbers restart in
every group, so the number means nothing; the item's words decide, and where words alone fit
several rows ("3.其他"), the group open at that row (from the rows above it) decides. A label that
still fits several rows, or none, is reported with its printed text — never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import fields
from ..models import Cell, LocatedTable
from ..normalize import normalize_label, strip_numbering
from ..values import parse_value
from .common import (
    Leftover,
    Mapped,
    View,
    any_word,
    distinct,
    holds_numbers,
    labels,
    position,
    printed,
    printed_texts,
    problem,
    row_label_pairs,
    row_positions,
    rows_not_found,
    rows_not_read,
    columns_not_found,
    vocabulary,
)


@dataclass(frozen=True)
class _Vocab:
    columns: tuple[tuple[str, tuple[str, ...]], ...]
    columns_exact: dict[str, str]  # exact header text → column
    column_groups: frozenset[str]
    column_subtotals: frozenset[str]
    top_rows: tuple[tuple[str, tuple[str, ...]], ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    items: tuple[tuple[str, str, tuple[str, ...]], ...]  # (group, item, words)
    other_item: frozenset[str]
    total_row: frozenset[str]
    caption: re.Pattern[str]
    row_hint: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    v = vocabulary()["requests"]
    items = tuple((g, item, tuple(words)) for g, its in v["items"].items() for item, words in its.items())
    hint_words = [w for ws in v["top_rows"].values() for w in ws] + [w for ws in v["groups"].values() for w in ws]
    hint_words += [w for _, _, ws in items for w in ws] + ["(七)"]
    caption = re.compile(r"(?:[一二三四五六七八九十]{1,2}[、.,:]|\d{1,2}[、.,:])?" + re.escape(v["outcome_caption"]))
    return _Vocab(
        columns=tuple((k, tuple(ws)) for k, ws in v["columns"].items()),
        columns_exact={w: k for k, ws in v["columns_exact"].items() for w in ws},
        column_groups=frozenset(map(normalize_label, v["column_groups"])),
        column_subtotals=frozenset(v["column_subtotals"]),
        top_rows=tuple((k, tuple(ws)) for k, ws in v["top_rows"].items()),
        groups=tuple((k, tuple(ws)) for k, ws in v["groups"].items()),
        items=items,
        other_item=frozenset(v["other_item"]),
        total_row=frozenset(v["total_row"]),
        caption=caption,
        row_hint=any_word(hint_words),
    )


def request_row_hint(label: str) -> bool:
    """Does a normalised text hold a word only table 三's row labels use?"""
    return _vocab().row_hint.search(label) is not None


@lru_cache(maxsize=8192)
def _cell_row_hint(text: str) -> bool:
    """:func:`request_row_hint` of one cell's normalised text. Cached: asked of every header and
    label cell, whose texts recur report after report (whole table texts, also asked, are not
    kept: they are long and never recur)."""
    return _vocab().row_hint.search(text) is not None


# --- columns ------------------------------------------------------------------------------------

def column_key(text: str) -> str | None:
    """The applicant column a normalised header text names (None: none)."""
    voc = _vocab()
    exact = voc.columns_exact.get(strip_numbering(text))
    if exact is not None:
        return exact
    for key, words in voc.columns:
        if any(w in text for w in words):
            return key
    return None


def _column_of(path: list[Cell]) -> tuple[str | None, Cell | None]:
    """(column, header cell naming it) from a column's header cells, top to bottom. Headers split
    over rows ("社会公益" / "组织") are read joined, lowest first."""
    key, i = _column_named(tuple([c.text for c in path]))
    return (key, path[i]) if i is not None else (None, None)


@lru_cache(maxsize=4096)
def _column_named(path_texts: tuple[str, ...]) -> tuple[str | None, int | None]:
    """:func:`_column_of` on the header cells' texts: (column, index of the cell naming it). Cached:
    a function of the texts alone, and the form's headers recur in every report."""
    voc = _vocab()
    texts = [normalize_label(x) for x in path_texts]
    under_org = any(x in voc.column_groups and "法人" in x for x in texts)
    for i in range(len(texts) - 1, -1, -1):
        if texts[i] in voc.column_groups:
            break
        if texts[i] in voc.column_subtotals:
            return "subtotal", i
        key = column_key(normalize_label("".join(texts[i:]))) or column_key(texts[i])
        if key is not None:
            if key == "total" and under_org:
                return "subtotal", i  # 法人或其他组织 / 合计: a subtotal the form does not have
            return key, i
    return None, None


def _column_cells(t, rows: range, c: int) -> list[Cell | None]:
    """``[t.at(r, c) for r in rows]`` without a method call per position."""
    grid, n_rows = t.grid, t.n_rows
    return [grid[r][c] if 0 <= r < n_rows and 0 <= c < len(grid[r]) else None for r in rows]


def _columns(t, header: range, data: range) -> tuple[dict[str, int], dict[str, list[Cell]], list[int]]:
    cols: dict[str, int] = {}
    col_cells: dict[str, list[Cell]] = {}
    named_by: dict[str, int] = {}  # column → id of the header cell naming it
    unnamed: list[int] = []
    for c in range(t.n_cols):
        path = distinct(_column_cells(t, header, c))
        key, cell = _column_of(path)
        if key is None or cell is None:
            unnamed.append(c)
            continue
        if key == "subtotal":
            continue
        if key not in cols:
            cols[key], named_by[key] = c, id(cell)
            col_cells[key] = [x for x in path if normalize_label(x.text) and
                              normalize_label(x.text) not in ("申请人情况",)]
        elif named_by[key] == id(cell) and not _has_values(t, cols[key], data) and _has_values(t, c, data):
            # a header merged over two grid columns whose rows were not merged alike: the figures
            # stand under the second one, the first is empty throughout
            cols[key] = c
    return cols, col_cells, unnamed


def _has_values(t, c: int, data: range) -> bool:
    return holds_numbers([x for x in distinct(t.at(r, c) for r in data) if x.col == c])


# --- rows ---------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def request_row(texts: tuple[str, ...], open_group: str | None
                ) -> tuple[str | None, str | None, str, tuple[str, ...]]:
    """(row key, group open after this row, printed label, keys it could be when several) of a
    table-三 row from its label cells' texts and the group open above it. Cached: a function of
    the labels alone, and the form's labels recur in every report."""
    parts = [x for x in dict.fromkeys(map(normalize_label, texts)) if x]
    key, group, fits = _row_key(parts, open_group)
    return key, group, printed_texts(texts), fits


def _row_key(parts: list[str], open_group: str | None) -> tuple[str | None, str | None, tuple[str, ...]]:
    voc = _vocab()
    joined = voc.caption.sub("", "".join(parts))
    if not joined:
        return None, open_group, ()
    for key, words in voc.top_rows:
        if any(w in joined for w in words):
            return key, None, ()
    found = [(joined.find(w), g, w) for g, words in voc.groups for w in words if w in joined]
    if found:
        _, group, word = min(found)
        if group in ("granted", "partial"):
            return group, None, ()
        item_text = joined.split(word, 1)[1]
    else:
        group = None
        item_text = joined
        if "(七)" in joined or strip_numbering(joined) in voc.total_row:
            return "handled_total", None, ()
    item_text = strip_numbering(item_text)
    cands = [(g, item) for g, item, words in voc.items if any(w in item_text for w in words)]
    if not cands and _is_other_item(item_text):
        if group == "other" or (group is None and open_group == "other"):
            return "other_other", "other", ()
        if group is None:
            return None, open_group, ("other_other",)
    if group is not None:
        cands = [c for c in cands if c[0] == group]
        if not cands:
            if not item_text:
                # the group's own row: （六）其他处理 with numbers is the one-row （六） of 2019/hybrid
                return ("other_single" if group == "other" else f"group:{group}"), group, ()
            return None, group, ()
    elif len(cands) > 1 and open_group is not None:
        narrowed = [c for c in cands if c[0] == open_group]
        cands = narrowed or cands
    if len(cands) == 1:
        g, item = cands[0]
        return f"{g}_{item}", g, ()
    if len(cands) > 1:
        return None, open_group, tuple(f"{g}_{item}" for g, item in cands)
    return None, group or open_group, ()


def _is_other_item(item_text: str) -> bool:
    return item_text in _vocab().other_item


# --- mapping ------------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _expected(single_other: bool) -> tuple[tuple[str, str], ...]:
    """(row name, key prefix) expected in table 三 for its layout."""
    names = [n for n in fields.REQUEST_ROWS
             if not (single_other and n in ("other_no_correction", "other_unpaid", "other_other"))]
    out = [(n, f"requests.{n}") for n in names]
    if single_other:
        out.insert(names.index("handled_total"), ("other_single", "requests.other_total"))
    return tuple(out)


def _row_label(name: str) -> str:
    prefix = "requests.other_total" if name == "other_single" else f"requests.{name}"
    f = fields.field_index().get(f"{prefix}.natural")
    return f.row_label if f else name


def _col_label(column: str) -> str:
    f = fields.field_index().get(f"requests.new.{column}")
    return f.column_label if f else column


def map_requests(lt: LocatedTable, view: View) -> Mapped:
    t, out = lt.table, Mapped()
    first_row = next((r for r in range(t.n_rows) if any(map(_cell_row_hint, view.texts(r)))), t.n_rows)
    cols, col_cells, unnamed = _columns(t, range(0, first_row), range(first_row, t.n_rows))
    first_data = min(cols.values(), default=t.n_cols)
    rows: dict[str, int] = {}
    row_labels: dict[int, str] = {}
    leftovers: list[Leftover] = []
    subtotals: list[tuple[str, int, str]] = []  # (group, row, printed label)
    open_group: str | None = None
    grid = t.grid
    for r in range(first_row, t.n_rows):
        # the grid row as it is, a merged cell at each position it covers: request_row and
        # printed_texts read each text once whatever its repeats, and holds_numbers asks "any", so
        # the distinct cells (a dictionary built per row) are not needed here
        cells = [c for c in grid[r] if c is not None] if r < len(grid) else []
        label_texts = tuple([c.text for c in cells if c.col < first_data])
        key, open_group, shown, fits = request_row(label_texts, open_group)
        if key is not None and key.startswith("group:"):
            # a group's own row, e.g. （三）不予公开 printed above its items: a subtotal if it holds numbers
            if holds_numbers([c for c in cells if c.col >= first_data]):
                subtotals.append((key[6:], r, shown))
            continue
        if key is None or key in rows:
            # only a row that is not read needs to know whether it holds numbers
            if holds_numbers([c for c in cells if c.col >= first_data]):
                if key is None:
                    leftovers.append(Leftover(r, shown or "（空）", tuple(_row_label(k) for k in fits)))
                else:
                    out.problems.append(problem("L-005", lt, [], shown, row=r))
            continue
        rows[key] = r
        row_labels[r] = shown
    out.single_other = "other_single" in rows
    out.other_items = any(k in rows for k in ("other_no_correction", "other_unpaid", "other_other"))
    single = out.single_other and not out.other_items
    if out.single_other and out.other_items:  # （六）其他处理 printed with numbers above its items
        r_other = rows.pop("other_single")
        subtotals.append(("other", r_other, row_labels[r_other]))
    # a subtotal row is not part of the form: silent when it is the sum of its items, else named
    leftovers += [Leftover(r, shown) for g, r, shown in subtotals
                  if not _is_sum_of_items(t, r, g, rows, cols)]
    leftovers.sort(key=lambda lo: lo.index)
    expected = _expected(single)
    missing = [(_row_label(name), [f"{prefix}.{c}" for c in fields.APPLICANT_COLUMNS])
               for name, prefix in expected if name not in rows]
    if missing:
        out.problems.append(rows_not_found(lt, missing, leftovers))
    elif leftovers:
        out.problems.append(rows_not_read(lt, leftovers))
    missing_cols = [(_col_label(c), [f"{p}.{c}" for _, p in expected]) for c in fields.APPLICANT_COLUMNS
                    if c not in cols]
    if missing_cols:
        numeric = [Leftover(c, printed(distinct(t.at(r, c) for r in range(first_row))) or "（无表头）")
                   for c in unnamed if c >= first_data and holds_numbers(
                       distinct(t.at(r, c) for r in range(first_row, t.n_rows)))]
        out.problems.append(columns_not_found(lt, missing_cols, numeric))
    _cells(lt, out, expected, rows, row_labels, cols, col_cells, first_data)
    return out


def _is_sum_of_items(t, r: int, group: str, rows: dict[str, int], cols: dict[str, int]) -> bool:
    items = [row for key, row in rows.items() if key.startswith(group + "_")]
    if not items or not cols:
        return False
    for c in cols.values():
        total = t.at(r, c)
        parts = [t.at(i, c) for i in items]
        if total is None or any(p is None for p in parts):
            return False
        want = parse_value(total.text).as_number
        got = [parse_value(p.text).as_number for p in parts]  # type: ignore[union-attr]
        if want is None or None in got or sum(got) != want:  # type: ignore[arg-type]
            return False
    return True


@lru_cache(maxsize=1024)
def _row_keys(prefix: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of one table-三 row under the columns found, in their order. Cached: the same few
    column sets recur, and one shared key string per field spares building and hashing a new one
    for every cell of every report."""
    return tuple(f"{prefix}.{column}" for column in columns)


def _cells(lt: LocatedTable, out: Mapped, expected: tuple[tuple[str, str], ...], rows: dict[str, int],
           row_labels: dict[int, str], cols: dict[str, int], col_cells: dict[str, list[Cell]],
           first_data: int) -> None:
    # the found columns, their grid columns and printed labels, once per table, not once per row
    names, where = tuple(cols), tuple(cols.values())
    col_labels = tuple([printed(col_cells[column]) for column in names])
    grid, cells, shown = lt.table.grid, out.layout.cells, out.layout.labels
    for name, prefix in expected:
        r = rows.get(name)
        if r is None:
            continue
        row, row_label = grid[r], row_labels[r]  # a found row is inside the grid
        width = len(row)
        at = row_positions(r)
        for key, c, pair in zip(_row_keys(prefix, names), where, row_label_pairs(row_label, col_labels)):
            cell = row[c] if c < width else None
            if cell is None or cell.col < first_data:
                out.problems.append(problem("L-004", lt, [key], row_label, pair[1], row=r, col=c))
                continue
            cells[key] = at[c] if c < len(at) else position(r, c)
            shown[key] = pair

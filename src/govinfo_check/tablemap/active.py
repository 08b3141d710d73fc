"""Table 二 (主动公开政府信息情况): printed rows and columns → canonical keys.

Blocks open with a caption (第二十条第（一）项 …) and a header row; compact reports put the clause
in a column of its own before the label, fold the header into the label ("行政许可（本年处理决定数
量）"), merge one value cell across the three count columns, and shorten labels ("规范性文件").
The row is read from its label cell wherever it sits; a value from the header above it, or — for a
row the form gives a single figure — from the label's folded header or the row's only value.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import fields
from ..models import Cell, LocatedTable
from ..normalize import display_label, normalize_label, strip_numbering
from ..values import parse_value
from .common import (
    Leftover,
    Mapped,
    View,
    columns_not_found,
    core,
    is_blank_text,
    labels,
    position,
    problem,
    rows_not_found,
    rows_not_read,
    vocabulary,
)

_2019_MARKERS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "其他对外管理服务事项", "政府集中采购")
_2021_MARKERS = ("本年制发件数", "本年废止件数", "现行有效件数")
_CLAUSE = "第二十条"
_FOLDED = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")


@lru_cache(maxsize=1)
def _words(kind: str) -> tuple[tuple[str, str], ...]:
    """(word, id) longest word first, for rows or columns."""
    v = vocabulary()["active"][kind]
    pairs = [(w, k) for k, ws in v.items() for w in [k, *ws]]
    return tuple(sorted(set(pairs), key=lambda p: len(p[0]), reverse=True))


@lru_cache(maxsize=4096)
def row_id(label: str) -> str | None:
    """The form's row a printed label names (None: none): containment of a row word."""
    s = strip_numbering(core(normalize_label(label)))
    if not s or len(s) > 20 or _CLAUSE in s:
        return None
    return next((k for w, k in _words("rows") if w in s), None)


@lru_cache(maxsize=4096)
def col_id(label: str) -> str | None:
    s = core(normalize_label(label))
    if not s or len(s) > 20:
        return None
    return next((k for w, k in _words("columns") if w in s), None)


@lru_cache(maxsize=4096)
def _folded_col(label: str) -> str | None:
    """The column a header folded into a row label names: 行政许可(本年处理决定数量)."""
    for m in _FOLDED.finditer(normalize_label(label)):
        cid = col_id(m.group(1))
        if cid is not None:
            return cid
    return None


def _keymap() -> dict[tuple[str, str], str]:
    m: dict[tuple[str, str], str] = {}
    for f in fields.canonical_fields() + fields.extra_fields():
        if f.table == "active":
            r, c = row_id(f.row_label), col_id(f.column_label)
            if r is not None and c is not None:
                m.setdefault((r, c), f.key)
    return m


_KEYS = _keymap()
ROWS = frozenset(r for r, _ in _KEYS)
# each row's keys in _KEYS order, so a row does not scan every key of the table
_ROW_KEYS: dict[str, tuple[str, ...]] = {r: tuple(k for (ri, _), k in _KEYS.items() if ri == r) for r in ROWS}


def is_row_label(text: str) -> bool:
    return row_id(text) is not None


@lru_cache(maxsize=2)
def _expected(is_2019: bool) -> tuple[str, ...]:
    keys = [f.key for f in fields.canonical_fields() if f.table == "active"]
    if is_2019:
        keys = [k for k in keys if k.endswith(".decisions")]
        keys += [f.key for f in fields.extra_fields() if f.key.startswith("active2019.")]
    return tuple(keys)


_TWO_CJK = re.compile(r"[\u4e00-\u9fff]{2}")


@lru_cache(maxsize=8192)
def _is_value_text(text: str) -> bool:
    """A value rather than a label; asked up to four times of every cell of the table, so cached."""
    return parse_value(text).kind != "invalid" or not _TWO_CJK.search(normalize_label(text))


def map_active(lt: LocatedTable, view: View) -> Mapped:
    t, out = lt.table, Mapped()
    text = view.text
    out.is_2019 = any(w in text for w in _2019_MARKERS)
    out.is_2021 = any(w in text for w in _2021_MARKERS)
    expected = _expected(out.is_2019 and not out.is_2021)
    expected_set = frozenset(expected)
    header: dict[str, Cell] = {}  # column id → header cell, for the current block
    found: dict[str, tuple[int, int, str, str]] = {}
    seen_rows: dict[str, tuple[int, str]] = {}
    leftovers: list[Leftover] = []
    for r in range(t.n_rows):
        cells = view.cells(r)
        texts = view.texts(r)
        body = [(c, x) for c, x in zip(cells, texts) if x and _CLAUSE not in x]
        if not body:
            if any(_CLAUSE in x for x in texts):
                header = {}  # a caption row opens a block
            continue
        ids = [col_id(x) for _, x in body]
        if any(i is not None for i in ids) and not any(row_id(x) for _, x in body):
            header = {i: c for i, (c, _) in zip(ids, body) if i is not None}
            continue
        label = next(((c, x) for c, x in body if not _is_value_text(c.text) and row_id(x)), None)
        if label is None:
            values = [c for c, _ in body if _is_value_text(c.text)]
            names = [c for c, _ in body if not _is_value_text(c.text)]
            if names and any(not is_blank_text(c.text) for c in values):
                leftovers.append(Leftover(r, display_label(names[0].text)))
            continue
        lcell, ltext = label
        rid = row_id(ltext)
        shown = display_label(lcell.text)
        if rid in seen_rows:
            out.problems.append(problem("L-005", lt, [], shown, row=r))
            continue
        seen_rows[rid] = (r, shown)  # type: ignore[index]
        after = [c for c in cells if c.col > lcell.col + lcell.colspan - 1]
        values = [c for c in after if _is_value_text(c.text)]
        # a header printed inside the row, between the label and its value: 行政许可 | 本年处理决定数量 | 12
        inline = next((col_id(c.text) for c in after if not _is_value_text(c.text) and col_id(c.text)), None)
        row_keys = [k for k in _ROW_KEYS.get(rid, ()) if k in expected_set]  # type: ignore[arg-type]
        got: set[str] = set()
        for cid, hcell in header.items():
            key = _KEYS.get((rid, cid))  # type: ignore[arg-type]
            if key is not None and key in expected_set:
                cell = t.at(r, hcell.col)
                if cell is not None and cell.col > lcell.col:
                    found[key] = (r, cell.col, shown, display_label(hcell.text))
                    got.add(key)
        rest = [k for k in row_keys if k not in got]
        if len(rest) == 1 and not got:
            key = rest[0]
            folded = _folded_col(ltext) or inline
            cell = _only_value(values)
            if cell is not None and (folded is None or _KEYS.get((rid, folded)) == key):  # type: ignore[arg-type]
                found[key] = (r, cell.col, shown, fields.field_index()[key].column_label)
    _report(lt, out, expected, found, seen_rows, leftovers)
    return out


def _only_value(values: list[Cell]) -> Cell | None:
    """The one value a row for a single figure holds: its only filled cell, or any of them when
    they all say the same number (0 | 0 | 0), or the first when all are blank. None when the
    cells disagree: which one is meant cannot be told."""
    filled = [c for c in values if not is_blank_text(c.text)]
    if not filled:
        return values[0] if values else None
    if len({parse_value(c.text).number for c in filled}) == 1:
        return filled[0]
    return None


def _report(lt: LocatedTable, out: Mapped, expected: tuple[str, ...], found: dict[str, tuple[int, int, str, str]],
            seen_rows: dict[str, tuple[int, str]], leftovers: list[Leftover]) -> None:
    index = fields.field_index()
    missing_rows: dict[str, list[str]] = {}
    missing_cols: list[tuple[str, list[str]]] = []
    for key in expected:
        fd = index[key]
        if key in found:
            r, c, row_label, col_label = found[key]
            out.layout.cells[key] = position(r, c)
            out.layout.labels[key] = labels(row_label, col_label)
            continue
        rid = row_id(fd.row_label)
        if rid not in seen_rows:
            missing_rows.setdefault(fd.row_label, []).append(key)
            continue
        _, shown = seen_rows[rid]  # type: ignore[index]
        missing_cols.append((f"{shown} / {fd.column_label}", [key]))
    if missing_rows:
        out.problems.append(rows_not_found(lt, list(missing_rows.items()), leftovers))
    elif leftovers:
        out.problems.append(rows_not_read(lt, leftovers))
    if missing_cols:
        out.problems.append(columns_not_found(lt, missing_cols, []))

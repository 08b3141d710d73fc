"""Table 四 (行政复议、行政诉讼情况): printed cells → canonical keys, in either orientation.

Every value cell is named by the labels printed in its row to its left and in its column above
it, together: the group (行政复议 / 未经复议直接起诉 / 复议后起诉) and the result (结果维持 …
总计) may come from either. So the official layout (groups over columns, one data row), the
transposed one (groups as rows, results as columns) and header rows split or merged any way read
the same, by label alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import fields
from ..models import Cell, LocatedTable, Table
from ..normalize import normalize_label
from .common import (
    Mapped,
    View,
    any_word,
    columns_not_found,
    distinct,
    is_blank_text,
    labels,
    position,
    printed,
    problem,
    vocabulary,
)

_HEADER_WORDS = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "直接起诉", "复议后起诉")
_HEADER_RE = any_word(_HEADER_WORDS)


def is_header_row(texts: list[str]) -> bool:
    return any(_HEADER_RE.search(x) for x in texts)


@dataclass(frozen=True)
class _Vocab:
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    outcomes: tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    v = vocabulary()["appeals"]
    return _Vocab(tuple((k, tuple(ws)) for k, ws in v["groups"].items()),
                  tuple((k, tuple(ws)) for k, ws in v["outcomes"].items()))


@lru_cache(maxsize=4096)
def _label_role(text: str) -> tuple[str | None, str | None]:
    """(group, outcome) a normalised label names (either may be None)."""
    voc = _vocab()
    group = next((g for g, words in voc.groups if any(w in text for w in words)), None)
    outcome = next((o for o, words in voc.outcomes if any(w in text for w in words)), None)
    if outcome == "total" and group is not None:
        outcome = None  # "行政复议总计"-style captions are rare; a group word wins
    return group, outcome


@lru_cache(maxsize=4096)
def _role(text: str) -> tuple[str | None, str | None]:
    return _label_role(normalize_label(text))


@lru_cache(maxsize=8192)
def _is_label(text: str) -> bool:
    """Asked of every cell of the table: cached on the printed text, as the labels and the
    numbers both recur."""
    g, o = _role(text)
    return g is not None or o is not None or "行政诉讼" in normalize_label(text)


class _Above:
    """The label cells above each row of a column, collected as the rows are walked top to bottom
    (each column is scanned once, not once for every cell under it)."""

    def __init__(self, t: Table, label_cell: dict[int, bool]):
        self.t, self.label_cell = t, label_cell
        self.state: dict[int, tuple[int, list[Cell], set[int]]] = {}

    def __call__(self, r: int, c: int) -> list[Cell]:
        """``[x for x in distinct(t.at(rr, c) for rr in range(r)) if label_cell[id(x)]]``; r never decreases."""
        scanned, found, seen = self.state.get(c) or (0, [], set())
        if r < scanned:  # not met in a top-to-bottom walk; answered directly
            return [x for x in distinct(self.t.at(rr, c) for rr in range(r)) if self.label_cell[id(x)]]
        grid = self.t.grid
        for rr in range(scanned, r):  # 0 <= rr < r < n_rows: Table.at without its row test
            row = grid[rr]
            x = row[c] if 0 <= c < len(row) else None
            if x is not None and id(x) not in seen:
                seen.add(id(x))
                if self.label_cell[id(x)]:
                    found.append(x)
        self.state[c] = (r, found, seen)
        return list(found)


@lru_cache(maxsize=4096)
def _name_of(texts: tuple[str, ...]) -> str | None:
    """The key name (``review.upheld``) the texts of the label cells of a cell's row and column
    give, when exactly one. Cached: every value cell asks it, and the same header paths recur in
    every report."""
    groups, outcomes = set(), set()
    for text in texts:
        g, o = _role(text)
        if g:
            groups.add(g)
        if o:
            outcomes.add(o)
    if len(groups) == 1 and len(outcomes) == 1:
        return f"{groups.pop()}.{outcomes.pop()}"
    return None


@lru_cache(maxsize=1)
def _expected() -> tuple[tuple[str, str, str], ...]:
    """(column name, key, label) of every table-四 field, in data-dictionary order."""
    index = fields.field_index()
    return tuple((f"{g}.{o}", f"appeals.{g}.{o}",
                  f"{index[f'appeals.{g}.{o}'].column_label}")
                 for g in fields.APPEAL_GROUPS for o in fields.APPEAL_OUTCOMES)


def map_appeals(lt: LocatedTable, view: View) -> Mapped:
    t, out = lt.table, Mapped()
    label_cell = {id(c): _is_label(c.text) for c in t.cells}
    # candidates per name: (row, col, row labels, column labels), in reading order
    found: dict[str, list[tuple[int, int, list[Cell], list[Cell]]]] = {}
    above_of = _Above(t, label_cell)
    for r in range(t.n_rows):
        row_cells = view.cells(r)
        for cell in row_cells:
            if label_cell[id(cell)] or cell.row != r:
                continue
            c = cell.col
            left = [x for x in row_cells if x.col < c and label_cell[id(x)]]
            above = above_of(r, c)
            name = _name_of(tuple([x.text for x in left + above]))
            if name is not None:
                found.setdefault(name, []).append((r, c, left, above))
    missing = []
    for name, key, label in _expected():
        cands = found.get(name)
        if not cands:
            missing.append((label, [key]))
            continue
        filled = [x for x in cands if not is_blank_text(t.grid[x[0]][x[1]].text)]  # type: ignore[union-attr]
        r, c, left, above = (filled or cands)[0]
        row_label, col_label = printed(left), printed(above)
        if len(filled) > 1:
            out.problems.append(problem("L-005", lt, [key], f"{row_label} / {col_label}".strip(" /"),
                                        row=filled[1][0]))
        out.layout.cells[key] = position(r, c)
        out.layout.labels[key] = labels(row_label, col_label)
    if missing:
        out.problems.append(columns_not_found(lt, missing, []))
    return out

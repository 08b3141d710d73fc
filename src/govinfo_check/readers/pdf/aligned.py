"""Tables printed without ruling lines: a grid from the positions of the words.

A table whose lines were not printed (borders set to none, a three-line table with only its
horizontal rules, a table pasted from a web page) is text in columns: labels on the left, numbers
in columns on the right, every row on a line of its own. Outside the ruled tables, a run of lines
that reads so is laid out on a grid:

* A line is cut into segments where a gap of more than one and a half characters separates its
  characters (a narrower gap between two numbers). A *row line* is labels followed by values
  (``parse_value`` reads every segment after the first value as a number or a blank mark); a
  *header line* is two or more short labels and no value.
* A region is a run of row and header lines, each close below the one before (no more than a
  quarter over the pitch of the rows before it: a paragraph break ends it), with at least one row
  line and either a header or a second row line. A label that wraps onto a line of its own joins
  the row it completes or the nearest one; a lone line just above a header line is the caption of
  the next table, and a line of prose (a sentence, or text followed by a non-value) ends the region.
* Columns are the strips of the page no character of the region crosses; two neighbouring
  columns of which no line prints in both are one column (a header set at the left of a wide cell,
  its value centred under it). Each character goes to the column under its centre, so a label
  run into the next column's text (第二十条第（一）项规章) is cut where the column starts.
* A region becomes a table only when one of its texts is a label of the official form
  (fields.csv), so an aligned list in the prose, a signature or a table of contents stays text.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Callable

from ...models import Cell, Table
from ...values import parse_value
from .model import Part
from .ruled import chars_text

_COLUMN_GAP = 1.5  # character heights: wider gaps than this separate columns, narrower are spacing
_NUMBER_GAP = 0.6  # between two numbers a narrower gap separates them
_LINE_GAP = 2.5  # character heights from a region's first line to the next, at most (then: its pitch)
_SENTENCE = re.compile(r"[。；;]")
_NUMERIC = re.compile(r"[\d.,，\-—－/／]")
# a number whose remark wraps onto the next line: 8（其中修订4 | 件）
_OPEN_REMARK = re.compile(r"^\d[\d,，.]*\s*[（(][^）)]*$")


@dataclass
class _Segment:
    chars: list[dict]
    x0: float
    x1: float
    text: str
    value: bool


@dataclass
class _TextLine:
    chars: list[dict]
    top: float
    bottom: float
    size: float
    segments: list[_Segment] = field(default_factory=list)

    @property
    def kind(self) -> str:
        segs = self.segments
        first_value = next((i for i, s in enumerate(segs) if s.value), None)
        if first_value is not None:
            if all(s.value for s in segs[first_value:]) and (first_value > 0 or len(segs) > 1):
                return "row"
            return "other"
        if len(segs) >= 2 and all(len(s.text) <= 20 and not _SENTENCE.search(s.text) for s in segs):
            return "header"
        return "label" if len(segs) == 1 and len(segs[0].text) <= 40 and not _SENTENCE.search(segs[0].text) \
            else "other"


def aligned_tables(chars: list[dict], page: int, is_form_label: Callable[[str], bool]) -> tuple[list[Part], set[int]]:
    """The tables printed without lines among ``chars`` (the characters outside the ruled tables),
    and the ids of the characters they hold (left out of the page's text lines)."""
    lines = _lines([c for c in chars if c["text"].strip()])
    parts: list[Part] = []
    used: set[int] = set()
    for region in _regions(lines):
        part = _table(region, page, is_form_label)
        if part is None:
            continue
        texts = [c.text for c in part.table.cells if c.text]
        if not any(is_form_label(t) for t in texts):
            continue
        parts.append(part)
        used.update(id(ch) for ln in region for ch in ln.chars)
    return parts, used


def _lines(chars: list[dict]) -> list[_TextLine]:
    out: list[_TextLine] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        size = ch["bottom"] - ch["top"] or 1.0
        if out and abs(mid - (out[-1].top + out[-1].bottom) / 2) <= 0.5 * max(size, out[-1].size):
            ln = out[-1]
            ln.chars.append(ch)
            ln.top, ln.bottom = min(ln.top, ch["top"]), max(ln.bottom, ch["bottom"])
        else:
            out.append(_TextLine([ch], ch["top"], ch["bottom"], size))
    for ln in out:
        ln.size = statistics.median(c["bottom"] - c["top"] for c in ln.chars) or 1.0
        ln.segments = _segments(ln)
    return out


def _segments(ln: _TextLine) -> list[_Segment]:
    groups: list[list[dict]] = []
    for ch in sorted(ln.chars, key=lambda c: c["x0"]):
        if groups:
            prev = groups[-1][-1]
            gap = ch["x0"] - prev["x1"]
            numeric = _NUMERIC.fullmatch(prev["text"]) and _NUMERIC.fullmatch(ch["text"])
            if gap <= _COLUMN_GAP * ln.size and not (numeric and gap > _NUMBER_GAP * ln.size):
                groups[-1].append(ch)
                continue
        groups.append([ch])
    out = []
    for g in groups:
        out.append(_segment(g))
    return out


def _segment(chars: list[dict]) -> _Segment:
    text = chars_text(chars)
    value = parse_value(text).kind != "invalid" or bool(_OPEN_REMARK.match(text))
    return _Segment(chars, chars[0]["x0"], max(c["x1"] for c in chars), text, value)


def _regions(lines: list[_TextLine]) -> list[list[_TextLine]]:
    """Runs of lines that read as a table (see the module's description)."""
    out: list[list[_TextLine]] = []
    run: list[_TextLine] = []

    def close() -> None:
        # a label or header after the last row is a caption or text below the table, unless it
        # closes a bracket the line above left open (a label wrapped onto the next line)
        while run and run[-1].kind != "row" and not (len(run) > 1 and _completes(run[-2], run[-1])):
            run.pop()
        rows = sum(ln.kind == "row" for ln in run)
        if rows and (rows >= 2 or any(ln.kind == "header" for ln in run)):
            out.append(list(run))
        run.clear()

    for ln in lines:
        kind = ln.kind
        near = False
        if run:
            # rows follow one another at an even pitch; more space is a paragraph or a caption
            steps = [_mid(b) - _mid(a) for a, b in zip(run, run[1:])]
            limit = 1.25 * min(steps) if steps else _LINE_GAP * max(ln.size, run[-1].size)
            near = _mid(ln) - _mid(run[-1]) <= limit
        # a lone label just before a header line is the caption of the next table (第二十条第（五）项
        # above 信息内容 | 本年处理决定数量), not a label wrapped onto a line of its own
        caption = kind == "header" and bool(run) and run[-1].kind == "label"
        if kind == "other" or (run and not near) or caption:
            close()
        if kind == "other":
            continue
        if not run and kind == "label":
            continue  # a region opens with a header or a row, never with a lone label
        run.append(ln)
    close()
    return out


def _open(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _completes(above: _TextLine, ln: _TextLine) -> bool:
    first = ln.segments[0]
    return any(_open(s.text) and s.x0 - 1 <= first.x0 <= s.x1 for s in above.segments)


def _mid(ln: _TextLine) -> float:
    return (ln.top + ln.bottom) / 2


def _columns(region: list[_TextLine]) -> list[tuple[float, float]]:
    """Column spans: strips no character crosses, then neighbours never printed in one line merged."""
    spans = sorted((s.x0, s.x1) for ln in region for s in ln.segments)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 < cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    # a label run into the next column's text: cut where that column starts in other lines
    merged = True
    while merged and len(cols) > 1:
        merged = False
        used = [{_column_of(cols, (s.x0 + s.x1) / 2) for s in ln.segments} for ln in region]
        for i in range(len(cols) - 1):
            if not any(i in u and i + 1 in u for u in used):
                cols[i][1] = cols[i + 1][1]
                del cols[i + 1]
                merged = True
                break
    return [(a, b) for a, b in cols]


def _column_of(cols: list[list[float]] | list[tuple[float, float]], x: float) -> int:
    """The column under ``x``: the one holding it, else the one whose strip it is nearest to."""
    best, dist = 0, float("inf")
    for i, (a, b) in enumerate(cols):
        d = 0.0 if a <= x <= b else min(abs(x - a), abs(x - b))
        if d < dist:
            best, dist = i, d
    return best


def _split_runs(region: list[_TextLine]) -> None:
    """Segments that run over a column start seen in other lines (no gap where the column
    starts) are cut there, char by char: 第二十条第（一）项|规章."""
    starts = sorted({round(s.x0, 1) for ln in region for s in ln.segments})
    for ln in region:
        new: list[_Segment] = []
        for s in ln.segments:
            cut = [x for x in starts if s.x0 + 1 < x < s.x1 - 1
                   and any(abs(c["x0"] - x) <= 1.0 and c is not s.chars[0] for c in s.chars)]
            if not cut:
                new.append(s)
                continue
            pieces: list[list[dict]] = [[]]
            for c in sorted(s.chars, key=lambda c: c["x0"]):
                # a visible gap where the column starts: glyphs set at a fixed pitch meet one
                # another, so a label that merely happens to cross that position is not cut
                if pieces[-1] and any(abs(c["x0"] - x) <= 1.0 for x in cut) and c["x0"] > pieces[-1][-1]["x1"] + 0.5:
                    pieces.append([])
                pieces[-1].append(c)
            new.extend(_segment(p) for p in pieces)
        ln.segments = new


def _table(region: list[_TextLine], page: int, is_form_label: Callable[[str], bool]) -> Part | None:
    _split_runs(region)
    cols = _columns(region)
    if len(cols) < 2:
        return None
    # rows: each row line opens a row, and so does a header line above the first row or one naming
    # a column of the form; any other line is a label or a remark wrapped onto a line of its own
    # and joins the row line nearest to it (the one above on a tie: cells are set from the top)
    first_row = next(i for i, ln in enumerate(region) if ln.kind == "row")
    anchors = [i for i, ln in enumerate(region) if ln.kind == "row" or ln.kind == "header" and (
        i < first_row or any(is_form_label(s.text) for s in ln.segments))]
    owner: dict[int, int] = {}
    for i, ln in enumerate(region):
        if i in anchors:
            owner[i] = i
            continue
        owner[i] = _row_of(region, anchors, i, cols)
    # a header line wrapped onto the next line (商业企 | 业) belongs to the header above it
    for k, a in enumerate(anchors[1:], 1):
        ln, prev = region[a], region[anchors[k - 1]]
        if ln.kind == "header" and prev.kind == "header" and len(ln.segments) < len(prev.segments):
            owner[a] = owner[anchors[k - 1]]
    row_ids = sorted(set(owner.values()))
    index = {a: r for r, a in enumerate(row_ids)}
    per_cell: dict[tuple[int, int], list[dict]] = {}
    for i, ln in enumerate(region):
        r = index[owner[i]]
        for s in ln.segments:
            whole = _single_column(s, cols)
            for ch in s.chars:
                x = (s.x0 + s.x1) / 2 if whole else (ch["x0"] + ch["x1"]) / 2
                per_cell.setdefault((r, _column_of(cols, x)), []).append(ch)
    n_rows, n_cols = len(row_ids), len(cols)
    cells: list[Cell] = []
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for r in range(n_rows):
        for c in range(n_cols):
            chs = per_cell.get((r, c))
            cell = Cell(r, c, 1, 1, chars_text(chs) if chs else "", page=page)
            cells.append(cell)
            grid[r][c] = cell
    x0 = min(ch["x0"] for ln in region for ch in ln.chars)
    x1 = max(ch["x1"] for ln in region for ch in ln.chars)
    top, bottom = region[0].top, region[-1].bottom
    table = Table(index=0, n_rows=n_rows, n_cols=n_cols, cells=cells, grid=grid, page=page)
    return Part((x0, top, x1, bottom), [], [ch for ln in region for ch in ln.chars], page, table)


_ENUMERATED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+\s*、|\d+\s*[.．、]|[①-⑳])")


def _row_of(region: list[_TextLine], anchors: list[int], i: int, cols: list[tuple[float, float]]) -> int:
    """The row a line with no value of its own belongs to: the row above when it completes a text
    left open there (a bracket not yet closed: 行政许可（本年处理决定数 | 量）, 8（其中修订4 | 件）); the
    row below when it starts a numbered label that row lacks (values centred beside a label of
    two lines); else the nearer row, the one above on a tie (cells set from the top)."""
    ln = region[i]
    above = max((a for a in anchors if a < i), default=None)
    below = min((a for a in anchors if a > i), default=None)
    if above is None or below is None:
        return above if below is None else below  # type: ignore[return-value]
    where = {_column_of(cols, (s.x0 + s.x1) / 2) for s in ln.segments}

    def texts(a: int) -> list[str]:
        return [s.text for s in region[a].segments if _column_of(cols, (s.x0 + s.x1) / 2) in where]

    if any(_open(t) for t in texts(above)):
        return above
    if _ENUMERATED.match(ln.segments[0].text) and not texts(below):
        return below
    mid = _mid(ln)
    return below if _mid(region[below]) - mid < mid - _mid(region[above]) else above


def _single_column(s: _Segment, cols: list[tuple[float, float]]) -> bool:
    """Does the segment lie within one column (then it goes there whole, however its characters
    straddle a narrow strip)?"""
    return _column_of(cols, s.x0 + 0.5) == _column_of(cols, s.x1 - 0.5)

"""Ruled tables: pdfplumber's cell boxes laid out on a grid of the table's column and row edges
(spans as in Word), completed where lines are missing, with each cell's text read from the
characters under it."""

from __future__ import annotations

import bisect
import re
import statistics

from ...models import Cell, Table
from .model import EDGE_TOLERANCE, Part, clusters, nearest


def ruled_table(bboxes: list[tuple[float, float, float, float]], chars: list[dict], page: int,
           trim: bool = True, columns: list[float] | None = None,
           vlines: list[tuple[float, float, float]] | None = None) -> Part | None:
    """(bbox, grid) from pdfplumber's cell boxes, or None for what is not a table: a single column
    of boxes is ruled text (paragraph borders, a framed preface), left to the paragraphs. Rows of
    ruled prose touching the table above or below it are cut off the same way."""
    if not bboxes:
        return None
    bboxes = _without_lines_through_text(bboxes, chars)
    xs = columns or clusters([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = clusters([b[1] for b in bboxes] + [b[3] for b in bboxes])
    vlines = vlines or []
    ruled = (ys[0], ys[-1])
    ys = _open_rows(xs, ys, vlines, chars)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_cols < 2 or n_rows < 1:
        return None
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    cells: list[Cell] = []
    for x0, top, x1, bottom in sorted(bboxes, key=lambda b: (b[1], b[0])):
        r0, r1 = nearest(ys, top), nearest(ys, bottom)
        c0, c1 = nearest(xs, x0), nearest(xs, x1)
        if r1 <= r0 or c1 <= c0 or grid[r0][c0] is not None:
            continue
        cell = Cell(r0, c0, r1 - r0, c1 - c0, "", page=page)
        cells.append(cell)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if grid[r][c] is None:
                    grid[r][c] = cell
    cells += _unruled_cells(grid, xs, ys, chars, page, vlines)
    if ys[0] != ruled[0]:
        _extend_into_open_row(grid, 0, 1)
    if ys[-1] != ruled[1]:
        _extend_into_open_row(grid, n_rows - 1, n_rows - 2)
    _fill_text(grid, xs, ys, chars)
    if trim:
        top_rows = 0
        while top_rows < n_rows and _is_prose_row(grid[top_rows], n_cols):
            top_rows += 1
        bottom_rows = 0
        while bottom_rows < n_rows - top_rows and _is_prose_row(grid[n_rows - 1 - bottom_rows], n_cols):
            bottom_rows += 1
        if top_rows or bottom_rows:
            lo, hi = ys[top_rows], ys[n_rows - bottom_rows]
            kept = [b for b in bboxes if b[1] >= lo - EDGE_TOLERANCE and b[3] <= hi + EDGE_TOLERANCE]
            return ruled_table(kept, chars, page, trim=False, columns=columns, vlines=vlines)
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    inside = [ch for ch in chars if xs[0] <= (ch["x0"] + ch["x1"]) / 2 <= xs[-1]
              and ys[0] <= (ch["top"] + ch["bottom"]) / 2 <= ys[-1]]
    table = Table(index=0, n_rows=n_rows, n_cols=n_cols, cells=cells, grid=grid, page=page)
    return Part(bbox, list(bboxes), inside, page, table, vlines)


_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")


def _is_prose_row(row: list[Cell | None], n_cols: int) -> bool:
    """A row that is one full-width cell holding a line of body text or a section heading: the
    ruled lines some generators draw under every text line, merged with the table they touch.
    A short caption row (第二十条第（一）项) is part of the table and stays."""
    first = row[0]
    if first is None or first.colspan < n_cols:
        return False
    text = first.text.strip()
    return not text or len(text) > 25 or "。" in text or bool(_SECTION_HEADING.match(text))


def _without_lines_through_text(bboxes: list[tuple[float, float, float, float]],
                                chars: list[dict]) -> list[tuple[float, float, float, float]]:
    """Two side-by-side boxes whose shared edge runs through a printed character are one cell: no
    border crosses a glyph. Such lines are change bars (a PDF printed with tracked changes shown)
    or decorations, drawn over the text."""
    boxes = sorted(set(bboxes), key=lambda b: (b[1], b[0]))
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(boxes):
            b = next((b for b in boxes[i + 1:] if abs(b[0] - a[2]) <= EDGE_TOLERANCE
                      and abs(b[1] - a[1]) <= EDGE_TOLERANCE and abs(b[3] - a[3]) <= EDGE_TOLERANCE), None)
            if b is None:
                continue
            x = a[2]
            if _through_text(x, a, chars) or _stray_edge(x, a, b, boxes, chars):
                boxes.remove(b)
                boxes[i] = (a[0], a[1], b[2], a[3])
                merged = True
                break
    return boxes


def _through_text(x: float, box: tuple[float, float, float, float], chars: list[dict]) -> bool:
    return any(ch["x0"] + 1 < x < ch["x1"] - 1 and box[1] <= (ch["top"] + ch["bottom"]) / 2 <= box[3] for ch in chars)


def _stray_edge(x: float, a: tuple[float, float, float, float], b: tuple[float, float, float, float],
                boxes: list[tuple[float, float, float, float]], chars: list[dict]) -> bool:
    """An edge no other row of the table has, cutting an empty strip off a cell's padding (a change
    bar beside edited text): not a column of the table."""
    others = [o for o in boxes if o[3] <= a[1] + EDGE_TOLERANCE or o[1] >= a[3] - EDGE_TOLERANCE]
    if len({round(o[1]) for o in others}) < 2:
        return False  # too few other rows to tell a stray edge from a column
    if any(abs(o[0] - x) <= EDGE_TOLERANCE or abs(o[2] - x) <= EDGE_TOLERANCE for o in others):
        return False

    def empty(box: tuple[float, float, float, float]) -> bool:
        return not any(box[0] <= (ch["x0"] + ch["x1"]) / 2 <= box[2] and box[1] <= (ch["top"] + ch["bottom"]) / 2 <= box[3]
                       for ch in chars)

    return empty(a) != empty(b)


def _open_rows(xs: list[float], ys: list[float], vlines: list[tuple[float, float, float]],
               chars: list[dict]) -> list[float]:
    """A row with no line above it (the first row after a page break when the table's top border
    was the previous part's bottom line) or below it: the table's column lines run on past the
    outermost horizontal line. Where most column lines do and text sits there, the row is added."""
    out = list(ys)
    for top_side in (True, False):
        edge = out[0] if top_side else out[-1]
        ends = []
        for x, top, bottom in vlines:
            if not any(abs(x - cx) <= EDGE_TOLERANCE for cx in xs):
                continue
            if top_side and top < edge - 3 and bottom >= edge - EDGE_TOLERANCE:
                ends.append(top)
            elif not top_side and bottom > edge + 3 and top <= edge + EDGE_TOLERANCE:
                ends.append(bottom)
        if len(ends) < max(3, len(xs) // 2):
            continue
        far = statistics.median(ends)
        lo, hi = (far, edge) if top_side else (edge, far)
        if any(lo <= (ch["top"] + ch["bottom"]) / 2 <= hi and xs[0] <= (ch["x0"] + ch["x1"]) / 2 <= xs[-1]
               for ch in chars):
            if top_side:
                out.insert(0, far)
            else:
                out.append(far)
    return out


def _extend_into_open_row(grid: list[list[Cell | None]], row: int, neighbour: int) -> None:
    """Empty positions of an added open row belong to the cell next to them: a merged label cell
    whose border, like the row's, fell on the other page."""
    if not 0 <= neighbour < len(grid):
        return
    for c, here in enumerate(grid[row]):
        other = grid[neighbour][c]
        if here is not None or other is None or other.col != c and grid[row][c - 1] is other:
            continue
        if row < neighbour:
            other.row = row
        other.rowspan += 1
        for k in range(other.col, other.col + other.colspan):
            if grid[row][k] is None:
                grid[row][k] = other


def _unruled_cells(grid: list[list[Cell | None]], xs: list[float], ys: list[float], chars: list[dict],
                   page: int, vlines: list[tuple[float, float, float]] | None = None) -> list[Cell]:
    """Cells whose border lines are not all drawn (a missing left border, a line hidden under
    overflowing text) leave grid positions without a cell. Where such a run of positions in a row
    holds text, it becomes one cell, so no printed label or figure is dropped."""
    holding: set[tuple[int, int]] = set()
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
            r = min(bisect.bisect_right(ys, cy) - 1, len(ys) - 2)
            c = min(bisect.bisect_right(xs, cx) - 1, len(xs) - 2)
            if grid[r][c] is None:
                holding.add((r, c))
    added: list[Cell] = []
    for r, row in enumerate(grid):
        c = 0
        while c < len(row):
            if row[c] is not None:
                c += 1
                continue
            end = c + 1
            mid = (ys[r] + ys[r + 1]) / 2
            # a run of empty positions ends where a column line crosses this row
            while end < len(row) and row[end] is None and not any(
                    abs(x - xs[end]) <= EDGE_TOLERANCE and top <= mid <= bottom for x, top, bottom in vlines or ()):
                end += 1
            if any((r, k) in holding for k in range(c, end)):
                cell = Cell(r, c, 1, end - c, "", page=page)
                added.append(cell)
                for k in range(c, end):
                    row[k] = cell
            c = end
    return added


def _fill_text(grid: list[list[Cell | None]], xs: list[float], ys: list[float], chars: list[dict]) -> None:
    """Each character goes to the cell under its centre; a cell's lines are joined without a
    break, since a line break inside a cell is only the column's width (商业企|业, 447|228)."""
    per_cell: dict[int, list[dict]] = {}
    owner: dict[int, Cell] = {}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            continue
        c = min(bisect.bisect_right(xs, cx) - 1, len(xs) - 2)
        r = min(bisect.bisect_right(ys, cy) - 1, len(ys) - 2)
        cell = grid[r][c]
        if cell is None:
            continue
        per_cell.setdefault(id(cell), []).append(ch)
        owner[id(cell)] = cell
    for key, chs in per_cell.items():
        owner[key].text = chars_text(chs)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def chars_text(chars: list[dict]) -> str:
    size = statistics.median(ch["bottom"] - ch["top"] for ch in chars) or 1.0
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= size * 0.5:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out: list[str] = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in line:
            # a visible gap between two Latin letters or digits is a space; CJK cells are often
            # printed with distributed alignment (商 业 企 业), where the gaps mean nothing
            if prev is not None and ch["x0"] - prev["x1"] > size * 0.25 and _latin(prev["text"]) \
                    and _latin(ch["text"]):
                text += " "
            text += ch["text"]
            prev = ch
        out.append(text.strip())
    return "".join(out)



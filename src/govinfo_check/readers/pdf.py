"""PDF with a text layer → :class:`Document`, with pdfplumber.

* Tables are the ruled tables pdfplumber finds from the printed lines (the official tables are
  printed with lines). A cell's grid position and span come from its edges measured against all
  the table's column and row edges, so merged label cells become spans as in Word. A table cut by
  a page break comes out as two consecutive tables with nothing between them (page numbers and
  running heads are dropped), which :mod:`..locate` joins exactly as it joins a Word table split
  across pages.
* Paragraphs are the text outside the tables, lines rejoined by layout: a line continues the
  paragraph when the line before it runs to the right margin and it does not start indented,
  also across a page break.
* Figures are read from the characters inside each cell, never from the page text, where the
  digits of neighbouring cells run together.
* Characters printed twice for a bold effect (WPS does that) are deduplicated before reading.

A PDF with no characters on any page is a scan: F-023, nothing guessed. The page count is capped
(F-026) and each page's cache is released once read, so memory stays bounded.
"""

from __future__ import annotations

import bisect
import logging
import functools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import Block, Cell, Document, Paragraph, Table
from .errors import ReaderError, io_error

# An annual report is 5–30 pages; a few hundred leaves room for a collection bound in one file.
MAX_PAGES = 300
MAX_BYTES = 200 * 1024 * 1024

# A page of a report holds hundreds of characters; a scan's text layer, if any, a page number.
_MIN_CHARS_PER_PAGE = 30
_EDGE_TOLERANCE = 2.0  # points: edges of one grid line drawn by separate strokes differ by this
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?[\s\-—–－·•]*$")
_MARGIN_BAND = 0.09  # share of the page height at the top and bottom where running heads sit


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    page_height: float


@dataclass
class _Part:
    """A table as found on one page, with what is needed to lay it out again on other columns."""

    bbox: tuple[float, float, float, float]
    boxes: list[tuple[float, float, float, float]]
    chars: list[dict]
    page: int
    table: Table
    vlines: list[tuple[float, float, float]] = field(default_factory=list)


@dataclass
class _PageItems:
    page: int
    items: list[tuple[float, Any]] = field(default_factory=list)  # (top, _Line | _Part)


def read_pdf(path: str) -> Document:
    """Raises :class:`ReaderError`: F-005 empty, F-006 unreadable, F-023 scanned, F-024 encrypted,
    F-025 not a PDF or damaged, F-026 too many pages."""
    _check_header(path)
    import pdfplumber

    # pdfminer logs every font quirk of a damaged file as a warning on stderr; the findings say it
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for damaged files
        raise _open_error(exc) from exc
    with pdf:
        try:
            pages = pdf.pages
            n = len(pages)
        except Exception as exc:  # noqa: BLE001
            raise _open_error(exc) from exc
        if n == 0:
            raise ReaderError("F-025", "the PDF has no pages", "PDF 中没有页面")
        if n > MAX_PAGES:
            raise ReaderError("F-026", f"{n} pages", pages=n, limit=MAX_PAGES)
        read_pages: list[_PageItems] = []
        n_chars = 0
        for number, page in enumerate(pages, 1):
            try:
                items, chars = _read_page(page, number)
            except ReaderError:
                raise
            except Exception as exc:  # noqa: BLE001
                if not _from_pdf_parser(exc):
                    raise  # our own bug: the pipeline reports it as an internal error, not as a bad file
                raise _open_error(exc, page=number) from exc
            finally:
                page.close()  # drop the page's parsed objects: memory stays one page deep
            n_chars += chars
            read_pages.append(items)
    if n_chars < _MIN_CHARS_PER_PAGE * n:
        # a scan carries at most a stamped page number or a few words of metadata as text
        raise ReaderError("F-023", "scanned PDF, no text layer", pages=n, chars=n_chars)
    return Document(path=path, blocks=_assemble(read_pages), reader="pdf")


def _check_header(path: str) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
            fh.seek(0, 2)
            size = fh.tell()
    except OSError as exc:
        raise io_error(exc, path) from exc
    if not head:
        raise ReaderError("F-005", "the file is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise ReaderError("F-025", "no %PDF- header (the file is not a PDF)", "没有 %PDF- 文件头（不是 PDF 文件）")
    if size > MAX_BYTES:
        raise ReaderError("F-026", f"{size} bytes", pages="?", limit=MAX_PAGES)


def _from_pdf_parser(exc: BaseException) -> bool:
    """Raised by pdfminer (or pdfplumber wrapping it) while decoding the file's content."""
    e: BaseException | None = exc
    for _ in range(8):
        if e is None:
            return False
        mod = type(e).__module__ or ""
        if mod.startswith("pdfminer") or type(e).__name__ in ("PdfminerException", "PSException", "PDFSyntaxError"):
            return True
        e = e.__cause__ or e.__context__
    return False


def _open_error(exc: BaseException, page: int | None = None) -> ReaderError:
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
    names = " ".join(type(x).__name__ for x in chain)
    if "Password" in names or "Encrypt" in names or any("encrypt" in str(x).lower() for x in chain):
        return ReaderError("F-024", "encrypted PDF")
    where = f" (page {page})" if page else ""
    text = str(chain[-1]) or type(chain[-1]).__name__
    where_zh = f"（第 {page} 页）" if page else ""
    return ReaderError("F-025", f"{type(chain[-1]).__name__}: {text[:200]}{where}",
                       f"解析出错 {type(chain[-1]).__name__}: {text[:200]}{where_zh}")


# ---------------------------------------------------------------------------
# one page
# ---------------------------------------------------------------------------


def _read_page(page: Any, number: int) -> tuple[_PageItems, int]:
    page = page.dedupe_chars()
    chars = len(page.chars)
    out = _PageItems(number)
    if not chars:
        return out, 0
    tables: list[_Part] = []
    edges = page.edges
    vlines = [(e["x0"], e["top"], e["bottom"]) for e in edges if e.get("orientation") == "v"]
    closing = _closing_lines(edges)
    settings = {"explicit_vertical_lines": closing[0], "explicit_horizontal_lines": closing[1]} if any(closing) else None
    vlines += [(e["x0"], e["top"], e["bottom"]) for e in closing[0]]
    for found in page.find_tables(settings):
        got = _table(found.cells, page.chars, number, vlines=vlines)
        if got is not None:
            tables.append(got)
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    for ln in text_page.extract_text_lines(return_chars=False):
        text = ln["text"].strip()
        if text:
            out.items.append((ln["top"], _Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], number,
                                               float(page.height))))
    for part in tables:
        out.items.append((part.bbox[1], part))
    out.items.sort(key=lambda it: it[0])
    return out, chars


def _closing_lines(edges: list[dict]) -> tuple[list[dict], list[dict]]:
    """The border lines a table printed without its outer frame (or without some inner column or
    row lines) lacks: where the ruled lines of a table end at one x (several rows' lines stopping
    at the same point) and no line crosses them there, a line is drawn from the first to the last
    of them; the same for column lines ending at one y. Only lines that meet a line of the other
    direction count, so underlines and paragraph borders of the text draw nothing. On a fully
    ruled table every such end already has its line, and nothing is added."""
    hs = [e for e in edges if e.get("orientation") == "h"]
    vs = [e for e in edges if e.get("orientation") == "v"]
    tol = _EDGE_TOLERANCE

    def meets(h: dict, v: dict) -> bool:
        return h["x0"] - tol <= v["x0"] <= h["x1"] + tol and v["top"] - tol <= h["top"] <= v["bottom"] + tol

    hs = [h for h in hs if any(meets(h, v) for v in vs)]
    vs = [v for v in vs if any(meets(h, v) for h in hs)]
    out_v: list[dict] = []
    out_h: list[dict] = []
    for lines, pos_keys, span_key, others, out, vertical in (
            (hs, ("x0", "x1"), "top", vs, out_v, True), (vs, ("top", "bottom"), "x0", hs, out_h, False)):
        for key in pos_keys:
            groups: list[list[dict]] = []
            for e in sorted(lines, key=lambda e: e[key]):
                if groups and e[key] - groups[-1][-1][key] <= tol:
                    groups[-1].append(e)
                else:
                    groups.append([e])
            runs: list[list[float]] = []
            for g in groups:
                # one run per table: two consecutive ends belong to one table when a line of the
                # other direction joins them (a column line between two row lines)
                spans = sorted({round(e[span_key]) for e in g})
                lo_x, hi_x = min(e[pos_keys[0]] for e in g), max(e[pos_keys[1]] for e in g)
                at = statistics.median(e[key] for e in g)
                for a in spans:
                    if runs and runs[-1][0] == at and _joined_by(others, runs[-1][-1], a, lo_x, hi_x, vertical):
                        runs[-1].append(a)
                    else:
                        runs.append([at, a])
            for at, *spans in runs:
                if len(spans) < 2:
                    continue
                lo, hi = spans[0], spans[-1]
                if hi - lo < 3 * tol:
                    continue  # the two strokes of one drawn line, not two rows
                # already ruled there: lines at this position covering most of the span
                covered = sum(max(0.0, min(hi, o["bottom" if vertical else "x1"]) - max(lo, o["top" if vertical else "x0"]))
                              for o in others if abs(o["x0" if vertical else "top"] - at) <= tol)
                if covered >= 0.5 * (hi - lo):
                    continue
                if vertical:
                    out.append({"x0": at, "x1": at, "top": lo, "bottom": hi, "width": 0.0, "height": hi - lo,
                                "orientation": "v", "object_type": "line"})
                else:
                    out.append({"x0": lo, "x1": hi, "top": at, "bottom": at, "width": hi - lo, "height": 0.0,
                                "orientation": "h", "object_type": "line"})
    return out_v, out_h


def _joined_by(others: list[dict], a: float, b: float, lo: float, hi: float, vertical: bool) -> bool:
    """Is the strip between positions ``a`` and ``b`` crossed, within ``lo``–``hi``, by lines of the
    other direction at one position (a column line, drawn whole or cell by cell)?"""
    pos, start, end = ("x0", "top", "bottom") if vertical else ("top", "x0", "x1")
    cover: dict[int, float] = {}
    for o in others:
        if lo - _EDGE_TOLERANCE <= o[pos] <= hi + _EDGE_TOLERANCE:
            k = round(o[pos] / _EDGE_TOLERANCE)
            cover[k] = cover.get(k, 0.0) + max(0.0, min(b, o[end]) - max(a, o[start]))
    return any(v >= (b - a) - 2 * _EDGE_TOLERANCE for v in cover.values())


def _clusters(values: list[float]) -> list[float]:
    """Sorted distinct edge positions, values within the tolerance merged into their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= _EDGE_TOLERANCE:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _nearest(edges: list[float], v: float) -> int:
    i = bisect.bisect_left(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def _table(bboxes: list[tuple[float, float, float, float]], chars: list[dict], page: int,
           trim: bool = True, columns: list[float] | None = None,
           vlines: list[tuple[float, float, float]] | None = None) -> _Part | None:
    """(bbox, grid) from pdfplumber's cell boxes, or None for what is not a table: a single column
    of boxes is ruled text (paragraph borders, a framed preface), left to the paragraphs. Rows of
    ruled prose touching the table above or below it are cut off the same way."""
    if not bboxes:
        return None
    bboxes = _without_lines_through_text(bboxes, chars)
    xs = columns or _clusters([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = _clusters([b[1] for b in bboxes] + [b[3] for b in bboxes])
    vlines = vlines or []
    ruled = (ys[0], ys[-1])
    ys = _open_rows(xs, ys, vlines, chars)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_cols < 2 or n_rows < 1:
        return None
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    cells: list[Cell] = []
    for x0, top, x1, bottom in sorted(bboxes, key=lambda b: (b[1], b[0])):
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
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
            kept = [b for b in bboxes if b[1] >= lo - _EDGE_TOLERANCE and b[3] <= hi + _EDGE_TOLERANCE]
            return _table(kept, chars, page, trim=False, columns=columns, vlines=vlines)
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    inside = [ch for ch in chars if xs[0] <= (ch["x0"] + ch["x1"]) / 2 <= xs[-1]
              and ys[0] <= (ch["top"] + ch["bottom"]) / 2 <= ys[-1]]
    table = Table(index=0, n_rows=n_rows, n_cols=n_cols, cells=cells, grid=grid, page=page)
    return _Part(bbox, list(bboxes), inside, page, table, vlines)


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
            b = next((b for b in boxes[i + 1:] if abs(b[0] - a[2]) <= _EDGE_TOLERANCE
                      and abs(b[1] - a[1]) <= _EDGE_TOLERANCE and abs(b[3] - a[3]) <= _EDGE_TOLERANCE), None)
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
    others = [o for o in boxes if o[3] <= a[1] + _EDGE_TOLERANCE or o[1] >= a[3] - _EDGE_TOLERANCE]
    if len({round(o[1]) for o in others}) < 2:
        return False  # too few other rows to tell a stray edge from a column
    if any(abs(o[0] - x) <= _EDGE_TOLERANCE or abs(o[2] - x) <= _EDGE_TOLERANCE for o in others):
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
            if not any(abs(x - cx) <= _EDGE_TOLERANCE for cx in xs):
                continue
            if top_side and top < edge - 3 and bottom >= edge - _EDGE_TOLERANCE:
                ends.append(top)
            elif not top_side and bottom > edge + 3 and top <= edge + _EDGE_TOLERANCE:
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
                    abs(x - xs[end]) <= _EDGE_TOLERANCE and top <= mid <= bottom for x, top, bottom in vlines or ()):
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
        owner[key].text = _chars_text(chs)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _chars_text(chars: list[dict]) -> str:
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


# ---------------------------------------------------------------------------
# the document: running heads dropped, lines joined into paragraphs
# ---------------------------------------------------------------------------


def _running_heads(pages: list[_PageItems]) -> set[str]:
    """Texts printed in the top or bottom band of most pages (a running head, a footer)."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for p in pages:
        texts = {re.sub(r"\d+", "#", it.text) for _, it in p.items if isinstance(it, _Line) and _in_margin(it)}
        seen.update(texts)
    return {t for t, n in seen.items() if n >= max(3, len(pages) // 2 + 1)}


def _in_margin(line: _Line) -> bool:
    band = line.page_height * _MARGIN_BAND
    return line.top < band or line.bottom > line.page_height - band


def _continued_tables(pages: list[_PageItems], heads: set[str]) -> list[list[tuple[int, int]]]:
    """A table cut by a page break: the part on the next page may lack some of the column lines
    of the first (a merged label cell there), so each part alone would get its own columns and
    the joined rows would not line up. Parts of equal width that follow each other across the
    break, with no text between, are laid out again on the union of their column edges."""
    runs: list[list[tuple[int, int]]] = []  # (page index, item index) of consecutive parts
    prev: tuple[int, int] | None = None
    for pi, p in enumerate(pages):
        body = [(ii, it) for ii, (_, it) in enumerate(p.items) if not (isinstance(it, _Line) and _is_furniture(it, heads))]
        for k, (ii, it) in enumerate(body):
            if not isinstance(it, _Part):
                prev = None
                continue
            first_on_page = k == 0
            if prev is not None and first_on_page and _same_width(_part_at(pages, prev), it):
                runs[-1].append((pi, ii))
            else:
                runs.append([(pi, ii)])
            prev = (pi, ii) if k == len(body) - 1 else None
    for run in runs:
        if len(run) < 2:
            continue
        parts = [_part_at(pages, at) for at in run]
        edges = _clusters([x for part in parts for b in part.boxes for x in (b[0], b[2])])
        for (pi, ii), part in zip(run, parts):
            redone = _table(part.boxes, part.chars, part.page, trim=False, columns=edges, vlines=part.vlines)
            if redone is not None:
                pages[pi].items[ii] = (pages[pi].items[ii][0], redone)
    return [run for run in runs if len(run) > 1]


def _joined(tables: list[Table]) -> list[Table]:
    """The parts of one table cut by page breaks, as one table when they belong together: a part
    that alone is none of the form's tables (the header rows of 表三 before the break, its data
    rows after) is joined with the others, as Word holds them in one table. Rows at the top of a
    later part that repeat the first part's top rows are Word's repeated header rows: printed on
    every page, written once. Parts that are each a table of their own are left to locate."""
    from ..locate import classify_table, join_tables

    for above, below in zip(tables, tables[1:]):
        _carry_split_labels(above, below)
    kinds = [classify_table(t) for t in tables]
    if None not in kinds:
        return tables
    known = {k for k in kinds if k is not None}
    skip = [0] + [_repeated_header_rows(tables[0], t) for t in tables[1:]]
    whole = join_tables(tables, skip)
    kind = classify_table(whole)
    if kind is None or len(known - {kind}) > 0:
        return tables
    return [whole]


def _row_texts(t: Table, r: int) -> tuple[str, ...]:
    return tuple(c.text.strip() if c else "" for c in t.grid[r])


def _repeated_header_rows(first: Table, part: Table) -> int:
    n = 0
    while n < min(first.n_rows, part.n_rows) - 1 and first.n_cols == part.n_cols \
            and _row_texts(first, n) == _row_texts(part, n) and not any(_NUMBER.match(x) and x for x in _row_texts(part, n)):
        n += 1
    return n


def _part_at(pages: list[_PageItems], at: tuple[int, int]) -> _Part:
    return pages[at[0]].items[at[1]][1]


def _same_width(a: _Part, b: _Part) -> bool:
    return abs(a.bbox[0] - b.bbox[0]) <= 3 * _EDGE_TOLERANCE and abs(a.bbox[2] - b.bbox[2]) <= 3 * _EDGE_TOLERANCE


def _assemble(pages: list[_PageItems]) -> list[Block]:
    heads = _running_heads(pages)
    runs = _continued_tables(pages, heads)
    joined: dict[int, list[Table]] = {}  # id of a run's first table → what stands for the run
    dropped: set[int] = set()  # ids of the run's other parts
    for run in runs:
        tables = [_part_at(pages, at).table for at in run]
        joined[id(tables[0])] = _joined(tables)
        dropped.update(id(t) for t in tables[1:])
    lines = [it for p in pages for _, it in p.items if isinstance(it, _Line)]
    body = [ln for ln in lines if not _is_furniture(ln, heads)]
    metrics = _Metrics.of(body)
    blocks: list[Block] = []
    para: list[_Line] = []
    joined_last: list[Table] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(index=len(blocks), text=_join(para), page=para[0].page))
            para.clear()

    for p in pages:
        for _, it in p.items:
            if isinstance(it, _Part):
                flush()
                if id(it.table) in dropped:
                    if len(joined_last) > 1:  # a run kept in parts: each part is a block of its own
                        part = next(t for t in joined_last if t is it.table)
                        part.index = len(blocks)
                        blocks.append(part)
                    continue
                joined_last = joined.get(id(it.table), [it.table])
                first = joined_last[0]
                first.index = len(blocks)
                blocks.append(first)
                continue
            if _is_furniture(it, heads):
                continue
            if para and not metrics.continues(para[-1], it):
                flush()
            para.append(it)
    flush()
    return blocks


_ENUMERATED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+\s*、|\d+\s*[.．、])")
_NUMBER = re.compile(r"^[\s\d.,，\-—－]*$")


def _carry_split_labels(above: Table, below: Table) -> None:
    """A vertically merged label cell cut by a page break prints part of its text on each page
    (（四）无 | 法提供). Word keeps it one cell; here both halves get the whole label, so the rows on
    either side of the break carry the same group. A cell below that starts with its own number
    (（五）…, 2.…) is a new label, and two single-row cells are two rows, not one cut cell."""
    for c in range(below.n_cols):
        a, b = above.grid[-1][c], below.grid[0][c]
        if a is None or b is None or a.col != c or b.col != c or a.colspan != b.colspan:
            continue
        head, tail = a.text.strip(), b.text.strip()
        if not head or _NUMBER.match(head) or _NUMBER.match(tail) and tail:
            continue
        whole = head + tail
        if _is_form_label(whole) and not (_is_form_label(head) and _is_form_label(tail)):
            pass  # 结果|维持 → 结果维持: only the two halves together are a label of the form
        elif _ENUMERATED.match(tail) or (a.rowspan == 1 and b.rowspan == 1 and tail):
            continue
        a.text = b.text = whole


@functools.lru_cache(maxsize=1)
def _form_labels() -> frozenset[str]:
    """Every printed row and column label of the official form (fields.csv), normalised."""
    from ..fields import canonical_fields, extra_fields
    from ..normalize import normalize_label

    out: set[str] = set()
    for f in (*canonical_fields(), *extra_fields()):
        for label in (f.row_label, f.column_label):
            out.update(normalize_label(part) for part in (label or "").split(" / ") if part.strip())
    return frozenset(out)


def _is_form_label(text: str) -> bool:
    from ..normalize import normalize_label

    return normalize_label(text) in _form_labels()


def _is_furniture(line: _Line, heads: set[str]) -> bool:
    if not _in_margin(line):
        return False
    return bool(_PAGE_NUMBER.match(line.text)) or re.sub(r"\d+", "#", line.text) in heads


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _join(lines: list[_Line]) -> str:
    """Lines of one paragraph: no space at a break between CJK text (a break is only the page
    width), a space between two Latin words."""
    text = lines[0].text
    for ln in lines[1:]:
        if text and ln.text and text[-1].isascii() and text[-1].isalpha() and ln.text[0].isascii() \
                and ln.text[0].isalpha():
            text += " "
        text += ln.text
    return text


@dataclass
class _Metrics:
    left: float  # the text block's left edge: where continuation lines start
    right: float  # where full lines end
    size: float  # line height
    pitch: float  # distance from one line's top to the next within a paragraph

    @classmethod
    def of(cls, lines: list[_Line]) -> _Metrics:
        if not lines:
            return cls(0.0, 0.0, 10.0, 12.0)
        size = statistics.median(ln.bottom - ln.top for ln in lines) or 10.0
        # first lines are indented and headings centred: the left edge is the leftmost start
        # shared by several lines, not the most common one (short paragraphs have more first lines)
        starts = Counter(round(ln.x0) for ln in lines)
        common = [x for x, n in starts.items() if n >= max(2, len(lines) // 20)]
        left = min(common) if common else min(starts)
        ends = sorted(ln.x1 for ln in lines if abs(ln.x0 - left) <= size * 0.6) or sorted(ln.x1 for ln in lines)
        right = ends[int(len(ends) * 0.75)] if len(ends) > 3 else ends[-1]
        steps = [b.top - a.top for a, b in zip(lines, lines[1:])
                 if a.page == b.page and 0 < b.top - a.top < size * 4]
        pitch = statistics.median(steps) if steps else size * 1.5
        return cls(float(left), float(right), float(size), float(pitch))

    def continues(self, prev: _Line, line: _Line) -> bool:
        """Does ``line`` carry on the paragraph ``prev`` ended?"""
        # CJK line breaking may leave up to two characters' room at the end of a full line
        full = prev.x1 >= self.right - self.size * 2
        at_left = abs(line.x0 - self.left) <= self.size * 0.6
        if not (full and at_left):
            return False
        if prev.text.endswith(_SENTENCE_END) and _ENUMERATED.match(line.text):
            return False  # a numbered heading right after a sentence that filled its line
        if line.page != prev.page:
            return True
        # more space than the line pitch is a paragraph break drawn as space
        return line.top - prev.top <= self.pitch * 1.35


_SENTENCE_END = ("。", "！", "？", "；", "：", ".", ":")

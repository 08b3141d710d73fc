"""The document from its pages: running heads and page numbers dropped, tables cut by page breaks
laid out again and joined, text lines joined into paragraphs."""

from __future__ import annotations

import functools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ...models import Block, Paragraph, Table
from .model import EDGE_TOLERANCE, SNAP_TOLERANCE, Line, PageItems, Part, clusters
from .ruled import ruled_table

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?[\s\-—–－·•]*$")
_MARGIN_BAND = 0.09  # share of the page height at the top and bottom where running heads sit


def _running_heads(pages: list[PageItems]) -> set[str]:
    """Texts printed in the top or bottom band of most pages (a running head, a footer)."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for p in pages:
        texts = {re.sub(r"\d+", "#", it.text) for _, it in p.items if isinstance(it, Line) and _in_margin(it)}
        seen.update(texts)
    return {t for t, n in seen.items() if n >= max(3, len(pages) // 2 + 1)}


def _in_margin(line: Line) -> bool:
    band = line.page_height * _MARGIN_BAND
    return line.top < band or line.bottom > line.page_height - band


def _continued_tables(pages: list[PageItems], heads: set[str]) -> list[list[tuple[int, int]]]:
    """A table cut by a page break: the part on the next page may lack some of the column lines
    of the first (a merged label cell there), so each part alone would get its own columns and
    the joined rows would not line up. Parts of equal width that follow each other across the
    break, with no text between, are laid out again on the union of their column edges."""
    runs: list[list[tuple[int, int]]] = []  # (page index, item index) of consecutive parts
    prev: tuple[int, int] | None = None
    for pi, p in enumerate(pages):
        body = [(ii, it) for ii, (_, it) in enumerate(p.items) if not (isinstance(it, Line) and _is_furniture(it, heads))]
        for k, (ii, it) in enumerate(body):
            if not isinstance(it, Part):
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
        # the parts' column lines, drawn at one position, may have been snapped apart on one page
        edges = clusters([x for part in parts for b in part.boxes for x in (b[0], b[2])], SNAP_TOLERANCE)
        for (pi, ii), part in zip(run, parts):
            redone = ruled_table(part.boxes, part.chars, part.page, trim=False, columns=edges, vlines=part.vlines)
            if redone is not None:
                pages[pi].items[ii] = (pages[pi].items[ii][0], redone)
    return [run for run in runs if len(run) > 1]


def _joined(tables: list[Table]) -> list[Table]:
    """The parts of one table cut by page breaks, as one table when they belong together: a part
    that alone is none of the form's tables (the header rows of 表三 before the break, its data
    rows after) is joined with the others, as Word holds them in one table. Rows at the top of a
    later part that repeat the first part's top rows are Word's repeated header rows: printed on
    every page, written once. Parts that are each a table of their own are left to locate."""
    from ...locate import classify_table, join_tables

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


def _part_at(pages: list[PageItems], at: tuple[int, int]) -> Part:
    return pages[at[0]].items[at[1]][1]


def _same_width(a: Part, b: Part) -> bool:
    return abs(a.bbox[0] - b.bbox[0]) <= 3 * EDGE_TOLERANCE and abs(a.bbox[2] - b.bbox[2]) <= 3 * EDGE_TOLERANCE


def assemble(pages: list[PageItems]) -> list[Block]:
    heads = _running_heads(pages)
    runs = _continued_tables(pages, heads)
    joined: dict[int, list[Table]] = {}  # id of a run's first table → what stands for the run
    dropped: set[int] = set()  # ids of the run's other parts
    for run in runs:
        tables = [_part_at(pages, at).table for at in run]
        joined[id(tables[0])] = _joined(tables)
        dropped.update(id(t) for t in tables[1:])
    lines = [it for p in pages for _, it in p.items if isinstance(it, Line)]
    body = [ln for ln in lines if not _is_furniture(ln, heads)]
    metrics = _Metrics.of(body)
    blocks: list[Block] = []
    para: list[Line] = []
    joined_last: list[Table] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(index=len(blocks), text=_join(para), page=para[0].page))
            para.clear()

    for p in pages:
        for _, it in p.items:
            if isinstance(it, Part):
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
        if not tail and _holds_numbers(below, c) and any(_NUMBER.match(x) and x for x in _row_texts(below, 0)):
            continue  # a column header above the break, an empty value cell of a data row below it
        whole = head + tail
        if is_form_label(whole) and not (is_form_label(head) and is_form_label(tail)):
            pass  # 结果|维持 → 结果维持: only the two halves together are a label of the form
        elif _ENUMERATED.match(tail) or (a.rowspan == 1 and b.rowspan == 1 and tail):
            continue
        a.text = b.text = whole


def _holds_numbers(t: Table, c: int) -> bool:
    return any(cell is not None and cell.col == c and _NUMBER.match(cell.text.strip()) and cell.text.strip()
               for row in t.grid for cell in (row[c],))


@functools.lru_cache(maxsize=1)
def _form_labels() -> frozenset[str]:
    """Every printed row and column label of the official form (fields.csv), normalised."""
    from ...fields import canonical_fields, extra_fields
    from ...normalize import normalize_label

    out: set[str] = set()
    for f in (*canonical_fields(), *extra_fields()):
        for label in (f.row_label, f.column_label):
            out.update(normalize_label(part) for part in (label or "").split(" / ") if part.strip())
    return frozenset(out)


def is_form_label(text: str) -> bool:
    from ...normalize import normalize_label

    return normalize_label(text) in _form_labels()


def _is_furniture(line: Line, heads: set[str]) -> bool:
    if not _in_margin(line):
        return False
    return bool(_PAGE_NUMBER.match(line.text)) or re.sub(r"\d+", "#", line.text) in heads


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _join(lines: list[Line]) -> str:
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
    def of(cls, lines: list[Line]) -> _Metrics:
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

    def continues(self, prev: Line, line: Line) -> bool:
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

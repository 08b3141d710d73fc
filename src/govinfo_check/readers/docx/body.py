"""The document body in reading order: paragraphs (style, outline level, list label, bold) and
tables laid out on their grid, merged cells placed once at every position they cover."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from lxml import etree

from ...models import Block, Cell, Paragraph, Table
from ..errors import ReadError
from .markup import MATH_PREFIX, MC_ALT, Tags, alternate_choice, first_child, first_grandchild, int_attr, \
    namespace_of, tags_for
from .numbering import Numbering
from .runs import RunWalker
from .styles import StyleSheet, num_pr


@dataclass
class _Text:
    """What one paragraph yields."""

    text: str
    bold: bool
    has_drawing: bool


class BodyReader:
    def __init__(self, root: etree._Element, styles: StyleSheet, numbering: Numbering | None = None) -> None:
        self.t = tags_for(namespace_of(root))
        self.root = root
        self.styles = styles
        self.numbering = numbering or Numbering()
        # w:tcPr → [gridSpan, vMerge, hMerge], filled by _find_merges()
        self._merges: dict[etree._Element, list] = {}
        self._labels = bool(self.numbering.nums)  # whether any paragraph can have a list label
        self._plain_text = plain_text_reader(self.t)

    # -- blocks -------------------------------------------------------------

    def blocks(self) -> list[Block]:
        body = self.root.find(self.t.body)
        if body is None:
            raise ReadError("F-001", "word/document.xml has no w:body", "word/document.xml 中没有 w:body")
        self._find_merges(body)
        out: list[Block] = []
        for el in self._flatten(body, (self.t.p, self.t.tbl)):
            if el.tag == self.t.p:
                out.append(self._paragraph(el, len(out)))
            else:
                out.append(self._table(el, len(out)))
        return out

    def _find_merges(self, body: etree._Element) -> None:
        """Cells' gridSpan / vMerge / hMerge, found in one pass in C. A Python loop over every
        w:tcPr's children (width, borders, shading … to find the one or two that matter) makes
        an lxml proxy object per child and was about a quarter of the cost of reading tables;
        iter() makes them only for the merge elements. lxml hands out the same proxy for a node
        while one is alive, so _place() finds its w:tcPr here by identity."""
        t = self.t
        merges = self._merges
        for x in body.iter(t.gridSpan, t.vMerge, t.hMerge):
            tcpr = x.getparent()
            if tcpr.tag != t.tcPr:
                continue
            props = merges.get(tcpr)
            if props is None:
                props = merges[tcpr] = [1, None, None]
            # in document order, so a later duplicate wins, as in a loop over the children
            tag = x.tag
            if tag == t.gridSpan:
                props[0] = max(int_attr(x, t, 1), 1)
            elif tag == t.vMerge:
                props[1] = x.get(t.val) or "continue"
            else:
                props[2] = x.get(t.val) or "continue"

    def _flatten(self, parent: etree._Element, wanted: tuple[str, ...]) -> Iterator[etree._Element]:
        """Children with a wanted tag, looking through block-level content controls and custom XML."""
        t = self.t
        for el in parent:
            tag = el.tag
            if tag in wanted:
                yield el
            elif tag == t.sdt:
                content = el.find(t.sdtContent)
                if content is not None:
                    yield from self._flatten(content, wanted)
            elif tag == t.customXml:
                yield from self._flatten(el, wanted)
            elif tag == MC_ALT:
                choice = alternate_choice(el)
                if choice is not None:
                    yield from self._flatten(choice, wanted)

    def _paragraph(self, p: etree._Element, index: int) -> Paragraph:
        t = self.t
        ppr = first_child(p, t.pPr)
        style_id = None
        outline = None
        lvl = None
        if ppr is not None:
            ps = None
            for x in ppr:  # the first of each, as find() would
                tag = x.tag
                if tag == t.pStyle:
                    ps = x if ps is None else ps
                elif tag == t.outlineLvl:
                    lvl = x if lvl is None else lvl
            style_id = ps.get(t.val) if ps is not None else None
            if lvl is not None:
                outline = int_attr(lvl, t, 9)
                outline = None if outline >= 9 else outline
        if outline is None and lvl is None:
            outline = self.styles.outline_level(style_id)
        label = self._list_label(ppr, style_id)
        got = self._text(p, style_id, want_bold=True)
        return Paragraph(index=index, text=label + got.text, style=style_id or "", outline_level=outline,
                         bold=got.bold, has_drawing=got.has_drawing, list_label=label)

    def _list_label(self, ppr: etree._Element | None, style_id: str | None) -> str:
        """The automatic number Word prints before the paragraph ("一、", "（二）", "1."), or ""."""
        if not self.numbering.nums:
            return ""
        num_id, ilvl = num_pr(ppr, self.t)
        if num_id is None or ilvl is None:
            from_style = self.styles.list_ref(style_id)
            num_id = num_id if num_id is not None else from_style[0]
            ilvl = ilvl if ilvl is not None else from_style[1]
        if num_id is None or num_id == "0":  # numId 0 switches a style's numbering off
            return ""
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id) or 0
        return self.numbering.label(num_id, ilvl)

    # -- runs ---------------------------------------------------------------

    def _text(self, p: etree._Element, style_id: str | None, want_bold: bool) -> _Text:
        walker = RunWalker(self.t, self.styles, style_id, want_bold)
        walker.walk(p)
        return _Text("".join(walker.parts), walker.all_bold and walker.any_text, walker.has_drawing)

    # -- tables -------------------------------------------------------------

    def _table(self, tbl: etree._Element, index: int) -> Table:
        t = self.t
        grid: list[list[Cell | None]] = []
        cells: list[Cell] = []
        nested: list[Table] = []
        for tr in self._flatten(tbl, (t.tr,)):
            # One pass over the row's children finds its first w:trPr and, in the usual case that
            # no content control or custom XML wraps them, its cells.
            trpr = None
            tcs: list[etree._Element] = []
            wrapped = False
            for el in tr:
                tag = el.tag
                if tag == t.tc:
                    tcs.append(el)
                elif tag == t.trPr:
                    trpr = el if trpr is None else trpr
                elif tag in t.wrappers:
                    wrapped = True
            before = after = 0
            if trpr is not None:
                deleted = False
                grid_before = grid_after = None
                for x in trpr:  # the first of each, as find() would
                    tag = x.tag
                    if tag == t.del_:
                        deleted = True
                        break
                    if tag == t.gridBefore:
                        grid_before = x if grid_before is None else grid_before
                    elif tag == t.gridAfter:
                        grid_after = x if grid_after is None else grid_after
                if deleted:
                    continue  # a tracked deleted row is not in the document any more
                before = int_attr(grid_before, t, 0)
                after = int_attr(grid_after, t, 0)
            row: list[Cell | None] = [None] * max(before, 0)
            r = len(grid)
            for tc in self._flatten(tr, (t.tc,)) if wrapped else tcs:
                self._place(tc, r, row, grid, cells, nested, index)
            row.extend([None] * max(after, 0))
            grid.append(row)
        n_cols = max((len(row) for row in grid), default=0)
        for row in grid:
            row.extend([None] * (n_cols - len(row)))
        return Table(index=index, n_rows=len(grid), n_cols=n_cols, cells=cells, grid=grid, nested=nested,
                     has_drawing=any(c.has_drawing for c in cells))

    def _place(self, tc: etree._Element, r: int, row: list[Cell | None], grid: list[list[Cell | None]],
               cells: list[Cell], nested: list[Table], index: int) -> None:
        """Put one w:tc into the grid row being built, merging it into a cell above or to the left."""
        t = self.t
        w_p = t.p
        merge = None
        # One pass over the cell's children reads its first w:tcPr and, in the usual case that
        # they are all there is, its paragraphs; a nested table or a wrapper (content control,
        # custom XML) sends the content through _flatten().
        paragraphs: list[etree._Element] = []
        only_paragraphs = True
        props_seen = False
        for el in tc:
            tag = el.tag
            if tag == w_p:
                paragraphs.append(el)
            elif tag == t.tcPr:
                if not props_seen:  # only the first w:tcPr counts
                    props_seen = True
                    merge = self._merges.get(el)
            elif tag == t.tbl or tag in t.wrappers:
                only_paragraphs = False
        if only_paragraphs and not self._labels:
            # the usual cell, inlined (a call per cell is a fair share of reading a table): its
            # paragraphs' plain text, one a line, _cell_content() where any needs the walker
            drawing = False
            if len(paragraphs) == 1:
                text = self._plain_text(paragraphs[0])
                if text is None:
                    text, drawing = self._cell_content(paragraphs, nested, index)
            else:
                text, drawing = self._cell_content(paragraphs, nested, index)
        else:
            blocks = paragraphs if only_paragraphs else self._flatten(tc, (w_p, t.tbl))
            text, drawing = self._cell_content(blocks, nested, index)
        col = len(row)
        if merge is None:  # most cells: one grid position, nothing to merge with
            target = Cell(r, col, 1, 1, text, drawing)
            cells.append(target)
            row.append(target)
            return
        span, vmerge, hmerge = merge
        target: Cell | None = None
        if vmerge == "continue" and r > 0 and col < len(grid[r - 1]):
            above = grid[r - 1][col]
            if above is not None and above.col == col and above.colspan == span:
                above.rowspan = r - above.row + 1
                target = above
        elif hmerge == "continue" and row and row[-1] is not None:
            left = row[-1]
            if left.row == r and left.rowspan == 1:
                left.colspan += span
                target = left
        if target is None:
            target = Cell(r, col, 1, span, text, drawing)
            cells.append(target)
        else:
            # Word shows only the first cell of a merge, but text left in a continuation is kept
            # rather than silently dropped.
            if text.strip():
                target.text = f"{target.text}\n{text}" if target.text.strip() else text
            target.has_drawing = target.has_drawing or drawing
        if span == 1:
            row.append(target)
        else:
            row.extend([target] * span)

    def _cell_content(self, blocks: Iterable[etree._Element], nested: list[Table],
                      index: int) -> tuple[str, bool]:
        """A cell's text (its paragraphs, one a line) and whether it holds a picture, from its
        paragraphs and tables in order; the tables go to ``nested``."""
        t = self.t
        lines: list[str] = []
        drawing = False
        labels = self._labels
        for el in blocks:
            if el.tag == t.p:
                text = self._plain_text(el)
                if text is None:
                    got = self._text(el, None, want_bold=False)
                    text = got.text
                    drawing = drawing or got.has_drawing
                # labels are counted in document order, so this stays in the same loop
                label = self._list_label(first_child(el, t.pPr), _style_id(el, t)) if labels else ""
                lines.append(label + text)
            else:
                nested.append(self._table(el, index))
        return "\n".join(lines), drawing


def plain_text_reader(t: Tags) -> Callable[[etree._Element], str | None]:
    """A function giving the text RunWalker would give a paragraph made of plain runs, without
    bold; None when the paragraph has anything more (fields, pictures, alternate content, math,
    hyperlinks, content controls, tracked changes …) and needs the walker itself.

    Nearly every table cell is one such paragraph, and a RunWalker per cell (an object,
    a call per run and per piece of text) costs more than parsing the file. This is the
    walker's own dispatch, inlined, for the case where it only ever reaches RunWalker._run(): the
    same children are read (w:t, w:tab … of runs that are the paragraph's children) and
    the same ones ignored, so the text is the same. The tag names are bound once, in the
    closure, rather than looked up at each of ~300 calls a report."""
    w_r, w_t, w_ppr, chars = t.r, t.t, t.pPr, t.chars
    walked_in_p, walked_in_r = t.walked_in_p, t.walked_in_r

    def plain_text(p: etree._Element) -> str | None:
        pieces: list[str] = []
        for el in p:
            tag = el.tag
            if tag == w_ppr:
                continue
            if tag == w_r:
                for x in el:
                    tag = x.tag
                    if tag == w_t:
                        pieces.append(x.text or "")
                    elif tag in chars:
                        pieces.append(chars[tag])
                    elif tag in walked_in_r:
                        return None
            elif tag in walked_in_p or (isinstance(tag, str) and tag.startswith(MATH_PREFIX)):
                return None
        return "".join(pieces)

    return plain_text


def _style_id(p: etree._Element, t: Tags) -> str | None:
    ps = first_grandchild(p, t.pPr, t.pStyle)
    return ps.get(t.val) if ps is not None else None

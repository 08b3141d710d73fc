"""An annotated copy of a checked report: every finding as a Word comment where it applies.

The reviewer opens the copy in Word/WPS and sees each problem beside the cell or sentence it is
about, the suspected cell shaded, and a summary comment on the title. The original file is only
read (its bytes are loaded once); the copy is written to a temporary file and moved into place,
so a failed run never leaves a half-written document behind.

Findings point at cells by ``(table_index, row, col)``: the block index of the table in the body
and the grid position in the (possibly joined) table. This module maps that back to the ``w:tc``
element with the same rules as the reader: blocks are the body's ``w:p``/``w:tbl`` children in
order, content controls (``w:sdt``) and ``w:customXml`` count as the blocks they wrap, ``gridBefore``
shifts a row, ``gridSpan`` widens a cell, ``vMerge`` continuation cells belong to the cell above.
When the parsed grid is available, the cell text is compared first: a mismatch means the mapping
is not trustworthy and the finding goes to the summary comment instead, saying so.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from .atomic import reason, write_atomic
from .models import TABLE_TITLES, FileResult, Finding, LocatedTable, Location, ParsedReport, Table

AUTHOR = "govinfo-check"
INITIALS = "GC"
FILL_BLAMED = "FFC7CE"  # Excel's "bad" red: the one cell that explains a failing relation
FILL_ERROR = "FDE9EC"  # lighter: a cell an error is reported on
FILL_WARNING = "FFF2CC"  # pale yellow: a cell a warning is reported on
_FILL_RANK = {FILL_WARNING: 1, FILL_ERROR: 2, FILL_BLAMED: 3}
SUMMARY_CODES = 5  # how many codes the summary comment names before "…"

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MC_ALT, _MC_CHOICE, _MC_FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_SPACE = re.compile(r"\s+")

_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "error": "错误", "warning": "警告", "info": "提示",
        "expected": "应为 {expected}，实为 {actual}",
        "blame_main": "疑似出错的单元格：{where}（印为 {printed}，按其他数字应为 {implied}）",
        "blame_cell": "[{code}] 疑似此格有误：印为 {printed}，按其他数字应为 {implied}。{message}",
        "summary_head": "govinfo-check 检查结果：{errors} 个错误，{warnings} 个警告，{infos} 个提示。",
        "summary_codes": "涉及：{codes}",
        "summary_clean": "govinfo-check 检查结果：未发现问题。",
        "summary_unanchored": "以下问题无法标注到具体位置：",
        "mismatch": "（无法定位到单元格：{where} 在文档中为“{found}”，解析结果为“{parsed}”）",
        "missing_cell": "（无法定位到单元格：文档中的{table}（第 {table_index} 块）没有第 {row} 行第 {col} 列）",
        "missing_block": "（无法定位：文档中没有第 {index} 块）",
        "cell": "{table} 第 {row} 行第 {col} 列",
        "unreadable": "文件无法读取，未生成批注副本",
        "same_path": "输出文件不能与原文件相同：{path}",
        "part_too_large": "压缩包中的 {part} 解压后 {size} MB，超过 {limit} MB 的上限，不生成批注副本",
        "package_too_large": "压缩包解压后共 {size} MB，超过 {limit} MB 的上限，不生成批注副本",
        "doctype": "{part} 含有 DOCTYPE 声明（Word 从不写入），为安全起见不生成批注副本",
        "open_failed": "无法作为 Word 文档打开：{detail}",
        "not_docx": "批注只能写入 .docx 文件，{path} 是 {suffix} 文件（其问题见检查报告；--format html 报告中标出了表格中的单元格）",
        "write_failed": "无法写入 {path}：{detail}",
        "failed": "处理文档时出错：{detail}",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "expected": "expected {expected}, found {actual}",
        "blame_main": "Suspected cell: {where} (printed {printed}, the other figures imply {implied})",
        "blame_cell": "[{code}] This cell looks wrong: printed {printed}, the other figures imply {implied}. {message}",
        "summary_head": "govinfo-check: {errors} errors, {warnings} warnings, {infos} notes.",
        "summary_codes": "Codes: {codes}",
        "summary_clean": "govinfo-check: no problems found.",
        "summary_unanchored": "Findings that could not be placed in the document:",
        "mismatch": "(could not place it on a cell: {where} reads \u201c{found}\u201d in the document "
                    "but \u201c{parsed}\u201d in the parsed table)",
        "missing_cell": "(could not place it: {table} (block {table_index}) has no row {row}, column {col})",
        "missing_block": "(could not place it: the document has no block {index})",
        "cell": "{table} row {row}, column {col}",
        "unreadable": "the file could not be read; no annotated copy was written",
        "same_path": "the output file must differ from the original: {path}",
        "part_too_large": "{part} is {size} MB uncompressed, over the {limit} MB limit; no annotated copy",
        "package_too_large": "the package is {size} MB uncompressed, over the {limit} MB limit; no annotated copy",
        "doctype": "{part} has a DOCTYPE declaration (Word never writes one); no annotated copy, to be safe",
        "open_failed": "cannot open it as a Word document: {detail}",
        "not_docx": "comments can only be written into a .docx; {path} is a {suffix} file (see the report for its "
                    "findings; --format html marks the cells in the tables)",
        "write_failed": "cannot write {path}: {detail}",
        "failed": "error while annotating: {detail}",
    },
}


def _t(lang: str, key: str, **args: Any) -> str:
    table = _TEXT.get(lang, _TEXT["zh"])
    return table[key].format(**args)


class AnnotateError(Exception):
    """The copy could not be made. ``messages`` holds the reason per language ("zh", "en")."""

    def __init__(self, messages: dict[str, str]):
        super().__init__(messages.get("en") or messages.get("zh", ""))
        self.messages = messages

    def message(self, lang: str = "zh") -> str:
        return self.messages.get(lang) or self.messages.get("zh", "")


def _error(key: str, **args: Any) -> AnnotateError:
    return AnnotateError({lang: _t(lang, key, **args) for lang in _TEXT})


@dataclass
class AnnotateSummary:
    src: str
    dst: str | None  # None when nothing was written
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    comments: int = 0  # comments written, the summary comment included
    anchored: int = 0  # findings placed on a cell or paragraph
    unanchored: list[str] = field(default_factory=list)  # codes listed only in the summary comment
    shaded: int = 0  # cells given a fill
    skipped: str | None = None  # why no copy was written (annotate_dir only)


# ---------------------------------------------------------------------------
# mapping block / grid positions back to XML elements
# ---------------------------------------------------------------------------


def body_blocks(body: etree._Element) -> list[etree._Element]:
    """The body's ``w:p`` and ``w:tbl`` elements in reading order, looking through wrappers
    exactly as ``docx_reader`` does, so block indexes agree."""
    return list(_flatten(body, (qn("w:p"), qn("w:tbl"))))


def _flatten(parent: etree._Element, wanted: tuple[str, ...]) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag in wanted:
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _flatten(content, wanted)
        elif child.tag == qn("w:customXml"):
            yield from _flatten(child, wanted)
        elif child.tag == _MC_ALT:
            choice = _alternate_choice(child)
            if choice is not None:
                yield from _flatten(choice, wanted)


def _alternate_choice(alt: etree._Element) -> etree._Element | None:
    # mc:AlternateContent holds the same content twice; the reader reads Choice, else Fallback
    for tag in (_MC_CHOICE, _MC_FALLBACK):
        for child in alt:
            if child.tag == tag:
                return child
    return None


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(qn("w:val"), default))
    except ValueError:
        return default


def _merge_props(tc: etree._Element) -> tuple[int, str | None, str | None]:
    """gridSpan, vMerge and hMerge of a cell (a merge without w:val means "continue")."""
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        return 1, None, None
    span = max(_int_val(tc_pr.find(qn("w:gridSpan")), 1), 1)
    v = tc_pr.find(qn("w:vMerge"))
    h = tc_pr.find(qn("w:hMerge"))
    return (span, None if v is None else v.get(qn("w:val")) or "continue",
            None if h is None else h.get(qn("w:val")) or "continue")


def tc_grid(tbl: etree._Element) -> list[list[etree._Element | None]]:
    """For each grid position of a ``w:tbl``, the ``w:tc`` that starts the cell covering it.

    Mirrors ``docx_reader``: tracked-deleted rows are gone, ``gridBefore`` leaves empty positions,
    a ``vMerge`` continuation joins the cell above only when it starts in the same column with the
    same span, an ``hMerge`` continuation joins the cell to its left."""
    grid: list[list[etree._Element | None]] = []
    start: dict[etree._Element, tuple[int, int]] = {}  # owner tc -> (row, col) it starts at
    width: dict[etree._Element, int] = {}  # owner tc -> colspan so far
    for tr in _flatten(tbl, (qn("w:tr"),)):
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is not None and tr_pr.find(qn("w:del")) is not None:
            continue
        r = len(grid)
        before = _int_val(tr_pr.find(qn("w:gridBefore")) if tr_pr is not None else None, 0)
        row: list[etree._Element | None] = [None] * max(before, 0)
        for tc in _flatten(tr, (qn("w:tc"),)):
            span, v_merge, h_merge = _merge_props(tc)
            col = len(row)
            owner: etree._Element | None = None
            if v_merge == "continue" and r > 0 and col < len(grid[r - 1]):
                above = grid[r - 1][col]
                if above is not None and start[above][1] == col and width[above] == span:
                    owner = above
            elif h_merge == "continue" and row and row[-1] is not None:
                left = row[-1]
                if start[left][0] == r:
                    owner = left
                    width[left] += span
            if owner is None:
                owner = tc
                start[tc] = (r, col)
                width[tc] = span
            row.extend([owner] * span)
        grid.append(row)
    return grid


_HIDDEN = frozenset(qn(t) for t in ("w:del", "w:moveFrom", "w:txbxContent", "w:tbl")) | {_MC_FALLBACK}


def _text(el: etree._Element) -> str:
    """Visible text under ``el``: no deleted text, text boxes, duplicate fallbacks or nested tables."""
    out: list[str] = []
    for t in el.iter(qn("w:t")):
        node = t.getparent()
        while node is not None and node is not el and node.tag not in _HIDDEN:
            node = node.getparent()
        if node is el or node is None:
            out.append(t.text or "")
    return "".join(out)


def _squash(text: str) -> str:
    return _SPACE.sub("", text.replace("\u3000", " "))


def _same_text(in_doc: str, parsed: str) -> bool:
    """Does the document's cell text match what the reader parsed? The reader prefixes automatic
    list numbers ("1.") that are not in the XML text, so a parsed text may end with ours."""
    a, b = _squash(in_doc), _squash(parsed)
    return a == b or (bool(a) and b.endswith(a))


@dataclass
class _Place:
    """Where a finding lands: a cell, a paragraph, or nowhere (with the reason)."""

    tc: etree._Element | None = None
    p: etree._Element | None = None
    quote: str | None = None
    problem: str | None = None  # why it could not be placed, in the output language


class _Locator:
    def __init__(self, doc: DocxDocument, report: ParsedReport | None, lang: str):
        self.blocks = body_blocks(doc.element.body)
        self.report = report
        self.lang = lang
        self._grids: dict[tuple[int, ...], list[list[etree._Element | None]] | None] = {}

    def place(self, loc: Location | None) -> _Place:
        if loc is None:
            return _Place()
        located = self._located(loc)
        if located is not None and located.is_picture:
            # the table was pasted as a picture: the finding belongs on the picture's paragraph
            return self.paragraph(located.part_indexes[0], None)
        parts = self._parts(loc)
        if loc.row is not None and loc.col is not None and parts:
            return self._cell(loc, parts)
        if loc.block_index is not None:
            return self.paragraph(loc.block_index, loc.quote)
        if parts:
            return self._cell(Location(table=loc.table, table_title=loc.table_title, table_index=parts[0],
                                       row=0, col=0), parts)
        return _Place()

    def _located(self, loc: Location) -> LocatedTable | None:
        if self.report is None or not loc.table:
            return None
        located = self.report.tables.get(loc.table)
        if located is None or not located.part_indexes:
            return None
        if loc.table_index is not None and loc.table_index != located.part_indexes[0]:
            return None
        return located

    def _parts(self, loc: Location) -> list[int]:
        located = self._located(loc)
        if located is not None:
            return list(located.part_indexes)
        return [loc.table_index] if loc.table_index is not None else []

    def _grid(self, parts: list[int], parsed: Table | None) -> list[list[etree._Element | None]] | None:
        key = tuple(parts)
        if key not in self._grids:
            self._grids[key] = self._join(parts, parsed)
        return self._grids[key]

    def _join(self, parts: list[int], parsed: Table | None) -> list[list[etree._Element | None]] | None:
        """The tc grid of the joined table. A continuation's repeated header rows are left out of
        the joined grid by the locator; how many is found by matching row texts against it."""
        rows: list[list[etree._Element | None]] = []
        for n, index in enumerate(parts):
            tbl = self._table(index, parsed if n == 0 else None)
            if tbl is None:
                return None
            part = tc_grid(tbl)
            drop = self._repeated_rows(part, parsed, len(rows)) if n and parsed is not None else 0
            rows.extend(part[drop:])
        return rows

    @staticmethod
    def _repeated_rows(part: list[list[etree._Element | None]], parsed: Table, offset: int) -> int:
        """The first row of ``part`` whose text matches joined row ``offset``: the rows before it are
        repeated headers. Only cells starting in that joined row are compared (a merge from the
        part above may cover the rest), and a row must match on some non-blank text."""
        if offset >= parsed.n_rows:
            return 0
        want = {c: cell.text for c, cell in enumerate(parsed.grid[offset])
                if cell is not None and cell.row == offset and cell.col == c}
        for drop, row in enumerate(part):
            got = {c: _text(row[c]) for c in want if c < len(row) and row[c] is not None}
            if (len(got) == len(want) and any(_squash(t) for t in got.values())
                    and all(_same_text(got[c], want[c]) for c in want)):
                return drop
        return 0

    def _table(self, index: int, parsed: Table | None) -> etree._Element | None:
        """The ``w:tbl`` at block ``index``; a table nested in a one-cell frame table when the
        parsed grid says the real table is the inner one."""
        if not 0 <= index < len(self.blocks) or self.blocks[index].tag != qn("w:tbl"):
            return None
        outer = self.blocks[index]
        if parsed is None or len(tc_grid(outer)) == parsed.n_rows:
            return outer
        for inner in outer.iter(qn("w:tbl")):
            if inner is not outer and len(tc_grid(inner)) == parsed.n_rows:
                return inner
        return outer

    def _cell(self, loc: Location, parts: list[int]) -> _Place:
        located = self._located(loc)
        parsed = located.table if located is not None else None
        grid = self._grid(parts, parsed)
        row, col = loc.row or 0, loc.col or 0
        if grid is None:
            return _Place(problem=_t(self.lang, "missing_block", index=parts[0]))
        if not (0 <= row < len(grid) and 0 <= col < len(grid[row]) and grid[row][col] is not None):
            return _Place(problem=_t(self.lang, "missing_cell", table=self._title(loc), table_index=parts[0],
                                     row=row + 1, col=col + 1))
        tc = grid[row][col]
        cell = parsed.at(row, col) if parsed is not None else None
        if cell is not None and not _same_text(_text(tc), cell.text):
            return _Place(problem=_t(self.lang, "mismatch", where=self._where(loc), found=_text(tc).strip(),
                                     parsed=cell.text.strip()))
        return _Place(tc=tc)

    def _title(self, loc: Location) -> str:
        return TABLE_TITLES.get(loc.table or "", {}).get(self.lang) or loc.table_title or ""

    def _where(self, loc: Location) -> str:
        return _t(self.lang, "cell", table=self._title(loc), row=(loc.row or 0) + 1, col=(loc.col or 0) + 1)

    def paragraph(self, index: int, quote: str | None) -> _Place:
        if not 0 <= index < len(self.blocks):
            return _Place(problem=_t(self.lang, "missing_block", index=index))
        block = self.blocks[index]
        if block.tag == qn("w:tbl"):
            # a narrative sentence printed inside a layout table: its first paragraph holds it
            block = next(iter(block.iter(qn("w:p"))), None)
            if block is None:
                return _Place(problem=_t(self.lang, "missing_block", index=index))
        return _Place(p=block, quote=quote)


# ---------------------------------------------------------------------------
# writing comments and shading
# ---------------------------------------------------------------------------


def _direct_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p if r.tag == qn("w:r")]


def _ensure_run(p: etree._Element) -> etree._Element:
    """The paragraph's first run, or a new empty one at its start (a comment needs a run)."""
    runs = _direct_runs(p)
    if runs:
        return runs[0]
    r = OxmlElement("w:r")
    p_pr = p.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(r)
    else:
        p.insert(0, r)
    return r


def _cell_run(tc: etree._Element) -> etree._Element:
    p = next(_flatten(tc, (qn("w:p"),)), None)  # the cell's first paragraph, even inside an sdt
    if p is None:
        # a w:tc must end with a paragraph; one without is already malformed, but give it one
        p = OxmlElement("w:p")
        tc.append(p)
    return _ensure_run(p)


def _quote_runs(p: etree._Element, quote: str | None) -> tuple[etree._Element, etree._Element]:
    """First and last run covering ``quote`` in the paragraph; the whole paragraph if not found."""
    runs = _direct_runs(p)
    if not runs:
        r = _ensure_run(p)
        return r, r
    if quote:
        spans: list[tuple[int, int, etree._Element]] = []
        pos = 0
        for r in runs:
            n = len(_text(r))
            spans.append((pos, pos + n, r))
            pos += n
        full = "".join(_text(r) for r in runs)
        start = full.find(quote.strip())
        if start >= 0:
            end = start + len(quote.strip())
            hit = [r for a, b, r in spans if a < end and b > start]
            if hit:
                return hit[0], hit[-1]
    return runs[0], runs[-1]


def _shade(tc: etree._Element, fill: str) -> bool:
    """Give the cell ``fill`` unless it already carries a stronger one of ours. True if changed."""
    tc_pr = tc.get_or_add_tcPr()
    shd = tc_pr.find(qn("w:shd"))
    if shd is not None and _FILL_RANK.get(shd.get(qn("w:fill"), ""), 0) >= _FILL_RANK[fill]:
        return False
    if shd is None:
        shd = OxmlElement("w:shd")
        # tcPr children have a fixed order; Word asks to "repair" a file that breaks it
        tc_pr.insert_element_before(shd, *_SHD_SUCCESSORS)
    # themeFill* would override fill in Word: drop every old attribute, not just fill
    shd.attrib.clear()
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return True


_SHD_SUCCESSORS = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return "—"
    return str(value)


def _finding_text(f: Finding, lang: str, blame_where: str | None) -> str:
    label = _TEXT.get(lang, _TEXT["zh"]).get(f.severity, f.severity)
    colon = "：" if lang == "zh" else ": "
    lines = [f"[{f.code}] {label}{colon}{f.message(lang)}"]
    if f.expected is not None and f.actual is not None:
        lines.append(_t(lang, "expected", expected=_fmt(f.expected), actual=_fmt(f.actual)))
    if f.blame and blame_where:
        lines.append(_t(lang, "blame_main", where=blame_where, printed=_fmt(f.blame.get("printed")),
                        implied=_fmt(f.blame.get("implied"))))
    return "\n".join(lines)


def blame_location(f: Finding) -> Location | None:
    """The blamed cell's location, whether the engine gave a Location or its dict form."""
    loc = (f.blame or {}).get("location")
    if isinstance(loc, Location):
        return loc
    if isinstance(loc, dict):
        known = {k: v for k, v in loc.items() if k in Location.__dataclass_fields__}
        return Location(**known)
    return None


def _label(loc: Location, lang: str) -> str:
    title = TABLE_TITLES.get(loc.table or "", {}).get(lang) or loc.table_title or ""
    parts = [p for p in (title, loc.row_label, loc.column_label) if p]
    return " / ".join(parts)


class _Annotator:
    def __init__(self, doc: DocxDocument, result: FileResult, lang: str):
        self.doc = doc
        self.lang = lang
        self.result = result
        self.locator = _Locator(doc, result.report, lang)
        self.summary = AnnotateSummary(src=str(result.path), dst=None)
        self.unplaced: list[str] = []  # lines for the summary comment

    def comment(self, first: etree._Element, last: etree._Element, text: str) -> None:
        para = DocxParagraph(first.getparent(), self.doc)
        self.doc.add_comment([Run(first, para), Run(last, para)], text=text, author=AUTHOR, initials=INITIALS)
        self.summary.comments += 1

    def shade(self, tc: etree._Element, fill: str) -> None:
        if _shade(tc, fill):
            self.summary.shaded += 1

    def add(self, f: Finding) -> None:
        place = self.locator.place(f.location)
        # a narrative finding that also names a table cell is shown in both places
        sentence = (self.locator.paragraph(f.location.block_index, f.location.quote)
                    if f.location.block_index is not None and place.p is None else _Place())
        blame_loc = blame_location(f)
        blame_place = self.locator.place(blame_loc) if blame_loc is not None else _Place()
        blame_where = _label(blame_loc, self.lang) if blame_loc is not None else None
        same_cell = blame_place.tc is not None and blame_place.tc is place.tc
        text = _finding_text(f, self.lang, None if same_cell else blame_where)
        if place.tc is not None:
            run = _cell_run(place.tc)
            self.comment(run, run, text)
            if f.severity in ("error", "warning"):
                self.shade(place.tc, FILL_ERROR if f.severity == "error" else FILL_WARNING)
        for p in (place, sentence):
            if p.p is not None:
                first, last = _quote_runs(p.p, p.quote)
                self.comment(first, last, text)
        if place.tc is not None or place.p is not None or sentence.p is not None:
            self.summary.anchored += 1
        else:
            self.unplaced.append(text + (("\n" + place.problem) if place.problem else ""))
            self.summary.unanchored.append(f.code)
        if blame_place.tc is not None:
            self.shade(blame_place.tc, FILL_BLAMED)
            if blame_place.tc is not place.tc:
                run = _cell_run(blame_place.tc)
                self.comment(run, run, _t(self.lang, "blame_cell", code=f.code,
                                          printed=_fmt(f.blame.get("printed") if f.blame else None),
                                          implied=_fmt(f.blame.get("implied") if f.blame else None),
                                          message=f.message(self.lang)))

    def finish(self, findings: Sequence[Finding]) -> None:
        s = self.summary
        s.errors = sum(f.severity == "error" for f in findings)
        s.warnings = sum(f.severity == "warning" for f in findings)
        s.infos = sum(f.severity == "info" for f in findings)
        if findings:
            lines = [_t(self.lang, "summary_head", errors=s.errors, warnings=s.warnings, infos=s.infos)]
            codes = list(dict.fromkeys(f.code for f in _by_severity(findings)))
            shown = "、".join(codes[:SUMMARY_CODES]) if self.lang == "zh" else ", ".join(codes[:SUMMARY_CODES])
            lines.append(_t(self.lang, "summary_codes", codes=shown + ("…" if len(codes) > SUMMARY_CODES else "")))
        else:
            lines = [_t(self.lang, "summary_clean")]
        if self.unplaced:
            lines.append(_t(self.lang, "summary_unanchored"))
            lines.extend(self.unplaced)
        p = self._title_paragraph()
        first, last = _quote_runs(p, None)
        self.comment(first, last, "\n".join(lines))

    def _title_paragraph(self) -> etree._Element:
        paragraphs = [b for b in self.locator.blocks if b.tag == qn("w:p")]
        title = self.result.report.title if self.result.report else None
        if title:
            for p in paragraphs:
                if _squash(title) and _squash(title) in _squash(_text(p)):
                    return p
        for p in paragraphs:
            if _text(p).strip():
                return p
        if paragraphs:
            return paragraphs[0]
        p = OxmlElement("w:p")
        self.doc.element.body.insert(0, p)
        return p


def _by_severity(findings: Iterable[Finding]) -> list[Finding]:
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: rank.get(f.severity, 3))


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def annotate_file(src: Path, dst: Path, result: FileResult, *, lang: str = "zh") -> AnnotateSummary:
    """Write ``dst``: a copy of ``src`` with ``result``'s findings as comments and shading.

    Raises :class:`AnnotateError` (messages in zh/en) when dst is src, src cannot be opened as a
    Word document, or dst cannot be written. ``src`` is only read, never modified.
    """
    src, dst = Path(src), Path(dst)
    if src.suffix.lower() != ".docx":  # PDF, HTML, .doc…: there is no Word document to comment on
        raise _error("not_docx", path=str(src), suffix=src.suffix or "?")
    if _same_file(src, dst):
        raise _error("same_path", path=str(dst))
    try:
        size = src.stat().st_size
        if size > MAX_PACKAGE_BYTES:  # not even read: the compressed file alone is over the limit
            raise _error("package_too_large", size=_mb(size), limit=_mb(MAX_PACKAGE_BYTES))
        data = src.read_bytes()
        check_package(data)
        doc = open_docx(io.BytesIO(data))
    except AnnotateError:
        raise
    except Exception as exc:  # python-docx raises many types for a broken package
        raise _error("open_failed", path=str(src), detail=f"{type(exc).__name__}: {exc}") from exc
    if getattr(doc.element, "body", None) is None:  # e.g. ISO-strict WordprocessingML, which python-docx cannot edit
        raise _error("open_failed", path=str(src), detail="no w:body in the transitional namespace")
    try:
        annotator = _Annotator(doc, result, lang)
        annotator.summary.src = str(src)
        for f in _by_severity(result.findings):
            annotator.add(f)
        annotator.finish(result.findings)
    except Exception as exc:  # a document shape we did not foresee must not stop a batch
        raise _error("failed", path=str(src), detail=f"{type(exc).__name__}: {exc}") from exc
    _save_atomically(doc, dst)
    annotator.summary.dst = str(dst)
    return annotator.summary


# python-docx loads every part of the package into memory and writes every part back: the reader's
# limits alone do not protect it. XML parts get the reader's own limit; a picture may be larger.
MAX_MEDIA_BYTES = 32 * 1024 * 1024
MAX_PACKAGE_BYTES = 96 * 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_HEAD_BYTES = 64 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def check_package(data: bytes) -> None:
    """Refuse (AnnotateError) a package python-docx should not open: a part whose declared
    uncompressed size is over its limit (zipfile never inflates past the declared size, so the
    declaration bounds the real thing), a total over MAX_PACKAGE_BYTES, or an XML part with a
    DOCTYPE (entity tricks; python-docx would also write a corrupt copy of it). A file that is
    not a zip at all is left to python-docx's own error."""
    import zipfile

    from . import docx_reader

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with zf:
        total = 0
        infos = zf.infolist()
        for info in infos:
            xml = info.filename.lower().endswith(_XML_SUFFIXES)
            limit = docx_reader.MAX_XML_BYTES if xml else MAX_MEDIA_BYTES
            if info.file_size > limit:
                raise _error("part_too_large", part=info.filename, size=_mb(info.file_size), limit=_mb(limit))
            total += info.file_size
        if total > MAX_PACKAGE_BYTES:
            raise _error("package_too_large", size=_mb(total), limit=_mb(MAX_PACKAGE_BYTES))
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES) and _has_doctype(zf, info):
                raise _error("doctype", part=info.filename)


def _has_doctype(zf: Any, info: Any) -> bool:
    try:
        with zf.open(info) as member:
            head = member.read(_HEAD_BYTES)
    except Exception:  # noqa: BLE001 - a damaged member is python-docx's error to report
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    # markup "<" is escaped in text, so the bytes can only be a declaration (or sit in a comment:
    # refused too). A comment longer than the head hides what follows it: refuse rather than guess.
    return b"<!DOCTYPE" in head or (len(head) == _HEAD_BYTES and head.rfind(b"<!--") > head.rfind(b"-->"))


def _save_atomically(doc: DocxDocument, dst: Path) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(dst, buffer.getvalue())
    except OSError as exc:
        raise _error("write_failed", path=str(dst), detail=reason(exc)) from exc


def _readable(result: FileResult) -> bool:
    return result.report is not None and not any(f.category == "read" for f in result.findings)


def _root(results: Sequence[FileResult]) -> Path:
    parents = [str(Path(r.path).resolve().parent) for r in results]
    return Path(os.path.commonpath(parents)) if parents else Path.cwd()


def annotate_dir(results: Sequence[FileResult], out_dir: Path, *, root: Path | None = None,
                 lang: str = "zh") -> list[AnnotateSummary]:
    """Annotate every readable file into ``out_dir``, mirroring paths relative to ``root``
    (default: the inputs' common folder). Unreadable files and failures come back as summaries
    with ``skipped`` set; nothing is raised for one bad file."""
    out_dir = Path(out_dir)
    base = Path(root).resolve() if root is not None else _root(results)
    summaries: list[AnnotateSummary] = []
    for result in results:
        src = Path(result.path).resolve()
        try:
            rel = src.relative_to(base)
        except ValueError:
            rel = Path(src.name)
        dst = out_dir / rel
        if not _readable(result):
            summaries.append(AnnotateSummary(src=str(src), dst=None, skipped=_t(lang, "unreadable")))
            continue
        try:
            summaries.append(annotate_file(src, dst, result, lang=lang))
        except AnnotateError as exc:
            summaries.append(AnnotateSummary(src=str(src), dst=None, skipped=exc.message(lang)))
    return summaries

"""Document → title, agency, year, statistics period, sections 一..六, the three tables, the format
version, and for each table a layout (canonical key → grid cell).

Everything is found by LABELS, never by position: real reports reorder, merge, split, collapse and
pad the official form. Problems found while mapping labels become ``L-…`` findings; missing
tables, invalid values and arithmetic are left to the rules.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .models import (
    Cell,
    Document,
    LocatedTable,
    Paragraph,
    ParsedReport,
    Section,
    Table,
)
from .normalize import display_label, label_longer_than, nfkc, normalize_label
from .tablemap import MAPPERS, Mapped
from .tablemap.common import distinct
from .tablemap.active import is_row_label as _is_active_row_label
from .tablemap.appeals import is_header_row as _is_appeal_header_row
from .tablemap.requests import request_row_hint as _request_row_hint
from .values import parse_value

TITLE_RE = re.compile(r"政府信息公开(?:工作)?年度报告")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CN_YEAR_RE = re.compile(r"([〇零○O一二三四五六七八九]{4})年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_PERIOD_WORDS = ("统计期限", "统计时限", "数据统计", "统计时间", "统计期间", "统计周期", "统计区间", "统计截止",
                 "统计数据的期限", "统计数据期限")
_PERIOD_STEM = "统计"  # in every period word (a test keeps it so)

TABLE_SECTION = {"active": 2, "requests": 3, "appeals": 4}


# --- small helpers --------------------------------------------------------------------------

def table_from_rows(rows: list[list[str | None]], index: int = 0,
                    spans: dict[tuple[int, int], tuple[int, int]] | None = None) -> Table:
    """A :class:`Table` grid from rows of strings, the way docx_reader builds one. ``spans`` maps a
    cell's top-left (row, col) to (rowspan, colspan); covered positions repeat that cell. A ``None``
    entry is a position with no cell (short row / gridBefore). For tests and tools."""
    spans = spans or {}
    n_rows = len(rows)
    n_cols = max((len(r) for r in rows), default=0)
    grid: list[list[Cell | None]] = [[None] * len(rows[r]) for r in range(n_rows)]
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if grid[r][c] is not None or text is None:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            cell = Cell(r, c, rs, cs, text)
            cells.append(cell)
            for rr in range(r, min(r + rs, n_rows)):
                for cc in range(c, c + cs):
                    if cc < len(grid[rr]):
                        grid[rr][cc] = cell
    return Table(index=index, n_rows=n_rows, n_cols=n_cols, cells=cells, grid=grid)


def _table_text(t: Table) -> str:
    return "\n".join(map(normalize_label, [c.text for c in t.cells]))


def _is_blank_text(text: str) -> bool:
    return parse_value(text).kind == "blank"


def _any_word(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for "does the text contain any of these words": a single C-level search
    instead of a Python loop over the words, for tests run on every cell."""
    return re.compile("|".join(map(re.escape, words)))


class _View:
    """One table's rows as the locator reads them (distinct cells, normalised texts) and its whole
    normalised text, each derived once per :func:`locate` call and only when first asked for:
    classifying, joining split parts and mapping all read the same rows several times."""

    __slots__ = ("_cells", "_kind", "_text", "_texts", "table")

    def __init__(self, table: Table):
        self.table = table
        self._cells: dict[int, list[Cell]] = {}
        self._texts: dict[int, list[str]] = {}
        self._text: str | None = None
        self._kind: str | None | bool = False  # False: not classified yet

    def cells(self, r: int) -> list[Cell]:
        cells = self._cells.get(r)
        if cells is None:
            grid = self.table.grid
            cells = self._cells[r] = distinct(grid[r]) if r < len(grid) else []
        return cells

    def texts(self, r: int) -> list[str]:
        texts = self._texts.get(r)
        if texts is None:
            texts = self._texts[r] = [normalize_label(c.text) for c in self.cells(r)]
        return texts

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _table_text(self.table)
        return self._text

    @property
    def kind(self) -> str | None:
        if self._kind is False:
            self._kind = _classify_text(self.text)
        return self._kind  # type: ignore[return-value]


class _Views:
    """The :class:`_View` of each table met during one :func:`locate` call. Keyed by identity
    (tables are unhashable); each view holds its table, so no id is reused while this lives."""

    def __init__(self) -> None:
        self._views: dict[int, _View] = {}

    def __call__(self, t: Table) -> _View:
        v = self._views.get(id(t))
        if v is None:
            v = self._views[id(t)] = _View(t)
        return v


def _tables_in(doc: Document) -> Iterator[Table]:
    """Every table in reading order, a nested table right after its parent."""
    def walk(t: Table) -> Iterator[Table]:
        yield t
        for n in t.nested:
            yield from walk(n)
    for b in doc.blocks:
        if isinstance(b, Table):
            yield from walk(b)


def _year_in(text: str) -> tuple[int, int] | None:
    """(year, start offset) of the first year in a normalised text, Arabic or Chinese numerals."""
    m = _YEAR_RE.search(text)
    cm = _CN_YEAR_RE.search(text)
    if cm and (m is None or cm.start() < m.start()):
        digits = "".join(_CN_DIGITS.get(ch, "") for ch in cm.group(1))
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return int(digits), cm.start()
    if m:
        return int(m.group(1)), m.start()
    return None


def _years_in(text: str) -> list[int]:
    years: list[int] = []
    for m in _YEAR_RE.finditer(text):
        years.append(int(m.group(1)))
    for m in _CN_YEAR_RE.finditer(text):
        digits = "".join(_CN_DIGITS.get(ch, "") for ch in m.group(1))
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            years.append(int(digits))
    return list(dict.fromkeys(years))


# --- title, agency, year, period ------------------------------------------------------------

def _front_paragraphs(doc: Document, limit: int = 40) -> list[Paragraph]:
    return [b for b in doc.blocks[:limit] if isinstance(b, Paragraph) and display_label(b.text)]


_MAX_TITLE = 60
_TITLE_SENTENCE = re.compile(r"[,.;]")


def _is_title(text: str) -> bool:
    """A title line names the report; the preface that quotes 《…年度报告格式》 is a sentence."""
    if label_longer_than(text, _MAX_TITLE):
        return False
    norm = normalize_label(text)
    m = TITLE_RE.search(norm)
    return m is not None and len(norm) <= _MAX_TITLE and not norm[m.end():].startswith("格式") \
        and not _TITLE_SENTENCE.search(norm)


def _locate_title(doc: Document, report: ParsedReport) -> None:
    front = _front_paragraphs(doc)
    texts = [display_label(p.text) for p in front]

    def found(title: str, i: int, j: int) -> None:
        report.title = title
        _title_facts(title, texts[i - 1] if i > 0 else None, texts[j + 1] if j + 1 < len(texts) else None, report)

    for i, text in enumerate(texts):
        if _is_title(text):
            return found(text, i, i)
    for i in range(len(texts) - 1):
        # a title broken over two lines: "…2024年政府信息公开" / "工作年度报告"
        joined = texts[i] + texts[i + 1]
        if _is_title(joined) and not _is_title(texts[i + 1]):
            return found(joined, i, i + 1)
    prop = display_label(doc.title_property or "")
    if prop and _is_title(prop):
        # no title line printed: the file's properties still name the report
        report.title = prop
        _title_facts(prop, None, None, report)
    return None


_AGENCY_STRIP = " :：,，、()（）\"“”《》-—–"
# an agency's name ends with the kind of body it is
_AGENCY_END = re.compile(r"(?:局|委员会|委|办公室|办|政府|院|厅|处|室|所|站|中心|馆|部|署|司|队|社|会|管委会|街道|镇|乡|区|县|市|公司)$")


def _looks_like_agency(text: str) -> bool:
    """A short line naming a body: no sentence, no date, ending like an agency's name."""
    t = text.strip(_AGENCY_STRIP)
    return (2 <= len(t) <= 40 and not re.search(r"[。，,；;：:\d年月日]", t) and not TITLE_RE.search(t)
            and _AGENCY_END.search(t) is not None)


def _title_facts(title: str, previous: str | None, following: str | None, report: ParsedReport) -> None:
    norm = nfkc(title)
    phrase = TITLE_RE.search(norm)
    year = _year_in(norm)
    cut = phrase.start() if phrase else len(norm)
    if year is not None:
        report.year = year[0]
        cut = min(cut, year[1])
    agency = norm[:cut].strip(_AGENCY_STRIP)
    if not agency and year is not None and phrase is not None and year[1] < phrase.start():
        # "2024年度XX局政府信息公开工作年度报告": the agency sits between the year and the phrase
        between = norm[year[1] + 4:phrase.start()]
        agency = re.sub(r"^\s*年度?", "", between).strip(_AGENCY_STRIP)
    if not agency and phrase is not None:
        # "2024年政府信息公开工作年度报告（XX局）" / "…年度报告——XX局": the agency after the phrase
        after = norm[phrase.end():].strip(_AGENCY_STRIP)
        if _looks_like_agency(after):
            agency = after
    if not agency and previous is not None:
        prev = previous
        # the agency on its own line above the title: short, not a sentence
        if 0 < len(prev) <= 40 and not re.search(r"[。，,；;：:]", prev) and not TITLE_RE.search(prev):
            agency = prev
    if not agency and following is not None and _looks_like_agency(following):
        agency = following.strip(_AGENCY_STRIP)  # the agency on its own line below the title
    report.agency = agency or None


def _locate_period(doc: Document, report: ParsedReport) -> None:
    for b in doc.blocks:
        if not isinstance(b, Paragraph):
            continue
        text = b.text or ""
        if _PERIOD_STEM not in text or not any(w in text for w in _PERIOD_WORDS):
            continue  # the stem first: one scan rules out most paragraphs
        for sentence in re.split(r"(?<=[。；;])", text):
            if any(w in sentence for w in _PERIOD_WORDS):
                years = _years_in(nfkc(sentence))
                if years:
                    report.period_text = sentence.strip()
                    report.period_years = years
                    return


# --- sections -------------------------------------------------------------------------------

SECTION_TITLES: dict[int, tuple[str, ...]] = {
    1: ("总体情况",),
    2: ("主动公开政府信息情况", "行政机关主动公开政府信息情况"),
    3: ("收到和处理政府信息公开申请情况",),
    4: ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况"),
    5: ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及整改措施",
        "存在的主要问题及改进措施", "政府信息公开工作存在的主要问题及改进措施", "存在的主要问题及整改情况",
        "存在的问题及改进措施", "存在的主要问题和改进措施"),
    6: ("其他需要报告的事项",),
}
_KNOWN_TITLES = [(n, normalize_label(t)) for n, ts in SECTION_TITLES.items() for t in ts]
_KNOWN_BY_NUMBER: dict[int, tuple[str, ...]] = {
    n: tuple(known for m, known in _KNOWN_TITLES if m == n) for n in SECTION_TITLES}
_HEADING_NUMBER = re.compile(r"^([一二三四五六七八九十])([、.,:]?)(.*)$")
_MAX_HEADING = 40


def section_of_title(title: str) -> int | None:
    """Section number a (normalised, unnumbered) heading title speaks about, by keywords."""
    t = title
    if "其他需要报告" in t or ("其他" in t and "事项" in t and len(t) <= 14):
        return 6
    if "问题" in t and any(w in t for w in ("改进", "整改", "措施", "努力方向")):
        return 5
    if "行政复议" in t or "行政诉讼" in t:
        return 4
    if "申请" in t and any(w in t for w in ("收到", "处理", "办理", "依申请")):
        return 3
    if "主动公开" in t and "情况" in t:
        return 2
    if "总体情况" in t or t in ("概述", "总体概况", "基本情况"):
        return 1
    return None


@lru_cache(maxsize=4096)
def _similarity(title: str, number: int) -> float:
    """Closest ratio to an official title of section ``number``. Cached: headings repeat across
    reports, and difflib is the most expensive step of finding sections. An exact official title
    is 1.0, the most any ratio can be, so difflib is not asked."""
    knowns = _KNOWN_BY_NUMBER.get(number, ())
    if title in knowns:
        return 1.0
    return max((difflib.SequenceMatcher(None, title, known).ratio() for known in knowns), default=0.0)


@dataclass(frozen=True)
class _Heading:
    number: int
    numbered: bool  # printed with a section numeral
    numeral_agrees: bool  # ...and that numeral is the section's own
    similarity: float  # to the closest official title of that section


_NUMERALS = "一二三四五六七八九十"
_HEADING_SENTENCE = re.compile(r"[,.;!?]")


def _heading_candidate(p: Paragraph) -> _Heading | None:
    """The section a paragraph heads, when it reads as a section heading (short, not a sentence)."""
    if label_longer_than(p.text, _MAX_HEADING):
        return None  # body text, told without normalising it
    norm = normalize_label(p.text)
    if not norm or len(norm) > _MAX_HEADING or norm.startswith("(") or TITLE_RE.search(norm):
        return None
    m = _HEADING_NUMBER.match(norm)
    numbered = m is not None and (m.group(2) != "" or section_of_title(m.group(3)) is not None)
    title = m.group(3) if numbered and m is not None else norm
    if not title or title.startswith("是") or _HEADING_SENTENCE.search(title.rstrip(".")):
        return None  # "一是…" and sentences are body text
    number = section_of_title(title)
    if number is None:
        return None
    similarity = _similarity(title, number)
    if not numbered:
        styled = p.bold or p.outline_level is not None or "heading" in p.style.lower() or "标题" in p.style
        if not (similarity >= 0.8 or (styled and len(title) <= 25)):
            return None
    agrees = numbered and m is not None and _NUMERALS.index(m.group(1)) + 1 == number
    return _Heading(number, numbered, agrees, similarity)


def _numbered(p: Paragraph) -> tuple[int, str] | None:
    """(numeral, title) of a short paragraph opening with 一–十 and a separator ("一是…" is body text)."""
    if label_longer_than(p.text, _MAX_HEADING):
        return None
    norm = normalize_label(p.text)
    if not norm or len(norm) > _MAX_HEADING:
        return None
    m = _HEADING_NUMBER.match(norm)
    if m is None or m.group(2) == "" or not m.group(3) or m.group(3).startswith("是"):
        return None
    return _NUMERALS.index(m.group(1)) + 1, m.group(3)


def sub_list_blocks(paragraphs: Iterable[Paragraph]) -> set[int]:
    """Blocks of a numbered list inside section 一 that restarts at 一、 ("一、主动公开情况 … 五、政府信息管理
    … 六、监督保障"): sub-headings of 一, never the report's sections. The list runs while its numerals go on
    one by one and its titles are not the section of that numeral."""
    out: set[int] = set()
    state, expected = "before", 1
    for p in paragraphs:
        h = _numbered(p)
        if h is None:
            continue
        number, title = h
        if state == "before":
            if number == 1 and section_of_title(title) == 1:
                state = "in_one"
        elif state == "in_one":
            if number != 1:
                return out  # section 一 has no numbered sub-list
            state, expected = "list", 2
            out.add(p.index)
        elif number == expected and section_of_title(title) != number:
            out.add(p.index)
            expected += 1
        else:
            return out
    return out


def _locate_sections(doc: Document) -> list[Section]:
    best: dict[int, tuple[tuple[bool, float, bool, int], Paragraph]] = {}
    skip = sub_list_blocks(doc.paragraphs)
    for b in doc.blocks:
        if isinstance(b, Paragraph) and b.index not in skip:
            h = _heading_candidate(b)
            if h is None:
                continue
            # the section's own numeral first, then the official wording (an unnumbered exact title beats a
            # numbered sub-heading of 一 that merely speaks about the same thing), then numbered, then the first
            score = (h.numeral_agrees, round(h.similarity, 2), h.numbered, -b.index)
            if h.number not in best or score > best[h.number][0]:
                best[h.number] = (score, b)
    ordered = sorted(((n, p) for n, (_, p) in best.items()), key=lambda kv: kv[1].index)
    sections: list[Section] = []
    for i, (number, p) in enumerate(ordered):
        end = ordered[i + 1][1].index if i + 1 < len(ordered) else len(doc.blocks)
        sections.append(Section(number, display_label(p.text), p.index, end))
    return sections


def _section_at(sections: list[Section], block_index: int) -> int | None:
    for s in sections:
        if s.block_index <= block_index < s.end_block_index:
            return s.number
    return None


# --- finding the three tables ---------------------------------------------------------------

def classify_table(t: Table) -> str | None:
    """Which of the three form tables a table is, by its labels (None: none of them)."""
    return _classify_text(_table_text(t))


def _classify_text(text: str) -> str | None:
    """:func:`classify_table` on a table's normalised text (:func:`_table_text`)."""
    if "新收" in text and ("办理结果" in text or "予以公开" in text or "不予公开" in text):
        return "requests"
    if "行政复议" in text and ("维持" in text or "直接起诉" in text):
        return "appeals"
    if "第二十条" in text or ("规章" in text and ("规范性文件" in text or "行政许可" in text)):
        return "active"
    return None


def _candidates(doc: Document, views: _Views) -> dict[str, list[Table]]:
    found: dict[str, list[Table]] = {}
    for t in _tables_in(doc):
        kind = views(t).kind
        if kind is None:
            continue
        # a one-cell wrapper around the real table: prefer the nested table itself
        if any(views(n).kind == kind for n in t.nested):
            continue
        found.setdefault(kind, []).append(t)
    return found


def _pick(cands: list[Table], sections: list[Section], number: int) -> Table:
    for t in cands:
        if _section_at(sections, t.index) == number:
            return t
    return cands[0]


_REQ_HEADER_WORDS = ("自然人", "商业企业", "科研机构", "公益组织", "法律服务机构", "申请人情况", "法人或其他组织",
                     "勾稽关系")


_REQ_HEADER_RE = _any_word(_REQ_HEADER_WORDS)


def _is_header_row(kind: str, v: _View, r: int) -> bool:
    texts = v.texts(r)
    if kind == "requests":
        return any(_REQ_HEADER_RE.search(x) for x in texts) and not any(_request_row_hint(x) for x in texts)
    if kind == "appeals":
        return _is_appeal_header_row(texts)
    return False


def _continues(kind: str, first: Table, nxt: _View) -> bool:
    """Does ``nxt`` carry on the rows of ``first`` (a table split at a page break)?"""
    text = nxt.text
    if kind == "requests":
        return _request_row_hint(text)
    if kind == "active":
        return "第二十条" in text or any(map(_is_active_row_label, text.split("\n")))
    if kind == "appeals":
        return nxt.table.n_cols == first.n_cols or "结果维持" in text
    return False


def _leading_repeats(kind: str, first: _View, nxt: _View) -> int:
    """How many leading rows of a continuation repeat the first part's header."""
    first_sigs = {tuple(first.texts(r)) for r in range(min(first.table.n_rows, 4))}
    n = 0
    for r in range(nxt.table.n_rows):
        if _is_header_row(kind, nxt, r) or tuple(nxt.texts(r)) in first_sigs:
            n += 1
        else:
            break
    return n


def join_tables(parts: list[Table], skip: list[int]) -> Table:
    """One grid from the parts of a split table; ``skip[i]`` leading rows of part i are dropped
    (repeated header rows). Cells are copied with their rows shifted into the joined grid."""
    if len(parts) == 1 and not skip[0]:
        return parts[0]
    grid: list[list[Cell | None]] = []
    cells: list[Cell] = []
    for part, drop in zip(parts, skip):
        offset = len(grid) - drop
        copies: dict[int, Cell] = {}
        for part_row in part.grid[drop:]:
            row: list[Cell | None] = []
            for c in part_row:
                if c is None:
                    row.append(None)
                    continue
                new = copies.get(id(c))
                if new is None:
                    top = max(c.row, drop)
                    new = Cell(top + offset, c.col, c.rowspan - (top - c.row), c.colspan, c.text, c.has_drawing,
                               page=c.page)
                    copies[id(c)] = new
                    cells.append(new)
                row.append(new)
            grid.append(row)
    first = parts[0]
    return Table(index=first.index, n_rows=len(grid), n_cols=max(p.n_cols for p in parts), cells=cells,
                 grid=grid, nested=[n for p in parts for n in p.nested],
                 has_drawing=any(p.has_drawing for p in parts), page=first.page)


def _gather_parts(doc: Document, kind: str, first: Table, views: _Views) -> tuple[list[Table], list[int]]:
    parts, skip = [first], [0]
    pos = next((i for i, b in enumerate(doc.blocks) if b is first), None)
    if pos is None:  # a nested table: no page-break continuation to look for
        return parts, skip
    for b in doc.blocks[pos + 1:]:
        if isinstance(b, Paragraph):
            if _is_gap(b) or (kind == "active" and _is_clause_caption(b)):
                continue
            break
        view = views(b)
        other = view.kind
        if other not in (None, kind) or not _continues(kind, first, view):
            break
        drop = _leading_repeats(kind, views(first), view)
        if other == kind and not _row_labels_of(view, drop, kind).isdisjoint(
                set().union(*(_row_labels_of(views(p), d, kind) for p, d in zip(parts, skip)))):
            break  # a second, complete table of the same kind, not a continuation
        parts.append(b)
        skip.append(drop)
    return parts, skip


def _is_clause_caption(p: Paragraph) -> bool:
    """"第二十条第（五）项" printed as a paragraph between the small tables of a table 二 that
    its drafter made one table per clause."""
    text = normalize_label(p.text)
    return text.startswith("第二十条") and len(text) <= 12


def _is_gap(p: Paragraph) -> bool:
    """Nothing but a page break, blank lines or a "（续表）" caption between two parts of a table."""
    if p.has_drawing:
        return False
    text = normalize_label(p.text)
    return not text or (len(text) <= 12 and "续表" in text)


def _row_labels_of(v: _View, skip: int, kind: str) -> set[str]:
    """Signatures of a part's data rows: a continuation must not repeat any of them."""
    out: set[str] = set()
    for r in range(skip, v.table.n_rows):
        texts = [x for x in v.texts(r) if parse_value(x).kind == "invalid"]
        sig = "|".join(texts)
        if kind == "requests" and _request_row_hint(sig):
            out.add(sig)
        elif kind == "active" and ("第二十条" in sig or any(map(_is_active_row_label, texts))):
            out.add(sig)
        elif kind == "appeals" and not _is_header_row(kind, v, r) and any(
                not _is_blank_text(c.text) for c in v.cells(r)):
            out.add("data")
    return out


def _header_part_before(doc: Document, kind: str, first: Table, views: _Views) -> Table | None:
    """A table 三 split right after its header rows: the data part is found by its labels, the
    header-only part just before it carries the column labels."""
    if kind != "requests" or "自然人" in views(first).text:
        return None
    pos = next((i for i, b in enumerate(doc.blocks) if b is first), None)
    for b in reversed(doc.blocks[:pos] if pos else []):
        if isinstance(b, Paragraph):
            if _is_gap(b):
                continue
            return None
        if views(b).kind is None and "自然人" in views(b).text:
            return b
        return None
    return None


def _picture_for(doc: Document, sections: list[Section], number: int, views: _Views) -> int | None:
    sec = next((s for s in sections if s.number == number), None)
    if sec is None:
        return None
    for b in doc.blocks[sec.block_index:sec.end_block_index]:
        if b.has_drawing and (isinstance(b, Paragraph) or views(b).kind is None):
            return b.index
    return None


def _locate_tables(doc: Document, sections: list[Section], views: _Views) -> dict[str, LocatedTable]:
    located: dict[str, LocatedTable] = {}
    cands = _candidates(doc, views)
    for kind, number in TABLE_SECTION.items():
        if kind in cands:
            first = _pick(cands[kind], sections, number)
            parts, skip = _gather_parts(doc, kind, first, views)
            head = _header_part_before(doc, kind, first, views)
            if head is not None:
                parts, skip = [head, *parts], [0, *skip]
            located[kind] = LocatedTable(kind, join_tables(parts, skip), [p.index for p in parts],
                                         _section_at(sections, first.index))
            continue
        pic = _picture_for(doc, sections, number, views)
        if pic is not None:
            empty = Table(index=pic, n_rows=0, n_cols=0, cells=[], grid=[])
            located[kind] = LocatedTable(kind, empty, [pic], number, is_picture=True)
    return located


# --- format version and the entry point -----------------------------------------------------

def _format_version(report: ParsedReport, mapped: dict[str, Mapped]) -> str:
    active, requests = mapped.get("active"), mapped.get("requests")
    if active is None and requests is None:
        return "unknown"
    if active is not None and active.is_2019 and not active.is_2021:
        return "2019"
    if requests is not None and requests.single_other and not requests.other_items:
        if active is not None:
            return "hybrid"
        return "2019" if report.year is not None and report.year <= 2020 else "hybrid"
    return "2021"




def locate(doc: Document, report: ParsedReport) -> None:
    """Fill title, agency, year, period, sections, tables (with layouts) and format_version of
    ``report`` from ``doc``; append ``L-…`` problems to ``report.problems``."""
    _locate_title(doc, report)
    _locate_period(doc, report)
    report.sections = _locate_sections(doc)
    views = _Views()
    report.tables = _locate_tables(doc, report.sections, views)
    mapped: dict[str, Mapped] = {}
    for name in TABLE_SECTION:
        lt = report.tables.get(name)
        if lt is None or lt.is_picture:
            continue
        m = MAPPERS[name](lt, views(lt.table))
        lt.layout = m.layout
        mapped[name] = m
    report.format_version = _format_version(report, mapped)  # type: ignore[assignment]
    for name in TABLE_SECTION:
        if name in mapped:
            report.problems.extend(mapped[name].problems)

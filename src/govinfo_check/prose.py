"""The report's prose, read for what the template asks each section to say: a section's text and
sentences, the 信息处理费 statement and amount (section 六), and the date the report states.

Words are data. The ``vocabulary:`` block of ``rules/content.yaml`` holds every word list; the content
rules point their check parameters at it through YAML anchors, and the figures step reads the fee
wordings from it (:func:`vocabulary`), so one list serves both. Nothing here registers a rule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator, Sequence

from .normalize import nfkc as _nfkc
from .models import Block, Figure, Paragraph, ParsedReport, Section, Source, Table, Value
from .numerals import parse_number

VOCABULARY_FILE = "content.yaml"
FEE_KEY = "other.processing_fee"


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The ``vocabulary:`` block of the packaged rules/content.yaml (empty if it is missing)."""
    from . import yamlio

    path = resources.files("govinfo_check.rules").joinpath(VOCABULARY_FILE)
    if not path.is_file():
        return {}
    data = yamlio.package_data("govinfo_check.rules", VOCABULARY_FILE)
    vocab = data.get("vocabulary") if isinstance(data, dict) else None
    return vocab if isinstance(vocab, dict) else {}


# ---------------------------------------------------------------------------
# text of a section
# ---------------------------------------------------------------------------

_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])[ \t\u3000]+(?=[^\x00-\x7f])")


def nfkc(text: str) -> str:
    """NFKC, and no spaces between two CJK characters: PDF and OCR text break words with them
    ("信息处理 费"), while a space before a digit ("收取 3940 元") stays."""
    text = _nfkc(text or "")
    # the pattern's look-behind is tried at every character: skip it when there is no gap to close
    return _CJK_GAP.sub("", text) if " " in text or "\t" in text or "\u3000" in text else text


_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_A_TEXT_CHAR = re.compile(r"[^\W_]")  # whitespace is \W too: the complement of _NOT_TEXT's class


def has_text(text: str) -> bool:
    """``bool(compact(text))``, stopping at the first letter, digit or CJK character."""
    return _A_TEXT_CHAR.search(text or "") is not None


def compact(text: str) -> str:
    """Only the letters, digits and CJK characters: what a length or a token comparison looks at."""
    return _NOT_TEXT.sub("", text or "")


def section(report: ParsedReport, number: int) -> Section | None:
    return next((s for s in report.sections if s.number == number), None)


def _table_text(table: Table) -> str:
    seen: set[int] = set()
    parts = []
    for cell in table.cells:
        if id(cell) not in seen and cell.text.strip():
            seen.add(id(cell))
            parts.append(cell.text.strip())
    parts += [_table_text(t) for t in table.nested]
    return "\n".join(p for p in parts if p)


def block_text(block: Block) -> str:
    return block.text if isinstance(block, Paragraph) else _table_text(block)


def section_blocks(report: ParsedReport, sec: Section) -> list[Block]:
    """The blocks between a section's heading and the next section's heading."""
    if report.document is None:
        return []
    return [b for b in report.document.blocks if sec.block_index < b.index < sec.end_block_index]


def has_picture(blocks: Iterable[Block]) -> bool:
    return any(b.has_drawing for b in blocks)


def section_texts(report: ParsedReport, sec: Section, placeholders: Sequence[str] = ()) -> list[tuple[int, str]]:
    """(block index, text) of every non-blank paragraph or table inside a section, template
    placeholders such as “（文字描述）” removed."""
    out = []
    for b in section_blocks(report, sec):
        text = strip_placeholders(block_text(b), placeholders).strip()
        if has_text(text):
            out.append((b.index, text))
    return out


@lru_cache(maxsize=64)
def _placeholder_re(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in words)
    # a bracketed template note, or a sentence of one, e.g. “（文字描述，收取信息处理费情况在此处报告。）”
    return re.compile(rf"[（(][^（）()]*?(?:{alt})[^（）()]*[）)]|[^。；;\n（）()]*(?:{alt})[^。；;\n（）()]*[。；;]?")


def strip_placeholders(text: str, words: Sequence[str]) -> str:
    if not any(w in text for w in words):
        return text  # the usual case, and the pattern's scan is not cheap on long paragraphs
    pattern = _placeholder_re(tuple(words))
    return pattern.sub("", text) if pattern else text


_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if has_text(s)]


def any_word(text: str, words: Iterable[str]) -> str | None:
    """The first of ``words`` found in ``text`` (None if none is)."""
    return next((w for w in words if w and w in text), None)


# ---------------------------------------------------------------------------
# the 信息处理费 statement and amount
# ---------------------------------------------------------------------------

_AMOUNT = re.compile(
    r"(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|[零〇○一二两三四五六七八九十百千万]+)\s*(?P<unit>万元|元)")
_TOTAL_WORDS = ("共计", "合计", "总计", "累计", "共收取", "总额")
_CLAUSE = ",;，；"
_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十0-9]+[）)]")


@lru_cache(maxsize=16)
def _shared_chars(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset.intersection(*(frozenset(nfkc(w)) for w in words)) if words else frozenset()


@dataclass(frozen=True)
class FeeVocabulary:
    terms: tuple[str, ...]  # the fee's own names: a sentence holding one states its amount
    none: tuple[str, ...]  # wordings saying nothing was collected
    placeholders: tuple[str, ...] = ()
    units: tuple[tuple[str, Decimal], ...] = (("元", Decimal(1)), ("万元", Decimal(10000)))
    none_answers: tuple[str, ...] = ()  # a whole answer under a fee sub-heading meaning none ("无")
    mentions: tuple[str, ...] = ()  # other words about charging: a statement, never the fee's amount

    @property
    def words(self) -> tuple[str, ...]:
        return self.terms + self.mentions

    @cached_property
    def _shared(self) -> frozenset[str]:
        return _shared_chars(self.words)

    def may_hold_a_term(self, text: str) -> bool:
        """A cheap first look: the characters every term shares (费) are all in the text."""
        return all(c in text for c in self._shared)

    @classmethod
    def from_data(cls, data: dict[str, Any] | None, placeholders: Sequence[str] = ()) -> FeeVocabulary:
        data = data or {}
        units = tuple((str(k), Decimal(str(v))) for k, v in (data.get("units") or {"元": 1, "万元": 10000}).items())
        return cls(tuple(data.get("terms") or ()), tuple(data.get("none") or ()),
                   tuple(data.get("placeholders") or placeholders), units, tuple(data.get("none_answers") or ()),
                   tuple(data.get("mentions") or ()))


@dataclass(frozen=True)
class FeeStatement:
    block_index: int
    sentence: str
    amount: Decimal | None  # in 元; 0 when the sentence says none was collected; None: no amount stated
    raw: str  # the amount as printed ("380元", "0 元") or the wording saying none ("未收取")
    in_section: bool  # printed in section 六, where the template asks for it


def _number(token: str) -> Decimal | None:
    token = token.replace(",", "")
    if token[:1].isdigit():
        try:
            return Decimal(token)
        except InvalidOperation:
            return None
    value = parse_number(token)
    return Decimal(value) if value is not None else None


def _amount_after(sentence: str, start: int, vocab: FeeVocabulary) -> tuple[Decimal, str] | None:
    units = dict(vocab.units)
    found = []
    for m in _AMOUNT.finditer(sentence, start):
        value = _number(m.group("num"))
        if value is not None and m.group("unit") in units:
            before = sentence[max(start, m.start() - 4):m.start()]
            found.append((any(w in before for w in _TOTAL_WORDS), value * units[m.group("unit")], m.group(0)))
    if not found:
        return None
    # "共计380元，其中民政局1件，收取380元": a stated total wins over the items that follow it
    total = next((f for f in found if f[0]), found[0])
    return total[1], total[2].strip()


def fee_statement_in(sentence: str, vocab: FeeVocabulary) -> tuple[Decimal | None, str] | None:
    """Does this sentence speak about the fee? Then (amount in 元 or None, what was printed)."""
    text = nfkc(sentence)
    term = any_word(text, vocab.terms)
    if term is None and any_word(text, vocab.mentions) is None:
        return None
    # only the fee's own name makes an amount the fee's: "征收污水处理费…万元" and "收取费用…元" are not.
    # The clause naming the fee speaks first: "行政事业性收费1200万元，未收取信息处理费" is 0.
    if term is not None:
        at = text.find(term)
        start = max(text.rfind(c, 0, at) for c in _CLAUSE) + 1
        ends = [i for i in (text.find(c, at) for c in _CLAUSE) if i >= 0]
        clause = text[start:min(ends, default=len(text))]
        found = _amount_after(clause, clause.find(term), vocab) or _amount_after(clause, 0, vocab)
        if found is not None:
            return found
        none = any_word(clause, vocab.none)
        if none is not None:
            return Decimal(0), none
        found = _amount_after(text, at, vocab)  # "收取信息处理费情况：共2件，合计380元"
        if found is not None:
            return found
    none = any_word(text, vocab.none)
    if none is not None:
        return Decimal(0), none
    if _is_subheading(text):
        return None  # "（一）收取信息处理费情况。": a sub-heading, the statement follows it
    return None, ""


def _is_subheading(text: str) -> bool:
    return _SUBHEADING.match(text) is not None and len(compact(text)) <= 20


def _answer(sentence: str, vocab: FeeVocabulary) -> tuple[Decimal | None, str] | None:
    """The sentence right after a fee sub-heading answers it ("无。", "本年度未收取。", "0元。"), unless
    it is the next sub-heading."""
    text = nfkc(sentence)
    if _is_subheading(text):
        return None
    said = compact(text)
    if said in vocab.none_answers:
        return Decimal(0), said
    amount = _amount_after(text, 0, vocab)
    if amount is not None:
        return amount
    none = any_word(text, vocab.none)
    return (Decimal(0), none) if none is not None else (None, "")


def fee_statements(report: ParsedReport, vocab: FeeVocabulary) -> list[FeeStatement]:
    """Every sentence about the fee: section 六's first, then the rest of the body's paragraphs.
    Once per report and vocabulary (the figures step and C-004 both ask)."""
    if report.document is None:
        return []
    key = ("prose.fee_statements", vocab)
    if key not in report.memo:
        report.memo[key] = _fee_statements(report, vocab)
    return report.memo[key]


def _fee_statements(report: ParsedReport, vocab: FeeVocabulary) -> list[FeeStatement]:
    assert report.document is not None
    six = section(report, 6)
    inside: list[FeeStatement] = []
    outside: list[FeeStatement] = []
    pending = False  # a fee sub-heading was just read: the next sentence answers it
    for block in report.document.blocks:
        in_six = six is not None and six.block_index < block.index < six.end_block_index
        if not in_six and not isinstance(block, Paragraph):
            continue  # table 三's labels speak of 收费通知; only section 六 may hold its text in a table
        text = block_text(block)
        if not pending and (not vocab.may_hold_a_term(text) or any_word(nfkc(text), vocab.words) is None):
            continue
        for s in sentences(strip_placeholders(text, vocab.placeholders)):
            found = fee_statement_in(s, vocab)
            if found is None and pending:
                found = _answer(s, vocab)
            pending = found is None and _is_subheading(nfkc(s)) and any_word(nfkc(s), vocab.words) is not None
            if found is not None:
                (inside if in_six else outside).append(FeeStatement(block.index, s, found[0], found[1], in_six))
    return inside + outside


@lru_cache(maxsize=1)
def _package_fee_vocabulary() -> FeeVocabulary:
    """The fee wordings of the packaged vocabulary (:func:`vocabulary`), built once, not per report."""
    data = vocabulary()
    return FeeVocabulary.from_data(data.get("fee"), data.get("placeholders") or ())


def processing_fee(report: ParsedReport, vocab: FeeVocabulary | None = None) -> Figure | None:
    """``other.processing_fee``: the first amount (元) a fee statement gives, None if none does."""
    if vocab is None:
        vocab = _package_fee_vocabulary()
    if not vocab.terms:
        return None
    for st in fee_statements(report, vocab):
        if st.amount is not None:
            six = section(report, 6)
            label = six.title if six is not None and st.in_section else "正文"
            value = Value("number", st.amount, st.raw, unit="元")
            return Figure(FEE_KEY, value, Source("text", st.block_index, 0, 0, st.sentence, label, "信息处理费（元）"))
    return None


# ---------------------------------------------------------------------------
# the date the report states
# ---------------------------------------------------------------------------

_CN_DIGIT = "〇○零一二三四五六七八九"
_DATE = re.compile(
    rf"(?P<y>[12][0-9]{{3}}|[一二][{_CN_DIGIT}]{{3}})\s*年\s*"
    r"(?P<m>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?P<d>[0-9]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日"
    r"|(?P<y2>[12][0-9]{3})[-./](?P<m2>[0-9]{1,2})[-./](?P<d2>[0-9]{1,2})")
# what may stand before the date on its own line: the agency signing, or a label
_LEAD = re.compile(
    r"^(?:[^\d。，,；;！!？?：:]{0,40}?(?:政府|局|委员会|委|办公室|办公厅|厅|办|中心|院|署|会|处|所|站|队|街道|镇|乡|公司)"
    r"|(?:发布|印发|成文|报告)?(?:日期|时间))?\s*[:：]?\s*$")


@dataclass(frozen=True)
class StatedDate:
    date: dt.date
    text: str  # the line as printed
    block_index: int
    where: str  # "signature" (the last lines) | "title" (right under the title)


def _date_part(token: str) -> int | None:
    return int(token) if token.isdigit() else parse_number(token)  # 二〇二五, 十二, 二十三


def date_line(text: str) -> dt.date | None:
    """The date a line states when the line is only a date (maybe bracketed, maybe after the
    signing agency or a label such as 发布日期：); None otherwise or when it is no calendar date."""
    line = nfkc(text).strip()
    line = re.sub(r"^[(\[]\s*|\s*[)\]]$", "", line)
    m = None
    for m in _DATE.finditer(line):
        pass  # the last date on the line: a signature puts the agency first
    if m is None or line[m.end():].strip(" )]。.") or not _LEAD.match(line[:m.start()].rstrip(" ([")):
        return None
    y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"), m.group("d2"))
    parts = [_date_part(x) for x in (y, mo, d)]
    if None in parts:
        return None
    try:
        return dt.date(*parts)  # type: ignore[arg-type]
    except ValueError:
        return None


def _nonblank(blocks: Iterable[Block]) -> Iterator[Paragraph]:
    for b in blocks:
        if isinstance(b, Paragraph) and has_text(b.text):
            yield b


def stated_date(report: ParsedReport, tail: int = 6, head: int = 3) -> StatedDate | None:
    """The report's own date: a date line among the last ``tail`` lines (the signature, after the
    last section heading found), else one of the ``head`` lines right under the title."""
    doc = report.document
    if doc is None:
        return None
    # the signature closes the last section; a report whose sections were not found is read to its end
    after = max((s.block_index for s in report.sections), default=-1)
    seen = 0
    for p in _nonblank(reversed(doc.blocks)):
        if p.index <= after or seen == tail:
            break
        seen += 1
        when = date_line(p.text)
        if when is not None:
            return StatedDate(when, p.text.strip(), p.index, "signature")
    if not report.title:
        return None
    title = compact(report.title)
    first_section = min((s.block_index for s in report.sections), default=len(doc.blocks))
    front = _nonblank(b for b in doc.blocks if b.index < first_section)
    for p in front:
        if len(compact(p.text)) >= 6 and compact(p.text) in title:
            for _, q in zip(range(head), front):
                when = date_line(q.text)
                if when is not None:
                    return StatedDate(when, q.text.strip(), q.index, "title")
            break
    return None

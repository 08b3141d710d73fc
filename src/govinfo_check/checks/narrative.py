"""Narrative vs tables: numbers stated in the body text must agree with the table figures they name.

The claims the text can make live in one data table, ``CLAIMS``: a keyword (or a whole pattern), the
table figure(s) it names — possibly several *readings* when the wording is ambiguous — and whether a
mismatch is certain (error) or only suspicious (warning). The matcher below knows no specific claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Any, Iterable, Iterator

from .. import fields as F
from ..models import TABLE_TITLES, Location, Operand, Paragraph, ParsedReport
from ..numerals import NUMBER, PERCENT, decimals_of, parse_number, parse_percent
from ..registry import CheckContext, Hit, check_kind

# ---------------------------------------------------------------------------
# the claim table (data)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One way to read a claim: the table figure is the sum of ``keys``."""

    keys: tuple[str, ...]
    zh: str  # the figure, as a row label for messages
    en: str


@dataclass(frozen=True)
class Claim:
    name: str
    group: str  # requests | outcomes | appeals | documents — a rule selects groups
    pattern: str  # form "before": the keyword; "after": a full regex with (?P<num>); "none": a full regex
    readings: tuple[Reading, ...]
    zh: str  # what the text states, for messages
    en: str
    form: str = "before"
    ambiguous: bool = False  # wording admits readings we cannot enumerate: a mismatch is only a warning
    require: str = ""  # the words between keyword and number must contain this (e.g. 申请)
    context: str = ""  # appeal outcomes: applies only after the last 行政复议 (review) / 行政诉讼 (suit)
    claimed: int | None = None  # form "none": the value the statement implies (未发生… = 0)


def _keys(rows: Iterable[str], col: str = "total") -> tuple[str, ...]:
    return tuple(f"requests.{r}.{col}" for r in rows)


_WITHHELD = _keys(r for r in F.REQUEST_ROWS if r.startswith("withheld_"))
_UNAVAILABLE = _keys(r for r in F.REQUEST_ROWS if r.startswith("unavailable_"))
_REJECTED = _keys(r for r in F.REQUEST_ROWS if r.startswith("rejected_"))
_OTHER = _keys(r for r in F.REQUEST_ROWS if r.startswith("other_"))
_SUITS = ("appeals.suit_direct.total", "appeals.suit_after_review.total")

NEW = Reading(("requests.new.total",), "一、本年新收政府信息公开申请数量", "1. new requests this year")
NEW_AND_CARRIED = Reading(("requests.new.total", "requests.carried_in.total"),
                          "一、本年新收 + 二、上年结转", "1. new + 2. carried over from last year")
CARRIED_IN = Reading(("requests.carried_in.total",), "二、上年结转政府信息公开申请数量", "2. carried over from last year")
HANDLED = Reading(("requests.handled_total.total",), "（七）总计", "(7) total handled")
CARRIED_FORWARD = Reading(("requests.carried_forward.total",), "四、结转下年度继续办理", "4. carried forward to next year")
GRANTED = Reading(("requests.granted.total",), "（一）予以公开", "(1) disclosed")
PARTIAL = Reading(("requests.partial.total",), "（二）部分公开", "(2) partly disclosed")
REVIEW = Reading(("appeals.review.total",), "行政复议 / 总计", "administrative review / total")
SUITS = Reading(_SUITS, "行政诉讼（未经复议直接起诉 + 复议后起诉）/ 总计", "litigation (direct + after review) / total")

_NEG = r"(?:未发生|未出现|未收到|未有|没有|无(?![法正]))"
_AND = r"(?:和|及|与|、|或|以及)"
_RECEIVED_READINGS = (NEW, NEW_AND_CARRIED)


def _outcome(name: str, keyword: str, outcome: str, zh: str, en: str) -> tuple[Claim, Claim]:
    """The same outcome word after 行政复议 and after 行政诉讼 names different cells."""
    review = Claim(f"review_{name}", "appeals", keyword,
                   (Reading((f"appeals.review.{outcome}",), f"行政复议 / {zh}", f"administrative review / {en}"),),
                   f"行政复议{zh}", f"administrative reviews {en}", context="review")
    suit = Claim(f"suit_{name}", "appeals", keyword,
                 (Reading((f"appeals.suit_direct.{outcome}", f"appeals.suit_after_review.{outcome}"),
                          f"行政诉讼（两类）/ {zh}", f"litigation (both kinds) / {en}"),),
                 f"行政诉讼{zh}", f"lawsuits {en}", context="suit")
    return review, suit


CLAIMS: tuple[Claim, ...] = (
    # --- requests received and carried ------------------------------------------------------
    Claim("new", "requests", r"新收", (NEW,), "本年新收申请", "new requests this year"),
    Claim("carried_in", "requests", r"上一?年度?(?:结转|遗留)|结转上一?年度?", (CARRIED_IN,),
          "上年结转申请", "requests carried over from last year"),
    Claim("carried_in_after", "requests", rf"(?P<num>{NUMBER})件[^，。；]{{0,6}}?(?:系|为|是|属)上一?年度?结转",
          (CARRIED_IN,), "上年结转申请", "requests carried over from last year", form="after"),
    # 收到/受理/接收 mean 新收 or 新收 + 上年结转 depending on the writer
    Claim("received", "requests", r"收到|接收|接到|(?<!不予)(?<!不)受理", _RECEIVED_READINGS,
          "收到/受理申请", "requests received", ambiguous=True, require="申请"),
    Claim("processed", "requests", r"(?<!相关)办理", _RECEIVED_READINGS + (HANDLED,),
          "办理申请", "requests processed", ambiguous=True, require="申请"),
    Claim("handled", "requests", r"办结|答复|办理完毕", (HANDLED,), "办结/答复申请", "requests answered"),
    Claim("carried_forward", "requests",
          r"结转(?:至|到)?(?:下一?年度?|次年|明年)(?:继续办理)?|结转(?:至|到)(?=[12]\d{3}年)",
          (CARRIED_FORWARD,), "结转下年度", "requests carried forward to next year"),
    Claim("carried_forward_after", "requests",
          rf"(?P<num>{NUMBER})件[^，。；]{{0,6}}?(?:顺延|结转|转入)(?:至|到)?(?:下一?年度?|次年|明年)",
          (CARRIED_FORWARD,), "结转下年度", "requests carried forward to next year", form="after"),
    # --- outcomes ------------------------------------------------------------------------------
    Claim("granted_or_partial", "outcomes", rf"(?<!不)予以(?:全部)?公开{_AND}部分公开",
          (Reading(("requests.granted.total", "requests.partial.total"), "（一）予以公开 + （二）部分公开",
                   "(1) disclosed + (2) partly disclosed"),),
          "予以公开及部分公开", "disclosed in full or in part"),
    Claim("granted", "outcomes", r"(?<!不)予以(?:全部)?公开|同意公开|全部公开", (GRANTED,), "予以公开", "disclosed"),
    Claim("partial", "outcomes", r"部分公开", (PARTIAL,), "部分公开", "partly disclosed"),
    Claim("withheld", "outcomes", r"不予(?:以)?公开",
          (Reading(_WITHHELD, "（三）不予公开（1–8 项之和）", "(3) withheld (sum of items 1–8)"),),
          "不予公开", "withheld"),
    Claim("unavailable", "outcomes", r"无法提供",
          (Reading(_UNAVAILABLE, "（四）无法提供（1–3 项之和）", "(4) cannot be provided (sum of items 1–3)"),),
          "无法提供", "cannot be provided"),
    Claim("rejected", "outcomes", r"不予处理",
          (Reading(_REJECTED, "（五）不予处理（1–5 项之和）", "(5) not processed (sum of items 1–5)"),),
          "不予处理", "not processed"),
    Claim("other_handling", "outcomes", r"其他处理",
          (Reading(_OTHER, "（六）其他处理（1–3 项之和）", "(6) other handling (sum of items 1–3)"),
           # 2019 / hybrid layout: （六） is one row, kept in extras
           Reading(("requests.other_total.total",), "（六）其他处理", "(6) other handling")),
          "其他处理", "other handling"),
    # --- appeals -----------------------------------------------------------------------------------
    Claim("no_appeals", "appeals", rf"{_NEG}[^，。；0-9０-９]{{0,20}}?行政复议{_AND}[^，。；0-9０-９]{{0,6}}?行政诉讼",
          (REVIEW, SUITS), "未发生行政复议和行政诉讼", "no administrative review or litigation", form="none", claimed=0),
    Claim("no_review", "appeals", rf"{_NEG}[^，。；0-9０-９]{{0,20}}?行政复议(?![^，。；]{{0,8}}行政诉讼)", (REVIEW,),
          "未发生行政复议", "no administrative review", form="none", claimed=0),
    Claim("no_suit", "appeals", rf"{_NEG}[^，。；0-9０-９]{{0,20}}?行政诉讼", (SUITS,),
          "未发生行政诉讼", "no litigation", form="none", claimed=0),
    Claim("appeals_both", "appeals", rf"行政复议{_AND}行政诉讼",
          (Reading(("appeals.review.total",) + _SUITS, "行政复议总计 + 行政诉讼总计", "review total + litigation totals"),),
          "行政复议和行政诉讼", "administrative reviews and lawsuits"),
    Claim("review", "appeals", r"行政复议", (REVIEW,), "行政复议", "administrative reviews"),
    Claim("suit", "appeals", r"行政诉讼", (SUITS,), "行政诉讼", "lawsuits"),
    *_outcome("upheld", r"结果维持|维持原?", "upheld", "结果维持", "upheld"),
    *_outcome("corrected", r"结果纠正|纠正|纠错", "corrected", "结果纠正", "corrected"),
    *_outcome("other", r"其他结果", "other", "其他结果", "other result"),
    *_outcome("pending", r"尚未审结|未审结|未结案", "pending", "尚未审结", "pending"),
    # --- table 二 documents --------------------------------------------------------------------
    Claim("normative_in_force", "documents", r"现行有效(?:的)?(?:行政)?规范性文件",
          (Reading(("active.normative.in_force",), "行政规范性文件 / 现行有效件数", "normative documents / in force"),),
          "现行有效行政规范性文件", "normative documents in force"),
    Claim("regulation_in_force", "documents", r"现行有效(?:的)?(?:政府)?规章",
          (Reading(("active.regulation.in_force",), "规章 / 现行有效件数", "regulations / in force"),),
          "现行有效规章", "regulations in force"),
    Claim("normative_issued", "documents", r"(?:制发|印发|出台)(?:的|了)?(?:行政)?规范性文件",
          (Reading(("active.normative.issued",), "行政规范性文件 / 本年制发件数", "normative documents / issued"),),
          "本年制发行政规范性文件", "normative documents issued"),
    Claim("normative_repealed", "documents", r"废止(?:的|了)?(?:行政)?规范性文件",
          (Reading(("active.normative.repealed",), "行政规范性文件 / 本年废止件数", "normative documents / repealed"),),
          "本年废止行政规范性文件", "normative documents repealed"),
)

# Narratives about a wider (or different) scope than the tables: a mismatch is a warning at most.
SCOPE_WORDS = re.compile(
    r"全(?:区|市|县|省|州|盟|旗|镇|乡|街道|系统)|各(?:部门|单位|地|县区|区县|县市区|乡镇|镇街|街道|级)|本级|系统内")
_APPEAL_CONTEXT = re.compile(r"行政复议|行政诉讼|复议后起诉|直接起诉|起诉")
_UNITS = r"(?:件|起|宗|个|条|份)"
# Between a keyword and its number: words, 、 and years ("结转至2026年6件"), never a clause break or a digit.
_FILLER = r"(?P<fill>(?:[12][0-9]{3}年度?|[^，。；;,：:！？!?（）()0-9０-９%％])*?)"
_COUNT_AFTER = re.compile(rf"^{_FILLER}(?P<num>{NUMBER}){_UNITS}")
_PERCENT_AFTER = re.compile(rf"^(?:[，,、（(]|其中)?(?:占[^，。；0-9０-９]{{0,8}}?|比例为?|占比为?)?{PERCENT}")
_PERCENT_ONLY = re.compile(rf"^{_FILLER}(?:占[^，。；0-9０-９]{{0,8}}?|占比为?){PERCENT}")
_MAX_FILL = 30
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")

# ---------------------------------------------------------------------------
# extraction
# ---------------------------------------------------------------------------


@dataclass
class Statement:
    """One number claim found in the text."""

    claim: Claim
    value: int | None  # None: percentage-only
    percent: Decimal | None
    percent_text: str
    paragraph_index: int
    sentence: str  # as printed (the quote)
    span: tuple[int, int]  # in the compacted sentence


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _compact(sentence: str) -> str:
    # PDF/Word text puts spaces around numbers ("申请 3119 件"); none of them carry meaning here.
    return re.sub(r"\s+", "", sentence)


@dataclass
class _Match:
    claim: Claim
    start: int
    end: int
    value: int | None = None
    number_end: int | None = None


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_ANY_CLAIM: dict[int, tuple[tuple[Claim, ...], re.Pattern[str]]] = {}


def _any_claim(claims: tuple[Claim, ...]) -> re.Pattern[str]:
    """All claim patterns as one alternation: most sentences of a report name no figure at all, and
    one search tells so instead of one per claim. Keyed by identity: hashing the claims costs more."""
    cached = _ANY_CLAIM.get(id(claims))
    if cached is None or cached[0] is not claims:
        union = "|".join(f"(?:{_NAMED_GROUP.sub('(?:', c.pattern)})" for c in claims)
        cached = _ANY_CLAIM[id(claims)] = (claims, re.compile(union))
    return cached[1]


def _keyword_matches(text: str, claims: tuple[Claim, ...]) -> list[_Match]:
    found: list[_Match] = []
    if not _any_claim(claims).search(text):
        return found
    for claim in claims:
        for m in _compiled(claim.pattern).finditer(text):
            if m.end() == m.start():
                continue
            value = None
            if claim.form == "after":
                value = parse_number(m.group("num"))
                if value is None:
                    continue
            elif claim.form == "none":
                value = claim.claimed
            found.append(_Match(claim, m.start(), m.end(), value, m.end() if claim.form != "before" else None))
    return _resolve_overlaps(found, claims)


def _resolve_overlaps(found: list[_Match], claims: tuple[Claim, ...]) -> list[_Match]:
    """Whole-statement patterns first, then longer keywords, then table order; overlapping matches lose."""
    rank = {id(c): i for i, c in enumerate(claims)}
    priority = {"none": 0, "after": 1, "before": 2}
    chosen: list[_Match] = []
    for m in sorted(found, key=lambda m: (priority[m.claim.form], -(m.end - m.start), rank[id(m.claim)])):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
        elif m.claim.context and any(c.start == m.start and c.end == m.end and c.claim.context for c in chosen):
            chosen.append(m)  # review/suit twins share a span; context picks one below
    return sorted(chosen, key=lambda m: m.start)


def _with_context(text: str, matches: list[_Match]) -> list[_Match]:
    kept = []
    for m in matches:
        if not m.claim.context:
            kept.append(m)
            continue
        before = [c.group() for c in _APPEAL_CONTEXT.finditer(text, 0, m.start)]
        if before and ("suit" if "诉" in before[-1] else "review") == m.claim.context:
            kept.append(m)
    return kept


def extract_statements(paragraphs: Iterable[Paragraph], claims: tuple[Claim, ...] = CLAIMS) -> list[Statement]:
    """Every number claim in the paragraphs, in reading order."""
    out: list[Statement] = []
    for para in paragraphs:
        for sentence in sentences(para.text):
            out.extend(_statements_in(sentence, para.index, claims))
    return out


def _statements_in(sentence: str, index: int, claims: tuple[Claim, ...]) -> Iterator[Statement]:
    text = _compact(sentence)
    matches = _with_context(text, _keyword_matches(text, claims))
    for i, m in enumerate(matches):
        stop = matches[i + 1].start if i + 1 < len(matches) else len(text)
        value, end = m.value, m.number_end
        if m.claim.form == "before":
            value, end = _number_after(text, m.end, stop, m.claim)
        pct, pct_text = _percent_after(text, end if end is not None else m.end, stop, value is None)
        if value is None and pct is None:
            continue
        yield Statement(m.claim, value, pct, pct_text, index, sentence, (m.start, end or m.end))


def _number_after(text: str, start: int, stop: int, claim: Claim) -> tuple[int | None, int | None]:
    nm = _COUNT_AFTER.match(text[start:stop])
    if not nm or len(nm.group("fill")) > _MAX_FILL:
        return None, None
    if claim.require and claim.require not in nm.group("fill"):
        return None, None
    return parse_number(nm.group("num")), start + nm.end()


def _percent_after(text: str, start: int, stop: int, alone: bool) -> tuple[Decimal | None, str]:
    pattern = _PERCENT_ONLY if alone else _PERCENT_AFTER
    pm = pattern.match(text[start:stop] if alone else text[start:])
    if not pm:
        return None, ""
    return parse_percent(pm.group("pct")), pm.group("pct")


# ---------------------------------------------------------------------------
# comparing with the tables
# ---------------------------------------------------------------------------


def figure_value(report: ParsedReport, keys: Iterable[str]) -> Decimal | None:
    """Σ keys, or None when any of them is absent or unreadable (its own finding says why)."""
    total = Decimal(0)
    for key in keys:
        n = report.number(key)
        if n is None:
            return None
        total += n
    return total


def key_location(report: ParsedReport, key: str) -> Location:
    """Where a figure was printed; labels from the data dictionary when the source is unknown."""
    fig = report.figures.get(key) or report.extras.get(key)
    fdef = F.field_index().get(key)
    table = fig.source.table if fig and fig.source else (fdef.table if fdef else None)
    loc = Location(table=table, table_title=TABLE_TITLES.get(table or "", {}).get("zh"),
                   row_label=fdef.row_label if fdef else None, column_label=fdef.column_label if fdef else None)
    if fig and fig.source:
        s = fig.source
        loc.row_label, loc.column_label = s.row_label or loc.row_label, s.column_label or loc.column_label
        loc.table_index, loc.row, loc.col = s.table_index, s.row, s.col
    return loc


def operands(report: ParsedReport, keys: Iterable[str]) -> list[Operand]:
    out = []
    for key in keys:
        fig = report.figures.get(key) or report.extras.get(key)
        n = report.number(key)
        out.append(Operand(key=key, value=_plain(n), raw=fig.value.raw if fig else None,
                           blank=bool(fig and fig.value.kind == "blank"), location=key_location(report, key)))
    return out


def _plain(n: Decimal | None) -> int | float | None:
    if n is None:
        return None
    return int(n) if n == n.to_integral_value() else float(n)


def describe(report: ParsedReport, reading: Reading, lang: str) -> str:
    """「表三 …」「row」「column」 for one reading, in one language."""
    loc = key_location(report, reading.keys[0])
    table = TABLE_TITLES.get(loc.table or "", {}).get(lang, loc.table or "")
    if len(reading.keys) == 1:
        row = loc.row_label or reading.zh
    else:
        row = reading.zh if lang == "zh" else reading.en
    column = loc.column_label or ""
    if lang == "zh":
        return f"{table}“{row}”" + (f"“{column}”列" if column and loc.table != "appeals" else "")
    return f"{table}, row “{row}”" + (f", column “{column}”" if column and loc.table != "appeals" else "")


def _readings_available(report: ParsedReport, claim: Claim) -> list[tuple[Reading, Decimal]]:
    out = []
    for reading in claim.readings:
        value = figure_value(report, reading.keys)
        if value is not None:
            out.append((reading, value))
    return out


def _location(report: ParsedReport, reading: Reading, st: Statement) -> Location:
    loc = key_location(report, reading.keys[0])
    if len(reading.keys) > 1:
        loc.row_label, loc.table_index, loc.row, loc.col = reading.zh, None, None, None
    loc.block_index, loc.quote = st.paragraph_index, st.sentence
    return loc


def _severity(claim: Claim, st: Statement) -> str | None:
    """None keeps the rule's severity; wording we cannot pin down lowers it to a warning."""
    if claim.ambiguous or SCOPE_WORDS.search(_compact(st.sentence)):
        return "warning"
    return None


def claim_hits(report: ParsedReport, statements: Iterable[Statement], groups: set[str]) -> Iterator[Hit]:
    for st in statements:
        if st.claim.group not in groups or st.value is None:
            continue
        readings = _readings_available(report, st.claim)
        if st.claim.form == "none":
            # "无行政复议和行政诉讼" states every reading at once: wrong where any is non-zero
            readings = [(r, v) for r, v in readings if v != st.value]
            if readings:
                yield _claim_hit(report, st, readings)
        elif readings and all(value != st.value for _, value in readings):
            yield _claim_hit(report, st, readings)


def _claim_hit(report: ParsedReport, st: Statement, readings: list[tuple[Reading, Decimal]]) -> Hit:
    reading, value = readings[0]
    keys = [k for r, _ in readings for k in r.keys]
    several = len(readings) > 1 and st.claim.form != "none"
    # readings that come to the same figure say nothing new in the message
    shown = [(r, v) for i, (r, v) in enumerate(readings) if v not in [w for _, w in readings[:i]]]
    alts_zh = "；".join(f"{describe(report, r, 'zh')}为 {_plain(v)}" for r, v in shown)
    alts_en = "; ".join(f"{describe(report, r, 'en')} = {_plain(v)}" for r, v in shown)
    args: dict[str, Any] = {
        "claim_zh": st.claim.zh, "claim_en": st.claim.en, "claimed": st.value, "value": _plain(value),
        "figure_zh": alts_zh, "figure_en": alts_en, "quote": st.sentence, "key": reading.keys[0],
        "ambiguous_zh": "（该表述可有多种理解，均不相符）" if several else "",
        "ambiguous_en": " (none of the possible readings matches)" if several else "",
    }
    return Hit(args=args, fields=keys, expected=_plain(value), actual=st.value,
               operands=operands(report, keys), location=_location(report, reading, st),
               severity=_severity(st.claim, st))  # type: ignore[arg-type]


def percent_hits(report: ParsedReport, statements: Iterable[Statement], groups: set[str]) -> Iterator[Hit]:
    for st in statements:
        if st.percent is None or st.claim.group not in groups:
            continue
        tolerance = Decimal(1).scaleb(-decimals_of(st.percent_text))  # rounded or truncated last digit
        ratios = [(r, v, bk, b, v * 100 / b) for r, v in _readings_available(report, st.claim)
                  for bk, b in _bases(report)]
        if not ratios or any(abs(ratio - st.percent) <= tolerance for *_, ratio in ratios):
            continue
        reading, value, base_keys, base, ratio = ratios[0]
        args = {
            "claim_zh": st.claim.zh, "claim_en": st.claim.en, "percent": st.percent_text,
            "ratio": f"{ratio:.2f}", "value": _plain(value), "base": _plain(base), "quote": st.sentence,
            "figure_zh": describe(report, reading, "zh"), "figure_en": describe(report, reading, "en"),
        }
        yield Hit(args=args, fields=list(reading.keys + base_keys),
                  expected=float(round(ratio, 2)), actual=float(st.percent),
                  operands=operands(report, reading.keys + base_keys), location=_location(report, reading, st),
                  severity=_severity(st.claim, st))  # type: ignore[arg-type]


def _bases(report: ParsedReport) -> list[tuple[tuple[str, ...], Decimal]]:
    """What "占总数" may mean: all handled requests, the new ones, or new + carried over (non-zero only)."""
    candidates = [("requests.handled_total.total",), ("requests.new.total",),
                  ("requests.new.total", "requests.carried_in.total")]
    return [(keys, v) for keys in candidates if (v := figure_value(report, keys))]


def _paragraphs(report: ParsedReport) -> list[Paragraph]:
    return report.document.paragraphs if report.document is not None else []


def _groups(params: dict[str, Any]) -> set[str]:
    groups = params.get("groups") or ["requests", "outcomes", "appeals", "documents"]
    return {groups} if isinstance(groups, str) else set(groups)


def report_statements(report: ParsedReport) -> list[Statement]:
    """The report's claims, extracted once: several rules (one per claim group) read them."""
    memo = report.memo
    if "narrative.statements" not in memo:
        memo["narrative.statements"] = extract_statements(_paragraphs(report))
    return memo["narrative.statements"]


@check_kind("narrative_claims", params=["groups"])
def narrative_claims(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """A number stated in the text differs from the table figure it names."""
    yield from claim_hits(ctx.report, report_statements(ctx.report), _groups(params))


@check_kind("narrative_percentages", params=["groups"])
def narrative_percentages(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """A share stated in the text ("占51.85%") differs from the table ratio beyond rounding."""
    statements = report_statements(ctx.report)
    yield from percent_hits(ctx.report, statements, _groups(params))

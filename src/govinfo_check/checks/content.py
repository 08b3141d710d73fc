"""Content: what the template asks sections 五, 六 and 一 to say, and the date the report is signed.

The kinds read the prose through :mod:`govinfo_check.prose`; every word they look for comes from the
rule's parameters (rules/content.yaml, ``vocabulary:``). Sections come from locate; a section locate
did not find is S-101's finding, an empty one S-104's, and a section holding only a picture is not
read — none of these is guessed at here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from ..models import Location, ParsedReport, Section
from ..prose import (
    FeeVocabulary, any_word, compact, fee_statements, has_picture, nfkc, section, section_blocks, section_texts,
    sentences, stated_date,
)
from ..registry import CheckContext, Hit, check_kind
from .structure import section_is_empty

_QUOTE_CHARS = 60


def _words(params: dict[str, Any], name: str, required: bool = True) -> tuple[str, ...]:
    value = params.get(name)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise ValueError(f"{name}: expected a non-empty list of words")
    return tuple(dict.fromkeys(value))


def _int(params: dict[str, Any], name: str, default: int) -> int:
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name}: expected a non-negative whole number, got {value!r}")
    return value


def _since(params: dict[str, Any]) -> int | None:
    value = params.get("since_year")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"since_year: expected a year, got {value!r}")
    return value


def _too_early(report: ParsedReport, since_year: int | None) -> bool:
    return since_year is not None and report.year is not None and report.year < since_year


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_CHARS else flat[:_QUOTE_CHARS] + "…"


def _examples(words: Sequence[str], lang: str) -> str:
    shown = [w for w in words if "{" not in w][:3]
    return ("“" + "”“".join(shown) + "”") if lang == "zh" else ", ".join(f"“{w}”" for w in shown)


def _readable(report: ParsedReport, sec: Section) -> bool:
    """Can the section's content be judged? Not without the document, not when S-104 calls it empty,
    not when a picture stands in it."""
    return (report.document is not None and not section_is_empty(report, sec)
            and not has_picture(section_blocks(report, sec)))


# ---------------------------------------------------------------------------
# section 五: problems and improvements
# ---------------------------------------------------------------------------

_FINDS = ("token", "unbalanced", "no_follow_up")
_SECTION5_PARAMS = ("finds", "placeholders", "denial", "problems", "improvements", "previous_year",
                    "rectification", "labels", "min_chars", "token_max_chars")


@dataclass(frozen=True)
class Section5Vocabulary:
    placeholders: tuple[str, ...]
    denial: re.Pattern[str]
    problems: tuple[str, ...]
    improvements: tuple[str, ...]
    previous_year: tuple[str, ...]
    rectification: tuple[str, ...]
    labels: frozenset[str]
    min_chars: int
    token_max_chars: int


@dataclass(frozen=True)
class Section5Spec:
    finds: str
    vocab: Section5Vocabulary


def _denial_pattern(raw: Any) -> re.Pattern[str]:
    if not isinstance(raw, dict) or set(raw) - {"negations", "qualifiers", "nouns"}:
        raise ValueError("denial: expected {negations: [...], qualifiers: [...], nouns: [...]}")
    neg, nouns = _words(raw, "negations"), _words(raw, "nouns")
    qual = _words(raw, "qualifiers", required=False)
    # longest first: "暂无" before "无", so the alternation takes the whole word
    alt = lambda ws: "|".join(map(re.escape, sorted(ws, key=len, reverse=True)))  # noqa: E731
    qualifier = f"(?:{alt(qual)})?的?" if qual else ""
    return re.compile(f"(?:{alt(neg)})的?{qualifier}(?:{alt(nouns)})")


def _prepare_section5(params: dict[str, Any]) -> Section5Spec:
    finds = params.get("finds")
    if finds not in _FINDS:
        raise ValueError(f"finds: expected one of {', '.join(_FINDS)}, got {finds!r}")
    vocab = Section5Vocabulary(
        placeholders=_words(params, "placeholders", required=False),
        denial=_denial_pattern(params.get("denial")),
        problems=_words(params, "problems"), improvements=_words(params, "improvements"),
        previous_year=_words(params, "previous_year"), rectification=_words(params, "rectification"),
        labels=frozenset(compact(w) for w in _words(params, "labels", required=False)),
        min_chars=_int(params, "min_chars", 8), token_max_chars=_int(params, "token_max_chars", 40))
    return Section5Spec(finds, vocab)


_NUMBERING = re.compile(r"^\s*(?:[(（][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．]|[一二三四五六七八九十]是)\s*")


def _label(sentence: str) -> str:
    return compact(_NUMBERING.sub("", sentence))


@dataclass(frozen=True)
class Section5Reading:
    section: Section
    quote: str
    token: str | None  # why the section is a token answer: placeholder | short | denial | token
    problem: str | None  # the first problem word found (outside "no problem" phrases)
    improvement: str | None
    follow_up: str | None  # the sentence about last year's problems


def read_section5(report: ParsedReport, vocab: Section5Vocabulary) -> Section5Reading | None:
    """What section 五 says, once per report and vocabulary (three rules read it)."""
    key = ("content.section5", vocab)
    if key in report.memo:
        return report.memo[key]
    reading = _read_section5(report, vocab)
    report.memo[key] = reading
    return reading


def _read_section5(report: ParsedReport, vocab: Section5Vocabulary) -> Section5Reading | None:
    sec = section(report, 5)
    if sec is None or not _readable(report, sec):
        return None
    text = "\n".join(t for _, t in section_texts(report, sec, vocab.placeholders))
    n = len(compact(text))
    if n == 0:
        return Section5Reading(sec, "", "placeholder", None, None, None)
    # sub-heading labels ("（一）存在的主要问题。", "（二）改进情况。") name the template's parts, not content
    norm = "\n".join(s for s in sentences(nfkc(text)) if _label(s) not in vocab.labels)
    n = len(compact(norm))
    if n == 0:
        return Section5Reading(sec, _quote(text), "token", None, None, None)
    rest = vocab.denial.sub(",", norm)
    problem, improvement = any_word(rest, vocab.problems), any_word(rest, vocab.improvements)
    token = None
    if problem is None and improvement is None and n <= vocab.token_max_chars:
        token = "denial" if rest != norm else "token"
    elif n < vocab.min_chars:
        token = "short"
    previous = [w if "{previous_year}" not in w else w.replace("{previous_year}", str(report.year - 1))
                for w in vocab.previous_year if report.year is not None or "{previous_year}" not in w]
    follow_up = next((s for s in sentences(norm)
                      if any_word(s, previous) and any_word(s, vocab.rectification)), None)
    return Section5Reading(sec, _quote(text), token, problem, improvement, follow_up)


_TOKEN_REASONS = {
    "placeholder": {"zh": "只有模板占位文字", "en": "only a template note"},
    "short": {"zh": "内容过短，不足一句话", "en": "too short to be a sentence"},
    "denial": {"zh": "只说没有问题，未写问题和改进", "en": "it only says there are no problems"},
    "token": {"zh": "只有“无”“暂无”之类的套话", "en": "a token answer such as “无” or “暂无”"},
}


def _missing_text(reading: Section5Reading, vocab: Section5Vocabulary) -> dict[str, str] | None:
    no_problem, no_improvement = reading.problem is None, reading.improvement is None
    if no_problem and no_improvement:
        return {"zh": "既未写明存在的问题，也未写明改进措施", "en": "names neither problems nor improvements"}
    if no_problem:
        return {"zh": f"未写明存在的问题（如{_examples(vocab.problems, 'zh')}）",
                "en": f"names no problem (e.g. {_examples(vocab.problems, 'en')})"}
    if no_improvement:
        return {"zh": f"未写明改进措施（如{_examples(vocab.improvements, 'zh')}）",
                "en": f"names no improvement (e.g. {_examples(vocab.improvements, 'en')})"}
    return None


@check_kind("section5_content", params=_SECTION5_PARAMS, prepare=_prepare_section5)
def section5_content(ctx: CheckContext, spec: Section5Spec) -> Iterator[Hit]:
    """finds=token: a token answer; unbalanced: problems or improvements not named; no_follow_up:
    nothing on last year's problems. A token answer is only ``token``'s finding."""
    reading = read_section5(ctx.report, spec.vocab)
    if reading is None:
        return
    args: dict[str, Any] = {"title": reading.section.title, "quote": reading.quote}
    where = Location(block_index=reading.section.block_index, quote=reading.quote or reading.section.title)
    if spec.finds == "token":
        if reading.token is not None:
            yield Hit(args=args | {"reason": _TOKEN_REASONS[reading.token]}, location=where)
        return
    if reading.token is not None:
        return
    if spec.finds == "unbalanced":
        missing = _missing_text(reading, spec.vocab)
        if missing is not None:
            yield Hit(args=args | {"missing": missing, "problem_word": reading.problem,
                                   "improvement_word": reading.improvement}, location=where)
    elif reading.follow_up is None:
        yield Hit(args=args, location=where)


# ---------------------------------------------------------------------------
# section 六: the 信息处理费
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FeeSpec:
    vocab: FeeVocabulary
    since_year: int | None
    short_chars: int


def _prepare_fee(params: dict[str, Any]) -> FeeSpec:
    units = params.get("units") or {"元": 1, "万元": 10000}
    if not isinstance(units, dict) or not all(isinstance(v, (int, float)) and v > 0 for v in units.values()):
        raise ValueError("units: expected {unit: how many 元}")
    data = {"terms": list(_words(params, "terms")), "none": list(_words(params, "none")),
            "mentions": list(_words(params, "mentions", required=False)),
            "placeholders": list(_words(params, "placeholders", required=False)), "units": units,
            "none_answers": list(_words(params, "none_answers", required=False))}
    return FeeSpec(FeeVocabulary.from_data(data), _since(params), _int(params, "short_chars", 20))


@check_kind("section6_fee", params=("terms", "mentions", "none", "none_answers", "placeholders", "units",
                                    "since_year", "short_chars"),
            prepare=_prepare_fee)
def section6_fee(ctx: CheckContext, spec: FeeSpec) -> Iterator[Hit]:
    """No sentence about the 信息处理费 anywhere, section 六 being there and readable."""
    report = ctx.report
    sec = section(report, 6)
    if sec is None or _too_early(report, spec.since_year) or not _readable(report, sec):
        return
    if fee_statements(report, spec.vocab):
        return
    text = "\n".join(t for _, t in section_texts(report, sec, spec.vocab.placeholders))
    said = compact(text)
    if not said:
        reason = {"zh": "只有模板占位文字", "en": "holds only the template note"}
    elif len(said) <= spec.short_chars:
        reason = {"zh": f"只写了“{_quote(text)}”", "en": f"says only “{_quote(text)}”"}
    else:
        reason = {"zh": "没有关于信息处理费的说明", "en": "has no sentence about the fee"}
    yield Hit(args={"title": sec.title, "reason": reason, "quote": _quote(text)},
              location=Location(block_index=sec.block_index, quote=_quote(text) or sec.title))


# ---------------------------------------------------------------------------
# section 一: the five aspects
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Aspect:
    zh: str
    en: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class AspectSpec:
    aspects: tuple[Aspect, ...]
    since_year: int | None


def _prepare_aspects(params: dict[str, Any]) -> AspectSpec:
    raw = params.get("aspects")
    if not isinstance(raw, list) or not raw:
        raise ValueError("aspects: expected a list of {name: {zh, en}, words: [...]}")
    out = []
    for item in raw:
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, dict) or not all(isinstance(name.get(k), str) for k in ("zh", "en")):
            raise ValueError(f"aspects: each needs name: {{zh, en}}, got {item!r}")
        out.append(Aspect(name["zh"], name["en"], _words(item, "words")))
    return AspectSpec(tuple(out), _since(params))


@check_kind("section1_aspects", params=("aspects", "since_year"), prepare=_prepare_aspects)
def section1_aspects(ctx: CheckContext, spec: AspectSpec) -> Iterator[Hit]:
    """One note listing the aspects section 一 neither names nor plainly covers."""
    report = ctx.report
    sec = section(report, 1)
    if (sec is None or report.document is None or _too_early(report, spec.since_year)
            or has_picture(section_blocks(report, sec))):
        return
    text = nfkc("\n".join(t for _, t in section_texts(report, sec)))
    missing = [a for a in spec.aspects if any_word(text, a.words) is None]
    if missing:
        yield Hit(args={"title": sec.title, "missing": {"zh": "、".join(a.zh for a in missing),
                                                         "en": ", ".join(a.en for a in missing)},
                        "missing_aspects": [a.zh for a in missing]},
                  location=Location(block_index=sec.block_index, quote=sec.title))


# ---------------------------------------------------------------------------
# the report's date vs 条例 第四十九条
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DeadlineSpec:
    government: tuple[str, ...]
    not_covered: tuple[str, ...]
    department: tuple[int, int]  # month, day of the year after the report year
    government_deadline: tuple[int, int]
    since_year: int | None


def _month_day(params: dict[str, Any], name: str) -> tuple[int, int]:
    value = params.get(name)
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", str(value or ""))
    try:
        if m is None:
            raise ValueError
        dt.date(2001, int(m.group(1)), int(m.group(2)))
    except ValueError:
        raise ValueError(f"{name}: expected MM-DD, got {value!r}") from None
    return int(m.group(1)), int(m.group(2))


def _prepare_deadline(params: dict[str, Any]) -> DeadlineSpec:
    return DeadlineSpec(_words(params, "government"), _words(params, "not_covered"),
                        _month_day(params, "department_deadline"), _month_day(params, "government_deadline"),
                        _since(params))


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _who(kind: str, month_day: tuple[int, int]) -> dict[str, str]:
    m, d = month_day
    en_day = dt.date(2001, m, d).strftime("%d %B").lstrip("0")
    return {
        "department": {"zh": f"县级以上人民政府部门应于每年{m}月{d}日前公布上一年度报告",
                       "en": f"a department publishes last year's report by {en_day}"},
        "government": {"zh": f"县级以上地方人民政府的年度报告应于每年{m}月{d}日前公布",
                       "en": f"a government's own report is published by {en_day}"},
        "unknown": {"zh": f"未能确定机关类型，按较晚的{m}月{d}日计",
                    "en": f"the kind of agency is unknown, so the later deadline, {en_day}, applies"},
    }[kind]


@check_kind("report_date_deadline",
            params=("government", "not_covered", "department_deadline", "government_deadline", "since_year"),
            prepare=_prepare_deadline)
def report_date_deadline(ctx: CheckContext, spec: DeadlineSpec) -> Iterator[Hit]:
    """The date the report prints is later than article 49's deadline for its kind of agency."""
    report = ctx.report
    if report.year is None or _too_early(report, spec.since_year):
        return
    if report.period_years and report.year not in report.period_years:
        return  # which year the report is for is itself in question (P-001); its deadline is not known
    stated = stated_date(report)
    if stated is None:
        return
    agency = (report.agency or "").strip()
    if agency and any(agency.endswith(w) for w in spec.not_covered):
        return
    if not agency:
        kind, month_day = "unknown", spec.government_deadline
    elif any(agency.endswith(w) for w in spec.government):
        kind, month_day = "government", spec.government_deadline
    else:
        kind, month_day = "department", spec.department
    deadline = dt.date(report.year + 1, *month_day)
    if stated.date <= deadline:
        return
    yield Hit(args={"date": _cn_date(stated.date), "deadline": _cn_date(deadline), "quote": stated.text,
                    "who": _who(kind, month_day)},
              expected=deadline.isoformat(), actual=stated.date.isoformat(),
              location=Location(block_index=stated.block_index, quote=stated.text))

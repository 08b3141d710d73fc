"""Period: the title's report year, the statistics period in the preface and any year the text states
as the report's own ("本年度（2023年）", "2023年度…") must agree.

A stray other year in the body ("2025年我们将…", "结转至2026年") is fine; it is not a claim about the
report's own period.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..models import Location, Paragraph, ParsedReport
from ..numerals import years_in
from ..registry import CheckContext, Hit, check_kind
from .narrative import sentences

PERIOD_WORDS = re.compile(r"统计期限|统计时限|统计时间|统计周期|统计区间|统计期间|数据统计|统计截止|统计数据的?期限")
# The text names a year as its own: 本年度（2023年）/ 本年（2023年）/ 2023年度即本年度.
_OWN_YEAR = re.compile(r"本(?:年度|年|报告年度)[（(：:]?\s*(?:即|为)?\s*$")
_OWN_YEAR_AFTER = re.compile(r"^度?[）)]?\s*(?:即|为|是)?本(?:年度|报告)")
# Years in these positions name something else: a carry-over target, a range end, a previous report.
_NOT_OWN_BEFORE = re.compile(r"(?:至|到|截至|截止|上|前|自|从|以来|因|含|包括|针对)\s*$")
_NOT_OWN_AFTER = re.compile(r"^度?(?:以来|之前|以前|前|起|之后|以后)")
# A bare "2023年度" names the report's own period only when the sentence goes on about the body's work
# ("2023年度，本局…", "2023年度新收申请…"); before a noun it names another document or item
# ("2023年度部门决算", "2024年度《公报》", "2023年度政府信息公开申请").
_OWN_BARE_AFTER = re.compile(
    r"^度\s*(?:[，,、：:]|内|中|期间|全年|本|我|全|共|累计|该|各|新收|收到|受理|办理|主动|依申请|未|无|没有)")


def period_years(report: ParsedReport) -> tuple[list[int], str | None, int | None]:
    """The statistics period years, its sentence and block index (locate's, else found here)."""
    if report.period_years:
        return list(report.period_years), report.period_text, _block_of(report, report.period_text)
    for para in _paragraphs(report):
        for sentence in sentences(para.text):
            if PERIOD_WORDS.search(sentence):
                years = [y for y, _, _ in years_in(sentence)]
                if years:
                    return years, sentence, para.index
    return [], report.period_text, None


def _paragraphs(report: ParsedReport) -> list[Paragraph]:
    return report.document.paragraphs if report.document is not None else []


def _block_of(report: ParsedReport, text: str | None) -> int | None:
    if not text:
        return None
    for para in _paragraphs(report):
        if text.strip() and text.strip() in para.text:
            return para.index
    return None


@check_kind("period_matches_title")
def period_matches_title(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """A year in the statistics period differs from the report year in the title."""
    report = ctx.report
    years, text, block = period_years(report)
    if report.year is None or not years:
        return
    wrong = sorted({y for y in years if y != report.year})
    if wrong:
        args = {"title_year": report.year, "period_years": "、".join(str(y) for y in sorted(set(years))),
                "wrong": "、".join(str(y) for y in wrong), "quote": text or "", "title": report.title or ""}
        yield Hit(args=args, expected=report.year, actual=sorted(set(years)),
                  location=Location(block_index=block, quote=text))


@check_kind("period_stated")
def period_stated(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """The preface states no statistics period (only checked when there is text to look in)."""
    report = ctx.report
    if report.document is None or not report.document.paragraphs:
        return
    years, text, _ = period_years(report)
    if not years:
        yield Hit(args={"title_year": report.year or ""}, expected="统计期限", actual=text)


@check_kind("title_year_stated")
def title_year_stated(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """No title naming the report year was found: the year checks cannot run, and saying nothing
    would pass the report as consistent."""
    report = ctx.report
    if report.year is not None or report.document is None or not report.document.paragraphs:
        return
    years, _, _ = period_years(report)
    yield Hit(args={"period_years": "、".join(str(y) for y in sorted(set(years))) or "—"},
              expected="XX2024年政府信息公开工作年度报告", actual=report.title)


def _skip_blocks(report: ParsedReport, period_block: int | None) -> set[int]:
    """The title and the period sentence are checked elsewhere; their years are not body claims."""
    skip = {period_block} if period_block is not None else set()
    for para in _paragraphs(report):
        if "年度报告" in para.text and len(para.text.strip()) <= 60:
            skip.add(para.index)
    return skip


def own_years(sentence: str) -> Iterator[tuple[int, bool]]:
    """Years the sentence states as the report's own period: (year, explicit).

    explicit: tied to 本年度 ("本年度（2023年）"); otherwise a bare "YYYY年度".
    """
    for year, start, end in years_in(sentence):
        before, after = sentence[:start], sentence[end:]
        if _OWN_YEAR.search(before) or _OWN_YEAR_AFTER.match(after):
            yield year, True
        elif _OWN_BARE_AFTER.match(after) and not _NOT_OWN_BEFORE.search(before) and not _NOT_OWN_AFTER.match(after):
            yield year, False


@check_kind("body_year")
def body_year(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """The body states a year other than the report year as its own (本年度/YYYY年度)."""
    report = ctx.report
    if report.year is None:
        return
    _, _, period_block = period_years(report)
    skip = _skip_blocks(report, period_block)
    for para in _paragraphs(report):
        # every year form years_in knows ends in 年: most paragraphs can be passed over unsplit
        if para.index in skip or "年" not in para.text:
            continue
        for sentence in sentences(para.text):
            for year, explicit in own_years(sentence):
                if year != report.year:
                    # a bare "2023年度" may name last year's report or carry-over: suspicious, not certain
                    yield Hit(args={"year": year, "title_year": report.year, "quote": sentence},
                              expected=report.year, actual=year,
                              location=Location(block_index=para.index, quote=sentence),
                              severity=None if explicit else "warning")

"""Structure: the six sections are present, in order, with recognisable titles, and 五/六 have content.

Sections come from locate (``report.sections``, only headings it recognised). To tell "missing" from
"present under an odd title", headings that locate did not take are looked for here as well: a short
paragraph opening with the section's numeral (一、 一． 一. 一 、).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..locate import SECTION_TITLES, section_of_title, sub_list_blocks
from ..models import Location, Paragraph, ParsedReport, Section, Table
from ..normalize import normalize_label
from ..registry import CheckContext, Hit, check_kind

NUMERALS = "一二三四五六"
# The official title of each section is the first of locate's known variants.
OFFICIAL_TITLES = {n: titles[0] for n, titles in SECTION_TITLES.items()}
OFFICIAL_EN = {
    1: "General situation", 2: "Proactive disclosure", 3: "Requests received and handled",
    4: "Administrative review and litigation", 5: "Main problems and improvements", 6: "Other matters to report",
}
_HEADING = re.compile(rf"^\s*(?P<num>[{NUMERALS}])\s*[、．.。，,]\s*(?P<title>\S.*)$")
_MAX_HEADING = 40
# What a template leaves in a section nobody filled in.
_PLACEHOLDER = re.compile(r"[\s\u3000（）()]*(?:文字描述|此处填写|请填写|略)?[\s\u3000（）()。.]*")


@dataclass
class Heading:
    number: int
    title: str
    block_index: int


def section_heading(para: Paragraph) -> Heading | None:
    """A short paragraph opening with 一–六 and a separator; "一是…" and "（一）…" are not headings."""
    text = para.text.strip()
    if not text or len(text) > _MAX_HEADING:
        return None
    m = _HEADING.match(text)
    if not m or m.group("title").startswith("是"):
        return None
    return Heading(NUMERALS.index(m.group("num")) + 1, text, para.index)


def title_recognised(number: int, title: str) -> bool:
    """Does the heading speak about section ``number``? The same keywords locate uses."""
    body = _HEADING.match(title.strip())
    return section_of_title(normalize_label(body.group("title") if body else title)) == number


def _unlocated_headings(report: ParsedReport) -> dict[int, Heading]:
    """Headings with a section numeral that locate did not take for sections; read once per report
    (two rules ask)."""
    if report.document is None:
        return {}
    memo = report.memo
    if "structure.unlocated_headings" not in memo:
        memo["structure.unlocated_headings"] = _find_unlocated_headings(report)
    return memo["structure.unlocated_headings"]


def _find_unlocated_headings(report: ParsedReport) -> dict[int, Heading]:
    assert report.document is not None
    located = {s.block_index for s in report.sections}
    sub_list = sub_list_blocks(report.document.paragraphs)  # 一's own 一、…六、 are not sections
    found: dict[int, Heading] = {}
    for para in report.document.paragraphs:
        h = section_heading(para)
        if h and para.index not in located and para.index not in sub_list and h.number not in found:
            found[h.number] = h
    return found


def _has_text(report: ParsedReport) -> bool:
    return bool(report.sections) or (report.document is not None and bool(report.document.paragraphs))


def _section_args(number: int) -> dict[str, Any]:
    return {"number": NUMERALS[number - 1], "n": number, "official": OFFICIAL_TITLES[number],
            "official_en": OFFICIAL_EN[number]}


@check_kind("sections_present", params=["numbers"])
def sections_present(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """A section is neither located nor present under any heading with its numeral."""
    report = ctx.report
    if not _has_text(report):
        return  # nothing was read; the read finding says why
    located = {s.number for s in report.sections}
    odd = _unlocated_headings(report)
    for n in params.get("numbers") or range(1, 7):
        if n not in located and n not in odd:
            yield Hit(args=_section_args(n), expected=OFFICIAL_TITLES[n], actual=None)


@check_kind("section_titles", params=["numbers"])
def section_titles(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """A heading with a section's numeral whose title is not one of the known variants."""
    report = ctx.report
    numbers = set(params.get("numbers") or range(1, 7))
    located = {s.number for s in report.sections}
    candidates = [Heading(s.number, s.title, s.block_index) for s in report.sections]
    candidates += [h for h in _unlocated_headings(report).values() if h.number not in located]
    for h in candidates:
        if h.number in numbers and not title_recognised(h.number, h.title):
            args = _section_args(h.number) | {"title": h.title}
            yield Hit(args=args, expected=OFFICIAL_TITLES[h.number], actual=h.title,
                      location=Location(block_index=h.block_index, quote=h.title))


@check_kind("sections_order")
def sections_order(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """Sections out of order: a section printed before one with a smaller number."""
    ordered = sorted(ctx.report.sections, key=lambda s: s.block_index)
    highest: Section | None = None
    for s in ordered:
        if highest is not None and s.number < highest.number:
            args = _section_args(s.number) | {"title": s.title, "after": highest.title,
                                              "after_number": NUMERALS[highest.number - 1]}
            yield Hit(args=args, expected=f"{NUMERALS[s.number - 1]} before {NUMERALS[highest.number - 1]}",
                      actual=[x.number for x in ordered], location=Location(block_index=s.block_index, quote=s.title))
        if highest is None or s.number > highest.number:
            highest = s


def _is_placeholder(text: str) -> bool:
    return _PLACEHOLDER.fullmatch(text) is not None


def section_is_empty(report: ParsedReport, section: Section) -> bool:
    """Only whitespace or a template placeholder such as "（文字描述）" between heading and next heading."""
    if report.document is None:
        return False  # cannot tell; never guess
    for block in report.document.blocks:
        idx = block.index
        if not (section.block_index < idx < section.end_block_index):
            continue
        if isinstance(block, Table) or block.has_drawing or not _is_placeholder(block.text):
            return False
    return True


@check_kind("section_not_empty", params=["numbers"])
def section_not_empty(ctx: CheckContext, params: dict[str, Any]) -> Iterator[Hit]:
    """Section 五 / 六 has a heading but no content."""
    numbers = set(params.get("numbers") or (5, 6))
    for s in ctx.report.sections:
        if s.number in numbers and section_is_empty(ctx.report, s):
            yield Hit(args=_section_args(s.number) | {"title": s.title}, expected="text", actual="",
                      location=Location(block_index=s.block_index, quote=s.title))

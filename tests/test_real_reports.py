"""Real published reports (shared/real, shared/seed). The PDFs and the HTML page go through the real
readers (``readers.read`` via ``pipeline.parse_file``): every table figure is read, the figures equal
what /work/shared/real/README.md and the printed reports state (entered by hand below), and all the
rules give the known findings — nothing more. The page dumps and the OCR text have no reader: their
text goes through the narrative, period and structure rules with the figures entered by hand."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govinfo_check import engine, fields, pipeline
from govinfo_check.checks.structure import section_heading, title_recognised
from govinfo_check.models import Figure, Finding, Paragraph, ParsedReport, Section, Value
from test_narrative import make_report

TEXT_RULES = ("N", "P", "S-1")

# --- table figures as README / the reports print them (totals; other keys 0) -------------------
HUAIAN = {
    "requests.new.total": 3119, "requests.carried_in.total": 34, "requests.granted.total": 1362,
    "requests.partial.total": 454, "requests.withheld_secret.total": 2, "requests.withheld_law.total": 31,
    "requests.withheld_safety.total": 5, "requests.withheld_third_party.total": 6,
    "requests.withheld_internal.total": 8, "requests.withheld_process.total": 12,
    "requests.withheld_enforcement.total": 9, "requests.withheld_query.total": 105,
    "requests.unavailable_not_held.total": 769, "requests.unavailable_needs_creation.total": 11,
    "requests.unavailable_unclear.total": 1, "requests.rejected_petition.total": 62,
    "requests.rejected_repeat.total": 25, "requests.rejected_confirm.total": 1,
    "requests.other_no_correction.total": 71, "requests.other_unpaid.total": 6, "requests.other_other.total": 110,
    "requests.handled_total.total": 3050, "requests.carried_forward.total": 103,
    "appeals.review.upheld": 72, "appeals.review.corrected": 64, "appeals.review.other": 178,
    "appeals.review.pending": 37, "appeals.review.total": 351,
    "appeals.suit_direct.upheld": 13, "appeals.suit_direct.corrected": 4, "appeals.suit_direct.other": 8,
    "appeals.suit_direct.pending": 1, "appeals.suit_direct.total": 26,
    "appeals.suit_after_review.upheld": 12, "appeals.suit_after_review.corrected": 1,
    "appeals.suit_after_review.other": 1, "appeals.suit_after_review.pending": 6, "appeals.suit_after_review.total": 20,
    "active.regulation.issued": 1, "active.regulation.in_force": 11,
    "active.normative.issued": 8, "active.normative.repealed": 26, "active.normative.in_force": 66,
}
HONGZE = {
    "requests.new.total": 95, "requests.granted.total": 50, "requests.partial.total": 9,
    "requests.withheld_safety.total": 1, "requests.withheld_process.total": 1,
    "requests.withheld_enforcement.total": 1, "requests.unavailable_not_held.total": 31,
    "requests.unavailable_needs_creation.total": 1, "requests.rejected_petition.total": 1,
    "requests.handled_total.total": 95,
    "appeals.review.upheld": 1, "appeals.review.corrected": 1, "appeals.review.total": 2,
    "appeals.suit_direct.upheld": 1, "appeals.suit_direct.total": 1,
    "appeals.suit_after_review.upheld": 2, "appeals.suit_after_review.other": 1, "appeals.suit_after_review.total": 3,
    "active.normative.issued": 3, "active.normative.in_force": 8,
}
PINGTAN_2022 = {
    "active.normative.issued": 88, "active.normative.repealed": 55, "active.normative.in_force": 698,
    "requests.new.total": 74, "requests.carried_in.total": 1, "requests.handled_total.total": 75,
    "requests.carried_forward.total": 0,
    "appeals.review.corrected": 1, "appeals.review.other": 1, "appeals.review.total": 2,
    "appeals.suit_direct.upheld": 1, "appeals.suit_direct.total": 1,
}
PINGTAN_2023 = {
    "active.normative.issued": 77, "active.normative.repealed": 132, "active.normative.in_force": 470,
    "requests.new.natural": 80, "requests.new.business": 1, "requests.new.total": 81,
    "requests.granted.total": 22, "requests.partial.total": 20, "requests.withheld_third_party.total": 1,
    "requests.withheld_process.total": 1, "requests.withheld_enforcement.total": 1,
    "requests.withheld_query.total": 2, "requests.unavailable_not_held.total": 31,
    "requests.rejected_repeat.total": 1, "requests.other_no_correction.total": 1, "requests.other_other.total": 1,
    "requests.handled_total.total": 81, "requests.carried_forward.total": 0,
    "appeals.review.upheld": 1, "appeals.review.corrected": 1, "appeals.review.total": 2,
    "appeals.suit_direct.upheld": 4, "appeals.suit_direct.pending": 1, "appeals.suit_direct.total": 5,
    "appeals.suit_after_review.upheld": 1, "appeals.suit_after_review.other": 1, "appeals.suit_after_review.total": 2,
}
SEED = {
    "active.penalty.decisions": 2, "requests.new.natural": 1, "requests.new.total": 1,
    "requests.unavailable_not_held.natural": 1, "requests.unavailable_not_held.total": 1,
    "requests.handled_total.natural": 1, "requests.handled_total.total": 1,
}


# --- text → paragraphs and sections (what docx_reader + locate give for a .docx) -------------------

def text_paragraphs(lines: list[str]) -> list[str]:
    """A plain-text dump: one paragraph per non-empty line."""
    return [line.strip() for line in lines if line.strip()]


def with_sections(report: ParsedReport) -> ParsedReport:
    """Sections as locate finds them: numbered headings, or a known title standing alone (the seed's 五)."""
    heads: list[tuple[int, int, str]] = []
    for p in report.document.paragraphs:
        h = section_heading(p)
        nxt = (heads[-1][1] + 1) if heads else 1
        if h and title_recognised(h.number, h.title):
            heads.append((p.index, h.number, p.text))
        elif nxt <= 6 and len(p.text) <= 30 and "。" not in p.text and title_recognised(nxt, p.text) \
                and p.text.startswith(("存在", "其他需要")):
            heads.append((p.index, nxt, p.text))
    end = len(report.document.blocks)
    report.sections = [Section(n, t, i, heads[k + 1][0] if k + 1 < len(heads) else end)
                       for k, (i, n, t) in enumerate(heads)]
    return report


def real_report(texts: list[str], figures: dict[str, Any], year: int, path: str,
                format_version: str = "2021", agency: str | None = None) -> ParsedReport:
    title = next((t for t in texts if "年度报告" in t), None)
    r = make_report(figures, texts, path=path, year=year, title=title, agency=agency, format_version=format_version)
    return with_sections(r)


def findings(report: ParsedReport, previous: ParsedReport | None = None, scope: str = "file") -> list[Finding]:
    return engine.evaluate(report, engine.load_rules(), previous=previous, select=TEXT_RULES + ("X",), scope=scope)


def errors(found: list[Finding]) -> list[str]:
    return [f"{f.code}: {f.message()}" for f in found if f.severity == "error"]


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(shared_dir: Path) -> Path:
    return shared_dir / "real"


def page_text(path: Path) -> list[str]:
    """The pingtan page dumps: header lines, then the body with [...] elisions on one line."""
    body = path.read_text(encoding="utf-8").split("正文 ====================", 1)[-1]
    title = re.search(r"标题: (.*)", path.read_text(encoding="utf-8"))
    # the page runs the table digits together; keep only the prose before table 二
    prose = body.split("二、主动公开政府信息情况", 1)[0]
    parts = [p for p in re.split(r"\[\.\.\.[^\]]*\]", prose) if p.strip()]
    return ([title.group(1)] if title else []) + [p.strip() for p in parts]


# --- the reports ------------------------------------------------------------------------------

def read_real(path: Path) -> ParsedReport:
    report = pipeline.parse_file(path)
    assert [p.code for p in report.problems] == [], [p.message() for p in report.problems]
    return report


def all_findings(report: ParsedReport) -> list[Finding]:
    """Every rule's findings at warning or error severity: what README states. Info-level notes (the
    content of sections 一/五, #17) are that family's own tests' business."""
    return [f for f in engine.evaluate(report, engine.load_rules(), scope="file") if f.severity != "info"]


def printed(report: ParsedReport) -> dict[str, int | float]:
    return {k: (int(f.value.number) if f.value.number == f.value.number.to_integral() else float(f.value.number))
            for k, f in report.figures.items() if f.value.kind == "number"}


@pytest.fixture(scope="module")
def huaian(real: Path) -> ParsedReport:
    return read_real(real / "huaian-city-gov-2024.pdf")


@pytest.fixture(scope="module")
def hongze(real: Path) -> ParsedReport:
    return read_real(real / "hongze-district-gov-2024.pdf")


def test_huaian_pdf_is_read_with_every_figure(huaian: ParsedReport) -> None:
    assert (huaian.reader, huaian.format_version, huaian.agency, huaian.year) == ("pdf", "2021", "淮安市人民政府", 2024)
    assert len(huaian.sections) == 6
    assert sorted(huaian.figures) == sorted(fields.canonical_keys())  # all 200
    assert {k: v for k, v in printed(huaian).items() if k in HUAIAN} == HUAIAN
    # table 二 as printed: 行政许可 447228, 行政处罚 3985758, 行政事业性收费 96171.6 (万元)
    assert printed(huaian)["active.license.decisions"] == 447228
    assert printed(huaian)["active.penalty.decisions"] == 3985758
    assert printed(huaian)["active.fee.amount"] == 96171.6
    # 表三's rows cut by a page break (（四）无|法提供) are read on both pages
    assert printed(huaian)["requests.unavailable_needs_creation.natural"] == 11
    assert printed(huaian)["requests.new.natural"] == 3001


def test_huaian_is_clean(huaian: ParsedReport) -> None:
    assert [f"{f.code}: {f.message()}" for f in all_findings(huaian)] == []


def test_huaian_narrative_detects_a_changed_table_figure(huaian: ParsedReport) -> None:
    key = "appeals.review.upheld"  # the text says 结果维持 72 件
    old = huaian.figures[key]
    huaian.figures[key] = Figure(key, Value("number", Decimal(71), "71"), old.source)
    try:
        found = findings(huaian)
    finally:
        huaian.figures[key] = old
    [f] = found
    assert f.code == "N-003" and f.severity == "error"  # its own sentence, no wider-scope wording
    assert f.fields == [key] and "结果维持 72 件" in f.location.quote


def test_hongze_pdf_is_read_with_every_printed_figure(hongze: ParsedReport) -> None:
    assert (hongze.reader, hongze.format_version, hongze.agency, hongze.year) == \
        ("pdf", "hybrid", "淮安市洪泽区人民政府", 2024)
    # （六）其他处理 printed as one row: its three canonical rows do not exist, the one row is an extra
    assert len(hongze.figures) == 200 - 3 * 7 and len(hongze.extras) == 7
    assert {k: v for k, v in printed(hongze).items() if k in HONGZE} == HONGZE
    assert printed(hongze)["active.license.decisions"] == 9487
    assert printed(hongze)["active.penalty.decisions"] == 2776


def test_hongze_scope_difference_is_a_warning_only(hongze: ParsedReport) -> None:
    found = all_findings(hongze)
    assert errors(found) == []
    [f] = found
    assert f.code == "N-001" and f.severity == "warning" and f.actual == 17 and f.expected == 95
    assert "区政府办代表区政府受理政府信息公开申请 17 件" in f.location.quote


def test_hangzhou_html_is_read_and_clean(real: Path) -> None:
    r = read_real(real / "hangzhou-style-2025.html")
    assert (r.reader, r.format_version, r.year) == ("html", "2021", 2025)
    assert sorted(r.figures) == sorted(fields.canonical_keys())
    got = printed(r)
    # README: 14069 + 560 = 13810 + 819 per column
    assert [got[k] for k in ("requests.new.total", "requests.carried_in.total", "requests.handled_total.total",
                             "requests.carried_forward.total")] == [14069, 560, 13810, 819]
    assert (got["active.normative.in_force"], got["active.license.decisions"]) == (4185, 11398889)
    assert [f"{f.code}: {f.message()}" for f in all_findings(r)] == []


def test_pingtan_2023_in_force_text_vs_table(real: Path) -> None:
    r = real_report(page_text(real / "pingtan_2023_page.txt"), PINGTAN_2023, 2023, "pingtan_2023")
    narrative = [f for f in findings(r) if f.category == "narrative"]
    assert [(f.code, f.expected, f.actual) for f in narrative] == [("N-004", 470, 393)]
    assert "393件" in narrative[0].location.quote
    assert "行政规范性文件" in narrative[0].message() and "470" in narrative[0].message("en")


def test_pingtan_2022_to_2023_stock_is_a_cross_year_warning(real: Path) -> None:
    prev = real_report(page_text(real / "pingtan_2022_page.txt"), PINGTAN_2022, 2022, "pingtan_2022")
    now = real_report(page_text(real / "pingtan_2023_page.txt"), PINGTAN_2023, 2023, "pingtan_2023")
    found = findings(now, previous=prev, scope="cross_year")
    assert [(f.code, f.severity, f.expected, f.actual) for f in found] == [("X-002", "warning", 643, 470)]
    assert "pingtan_2022" in found[0].message() and "pingtan_2023" in found[0].message()


def test_pingtan_2022_narrative_is_clean(real: Path) -> None:
    r = real_report(page_text(real / "pingtan_2022_page.txt"), PINGTAN_2022, 2022, "pingtan_2022")
    assert [f for f in findings(r) if f.category == "narrative"] == []


def test_seed_has_no_error_in_text_rules(shared_dir: Path) -> None:
    [seed] = sorted((shared_dir / "seed").glob("*.txt"))
    r = real_report(text_paragraphs(seed.read_text(encoding="utf-8").splitlines()), SEED, 2024, seed.name,
                    agency="淄博市司法局")
    assert len(r.sections) == 6
    found = findings(r)
    assert errors(found) == []
    assert not [f for f in found if f.category == "narrative"]


def test_seed_with_a_wrong_table_figure_is_caught(shared_dir: Path) -> None:
    [seed] = sorted((shared_dir / "seed").glob("*.txt"))
    figures = SEED | {"appeals.review.upheld": 1, "appeals.review.total": 1}  # text: 全年无行政复议和行政诉讼
    r = real_report(text_paragraphs(seed.read_text(encoding="utf-8").splitlines()), figures, 2024, seed.name)
    assert [f.code for f in findings(r) if f.severity == "error"] == ["N-003"]


def test_shuyang_ocr_text_period_and_years_are_consistent(real: Path) -> None:
    lines = [ln.lstrip("#").strip() for ln in (real / "shuyang-county-gov-2025-ocr.txt").read_text("utf-8").splitlines()
             if not ln.startswith("|")]
    r = real_report(text_paragraphs(lines), {}, 2025, "shuyang.txt")
    assert [f.code for f in findings(r) if f.category == "period"] == []
    wrong = real_report(text_paragraphs(lines), {}, 2024, "shuyang.txt")  # title year mistyped as 2024
    assert "P-001" in [f.code for f in findings(wrong)]

"""Period kinds (checks/period.py): title year, statistics period and years stated as the report's own."""

from __future__ import annotations

from typing import Any

import pytest

from govinfo_check.checks import period as P
from govinfo_check.models import Document, Paragraph, ParsedReport
from govinfo_check.registry import CheckContext

PREFACE = "本报告中所列数据统计期限自2024年1月1日起，至2024年12月31日止。"


def report(texts: list[str], year: int | None = 2024, **kw: Any) -> ParsedReport:
    paras = [Paragraph(i, t) for i, t in enumerate(texts)]
    return ParsedReport(path="r.docx", year=year, document=Document("r.docx", list(paras)), **kw)


def run(fn: Any, r: ParsedReport) -> list:
    return list(fn(CheckContext(r), {}))


def test_period_from_locate_agrees_with_title() -> None:
    assert run(P.period_matches_title, report([], period_years=[2024, 2024], period_text=PREFACE)) == []


def test_period_year_differs_from_title_is_reported() -> None:
    [h] = run(P.period_matches_title, report([], period_years=[2023, 2023]))
    assert (h.expected, h.actual) == (2024, [2023]) and h.args["wrong"] == "2023"


def test_period_found_in_text_when_locate_gave_none() -> None:
    wrong = PREFACE.replace("2024", "2023")
    [h] = run(P.period_matches_title, report(["XX局2024年政府信息公开工作年度报告", wrong]))
    assert h.location.block_index == 1 and h.location.quote == wrong
    assert run(P.period_matches_title, report(["XX局2024年政府信息公开工作年度报告", PREFACE])) == []


def test_period_spanning_two_years_is_reported() -> None:
    [h] = run(P.period_matches_title, report([], period_years=[2023, 2024]))
    assert h.args["wrong"] == "2023"


def test_no_title_year_no_comparison() -> None:
    assert run(P.period_matches_title, report([], year=None, period_years=[2023])) == []


def test_period_not_stated() -> None:
    assert run(P.period_stated, report(["本报告根据《条例》编制。"])) != []
    assert run(P.period_stated, report([PREFACE])) == []
    assert run(P.period_stated, ParsedReport(path="x")) == []  # nothing read: nothing to say


@pytest.mark.parametrize("text,expected", [
    ("本年度（2023年）共受理申请1件。", [(2023, True)]),
    ("2023年度，本局共受理申请1件。", [(2023, False)]),
    ("2025 年我们将切实抓好以下工作。", []),
    ("结转至2026年6件。", []),
    ("自2023年度以来持续推进。", []),
    # another document's or item's year (real sentences: 国家卫生健康委 2024, 瓯海区审计局 2024)
    ("按要求公开国家卫生健康委2024年度部门预算和2023年度部门决算，主动接受社会监督。", []),
    ("截至目前，编辑发行2024年度《国家卫生健康委员会公报》10期。", []),
    ("办理因2023年度政府信息公开申请引发行政复议1件、引发行政诉讼2件，均维持结果。", []),
    ("2018年度我镇主动公开政府信息数22条。", [(2018, False)]),
])
def test_own_years(text: str, expected: list) -> None:
    assert list(P.own_years(text)) == expected


def test_body_year_other_than_report_year() -> None:
    texts = ["XX局2024年政府信息公开工作年度报告", PREFACE, "2024年度，本局共受理申请1件。",
             "2025年，我们将继续改进。", "本年度（2023年）新收申请1件。", "2023年度新收申请1件。"]
    found = run(P.body_year, report(texts))
    assert [(h.actual, h.severity, h.location.block_index) for h in found] == [(2023, None, 4), (2023, "warning", 5)]


def test_body_year_same_year_passes() -> None:
    assert run(P.body_year, report(["XX局2024年政府信息公开工作年度报告", PREFACE, "2024年度，本局共受理申请1件。"])) == []

"""Structure kinds (checks/structure.py): sections present, in order, recognisable, 五/六 not empty."""

from __future__ import annotations

from typing import Any

import pytest

from govinfo_check.checks import structure as S
from govinfo_check.models import Document, Paragraph, ParsedReport, Section, Table
from govinfo_check.registry import CheckContext

FULL = ["XX市XX局2024年政府信息公开工作年度报告", "一、总体情况", "正文。", "二、主动公开政府信息情况", "表格说明。",
        "三、收到和处理政府信息公开申请情况", "正文。", "四、政府信息公开行政复议、行政诉讼情况", "正文。",
        "五、存在的主要问题及改进情况", "存在问题及改进措施。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]


def report_from(texts: list[str], located: dict[str, int] | None = None) -> ParsedReport:
    """Paragraphs in order; ``located`` maps heading text → section number as locate would report it
    (default: every paragraph that starts with a numeral and 、 in FULL's titles)."""
    paras = [Paragraph(i, t) for i, t in enumerate(texts)]
    if located is None:
        located = {t: "一二三四五六".index(t[0]) + 1 for t in texts if t in FULL[1:] and t[1] == "、"}
    heads = [(p.index, located[p.text], p.text) for p in paras if p.text in located]
    sections = [Section(n, title, idx, heads[k + 1][0] if k + 1 < len(heads) else len(texts))
                for k, (idx, n, title) in enumerate(heads)]
    return ParsedReport(path="r.docx", sections=sections, document=Document("r.docx", list(paras)))


def run(fn: Any, report: ParsedReport, **params: Any) -> list:
    return list(fn(CheckContext(report), params))


def test_complete_report_has_no_structure_hits() -> None:
    r = report_from(FULL)
    for fn in (S.sections_present, S.section_titles, S.sections_order, S.section_not_empty):
        assert run(fn, r) == []


def test_missing_section_is_reported_with_its_number() -> None:
    texts = [t for t in FULL if not t.startswith("五、")]
    [h] = run(S.sections_present, report_from(texts))
    assert h.args["number"] == "五" and h.args["official"] == "存在的主要问题及改进情况"


def test_unrecognised_heading_is_a_title_problem_not_a_missing_section() -> None:
    texts = [("四、工作亮点" if t.startswith("四、") else t) for t in FULL]
    r = report_from(texts)  # locate did not take "四、工作亮点"
    assert run(S.sections_present, r) == []
    [h] = run(S.section_titles, r)
    assert h.args["title"] == "四、工作亮点" and h.location.block_index == texts.index("四、工作亮点")


@pytest.mark.parametrize("title", ["四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四．政府信息公开行政复议和行政诉讼情况",
                                   "二、行政机关主动公开政府信息情况", "五、政府信息公开工作存在的主要问题及改进情况"])
def test_title_variants_are_recognised(title: str) -> None:
    n = "一二三四五六".index(title[0]) + 1
    assert S.title_recognised(n, title)
    assert S.section_heading(Paragraph(0, title)) is not None


@pytest.mark.parametrize("text", ["一是及时更新法定主动公开目录。", "（一）主动公开全面及时", "二、" + "很长的正文" * 10])
def test_body_text_is_not_a_heading(text: str) -> None:
    assert S.section_heading(Paragraph(0, text)) is None


def test_sections_out_of_order() -> None:
    texts = FULL[:3] + FULL[5:7] + FULL[3:5] + FULL[7:]
    [h] = run(S.sections_order, report_from(texts))
    assert h.args["number"] == "二" and h.args["after_number"] == "三"


@pytest.mark.parametrize("body,empty", [(["（文字描述）"], True), ([], True), (["\u3000\u3000"], True),
                                        (["无。"], False), (["存在问题：解读形式单一。"], False)])
def test_section_six_empty_only_with_blanks_or_placeholder(body: list[str], empty: bool) -> None:
    texts = FULL[:-1] + body
    found = run(S.section_not_empty, report_from(texts))
    assert (len(found) == 1) is empty
    if empty:
        assert found[0].args["number"] == "六"


def test_section_with_a_table_is_not_empty() -> None:
    r = report_from(FULL[:-1])
    r.document.blocks.append(Table(index=len(FULL) - 1, n_rows=0, n_cols=0, cells=[], grid=[]))
    r.sections[-1].end_block_index = len(FULL)
    assert run(S.section_not_empty, r) == []


def test_nothing_read_gives_no_missing_sections() -> None:
    assert run(S.sections_present, ParsedReport(path="x.docx")) == []


def test_seed_style_unnumbered_heading_located_by_title_passes() -> None:
    texts = [("存在的主要问题及改进情况" if t.startswith("五、") else t) for t in FULL]
    located = {t: "一二三四五六".index(t[0]) + 1 for t in FULL[1:] if t[1] == "、" and not t.startswith("五、")}
    located["存在的主要问题及改进情况"] = 5
    r = report_from(texts, located)
    for fn in (S.sections_present, S.section_titles, S.sections_order, S.section_not_empty):
        assert run(fn, r) == []


# --- a narrative that numbers its own sub-parts 一、…六、 (issue #10) -------------------------------------

from govinfo_check import locate as L  # noqa: E402

SUB_LIST = ["XX区人民政府2024年政府信息公开工作年度报告", "本报告根据《条例》编制。",
            "一、总体情况", "2024年，我区深入推进政务公开。",
            "一、主动公开情况", "全年主动公开信息100条。", "二、依申请公开情况", "共收到申请5件。",
            "三、政府信息管理", "加强管理。", "四、平台建设情况", "完善平台。",
            "五、政府信息管理", "规范管理。", "六、监督保障情况", "强化监督。",
            "二、主动公开政府信息情况", "表。", "三、收到和处理政府信息公开申请情况", "表。",
            "四、政府信息公开行政复议、行政诉讼情况", "表。",
            "存在的主要问题及整改措施", "一是解读形式单一。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]


def located_report(texts: list[str]) -> ParsedReport:
    doc = Document("r.docx", [Paragraph(i, t) for i, t in enumerate(texts)])
    return ParsedReport(path="r.docx", sections=L._locate_sections(doc), document=doc)


def test_sub_list_of_section_one_is_found_and_ends_at_section_two() -> None:
    paras = [Paragraph(i, t) for i, t in enumerate(SUB_LIST)]
    assert L.sub_list_blocks(paras) == {4, 6, 8, 10, 12, 14}
    assert L.sub_list_blocks([Paragraph(i, t) for i, t in enumerate(FULL)]) == set()


def test_sub_parts_of_section_one_are_not_sections_and_section_five_variant_is_recognised() -> None:
    r = located_report(SUB_LIST)
    assert [(s.number, s.title) for s in r.sections] == [
        (1, "一、总体情况"), (2, "二、主动公开政府信息情况"), (3, "三、收到和处理政府信息公开申请情况"),
        (4, "四、政府信息公开行政复议、行政诉讼情况"), (5, "存在的主要问题及整改措施"), (6, "六、其他需要报告的事项")]
    for fn in (S.sections_present, S.section_titles, S.sections_order, S.section_not_empty):
        assert run(fn, r) == []


def test_without_section_five_the_sub_part_five_does_not_stand_in_for_it() -> None:
    texts = [t for t in SUB_LIST if t not in ("存在的主要问题及整改措施", "一是解读形式单一。")]
    r = located_report(texts)
    assert [h.args["number"] for h in run(S.sections_present, r)] == ["五"]
    assert run(S.section_titles, r) == []  # "五、政府信息管理" is a sub-heading of 一, not an odd title of 五

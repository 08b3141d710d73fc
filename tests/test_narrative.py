"""Narrative claims vs table figures (checks/narrative.py), unit-level: the kinds are called directly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from govinfo_check import fields as F
from govinfo_check.checks import narrative as N
from govinfo_check.checks.claims import load_vocabulary, read_text
from govinfo_check.models import Document, Figure, Paragraph, ParsedReport, Source, Value
from govinfo_check.numerals import parse_number, years_in
from govinfo_check.registry import CheckContext


def make_report(figures: dict[str, Any] | None = None, paragraphs: list[str] | None = None,
                path: str = "r.docx", **kw: Any) -> ParsedReport:
    """A report with the given figures (every other canonical key 0) and body paragraphs."""
    values = {k: 0 for k in F.canonical_keys()} | dict(figures or {})
    figs = {}
    for key, v in values.items():
        fdef = F.field_index().get(key)
        src = Source(fdef.table, 10, 0, 0, str(v), fdef.row_label, fdef.column_label) if fdef else None
        figs[key] = Figure(key, Value("number", Decimal(str(v)), str(v)), src)
    canonical = set(F.canonical_keys())
    report = ParsedReport(path=path, figures={k: f for k, f in figs.items() if k in canonical},
                          extras={k: f for k, f in figs.items() if k not in canonical}, **kw)
    paras = [Paragraph(i, t) for i, t in enumerate(paragraphs or [])]
    report.document = Document(path, list(paras))
    return report


def hits(kind: str, report: ParsedReport, **params: Any) -> list:
    fn = {"narrative_claims": N.narrative_claims, "narrative_percentages": N.narrative_percentages}[kind]
    return list(fn(CheckContext(report), params))


# --- numerals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("token,value", [
    ("12", 12), ("１２", 12), ("3,119", 3119), ("两", 2), ("十二", 12), ("一百零三", 103), ("〇", 0),
    ("零", 0), ("二〇二四", 2024),
])
def test_parse_number_reads_arabic_fullwidth_and_chinese(token: str, value: int) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["1O", "", "一是", "l2"])
def test_parse_number_refuses_what_it_cannot_read(token: str) -> None:
    assert parse_number(token) is None


def test_years_in_reads_arabic_and_chinese_years() -> None:
    assert [y for y, _, _ in years_in("自2024年1月1日至二〇二四年12月31日")] == [2024, 2024]


# --- extraction -------------------------------------------------------------------------------
# The real-sentence corpus is tests/data/narrative_sentences.yaml (test_narrative_corpus.py); these are the
# cases issue #10 lists, worded as the issue paraphrases them, each a pass and a fail in one table.


def _claims(text: str, year: int | None = None) -> list[tuple[str, int | None, str]]:
    return [(c.subject.name, c.value, "E" if c.certain else "W") for c in read_text(text, year)]


@pytest.mark.parametrize("text,expected", [
    ("全年共收到政府信息公开申请6件（其中本年新收5件，上年结转1件）。",
     [("received", 6, "W"), ("new", 5, "E"), ("carried_in", 1, "E")]),
    ("共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复）。",
     [("received", 3119, "W"), ("handled", 3050, "E"), ("carried_in", 34, "E"), ("carried_forward", 103, "E")]),
    ("其中：予以公开及部分公开42件，占51.85%；不予公开5件；无法提供一百零三件；不予处理两件；其他处理〇件。",
     [("granted_or_partial", 42, "E"), ("withheld", 5, "E"), ("unavailable", 103, "E"), ("rejected", 2, "E"),
      ("other_handling", 0, "E")]),
    ("全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。",
     [("received", 154, "W"), ("handled", 148, "W"), ("carried_forward", 6, "W")]),
    ("全年无行政复议和行政诉讼案件。", [("review", 0, "E"), ("suit", 0, "E")]),
    ("政府信息公开行政复议 351 件，其中结果维持 72 件，尚未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25 件。",
     [("review", 351, "E"), ("upheld", 72, "E"), ("pending", 37, "E"), ("suit", 46, "E"), ("upheld", 25, "E")]),
    ("清理并集中发布现行有效行政规范性文件393件，动态更新本年度制发的规范性文件77件。",
     [("normative_in_force", 393, "E"), ("normative_issued", 77, "E")]),
    # numbers belong to the label next to them
    ("其他处理22件，结转下年度继续办理13件。", [("other_handling", 22, "E"), ("carried_forward", 13, "E")]),
    ("上年结转2件，结转下年办理8件。", [("carried_in", 2, "E"), ("carried_forward", 8, "E")]),
    # substrings
    ("不同意公开的6件。", [("withheld", 6, "E")]),
    # per-outcome lists are outcomes, not the total handled
    ("办结的申请中同意公开答复9件，部分公开答复0件，不予公开2件。",
     [("granted", 9, "E"), ("partial", 0, "E"), ("withheld", 2, "E")]),
    # channel sub-counts are parts; their total is the received count
    ("收到群众网上申请105件，快递17件，合计122件。", [("total", 122, "W")]),
    # scope: not tied to disclosure, or a wider body → a warning at most
    ("全区共办理行政复议144件，行政诉讼97件。", [("review", 144, "W"), ("suit", 97, "W")]),
    # zero claims are compared
    ("本年度未收到政府信息公开申请。", [("received", 0, "E")]),
    # received, worded otherwise
    ("本机关收到4件政府信息公开申请。", [("received", 4, "W")]),
    ("共承办政府信息公开申请14件。", [("processed", 14, "W")]),
    ("接收网络方式提交的政府信息公开申请5件。", [("received", 5, "W")]),
    ("本年度收到政府信息公开申请8件。共收到8份。", [("received", 8, "W"), ("received", 8, "W")]),
    # carried in, worded otherwise
    ("全年共收到政府信息公开申请3件（含2022年结转0件）。", [("received", 3, "W"), ("carried_in", 0, "E")]),
    ("上年转结政府信息公开申请0件。", [("carried_in", 0, "E")]),
    # documents counted in 条
    ("公开行政规范性文件4条。", [("normative_published", 4, "W")]),
])
def test_reads_claims_with_subject_value_and_certainty(text: str, expected: list) -> None:
    assert _claims(text) == expected


def test_subset_after_a_carried_count_is_not_the_outcome_total() -> None:
    text = "本年度收到政府信息公开申请10件，包括2023年结转2024年继续办理的4件，其中，已主动公开和同意公开4件。"
    assert _claims(text, 2024) == [("received", 10, "W"), ("carried_in", 4, "E")]
    # the same outcome wording after the received total is the table's outcome
    assert _claims("本年度收到政府信息公开申请10件，其中，同意公开4件。") == [("received", 10, "W"), ("granted", 4, "E")]


@pytest.mark.parametrize("text,subject", [
    ("共受理并答复政府信息公开申请12件。", "received"), ("收到并办结政府信息公开申请12件。", "received"),
    ("办结并答复政府信息公开申请12件。", "handled"),
])
def test_two_joined_verbs_count_by_the_first(text: str, subject: str) -> None:
    assert [c[0] for c in _claims(text)] == [subject]


def test_last_years_figure_is_not_this_reports() -> None:
    text = "2023年收到政府信息公开申请10件，2024年收到政府信息公开申请15件。"
    assert _claims(text, 2024) == [("received", 15, "W")]
    assert _claims(text) == [("received", 10, "W"), ("received", 15, "W")]  # report year unknown: both read


def test_review_count_is_certain_only_when_tied_to_disclosure_after_the_last_request_count() -> None:
    assert _claims("收到政府信息公开申请10件，办结10件，本机关作为被申请人的行政复议案件5件。") == [
        ("received", 10, "W"), ("handled", 10, "E"), ("review", 5, "W")]
    assert _claims("收到政府信息公开申请10件，办结10件，因政府信息公开被申请行政复议5件。") == [
        ("received", 10, "W"), ("handled", 10, "E"), ("review", 5, "E")]


def test_outcomes_of_one_channel_in_a_channel_list_are_parts() -> None:
    text = "受理网上申请8件，其中予以公开5件；受理信函申请2件，其中予以公开1件。"
    assert _claims(text) == []


def test_wider_scope_carries_into_a_sentence_that_goes_on_from_it() -> None:
    assert _claims("2022年，全区共收到政府信息公开申请100件。其中，予以公开60件。") == [
        ("received", 100, "W"), ("granted", 60, "W")]
    assert _claims("全区共收到政府信息公开申请100件。本机关予以公开10件。") == [
        ("received", 100, "W"), ("granted", 10, "E")]
    # a sentence with its own subject starts afresh (淮安市人民政府 2024)
    assert _claims("全市共受理政府信息公开申请3119件。政府信息公开行政复议351件，其中结果维持72件。") == [
        ("received", 3119, "W"), ("review", 351, "E"), ("upheld", 72, "E")]


def test_answering_disclosure_requests_is_not_disclosing() -> None:
    assert _claims("全年共完成政府信息依申请公开答复1453件。") == [("handled", 1453, "E")]


def test_zero_statement_of_another_year_is_not_this_reports() -> None:
    assert _claims("2016年未发生申请行政复议和提起行政诉讼情况。", 2024) == []
    assert _claims("2024年未发生申请行政复议和提起行政诉讼情况。", 2024) == [("review", 0, "E"), ("suit", 0, "E")]


def test_carry_direction_follows_the_report_year() -> None:
    assert _claims("结转至2025年办理7件。", 2024) == [("carried_forward", 7, "E")]
    assert _claims("含2023年结转的申请3件。", 2024) == [("carried_in", 3, "E")]
    assert _claims("含2021年结转的申请3件。", 2024) == []  # neither last year nor this one: not placed


@pytest.mark.parametrize("text", [
    "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
    "存在的主要问题及改进情况、其他需要报告的事项等六个部分。",
    "通过领导信箱、12345热线、微信留言等渠道收到群众诉求85件，办结71件。",
    "办理政协提案答复意见37件。",
    "部门信箱留言1条，已按时办结。",
    "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
    "2024年度主动公开文件1件、局长办公会信息16次。",
    "网站总访问量53.73万次，办件量576件。",
    "全县共办理相关案件 74 件。",
    "均在法定期限内予以答复，办结率100%。",
    "严格执行自政府信息形成或变更之日起20个工作日内及时公开。",
])
def test_no_claim_where_no_table_figure_is_stated(text: str) -> None:
    assert _claims(text) == []


@pytest.mark.parametrize("text", ["全年未发生因依申请公开被行政复议纠错的情形。", "全年无行政复议和行政诉讼案件。"])
def test_negation_of_an_adverse_result_is_no_count(text: str) -> None:
    claims = _claims(text)
    assert claims == ([] if "纠错" in text else [("review", 0, "E"), ("suit", 0, "E")])


def test_every_claim_quotes_its_clause() -> None:
    [c] = [c for c in read_text("2024年，本机关收到政府信息公开申请 12 件，均已按时答复。") if c.value == 12]
    assert c.clause == "本机关收到政府信息公开申请 12 件"
    assert c.sentence == "2024年，本机关收到政府信息公开申请 12 件，均已按时答复。"


# --- comparison -------------------------------------------------------------------------------


def test_unambiguous_claim_that_matches_gives_nothing() -> None:
    r = make_report({"requests.new.total": 5}, ["本年新收政府信息公开申请5件。"])
    assert hits("narrative_claims", r) == []


def test_unambiguous_claim_that_mismatches_is_an_error_naming_sentence_and_cell() -> None:
    r = make_report({"requests.new.total": 5}, ["前言。", "本年新收政府信息公开申请7件。"])
    [h] = hits("narrative_claims", r)
    assert h.severity is None  # the rule's severity (error) stands
    assert (h.expected, h.actual) == (5, 7)
    assert h.fields == ["requests.new.total"]
    assert h.location.quote == "本年新收政府信息公开申请7件。" and h.location.block_index == 1
    assert h.location.table == "requests" and h.location.column_label == "总计"
    assert h.location.row_label == "一、本年新收政府信息公开申请数量"
    assert "一、本年新收政府信息公开申请数量" in h.args["figure_zh"] and "7" in str(h.args["claimed"])


@pytest.mark.parametrize("claimed,ok", [(5, True), (6, True), (4, False)])
def test_received_matches_new_or_new_plus_carried_else_warning(claimed: int, ok: bool) -> None:
    r = make_report({"requests.new.total": 5, "requests.carried_in.total": 1},
                    [f"本机关共收到政府信息公开申请{claimed}件。"])
    found = hits("narrative_claims", r)
    assert (found == []) is ok
    if not ok:
        assert found[0].severity == "warning"
        assert "requests.carried_in.total" in found[0].fields


def test_ambiguous_claim_names_each_cell_once() -> None:
    r = make_report({"requests.new.total": 2}, ["本局共收到政府信息公开申请5件。"])
    [h] = hits("narrative_claims", r)
    assert h.fields == ["requests.new.total", "requests.carried_in.total"]
    assert [o.key for o in h.operands] == h.fields


def test_wider_scope_lowers_an_unambiguous_mismatch_to_a_warning() -> None:
    r = make_report({"requests.granted.total": 3}, ["全区各部门予以公开10件。"])
    [h] = hits("narrative_claims", r)
    assert h.severity == "warning"


def test_group_sums_are_compared_withheld_is_sum_of_items() -> None:
    figs = {"requests.withheld_secret.total": 1, "requests.withheld_process.total": 2}
    assert hits("narrative_claims", make_report(figs, ["不予公开3件。"])) == []
    [h] = hits("narrative_claims", make_report(figs, ["不予公开4件。"]))
    assert h.expected == 3 and len(h.fields) == 8 and "1–8" in h.location.row_label


def test_granted_or_partial_is_the_sum_and_not_a_granted_claim() -> None:
    figs = {"requests.granted.total": 22, "requests.partial.total": 20}
    assert hits("narrative_claims", make_report(figs, ["予以公开及部分公开42件。"])) == []
    assert len(hits("narrative_claims", make_report(figs, ["予以公开及部分公开40件。"]))) == 1


def test_other_handling_uses_one_row_extra_in_hybrid_layout() -> None:
    r = make_report({"requests.other_total.total": 2}, ["其他处理2件。"])
    r.figures = {k: f for k, f in r.figures.items() if not k.startswith("requests.other_")}
    assert hits("narrative_claims", r) == []
    r.extras["requests.other_total.total"] = Figure(
        "requests.other_total.total", Value("number", Decimal(1), "1"), None)
    assert len(hits("narrative_claims", r)) == 1


def test_no_appeals_statement_contradicted_by_table() -> None:
    text = ["全年无行政复议和行政诉讼案件。"]
    assert hits("narrative_claims", make_report({}, text)) == []
    [h] = hits("narrative_claims", make_report({"appeals.suit_direct.total": 1}, text))
    assert h.actual == 0 and h.expected == 1 and "appeals.suit_direct.total" in h.fields


def test_appeal_outcomes_follow_the_review_or_litigation_they_belong_to() -> None:
    figs = {"appeals.review.upheld": 2, "appeals.review.total": 2, "appeals.suit_direct.upheld": 1,
            "appeals.suit_after_review.upheld": 1, "appeals.suit_direct.total": 1, "appeals.suit_after_review.total": 1}
    ok = "行政复议2件，其中结果维持2件；行政诉讼2件，其中结果维持2件。"
    assert hits("narrative_claims", make_report(figs, [ok])) == []
    bad = "行政复议2件，其中结果维持1件；行政诉讼2件，其中结果维持2件。"
    [h] = hits("narrative_claims", make_report(figs, [bad]))
    assert h.fields == ["appeals.review.upheld"]


def test_groups_param_selects_claims() -> None:
    r = make_report({"requests.new.total": 5}, ["本年新收政府信息公开申请7件。"])
    assert hits("narrative_claims", r, groups=["appeals"]) == []
    assert len(hits("narrative_claims", r, groups=["requests"])) == 1


def test_absent_figure_is_not_compared() -> None:
    r = make_report({}, ["本年新收政府信息公开申请7件。"])
    del r.figures["requests.new.total"]
    assert hits("narrative_claims", r) == []


def test_no_document_gives_no_hits() -> None:
    r = make_report({"requests.new.total": 5})
    r.document = None
    assert hits("narrative_claims", r) == []


# --- percentages ------------------------------------------------------------------------------


@pytest.mark.parametrize("text,ok", [
    ("予以公开及部分公开42件，占51.85%。", True),
    ("予以公开及部分公开42件，占51.8%。", True),  # truncated last digit still within one unit
    ("予以公开及部分公开占总数的51.85%。", True),  # percentage without a count
    ("予以公开及部分公开42件，占55.5%。", False),
    ("予以公开及部分公开占总数的45.5%。", False),
])
def test_percentages_checked_against_table_ratio_with_rounding(text: str, ok: bool) -> None:
    figs = {"requests.granted.total": 22, "requests.partial.total": 20, "requests.new.total": 81,
            "requests.handled_total.total": 81}
    found = hits("narrative_percentages", make_report(figs, [text]))
    assert (found == []) is ok
    if not ok:
        assert found[0].expected == pytest.approx(51.85) and "51.85" in found[0].args["ratio"]


def test_vocabulary_naming_an_unknown_figure_is_refused_at_load() -> None:
    bad = """
figures: {new: {keys: [requests.new.total], zh: 新收, en: new}}
subjects: {received: {group: requests, readings: [nosuch], zh: 收到, en: received, phrases: [收到]}}
"""
    with pytest.raises(ValueError, match="received.*nosuch"):
        load_vocabulary(bad)


def test_half_year_figures_and_what_follows_from_them_are_not_the_annual_tables() -> None:
    # 上海市普陀区 2022年上半年政府信息公开数据统计
    text = "2022年上半年，全区各行政机关共受理政府信息公开申请267件，答复263件。其中同意公开或部分公开共81件，公开率为30.80%。"
    assert _claims(text) == []
    assert _claims("其中同意公开或部分公开共81件。") == [("granted_or_partial", 81, "E")]

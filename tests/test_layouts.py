"""Table layouts real drafters use: rows and columns matched by their printed words, never by
position; every cause said once; an ambiguous or unknown label named with its printed text.

Unit tests build grids in memory (``locate.table_from_rows``); the property test builds whole
.docx reports in random layouts with the sample generator and checks them end to end.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo_check import fields
from govinfo_check.checker import check_file
from govinfo_check.docx_reader import read_document_bytes
from govinfo_check.engine import load_rules
from govinfo_check.locate import table_from_rows
from govinfo_check.normalize import strip_numbering
from govinfo_check.values import parse_value

from test_locate import P, codes, run

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import make_samples as ms  # noqa: E402

HEADER = [["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
COLS = ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")

# table 三 printed with one label column, each row only its own label (as in real reports)
OWN_LABELS = [
    ("new", "一、本年新收政府信息公开申请数量"), ("carried_in", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"), ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld_secret", "1.属于国家秘密"), ("withheld_law", "2.其他法律行政法规禁止公开"),
    ("withheld_safety", "3.危及“三安全一稳定”"), ("withheld_third_party", "4.保护第三方合法权益"),
    ("withheld_internal", "5.属于三类内部事务信息"), ("withheld_process", "6.属于四类过程性信息"),
    ("withheld_enforcement", "7.属于行政执法案卷"), ("withheld_query", "8.属于行政查询事项"),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息"), ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确"), ("rejected_petition", "1.信访举报投诉类申请"),
    ("rejected_repeat", "2.重复申请"), ("rejected_publication", "3.要求提供公开出版物"),
    ("rejected_excessive", "4.无正当理由大量反复申请"), ("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"), ("handled_total", "（七）总计"), ("carried_forward", "四、结转下年度继续办理"),
]


def own_label_rows(labels=OWN_LABELS) -> list[list[str | None]]:
    """Header + one row per label; the row's i-th value is its row number * 10 + column number, so
    every cell read can be traced back to exactly one printed cell."""
    return [list(r) for r in HEADER] + [[label] + [str(i * 10 + c) for c in range(7)]
                                         for i, (_, label) in enumerate(labels)]


def read_requests(rows) -> tuple[dict[str, int], list]:
    r = run([P("三、收到和处理政府信息公开申请情况"), table_from_rows(rows)])
    lt = r.tables["requests"]
    got = {k: int(parse_value(lt.table.grid[row][col].text).number) for k, (row, col) in lt.layout.cells.items()}
    return got, r.problems


def test_one_label_column_with_only_each_rows_own_label_reads_every_row():
    got, problems = read_requests(own_label_rows())
    assert problems == []
    for i, (name, _) in enumerate(OWN_LABELS):
        for c, col in enumerate(COLS):
            assert got[f"requests.{name}.{col}"] == i * 10 + c, (name, col)


@pytest.mark.parametrize("number", ["1、", "(1)", "（1）", "①", "1．", "1 ."])
def test_item_numbers_in_any_style_restarting_per_group(number):
    labels = [(n, ms._renumber(t, number) if t[0].isdigit() else t) for n, t in OWN_LABELS]
    got, problems = read_requests(own_label_rows(labels))
    assert problems == []
    assert got["requests.other_other.natural"] == 220 and got["requests.unavailable_not_held.total"] == 126


def test_other_is_decided_by_the_group_open_above_it():
    # "3.其他" right after （三）'s items is not （六）3.其他: it is named, with what it could be
    labels = [x for x in OWN_LABELS if x[0] not in ("other_no_correction", "other_unpaid", "other_other")]
    at = [n for n, _ in labels].index("withheld_query") + 1
    labels.insert(at, ("?", "9.其他"))
    rows = own_label_rows(labels)
    got, problems = read_requests(rows)
    assert codes_of(problems) == ["L-001"]
    p = problems[0]
    assert "requests.other_other.natural" in p.fields and "requests.other_unpaid.natural" in p.fields
    assert f"第{len(HEADER) + at + 1}行“9.其他”" in p.messages["zh"]
    assert "3.其他" in p.messages["zh"]  # what the printed label could be, said in words
    assert "requests.other_other.natural" not in got


def codes_of(problems) -> list[str]:
    return [p.code for p in problems]


def test_missing_rows_and_leftover_labels_make_one_finding():
    labels = list(OWN_LABELS)
    labels[4] = ("?", "1.属于机密事项")  # no row of the form
    labels[13] = ("?", "2.需要加工分析")
    got, problems = read_requests(own_label_rows(labels))
    assert codes_of(problems) == ["L-001"]
    p = problems[0]
    assert p.fields == [f"requests.{r}.{c}" for r in ("withheld_secret", "unavailable_needs_creation")
                        for c in fields.APPLICANT_COLUMNS]
    zh, en = p.messages["zh"], p.messages["en"]
    assert "1.属于国家秘密" in zh and "2.没有现成信息需要另行制作" in zh
    assert "第6行“1.属于机密事项”" in zh and "第15行“2.需要加工分析”" in zh
    assert "row 6 “1.属于机密事项”" in en and p.args["leftover_rows"][1][:2] == (15, "2.需要加工分析")


def test_a_label_fitting_two_rows_is_named_not_guessed():
    labels = list(OWN_LABELS)
    labels[15] = ("?", "1.信访举报投诉及重复申请")  # words of （五）1 and （五）2
    got, problems = read_requests(own_label_rows(labels))
    assert codes_of(problems) == ["L-001"]
    zh = problems[0].messages["zh"]
    assert "“1.信访举报投诉及重复申请”（可对应“三、本年度办理结果 / （五）不予处理 / 1.信访举报投诉类申请”或" in zh
    assert "requests.rejected_petition.natural" not in got and got["requests.rejected_repeat.natural"] == 160


def test_extra_rows_when_every_row_is_found_are_one_warning():
    rows = own_label_rows()
    rows.insert(5, ["（三）不予公开小计"] + ["1"] * 7)
    rows.insert(12, ["备注"] + ["2"] * 7)
    rows.insert(13, ["说明"] + [""] * 7)  # an unknown row without numbers is harmless
    got, problems = read_requests(rows)
    assert codes_of(problems) == ["L-003"]
    assert problems[0].severity == "warning"
    assert "第6行“（三）不予公开小计”、第13行“备注”" in problems[0].messages["zh"]
    assert got["requests.withheld_secret.natural"] == 40


def test_group_label_on_its_first_row_only_or_absent():
    rows = [["", ""] + HEADER[0][1:]]
    group = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "rejected": "（五）不予处理", "other": "（六）其他处理"}
    seen = set()
    for i, (name, label) in enumerate(OWN_LABELS):
        g = name.split("_")[0]
        if g in group and "_" in name:
            first = g not in seen and g != "rejected"  # （五） printed nowhere at all
            seen.add(g)
            cells = [group[g] if first else "", label]
        else:
            cells = [label, label]  # a label over both columns: a merged cell repeats its text
        rows.append(cells + [str(i * 10 + c) for c in range(7)])
    got, problems = read_requests(rows)
    assert problems == []
    assert got["requests.other_other.total"] == 226 and got["requests.rejected_confirm.natural"] == 190


def test_item_text_in_the_group_column():
    rows = [["", ""] + HEADER[0][1:]]
    for i, (_, label) in enumerate(OWN_LABELS):
        rows.append([label, ""] + [str(i * 10 + c) for c in range(7)])
    got, problems = read_requests(rows)
    assert problems == [] and got["requests.unavailable_unclear.legal"] == 144


def test_headers_over_two_rows_words_split_and_an_org_subtotal_column():
    rows = [["", "申请人情况", None, None, None, None, None, None, None],
            ["", "自然", "商业", "科研", "社会公益", "法律服务", "其", "合", "总"],
            ["", "人", "企业", "机构", "组织", "机构", "他", "计", "计"]]
    rows[1][7], rows[2][7] = "法人或其他组织", "合计"  # 法人或其他组织 / 合计: a subtotal, not 总计
    spans = {(0, 1): (1, 8)}
    for i, (_, label) in enumerate(OWN_LABELS):
        vals = [str(i * 10 + c) for c in range(6)]
        rows.append([label, *vals, "999", str(i * 10 + 6)])
    r = run([P("三、收到和处理政府信息公开申请情况"), table_from_rows(rows, spans=spans)])
    lt = r.tables["requests"]
    assert r.problems == []
    assert lt.layout.cells["requests.new.total"] == (3, 8) and lt.layout.cells["requests.new.other_org"] == (3, 6)


def test_missing_and_unnamed_columns_make_one_finding():
    rows = own_label_rows()
    rows[0][3] = "院校"  # 科研机构 printed as something the form does not have
    rows[0][6] = "个体户"
    got, problems = read_requests(rows)
    assert codes_of(problems) == ["L-002"]
    zh = problems[0].messages["zh"]
    assert "科研机构" in zh and "“法人或其他组织 / 其他”" in zh
    assert "第4列“院校”" in zh and "第7列“个体户”" in zh
    assert len(problems[0].fields) == 2 * 25


# --- table 二 -------------------------------------------------------------------------------

def compact_active(values: dict[str, str], folded: bool = True) -> list:
    def single(label, header, key, clause):
        return [clause, f"{label}（{header}）" if folded else label, values[key], values[key], values[key]]
    rows = [
        ["条款", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["第二十条第（一）项", "规章", "1", "2", "3"],
        ["第二十条第（一）项", "规范性文件", "4", "5", "55（含自然失效29件）"],
        single("行政许可", "本年处理决定数量", "license", "第二十条第（五）项"),
        single("行政处罚", "本年处理决定数量", "penalty", "第二十条第（六）项"),
        single("行政强制", "本年处理决定数量", "coercion", "第二十条第（六）项"),
        single("行政事业性收费", "本年收费金额（单位：万元）", "fee", "第二十条第（八）项"),
    ]
    spans = {(1, 0): (2, 1), (4, 0): (2, 1)} | {(r, 2): (1, 3) for r in (3, 4, 5, 6)}
    return [P("二、主动公开政府信息情况"), table_from_rows(rows, spans=spans)]


def active_values(r) -> dict[str, Decimal]:
    lt = r.tables["active"]
    return {k: parse_value(lt.table.grid[row][col].text, fields.field_index()[k].type).number
            for k, (row, col) in lt.layout.cells.items()}


@pytest.mark.parametrize("folded", [True, False])
def test_table_two_compact(folded):
    r = run(compact_active({"license": "12", "penalty": "—", "coercion": "7", "fee": "0.5"}, folded))
    assert r.problems == []
    got = active_values(r)
    assert got == {"active.regulation.issued": 1, "active.regulation.repealed": 2, "active.regulation.in_force": 3,
                   "active.normative.issued": 4, "active.normative.repealed": 5, "active.normative.in_force": 55,
                   "active.license.decisions": 12, "active.penalty.decisions": 0, "active.coercion.decisions": 7,
                   "active.fee.amount": Decimal("0.5")}


def test_table_two_single_figure_row_with_differing_values_is_not_guessed():
    blocks = compact_active({"license": "12", "penalty": "3", "coercion": "7", "fee": "0.5"}, folded=False)
    t = blocks[1]
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    rows[3] = ["第二十条第（五）项", "行政许可", "12", "8", ""]  # two different numbers for one figure
    r = run([blocks[0], table_from_rows(rows, spans={(1, 0): (2, 1)})])
    assert codes(r) == ["L-002"]
    assert r.problems[0].fields == ["active.license.decisions"] and "行政许可 / 本年处理决定数量" in r.problems[0].messages["zh"]


# --- table 四 -------------------------------------------------------------------------------

def test_table_four_transposed():
    rows = [["", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
            ["行政复议", None, "1", "2", "3", "4", "10"],
            ["行政诉讼", "未经复议直接起诉", "5", "6", "7", "8", "26"],
            [None, "复议后起诉", "9", "—", "", "0", "9"]]
    r = run([P("四、政府信息公开行政复议、行政诉讼情况"), table_from_rows(rows, spans={(1, 0): (1, 2), (2, 0): (2, 1)})])
    assert r.problems == []
    lt = r.tables["appeals"]
    got = {k: lt.table.grid[row][col].text for k, (row, col) in lt.layout.cells.items()}
    assert got["appeals.review.upheld"] == "1" and got["appeals.suit_direct.total"] == "26"
    assert got["appeals.suit_after_review.corrected"] == "—" and len(got) == 15
    assert lt.layout.labels["appeals.suit_direct.pending"] == ("行政诉讼 / 未经复议直接起诉", "尚未审结")


def test_table_four_missing_result_column_is_one_finding():
    rows = [["", "", "结果维持", "结果纠正", "其他结果", "总计"],
            ["行政复议", None, "1", "2", "3", "6"],
            ["行政诉讼", "未经复议直接起诉", "5", "6", "7", "18"],
            [None, "复议后起诉", "9", "0", "0", "9"]]
    r = run([P("四、政府信息公开行政复议、行政诉讼情况"), table_from_rows(rows, spans={(1, 0): (1, 2), (2, 0): (2, 1)})])
    assert codes(r) == ["L-002"]
    assert r.problems[0].fields == ["appeals.review.pending", "appeals.suit_direct.pending",
                                    "appeals.suit_after_review.pending"]


# --- cell values, numbering, title facts ------------------------------------------------------

@pytest.mark.parametrize("text,number,remark", [
    ("22（其中修订16件）", 22, "其中修订16件"), ("55(含自然失效29件)", 55, "含自然失效29件"),
    ("12件（含网上申请3件）", 12, "含网上申请3件"), ("7", 7, ""),
])
def test_number_with_a_remark_reads_as_the_number(text, number, remark):
    v = parse_value(text)
    assert (v.kind, v.number, v.remark, v.raw) == ("number", number, remark, text)


@pytest.mark.parametrize("text", ["（含2件）", "1O（注）", "22(3)", "约22（估计）"])
def test_a_remark_does_not_make_a_non_number_a_number(text):
    assert parse_value(text).kind == "invalid"


@pytest.mark.parametrize("label,stripped", [("①属于国家秘密", "属于国家秘密"), ("（3）其他", "其他"), ("3、其他", "其他"),
                                            ("2024年", "2024年")])
def test_item_numbers_are_stripped(label, stripped):
    from govinfo_check.normalize import normalize_label
    assert strip_numbering(normalize_label(label)) == stripped


def _docx(spec: ms.SampleSpec) -> bytes:
    return ms.build_report(spec).data


def test_title_only_in_the_document_properties():
    data = _docx(ms.SampleSpec("positive/t.docx", agency="青石市档案局", year=2023, seed=3, title_mode="property_only"))
    doc = read_document_bytes(data)
    assert doc.title_property == "青石市档案局2023年政府信息公开工作年度报告"
    r = run(list(doc.blocks))
    assert (r.title, r.agency, r.year) == (None, None, None)  # the paragraphs alone name no title
    from govinfo_check.locate import locate
    from govinfo_check.models import ParsedReport
    report = ParsedReport(path="t.docx")
    locate(doc, report)
    assert (report.agency, report.year) == ("青石市档案局", 2023)


@pytest.mark.parametrize("lines,agency", [
    (["2024年政府信息公开工作年度报告", "青石市民政局"], "青石市民政局"),
    (["2024年政府信息公开工作年度报告（青石市民政局）"], "青石市民政局"),
    (["2024年政府信息公开工作年度报告——青石市民政局"], "青石市民政局"),
    (["2024年政府信息公开工作年度报告", "（2025年1月20日）"], None),
    (["2024年政府信息公开工作年度报告", "本报告根据条例编制。"], None),
])
def test_agency_printed_after_the_title(lines, agency):
    r = run([P(x) for x in lines])
    assert (r.agency, r.year) == (agency, 2024)


# --- property: random consistent figures in a random layout read exactly, and check clean -----

@st.composite
def layout_specs(draw) -> ms.SampleSpec:
    seed = draw(st.integers(0, 2**30))
    rng = random.Random(seed)
    spec = ms.layout_spec(0, rng)
    # the draw decides the layout too, so hypothesis can shrink towards the template
    return ms.replace(spec, t3_layout=draw(st.sampled_from(ms.T3_LAYOUTS)),
                      t3_header=draw(st.sampled_from(ms.T3_HEADERS)),
                      t2_layout=draw(st.sampled_from(ms.T2_LAYOUTS)), t4_layout=draw(st.sampled_from(ms.T4_LAYOUTS)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout_specs())
def test_any_layout_reads_every_figure_exactly_and_checks_clean(tmp_path_factory, spec):
    built = ms.build_report(spec)
    path = tmp_path_factory.mktemp("layout") / "report.docx"
    path.write_bytes(built.data)
    result = check_file(path, RULES)
    got = {k: (f.value.as_number if f.value.kind != "invalid" else "invalid") for k, f in result.report.figures.items()}
    want = {k: Decimal(str(v)) for k, v in built.expected["fields"].items() if v is not None}
    assert got == want, spec
    for k, v in built.expected["extras"].items():
        assert result.report.extras[k].value.as_number == Decimal(str(v)), (k, spec)
    errors = [(f.code, f.messages["en"]) for f in result.findings if f.severity == "error"]
    assert errors == [], spec
    remarks = sorted(f.fields[0] for f in result.findings if f.code == "V-001")
    assert remarks == sorted(built.expected["remarks"])  # a remark is a warning naming its cell, no more


RULES = load_rules()


def test_table_two_header_printed_inside_the_row():
    rows = [["第二十条第（一）项", None, None, None], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "1", "2", "3"], ["行政规范性文件", "4", "5", "6"],
            ["行政许可", "本年处理决定数量", "12", None], ["行政处罚", "本年处理决定数量", "3", None],
            ["行政强制", "本年处理决定数量", "0", None], ["行政事业性收费", "本年收费金额（单位：万元）", "1.5", None]]
    spans = {(0, 0): (1, 4)} | {(r, 2): (1, 2) for r in range(4, 8)}
    r = run([P("二、主动公开政府信息情况"), table_from_rows(rows, spans=spans)])
    assert r.problems == []
    got = active_values(r)
    assert (got["active.license.decisions"], got["active.fee.amount"]) == (12, Decimal("1.5"))


def _with_group_rows(subtotal_ok: bool) -> list[list[str | None]]:
    """Own-label rows with （三）不予公开 and （六）其他处理 printed as rows above their items, holding
    their subtotal (right, or one off in the 自然人 column)."""
    labels = []
    for name, text in OWN_LABELS:
        if name == "withheld_secret":
            labels += [("caption", "三、本年度办理结果"), ("group:withheld", "（三）不予公开")]
        if name == "other_no_correction":
            labels.append(("group:other", "（六）其他处理"))
        labels.append((name, text))
    rows = own_label_rows(labels)
    index = {n: len(HEADER) + i for i, (n, _) in enumerate(labels)}
    rows[index["caption"]][1:] = [""] * 7
    for g, items in (("withheld", 8), ("other", 3)):
        first = index[f"group:{g}"] + 1
        sums = [sum(int(rows[first + i][1 + c]) for i in range(items)) for c in range(7)]
        if not subtotal_ok and g == "other":
            sums[0] += 1
        rows[index[f"group:{g}"]][1:] = [str(x) for x in sums]
    return rows


def test_group_rows_holding_their_subtotal_are_accepted_silently():
    got, problems = read_requests(_with_group_rows(subtotal_ok=True))
    assert problems == []
    assert got["requests.withheld_secret.natural"] == 60 and got["requests.other_other.total"] == 256


def test_a_group_row_that_is_not_the_sum_of_its_items_is_named():
    got, problems = read_requests(_with_group_rows(subtotal_ok=False))
    assert codes_of(problems) == ["L-003"]
    assert "“（六）其他处理”" in problems[0].messages["zh"] and problems[0].severity == "warning"


def test_a_unit_in_brackets_is_a_unit_not_a_remark():
    v = parse_value("7730.28（万元）", "decimal")
    assert (v.kind, v.number, v.unit, v.remark) == ("number", Decimal("7730.28"), "万元", "")


GROUP_LABELS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "rejected": "（五）不予处理",
                "other": "（六）其他处理"}


@settings(max_examples=60, deadline=None)
@given(numbering=st.sampled_from(ms.NUMBERINGS + ("", "1 、")), group_style=st.sampled_from(
    ["none", "first_row", "every_row", "joined", "merged_caption"]), short=st.booleans(),
    spaces=st.booleans())
def test_any_labelling_of_table_three_rows_maps_every_row(numbering, group_style, short, spaces):
    """Law: however the rows' labels are printed (numbering, group label on every row, on the first
    row, joined to the item, or absent), each row is found by its words, at its own row."""
    rows = [["", ""] + HEADER[0][1:]]
    seen: set[str] = set()
    for i, (name, label) in enumerate(OWN_LABELS):
        g = name.split("_")[0]
        item = label
        if short and name in ms.T3_SHORT and "_" in name and g in GROUP_LABELS:
            item = label.split(".")[0] + "." + ms.T3_SHORT[name]
        if label[0].isdigit():
            item = ms._renumber(item, numbering) if numbering else item.split(".", 1)[1]
        if spaces:
            item = item[:3] + "\n" + item[3:] if len(item) > 4 else item
        if g in GROUP_LABELS and "_" in name:
            group = GROUP_LABELS[g]
            cells = {"none": ["", item], "first_row": [group if g not in seen else "", item],
                     "every_row": [group, item], "joined": [group + item, ""],
                     "merged_caption": ["三、本年度办理结果", item]}[group_style]
            seen.add(g)
        else:
            cells = [label, ""]
        rows.append(cells + [str(i * 10 + c) for c in range(7)])
    got, problems = read_requests(rows)
    assert problems == []
    for i, (name, _) in enumerate(OWN_LABELS):
        assert got[f"requests.{name}.natural"] == i * 10, name


CORE = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title></cp:coreProperties>')


@pytest.mark.parametrize("core,title", [
    (CORE.format("白沙市林业局2024年政府信息公开工作年度报告"), "白沙市林业局2024年政府信息公开工作年度报告"),
    (CORE.format(""), None),
    ("<not xml", None),  # a damaged properties part costs the title, never the document
])
def test_title_property_is_read_and_a_damaged_one_is_ignored(tmp_path, core, title):
    from wordml import make_docx, p
    from govinfo_check.docx_reader import read_document
    path = make_docx(tmp_path / "a.docx", p("一、总体情况"), extra_parts={"docProps/core.xml": core.encode()})
    doc = read_document(path)
    assert doc.title_property == title and doc.paragraphs[0].text == "一、总体情况"


def test_table_two_as_one_small_table_per_clause_with_captions_between():
    blocks = [P("二、主动公开政府信息情况"), P("第二十条第（一）项"),
              table_from_rows([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "2", "3"],
                               ["规范性文件", "4", "5", "6"]]),
              P("第二十条第（五）项"), table_from_rows([["信息内容", "本年处理决定数量"], ["行政许可", "12"]]),
              P("第二十条第（六）项"), table_from_rows([["信息内容", "本年处理决定数量"], ["行政处罚", "3"],
                                                   ["行政强制", "0"]]),
              P("第二十条第（八）项"), table_from_rows([["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "2.5"]]),
              P("三、收到和处理政府信息公开申请情况")]
    r = run(blocks)
    assert r.problems == []
    got = active_values(r)
    assert (got["active.normative.in_force"], got["active.license.decisions"], got["active.coercion.decisions"],
            got["active.fee.amount"]) == (6, 12, 0, Decimal("2.5"))


def test_a_header_merged_over_two_grid_columns_reads_the_column_holding_figures():
    rows = own_label_rows()
    rows = [[r[0], *r[1:7], "", r[7]] if i else [r[0], *r[1:7], None, r[7]] for i, r in enumerate(rows)]
    spans = {(0, 6): (1, 2)}  # 其他 spans two grid columns; the rows print their figure in the second
    rows = [r if i == 0 else [*r[:6], "", r[6], r[8]] for i, r in enumerate(rows)]
    r = run([P("三、收到和处理政府信息公开申请情况"), table_from_rows(rows, spans=spans)])
    lt = r.tables["requests"]
    assert r.problems == []
    assert lt.layout.cells["requests.granted.other_org"] == (3, 7)
    assert lt.table.grid[3][7].text == "25"


def test_label_merged_over_two_label_columns_is_read_and_named_once():
    # 一、…申请数量 printed across both label columns (one cell at two grid positions), and the row
    # printed twice: table 三's rows are read from the grid row as it is, so the merged label must
    # count once, in the layout's label and in the duplicate-row finding alike
    label = "一、本年新收政府信息公开申请数量"
    labels = [("new", label), *OWN_LABELS[1:], ("new", label)]
    rows = [["", ""] + HEADER[0][1:]]
    spans = {(0, 0): (1, 2)}
    for i, (_, text) in enumerate(labels):
        r = i + 1
        if text == label:
            rows.append([text, text] + [str(i * 10 + c) for c in range(7)])
            spans[(r, 0)] = (1, 2)
        else:
            rows.append(["", text] + [str(i * 10 + c) for c in range(7)])
    r = run([P("三、收到和处理政府信息公开申请情况"), table_from_rows(rows, spans=spans)])
    lt = r.tables["requests"]
    assert lt.layout.cells["requests.new.natural"] == (1, 2)
    assert lt.layout.labels["requests.new.natural"] == (label, "自然人")
    assert codes_of(r.problems) == ["L-005"]
    assert r.problems[0].location.row_label == label
    assert r.problems[0].location.row == len(rows) - 1

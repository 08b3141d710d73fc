"""locate: title, period, sections, the three tables by their labels, layouts, format version, L-codes.

Documents are built in memory with ``locate.table_from_rows`` (the reader's grid model: a merged
cell repeats at every position it covers), so these tests do not depend on docx_reader.
"""

from __future__ import annotations

from govinfo_check import fields
from govinfo_check.locate import locate, table_from_rows
from govinfo_check.models import Document, Paragraph, ParsedReport, Table

# --- builders (also used by test_figures.py) -------------------------------------------------

REQ_COLS = ["自然人", "商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他", "总计"]
ACTIVE_2021 = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", "regulation", ["issued", "repealed", "in_force"]),
      ("行政规范性文件", "normative", ["issued", "repealed", "in_force"])]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", "license", ["decisions"])]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
     [("行政处罚", "penalty", ["decisions"]), ("行政强制", "coercion", ["decisions"])]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("行政事业性收费", "fee", ["amount"])]),
]


def _val(values: dict[str, str], key: str) -> str:
    return values.get(key, "0")


def active_table(values: dict[str, str] | None = None, index: int = 0, blocks=ACTIVE_2021,
                 prefix: str = "active") -> Table:
    """Table 二 as the official form prints it: caption rows span 4 columns; a one-value header or
    data cell spans the last 3 columns."""
    values = values or {}
    rows: list[list[str | None]] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for caption, header, data in blocks:
        spans[(len(rows), 0)] = (1, 4)
        rows.append([caption, None, None, None])
        if len(header) == 2:
            spans[(len(rows), 1)] = (1, 3)
            rows.append([header[0], header[1], None, None])
        else:
            rows.append(list(header))
        for label, row_key, col_keys in data:
            cells = [_val(values, f"{prefix}.{row_key}.{c}") for c in col_keys]
            if len(cells) == 1:
                spans[(len(rows), 1)] = (1, 3)
                rows.append([label, cells[0], None, None])
            else:
                rows.append([label, *cells])
    return table_from_rows(rows, index=index, spans=spans)


def request_rows(single_other: bool = False) -> list[tuple[str, list[str]]]:
    """(key prefix, label parts) for the 25 (or 23) data rows of table 三."""
    out = []
    for name in fields.REQUEST_ROWS:
        if single_other and name in ("other_no_correction", "other_unpaid", "other_other"):
            if name == "other_no_correction":
                out.append(("requests.other_total", ["三、本年度办理结果", "（六）其他处理"]))
            continue
        label = fields.field_index()[f"requests.{name}.natural"].row_label
        out.append((f"requests.{name}", label.split(" / ")))
    return out


def requests_table(values: dict[str, str] | None = None, index: int = 0, single_other: bool = False,
                   cols: list[str] | None = None) -> Table:
    """Table 三 as the official template builds it: three label columns with gridSpan/vMerge."""
    values = values or {}
    cols = cols or REQ_COLS
    keys = {"自然人": "natural", "商业\n企业": "business", "科研\n机构": "research", "社会公益组织": "nonprofit",
            "法律服务机构": "legal", "其他": "other_org", "总计": "total", "": None}
    n = 3 + len(cols)
    org = [i for i, c in enumerate(cols) if keys[c] not in ("natural", "total", None)]
    spans = {(0, 0): (3, 3), (0, 3): (1, len(cols))}
    head1: list[str | None] = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None,
                               "申请人情况"] + [None] * (len(cols) - 1)
    head2: list[str | None] = [None, None, None] + [None] * len(cols)
    head3: list[str | None] = [None, None, None] + [None] * len(cols)
    for i, c in enumerate(cols):
        if i in org:
            head3[3 + i] = c
        else:
            head2[3 + i] = c
            spans[(1, 3 + i)] = (2, 1)
    if org:
        head2[3 + org[0]] = "法人或其他组织"
        spans[(1, 3 + org[0])] = (1, len(org))
    rows = [head1, head2, head3]
    data = request_rows(single_other)
    for i, (prefix, parts) in enumerate(data):
        r = len(rows)
        label: list[str | None] = [None, None, None]
        if len(parts) == 1:
            label[0] = parts[0]
            spans[(r, 0)] = (1, 3)
        else:
            if i == 0 or data[i - 1][1][0] != parts[0]:
                run = sum(1 for _ in _run(data, i, 0))
                label[0] = parts[0]
                spans[(r, 0)] = (run, 1)
            if len(parts) == 2:
                label[1] = parts[1]
                spans[(r, 1)] = (1, 2)
            else:
                if data[i - 1][1][1:2] != parts[1:2]:
                    label[1] = parts[1]
                    spans[(r, 1)] = (sum(1 for _ in _run(data, i, 1)), 1)
                label[2] = parts[2]
        row = label + [_val(values, f"{prefix}.{keys[c]}") if keys[c] else "" for c in cols]
        rows.append(row)
    # positions covered by a vertical merge must not be given text of their own
    return table_from_rows(rows, index=index, spans=spans) if n else table_from_rows([])


def _run(data, i, level):
    """Rows from i on that share the label at ``level`` (the extent of a vertical merge)."""
    key = data[i][1][: level + 1]
    j = i
    while j < len(data) and len(data[j][1]) >= level + 2 and data[j][1][: level + 1] == key:
        yield j
        j += 1


APPEAL_OUTCOMES_ZH = ["结果维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"]


def appeals_table(values: dict[str, str] | None = None, index: int = 0) -> Table:
    values = values or {}
    spans = {(0, 0): (1, 5), (0, 5): (1, 10), (1, 5): (1, 5), (1, 10): (1, 5)}
    head0 = ["行政复议", None, None, None, None, "行政诉讼"] + [None] * 9
    head1: list[str | None] = list(APPEAL_OUTCOMES_ZH) + ["未经复议直接起诉", None, None, None, None,
                                                          "复议后起诉", None, None, None, None]
    for c in range(5):
        spans[(1, c)] = (2, 1)
    head2: list[str | None] = [None] * 5 + APPEAL_OUTCOMES_ZH * 2
    data = [_val(values, f"appeals.{g}.{o}") for g in fields.APPEAL_GROUPS for o in fields.APPEAL_OUTCOMES]
    return table_from_rows([head0, head1, head2, data], index=index, spans=spans)


def P(text: str, **kw) -> Paragraph:
    return Paragraph(index=-1, text=text, **kw)


def build_doc(blocks: list, path: str = "mem.docx") -> Document:
    """Number the blocks in order (index = position), the way the reader does."""
    out = []
    for i, b in enumerate(blocks):
        b.index = i
        out.append(b)
    return Document(path=path, blocks=out)


def official_blocks(values: dict[str, str] | None = None, single_other: bool = False) -> list:
    return [
        P("淄博市司法局"),
        P("2024年政府信息公开工作年度报告"),
        P("本报告根据《条例》编制。报告中所列数据统计期限自2024年1月1日起，至2024年12月31日止。如有疑问请联系。"),
        P("一、总体情况"),
        P("2024年，市司法局坚持……一是及时更新目录。二是扩大范围。"),
        P("（一）主动公开全面及时"),
        P("二、主动公开政府信息情况"),
        active_table(values),
        P("三、收到和处理政府信息公开申请情况"),
        requests_table(values, single_other=single_other),
        P("四、政府信息公开行政复议、行政诉讼情况"),
        appeals_table(values),
        P("五、存在的主要问题及改进情况"),
        P("一是……"),
        P("六、其他需要报告的事项"),
        P("本年度未收取信息处理费。"),
    ]


def run(blocks: list) -> ParsedReport:
    doc = build_doc(blocks)
    report = ParsedReport(path=doc.path)
    locate(doc, report)
    return report


def codes(report: ParsedReport) -> list[str]:
    return [p.code for p in report.problems]


# --- the official layout ---------------------------------------------------------------------

def test_official_layout_locates_everything_without_problems():
    r = run(official_blocks())
    assert (r.agency, r.year, r.title) == ("淄博市司法局", 2024, "2024年政府信息公开工作年度报告")
    assert r.period_years == [2024] and "统计期限" in r.period_text and r.period_text.endswith("止。")
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert r.sections[1].block_index == 6 and r.sections[1].end_block_index == 8
    assert r.sections[-1].end_block_index == 16
    assert {k: (v.section, v.part_indexes) for k, v in r.tables.items()} == {
        "active": (2, [7]), "requests": (3, [9]), "appeals": (4, [11])}
    assert r.format_version == "2021"
    assert r.problems == []
    n_cells = sum(len(t.layout.cells) for t in r.tables.values())
    assert n_cells == len(fields.canonical_keys())


def test_requests_layout_maps_by_labels():
    r = run(official_blocks())
    t = r.tables["requests"]
    row, col = t.layout.cells["requests.withheld_law.business"]
    assert t.table.at(row, 0).text == "三、本年度办理结果"
    assert t.table.at(row, 2).text == "2.其他法律行政法规禁止公开"
    assert t.table.at(2, col).text == "商业\n企业"
    assert t.layout.labels["requests.withheld_law.business"] == (
        "三、本年度办理结果 / （三）不予公开 / 2.其他法律行政法规禁止公开", "法人或其他组织 / 商业企业")


# --- title, agency, year, period ---------------------------------------------------------------

def test_title_variants():
    r = run([P("淄博市司法局2024年政府信息公开工作年度报告")])
    assert (r.agency, r.year) == ("淄博市司法局", 2024)
    r = run([P("二〇二三年政府信息公开工作年度报告")])
    assert (r.agency, r.year) == (None, 2023)
    r = run([P("2022年度 XX区教育局 政府信息公开工作年度报告")])
    assert (r.agency, r.year) == ("XX区教育局", 2022)
    r = run([P("XX县人民政府"), P("2021年政府信息公开"), P("工作年度报告")])
    assert (r.agency, r.year, r.title) == ("XX县人民政府", 2021, "2021年政府信息公开工作年度报告")


def test_no_title_no_agency_no_year():
    r = run([P("工作总结"), P("一、总体情况")])
    assert (r.title, r.agency, r.year) == (None, None, None)


def test_agency_line_that_is_a_sentence_is_not_an_agency():
    r = run([P("根据要求，现将报告公布如下："), P("2024年政府信息公开工作年度报告")])
    assert r.agency is None and r.year == 2024


def test_period_variants():
    r = run([P("2024年政府信息公开工作年度报告"), P("本报告数据统计时限为2023年1月1日至2023年12月31日。其他。")])
    assert r.period_years == [2023] and r.period_text == "本报告数据统计时限为2023年1月1日至2023年12月31日。"
    r = run([P("2024年政府信息公开工作年度报告"), P("本报告没有统计说明。")])
    assert r.period_text is None and r.period_years == []


# --- sections ----------------------------------------------------------------------------------

def test_section_numbering_and_title_variants():
    r = run([P("一．总体情况"), P("二.行政机关主动公开政府信息情况"), P("三 、收到和处理政府信息公开申请情况"),
             P("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
             P("五、政府信息公开工作存在的主要问题及改进情况"), P("六、其他需要报告的事项")])
    assert [(s.number, s.block_index) for s in r.sections] == [(i, i - 1) for i in range(1, 7)]


def test_unnumbered_headings_are_found_by_title():
    r = run([P("总体情况", bold=True), P("主动公开政府信息情况"), P("政府信息公开行政复议和行政诉讼情况")])
    assert [s.number for s in r.sections] == [1, 2, 4]


def test_body_text_is_not_a_section():
    r = run([P("一是加强主动公开，完善目录。"), P("（一）主动公开"), P("（二）依申请公开情况"),
             P("二、主动公开工作中，我们坚持公开为常态、不公开为例外的原则，不断提升公开质量和实效。"),
             P("主动公开情况")])
    assert r.sections == []


def test_numbered_heading_beats_bold_subheading():
    r = run([P("一、总体情况"), P("主动公开政府信息情况", bold=True), P("二、主动公开政府信息情况")])
    assert [(s.number, s.block_index) for s in r.sections] == [(1, 0), (2, 2)]


# --- tables --------------------------------------------------------------------------------

def test_nested_table_is_found_inside_a_wrapper():
    inner = requests_table({"requests.new.natural": "5"}, index=1)
    wrapper = table_from_rows([["见下表"]])
    wrapper.nested.append(inner)
    r = run([P("三、收到和处理政府信息公开申请情况"), wrapper])
    assert r.tables["requests"].table is inner
    assert r.tables["requests"].section == 3


def test_split_table_is_joined_and_repeated_header_dropped():
    full = requests_table({"requests.unavailable_unclear.total": "7", "requests.carried_forward.legal": "2"})
    rows = [[c.text if c is not None else None for c in row] for row in full.grid]
    # split before （四）无法提供 1.; the second part repeats the three header rows
    cut = next(i for i, row in enumerate(rows) if row[2] == "1.本机关不掌握相关政府信息")
    part1 = table_from_rows(rows[:cut])
    part2 = table_from_rows(rows[:3] + rows[cut:])
    r = run([P("三、收到和处理政府信息公开申请情况"), part1, P(""), P("\u3000"), part2, P("四、…")])
    lt = r.tables["requests"]
    assert lt.part_indexes == [1, 4]
    assert lt.table.n_rows == len(rows)
    assert r.problems == []
    assert len(lt.layout.cells) == 175
    row, col = lt.layout.cells["requests.unavailable_unclear.total"]
    assert lt.table.at(row, col).text == "7"
    row, col = lt.layout.cells["requests.carried_forward.legal"]
    assert lt.table.at(row, col).text == "2"


def test_following_table_after_text_is_not_a_continuation():
    full = requests_table()
    rows = [[c.text if c is not None else None for c in row] for row in full.grid]
    cut = 10
    r = run([table_from_rows(rows[:cut]), P("下表为其他内容。"), table_from_rows(rows[cut:])])
    assert r.tables["requests"].part_indexes == [0]
    assert "L-001" in codes(r)


def test_split_active_table_with_repeated_caption_blocks():
    full = active_table({"active.fee.amount": "3.5", "active.regulation.issued": "1"})
    rows = [[c.text if c is not None else None for c in row] for row in full.grid]
    part1 = table_from_rows(rows[:7])
    part2 = table_from_rows(rows[7:])
    r = run([part1, P(""), part2])
    lt = r.tables["active"]
    assert lt.part_indexes == [0, 2] and r.problems == []
    row, col = lt.layout.cells["active.fee.amount"]
    assert lt.table.at(row, col).text == "3.5"


def _collapsed_requests(values: dict[str, str], two_columns: bool) -> Table:
    header = [["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    if two_columns:
        header = [[None] + row for row in header]
        header[0][0] = ""
    rows = []
    for prefix, parts in request_rows():
        cells = [values.get(f"{prefix}.{c}", "0") for c in fields.APPLICANT_COLUMNS]
        if two_columns:
            first = parts[0] if len(parts) == 1 else parts[0] + parts[1]
            rest = parts[2] if len(parts) == 3 else ""
            rows.append([first, rest, *cells])
        else:
            rows.append(["".join(parts), *cells])
    return table_from_rows(header + rows)


def test_label_columns_collapsed_into_one_or_two():
    values = {"requests.withheld_secret.research": "4", "requests.rejected_confirm.total": "9",
              "requests.other_other.natural": "2"}
    for two in (False, True):
        r = run([_collapsed_requests(values, two)])
        lt = r.tables["requests"]
        assert r.problems == [], (two, [p.messages["zh"] for p in r.problems])
        for key, text in values.items():
            row, col = lt.layout.cells[key]
            assert lt.table.at(row, col).text == text


def test_item_row_without_group_label_uses_last_group():
    rows = [["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
            ["一、本年新收政府信息公开申请数量"] + ["1"] * 7,
            ["（一）予以公开"] + ["0"] * 7,
            ["（三）不予公开 1.属于国家秘密"] + ["0"] * 7,
            ["2.其他法律行政法规禁止公开"] + ["5"] * 7,
            ["（五）不予处理"] + [""] * 7,
            ["2.重复申请"] + ["6"] * 7]
    r = run([table_from_rows(rows)])
    cells = r.tables["requests"].layout.cells
    assert cells["requests.withheld_law.total"] == (4, 7)
    assert cells["requests.rejected_repeat.natural"] == (6, 1)


def test_columns_found_by_header_not_position():
    cols = ["总计", "", "自然人", "其他", "法律服务机构", "商业\n企业", "科研\n机构", "社会公益组织"]
    t = requests_table({"requests.new.total": "9", "requests.new.natural": "4", "requests.new.other_org": "5"},
                       cols=cols)
    r = run([t])
    lt = r.tables["requests"]
    assert r.problems == []
    for key, text in (("requests.new.total", "9"), ("requests.new.natural", "4"), ("requests.new.other_org", "5")):
        row, col = lt.layout.cells[key]
        assert lt.table.at(row, col).text == text


def test_extra_empty_rows_are_tolerated():
    t = requests_table()
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    rows.insert(5, [""] * len(rows[0]))
    rows.append([""] * len(rows[0]))
    r = run([table_from_rows(rows)])
    assert r.problems == [] and len(r.tables["requests"].layout.cells) == 175


def test_picture_in_place_of_a_table():
    blocks = official_blocks()
    blocks[9] = P("", has_drawing=True)
    r = run(blocks)
    lt = r.tables["requests"]
    assert lt.is_picture and lt.table.n_rows == 0 and lt.section == 3 and lt.part_indexes == [9]
    assert "requests" in r.tables and r.tables["active"].is_picture is False


def test_missing_table_without_picture_is_absent_not_reported():
    blocks = official_blocks()
    del blocks[11]
    r = run(blocks)
    assert "appeals" not in r.tables and r.problems == []


# --- format version -----------------------------------------------------------------------

ACTIVE_2019 = [
    ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", "regulation", ["new_made", "new_published", "public_total"]),
      ("规范性文件", "normative", ["new_made", "new_published", "public_total"])]),
    ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", "license", ["prev_items", "change", "decisions"]),
      ("其他对外管理服务事项", "other_services", ["prev_items", "change", "decisions"])]),
    ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", "penalty", ["prev_items", "change", "decisions"]),
      ("行政强制", "coercion", ["prev_items", "change", "decisions"])]),
    ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"],
     [("行政事业性收费", "fee", ["prev_items", "change"])]),
    ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"],
     [("政府集中采购", "procurement", ["items", "amount"])]),
]


def active_2019_table(values: dict[str, str] | None = None) -> Table:
    values = dict(values or {})
    # decisions of 许可/处罚/强制 are canonical keys; the rest are 2019 extras
    for row in ("license", "penalty", "coercion"):
        if f"active.{row}.decisions" in values:
            values[f"active2019.{row}.decisions"] = values[f"active.{row}.decisions"]
    t = active_table(values, blocks=[(c, h + [""] * (4 - len(h)), d) for c, h, d in ACTIVE_2019],
                     prefix="active2019")
    return t


def test_format_2019_hybrid_unknown():
    blocks = official_blocks(single_other=True)
    r = run(blocks)
    assert r.format_version == "hybrid" and r.problems == []
    assert "requests.other_total.natural" in r.tables["requests"].layout.cells
    assert "requests.other_other.natural" not in r.tables["requests"].layout.cells

    blocks[7] = active_2019_table()
    r = run(blocks)
    assert r.format_version == "2019"
    assert r.problems == [], [p.messages["zh"] for p in r.problems]

    r = run([P("一、总体情况"), appeals_table()])
    assert r.format_version == "unknown"
    r = run(official_blocks())
    assert r.format_version == "2021"


# --- problems ------------------------------------------------------------------------------

def test_missing_total_column_is_reported_once_with_all_its_keys():
    cols = REQ_COLS[:-1]
    r = run([requests_table(cols=cols)])
    assert codes(r) == ["L-002"]
    p = r.problems[0]
    assert p.location.column_label == "总计" and "总计" in p.messages["zh"] and "Table 3" in p.messages["en"]
    assert len(p.fields) == 25 and "requests.handled_total.total" in p.fields


def test_missing_row_is_reported_with_its_label():
    t = requests_table()
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    rows = [row for row in rows if row[2] != "4.保护第三方合法权益"]
    r = run([table_from_rows(rows)])
    assert codes(r) == ["L-001"]
    assert "4.保护第三方合法权益" in r.problems[0].messages["zh"]
    assert r.problems[0].fields[0] == "requests.withheld_third_party.natural"


def test_unrecognised_data_row_is_quoted():
    t = requests_table()
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    rows.insert(6, ["（三）不予公开小计", "", ""] + ["3"] * 7)
    rows.insert(7, ["说明", "", ""] + [""] * 7)  # an empty unknown row is harmless
    r = run([table_from_rows(rows)])
    assert codes(r) == ["L-003"]
    assert "不予公开小计" in r.problems[0].messages["zh"] and r.problems[0].location.row == 6


def test_short_row_reports_the_missing_cell():
    t = requests_table()
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    rows[3] = rows[3][:-1]  # 一、本年新收 lost its 总计 cell
    r = run([table_from_rows(rows)])
    assert codes(r) == ["L-004"]
    p = r.problems[0]
    assert p.fields == ["requests.new.total"] and p.location.column_label == "总计"
    assert "本年新收" in p.messages["zh"]


def test_duplicate_row_keeps_first_and_warns():
    t = requests_table({"requests.new.natural": "1"})
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    rows.insert(4, list(rows[3]))
    rows[4][3] = "8"
    r = run([table_from_rows(rows)])
    assert codes(r) == ["L-005"]
    row, col = r.tables["requests"].layout.cells["requests.new.natural"]
    assert row == 3


def test_active_missing_column_and_row():
    values = {}
    t = active_table(values)
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    rows[1] = ["信息内容", "本年制发件数", "本年废止件数", "现有件数"]  # 现行有效件数 misprinted
    rows = [row for row in rows if row[0] != "行政强制"]
    r = run([table_from_rows(rows)])
    # one finding per cause: the missing row, and the missing column for the two rows that have it
    got = sorted((p.code, p.fields) for p in r.problems)
    assert got == [("L-001", ["active.coercion.decisions"]),
                   ("L-002", ["active.regulation.in_force", "active.normative.in_force"])]
    l002 = next(p for p in r.problems if p.code == "L-002")
    assert "规章 / 现行有效件数" in l002.messages["zh"] and "行政规范性文件 / 现行有效件数" in l002.messages["zh"]


def test_appeals_missing_column():
    t = appeals_table()
    rows = [[c.text if c is not None else None for c in row] for row in t.grid]
    r = run([table_from_rows([row[:14] for row in rows])])
    assert codes(r) == ["L-002"]
    assert r.problems[0].fields == ["appeals.suit_after_review.total"]


def test_table_split_right_after_its_header_rows():
    full = requests_table({"requests.new.business": "6"})
    rows = [[c.text if c is not None else None for c in row] for row in full.grid]
    r = run([P("三、收到和处理政府信息公开申请情况"), table_from_rows(rows[:3]), P("（续表）"),
             table_from_rows(rows[3:])])
    lt = r.tables["requests"]
    assert lt.part_indexes == [1, 3] and r.problems == []
    row, col = lt.layout.cells["requests.new.business"]
    assert lt.table.at(row, col).text == "6" and lt.table.at(2, col).text == "商业\n企业"


def test_long_paragraph_quoting_the_format_is_not_the_title():
    r = run([P("本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》编制，"
               "数据统计期限自2024年1月1日起至2024年12月31日止。")])
    assert r.title is None and r.year is None and r.period_years == [2024]


def test_official_heading_beats_a_look_alike_line_earlier():
    r = run([P("一、总体情况"), P("三、依申请公开办理情况"), P("二、主动公开政府信息情况"),
             P("三、收到和处理政府信息公开申请情况")])
    assert [(s.number, s.block_index) for s in r.sections] == [(1, 0), (2, 2), (3, 3)]
    assert r.sections[0].end_block_index == 2


def test_section_similarity_is_difflib_even_when_cached_or_exact():
    import difflib

    from govinfo_check.locate import _KNOWN_TITLES, _similarity
    from govinfo_check.normalize import normalize_label

    for title in ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                  "政府信息公开行政复议、行政诉讼情况", "存在的主要问题和改进情况", "其他事项"):
        norm = normalize_label(title)
        for number in range(1, 7):
            expected = max((difflib.SequenceMatcher(None, norm, known).ratio()
                            for n, known in _KNOWN_TITLES if n == number), default=0.0)
            assert _similarity(norm, number) == expected
            assert _similarity(norm, number) == expected  # the cached answer too


def test_merged_label_cells_are_read_once_per_row():
    from govinfo_check.tablemap.common import distinct as _distinct

    a, b = table_from_rows([["x", "y"]]).cells
    assert _distinct([None, a, a, b, None, a]) == [a, b]


def test_every_period_word_holds_the_stem_looked_for_first():
    from govinfo_check.locate import _PERIOD_STEM, _PERIOD_WORDS

    assert all(_PERIOD_STEM in w for w in _PERIOD_WORDS)


def test_request_columns_named_by_cached_texts_return_each_tables_own_cells():
    # _column_of caches the answer by the header texts alone: a second table printing the same
    # headers must get its own cells back (they carry its rows, columns and printed labels)
    from govinfo_check.tablemap.requests import _column_of

    rows = [["申请人情况", "申请人情况"], ["法人或其他组织", "法人或其他组织"], ["商业企业", "总计"]]
    spans = {(0, 0): (1, 2), (1, 0): (1, 2)}
    first, second = table_from_rows(rows, spans=spans), table_from_rows(rows, index=7, spans=spans)
    for t in (first, second):
        paths = [[t.grid[r][c] for r in range(t.n_rows)] for c in range(t.n_cols)]
        assert _column_of(paths[0]) == ("business", t.grid[2][0])
        assert _column_of(paths[0])[1] is t.grid[2][0]
        # 法人或其他组织 / 总计: a subtotal the form does not have, named by that table's cell
        assert _column_of(paths[1])[0] == "subtotal"
        assert _column_of(paths[1])[1] is t.grid[2][1]

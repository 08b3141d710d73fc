"""The .docx reader (readers/docx): body blocks, table grids, visible text, styles, and every way a file can fail."""

from __future__ import annotations

import copy
import os
import pickle
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo_check.readers.docx as reader_docx
from govinfo_check.models import Paragraph, Table
from govinfo_check.readers.docx import ReadError, read_document, read_document_bytes
from wordml import (
    abstract_num,
    document_xml,
    drawing_run,
    make_cfb,
    make_docx,
    num,
    numbering_xml,
    p,
    r,
    sdt,
    style,
    styles_xml,
    tbl,
    tc,
    tr,
)

from conftest import TEMPLATE_DOCX  # noqa: E402
SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def read_body(tmp_path: Path, body: str, **kw) -> list:
    return read_document(make_docx(tmp_path / "t.docx", body, **kw)).blocks


def only_table(tmp_path: Path, body: str) -> Table:
    tables = [b for b in read_body(tmp_path, body) if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def para_text(tmp_path: Path, runs: str) -> str:
    blocks = read_body(tmp_path, p(runs=runs))
    assert isinstance(blocks[0], Paragraph)
    return blocks[0].text


def read_error(path) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_document(path)
    return info.value


# ---------------------------------------------------------------------------
# the official template
# ---------------------------------------------------------------------------


@pytest.fixture()
def template(tmp_path: Path) -> Path:
    # a copy, so the unchanged-input assertion cannot touch the shared file
    dst = tmp_path / "template.docx"
    shutil.copyfile(TEMPLATE_DOCX, dst)
    return dst


def test_template_tables_and_shapes(template: Path) -> None:
    doc = read_document(template)
    shapes = [(t.n_rows, t.n_cols) for t in doc.tables]
    assert shapes == [(14, 4), (28, 10), (4, 15)]
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))


def test_template_section_headings_are_paragraphs(template: Path) -> None:
    texts = [b.text.strip() for b in read_document(template).paragraphs]
    for heading in SECTION_HEADINGS:
        assert heading in texts
    assert "政府信息公开工作年度报告格式模板" in texts


def test_template_table_three_spans(template: Path) -> None:
    t3 = read_document(template).tables[1]
    corner = t3.at(0, 0)
    assert corner is not None and (corner.rowspan, corner.colspan) == (3, 3)
    assert "勾稽关系" in corner.text
    assert t3.at(2, 2) is corner
    applicant = t3.at(0, 3)
    assert applicant.text == "申请人情况" and applicant.colspan == 7
    natural = t3.at(1, 3)
    assert natural.text == "自然人" and natural.rowspan == 2
    total_col = t3.at(1, 9)
    assert total_col.text == "总计" and total_col.rowspan == 2
    assert t3.at(2, 4).text == "商业\n企业"  # a w:br inside the label
    result = t3.at(5, 0)
    assert result.text.startswith("三、本年度办理结果") and (result.rowspan, result.colspan) == (22, 1)
    assert t3.at(26, 0) is result
    refuse = t3.at(7, 1)
    assert refuse.text == "（三）不予公开" and refuse.rowspan == 8
    assert t3.at(26, 1).text == "（七）总计" and t3.at(26, 1).colspan == 2
    assert t3.at(27, 0).text.startswith("四、结转下年度") and t3.at(27, 0).colspan == 3
    assert len(t3.row_cells(3)) == 8  # label + 7 data columns
    assert len(t3.cells) == len({id(c) for row in t3.grid for c in row if c is not None})


def test_template_table_two_and_four(template: Path) -> None:
    doc = read_document(template)
    t2, t4 = doc.tables[0], doc.tables[2]
    assert t2.at(0, 0).colspan == 4 and "第二十条第（一）项" in t2.at(0, 0).text
    assert t2.at(2, 0).text == "规章"
    assert t2.at(2, 1).text == "\u3000\u3000"  # blank cells keep the template's ideographic spaces
    assert t4.at(0, 0).text == "行政复议" and t4.at(0, 0).colspan == 5
    assert t4.at(1, 0).text == "结果维持" and t4.at(1, 0).rowspan == 2
    assert [c.text.replace("\n", "") for c in t4.row_cells(2)][5:10] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert len(t4.row_cells(3)) == 15


def test_reading_leaves_input_unchanged(template: Path) -> None:
    before = template.read_bytes()
    os.utime(template, (1_600_000_000, 1_600_000_000))
    read_document(template)
    assert template.read_bytes() == before
    assert template.stat().st_mtime == 1_600_000_000


def test_bytes_and_path_agree(template: Path) -> None:
    a = read_document(template)
    b = read_document_bytes(template.read_bytes(), path=str(template))
    assert a == b


# ---------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------


def test_grid_span(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([[tc("title", span=3)], ["a", "b", "c"]], n_cols=3))
    title = t.at(0, 0)
    assert (title.colspan, title.rowspan) == (3, 1)
    assert t.at(0, 2) is title
    assert [c.text for c in t.row_cells(1)] == ["a", "b", "c"]
    assert t.at(1, 1).col == 1


def test_vmerge_restart_and_continue(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([
        [tc("group", vmerge="restart"), "1"],
        [tc("", vmerge="continue"), "2"],
        [tc("", vmerge="continue"), "3"],
        ["next", "4"],
    ]))
    group = t.at(0, 0)
    assert group.rowspan == 3 and t.at(2, 0) is group
    assert t.at(3, 0).text == "next" and t.at(3, 0).rowspan == 1
    assert len(t.cells) == 1 + 4 + 1


def test_vmerge_continue_with_nothing_above_is_its_own_cell(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([[tc("x", vmerge="continue"), "1"], [tc("y", vmerge="continue"), "2"]]))
    first = t.at(0, 0)
    assert first.row == 0 and first.col == 0
    # the second row continues the first, and its stray text is kept, not dropped
    assert t.at(1, 0) is first and first.rowspan == 2 and first.text == "x\ny"
    assert len(t.cells) == 3


def test_vmerge_continue_with_other_span_is_its_own_cell(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([[tc("wide", span=2, vmerge="restart")], [tc("", vmerge="continue"), "b"]],
                                 n_cols=2))
    assert t.at(0, 0).rowspan == 1
    assert t.at(1, 0) is not t.at(0, 0) and t.at(1, 0).row == 1


def test_grid_before_after_and_short_rows(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([
        ["a", "b", "c", "d"],
        tr(["x", "y"], before=1, after=1),
        tr(["only"]),
    ]))
    assert (t.n_rows, t.n_cols) == (3, 4)
    assert t.grid[1][0] is None and t.grid[1][3] is None
    assert t.at(1, 1).text == "x" and t.at(1, 1).col == 1
    assert t.grid[2][1:] == [None, None, None]
    assert all(len(row) == 4 for row in t.grid)


def test_n_cols_is_the_widest_row(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([["a"], tr(["b", "c"], before=2)], n_cols=1))
    assert t.n_cols == 4


def test_legacy_hmerge(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([[tc("merged", hmerge="restart"), tc("", hmerge="continue"), "z"]]))
    merged = t.at(0, 0)
    assert merged.colspan == 2 and t.at(0, 1) is merged and t.at(0, 2).text == "z"


def test_digits_split_over_runs(tmp_path: Path) -> None:
    t = only_table(tmp_path, tbl([[tc(inner=p(runs=r("1") + r("2") + r("3"))), tc(inner=p("4") + p("5"))]]))
    assert t.at(0, 0).text == "123"
    assert t.at(0, 1).text == "4\n5"  # paragraphs in a cell join with a line break


def test_nested_table(tmp_path: Path) -> None:
    inner = tbl([["自然人", "3"]])
    t = only_table(tmp_path, tbl([[tc(inner=p("before") + inner + p("after")), "x"]]))
    assert t.at(0, 0).text == "before\nafter"
    assert len(t.nested) == 1
    assert t.nested[0].at(0, 0).text == "自然人" and t.nested[0].at(0, 1).text == "3"


def test_one_cell_wrapper_table(tmp_path: Path) -> None:
    inner = tbl([["a", "b"], ["c", "d"]])
    t = only_table(tmp_path, tbl([[tc(inner=inner + p())]]))
    assert (t.n_rows, t.n_cols) == (1, 1) and t.at(0, 0).text == ""
    assert (t.nested[0].n_rows, t.nested[0].n_cols) == (2, 2)


def test_tracked_deleted_row_is_skipped(tmp_path: Path) -> None:
    deleted = '<w:tr><w:trPr><w:del w:id="1" w:author="a"/></w:trPr>' + tc("gone") + "</w:tr>"
    t = only_table(tmp_path, tbl([["kept"], deleted, ["also"]]))
    assert [t.at(i, 0).text for i in range(t.n_rows)] == ["kept", "also"]


def test_rows_and_cells_in_content_controls(tmp_path: Path) -> None:
    body = tbl([["a", "b"], sdt(tr(["c", "d"])), "<w:tr>" + tc("e") + sdt(tc("f")) + "</w:tr>"])
    t = only_table(tmp_path, body)
    assert [[c.text for c in t.row_cells(i)] for i in range(t.n_rows)] == [["a", "b"], ["c", "d"], ["e", "f"]]


def test_empty_table(tmp_path: Path) -> None:
    t = only_table(tmp_path, '<w:tbl><w:tblPr/><w:tblGrid/></w:tbl>')
    assert (t.n_rows, t.n_cols, t.cells, t.grid) == (0, 0, [], [])


def test_merge_properties_come_from_the_cells_own_first_tcpr(tmp_path: Path) -> None:
    # a tracked change's old properties (tcPrChange) and a stray second tcPr do not count
    old_span = '<w:tcPr><w:tcW w:w="1"/><w:tcPrChange w:id="1"><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/>' \
        '</w:tcPr></w:tcPrChange></w:tcPr>'
    second = '<w:tcPr><w:tcW w:w="1"/></w:tcPr><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
    dup = '<w:tcPr><w:gridSpan w:val="3"/><w:gridSpan w:val="2"/></w:tcPr>'  # the last one wins
    t = only_table(tmp_path, tbl([
        ["a", "b", "c"],
        [f"<w:tc>{old_span}{p('x')}</w:tc>", f"<w:tc>{second}{p('y')}</w:tc>", "z"],
        [f"<w:tc>{dup}{p('w')}</w:tc>", "v"],
    ], n_cols=3))
    assert [(c.text, c.colspan, c.rowspan) for c in t.row_cells(1)] == [("x", 1, 1), ("y", 1, 1), ("z", 1, 1)]
    assert [(c.text, c.colspan) for c in t.row_cells(2)] == [("w", 2), ("v", 1)]


def test_cell_text_through_fields_links_changes_and_breaks(tmp_path: Path) -> None:
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> =1+2 </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("3")
             + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    link = '<w:hyperlink r:id="rId9">' + r("网站") + "</w:hyperlink>"
    changes = ('<w:ins w:id="1">' + r("新") + "</w:ins>"
               '<w:del w:id="2"><w:r><w:delText>旧</w:delText></w:r></w:del>')
    t = only_table(tmp_path, tbl([[
        tc(inner=p(runs=r("共") + field + r("件"))),
        tc(inner=p(runs=link)),
        tc(inner=p(runs=changes)),
        tc(inner=p(runs=r("a\tb\nc")) + p() + p("d")),
    ]]))
    assert [c.text for c in t.cells] == ["共3件", "网站", "新", "a\tb\nc\n\nd"]


def _body_reader(body_xml: str) -> tuple[reader_docx.body.BodyReader, list]:
    root = reader_docx.markup.parse_xml(document_xml(body_xml).encode(), "word/document.xml")
    reader = reader_docx.body.BodyReader(root, reader_docx.styles.StyleSheet())
    return reader, list(root.iter(f"{{{reader_docx.markup.TRANSITIONAL_W}}}p"))


# (runs, True when the shortcut must apply, False when the paragraph must go to the walker)
PLAIN_TEXT_CASES = [
    (r("一") + r("二"), True),
    (r("a\tb\nc") + "<w:r><w:cr/><w:ptab/><w:noBreakHyphen/><w:softHyphen/><w:t/></w:r>", True),
    ('<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> x </w:t><w:lastRenderedPageBreak/></w:r>', True),
    ('<w:bookmarkStart w:id="0" w:name="a"/>' + r("x") + '<w:proofErr w:type="spellStart"/><!-- c -->', True),
    # markup the walker does not read is not read by the shortcut either
    ('<w:r><w:instrText>PAGE</w:instrText><w:delText>d</w:delText><w:sym w:char="F020"/></w:r>', True),
    ('<w:t>bare</w:t><w:zzz>' + r("unknown wrapper") + "</w:zzz>", True),
    (r("kept") + '<w:del w:id="1"><w:r><w:t>del</w:t></w:r></w:del>'
     '<w:moveFrom w:id="2"><w:r><w:t>m</w:t></w:r></w:moveFrom>', True),
    ('<w:r><w:ruby><w:rt><w:r><w:t>rt</w:t></w:r></w:rt></w:ruby><w:t>base</w:t></w:r>', True),
    ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + r("hidden"), False),
    (r("x") + drawing_run(), False),
    ('<w:r><w:pict/></w:r>', False),
    ('<w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:t>alt</w:t></mc:Choice>'
     "</mc:AlternateContent></w:r>", False),
    ('<mc:AlternateContent><mc:Choice Requires="w14">' + r("alt") + "</mc:Choice>"
     "</mc:AlternateContent>", False),
    ('<w:hyperlink r:id="x">' + r("link") + "</w:hyperlink>", False),
    ('<w:ins w:id="1">' + r("ins") + "</w:ins>", False),
    (sdt(r("control")), False),
    ('<w:smartTag w:element="x">' + r("tag") + "</w:smartTag>", False),
    ('<w:fldSimple w:instr="PAGE">' + r("1") + "</w:fldSimple>", False),
    ('<m:oMath><m:r><m:t>x</m:t></m:r></m:oMath>', False),
]


@pytest.mark.parametrize("runs,plain", PLAIN_TEXT_CASES)
def test_plain_paragraph_shortcut_agrees_with_the_walker(runs: str, plain: bool) -> None:
    # _plain_text() stands in for _RunWalker in table cells: it must answer only when it can
    # give exactly the walker's text, and hand everything else to the walker
    reader, (para, *_) = _body_reader(p(runs=runs))
    got = reader._plain_text(para)
    assert (got is not None) == plain
    walked = reader._text(para, None, want_bold=False)
    if got is not None:
        assert got == walked.text and not walked.has_drawing


# ---------------------------------------------------------------------------
# visible text
# ---------------------------------------------------------------------------


def test_block_level_sdt_and_indexes(tmp_path: Path) -> None:
    blocks = read_body(tmp_path, p("zero") + sdt(p("one") + tbl([["two"]])) + p("three"))
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert [b.index for b in blocks] == [0, 1, 2, 3]
    assert blocks[1].text == "one" and blocks[2].at(0, 0).text == "two"


def test_run_level_sdt_smarttag_hyperlink(tmp_path: Path) -> None:
    runs = (r("收到") + sdt(r("12")) + '<w:smartTag w:uri="u" w:element="e">' + r("件") + "</w:smartTag>"
            + '<w:hyperlink r:id="rId9">' + r("，见网站") + "</w:hyperlink>")
    assert para_text(tmp_path, runs) == "收到12件，见网站"


def test_field_simple(tmp_path: Path) -> None:
    runs = r("共") + '<w:fldSimple w:instr=" = 1 + 2 ">' + r("3") + "</w:fldSimple>" + r("件")
    assert para_text(tmp_path, runs) == "共3件"


def test_complex_field_keeps_result_not_instruction(tmp_path: Path) -> None:
    def fld(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    runs = (r("共") + fld("begin") + '<w:r><w:instrText> = SUM(ABOVE) </w:instrText></w:r>' + fld("separate")
            + r("4") + r("2") + fld("end") + r("件"))
    assert para_text(tmp_path, runs) == "共42件"


def test_nested_complex_field(tmp_path: Path) -> None:
    def fld(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    inner = fld("begin") + "<w:r><w:instrText>PAGE</w:instrText></w:r>" + fld("separate") + r("7") + fld("end")
    runs = fld("begin") + "<w:r><w:instrText>IF </w:instrText></w:r>" + inner + fld("separate") + r("yes") \
        + fld("end")
    assert para_text(tmp_path, runs) == "yes"


def test_unterminated_field_does_not_swallow_next_paragraph(tmp_path: Path) -> None:
    body = p(runs='<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>X</w:instrText></w:r>') + p("next")
    assert read_body(tmp_path, body)[1].text == "next"


def test_tracked_changes(tmp_path: Path) -> None:
    runs = (r("受理")
            + '<w:ins w:id="1" w:author="a">' + r("15") + "</w:ins>"
            + '<w:del w:id="2" w:author="a"><w:r><w:delText>12</w:delText></w:r></w:del>'
            + '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧</w:t></w:r></w:moveFrom>'
            + '<w:moveTo w:id="4" w:author="a">' + r("件") + "</w:moveTo>")
    assert para_text(tmp_path, runs) == "受理15件"


def test_special_characters_and_spaces_kept(tmp_path: Path) -> None:
    runs = (r("a\tb\nc") + "<w:r><w:cr/><w:noBreakHyphen/><w:t>d</w:t></w:r>"
            + r("\u3000\u00a0e "))
    assert para_text(tmp_path, runs) == "a\tb\nc\n-d\u3000\u00a0e "


def test_drawing_flags_and_textbox_text_excluded(tmp_path: Path) -> None:
    blocks = read_body(tmp_path, p(runs=r("图：") + drawing_run("框内文字")) + p("plain")
                       + tbl([[tc(inner=p(runs=drawing_run())), "1"]]))
    assert blocks[0].has_drawing and blocks[0].text == "图："
    assert not blocks[1].has_drawing
    assert blocks[2].has_drawing and blocks[2].at(0, 0).has_drawing and not blocks[2].at(0, 1).has_drawing


def test_alternate_content_read_once(tmp_path: Path) -> None:
    alt = ("<mc:AlternateContent><mc:Choice Requires=\"wps\">" + r("一") + "</mc:Choice>"
           "<mc:Fallback>" + r("一") + "</mc:Fallback></mc:AlternateContent>")
    assert para_text(tmp_path, alt + r("次")) == "一次"


def test_picture_in_vml_pict(tmp_path: Path) -> None:
    blocks = read_body(tmp_path, p(runs='<w:r><w:pict><v:shape id="s"/></w:pict></w:r>'))
    assert blocks[0].has_drawing and blocks[0].text == ""


# ---------------------------------------------------------------------------
# bold, style, outline level
# ---------------------------------------------------------------------------


def test_bold_every_visible_run(tmp_path: Path) -> None:
    blocks = read_body(tmp_path, p(runs=r("一、", True) + r(" ") + r("总体情况", True))
                       + p(runs=r("一、", True) + r("总体情况"))
                       + p(runs=r("二、", True) + r("x", False))
                       + p(""))
    assert [b.bold for b in blocks] == [True, False, False, False]


def test_bold_from_styles(tmp_path: Path) -> None:
    styles = styles_xml(style("T", "my title", bold=True), style("Tc", "title char", kind="character", bold=True),
                        style("Base", "base bold", bold=True), style("Child", "child", based_on="Base"))
    blocks = read_body(tmp_path, p("标题", style="T") + p(runs=r("x", rstyle="Tc")) + p("y", style="Child")
                       + p(runs=r("z", False), style="T") + p("plain"),
                       extra_parts={"word/styles.xml": styles})
    assert [b.bold for b in blocks] == [True, True, True, False, False]


def test_style_and_outline_level(tmp_path: Path) -> None:
    styles = styles_xml(style("1", "heading 1"), style("H2", "标题 2"), style("Lv", "custom", outline=2),
                        style("Sub", "sub", based_on="1"), style("Body", "body", outline=9))
    blocks = read_body(tmp_path, p("a", style="1") + p("b", style="H2") + p("c", style="Lv") + p("d", style="Sub")
                       + p("e", style="Body") + p("f", outline=0) + p("g") + p("h", style="Missing")
                       + p("i", style="1", outline=9),
                       extra_parts={"word/styles.xml": styles})
    assert [b.outline_level for b in blocks] == [0, 1, 2, 0, None, 0, None, None, None]
    assert [b.style for b in blocks[:3]] == ["1", "H2", "Lv"] and blocks[6].style == ""


def test_default_paragraph_style_outline(tmp_path: Path) -> None:
    styles = styles_xml(style("N", "Normal", default=True, outline=1))
    assert read_body(tmp_path, p("x"), extra_parts={"word/styles.xml": styles})[0].outline_level == 1


def test_broken_styles_part_does_not_stop_reading(tmp_path: Path) -> None:
    blocks = read_body(tmp_path, p("text", style="1"), extra_parts={"word/styles.xml": b"<w:styles"})
    assert blocks[0].text == "text" and blocks[0].outline_level is None


def test_strict_ooxml_namespace(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    doc = document_xml(p("严格") + tbl([["1"]])).replace(
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"', f'xmlns:w="{strict}"')
    blocks = read_body(tmp_path, "", document=doc.encode())
    assert blocks[0].text == "严格" and blocks[1].at(0, 0).text == "1"


def test_main_part_found_through_relationships(tmp_path: Path) -> None:
    blocks = read_body(tmp_path, p("elsewhere"), main_part="word/document2.xml")
    assert blocks[0].text == "elsewhere"


# ---------------------------------------------------------------------------
# automatic numbering
# ---------------------------------------------------------------------------

OUTLINE = abstract_num(1, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")],
                       suffix="nothing")


def test_list_labels_count_in_document_order(tmp_path: Path) -> None:
    levels = [0, 1, 1, 2, 2, 0, 1]
    body = "".join(p(f"t{i}", num=(1, lvl)) for i, lvl in enumerate(levels)) + p("plain")
    blocks = read_body(tmp_path, body, extra_parts={"word/numbering.xml": numbering_xml(OUTLINE, num(1, 1))})
    assert [b.list_label for b in blocks] == ["一、", "（一）", "（二）", "1.", "2.", "二、", "（一）", ""]
    assert blocks[0].text == "一、t0" and blocks[-1].text == "plain"


def test_list_label_suffix_tab_by_default(tmp_path: Path) -> None:
    parts = numbering_xml(abstract_num(1, [("decimal", "%1.")]), num(1, 1))
    blocks = read_body(tmp_path, p("规章", num=(1, 0)), extra_parts={"word/numbering.xml": parts})
    assert blocks[0].text == "1.\t规章"


def test_list_from_style_and_switched_off(tmp_path: Path) -> None:
    abstract = abstract_num(1, [("chineseCounting", "%1、")], suffix="nothing", styles=["H1"])
    extra = {"word/numbering.xml": numbering_xml(abstract, num(1, 1)),
             "word/styles.xml": styles_xml(style("H1", "heading 1", num_id=1))}
    blocks = read_body(tmp_path, p("总体情况", style="H1") + p("不编号", style="H1", num=(0, None))
                       + p("主动公开", style="H1"), extra_parts=extra)
    assert [b.text for b in blocks] == ["一、总体情况", "不编号", "二、主动公开"]
    assert blocks[0].outline_level == 0


def test_list_restart_and_shared_abstract(tmp_path: Path) -> None:
    parts = numbering_xml(abstract_num(1, [("decimal", "%1.")], suffix="nothing"), num(1, 1), num(2, 1),
                          num(3, 1, restart_at=1))
    body = p("a", num=(1, 0)) + p("b", num=(2, 0)) + p("c", num=(3, 0)) + p("d", num=(1, 0))
    blocks = read_body(tmp_path, body, extra_parts={"word/numbering.xml": parts})
    assert [b.list_label for b in blocks] == ["1.", "2.", "1.", "2."]


def test_list_labels_inside_cells(tmp_path: Path) -> None:
    parts = numbering_xml(abstract_num(1, [("decimal", "%1.")], suffix="nothing"), num(1, 1))
    rows = [[tc(inner=p("属于国家秘密", num=(1, 0))), "0"], [tc(inner=p("其他法律行政法规禁止公开", num=(1, 0))), "0"]]
    blocks = read_body(tmp_path, tbl(rows), extra_parts={"word/numbering.xml": parts})
    assert blocks[0].at(0, 0).text == "1.属于国家秘密" and blocks[0].at(1, 0).text == "2.其他法律行政法规禁止公开"


@pytest.mark.parametrize("fmt, start, label", [
    ("chineseCounting", 1, "一"), ("chineseCounting", 10, "十"), ("chineseCounting", 11, "十一"),
    ("chineseCounting", 20, "二十"), ("chineseCounting", 105, "一百零五"), ("chineseCounting", 110, "一百一十"),
    ("chineseLegalSimplified", 3, "叁"), ("ideographTraditional", 2, "乙"), ("decimalEnclosedCircle", 3, "③"),
    ("upperRoman", 4, "IV"), ("lowerLetter", 28, "bb"), ("decimalFullWidth", 12, "１２"), ("bullet", 1, ""),
    ("someFutureFormat", 7, "7"),
])
def test_list_number_formats(tmp_path: Path, fmt: str, start: int, label: str) -> None:
    parts = numbering_xml(abstract_num(1, [(fmt, "%1")], start=start, suffix="nothing"), num(1, 1))
    blocks = read_body(tmp_path, p("x", num=(1, 0)), extra_parts={"word/numbering.xml": parts})
    assert blocks[0].list_label == label and blocks[0].text == label + "x"


def test_unknown_list_id_gives_no_label(tmp_path: Path) -> None:
    parts = numbering_xml(abstract_num(1, [("decimal", "%1.")]), num(1, 1))
    blocks = read_body(tmp_path, p("x", num=(9, 0)), extra_parts={"word/numbering.xml": parts})
    assert (blocks[0].text, blocks[0].list_label) == ("x", "")


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_text("这不是 Word 文件", encoding="utf-8")
    err = read_error(path)
    assert err.code == "F-001" and err.detail == "File is not a zip file"


def test_truncated_zip(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx", p("x")).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    assert read_error(path).code == "F-001"


def test_zip_without_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert read_error(path).code == "F-002"


def test_malformed_document_xml(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "a.docx", "", document=b"<w:document><w:body><w:p>")
    err = read_error(path)
    assert err.code == "F-001" and "word/document.xml" in err.detail


def test_document_without_body(tmp_path: Path) -> None:
    doc = f'<w:document xmlns:w="{reader_docx.markup.TRANSITIONAL_W}"/>'.encode()
    assert read_error(make_docx(tmp_path / "a.docx", "", document=doc)).code == "F-001"


def test_ole_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(make_cfb(["EncryptionInfo", "EncryptedPackage"]))
    assert read_error(path).code == "F-003"


def test_ole_legacy_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(make_cfb(["WordDocument", "1Table"]))
    err = read_error(path)
    assert err.code == "F-004" and ".doc" in err.detail


def test_damaged_ole_falls_back_to_scanning_names(tmp_path: Path) -> None:
    magic = reader_docx.package.OLE_MAGIC
    enc = tmp_path / "enc.docx"
    enc.write_bytes(magic + bytes(100) + "EncryptionInfo".encode("utf-16-le"))
    doc = tmp_path / "old.docx"
    doc.write_bytes(magic + bytes(100) + "WordDocument".encode("utf-16-le"))
    assert read_error(enc).code == "F-003"
    assert read_error(doc).code == "F-004"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert read_error(path).code == "F-005"
    with pytest.raises(ReadError) as info:
        read_document_bytes(b"")
    assert info.value.code == "F-005"


def test_doctype_with_entity_is_refused(tmp_path: Path) -> None:
    doc = document_xml(p("&x;")).replace("\n", '\n<!DOCTYPE w:document [<!ENTITY x "boom">]>\n', 1)
    err = read_error(make_docx(tmp_path / "a.docx", "", document=doc.encode()))
    assert err.code == "F-007" and "DOCTYPE" in err.detail


def test_doctype_after_long_prolog_is_refused(tmp_path: Path) -> None:
    # past the quick byte check: the parsed tree's docinfo catches it
    doc = document_xml(p("x")).replace("\n", "\n<!--" + "-" * 0 + "x" * 5000 + "-->\n<!DOCTYPE w:document>\n", 1)
    assert read_error(make_docx(tmp_path / "a.docx", "", document=doc.encode())).code == "F-007"


def test_excessive_nesting_is_refused(tmp_path: Path) -> None:
    shallow, deep = p("x"), p("x")
    for _ in range(100):
        shallow = sdt(shallow)
    for _ in range(200):
        deep = sdt(deep)
    assert read_body(tmp_path, shallow)[0].text == "x"
    err = read_error(make_docx(tmp_path / "deep.docx", deep))
    assert err.code == "F-007" and "depth" in err.detail


def test_undefined_entity_is_malformed_not_unsafe(tmp_path: Path) -> None:
    assert read_error(make_docx(tmp_path / "a.docx", p(runs="<w:r><w:t>a&nbsp;b</w:t></w:r>"))).code == "F-001"


def test_oversize_document_xml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_docx(tmp_path / "a.docx", p("x" * 500))
    size = zipfile.ZipFile(path).getinfo("word/document.xml").file_size
    monkeypatch.setattr(reader_docx.package, "MAX_XML_BYTES", size)
    assert read_document(path).blocks[0].text == "x" * 500  # exactly at the limit is fine
    monkeypatch.setattr(reader_docx.package, "MAX_XML_BYTES", size - 1)
    err = read_error(path)
    assert err.code == "F-007" and "word/document.xml" in err.detail


def test_lying_size_in_zip_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "a.docx", p("x" * 5000))
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    real = info.file_size.to_bytes(4, "little")
    small = (100).to_bytes(4, "little")
    data = bytearray(bytes(data).replace(real, small))  # both the local header and the directory
    path.write_bytes(bytes(data))
    assert read_error(path).code in ("F-001", "F-007")


def test_missing_path(tmp_path: Path) -> None:
    err = read_error(tmp_path / "nope.docx")
    assert err.code == "F-006" and "nope.docx" in err.detail


def test_directory_path(tmp_path: Path) -> None:
    assert read_error(tmp_path).code == "F-006"


def test_not_a_path() -> None:
    assert read_error(None).code == "F-006"  # type: ignore[arg-type]


def test_read_error_carries_both_languages() -> None:
    err = ReadError("F-005", "the file is empty", "文件为空")
    assert (err.code, err.detail, err.detail_zh) == ("F-005", "the file is empty", "文件为空")
    assert "F-005" in str(err)
    back = pickle.loads(pickle.dumps(err))  # crosses process boundaries in the batch runner
    assert (back.code, back.detail, back.detail_zh) == (err.code, err.detail, err.detail_zh)


def test_bytes_reader_rejects_non_bytes() -> None:
    with pytest.raises(ReadError) as info:
        read_document_bytes("not bytes")  # type: ignore[arg-type]
    assert info.value.code == "F-006"


# ---------------------------------------------------------------------------
# cross-check with an independent writer/reader (python-docx)
# ---------------------------------------------------------------------------


def test_agrees_with_python_docx(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("一、总体情况", level=1)
    d.add_paragraph("正文")
    t = d.add_table(rows=4, cols=4)
    for i in range(4):
        for j in range(4):
            t.cell(i, j).text = f"{i}{j}"
    t.cell(0, 0).merge(t.cell(1, 1))  # python-docx writes gridSpan + vMerge
    t.cell(2, 2).merge(t.cell(3, 2))
    path = tmp_path / "pd.docx"
    d.save(str(path))

    doc = read_document(path)
    heading, body = doc.paragraphs[0], doc.paragraphs[1]
    assert heading.text == "一、总体情况" and heading.outline_level == 0
    assert body.outline_level is None
    ours = doc.tables[0]
    theirs = docx.Document(str(path)).tables[0]
    assert (ours.n_rows, ours.n_cols) == (len(theirs.rows), len(theirs.columns))
    for i in range(4):
        for j in range(4):
            assert ours.at(i, j).text == theirs.cell(i, j).text
    assert (ours.at(0, 0).rowspan, ours.at(0, 0).colspan) == (2, 2) and ours.at(1, 1) is ours.at(0, 0)
    assert ours.at(2, 2).rowspan == 2 and ours.at(3, 2) is ours.at(2, 2)
    assert len(ours.cells) == 16 - 3 - 1


def test_math_text_is_read(tmp_path: Path) -> None:
    math = '<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>'
    assert para_text(tmp_path, r("共") + math + r("件")) == "共x+1件"


# --- formatting elements dropped before parsing (markup.FORMATTING_ONLY) ----------------------------

SAMPLE_ROOT = Path(__file__).resolve().parents[1] / "samples"


def test_formatting_dropped_before_parsing_is_nothing_the_reader_reads() -> None:
    tags = reader_docx.markup.tags_for(reader_docx.markup.TRANSITIONAL_W)
    read = {v.rsplit("}", 1)[1] for v in vars(tags).values() if isinstance(v, str) and v.startswith("{")}
    assert read & set(reader_docx.markup.FORMATTING_ONLY + reader_docx.markup.EMPTY_ONLY) == set()
    assert {"b", "t", "tab", "br", "gridSpan", "vMerge", "pStyle", "numPr", "del", "ins"} <= read


def test_only_whole_self_closing_formatting_tags_are_dropped() -> None:
    xml = (b'<w:rPr><w:sz w:val="24"/><w:szCs w:val="24" /><w:b/><w:i/><w:ins w:id="1"/><w:iCs/>'
           b'<w:u w:val="single"/><w:left w:val="x">kept</w:left><w:tab/><w:top w:val="single"/></w:rPr>')
    assert reader_docx.markup.without_formatting(xml) == (
        b'<w:rPr><w:b/><w:ins w:id="1"/><w:left w:val="x">kept</w:left><w:tab/></w:rPr>')


# Formatting as WPS and Word write it (the markup of samples/ and of real reports' document.xml).
_FONTS = '<w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>'
_RUN_FORMAT = _FONTS + '<w:color w:val="000000"/><w:kern w:val="0"/><w:sz w:val="20"/><w:szCs w:val="20"/>' \
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar"/>'
_PARA_FORMAT = '<w:keepNext w:val="0"/><w:widowControl/><w:spacing w:before="0" w:after="0"/>' \
    '<w:ind w:left="0" w:right="0"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:jc w:val="center"/>' \
    f'<w:rPr>{_FONTS}</w:rPr>'
_BORDERS = '<w:tcBorders><w:top w:val="single" w:color="auto" w:sz="8" w:space="0"/><w:left w:val="nil"/>' \
    '</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="auto"/><w:tcMar><w:left w:w="57" w:type="dxa"/>' \
    '</w:tcMar><w:vAlign w:val="center"/>'


def fr(text: str, extra: str = "") -> str:
    """A run carrying the usual formatting (and ``extra`` run properties)."""
    return f"<w:r><w:rPr>{_RUN_FORMAT}{extra}</w:rPr><w:t>{text}</w:t></w:r>"


def test_property_elements_holding_only_formatting_are_dropped_whole() -> None:
    drop = reader_docx.markup.without_formatting
    assert drop(f"<w:p><w:pPr>{_PARA_FORMAT}</w:pPr>{fr('本年')}</w:p>".encode()) == \
        "<w:p><w:r><w:t>本年</w:t></w:r></w:p>".encode()
    # what the reader reads stays, in its own properties element
    assert drop(f'<w:p><w:pPr><w:pStyle w:val="2"/>{_PARA_FORMAT}</w:pPr>{fr("合计", "<w:b/>")}</w:p>'.encode()) \
        == '<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>合计</w:t></w:r></w:p>'.encode()
    assert drop(f'<w:tc><w:tcPr><w:tcW w:w="2435" w:type="dxa"/><w:gridSpan w:val="4"/>{_BORDERS}</w:tcPr>'
                f'<w:p/></w:tc><w:tc><w:tcPr>{_BORDERS}</w:tcPr><w:p/></w:tc>'.encode()) == \
        b'<w:tc><w:tcPr><w:gridSpan w:val="4"/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc>'
    assert drop(b'<w:tr><w:trPr><w:trHeight w:val="340" w:hRule="atLeast"/><w:del w:id="1" w:author="a"/></w:trPr>'
                b'</w:tr><w:tr><w:trPr><w:trHeight w:val="340"/><w:jc w:val="center"/></w:trPr></w:tr>') == \
        b'<w:tr><w:trPr><w:del w:id="1" w:author="a"/></w:trPr></w:tr><w:tr></w:tr>'
    # a border holding anything but empty elements, and a tracked formatting change, are kept
    kept = b'<w:tcBorders><w:top w:val="x">t</w:top></w:tcBorders>'
    assert drop(kept) == kept
    assert drop(f'<w:rPr>{_FONTS}<w:rPrChange w:id="2"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>'.encode()) \
        == b'<w:rPr><w:rPrChange w:id="2"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>'


def test_a_stray_duplicate_keeps_its_formatting_only_neighbour() -> None:
    # the reader reads a cell's first w:tcPr and a run's last w:rPr: dropping the formatting-only
    # one beside a duplicate would hand it the other
    drop = reader_docx.markup.without_formatting
    assert drop(b'<w:tcPr><w:tcW w:w="1"/></w:tcPr><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>') == \
        b'<w:tcPr></w:tcPr><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
    assert drop(b'<w:r><w:rPr><w:b/></w:rPr><w:rPr><w:sz w:val="1"/></w:rPr><w:t>x</w:t></w:r>') == \
        b'<w:r><w:rPr><w:b/></w:rPr><w:rPr></w:rPr><w:t>x</w:t></w:r>'


def test_stripping_keeps_the_text_of_runs_in_fields_links_tags_controls_and_changes(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    """Each run carries its formatting, as real reports' runs do: what is visible is read, what is
    deleted or a field's instruction is not, with and without the stripping."""
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r><w:rPr>{_RUN_FORMAT}</w:rPr><w:instrText xml:space="preserve"> =1+2 </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + fr("3") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    runs = (fr("收到申请") + field + fr("件，") + '<w:fldSimple w:instr=" = 1 + 1 ">' + fr("2") + "</w:fldSimple>"
            + '<w:hyperlink r:id="rId9">' + fr("见网站") + "</w:hyperlink>"
            + '<w:smartTag w:uri="u" w:element="e">' + fr("，") + "</w:smartTag>" + sdt(fr("办结"))
            + '<w:ins w:id="1" w:author="a">' + fr("15") + "</w:ins>"
            + f'<w:del w:id="2" w:author="a"><w:r><w:rPr>{_RUN_FORMAT}</w:rPr><w:delText>12</w:delText></w:r></w:del>'
            + '<w:moveFrom w:id="3" w:author="a">' + fr("旧") + "</w:moveFrom>" + fr("件"))
    body = (f"<w:p><w:pPr>{_PARA_FORMAT}</w:pPr>{runs}</w:p>"
            + "<w:tbl><w:tblPr><w:tblW w:w='9740' w:type='dxa'/><w:tblLayout w:type='fixed'/></w:tblPr>"
            "<w:tblGrid><w:gridCol w:w='2435'/><w:gridCol w:w='2435'/></w:tblGrid>"
            f"<w:tr><w:trPr><w:trHeight w:val='340'/></w:trPr><w:tc><w:tcPr>{_BORDERS}</w:tcPr>"
            f"<w:p><w:pPr>{_PARA_FORMAT}</w:pPr>{fr('本年')}{fr('新收')}</w:p></w:tc>"
            f"<w:tc><w:tcPr>{_BORDERS}</w:tcPr><w:p><w:pPr>{_PARA_FORMAT}</w:pPr>"
            f"<w:hyperlink r:id='rId9'>{fr('1')}</w:hyperlink>{sdt(fr('0'))}</w:p></w:tc></w:tr>"
            "<w:tr><w:trPr><w:del w:id='4' w:author='a'/></w:trPr>" + tc("删") + tc("除") + "</w:tr></w:tbl>")
    path = make_docx(tmp_path / "a.docx", body)
    stripped = read_document(path)
    paragraph, table = stripped.blocks
    assert paragraph.text == "收到申请3件，2见网站，办结15件"
    assert (table.n_rows, table.n_cols) == (1, 2)
    assert [table.at(0, 0).text, table.at(0, 1).text] == ["本年新收", "10"]
    monkeypatch.setattr(reader_docx, "without_formatting", lambda data: data)
    assert read_document(path) == stripped


# random documents mixing what the reader reads with the formatting around it
_FORMAT_PIECES = st.sampled_from([
    _FONTS, '<w:sz w:val="24"/>', '<w:szCs w:val="24"/>', '<w:kern w:val="0"/>', '<w:jc w:val="center"/>',
    '<w:spacing w:line="360" w:lineRule="auto"/>', '<w:tcW w:w="2435" w:type="dxa"/>', '<w:vAlign w:val="center"/>',
    '<w:i/>', '<w:u w:val="single"/>', "<w:vanish/>", '<w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs>',
    '<w:tcBorders><w:top w:val="single" w:sz="4"/></w:tcBorders>', '<w:pBdr><w:bottom w:val="single"/></w:pBdr>',
])
_READ_PIECES = {
    "rPr": st.sampled_from(["<w:b/>", '<w:b w:val="0"/>', '<w:rStyle w:val="strong"/>']),
    "pPr": st.sampled_from(['<w:pStyle w:val="1"/>', '<w:outlineLvl w:val="1"/>',
                            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>']),
    "tcPr": st.sampled_from(['<w:gridSpan w:val="2"/>', "<w:vMerge/>", '<w:vMerge w:val="restart"/>']),
    "trPr": st.sampled_from(['<w:gridBefore w:val="1"/>', '<w:del w:id="9" w:author="a"/>']),
}


@st.composite
def _props(draw, name: str) -> str:
    piece = st.one_of(_FORMAT_PIECES, _READ_PIECES[name]) if name in _READ_PIECES else _FORMAT_PIECES
    copies = draw(st.sampled_from([0, 1, 1, 1, 2]))  # none, one, or a stray duplicate
    return "".join(f"<w:{name}>{''.join(draw(st.lists(piece, max_size=4)))}</w:{name}>" for _ in range(copies))


@st.composite
def _run(draw) -> str:
    text = draw(st.sampled_from(["本年", "新收", "12", "件", " ", "合计"]))
    run = f"<w:r>{draw(_props('rPr'))}<w:t xml:space=\"preserve\">{text}</w:t></w:r>"
    wrapper = draw(st.sampled_from(["", "", "hyperlink", "smartTag", "ins", "del", "fldSimple", "sdt"]))
    if wrapper == "sdt":
        return sdt(run)
    if wrapper == "del":
        return f'<w:del w:id="1" w:author="a">{run.replace("w:t ", "w:delText ").replace("</w:t>", "</w:delText>")}</w:del>'
    attrs = {"hyperlink": ' r:id="rId9"', "smartTag": ' w:element="e"', "ins": ' w:id="2" w:author="a"',
             "fldSimple": ' w:instr="PAGE"'}
    return f"<w:{wrapper}{attrs[wrapper]}>{run}</w:{wrapper}>" if wrapper else run


@st.composite
def _paragraph(draw) -> str:
    return f"<w:p>{draw(_props('pPr'))}{''.join(draw(st.lists(_run(), max_size=3)))}</w:p>"


@st.composite
def _table(draw) -> str:
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        cells = "".join(f"<w:tc>{draw(_props('tcPr'))}{draw(_paragraph())}</w:tc>"
                        for _ in range(draw(st.integers(1, 3))))
        rows.append(f"<w:tr>{draw(_props('trPr'))}{cells}</w:tr>")
    return f"<w:tbl>{draw(_props('tblPr'))}{''.join(rows)}</w:tbl>"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_paragraph(), _table()), min_size=1, max_size=4))
def test_stripping_never_changes_what_is_read(blocks: list[str]) -> None:
    doc = document_xml("".join(blocks)).encode()
    numbering = reader_docx.numbering.Numbering.from_xml(
        numbering_xml(abstract_num(1, [("chineseCounting", "%1、")]), num(1, 1)), "word/numbering.xml")

    def read(data: bytes) -> list:
        root = reader_docx.markup.parse_xml(data, "word/document.xml")
        return reader_docx.body.BodyReader(root, reader_docx.styles.StyleSheet(), copy.deepcopy(numbering)).blocks()

    assert read(reader_docx.markup.without_formatting(doc)) == read(doc)


@pytest.mark.parametrize("folder", ["positive", "negative"])
def test_every_sample_reads_the_same_without_dropping_formatting(folder: str, monkeypatch) -> None:
    files = sorted((SAMPLE_ROOT / folder).glob("*.docx"))
    assert len(files) > 10
    fast = [read_document(f) for f in files]
    monkeypatch.setattr(reader_docx, "without_formatting", lambda data: data)
    assert [read_document(f) for f in files] == fast


def test_a_malformed_document_is_reported_at_its_own_line_and_column(tmp_path: Path) -> None:
    body = '<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="0"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p><w:p>'
    doc = f'<w:document xmlns:w="{reader_docx.markup.TRANSITIONAL_W}"><w:body>{body}</w:body></w:document>'.encode()
    err = read_error(make_docx(tmp_path / "a.docx", "", document=doc))
    assert err.code == "F-001"
    with pytest.raises(ReadError) as as_stored:
        reader_docx.markup.parse_xml(doc, "word/document.xml")
    assert err.detail == as_stored.value.detail


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.sampled_from(reader_docx.markup.FORMATTING_ONLY),
                 st.text(alphabet="abcdeghiklnoprstuvwxyzBCDEHILNPV", min_size=1, max_size=14)))
def test_the_trie_pattern_matches_exactly_the_listed_names(word: str) -> None:
    pattern = reader_docx.markup.trie_pattern(reader_docx.markup.FORMATTING_ONLY)
    assert (re.fullmatch(pattern, word) is not None) == (word in reader_docx.markup.FORMATTING_ONLY)

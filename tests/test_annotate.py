"""The annotated copy: comments on the right cells and sentences, shading, the summary comment,
and the original left untouched. Documents are the official blank template filled in here."""

from __future__ import annotations

import copy
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from govinfo_check.annotate import (
    FILL_BLAMED,
    FILL_ERROR,
    FILL_WARNING,
    AnnotateError,
    annotate_dir,
    annotate_file,
)
from govinfo_check.models import (
    Cell,
    FileResult,
    Finding,
    LocatedTable,
    Location,
    ParsedReport,
    Table,
)

from conftest import TEMPLATE_DOCX  # noqa: E402
# block indexes of the template's tables and paragraphs
ACTIVE, REQUESTS, APPEALS = 9, 22, 28
TITLE, NARRATIVE = 1, 4
NARRATIVE_RUNS = ("本年度共收到政府信息公开申请", "12件，", "办结10件", "，结转2件。")


# --- building inputs ------------------------------------------------------------------------


def grid_of(tbl: docx.table.Table, index: int) -> Table:
    """A models.Table from python-docx's own grid (independent of the code under test)."""
    n_rows, n_cols = len(tbl.rows), len(tbl.columns)
    layout = [row.cells for row in tbl.rows]  # python-docx repeats a merged cell at each position
    # keyed by the element itself: holding it keeps lxml's proxy (and so its identity) alive
    spans: dict[etree._Element, list[int]] = {}
    texts: dict[etree._Element, str] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            cell = layout[r][c]
            key = cell._tc
            texts[key] = cell.text
            box = spans.setdefault(key, [r, c, r, c])
            box[2], box[3] = max(box[2], r), max(box[3], c)
    cells = {k: Cell(row=b[0], col=b[1], rowspan=b[2] - b[0] + 1, colspan=b[3] - b[1] + 1, text=texts[k])
             for k, b in spans.items()}
    grid = [[cells[layout[r][c]._tc] for c in range(n_cols)] for r in range(n_rows)]
    return Table(index=index, n_rows=n_rows, n_cols=n_cols, cells=list(cells.values()), grid=grid)


def body_tables(document: docx.document.Document) -> dict[int, docx.table.Table]:
    out, i = {}, 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            out[i] = docx.table.Table(child, document)
        if child.tag in (qn("w:p"), qn("w:tbl"), qn("w:sdt")):
            i += 1
    return out


def fill(document: docx.document.Document) -> None:
    """Numbers in table 三 (row 一 = 5 in 自然人 …) and a narrative sentence in several runs."""
    tables = body_tables(document)
    req = [row.cells for row in tables[REQUESTS].rows]
    for r in range(3, 28):
        for c in range(3, 10):
            req[r][c].text = "0"
    req[3][3].text = "5"
    req[3][9].text = "5"
    tables[ACTIVE].rows[2].cells[1].text = "3"
    p = document.element.body.findall(qn("w:p"))[NARRATIVE]
    para = docx.text.paragraph.Paragraph(p, document)
    for r in list(para.runs):
        r._r.getparent().remove(r._r)
    for text in NARRATIVE_RUNS:
        para.add_run(text)


def report_for(path: Path, title: str = "政府信息公开工作年度报告格式模板") -> ParsedReport:
    document = docx.Document(str(path))
    tables = body_tables(document)
    located = {name: LocatedTable(name=name, table=grid_of(tables[i], i), part_indexes=[i])
               for name, i in (("active", ACTIVE), ("requests", REQUESTS), ("appeals", APPEALS))}
    return ParsedReport(path=str(path), format_version="2021", title=title, agency="测试局", year=2024,
                        tables=located)


def finding(code: str, severity: str = "error", msg: str | None = None, **loc: object) -> Finding:
    zh = msg or f"{code} 的说明"
    return Finding(code=code, severity=severity, category="arithmetic",  # type: ignore[arg-type]
                   messages={"zh": zh, "en": f"{code} message"}, location=Location(**loc))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def filled_bytes() -> bytes:
    document = docx.Document(str(TEMPLATE_DOCX))
    fill(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture()
def filled(filled_bytes: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "in" / "report.docx"
    path.parent.mkdir()
    path.write_bytes(filled_bytes)
    return path


# --- reading the output -----------------------------------------------------------------------


def comments_by_id(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    return {c.get(qn("w:id")): "".join(t.text or "" for t in c.iter(qn("w:t")))
            for c in root.iter(qn("w:comment"))}


def comment_texts_in(el: etree._Element, comments: dict[str, str]) -> list[str]:
    return [comments[s.get(qn("w:id"))] for s in el.iter(qn("w:commentRangeStart"))]


def out_cell(path: Path, table_index: int, row: int, col: int) -> etree._Element:
    return body_tables(docx.Document(str(path)))[table_index].rows[row].cells[col]._tc


def fill_of(tc: etree._Element) -> str | None:
    """The cell's fill, None for none or the template's own ``auto``."""
    shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    fill = None if shd is None else shd.get(qn("w:fill"))
    return None if fill in (None, "auto") else fill


# --- tests ------------------------------------------------------------------------------------


def test_comment_lands_on_the_finding_cell_and_the_cell_is_shaded(filled: Path, tmp_path: Path) -> None:
    f = finding("T3-001", msg="表三 一、本年新收 / 自然人：5 + 0 ≠ 0 + 0", table="requests",
                table_index=REQUESTS, row=3, col=3)
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    comments = comments_by_id(dst)
    texts = comment_texts_in(out_cell(dst, REQUESTS, 3, 3), comments)
    assert any("表三 一、本年新收 / 自然人：5 + 0 ≠ 0 + 0" in t and "T3-001" in t for t in texts)
    # a neighbour holds no comment: the anchor is the cell, not the row
    assert comment_texts_in(out_cell(dst, REQUESTS, 3, 4), comments) == []
    assert fill_of(out_cell(dst, REQUESTS, 3, 3)) == FILL_ERROR
    assert fill_of(out_cell(dst, REQUESTS, 3, 4)) is None
    assert summary.anchored == 1 and summary.unanchored == [] and summary.errors == 1


def test_warning_is_shaded_yellow_and_info_not_at_all(filled: Path, tmp_path: Path) -> None:
    findings = [finding("X-001", "warning", table="active", table_index=ACTIVE, row=2, col=3),
                finding("V-900", "info", table="active", table_index=ACTIVE, row=3, col=3)]
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), findings))
    assert fill_of(out_cell(dst, ACTIVE, 2, 3)) == FILL_WARNING
    assert fill_of(out_cell(dst, ACTIVE, 3, 3)) is None
    assert comment_texts_in(out_cell(dst, ACTIVE, 3, 3), comments_by_id(dst))  # still commented


def test_blamed_cell_gets_the_strong_fill_and_its_own_comment(filled: Path, tmp_path: Path) -> None:
    blame = {"key": "requests.new.natural", "printed": 5, "implied": 0,
             "location": Location(table="requests", table_index=REQUESTS, row=3, col=3,
                                  row_label="一、本年新收政府信息公开申请数量", column_label="自然人").to_dict()}
    f = finding("T3-003", table="requests", table_index=REQUESTS, row=3, col=9)
    f.blame = blame
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    comments = comments_by_id(dst)
    assert fill_of(out_cell(dst, REQUESTS, 3, 3)) == FILL_BLAMED
    assert fill_of(out_cell(dst, REQUESTS, 3, 9)) == FILL_ERROR
    blamed_texts = comment_texts_in(out_cell(dst, REQUESTS, 3, 3), comments)
    assert any("T3-003" in t and "5" in t for t in blamed_texts)
    main = comment_texts_in(out_cell(dst, REQUESTS, 3, 9), comments)
    assert any("自然人" in t for t in main)  # names where the suspected cell is


def test_shd_is_written_in_schema_order(filled: Path, tmp_path: Path) -> None:
    f = finding("T3-001", table="requests", table_index=REQUESTS, row=3, col=3)
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    tc_pr = out_cell(dst, REQUESTS, 3, 3).find(qn("w:tcPr"))
    tags = [etree.QName(c).localname for c in tc_pr]
    assert "shd" in tags
    order = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"]
    ranks = [order.index(t) for t in tags if t in order]
    assert ranks == sorted(ranks)


def test_merged_cells_resolve_to_the_cell_that_starts_the_merge(filled: Path, tmp_path: Path) -> None:
    # row 10 col 1 is covered by the vMerge of （三）不予公开 (starts at row 7); col 2 of row 3 by the
    # gridSpan=3 label 一、本年新收…
    findings = [finding("S-101", table="requests", table_index=REQUESTS, row=10, col=1),
                finding("S-102", table="requests", table_index=REQUESTS, row=3, col=2)]
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), findings))
    comments = comments_by_id(dst)
    start_tc = out_cell(dst, REQUESTS, 7, 1)
    assert "不予公开" in "".join(t.text or "" for t in start_tc.iter(qn("w:t")))
    assert any("S-101" in t for t in comment_texts_in(start_tc, comments))
    label_tc = out_cell(dst, REQUESTS, 3, 0)
    assert any("S-102" in t for t in comment_texts_in(label_tc, comments))


def test_narrative_comment_covers_the_quoted_runs(filled: Path, tmp_path: Path) -> None:
    f = finding("N-001", "warning", msg="正文称办结10件，表三为 5 件", block_index=NARRATIVE, quote="办结10件")
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    comments = comments_by_id(dst)
    p = docx.Document(str(dst)).element.body.findall(qn("w:p"))[NARRATIVE]
    start = p.find(qn("w:commentRangeStart"))
    assert start is not None and "办结10件" in comments[start.get(qn("w:id"))] + "办结10件"
    assert "正文称办结10件" in comments[start.get(qn("w:id"))]
    nxt = start.getnext()
    assert "".join(t.text or "" for t in nxt.iter(qn("w:t"))) == "办结10件"
    end = p.find(qn("w:commentRangeEnd"))
    assert "".join(t.text or "" for t in end.getprevious().iter(qn("w:t"))) == "办结10件"


def test_narrative_finding_with_a_cell_is_commented_on_both(filled: Path, tmp_path: Path) -> None:
    f = finding("N-002", msg="正文所述办结 10 件与表三总计不符", table="requests", table_index=REQUESTS, row=26,
                col=9, block_index=NARRATIVE, quote="办结10件")
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    comments = comments_by_id(dst)
    p = docx.Document(str(dst)).element.body.findall(qn("w:p"))[NARRATIVE]
    assert any("正文所述办结" in t for t in comment_texts_in(p, comments))
    assert any("正文所述办结" in t for t in comment_texts_in(out_cell(dst, REQUESTS, 26, 9), comments))
    assert summary.anchored == 1 and summary.comments == 3


def test_summary_comment_on_title_counts_and_holds_unlocated_findings(filled: Path, tmp_path: Path) -> None:
    findings = [finding("T3-001", table="requests", table_index=REQUESTS, row=3, col=3),
                finding("T3-002", table="requests", table_index=REQUESTS, row=27, col=9),
                finding("P-001", "warning", msg="统计期限缺失，无法核对年度"),
                finding("S-001", "warning", msg="未找到表四")]
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report_for(filled), findings))
    comments = comments_by_id(dst)
    title = docx.Document(str(dst)).element.body.findall(qn("w:p"))[TITLE]
    texts = comment_texts_in(title, comments)
    assert len(texts) == 1
    head = texts[0]
    assert "2 个错误" in head and "2 个警告" in head
    assert "T3-001" in head and "统计期限缺失，无法核对年度" in head and "未找到表四" in head
    assert summary.unanchored == ["P-001", "S-001"]
    assert summary.comments == 3  # two cells + the summary


def test_summary_in_english(filled: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [finding("P-001", "warning")]),
                  lang="en")
    head = comment_texts_in(docx.Document(str(dst)).element.body.findall(qn("w:p"))[TITLE], comments_by_id(dst))
    assert "0 errors, 1 warnings" in head[0] and "P-001 message" in head[0]


def test_clean_file_gets_a_clean_summary(filled: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report_for(filled), []))
    assert list(comments_by_id(dst).values()) == ["govinfo-check 检查结果：未发现问题。"]
    assert summary.comments == 1 and summary.shaded == 0


def test_parsed_text_mismatch_is_reported_not_guessed(filled: Path, tmp_path: Path) -> None:
    report = report_for(filled)
    report.tables["requests"].table.grid[3][3].text = "99"  # the reader saw something else there
    f = finding("T3-001", table="requests", table_index=REQUESTS, row=3, col=3)
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report, [f]))
    comments = comments_by_id(dst)
    assert comment_texts_in(out_cell(dst, REQUESTS, 3, 3), comments) == []
    assert fill_of(out_cell(dst, REQUESTS, 3, 3)) is None
    assert summary.unanchored == ["T3-001"]
    assert any("无法定位到单元格" in t and "“5”" in t and "“99”" in t for t in comments.values())


def test_cell_outside_the_table_goes_to_the_summary(filled: Path, tmp_path: Path) -> None:
    f = finding("T4-001", table="appeals", table_index=APPEALS, row=9, col=0)
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    assert summary.unanchored == ["T4-001"]
    assert any("没有第 10 行第 1 列" in t for t in comments_by_id(dst).values())


def test_table_level_finding_is_put_on_the_tables_first_cell(filled: Path, tmp_path: Path) -> None:
    f = finding("S-050", "warning", table="appeals", table_index=APPEALS)
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    assert any("S-050" in t for t in comment_texts_in(out_cell(dst, APPEALS, 0, 0), comments_by_id(dst)))


def test_split_table_rows_continue_into_the_second_part(filled: Path, tmp_path: Path) -> None:
    document = docx.Document(str(filled))
    tbl = body_tables(document)[REQUESTS]._tbl
    rows = tbl.findall(qn("w:tr"))
    second = copy.deepcopy(tbl)
    for tr in rows[15:]:
        tbl.remove(tr)
    for tr in second.findall(qn("w:tr"))[:15]:
        second.remove(tr)
    for v_merge in second.find(qn("w:tr")).iter(qn("w:vMerge")):
        v_merge.set(qn("w:val"), "restart")  # Word restarts a merge at the top of a new table
    gap = etree.SubElement(document.element.body, qn("w:p"))
    tbl.addnext(gap)
    gap.addnext(second)
    split = tmp_path / "split.docx"
    document.save(str(split))
    report = report_for(filled)  # the joined grid, as the reader/locator produce it
    report.path = str(split)
    report.tables["requests"].part_indexes = [REQUESTS, REQUESTS + 2]
    f = finding("T3-009", table="requests", table_index=REQUESTS, row=20, col=9)
    dst = tmp_path / "out.docx"
    annotate_file(split, dst, FileResult(str(split), report, [f]))
    second_out = body_tables(docx.Document(str(dst)))[REQUESTS + 2]
    assert any("T3-009" in t for t in comment_texts_in(second_out.cell(5, 9)._tc, comments_by_id(dst)))


def test_split_table_with_repeated_header_rows(filled: Path, tmp_path: Path) -> None:
    # the continuation repeats the three header rows; the joined grid (the unsplit table's) does not
    document = docx.Document(str(filled))
    tbl = body_tables(document)[REQUESTS]._tbl
    rows = tbl.findall(qn("w:tr"))
    second = copy.deepcopy(tbl)
    for tr in rows[15:]:
        tbl.remove(tr)
    second_rows = second.findall(qn("w:tr"))
    for tr in second_rows[:15]:
        second.remove(tr)
    for v_merge in second_rows[15].iter(qn("w:vMerge")):
        v_merge.set(qn("w:val"), "restart")
    for tr in reversed(rows[:3]):
        second.find(qn("w:tr")).addprevious(copy.deepcopy(tr))
    gap = etree.SubElement(document.element.body, qn("w:p"))
    tbl.addnext(gap)
    gap.addnext(second)
    split = tmp_path / "split.docx"
    document.save(str(split))
    report = report_for(filled)
    report.tables["requests"].part_indexes = [REQUESTS, REQUESTS + 2]
    findings = [finding("T3-009", table="requests", table_index=REQUESTS, row=20, col=9),
                finding("T3-010", table="requests", table_index=REQUESTS, row=3, col=3)]
    dst = tmp_path / "out.docx"
    summary = annotate_file(split, dst, FileResult(str(split), report, findings))
    out = body_tables(docx.Document(str(dst)))
    comments = comments_by_id(dst)
    assert any("T3-009" in t for t in comment_texts_in(out[REQUESTS + 2].cell(3 + 5, 9)._tc, comments))
    assert any("T3-010" in t for t in comment_texts_in(out[REQUESTS].cell(3, 3)._tc, comments))
    assert summary.unanchored == []


def test_table_printed_as_a_picture_is_commented_on_the_picture(filled: Path, tmp_path: Path) -> None:
    report = report_for(filled)
    report.tables["appeals"] = LocatedTable(name="appeals", table=Table(index=27, n_rows=0, n_cols=0, cells=[],
                                                                          grid=[]),
                                            part_indexes=[27], is_picture=True)
    f = finding("S-020", "warning", msg="表四为图片，无法核对", table="appeals")
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report, [f]))
    body = docx.Document(str(dst)).element.body
    picture_paragraph = [c for c in body if c.tag in (qn("w:p"), qn("w:tbl"))][27]
    assert any("表四为图片" in t for t in comment_texts_in(picture_paragraph, comments_by_id(dst)))


def test_every_figure_the_pipeline_reads_is_commented_on_its_own_cell(filled: Path, tmp_path: Path) -> None:
    """The reader's (table_index, row, col) and ours agree on the real template, merges included."""
    from govinfo_check.pipeline import parse_file

    report = parse_file(filled)
    assert not report.problems and len(report.figures) > 100
    findings = [finding(f"V-{n:03d}", "info", msg=key, table=fig.source.table, table_index=fig.source.table_index,
                        row=fig.source.row, col=fig.source.col)
                for n, (key, fig) in enumerate(report.figures.items()) if fig.source is not None]
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report, findings))
    assert summary.unanchored == [] and summary.anchored == len(findings)
    tables = {i: [row.cells for row in t.rows] for i, t in body_tables(docx.Document(str(dst))).items()}
    comments = comments_by_id(dst)
    for f in findings:
        loc = f.location
        texts = comment_texts_in(tables[loc.table_index][loc.row][loc.col]._tc, comments)
        assert any(f.messages["zh"] in t for t in texts), f.messages["zh"]


def test_blocks_inside_a_content_control_count_as_themselves(filled: Path, tmp_path: Path) -> None:
    document = docx.Document(str(filled))
    p = document.element.body.findall(qn("w:p"))[NARRATIVE]
    sdt = etree.Element(qn("w:sdt"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    p.addprevious(sdt)
    content.append(p)
    wrapped = tmp_path / "sdt.docx"
    document.save(str(wrapped))
    findings = [finding("N-002", block_index=NARRATIVE, quote="办结10件"),
                finding("T3-001", table="requests", table_index=REQUESTS, row=3, col=3)]
    dst = tmp_path / "out.docx"
    annotate_file(wrapped, dst, FileResult(str(wrapped), report_for(filled), findings))
    comments = comments_by_id(dst)
    out = docx.Document(str(dst)).element.body
    assert any("N-002" in t for t in comment_texts_in(out.find(qn("w:sdt")), comments))
    assert any("T3-001" in t for t in comment_texts_in(out_cell(dst, REQUESTS, 3, 3), comments))


def test_copy_reopens_with_a_valid_package_and_src_is_untouched(filled: Path, tmp_path: Path) -> None:
    os.utime(filled, (1_600_000_000, 1_600_000_000))
    before = (filled.read_bytes(), filled.stat().st_mtime_ns)
    f = finding("T3-001", table="requests", table_index=REQUESTS, row=3, col=3)
    dst = tmp_path / "out.docx"
    annotate_file(filled, dst, FileResult(str(filled), report_for(filled), [f]))
    assert (filled.read_bytes(), filled.stat().st_mtime_ns) == before
    reopened = docx.Document(str(dst))
    assert len(list(reopened.comments)) == 2
    with zipfile.ZipFile(dst) as z:
        assert z.testzip() is None
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert 'PartName="/word/comments.xml"' in types
        assert "relationships/comments" in rels
        doc_xml = etree.fromstring(z.read("word/document.xml"))
    starts = {e.get(qn("w:id")) for e in doc_xml.iter(qn("w:commentRangeStart"))}
    ends = {e.get(qn("w:id")) for e in doc_xml.iter(qn("w:commentRangeEnd"))}
    refs = {e.get(qn("w:id")) for e in doc_xml.iter(qn("w:commentReference"))}
    assert starts == ends == refs == set(comments_by_id(dst))
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_refuses_to_overwrite_the_original(filled: Path, tmp_path: Path) -> None:
    before = filled.read_bytes()
    result = FileResult(str(filled), report_for(filled), [])
    with pytest.raises(AnnotateError) as info:
        annotate_file(filled, filled.parent / "." / filled.name, result)
    assert "不能与原文件相同" in info.value.message("zh") and "must differ" in info.value.message("en")
    link = tmp_path / "link.docx"
    link.symlink_to(filled)
    with pytest.raises(AnnotateError):
        annotate_file(filled, link, result)
    assert filled.read_bytes() == before


def test_unreadable_source_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(AnnotateError) as info:
        annotate_file(bad, tmp_path / "out.docx", FileResult(str(bad), None, []))
    # the reason only: the caller's line names the file ("未生成批注副本 {path}：{reason}"), once
    assert str(bad) not in info.value.message("zh")
    assert info.value.message("zh").startswith("无法作为 Word 文档打开：")
    assert not (tmp_path / "out.docx").exists()


def test_annotate_dir_mirrors_paths_and_skips_unreadable(filled: Path, tmp_path: Path) -> None:
    root = filled.parent
    sub = root / "区县" / "a.docx"
    sub.parent.mkdir()
    sub.write_bytes(filled.read_bytes())
    broken = root / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    results = [FileResult(str(filled), report_for(filled), [finding("T3-001", table="requests",
                                                                     table_index=REQUESTS, row=3, col=3)]),
               FileResult(str(sub), report_for(sub), []),
               FileResult(str(broken), None, [finding("F-001", msg="无法读取")])]
    out = tmp_path / "annotated"
    summaries = annotate_dir(results, out)
    assert (out / "report.docx").is_file() and (out / "区县" / "a.docx").is_file()
    assert not (out / "broken.docx").exists()
    assert [s.skipped is None for s in summaries] == [True, True, False]
    assert "无法读取" in (summaries[2].skipped or "")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_copy_with_its_comments(filled: Path, tmp_path: Path) -> None:
    """LibreOffice reads the copy and keeps every comment (it converts to ODT without complaint)."""
    findings = [finding("T3-001", table="requests", table_index=REQUESTS, row=3, col=3),
                finding("N-001", "warning", block_index=NARRATIVE, quote="办结10件"),
                finding("P-001", "warning")]
    dst = tmp_path / "out.docx"
    summary = annotate_file(filled, dst, FileResult(str(filled), report_for(filled), findings))
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "odt",
                           "--outdir", str(tmp_path / "odt"), str(dst)], check=False, capture_output=True, text=True, timeout=120)
    odt = tmp_path / "odt" / "out.odt"
    assert done.returncode == 0 and odt.is_file(), done.stderr
    with zipfile.ZipFile(odt) as z:
        content = z.read("content.xml").decode()
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == summary.comments == 3

"""The HTML report: summary table, the three tables per file drawn with their merges, failing
cells highlighted with the finding in ``title`` and listed below, quotes, read errors, and no
reference to anything outside the page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest

from govinfo_check.models import (
    Cell,
    FileResult,
    Finding,
    LocatedTable,
    Location,
    ParsedReport,
    Table,
)
from conftest import TEMPLATE_DOCX
from govinfo_check.reporters import get
from govinfo_check.reporters.html import HtmlReporter, render_html


def make_table(index: int, n_rows: int, n_cols: int, specs: list[tuple[int, int, int, int, str]]) -> Table:
    """Cells given as (row, col, rowspan, colspan, text); positions not covered stay None."""
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    cells = []
    for r, c, rs, cs, text in specs:
        cell = Cell(row=r, col=c, rowspan=rs, colspan=cs, text=text)
        cells.append(cell)
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                grid[rr][cc] = cell
    return Table(index=index, n_rows=n_rows, n_cols=n_cols, cells=cells, grid=grid)


def requests_table() -> Table:
    # a cut-down table 三: a 2-row header with a merged corner, two data rows, a row label over two rows
    return make_table(20, 5, 4, [
        (0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        (0, 2, 1, 2, "申请人情况"),
        (1, 2, 1, 1, "自然人"), (1, 3, 1, 1, "总计"),
        (2, 0, 1, 2, "一、本年新收政府信息公开申请数量"), (2, 2, 1, 1, "5"), (2, 3, 1, 1, "7"),
        (3, 0, 2, 1, "三、本年度办理结果"), (3, 1, 1, 1, "（一）予以公开"), (3, 2, 1, 1, "1"), (3, 3, 1, 1, "1"),
        (4, 1, 1, 1, "（七）总计"), (4, 2, 1, 1, "1"), (4, 3, 1, 1, "\u3000"),
    ])


def report(path: str = "/data/区县/a.docx") -> ParsedReport:
    active = make_table(8, 2, 2, [(0, 0, 1, 1, "规章"), (0, 1, 1, 1, "3"), (1, 0, 1, 1, "行政许可"), (1, 1, 1, 1, "4")])
    appeals = make_table(30, 2, 3, [(0, 0, 1, 1, "结果维持"), (0, 1, 1, 1, "结果纠正"), (0, 2, 1, 1, "总计"),
                                    (1, 0, 1, 1, "1"), (1, 1, 1, 1, "1"), (1, 2, 1, 1, "3")])
    tables = {"active": LocatedTable("active", active, [8]),
              "requests": LocatedTable("requests", requests_table(), [20]),
              "appeals": LocatedTable("appeals", appeals, [30])}
    return ParsedReport(path=path, format_version="2021", title="某某区人民政府2024年政府信息公开工作年度报告",
                        agency="某某区人民政府", year=2024, tables=tables)


def finding(code: str, severity: str = "error", msg: str = "说明", category: str = "arithmetic",
            **loc: object) -> Finding:
    return Finding(code=code, severity=severity, category=category,  # type: ignore[arg-type]
                   messages={"zh": msg, "en": f"{code} in English"}, location=Location(**loc))  # type: ignore[arg-type]


def sum_error() -> Finding:
    f = finding("T3-003", msg="表三 一、本年新收 总计 7 ≠ 自然人 5", table="requests", row=2, col=3,
                row_label="一、本年新收政府信息公开申请数量", column_label="总计")
    f.expected, f.actual = 5, 7
    f.blame = {"key": "requests.new.total", "printed": 7, "implied": 5,
               "location": Location(table="requests", row=2, col=3).to_dict()}
    return f


def parse(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def td(doc: lxml.html.HtmlElement, section: int, table: str, row: int, col: int) -> lxml.html.HtmlElement:
    cells = doc.xpath(f"//section[@class and contains(@class,'file')][{section}]"
                      f"//table[@data-table='{table}']//td[@data-row='{row}'][@data-col='{col}']")
    assert len(cells) == 1
    return cells[0]


@pytest.fixture()
def results() -> list[FileResult]:
    narrative = finding("N-003", "warning", msg="正文称办结 10 件，表三（七）总计为 1 件", category="narrative",
                        block_index=12, quote="全年共办结政府信息公开申请10件。")
    return [
        FileResult("/data/区县/a.docx", report(), [sum_error(), narrative,
                                                   finding("P-002", "warning", msg="未写明统计期限", category="period")]),
        FileResult("/data/b.docx", None, [finding("F-003", msg="无法读取：文件已加密（受密码保护）", category="read")]),
        FileResult("/data/c.docx", report("/data/c.docx"), []),
    ]


def test_registered_under_html() -> None:
    reporter = get("html")
    assert isinstance(reporter, HtmlReporter)
    assert (reporter.name, reporter.suffix, reporter.binary) == ("html", ".html", False)


def test_summary_table_has_one_row_per_file(results: list[FileResult]) -> None:
    doc = parse(render_html(results))
    rows = doc.xpath("//table[contains(@class,'summary-table')]/tbody/tr")
    assert len(rows) == 3
    first = [c.text_content().strip() for c in rows[0].xpath("./td")]
    assert first[0].startswith("a.docx") and "/data/区县/a.docx" in first[0]
    # the last column is the report's top problem: the blamed cell with 应为/实为, on one line
    assert first[1:] == ["某某区人民政府", "2024", "2021", "1", "2", "有错误",
                         "T3-003 表三「一、本年新收政府信息公开申请数量」行「总计」列：应为 5，实为 7"]
    assert [c.text_content().strip() for c in rows[1].xpath("./td")][-2:] == ["无法读取", "F-003 无法读取：文件已加密（受密码保护）"]
    assert [c.text_content().strip() for c in rows[2].xpath("./td")][4:] == ["0", "0", "通过", ""]
    assert [r.get("data-status") for r in rows] == ["errors", "unreadable", "ok"]
    assert rows[0].xpath(".//a/@href") == ["#file-1"] and doc.get_element_by_id("file-1") is not None
    assert rows[2].xpath(".//a") == []  # a passed report is its row: nothing below to link to


def test_status_colours_differ_for_errors_and_warnings_only() -> None:
    warn = finding("P-002", "warning", msg="未写明统计期限", category="period")
    err = finding("P-001", "error", msg="年份不符", category="period")
    doc = parse(render_html([FileResult("/w.docx", report("/w.docx"), [warn]),
                             FileResult("/e.docx", report("/e.docx"), [err])]))
    rows = doc.xpath("//table[contains(@class,'summary-table')]/tbody/tr")
    assert [r.get("class") for r in rows] == ["status-warnings", "status-errors"]
    assert [r.xpath("./td[@class='status']")[0].text_content() for r in rows] == ["仅有警告", "有错误"]
    css = " ".join(doc.xpath("//style/text()"))
    assert ".status-warnings td.status" in css and ".status-errors td.status" in css


def test_batch_dashboard_has_inline_charts_and_reports_behind_templates(results: list[FileResult]) -> None:
    html = render_html(results)
    doc = parse(html)
    charts = doc.xpath("//svg[contains(@class,'chart')]")
    assert len(charts) == 2  # by status, by code
    status_bars = [t.text for t in charts[0].xpath(".//*[local-name()='text']")]
    assert status_bars[:2] == ["通过", "1"] and "有错误" in status_bars and "无法读取" in status_bars
    code_bars = [t.text for t in charts[1].xpath(".//*[local-name()='text']")]
    assert code_bars[0::2] == ["F-003", "N-003", "P-002", "T3-003"]
    # each report with findings: a collapsed block whose first line is its top problem, body in a <template>
    blocks = doc.xpath("//details[contains(@class,'report')]")
    assert [b.get("open") for b in blocks] == [None, None]
    assert "T3-003" in blocks[0].xpath("./summary")[0].text_content()
    assert blocks[0].xpath("./template//table[@data-table='requests']")
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and scripts[0].get("src") is None
    assert "localeCompare" in scripts[0].text and "status-filter" in scripts[0].text


def test_a_thousand_report_page_stays_small() -> None:
    """Passed reports are table rows; a report with findings draws only its tables with findings."""
    many = [FileResult(f"/data/r{i}.docx", report(f"/data/r{i}.docx"), []) for i in range(1000)]
    many[7] = FileResult("/data/r7.docx", report("/data/r7.docx"), [sum_error()])
    html = render_html(many)
    assert len(html.encode("utf-8")) < 1_200_000
    assert html.count('<table class="grid"') == 3  # r7's three tables, the clean two collapsed


def test_each_read_file_shows_its_three_tables(results: list[FileResult]) -> None:
    doc = parse(render_html(results))
    files = doc.xpath("//section[contains(@class,'file')]")
    assert len(files) == 2  # the passed report of the batch is its summary row
    names = files[0].xpath(".//table[contains(@class,'grid')]/@data-table")
    assert names == ["active", "requests", "appeals"]
    # tables without findings are collapsed
    assert files[0].xpath(".//details[contains(@class,'table-block')]/@data-table") == ["active", "appeals"]
    assert files[1].xpath(".//table[contains(@class,'grid')]") == []
    single = parse(render_html([results[2]])).xpath("//section[contains(@class,'file')]")
    assert single[0].xpath(".//table[contains(@class,'grid')]/@data-table") == ["active", "requests", "appeals"]


def test_merged_cells_keep_their_spans(results: list[FileResult]) -> None:
    doc = parse(render_html(results))
    corner = td(doc, 1, "requests", 0, 0)
    assert (corner.get("rowspan"), corner.get("colspan")) == ("2", "2")
    group = td(doc, 1, "requests", 3, 0)
    assert group.get("rowspan") == "2" and group.get("colspan") is None
    rows = doc.xpath("//section[contains(@class,'file')][1]//table[@data-table='requests']//tr")
    assert [len(r.xpath("./td")) for r in rows] == [2, 2, 3, 4, 3]


def test_failing_cell_is_highlighted_with_the_message_in_title(results: list[FileResult]) -> None:
    doc = parse(render_html(results))
    cell = td(doc, 1, "requests", 2, 3)
    assert "sev-error" in cell.get("class", "")
    assert "表三 一、本年新收 总计 7 ≠ 自然人 5" in cell.get("title", "")
    assert "blamed" in cell.get("class", "")  # the blame points at this very cell
    for other in ((2, 2), (3, 3)):
        assert td(doc, 1, "requests", *other).get("class") is None
        assert td(doc, 1, "requests", *other).get("title") is None


def test_findings_are_listed_below_their_table_with_matching_numbers(results: list[FileResult]) -> None:
    doc = parse(render_html(results))
    block = doc.xpath("//section[contains(@class,'file')][1]//section[@data-table='requests']")[0]
    items = block.xpath(".//ol[contains(@class,'findings')]/li")
    assert len(items) == 1
    text = items[0].text_content()
    assert "T3-003" in text and "表三 一、本年新收 总计 7 ≠ 自然人 5" in text
    assert "应为 5" in text and "实为 7" in text and "印为 7" in text
    mark = td(doc, 1, "requests", 2, 3).xpath("./sup")[0].text
    assert mark == items[0].get("value")


def test_warning_and_blamed_cells_get_their_own_classes() -> None:
    warn = finding("T4-001", "warning", msg="复议 总计 3 ≠ 1 + 1", table="appeals", row=1, col=2)
    warn.blame = {"key": "appeals.review.upheld", "printed": 1, "implied": 2,
                  "location": Location(table="appeals", row=1, col=0)}
    doc = parse(render_html([FileResult("/x.docx", report(), [warn])]))
    assert td(doc, 1, "appeals", 1, 2).get("class") == "sev-warning"
    suspect = td(doc, 1, "appeals", 1, 0)
    assert suspect.get("class") == "blamed"
    assert "印为 1，按其他数字应为 2" in suspect.get("title") and suspect.xpath("./sup")[0].text == "1"


def test_narrative_finding_shows_the_quoted_sentence(results: list[FileResult]) -> None:
    doc = parse(render_html(results))
    items = doc.xpath("//section[contains(@class,'file')][1]//section[@class='narrative']//li")
    assert len(items) == 1
    assert "正文称办结 10 件" in items[0].text_content()
    assert items[0].xpath(".//blockquote")[0].text_content().endswith("全年共办结政府信息公开申请10件。")
    other = doc.xpath("//section[contains(@class,'file')][1]//section[@class='other']//li")
    assert "未写明统计期限" in other[0].text_content()


def test_read_error_is_shown_plainly(results: list[FileResult]) -> None:
    doc = parse(render_html(results))
    box = doc.xpath("//section[contains(@class,'file')][2]//div[@class='read-error']")
    assert len(box) == 1 and "无法读取：文件已加密（受密码保护）" in box[0].text_content()
    assert doc.xpath("//section[contains(@class,'file')][1]//p[@class='clean']") == []
    assert parse(render_html([results[2]])).xpath("//section[contains(@class,'file')]//p[@class='clean']")


def test_missing_and_picture_tables_are_said_so() -> None:
    rep = report()
    del rep.tables["appeals"]
    rep.tables["active"] = LocatedTable("active", Table(index=5, n_rows=0, n_cols=0, cells=[], grid=[]), [5],
                                        is_picture=True)
    doc = parse(render_html([FileResult("/x.docx", rep, [])]))
    assert "未找到此表" in doc.xpath("//section[@data-table='appeals']")[0].text_content()
    assert "图片" in doc.xpath("//section[@data-table='active']")[0].text_content()
    assert doc.xpath("//table[@data-table='active'] | //table[@data-table='appeals']") == []


def test_page_is_self_contained_and_escapes_document_text() -> None:
    evil = finding("T3-001", msg='<script>alert(1)</script><img src="https://evil.example/x.png">',
                   table="requests", row=2, col=2)
    rep = report()
    rep.agency = '<a href="http://evil.example">机关</a>'
    html = render_html([FileResult("/x.docx", rep, [evil])])
    doc = parse(html)
    assert doc.xpath("//link | //img | //iframe | //object | //script[@src]") == []
    assert "<script>alert(1)" not in html
    refs = doc.xpath("//@src | //@href")
    assert all(not r.startswith(("http:", "https:", "//")) for r in refs)
    assert "url(" not in " ".join(doc.xpath("//style/text()")) and "@import" not in html
    assert "<script>alert(1)</script>" in td(doc, 1, "requests", 2, 2).get("title")  # shown as text


def test_print_css_for_a4(results: list[FileResult]) -> None:
    css = " ".join(parse(render_html(results)).xpath("//style/text()"))
    assert "size: A4" in css
    assert "section.file { break-before: page; }" in css
    assert "tr, li.finding, blockquote { break-inside: avoid; }" in css


def test_english(results: list[FileResult]) -> None:
    doc = parse(render_html(results, lang="en"))
    assert doc.xpath("//html/@lang") == ["en"]
    headers = [th.text_content() for th in doc.xpath("//table[contains(@class,'summary-table')]//th")]
    assert headers == ["file", "agency", "year", "format", "errors", "warnings", "status", "top problem"]
    assert "T3-003 in English" in td(doc, 1, "requests", 2, 3).get("title")


def test_real_template_through_the_pipeline(tmp_path: Path) -> None:
    """The official template as the reader sees it: table 三 keeps its 22-row group label."""
    from govinfo_check.pipeline import parse_file

    src = tmp_path / "template.docx"
    src.write_bytes(TEMPLATE_DOCX.read_bytes())
    rep = parse_file(src)
    doc = parse(render_html([FileResult(str(src), rep, [])]))
    req = doc.xpath("//table[@data-table='requests']")[0]
    assert len(req.xpath(".//tr")) == rep.tables["requests"].table.n_rows == 28
    group = [c for c in req.xpath(".//td") if c.text_content().strip() == "三、本年度办理结果"]
    assert len(group) == 1 and group[0].get("rowspan") == "22"


def test_finding_outside_the_grid_is_still_listed() -> None:
    stray = finding("T3-099", msg="行号超出表格", table="requests", row=40, col=2)
    stray.expected, stray.actual = Decimal("12.00"), Decimal("5077.805")
    doc = parse(render_html([FileResult("/x.docx", report(), [stray])]))
    items = doc.xpath("//section[@data-table='requests']//li")
    assert len(items) == 1 and "行号超出表格" in items[0].text_content()
    assert "应为 12" in items[0].text_content() and "实为 5077.805" in items[0].text_content()
    assert doc.xpath("//table[@data-table='requests']//td[@title]") == []


def test_slim_keeps_only_the_grids_of_tables_with_findings(results: list[FileResult]) -> None:
    from govinfo_check.reporters.html import slim

    first = slim(results[0])  # T3-003 in table 三; the narrative and period findings are in no table
    assert [(n, t.table.n_rows) for n, t in first.report.tables.items()] == [("active", 0), ("requests", 5),
                                                                             ("appeals", 0)]
    doc = parse(render_html(results))
    block = doc.xpath("//section[contains(@class,'file')][1]")[0]
    assert block.xpath(".//table[contains(@class,'grid')]/@data-table") == ["requests"]
    assert [p.text_content() for p in block.xpath(".//p[contains(@class,'table-clean')]")] == [
        "表二 主动公开政府信息情况 · 未发现问题", "表四 政府信息公开行政复议、行政诉讼情况 · 未发现问题"]

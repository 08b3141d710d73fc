"""readers/: one ``read(path)`` for every input type, and one clear finding for each bad input.

Real PDFs are in test_real_reports.py; the samples written by LibreOffice to other types are in
test_readers_convert.py. Here: the dispatch, HTML (encodings, the grid of rowspan/colspan, the page
chrome of real government sites), PDF and LibreOffice failures, temp folders left clean."""

from __future__ import annotations

import io
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
import yaml

from govinfo_check import catalogue, checker, pipeline, readers
from govinfo_check.models import Paragraph, Table
from govinfo_check.readers import html as html_reader
from govinfo_check.readers import libreoffice, pdf

from conftest import SAMPLES

DATA = Path(__file__).parent / "data"
PAGES = yaml.safe_load((DATA / "html_pages.yaml").read_text(encoding="utf-8"))["pages"]


def codes(path: Path) -> list[str]:
    return [p.code for p in pipeline.parse_file(path).problems]


def grid_texts(t: Table) -> list[list[str | None]]:
    return [[c.text if c else None for c in row] for row in t.grid]


@pytest.fixture()
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary files go to a folder of the test's own, so what is left there can be seen."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


# --- dispatch ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name,reader", [
    ("a.docx", "docx"), ("a.DOC", "doc-via-libreoffice"), ("a.wps", "wps-via-libreoffice"),
    ("a.odt", "odt-via-libreoffice"), ("a.rtf", "rtf-via-libreoffice"), ("a.pdf", "pdf"), ("a.htm", "html"),
    ("a.html", "html"), ("a.shtml", "html"), ("a.xls", None), ("noext", None),
])
def test_reader_by_suffix(name: str, reader: str | None) -> None:
    assert readers.reader_for(name) == reader
    assert checker.is_supported(Path(name)) == (reader is not None)


def test_read_raises_f010_for_an_unknown_type(tmp_path: Path) -> None:
    p = tmp_path / "report.xls"
    p.write_bytes(b"x")
    with pytest.raises(readers.ReadError) as exc:
        readers.read(p)
    assert exc.value.code == "F-010"
    r = pipeline.parse_file(p)
    assert [f.code for f in r.problems] == ["F-010"] and r.reader == ""


def test_docx_goes_through_the_docx_reader() -> None:
    doc = readers.read(SAMPLES / "positive" / "plain-2024.docx")
    assert doc.reader == "docx" and doc.tables


# --- HTML -------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


REPORT_BODY = ("<p>某某县人民政府2024年政府信息公开工作年度报告</p><p>一、总体情况</p>"
               "<p>本报告所列数据统计期限自2024年1月1日起至2024年12月31日止。</p>")


@pytest.mark.parametrize("case", PAGES, ids=[p["name"] for p in PAGES])
def test_real_page_layouts_keep_the_report_and_drop_the_chrome(case: dict, tmp_path: Path) -> None:
    doc = readers.read(_write(tmp_path, "page.html", case["html"]))
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras[0] == case["title"]
    for text in case["keep"]:
        assert text in paras
    joined = "\n".join(paras)
    for text in case["drop"]:
        assert text not in joined, text
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == case["tables"]
    if "requests_row_3" in case:
        assert [c.text if c else None for c in tables[1].grid[3]] == case["requests_row_3"]


def test_rowspan_and_colspan_fill_the_grid(tmp_path: Path) -> None:
    page = ("<table><tr><td rowspan=2 colspan=2>A</td><td>B</td></tr><tr><td>C</td></tr>"
            "<tr><td>D</td><td colspan=\"2\">E</td></tr><tr><td rowspan=0>F</td><td>G</td><td>H</td></tr>"
            "<tr><td>I</td><td colspan=99999>J</td></tr></table>")
    doc = readers.read(_write(tmp_path, "t.html", REPORT_BODY + page))
    [t] = [b for b in doc.blocks if isinstance(b, Table)]
    assert [row[:3] for row in grid_texts(t)[:4]] == [["A", "A", "B"], ["A", "A", "C"], ["D", "E", "E"], ["F", "G", "H"]]
    a = t.grid[0][0]
    assert (a.row, a.col, a.rowspan, a.colspan) == (0, 0, 2, 2) and a is t.grid[1][1]
    assert t.grid[4][0] is t.grid[3][0]  # rowspan=0 runs to the end of the table
    assert t.grid[4][2].colspan == 1000  # a runaway colspan is capped as browsers cap it


def test_cell_paragraphs_and_breaks_are_newlines_and_nbsp_is_blank(tmp_path: Path) -> None:
    page = "<table><tr><td><p>商业</p><p>企业</p></td><td>本年新<br/>制作数量</td><td>&nbsp;</td><td> 12 </td></tr></table>"
    [t] = [b for b in readers.read(_write(tmp_path, "t.html", REPORT_BODY + page)).blocks if isinstance(b, Table)]
    assert grid_texts(t) == [["商业\n企业", "本年新\n制作数量", "", "12"]]


@pytest.mark.parametrize("encoding,meta", [
    ("gb2312", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
    ("gbk", '<meta charset="GBK">'),
    ("gb18030", ""),  # nothing declared: detected
    ("gbk", '<meta charset="utf-8">'),  # declared wrongly: the bytes are not UTF-8, detection decides
    ("utf-8", ""),
])
def test_chinese_encodings(tmp_path: Path, encoding: str, meta: str) -> None:
    text = (f"<html><head>{meta}<title>某某县人民政府2024年政府信息公开工作年度报告</title></head><body>"
            "<p>一、总体情况</p><p>2024年，全县共受理政府信息公开申请十七件，均在法定期限内予以答复。"
            "主动公开政府信息情况良好，依申请公开办理规范。</p>"
            "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>行政规范性文件</td><td>8</td></tr></table>"
            "</body></html>")
    doc = readers.read(_write(tmp_path, "p.htm", text.encode(encoding)))
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras[0] == "某某县人民政府2024年政府信息公开工作年度报告"
    assert "2024年，全县共受理政府信息公开申请十七件，均在法定期限内予以答复。主动公开政府信息情况良好，依申请公开办理规范。" in paras
    [t] = [b for b in doc.blocks if isinstance(b, Table)]
    assert grid_texts(t) == [["信息内容", "本年制发件数"], ["行政规范性文件", "8"]]


@pytest.mark.parametrize("name,data,code,words", [
    ("empty.html", b"", "F-005", "0 字节"),
    ("binary.html", bytes(range(256)) * 40, "F-027", "二进制"),
    ("notext.html", b"<html><body><script>var a=1;</script></body></html>", "F-027", "没有文字"),
    ("cut.html", "<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>1".encode(), "F-027", "中断"),
])
def test_bad_html_is_one_finding(tmp_path: Path, name: str, data: bytes, code: str, words: str) -> None:
    r = pipeline.parse_file(_write(tmp_path, name, data))
    [f] = r.problems
    assert (f.code, f.category, r.reader, r.document) == (code, "read", "html", None)
    assert words in f.message("zh")


def test_saved_page_files_folder_is_not_checked(tmp_path: Path) -> None:
    page = _write(tmp_path, "报告.html", REPORT_BODY)
    (tmp_path / "报告_files").mkdir()
    _write(tmp_path / "报告_files", "frame.htm", "<p>x</p>")
    _write(tmp_path / "报告_files", "style.css", "p{}")
    (tmp_path / "other_files").mkdir()  # no page beside it: an ordinary folder
    other = _write(tmp_path / "other_files", "b.html", REPORT_BODY)
    got = checker.collect_paths([tmp_path])
    assert got.files == [other, page]
    assert got.skipped == [tmp_path / "报告_files"]


# --- PDF --------------------------------------------------------------------------------------


def _pdf(pages: int = 1, password: str | None = None) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    for _ in range(pages):
        w.add_blank_page(595, 842)
    if password:
        w.encrypt(password)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_scan_without_text_layer_is_one_finding_and_nothing_guessed(tmp_path: Path) -> None:
    r = pipeline.parse_file(_write(tmp_path, "scan.pdf", _pdf(3)))
    [f] = r.problems
    assert (f.code, f.args["pages"], f.args["chars"], r.figures) == ("F-023", 3, 0, {})
    assert "扫描版 PDF，没有文字层" in f.message("zh") and "Scanned PDF, no text layer" in f.message("en")
    # the bundled "scanned" sample carries a few stray characters of text, still no report: a scan
    assert codes(SAMPLES / "bad" / "scanned-report.pdf") == ["F-023"]


def test_encrypted_pdf(tmp_path: Path) -> None:
    assert codes(_write(tmp_path, "locked.pdf", _pdf(1, password="secret"))) == ["F-024"]


@pytest.mark.parametrize("data,code", [
    (b"", "F-005"),
    (b"PK\x03\x04 this is a zip named .pdf", "F-025"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF", "F-025"),  # no page tree
])
def test_broken_pdf_is_one_finding(tmp_path: Path, data: bytes, code: str) -> None:
    assert codes(_write(tmp_path, "bad.pdf", data)) == [code]


def test_page_count_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 3)
    r = pipeline.parse_file(_write(tmp_path, "long.pdf", _pdf(4)))
    [f] = r.problems
    assert (f.code, f.args["pages"], f.args["limit"]) == ("F-026", 4, 3)


def test_pdf_findings_name_the_page(shared_dir: Path) -> None:
    from govinfo_check import engine

    result = checker.check_file(shared_dir / "real" / "hongze-district-gov-2024.pdf", engine.load_rules())
    [f] = [f for f in result.findings if f.code.startswith("N")]
    assert f.code == "N-001" and f.location.page == 3  # 表三 is on page 3; the sentence on page 1
    assert result.report.reader == "pdf"


# --- LibreOffice ------------------------------------------------------------------------------


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _left_behind(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir())


def test_libreoffice_missing_is_one_finding_saying_what_to_install(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(libreoffice.ENV_SOFFICE, "")
    r = pipeline.parse_file(_write(tmp_path, "old.wps", b"\xd0\xcf\x11\xe0 not really"))
    [f] = r.problems
    assert (f.code, r.reader) == ("F-020", "wps-via-libreoffice")
    assert "libreoffice-writer-nogui" in f.message("zh") and ".wps" in f.message("en")


@pytest.mark.skipif(os.name != "posix", reason="the fake LibreOffice is a shell script")
def test_a_hung_conversion_is_stopped_and_leaves_nothing(tmp_path: Path, private_tmp: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(libreoffice.ENV_SOFFICE, str(_fake_soffice(tmp_path, "sleep 30")))
    monkeypatch.setattr(libreoffice, "CONVERT_TIMEOUT", 0.5)
    src = _write(tmp_path, "report.doc", b"\xd0\xcf\x11\xe0 some bytes")
    r = pipeline.parse_file(src)
    [f] = r.problems
    assert (f.code, f.args["seconds"]) == ("F-022", 0.5)
    assert _left_behind(private_tmp) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-soffice", "report.doc", "tmp"]


@pytest.mark.skipif(os.name != "posix", reason="the fake LibreOffice is a shell script")
def test_a_conversion_that_fails_is_one_finding(tmp_path: Path, private_tmp: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(libreoffice.ENV_SOFFICE, str(_fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")))
    [f] = pipeline.parse_file(_write(tmp_path, "report.rtf", b"{\\rtf1 broken")).problems
    assert f.code == "F-021" and "could not be loaded" in f.message("en")
    assert _left_behind(private_tmp) == []


SOFFICE = libreoffice.find_soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@needs_soffice
def test_a_doc_libreoffice_cannot_open(tmp_path: Path, private_tmp: Path) -> None:
    src = tmp_path / "legacy-word-97.doc"
    shutil.copyfile(SAMPLES / "bad" / "legacy-word-97.doc", src)
    before = (src.read_bytes(), src.stat().st_mtime_ns)
    assert codes(src) == ["F-021"]
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before  # the input is never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["legacy-word-97.doc", "tmp"]  # no lock file beside it
    assert _left_behind(private_tmp) == []


def test_reader_errors_cross_process_boundaries() -> None:
    import pickle

    from govinfo_check.readers.errors import ReaderError

    e = pickle.loads(pickle.dumps(ReaderError("F-022", "no result", seconds=5)))
    assert (e.code, e.detail, e.fields) == ("F-022", "no result", {"seconds": 5})


def test_every_reader_code_has_both_languages() -> None:
    for code in ("F-020", "F-021", "F-022", "F-023", "F-024", "F-025", "F-026", "F-027"):
        d = catalogue.get(code)
        assert d.category == "read" and d.severity == "error" and d.zh and d.en

"""The ``check`` command through the real CLI (typer's CliRunner), and the text reporter's views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinfo_check import catalogue
from govinfo_check.cli import app
from govinfo_check.models import FileResult, Finding, Location, Operand, ParsedReport
from govinfo_check.reporters.text import UI, TextReporter

runner = CliRunner()


def _run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def _one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- usage errors: exit 2, one line on stderr ------------------------------------------------


def test_nonexistent_path(tmp_path):
    res = _run("check", str(tmp_path / "nope.docx"))
    assert res.exit_code == 2
    assert "路径不存在" in _one_line(res) and "nope.docx" in _one_line(res)


def test_nonexistent_path_in_english(tmp_path):
    res = _run("check", "--lang", "en", str(tmp_path / "nope.docx"))
    assert res.exit_code == 2
    assert _one_line(res).startswith("govinfo-check: No such file or folder")


def test_empty_folder(tmp_path):
    res = _run("check", str(tmp_path))
    assert res.exit_code == 2
    assert "文件夹中没有报告文件（no report files found）" in _one_line(res)


def test_folder_of_notes_only_says_no_report_files(tmp_path):
    (tmp_path / "readme.txt").write_text("x")
    (tmp_path / "truth.json").write_text("{}")
    res = _run("check", "--lang", "en", str(tmp_path))
    assert res.exit_code == 2
    assert _one_line(res) == f"govinfo-check: No report files found in the folder: {tmp_path}"


def test_glob_matching_nothing_says_so(tmp_path):
    (tmp_path / "a.docx").write_bytes(PLAIN.read_bytes())
    res = _run("check", "--glob", "*2019*", str(tmp_path))
    assert res.exit_code == 2
    assert _one_line(res) == f"govinfo-check: 文件夹 {tmp_path} 中没有与 --glob *2019* 匹配的文件"


def test_notes_beside_reports_are_not_unreadable_reports(tmp_path):
    (tmp_path / "a.docx").write_bytes(PLAIN.read_bytes())
    (tmp_path / "readme.txt").write_text("x")
    (tmp_path / "truth.json").write_text("{}")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out.json"
    res = _run("check", "--format", "json", "-o", str(out), str(tmp_path))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(Path(f["path"]).name for f in doc["files"]) == ["a.docx", "scan.pdf"]  # a PDF is a report
    assert "已略过 2 个非报告文件：readme.txt, truth.json" in res.stderr
    assert _run("check", "-q", "--format", "json", "-o", str(out), str(tmp_path)).stderr == ""


def test_unknown_format(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    res = _run("check", "--format", "yaml", str(tmp_path))
    assert res.exit_code == 2
    assert "yaml" in _one_line(res)


def test_binary_format_needs_an_output_file(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    res = _run("check", "--format", "xlsx", str(tmp_path))
    assert res.exit_code == 2 and "-o" in _one_line(res)


def test_unwritable_output(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    res = _run("check", "--format", "json", "-o", str(blocker / "out.json"), str(tmp_path / "a.docx"))
    assert res.exit_code == 2
    assert "out.json" in _one_line(res)


def test_output_that_is_a_folder(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    res = _run("check", "-o", str(tmp_path), str(tmp_path / "a.docx"))
    assert res.exit_code == 2
    assert "无法写入" in _one_line(res)


def test_config_unknown_key_names_file_and_key(tmp_path):
    cfg = tmp_path / "govinfo-check.toml"
    cfg.write_text('colour = "red"\n', encoding="utf-8")
    (tmp_path / "a.docx").write_bytes(b"x")
    res = _run("check", "--config", str(cfg), str(tmp_path / "a.docx"))
    assert res.exit_code == 2
    line = _one_line(res)
    assert "colour" in line and str(cfg) in line


def test_bad_jobs_and_lang(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    assert _run("check", "-j", "0", str(tmp_path)).exit_code == 2
    res = _run("check", "--lang", "fr", str(tmp_path))
    assert res.exit_code == 2 and "--lang" in _one_line(res)


def test_annotate_needs_a_single_file(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    (tmp_path / "b.docx").write_bytes(b"x")
    res = _run("check", "--annotate", str(tmp_path / "out.docx"), str(tmp_path))
    assert res.exit_code == 2 and "--annotate-dir" in _one_line(res)


# --- runs that read files ----------------------------------------------------------------------


def test_unsupported_and_unreadable_files_are_findings_not_crashes(tmp_path):
    # .ofd is a type reports are published in that no reader takes yet: a finding, not a note
    (tmp_path / "notes.ofd").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "~$lock.docx").write_bytes(b"x")
    res = _run("check", "--format", "json", "-j", "1", str(tmp_path))
    # nothing could be read: exit 2 after the report, with one line saying so
    assert res.exit_code == 2, res.stderr
    doc = json.loads(res.stdout)
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert set(by_name) == {"notes.ofd", "empty.docx"}
    assert [f["code"] for f in by_name["notes.ofd"]["findings"]] == ["F-010"]
    assert all(f["category"] == "read" for f in by_name["empty.docx"]["findings"])
    assert by_name["empty.docx"]["findings"]
    assert "~$lock.docx" in res.stderr and "没有一个文件能够读取" in res.stderr


def test_unknown_rule_code_in_select(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    res = _run("check", "--select", "ZZ-999", str(tmp_path))
    assert res.exit_code == 2
    assert "ZZ-999" in _one_line(res)


def test_known_prefix_in_select_is_accepted(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"")
    res = _run("check", "--select", "F", "--format", "json", str(tmp_path))
    assert res.exit_code == 2  # the one file is unreadable, but the selector itself was accepted
    assert "F-005" in res.stdout or "F-00" in res.stdout


def test_bad_rule_file_is_one_line(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [ {code: \n", encoding="utf-8")
    res = _run("check", "--rules", str(bad), str(tmp_path / "a.docx"))
    assert res.exit_code == 2
    assert "bad.yaml" in _one_line(res)


def test_json_written_atomically_to_output(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.ofd").write_text("x")
    out = tmp_path / "out" / "report.json"
    res = _run("check", "--format", "json", "-o", str(out), str(tmp_path / "in"))
    assert res.exit_code == 2  # only an unsupported file: nothing could be read
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["files"][0]["findings"][0]["code"] == "F-010"
    assert res.stdout == ""


# --- the text reporter ---------------------------------------------------------------------------


def _t3_finding() -> Finding:
    loc = Location(table="requests", row_label="（七）总计", column_label="自然人", table_index=5, row=27, col=3)
    return Finding(
        code="T3-002", severity="error", category="arithmetic", name="handled-total",
        messages={"zh": "（七）总计不等于各项办理结果之和", "en": "(7) total is not the sum of the outcomes"},
        expected=12, actual=10,
        operands=[Operand(key="requests.granted.natural", value=7,
                          location=Location(row_label="（一）予以公开", column_label="自然人")),
                  Operand(key="requests.partial.natural", value=5, blank=False,
                          location=Location(row_label="（二）部分公开", column_label="自然人"))],
        location=loc,
        blame={"key": "requests.handled_total.natural", "printed": 10, "implied": 12,
               "location": loc.to_dict()},
    )


def _result(path: str, findings: list[Finding]) -> FileResult:
    return FileResult(path=path, report=ParsedReport(path=path, format_version="2021", agency="某市司法局",
                                                     year=2024), findings=findings)


def test_single_file_view_names_row_column_blame_first_and_operands():
    text = TextReporter().render([_result("a.docx", [_t3_finding()])], lang="zh")
    assert "表三「（七）总计」行「自然人」列" in text
    # the blamed cell is this one: its 应为/实为 is said once
    assert text.count("应为 12，实为 10") == 1 and "最可能填错的是本格：应为 12，实为 10" in text
    assert "（一）予以公开" in text and "(7) + " in text and "(5)" in text
    assert text.index("最可能填错") < text.index("（七）总计不等于各项办理结果之和")
    assert "结论：有错误" in text and "某市司法局" in text


def test_single_file_view_in_english():
    text = TextReporter().render([_result("a.docx", [_t3_finding()])], lang="en")
    assert "Table 3, row “（七）总计”, column “自然人”" in text and "expected 12, found 10" in text
    assert "Result: errors" in text
    assert "应为" not in text


def test_blamed_cell_elsewhere_is_named():
    f = _t3_finding()
    f.blame = {"key": "requests.granted.natural", "printed": 7, "implied": 5,
               "location": {"table": "requests", "row_label": "（一）予以公开", "column_label": "自然人"}}
    text = TextReporter().render([_result("a.docx", [f])], lang="zh")
    assert "最可能填错的单元格：行「（一）予以公开」 列「自然人」，应为 5，实为 7" in text
    assert "应为 12，实为 10" in text  # the relation's own figures are another fact


def test_clean_file_view():
    text = TextReporter().render([_result("a.docx", [])], lang="zh")
    assert "未发现问题" in text and "通过" in text


def test_batch_view_has_summary_table_and_details():
    unreadable = FileResult(path="bad.docx", report=None, findings=[catalogue.make("F-005")])
    results = [_result("a.docx", [_t3_finding()]), _result("b.docx", []), unreadable]
    lines = TextReporter().render(results, lang="zh").rstrip("\n").splitlines()
    assert lines[0].split() == ["文件", "机关", "年度", "错误", "警告", "状态"]
    assert [ln.split()[0] for ln in lines[1:4]] == ["a.docx", "b.docx", "bad.docx"]
    assert lines[1].split()[-1] == "有错误" and lines[2].split()[-1] == "通过" and lines[3].split()[-1] == "无法读取"
    # one short block per report with findings: the blamed cell on one line with 应为/实为
    assert lines[5] == "a.docx（某市司法局 2024）：有错误 — ✗ T3-002 表三「（七）总计」行「自然人」列：应为 12，实为 10"
    assert lines[6] == "bad.docx：无法读取 — ✗ F-005 文件为空（0 字节）"
    assert not any(ln.startswith("b.docx（") for ln in lines)  # a passed report is its table row only
    assert lines[-1] == "共 3 个文件：1 个通过，1 个有错误，0 个仅有警告，1 个无法读取；错误 2，警告 0，提示 0"


def test_status_words_do_not_depend_on_fail_on():
    f = _t3_finding()
    f.severity = "warning"
    for fail_on in ("error", "warning"):
        text = TextReporter(fail_on=fail_on).render([_result("a.docx", [f])], lang="zh")
        assert "结论：仅有警告（0 个错误，1 个警告，0 个提示）" in text


def test_ui_strings_exist_in_both_languages():
    assert set(UI["zh"]) == set(UI["en"])


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["extract", "--help"], ["rules", "--help"],
                                  ["explain", "--help"]])
def test_help(args):
    assert _run(*args).exit_code == 0


# --- timeouts, annotation, and the other commands -----------------------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PLAIN = SAMPLES / "positive" / "plain-2024.docx"
TYPO = SAMPLES / "negative" / "t3-typo-cell-2024.docx"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_per_file_timeout_is_a_finding(jobs):
    res = _run("check", "--timeout", "0.0001", "-j", jobs, "--format", "json", str(PLAIN), str(TYPO))
    doc = json.loads(res.stdout)
    assert [[f["code"] for f in file["findings"]] for file in doc["files"]] == [["F-008"], ["F-008"]]
    assert res.exit_code == 2  # nothing could be read in time


def test_annotate_single_file(tmp_path):
    out = tmp_path / "annotated.docx"
    res = _run("check", "--annotate", str(out), str(TYPO))
    assert res.exit_code == 1
    assert out.is_file() and out.stat().st_size > 0
    assert str(out) in res.stderr


def test_annotate_dir(tmp_path):
    # (content notes ignored: the point is a report with no finding at all)
    res = _run("check", "--annotate-dir", str(tmp_path / "ann"), "--quiet", "--ignore", "C", str(PLAIN), str(TYPO))
    assert res.exit_code == 1
    # a report without findings gets no copy unless asked for
    assert sorted(p.name for p in (tmp_path / "ann").rglob("*.docx")) == ["t3-typo-cell-2024.docx"]
    assert res.stderr == ""  # --quiet: not a line per copy
    res = _run("check", "--annotate-dir", str(tmp_path / "all"), "--annotate-all", str(PLAIN), str(TYPO))
    assert sorted(p.name for p in (tmp_path / "all").rglob("*.docx")) == ["plain-2024.docx", "t3-typo-cell-2024.docx"]
    assert res.stderr.count("已生成批注副本") == 2


def test_extract_csv_to_stdout_and_xlsx_to_file(tmp_path):
    res = _run("extract", "--format", "csv", str(PLAIN))
    assert res.exit_code == 0, res.stderr
    header = res.stdout.splitlines()[0].lstrip("\ufeff")  # a BOM, so that Excel reads UTF-8
    assert header.startswith("path,agency,year,format_version") and "requests.new.natural" in header
    assert _run("extract", "--format", "xlsx", str(PLAIN)).exit_code == 2  # a binary format needs -o
    out = tmp_path / "figures.xlsx"
    assert _run("extract", "--format", "xlsx", "-o", str(out), str(PLAIN)).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_extract_unknown_format():
    res = _run("extract", "--format", "yaml", str(PLAIN))
    assert res.exit_code == 2 and "yaml" in _one_line(res)


def test_rules_lists_catalogue_and_rule_file_codes():
    res = _run("rules", "--lang", "en", env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "F-010" in res.stdout and "T3-002" in res.stdout and "unsupported-type" in res.stdout


def test_explain_known_and_unknown_codes():
    res = _run("explain", "f-010")
    assert res.exit_code == 0 and "F-010" in res.stdout and "不支持的文件类型" in res.stdout
    res = _run("explain", "ZZ-1")
    assert res.exit_code == 2 and "ZZ-1" in _one_line(res)


def test_nearest_config_applies_and_flags_override_it(tmp_path, monkeypatch):
    (tmp_path / "govinfo-check.toml").write_text('lang = "en"\nfail-on = "warning"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = _run("check", str(tmp_path / "nope.docx"))
    assert res.exit_code == 2 and "No such file or folder" in _one_line(res)
    res = _run("check", "--lang", "zh", str(tmp_path / "nope.docx"))
    assert "路径不存在" in _one_line(res)


def test_unknown_code_in_config_names_the_file(tmp_path, monkeypatch):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.govinfo-check]\nignore = ["QQ-404"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = _run("check", str(PLAIN))
    assert res.exit_code == 2
    assert "QQ-404" in _one_line(res) and "pyproject.toml" in _one_line(res)


def test_progress_bar_only_on_a_terminal():
    import io

    from rich.console import Console

    from govinfo_check.options import CheckOptions
    from govinfo_check.commands import _run_with_progress
    from govinfo_check.runner import BatchSpec, load_rules

    files = sorted((SAMPLES / "positive").glob("*.docx"))[:4]
    rules = load_rules()
    for terminal, shown in ((True, True), (False, False)):
        buf = io.StringIO()
        err = Console(file=buf, force_terminal=terminal, width=100)
        results = _run_with_progress(files, BatchSpec(), CheckOptions(paths=files, jobs=1), rules, err)
        assert [r.path for r in results] == [str(f) for f in files]
        assert ("检查中" in buf.getvalue()) is shown


def test_annotate_dir_mirrors_the_folder_named(tmp_path):
    src = tmp_path / "reports"
    (src / "city").mkdir(parents=True)
    (src / "city" / "a.docx").write_bytes(PLAIN.read_bytes())
    res = _run("check", "--annotate-dir", str(tmp_path / "ann"), "--annotate-all", "--quiet", str(src))
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "ann" / "city" / "a.docx").is_file()

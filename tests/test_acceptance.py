"""Acceptance: the real CLI over the bundled samples.

samples/positive/ are consistent reports (exit 0, no error finding), samples/negative/ each break
at least one rule (exit 1), samples/bad/ cannot be read (read findings; exit 2, nothing readable).
"""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinfo_check.cli import app

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
EXPECTED = REPO / "tests" / "data" / "expected"  # what tools/make_samples.py put into each sample

FILE_KEYS = {"path", "agency", "year", "format_version", "status", "status_label", "findings"}
FINDING_KEYS = {"code", "name", "severity", "category", "source", "fields", "message", "args", "expected",
                "actual", "operands", "location", "blame", "related"}
LOCATION_KEYS = {"table", "table_title", "row_label", "column_label", "table_index", "row", "col",
                 "block_index", "quote"}
SUMMARY_KEYS = {"files", "ok", "with_findings", "with_errors", "warnings_only", "unreadable", "errors", "warnings",
                "infos", "by_code"}

runner = CliRunner()


def _folder(name: str) -> Path:
    folder = SAMPLES / name
    assert folder.is_dir() and any(folder.iterdir()), f"missing samples: {folder}"
    return folder


def _json_run(*args: str) -> tuple[int, dict]:
    res = runner.invoke(app, ["check", "--format", "json", "--quiet", *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, json.loads(res.stdout)


def _check_shape(doc: dict) -> None:
    assert set(doc) >= {"tool", "files", "summary"}
    assert set(doc["summary"]) >= SUMMARY_KEYS
    for f in doc["files"]:
        assert set(f) >= FILE_KEYS, f.keys()
        for finding in f["findings"]:
            assert set(finding) >= FINDING_KEYS, finding.keys()
            assert set(finding["location"]) >= LOCATION_KEYS
            assert finding["severity"] in ("error", "warning", "info")
            assert finding["message"], finding


def test_positive_samples_pass():
    code, doc = _json_run(str(_folder("positive")))
    _check_shape(doc)
    errors = [(f["path"], x["code"], x["message"]) for f in doc["files"] for x in f["findings"]
              if x["severity"] == "error"]
    assert errors == []
    assert code == 0
    assert all(f["status"] in ("ok", "warnings") for f in doc["files"])
    assert all(f["agency"] and f["year"] for f in doc["files"])


def _expected(path: str) -> dict:
    rel = Path(path).resolve().relative_to(SAMPLES.resolve()).as_posix().replace("/", "__")
    return json.loads((EXPECTED / f"{rel}.json").read_text(encoding="utf-8"))


def _places(finding: dict) -> list[dict]:
    blame = (finding.get("blame") or {}).get("location") or {}
    return [finding["location"], blame]


def test_negative_samples_fail_where_errors_were_injected():
    code, doc = _json_run(str(_folder("negative")))
    _check_shape(doc)
    assert code == 1
    for f in doc["files"]:
        expected = _expected(f["path"])
        errors = [x for x in f["findings"] if x["severity"] == "error"]
        if not expected["injected"]:  # e.g. the first year of a cross-year pair is clean by itself
            assert errors == [], (f["path"], [x["message"] for x in errors])
            continue
        assert errors, f["path"]
        for inj in expected["injected"]:
            if inj.get("table") and inj.get("column_label"):  # a cell-level error: its table is named
                assert any(p.get("table") == inj["table"] for x in errors for p in _places(x)), (f["path"], inj)


# What the generator calls each kind of injected error → the code that must report it.
HINT_CODES = {
    "T3-row-total": ("B-001",), "T3-blank-total": ("V-003", "V-004"), "T4-group-total": ("T4-001",),
    "V-invalid": ("V-001",), "V-fee-negative": ("V-002",), "V-fee-decimals": ("V-002",),
    "P-period-year": ("P-001",), "N-mismatch": ("N-001", "N-002", "N-003", "N-004"),
    "X-carry-over": ("X-001",), "FV-superseded": ("FV-001",), "S-missing-section": ("S-101",),
    "S-missing-table": ("S-001",), "S-table-picture": ("S-001",),
}


def test_every_injected_error_is_reported_at_its_cell():
    _, doc = _json_run(str(_folder("negative")))
    checked = 0
    for f in doc["files"]:
        for inj in _expected(f["path"])["injected"]:
            codes = HINT_CODES[inj["code_hint"]]
            hits = [x for x in f["findings"] if x["code"] in codes and x["severity"] == "error"]
            assert hits, (f["path"], inj["code_hint"], [x["code"] for x in f["findings"]])
            if inj.get("keys"):
                key = inj["keys"][0]
                at_cell = [x for x in hits if key in x["fields"] or (x.get("blame") or {}).get("key") == key]
                assert at_cell, (f["path"], inj)
                places = [p for x in at_cell for p in _places(x)]
                # table 四 has no row labels: one row of figures under column headings
                assert any(p.get("column_label") == inj["column_label"]
                           and (inj["table"] == "appeals" or p.get("row_label") == inj["row_label"])
                           for p in places), (f["path"], inj, places)
            checked += 1
    assert checked >= 20  # the negative samples carry this many injected errors


def test_mistyped_cell_is_blamed_by_row_and_column():
    path = _folder("negative") / "t3-typo-cell-2024.docx"
    inj = _expected(str(path))["injected"][0]
    _, doc = _json_run(str(path))
    blamed = [x["blame"] for x in doc["files"][0]["findings"] if x.get("blame")]
    assert blamed, doc["files"][0]["findings"]
    loc = blamed[0]["location"]
    assert (loc["row_label"], loc["column_label"]) == (inj["row_label"], inj["column_label"])
    assert (blamed[0]["printed"], blamed[0]["implied"]) == (inj["printed"], inj["correct"])


def test_bad_samples_are_read_findings():
    code, doc = _json_run(str(_folder("bad")))
    _check_shape(doc)
    assert len(doc["files"]) == len([p for p in _folder("bad").iterdir() if not p.name.startswith(".")])
    for f in doc["files"]:
        assert (f["status"], f["status_label"]) == ("unreadable", "无法读取"), f["path"]
        exp = _expected(f["path"])
        accepted = {exp["read_error"], *exp.get("read_error_alternatives", [])}  # e.g. F-020 without LibreOffice
        assert accepted & {x["code"] for x in f["findings"]}, f
        assert all(x["category"] == "read" for x in f["findings"]), f  # an unread file is not checked
    assert code == 2


def test_negative_findings_name_table_row_and_column():
    _, doc = _json_run(str(_folder("negative")))
    table_findings = [x for f in doc["files"] for x in f["findings"]
                      if x["category"] == "arithmetic" and x["location"]["table"]]
    assert table_findings
    for x in table_findings:
        assert x["location"]["row_label"] or x["location"]["column_label"], x


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sarif", "xlsx", "html"])
def test_machine_formats_over_negative_samples(fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    res = runner.invoke(app, ["check", "--format", fmt, "-o", str(out), "--quiet", str(_folder("negative"))])
    assert res.exit_code == 1, res.stderr
    if fmt == "xlsx":
        assert out.read_bytes()[:2] == b"PK"
        return
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        assert "<html" in text.lower() and "t3-typo-cell-2024.docx" in text
    elif fmt == "jsonl":
        assert all(json.loads(line) for line in text.splitlines())
    elif fmt == "sarif":
        assert json.loads(text)["version"] == "2.1.0"
    else:
        assert text.count("\n") > 1


def test_text_report_over_all_samples_via_the_console_script(tmp_path):
    """The README's first command, in a real process (plain text, since stdout is a pipe)."""
    env = {**os.environ, "COLUMNS": "160"}
    proc = subprocess.run([sys.executable, "-m", "govinfo_check.cli", "check", "-j", "2", str(SAMPLES)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "\x1b[" not in proc.stdout  # no colour codes when piped
    for word in ("文件", "机关", "年度", "状态", "无法读取", "有错误", "B-001"):
        assert word in proc.stdout
    assert re.match(r"^共 \d+ 个文件：\d+ 个通过，\d+ 个有错误，\d+ 个仅有警告，\d+ 个无法读取；",
                    proc.stdout.rstrip("\n").splitlines()[-1])
    assert "Traceback" not in proc.stderr


def test_single_negative_file_drafters_view_in_english():
    one = sorted(_folder("negative").glob("*.docx"))[0]
    res = runner.invoke(app, ["check", "--lang", "en", str(one)])
    assert res.exit_code == 1
    assert "Result: errors" in res.stdout and "expected" in res.stdout


def test_corrupt_files_in_a_large_batch_do_not_stop_it(tmp_path):
    """A reviewer's folder: many good reports, a few broken ones, checked by worker processes."""
    good = SAMPLES / "positive" / "plain-2024.docx"
    bad = sorted((SAMPLES / "bad").glob("*.docx"))
    for i in range(40):
        (tmp_path / f"report-{i:02d}.docx").write_bytes(good.read_bytes())
    for i, b in enumerate(bad):
        (tmp_path / f"broken-{i:02d}.docx").write_bytes(b.read_bytes())
    code, doc = _json_run("-j", "2", str(tmp_path))
    status = [f["status"] for f in doc["files"]]
    # forty copies of one agency's report for one year: each names the others (D-001, a warning); besides
    # that they may carry notes (C-003: nothing on last year's problems), never an error
    copies = [f for f in doc["files"] if Path(f["path"]).name.startswith("report-")]
    assert [f["status"] for f in copies] == ["warnings"] * 40
    assert all([x["code"] for x in f["findings"] if x["severity"] != "info"] == ["D-001"] for f in copies)
    assert status.count("unreadable") == len(bad)
    unreadable = [f for f in doc["files"] if f["status"] == "unreadable"]
    assert all(len(f["findings"]) == 1 and f["findings"][0]["category"] == "read" for f in unreadable)
    assert code == 1


def test_html_from_worker_processes_redraws_the_tables(tmp_path):
    """Workers drop table grids unless a renderer needs them: html does."""
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["check", "-j", "2", "--format", "html", "-o", str(out), "--quiet",
                              str(_folder("negative") / "t3-typo-cell-2024.docx"),
                              str(_folder("positive") / "plain-2024.docx")])
    assert res.exit_code == 1, res.output
    html = out.read_text(encoding="utf-8")
    # table 三 drawn for the report with the finding; a passed report in a batch is its table row only
    assert html.count("一、本年新收政府信息公开申请数量") == 1
    assert "本机关不掌握相关政府信息" in html and "plain-2024.docx" in html


def test_a_report_written_by_libreoffice_reads_clean():
    """Not made by our generator: LibreOffice's conversion of a real HTML report (tests/data/real/)."""
    path = REPO / "tests" / "data" / "real" / "hangzhou-style-2025-libreoffice.docx"
    code, doc = _json_run(str(path))
    (f,) = doc["files"]
    # the title was only in the HTML <title>, which LibreOffice keeps in the document properties (so no
    # P-004); the page's short section 一 names two of the five aspects (C-005) and its section 五 says
    # nothing of last year's problems (C-003): notes, not warnings
    assert [x["code"] for x in f["findings"]] == ["C-003", "C-005"]
    assert (f["agency"], f["year"]) == ("测试市", 2025)
    assert code == 0 and f["format_version"] == "2021"
    res = runner.invoke(app, ["extract", "--format", "json", str(path)])
    fields = json.loads(res.stdout)[0]["fields"]
    assert (fields["requests.new.total"], fields["requests.carried_in.total"]) == (14069, 560)
    assert (fields["requests.handled_total.total"], fields["requests.carried_forward.total"]) == (13810, 819)
    assert fields["appeals.review.total"] == 790 and None not in fields.values()

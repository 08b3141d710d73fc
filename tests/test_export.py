from __future__ import annotations

import io
import json
from decimal import Decimal

import pandas as pd
import pytest

from govinfo_check import catalogue
from govinfo_check.export import ExtractFormatError, export_record, export_rows, render_extract
from govinfo_check.fields import canonical_fields, canonical_keys
from govinfo_check.models import FileResult, Figure, Location, ParsedReport, Source, Value
from govinfo_check.summary import decimal_out

FIELDS = {f.key: f for f in canonical_fields()}


def _figure(key: str, raw: str, kind: str = "number") -> Figure:
    number = Decimal(raw) if kind == "number" else (Decimal(0) if kind == "blank" else None)
    fd = FIELDS[key]
    return Figure(key, Value(kind, number, raw), Source(fd.table, 5, 2, 3, raw, fd.row_label, fd.column_label))  # type: ignore[arg-type]


def _full_report(path: str = "a/甲.docx") -> ParsedReport:
    figures = {k: _figure(k, "7730.28" if FIELDS[k].type == "decimal" else str(i)) for i, k in enumerate(FIELDS)}
    figures["requests.new.natural"] = _figure("requests.new.natural", "\u3000", "blank")
    figures["requests.new.total"] = _figure("requests.new.total", "无", "invalid")
    del figures["appeals.review.total"]
    problem = catalogue.make("F-006", location=Location(table="requests", row_label="一、本年新收政府信息公开申请数量",
                                                         column_label="总计"), detail="单元格内容“无”不是数字")
    extras = {"active.procurement.amount": Figure("active.procurement.amount", Value("number", Decimal("12.5"), "12.5"),
                                                  None)}
    return ParsedReport(path=path, format_version="2021", agency="淄博市司法局", year=2024, figures=figures,
                        extras=extras, problems=[problem])


def test_extract_json_has_all_keys_in_order_with_typed_numbers() -> None:
    rec = export_record(_full_report())
    assert len(canonical_keys()) == 200
    assert list(rec["fields"]) == list(canonical_keys())
    assert (rec["path"], rec["agency"], rec["year"], rec["format_version"]) == ("a/甲.docx", "淄博市司法局", 2024, "2021")
    f = rec["fields"]
    assert f["active.regulation.issued"] == 0 and isinstance(f["active.regulation.issued"], int)
    assert isinstance(f["requests.new.business"], int)
    assert f["active.fee.amount"] == 7730.28  # exact as printed
    assert f["requests.new.natural"] == 0 and rec["blank"] == ["requests.new.natural"]
    assert f["requests.new.total"] is None  # invalid
    assert f["appeals.review.total"] is None  # missing
    assert rec["extras"] == {"active.procurement.amount": 12.5}
    assert rec["problems"][0]["code"] == "F-006" and rec["problems"][0]["location"]["column_label"] == "总计"


def test_extract_json_document_is_a_list_per_file() -> None:
    text = render_extract([_full_report("a.docx"), _full_report("b.docx")], "json")
    doc = json.loads(text)
    assert [d["path"] for d in doc] == ["a.docx", "b.docx"]
    assert all(len(d["fields"]) == 200 for d in doc)
    assert json.dumps(doc)  # plain JSON types only


def test_extract_from_unreadable_file_result_keeps_the_reason() -> None:
    res = FileResult("broken.docx", None, [catalogue.make("F-004")])
    rec = export_record(res)
    assert rec["agency"] is None and all(v is None for v in rec["fields"].values())
    assert [p["code"] for p in rec["problems"]] == ["F-004"]
    rows = export_rows([res])
    assert rows[0]["problems"] == 1 and rows[0]["requests.new.total"] is None


def test_extract_csv_round_trips_with_pandas() -> None:
    text = render_extract([_full_report("a.docx"), _full_report("b.docx")], "csv")
    assert isinstance(text, str) and text.startswith("\ufeff")
    df = pd.read_csv(io.StringIO(text.lstrip("\ufeff")))
    assert list(df.columns) == ["path", "agency", "year", "format_version", *canonical_keys(), "problems"]
    assert len(df) == 2
    assert df.loc[0, "active.fee.amount"] == pytest.approx(7730.28)
    assert df.loc[0, "requests.carried_in.total"] == list(FIELDS).index("requests.carried_in.total")
    assert pd.isna(df.loc[0, "requests.new.total"]) and df.loc[0, "problems"] == 1


def test_extract_xlsx_one_row_per_file() -> None:
    data = render_extract([_full_report("a.docx")], "xlsx")
    assert isinstance(data, bytes)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["数据", "问题", "字段说明"]
    assert len(sheets["数据"]) == 1 + 1 and len(sheets["数据"].columns) == 4 + 200 + 1  # a label row, a report
    assert sheets["数据"].loc[0, "requests.new.natural"] == "表三 一、本年新收政府信息公开申请数量 / 自然人"
    assert sheets["问题"].loc[0, "code"] == "F-006"
    assert len(sheets["字段说明"]) == 200
    en = pd.read_excel(io.BytesIO(render_extract([_full_report()], "xlsx", lang="en")), sheet_name=None)
    assert list(en) == ["data", "problems", "fields"]


def test_extract_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(ExtractFormatError, match="parquet"):
        render_extract([_full_report()], "parquet")


def test_decimal_out_never_rounds() -> None:
    assert decimal_out(Decimal("12")) == 12 and isinstance(decimal_out(Decimal("12.00")), int)
    assert decimal_out(Decimal("0.1")) == 0.1
    exact = Decimal("12345678901234567.891")
    assert decimal_out(exact) == "12345678901234567.891"
    assert decimal_out(Decimal("NaN")) == "NaN"

"""What crosses the process boundary of a batch: a report's figures travel packed (one blob made in
the worker) and are unpacked only where something reads them; the json writer's fast encoder gives
the stdlib's text and falls back to it for what it refuses."""

from __future__ import annotations

import copy
import io
import json
import pickle
from decimal import Decimal

from govinfo_check.models import FileResult, Figure, ParsedReport, Source, Value
from govinfo_check.reporters.json import JsonReporter, _indented


def _report() -> ParsedReport:
    src = Source("requests", 12, 27, 3, "12", "（七）总计", "自然人")
    figures = {"requests.handled_total.natural": Figure("requests.handled_total.natural",
                                                        Value("number", Decimal(12), "12"), src)}
    fee = {"other.processing_fee": Figure("other.processing_fee", Value("number", Decimal(0), "0"), None)}
    return ParsedReport(path="a.docx", agency="淄博市司法局", year=2024, figures=figures, text_figures=fee)


def test_figures_survive_the_trip_and_unpack_on_first_read() -> None:
    original = _report()
    back = pickle.loads(pickle.dumps(original))
    assert "figures" not in back.__dict__  # still packed: the parent has not read them
    assert back.figures == original.figures
    assert back.text_figures == original.text_figures
    assert back.extras == {}
    assert back.number("requests.handled_total.natural") == Decimal(12)
    assert back == original


def test_a_packed_report_is_pickled_again_without_unpacking() -> None:
    back = pickle.loads(pickle.dumps(_report()))
    again = pickle.loads(pickle.dumps(copy.copy(back)))  # what the cross-year spool does
    assert "figures" not in back.__dict__
    assert again.figures["requests.handled_total.natural"].value.number == Decimal(12)


def test_figures_changed_after_unpacking_are_the_ones_sent_on() -> None:
    back = pickle.loads(pickle.dumps(_report()))
    back.figures.pop("requests.handled_total.natural")  # unpacks, then changes
    assert pickle.loads(pickle.dumps(back)).figures == {}


def test_a_missing_attribute_is_still_an_attribute_error() -> None:
    back = pickle.loads(pickle.dumps(_report()))
    assert not hasattr(back, "no_such_field")
    assert back.figures  # the failed lookup above did not consume the packed figures


def test_indented_json_is_the_stdlib_text() -> None:
    doc = {"path": "报告 甲.docx", "findings": [{"expected": 7730.28, "quote": "共\n受理\t5件", "ops": []}],
           "args": {}, "year": 2024, "ok": True, "none": None}
    assert _indented(doc, 2) == json.dumps(doc, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def test_indented_json_falls_back_for_what_the_fast_encoder_refuses() -> None:
    # a cell of 21 digits is a legal (if absurd) number; orjson stops at 64 bits
    doc = {"actual": 123456789012345678901, "quote": "\ud800"}
    assert _indented(doc, 0) == json.dumps(doc, ensure_ascii=False, indent=2)


def test_json_report_of_a_result_with_packed_figures() -> None:
    result = pickle.loads(pickle.dumps(FileResult("a.docx", _report(), [])))
    out = io.StringIO()
    rep = JsonReporter()
    rep.start(out)
    rep.add(result)
    rep.finish()
    doc = json.loads(out.getvalue())
    assert [(f["path"], f["agency"], f["year"], f["status"]) for f in doc["files"]] == [("a.docx", "淄博市司法局", 2024, "ok")]
    assert "figures" not in result.report.__dict__  # the json output never needed them

"""What crosses the process boundary of a batch: a report's figures travel packed (one blob made in
the worker) and are unpacked only where something reads them, or not at all when no reporter reads
them (the cross-year rules get the few they read in a view of their own); the json writer's fast
encoder gives the stdlib's text and falls back to it for what it refuses."""

from __future__ import annotations

import copy
import io
import json
import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_check import runner
from govinfo_check.models import FileResult, Figure, ParsedReport, Source, Value, _pack_figures, _unpack_figures
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
    again = pickle.loads(pickle.dumps(copy.copy(back)))
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


# -- the compact packing: every figure comes back as it was, its number's printed form included --------

_text = st.text(alphabet="0123456789一二三件元，.（）自然人总计 ", max_size=12)
_number = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=None),
                    st.sampled_from([Decimal("0.50"), Decimal("1E+2"), Decimal("-0"), Decimal("7730.28")]))
_source = st.one_of(st.none(), st.builds(Source, st.sampled_from(["active", "requests", "appeals"]),
                                         st.integers(0, 300), st.integers(0, 40), st.integers(0, 12),
                                         _text, _text, _text))
_figure = st.builds(lambda key, kind, number, raw, unit, reason, remark, source:
                    Figure(key, Value(kind, number, raw, unit, reason, remark), source),
                    st.sampled_from(["requests.new.total", "active.normative.issued", "x.y"]),
                    st.sampled_from(["number", "blank", "invalid"]), _number, _text,
                    st.sampled_from(["", "件", "万元"]), st.sampled_from(["", "not_a_number"]), _text, _source)
_dicts = st.dictionaries(st.text(min_size=1, max_size=8), _figure, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.tuples(_dicts, _dicts, _dicts))
def test_packed_figures_come_back_as_they_were(dicts) -> None:
    back = _unpack_figures(_pack_figures(dicts))
    assert back == dicts
    printed = [[str(f.value.number) for f in d.values()] for d in dicts]
    assert [[str(f.value.number) for f in d.values()] for d in back] == printed  # 0.50 stays 0.50


def test_a_number_that_is_not_a_decimal_is_packed_as_it_is() -> None:
    odd = ({"k": Figure("k", Value("number", 3, "3"), None)}, {}, {})  # type: ignore[arg-type]
    back = _unpack_figures(_pack_figures(odd))
    assert back == odd and type(back[0]["k"].value.number) is int


# -- figures dropped in the worker when nothing in the parent reads them ---------------------------------

def test_dropped_figures_are_not_sent_and_reading_them_fails_loudly() -> None:
    report = _report()
    report.drop_figures()
    back = pickle.loads(pickle.dumps(report))
    assert (back.agency, back.year) == ("淄博市司法局", 2024)
    with pytest.raises(AttributeError, match="dropped in the worker"):
        back.figures  # noqa: B018 - an empty dict here would make every figure silently missing
    assert len(pickle.dumps(report)) < len(pickle.dumps(_report()))


def test_the_cross_year_view_holds_only_what_the_cross_year_rules_read() -> None:
    rules = runner.load_rules()
    keys = runner.cross_year_keys(rules)
    columns = ["natural", "business", "research", "nonprofit", "legal", "other_org", "total"]
    assert keys == frozenset([f"requests.carried_in.{c}" for c in columns]
                             + [f"requests.carried_forward.{c}" for c in columns]
                             + [f"active.{i}.{k}" for i in ("normative", "regulation")
                                for k in ("in_force", "issued", "repealed")])
    report = _report()
    carried = Figure("requests.carried_in.natural", Value("number", Decimal(2), "2"), None)
    report.figures["requests.carried_in.natural"] = carried
    view = pickle.loads(runner.cross_year_view(report, rules))
    assert view.figures == {"requests.carried_in.natural": carried}
    assert view.text_figures == {}
    assert (view.path, view.agency, view.year, view.format_version) == ("a.docx", "淄博市司法局", 2024, "unknown")
    assert view.sections == [] and view.problems == []


def test_a_cross_year_kind_that_does_not_say_what_it_reads_gets_every_figure() -> None:
    from types import SimpleNamespace

    rules = SimpleNamespace(rules=[SimpleNamespace(scope="cross_year", kind="a_plugin_kind", instances=())])
    assert runner.cross_year_keys(rules) is None
    view = pickle.loads(runner.cross_year_view(_report(), rules))
    assert view.figures == _report().figures and view.text_figures == _report().text_figures

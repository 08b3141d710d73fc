"""Cross-year kinds and match_previous (checks/crossyear.py)."""

from __future__ import annotations

from typing import Any

import pytest

from govinfo_check.checks import crossyear as X
from govinfo_check.models import ParsedReport
from govinfo_check.registry import CheckContext
from test_narrative import make_report


def run(fn: Any, r: ParsedReport, prev: ParsedReport | None, **params: Any) -> list:
    return list(fn(CheckContext(r, previous=prev), params))


def test_carried_over_equal_to_previous_carried_forward() -> None:
    now = make_report({"requests.carried_in.natural": 2, "requests.carried_in.total": 2}, path="2024.docx")
    prev = make_report({"requests.carried_forward.natural": 2, "requests.carried_forward.total": 2}, path="2023.docx")
    assert run(X.carried_over_matches_previous, now, prev) == []


def test_carried_over_mismatch_per_column_names_both_files() -> None:
    now = make_report({"requests.carried_in.natural": 2, "requests.carried_in.total": 2}, path="2024.docx")
    prev = make_report({"requests.carried_forward.natural": 3, "requests.carried_forward.total": 3}, path="2023.docx")
    found = run(X.carried_over_matches_previous, now, prev)
    assert [h.fields[0] for h in found] == ["requests.carried_in.natural", "requests.carried_in.total"]
    h = found[0]
    assert (h.expected, h.actual) == (3, 2)
    assert h.args["path"] == "2024.docx" and h.args["previous_path"] == "2023.docx"
    assert h.location.column_label == "自然人" and h.location.table == "requests"


def test_no_previous_report_no_hits() -> None:
    assert run(X.carried_over_matches_previous, make_report({"requests.carried_in.total": 2}), None) == []


def test_in_force_continuity() -> None:
    prev = make_report({"active.normative.in_force": 698})
    ok = make_report({"active.normative.in_force": 643, "active.normative.issued": 77,
                      "active.normative.repealed": 132})
    assert run(X.in_force_continuity, ok, prev) == []
    bad = make_report({"active.normative.in_force": 470, "active.normative.issued": 77,
                       "active.normative.repealed": 132})
    [h] = run(X.in_force_continuity, bad, prev)
    assert (h.expected, h.actual) == (643, 470) and h.args["previous_value"] == 698


def test_in_force_skipped_when_previous_has_no_such_figure() -> None:
    prev = make_report({})
    del prev.figures["active.normative.in_force"]
    del prev.figures["active.regulation.in_force"]
    bad = make_report({"active.normative.in_force": 470, "active.normative.issued": 77})
    assert run(X.in_force_continuity, bad, prev) == []


@pytest.mark.parametrize("a,b", [
    ("淮安市人民政府", "淮安市 人民政府"), ("淮安市人民政府", "淮安市人民政府办公室"), ("淮安市人民政府", "淮安市政府办"),
    ("淮安市洪泽区人民政府", "淮安市洪泽区政府"), ("平潭综合实验区（管委会）", "平潭综合实验区管委会"),
])
def test_agency_names_normalised(a: str, b: str) -> None:
    assert X.normalize_agency(a) == X.normalize_agency(b)


def test_different_agencies_stay_different() -> None:
    assert X.normalize_agency("淮安市人民政府") != X.normalize_agency("淮安市洪泽区人民政府")


def test_match_previous_pairs_same_agency_year_minus_one() -> None:
    r = [ParsedReport(path="b/2024.docx", agency="淮安市人民政府", year=2024),
         ParsedReport(path="a/2023.docx", agency="淮安市人民政府办公室", year=2023),
         ParsedReport(path="c/2022.docx", agency="淮安市人民政府", year=2022),
         ParsedReport(path="d/2023.docx", agency="洪泽区人民政府", year=2023),
         ParsedReport(path="e/2024.docx", agency=None, year=2024)]
    pairs = X.match_previous(r)
    assert {k: v.path for k, v in pairs.items()} == {"b/2024.docx": "a/2023.docx", "a/2023.docx": "c/2022.docx"}

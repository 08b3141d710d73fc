"""parse_file on every generated sample (samples/) against its expected figures
(tests/data/expected/*.json): every canonical field, the extras, and the report facts.

Also: parse_file never raises, whatever the file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import TEMPLATE_DOCX
from govinfo_check import fields
from govinfo_check.models import ParsedReport
from govinfo_check.pipeline import _internal_error, parse_file

REPO = Path(__file__).resolve().parents[1]
EXPECTED_DIR = REPO / "tests" / "data" / "expected"
EXPECTED = sorted(EXPECTED_DIR.glob("*.json")) if EXPECTED_DIR.is_dir() else []

def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed_cache() -> dict[str, ParsedReport]:
    return {}


def _parse(exp: dict, cache: dict[str, ParsedReport]) -> ParsedReport:
    path = REPO / exp["path"]
    assert path.exists(), f"sample {exp['path']} listed in the expected data but missing"
    if exp["path"] not in cache:
        cache[exp["path"]] = parse_file(path)
    return cache[exp["path"]]


def _ids() -> list[str]:
    return [p.stem.removesuffix(".docx") for p in EXPECTED]


def test_expected_sample_data_is_there():
    assert len(EXPECTED) >= 40, "tests/data/expected/*.json: run tools/make_samples.py"


@pytest.mark.parametrize("expected_path", EXPECTED, ids=_ids())
def test_every_canonical_field_matches(expected_path: Path, parsed_cache):
    exp = _load(expected_path)
    report = _parse(exp, parsed_cache)
    if exp.get("read_error"):
        [problem] = report.problems
        assert problem.code in (exp["read_error"], *exp.get("read_error_alternatives", []))
        assert report.document is None and report.figures == {}
        return
    wrong = []
    for key in fields.canonical_keys():
        want = exp["fields"].get(key)
        fig = report.figures.get(key)
        if want is None:
            # null: the form has no such cell here (picture, missing table, 2019 layout) or it holds no number
            if fig is not None and fig.value.kind != "invalid":
                wrong.append((key, None, fig.value.raw))
        elif fig is None or fig.value.as_number != Decimal(str(want)):
            wrong.append((key, want, fig.value.raw if fig else "<absent>"))
    assert wrong == []


@pytest.mark.parametrize("expected_path", EXPECTED, ids=_ids())
def test_extras_and_report_facts_match(expected_path: Path, parsed_cache):
    exp = _load(expected_path)
    report = _parse(exp, parsed_cache)
    if exp.get("read_error"):
        return
    want_extras = {k: Decimal(str(v)) for k, v in exp.get("extras", {}).items()}
    got_extras = {k: f.value.as_number for k, f in report.extras.items()}
    assert got_extras == want_extras
    assert report.format_version == exp["format_version"]
    assert (report.agency, report.year) == (exp["agency"], exp["year"])
    if "period_years" in exp:
        assert report.period_years == exp["period_years"]
    # the samples are built from the official template: no row or column may go unfound
    assert [p.code for p in report.problems if p.code.startswith("L-")] == []


def test_unsupported_suffix_is_a_finding(tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(b"%PDF-1.4")
    r = parse_file(path)
    assert [p.code for p in r.problems] == ["F-010"] and ".xls" in r.problems[0].messages["zh"]
    assert r.document is None


def test_unreadable_files_never_raise(tmp_path):
    missing = parse_file(tmp_path / "nope.docx")
    assert len(missing.problems) == 1 and missing.problems[0].category == "read"
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    r = parse_file(folder)
    assert len(r.problems) == 1 and r.problems[0].category == "read"
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip at all")
    assert [p.code for p in parse_file(junk).problems] == ["F-001"]


def test_official_blank_template_parses_cleanly():
    r = parse_file(TEMPLATE_DOCX)
    assert r.problems == [] and r.format_version == "2021"
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert set(r.figures) == set(fields.canonical_keys())
    assert {f.value.kind for f in r.figures.values()} == {"blank"}  # \u3000 and empty cells


def test_internal_error_becomes_f009_with_the_exception_text():
    try:
        {}["boom"]
    except KeyError as exc:
        r = _internal_error(ParsedReport(path="x.docx"), exc)
    assert [p.code for p in r.problems] == ["F-009"]
    assert "KeyError" in r.problems[0].messages["zh"] and "boom" in r.problems[0].messages["en"]

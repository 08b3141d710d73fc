"""Laws that hold for every report, checked on reports hypothesis makes up (issue #12):

(a) a report whose figures satisfy every relation of the format, written by the sample generator
    (tools/make_samples.py, imported, never copied), gives no finding at all;
(b) the same report with one table cell changed by any amount gives an error at that cell, and
    where that one cell explains every relation that fails (any cell of table 三 sits in a row sum
    and a column sum), B-001 names it;
(c) random bytes, truncations and bit flips of a good .docx never make ``parse_file`` raise — nor
    report an internal error (F-009): a damaged file is a read finding, not a bug.

Example counts are small (each generated report takes ~0.2 s to build and check) and the runs
are derandomized: the same examples every time, in CI too. ``HYPOTHESIS_PROFILE=deep`` runs many
more, at random, by hand.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo_check import checker, pipeline, runner

REPO = Path(__file__).resolve().parents[1]
PLAIN = REPO / "samples" / "positive" / "plain-2024.docx"

settings.register_profile("ci", derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", deadline=None, max_examples=300,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
DEEP = PROFILE == "deep"


def _make_samples():
    name = "make_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "tools" / "make_samples.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


ms = _make_samples()
RULES = runner.load_rules()
SCALES = ("zero", "small", "medium", "large")
# the printed cells that take part in a relation: every cell of tables 三 and 四 (table 二 has
# no sums, and its fee is a value check of its own)
RELATED_KEYS = tuple(k for k in ms._printed_keys("2021") if k.startswith(("requests.", "appeals.")))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


def _check(figures: dict, workdir: Path, name: str):
    spec = ms.SampleSpec(name=f"properties/{name}-2024.docx", figures=figures, seed=1)
    path = workdir / f"{name}.docx"
    path.write_bytes(ms.build_report(spec).data)
    return checker.check_file(path, RULES)


consistent_figures = st.builds(lambda rng, scale: ms.random_figures(rng, scale),
                               st.randoms(use_true_random=False), st.sampled_from(SCALES))


@settings(settings.get_profile(PROFILE), max_examples=200 if DEEP else 8)
@given(figures=consistent_figures)
def test_a_consistent_report_has_no_finding(figures, workdir) -> None:
    assert ms.check_relations(figures) == []  # the generator's own promise, checked
    result = _check(figures, workdir, "consistent")
    # C-… (#17) judge the prose of sections 五/六/一, which the generator writes the same for every
    # figure set: they are no part of this law
    assert [(f.code, f.message("en")) for f in result.findings if not f.code.startswith("C-")] == []


@settings(settings.get_profile(PROFILE), max_examples=200 if DEEP else 12)
@given(figures=consistent_figures, key=st.sampled_from(RELATED_KEYS), size=st.integers(1, 400), up=st.booleans())
def test_one_changed_cell_is_found_and_blamed(figures, key, size, up, workdir) -> None:
    value = figures[key]
    delta = size if up or value == 0 else -min(size, value)  # a count stays a count: never below 0
    changed = dict(figures, **{key: value + delta})
    result = _check(changed, workdir, "changed")
    errors = [f for f in result.findings if f.severity == "error"]
    at_cell = [f for f in errors if key in f.fields or (f.blame or {}).get("key") == key]
    assert at_cell, [(f.code, f.fields, f.message("en")) for f in result.findings]
    blamed = [f for f in result.findings if f.code == "B-001"]
    assert all(f.blame["key"] == key for f in blamed), [(f.blame, f.message("en")) for f in blamed]
    if key.startswith("requests."):
        # a cell of table 三 is in its row's sum and its column's balance: one cell explains both
        assert len(blamed) == 1
        assert blamed[0].blame["printed"] == value + delta and blamed[0].blame["implied"] == value


GOOD = PLAIN.read_bytes()


def _parse(data: bytes, workdir: Path) -> None:
    path = workdir / "mangled.docx"
    path.write_bytes(data)
    report = pipeline.parse_file(path)  # must not raise
    internal = [p.message("en") for p in report.problems if p.code == "F-009"]
    assert internal == []


@settings(settings.get_profile(PROFILE), max_examples=1000 if DEEP else 60)
@given(data=st.one_of(st.binary(max_size=4096), st.binary(min_size=4, max_size=512).map(lambda b: b"PK\x03\x04" + b)))
def test_random_bytes_never_raise(data, workdir) -> None:
    _parse(data, workdir)


@settings(settings.get_profile(PROFILE), max_examples=500 if DEEP else 40)
@given(cut=st.integers(0, len(GOOD)))
def test_truncations_never_raise(cut, workdir) -> None:
    _parse(GOOD[:cut], workdir)


@settings(settings.get_profile(PROFILE), max_examples=1000 if DEEP else 60)
@given(flips=st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 7)), min_size=1, max_size=8))
def test_bit_flips_never_raise(flips, workdir) -> None:
    data = bytearray(GOOD)
    for offset, bit in flips:
        data[offset] ^= 1 << bit
    _parse(bytes(data), workdir)

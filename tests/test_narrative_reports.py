"""Real prose in whole reports: the sentences of each source page of tests/data/narrative_sentences.yaml,
read as one paragraph (so a sentence inherits the topic of the one before, as in the report), placed in a
report whose tables agree with every figure a careful reader takes from the text.

- correct tables → no narrative error (and no narrative warning: every stated figure agrees);
- one stated figure changed in the tables → a narrative finding names it. The catch rate over the corpus is
  measured and must stay at or above 95 %.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest

from govinfo_check import engine
from govinfo_check import fields as F
from govinfo_check.checks.claims import load_vocabulary
from test_narrative import make_report
from test_narrative_corpus import ENTRIES

VOCAB = load_vocabulary()


def _readings(subject: str) -> list[tuple[str, ...]]:
    """The figures a corpus claim may mean, as tuples of keys ("upheld:review" → the review reading)."""
    name, _, appeal = subject.partition(":")
    readings = [r for r in VOCAB.subjects[name].readings if not appeal or r.startswith(appeal)]
    return [VOCAB.figures[r].keys for r in readings]


def _pages() -> list[dict[str, Any]]:
    pages: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for e in ENTRIES:
        page = pages.setdefault(e["source"], {"source": e["source"], "year": e.get("year"), "texts": [], "claims": []})
        page["texts"].append(e["text"])
        page["year"] = page["year"] or e.get("year")
        page["claims"].extend((s, v) for s, v, _ in e["claims"])
    return [p for p in pages.values() if p["claims"]]


def _satisfied(figs: dict[str, int], readings: list[tuple[str, ...]], value: int) -> bool:
    return any(sum(figs.get(k, 0) for k in keys) == value for keys in readings)


def agreeing_figures(claims: list[tuple[str, int]]) -> dict[str, int] | None:
    """Table figures that make every claim true, or None when the claims cannot all hold at once."""
    figs: dict[str, int] = {}
    fixed: set[str] = set()
    # claims with one reading first (they leave no choice), narrow sums before wide ones
    for subject, value in sorted(claims, key=lambda c: (len(_readings(c[0])), max(map(len, _readings(c[0]))))):
        readings = _readings(subject)
        if _satisfied(figs, readings, value):
            fixed.update(readings[0])
            continue
        for keys in readings:
            free = [k for k in keys if k not in fixed]
            rest = sum(figs.get(k, 0) for k in keys if k in fixed)
            if free and value - rest >= 0:
                for k in free:
                    figs[k] = 0
                figs[free[0]] = value - rest
                fixed.update(keys)
                break
        else:
            return None
    if not all(_satisfied(figs, _readings(s), v) for s, v in claims):
        return None
    return figs


def narrative_findings(texts: list[str], figs: dict[str, int], year: int | None) -> list:
    report = make_report(figs, ["".join(texts)], year=year, format_version="2021")
    return engine.evaluate(report, engine.load_rules(), select=("N",))


PAGES = _pages()


def test_most_pages_give_one_consistent_table() -> None:
    solvable = [p for p in PAGES if agreeing_figures(p["claims"]) is not None]
    assert len(PAGES) >= 50 and len(solvable) >= 0.9 * len(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p["source"][-40:] for p in PAGES])
def test_correct_report_with_real_prose_has_no_narrative_finding(page: dict[str, Any]) -> None:
    figs = agreeing_figures(page["claims"])
    if figs is None:
        pytest.skip("the page's claims cannot all hold in one table")
    found = narrative_findings(page["texts"], figs, page["year"])
    assert [(f.code, f.severity, f.message()) for f in found] == []


def _changed_cases() -> list[tuple[dict[str, Any], str, int]]:
    cases = []
    for page in PAGES:
        if agreeing_figures(page["claims"]) is None:
            continue
        seen = set()
        for subject, value in page["claims"]:
            if (subject, value) not in seen:
                seen.add((subject, value))
                cases.append((page, subject, value))
    return cases


def _change(figs: dict[str, int], subject: str) -> tuple[dict[str, int], set[str]]:
    """Change the table so that no reading of the claim holds: +1 on the first key of every reading."""
    changed = dict(figs)
    canonical = set(F.canonical_keys())  # a 2021 table: the one-row （六） of older layouts is not there
    keys = {keys[0] for keys in _readings(subject) if keys[0] in canonical}
    for k in keys:
        changed[k] = changed.get(k, 0) + 1
    return changed, keys


CASES = _changed_cases()


def test_catch_rate_of_changed_table_figures_is_at_least_95_percent() -> None:
    caught = 0
    missed = []
    for page, subject, value in CASES:
        figs = agreeing_figures(page["claims"])
        assert figs is not None
        changed, keys = _change(figs, subject)
        found = narrative_findings(page["texts"], changed, page["year"])
        if any(keys & set(f.fields) for f in found):
            caught += 1
        else:
            missed.append((page["source"], subject, value))
    rate = caught / len(CASES)
    print(f"\ncatch rate: {caught}/{len(CASES)} = {rate:.1%}; missed: {missed}")
    assert len(CASES) >= 150 and rate >= 0.95, missed


def test_a_changed_figure_is_reported_with_clause_field_and_both_values() -> None:
    page = next(p for p in PAGES if "jiaxing" in p["source"])
    figs = agreeing_figures(page["claims"])
    assert figs is not None and figs["requests.carried_forward.total"] == 12
    found = narrative_findings(page["texts"], figs | {"requests.carried_forward.total": 13}, page["year"])
    [f] = found
    assert (f.code, f.severity, f.expected, f.actual) == ("N-001", "error", 13, 12)
    assert f.fields == ["requests.carried_forward.total"]
    assert "结转下年度继续办理的12件" in f.message() and "四、结转下年度继续办理" in f.message()


def test_fields_used_by_the_vocabulary_exist() -> None:
    known = set(F.field_index())
    for fig in VOCAB.figures.values():
        assert fig.keys and set(fig.keys) <= known, fig.name

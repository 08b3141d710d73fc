"""sum_equals tells a holding relation by two sums over the report's numbers (CheckContext.numbers) and
sums a failing one again term by term for its hit: the verdict and the hit must be those of the
term-by-term sum alone, whatever the cells hold (blank, unreadable, decimals, absent, a key both a
figure and an extra)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_check.checks import generic
from govinfo_check.models import Figure, ParsedReport, Value
from govinfo_check.registry import CheckContext

KEYS = ["requests.new.total", "requests.carried_in.total", "requests.handled_total.total",
        "requests.carried_forward.total", "requests.granted.total"]

_VALUES = st.one_of(
    st.integers(-3, 40).map(lambda n: Value("number", Decimal(n), str(n))),
    st.sampled_from(["1.5", "0.25", "10.0"]).map(lambda s: Value("number", Decimal(s), s)),
    st.just(Value("blank", Decimal(0), "")),
    st.just(Value("blank", None, "")),
    st.just(Value("invalid", None, "约10", reason="not_a_number")),
)
_CELLS = st.dictionaries(st.sampled_from(KEYS), _VALUES, max_size=len(KEYS))


def _report(figures: dict[str, Value], extras: dict[str, Value]) -> ParsedReport:
    return ParsedReport(path="<t>", figures={k: Figure(k, v, None) for k, v in figures.items()},
                        extras={k: Figure(k, v, None) for k, v in extras.items()})


def _term_by_term(report: ParsedReport, spec: generic.LinearSpec) -> list[dict]:
    residual = generic._weighted_sum(report, spec.linear_terms)
    if residual is None or residual == 0:
        return []
    values = generic._numbers(report, spec.linear_terms)
    return [generic._linear_hit(report, spec, values, residual).__dict__]


@settings(max_examples=600, deadline=None)
@given(_CELLS, _CELLS, st.lists(st.sampled_from(KEYS), min_size=1, max_size=3),
       st.lists(st.sampled_from(KEYS), min_size=1, max_size=3), st.booleans())
def test_the_fast_verdict_is_the_term_by_term_one(figures, extras, left, right, weighted):
    params = {"left": left if not weighted else [{"key": left[0], "weight": 2}, *left[1:]], "right": right}
    spec = generic._prepare_sum(params)
    assert (spec.plus is None) == weighted
    report = _report(figures, extras)
    hits = [h.__dict__ for h in generic.sum_equals(CheckContext(report), spec)]
    assert hits == _term_by_term(report, spec)


def test_an_unreadable_figure_is_not_replaced_by_an_extra_of_the_same_key():
    # generic.figure() takes the figure first: its unreadable value leaves the relation unevaluated
    key = "requests.new.total"
    report = _report({key: Value("invalid", None, "约10", reason="not_a_number"),
                      "requests.handled_total.total": Value("number", Decimal(3), "3")},
                     {key: Value("number", Decimal(5), "5")})
    assert key not in CheckContext(report).numbers()
    spec = generic._prepare_sum({"left": [key], "right": ["requests.handled_total.total"]})
    assert list(generic.sum_equals(CheckContext(report), spec)) == []


def test_a_failing_relation_reports_its_residual():
    report = _report({"requests.new.total": Value("number", Decimal(7), "7"),
                      "requests.carried_in.total": Value("blank", Decimal(0), ""),
                      "requests.handled_total.total": Value("number", Decimal(5), "5")}, {})
    spec = generic._prepare_sum({"left": ["requests.new.total", "requests.carried_in.total"],
                                 "right": ["requests.handled_total.total"]})
    (hit,) = generic.sum_equals(CheckContext(report), spec)
    assert (hit.args["left"], hit.args["right"], hit.args["residual"]) == (7, 5, 2)
    assert (hit.expected, hit.actual) == (7, 5)


def test_a_rule_set_without_plans_still_evaluates():
    # a RuleSet pickled before it kept its per-format plans (an older data cache entry) has no _plans
    from govinfo_check import engine
    from govinfo_check.engine.ruleset import RuleSet

    rules = engine.load_rules()
    bare = RuleSet.__new__(RuleSet)
    bare.__dict__.update({k: v for k, v in rules.__dict__.items() if k != "_plans"})
    case = {"fields": {"requests.new.total": 3, "requests.handled_total.total": 1}}
    found = [f.code for f in engine.evaluate(engine.report_from_case(case), bare)]
    assert found == [f.code for f in engine.evaluate(engine.report_from_case(case), rules)]
    # 3 new requests, 1 handled, the rest 0: the totals of table 三 do not add up
    assert found == ["T3-001", "T3-002", "T3-003", "T3-003"]

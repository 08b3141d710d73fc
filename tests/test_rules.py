"""Walk every rule of every packaged rule file: each must carry at least one
passing and one failing declarative case, and each case must behave as declared."""

from __future__ import annotations

import pytest

from govinfo_check.engine import Rule, load_rules
from rulecase import check_failing, run_case

RULES = load_rules()


def _cases(which: str) -> list[tuple[Rule, int]]:
    return [(r, i) for r in RULES for i in range(len(r.tests.get(which) or []))]


def _id(param: tuple[Rule, int]) -> str:
    rule, i = param
    return f"{rule.code}#{i}"


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.code)
def test_rule_has_passing_and_failing_case(rule: Rule) -> None:
    assert rule.tests.get("pass"), f"{rule.file}:{rule.line}: rule {rule.code} has no passing test case"
    assert rule.tests.get("fail"), f"{rule.file}:{rule.line}: rule {rule.code} has no failing test case"


@pytest.mark.parametrize("param", _cases("pass"), ids=_id)
def test_passing_case(param: tuple[Rule, int]) -> None:
    rule, i = param
    case = rule.tests["pass"][i]
    findings = run_case(rule, RULES, case)
    assert findings == [], f"{rule.code} pass#{i} ({case.get('name', '')}): " + " | ".join(
        f"[{f.code}] {f.message('zh')}" for f in findings)


@pytest.mark.parametrize("param", _cases("fail"), ids=_id)
def test_failing_case(param: tuple[Rule, int]) -> None:
    rule, i = param
    case = rule.tests["fail"][i]
    findings = run_case(rule, RULES, case)
    problems = check_failing(rule, findings, case.get("expect"))
    assert not problems, f"{rule.code} fail#{i} ({case.get('name', '')}): " + "; ".join(problems)


def test_every_failing_finding_has_both_languages() -> None:
    for rule, i in _cases("fail"):
        for f in run_case(rule, RULES, rule.tests["fail"][i]):
            assert f.messages.get("zh") and f.messages.get("en"), f.code
            assert "{" not in f.messages["zh"] + f.messages["en"], f"unrendered placeholder in {f.messages}"

"""Declarative test cases → ParsedReport, and running one rule's cases.

A case is the mapping written under a rule's ``tests: {pass: [...], fail: [...]}`` (docs/RULES.md,
"Test cases"): ``fields`` / ``extras`` (key → number, raw cell text, or null for blank), ``absent``,
``format_version``, ``year``, ``missing_tables``, ``picture_tables``, ``paragraphs``, ``title``,
``period_years``, ``sections``, ``previous`` (a case for last year's report) and, for failing cases,
``expect: {codes, count, fields}``. Unspecified canonical keys make a consistent all-zero report.

The builder lives in the package (``engine.report_from_case``) because ``explain`` evaluates the
examples too; this module is the tests' entry point to it.
"""

from __future__ import annotations

from typing import Any, Mapping

from govinfo_check.engine import Rule, RuleSet, evaluate, report_from_case
from govinfo_check.models import Finding, ParsedReport


def build_report(case: Mapping[str, Any]) -> ParsedReport:
    return report_from_case(case)


def build_previous(case: Mapping[str, Any]) -> ParsedReport | None:
    prev = case.get("previous")
    return report_from_case(prev) if prev else None


def run_case(rule: Rule, rules: RuleSet, case: Mapping[str, Any]) -> list[Finding]:
    """Evaluate one rule alone on a case, without blame (so its own symptoms are what we see)."""
    return evaluate(build_report(case), rules.subset([rule.code]), previous=build_previous(case),
                    scope="all", blame=False)


def check_failing(rule: Rule, findings: list[Finding], expect: Mapping[str, Any] | None) -> list[str]:
    """Problems with a failing case's findings (empty = as expected)."""
    expect = expect or {}
    problems = []
    if not findings:
        return ["no finding"]
    codes = set(expect.get("codes") or [rule.code])
    got = {f.code for f in findings}
    if got != codes:
        problems.append(f"codes {sorted(got)} != expected {sorted(codes)}")
    if "count" in expect and len(findings) != expect["count"]:
        problems.append(f"{len(findings)} findings != expected {expect['count']}: "
                        + " | ".join(f.message("zh") for f in findings))
    named = {k for f in findings for k in f.fields}
    missing = [k for k in expect.get("fields") or [] if k not in named]
    if missing:
        problems.append(f"fields {missing} not named by any finding (named: {sorted(named)})")
    return problems

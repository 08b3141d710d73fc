"""Evaluation: every applicable rule instance over a parsed report, hits rendered into findings,
then blame and severity overrides."""

from __future__ import annotations

from typing import Mapping, Sequence

from .. import catalogue
from ..models import Finding, ParsedReport
from ..registry import CheckContext, CheckFn
from .blame import _fold, _Item
from .compile import _all_kinds
from .messages import _finding
from .ruleset import FORMATS, SCOPES, Rule, RuleSet
from .selection import _check_overrides, _override, is_selected

if "R-001" not in {d.code for d in catalogue.all_defs()}:
    catalogue.define(
        "R-001", "rule-failed", "error", "read", "检查规则",
        "规则 {rule} 执行出错，该项未能检查：{detail}",
        "Rule {rule} failed and was not checked: {detail}",
        "检查规则本身出错（程序缺陷），该规则的结果缺失；其他规则照常检查。",
    )


def evaluate(report: ParsedReport, rules: RuleSet, *, previous: ParsedReport | None = None,
             select: Sequence[str] = (), ignore: Sequence[str] = (),
             severity_overrides: Mapping[str, str] | None = None, scope: str = "file",
             blame: bool = True) -> list[Finding]:
    """Run every rule that applies to the report's format and the scope ("file": single-file rules,
    "cross_year": rules comparing with ``previous``, "all": both). ``blame=False`` reports the raw
    symptoms (the rule-file test walker uses it)."""
    if scope not in SCOPES:
        raise ValueError(f"scope: expected one of {', '.join(SCOPES)}, got {scope!r}")
    overrides = dict(severity_overrides or {})
    _check_overrides(overrides)
    ctx = CheckContext(report=report, previous=previous)
    fmt = report.format_version if report.format_version in FORMATS else "unknown"
    items: list[_Item] = []
    applied: set[str] = set()
    # --select B-001 (or B): a blamed cell is derived from the failed relations, so those run too and
    # are then left out of what is reported
    helpers = blame and bool(select) and is_selected("B-001", select, ignore, "blamed-cell")
    choosing = bool(select or ignore)
    for rule, fn in _applicable(rules, fmt, scope, previous is not None):
        if choosing and not is_selected(rule.code, select, ignore, rule.name) \
                and not (helpers and _is_linear_rule(rule)):
            continue
        applied.add(rule.code)
        items.extend(_run_rule(rule, ctx, fn))
    if blame:
        items = _fold(items, report, rules, applied, select, ignore)
    findings = [it.finding for it in items]
    if helpers:
        findings = [f for f in findings if is_selected(f.code, select, ignore, f.name)]
    for f in findings:
        sev = _override(f.code, overrides)
        if sev:
            f.severity = sev  # type: ignore[assignment]
    return findings


def _is_linear_rule(rule: Rule) -> bool:
    return any(getattr(inst.spec, "linear_terms", None) is not None for inst in rule.instances)


def _applicable(rules: RuleSet, fmt: str, scope: str, has_previous: bool) -> tuple[tuple[Rule, CheckFn], ...]:
    """The rules a report of this format runs in this scope, each with its kind's function: the same
    for every report of a batch, so worked out once per rule set."""
    key = (fmt, scope, has_previous)
    plans = rules.__dict__.setdefault("_plans", {})  # a rule set unpickled from before plans has none
    plan = plans.get(key)
    if plan is None:
        kinds = _all_kinds()
        plan = plans[key] = tuple(
            (rule, kinds[rule.kind].fn) for rule in rules.rules
            if fmt in rule.formats and (scope == "all" or rule.scope == scope)
            and (rule.scope != "cross_year" or has_previous))
    return plan


def _run_rule(rule: Rule, ctx: CheckContext, fn: CheckFn | None = None) -> list[_Item]:
    if fn is None:
        fn = _all_kinds()[rule.kind].fn
    out: list[_Item] = []
    for inst in rule.instances:
        try:
            for hit in fn(ctx, inst.spec):
                out.append(_Item(_finding(rule, inst, hit, ctx.report), rule, inst))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not cost the file its other checks
            f = catalogue.make("R-001", rule=rule.code, detail=f"{type(exc).__name__}: {exc}")
            out.append(_Item(f, rule, inst))
            break
    return out

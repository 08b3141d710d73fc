"""Blame: arithmetic symptoms folded into their cause — into a blank-total finding when a blank total
caused them, or into one ``B-001`` finding when a single cell explains them all."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from .. import catalogue
from ..checks import generic
from ..models import Finding, ParsedReport
from .messages import _render, cell_text
from .ruleset import Instance, Rule, RuleSet
from .selection import is_selected

# Findings raised by the engine itself (not by a rule file). Registered in the catalogue so that
# `rules`/`explain` and the reporters see them like any other code.
if "B-001" not in {d.code for d in catalogue.all_defs()}:
    catalogue.define(
        "B-001", "blamed-cell", "error", "arithmetic", "勾稽关系（综合判断）",
        "最可能的错误：{cell}：填报 {printed}，按合计应为 {implied}（可同时解释 {count} 处勾稽关系不符：{symptom_codes}）",
        "Most likely error: {cell}: printed {printed}, the totals imply {implied} "
        "(this one cell explains {count} failed relations: {symptom_codes})",
        "当若干勾稽关系同时不成立，而且只改动一个单元格（同一差值）就能使它们全部成立时，"
        "只报告这个单元格，原来的各条不符作为其症状列出（related / args.symptoms）。",
    )


@dataclass
class _Item:
    finding: Finding
    rule: Rule | None
    inst: Instance | None


def _coefficients(inst: Instance) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, w in inst.spec.linear_terms:
        out[key] = out.get(key, 0) + w
    return out


def _is_linear(it: _Item) -> bool:
    return (it.inst is not None and getattr(it.inst.spec, "linear_terms", None) is not None
            and "residual" in it.finding.args)


def _symptom(it: _Item) -> dict[str, str]:
    return {"code": it.finding.code, **it.finding.messages}


def _fold(items: list[_Item], report: ParsedReport, rules: RuleSet, applied: set[str],
          select: Sequence[str], ignore: Sequence[str]) -> list[_Item]:
    linear = [it for it in items if _is_linear(it)]
    folded: set[int] = set()
    # 1. a blank total with non-zero items explains every relation that holds that cell
    for anchor in items:
        key = anchor.finding.args.get("folds")
        if not key:
            continue
        symptoms = [it for it in linear if id(it) not in folded and key in _coefficients(it.inst)]  # type: ignore[arg-type]
        _attach(anchor.finding, symptoms)
        folded.update(id(it) for it in symptoms)
    # 2. one cell whose single change makes every relation it is in hold
    blamed: list[tuple[_Item, Finding]] = []
    if is_selected("B-001", select, ignore, "blamed-cell"):
        remaining = [it for it in linear if id(it) not in folded]
        for cell, symptoms, d in _blame_cells(remaining, report, rules, applied):
            finding = _blame_finding(report, cell, symptoms, d)
            blamed.append((symptoms[0], finding))
            folded.update(id(it) for it in symptoms)
    first_of = {id(anchor): f for anchor, f in blamed}
    out: list[_Item] = []
    for it in items:
        if id(it) in first_of:
            out.append(_Item(first_of[id(it)], None, None))
        if id(it) not in folded:
            out.append(it)
    return out


def _attach(finding: Finding, symptoms: Sequence[_Item]) -> None:
    if not symptoms:
        return
    finding.related.extend(it.finding.code for it in symptoms)
    finding.args.setdefault("symptoms", []).extend(_symptom(it) for it in symptoms)


def _residual(report: ParsedReport, inst: Instance) -> Decimal:
    values = generic._numbers(report, inst.spec.linear_terms)
    assert values is not None  # a failing relation was evaluated, so every operand is readable
    return sum((w * v for (_, w), v in zip(inst.spec.linear_terms, values)), Decimal(0))


def _blame_cells(failing: list[_Item], report: ParsedReport, rules: RuleSet, applied: set[str],
                 ) -> list[tuple[str, list[_Item], Decimal]]:
    if not failing:
        return []
    coefs = {id(it): _coefficients(it.inst) for it in failing}  # type: ignore[arg-type]
    residuals = {id(it): _residual(report, it.inst) for it in failing}  # type: ignore[arg-type]
    failing_insts = {id(it.inst) for it in failing}
    candidates: dict[str, tuple[list[_Item], Decimal]] = {}
    for key in dict.fromkeys(k for it in failing for k in coefs[id(it)]):
        found = _explains(key, failing, coefs, residuals, report, rules, applied, failing_insts)
        if found is not None:
            candidates[key] = found
    chosen: list[tuple[str, list[_Item], Decimal]] = []
    explained: set[int] = set()
    for key, (symptoms, d) in sorted(candidates.items(), key=lambda kv: -len(kv[1][0])):
        mine = {id(s) for s in symptoms}
        rival = any(other != key and len(o_sym) >= len(symptoms) and mine & {id(s) for s in o_sym}
                    for other, (o_sym, _) in candidates.items())
        if rival or mine & explained:
            continue
        chosen.append((key, symptoms, d))
        explained |= mine
    return chosen


def _explains(key: str, failing: list[_Item], coefs: dict[int, dict[str, int]], residuals: dict[int, Decimal],
              report: ParsedReport, rules: RuleSet, applied: set[str], failing_insts: set[int],
              ) -> tuple[list[_Item], Decimal] | None:
    """The failing relations this cell would all repair with one change d, or None."""
    symptoms = [it for it in failing if coefs[id(it)].get(key)]
    ds = {-residuals[id(it)] / coefs[id(it)][key] for it in symptoms}
    if len(ds) != 1:
        return None
    d = ds.pop()
    f = generic.figure(report, key)
    printed = f.value.as_number if f is not None else None
    if printed is None or d == 0:
        return None
    implied = printed + d
    if implied < 0 or (generic.field_type(key) == "count" and implied != implied.to_integral_value()):
        return None
    # a relation that holds today and names this cell would break if the cell changed
    for rule, inst in rules._linear.get(key, ()):
        if rule.code in applied and id(inst) not in failing_insts and _coefficients(inst).get(key):
            if generic._numbers(report, inst.spec.linear_terms) is not None:
                return None
    return symptoms, d


def _blame_finding(report: ParsedReport, key: str, symptoms: list[_Item], d: Decimal) -> Finding:
    f = generic.figure(report, key)
    assert f is not None and f.value.as_number is not None
    printed = f.value.as_number
    implied = printed + d
    loc = generic.cell_location(report, key)
    codes = [it.finding.code for it in symptoms]
    printed_text = {"zh": "空白", "en": "blank"} if f.value.kind == "blank" else generic.fmt(printed)
    args: dict[str, Any] = {
        "cell": cell_text(loc), "key": key, "printed": printed_text, "implied": generic.fmt(implied),
        "count": len(symptoms), "symptom_codes": "、".join(dict.fromkeys(codes)),
        "symptoms": [_symptom(it) for it in symptoms],
    }
    d_def = catalogue.get("B-001")
    return Finding(
        code=d_def.code, severity=d_def.severity, category=d_def.category,
        messages={"zh": _render(d_def.zh, args, "zh"), "en": _render(d_def.en, args, "en")},
        fields=[key], args=args, expected=generic.plain(implied), actual=generic.plain(printed),
        operands=[generic.operand(report, key)], location=loc, name=d_def.name, source=d_def.source,
        blame={"key": key, "printed": generic.plain(printed), "raw": f.value.raw,
               "implied": generic.plain(implied), "location": loc.to_dict()},
        related=codes,
    )

"""What a code checks, for ``rules`` and ``explain``: every code's summary, and one rule's text with
its formula and its own passing and failing examples evaluated."""

from __future__ import annotations

from typing import Any, Mapping

from .. import catalogue
from .cases import report_from_case
from .compile import flatten
from .evaluate import evaluate
from .ruleset import LANGS, Rule, RuleInfo, RuleSet

def rule_infos(rules: RuleSet) -> list[RuleInfo]:
    """Every code: the rule files' and the catalogue's (read, locate, blame…), sorted by code."""
    out = [RuleInfo(r.code, r.name, r.severity, r.category, r.source, r.formats, r.description, "rule", r.file)
           for r in rules.rules]
    have = {r.code for r in rules.rules}
    out += [RuleInfo(d.code, d.name, d.severity, d.category, d.source, (), d.description, "catalogue")
            for d in catalogue.all_defs() if d.code not in have]
    return sorted(out, key=lambda i: i.code)


_EXPLAIN_TEXT = {
    "zh": {"source": "依据", "formats": "适用格式", "all": "全部", "formula": "检查", "foreach": "逐项展开",
           "message": "提示模板", "pass": "通过示例", "fail": "不通过示例", "finds": "检查结果",
           "none": "无问题", "unknown": "未知代码", "file": "定义于", "count": "条关系"},
    "en": {"source": "Source", "formats": "Formats", "all": "all", "formula": "Check", "foreach": "For each",
           "message": "Message", "pass": "Passing example", "fail": "Failing example", "finds": "Result",
           "none": "no finding", "unknown": "unknown code", "file": "Defined in", "count": "relations"},
}


def _kind_label(severity: str, category: str, lang: str) -> str:
    """``[错误 · 勾稽关系]`` / ``[error · arithmetic]``: in the language of the rest of the text."""
    from ..summary import CATEGORY_LABELS, SEVERITY_LABELS, lang_of

    lang = lang_of(lang)
    return f"[{SEVERITY_LABELS[lang].get(severity, severity)} · {CATEGORY_LABELS[lang].get(category, category)}]"


def explain(code: str, rules: RuleSet, lang: str = "zh") -> str:
    """What a code checks: description, formula, a passing and a failing example (evaluated).
    Raises KeyError for an unknown code."""
    from ..summary import rule_text

    t = _EXPLAIN_TEXT.get(lang, _EXPLAIN_TEXT["zh"])
    lang = lang if lang in LANGS else "zh"
    rule = rules.get(code)
    if rule is None:
        try:
            d = catalogue.get(code)
        except KeyError:
            raise KeyError(f"{t['unknown']}: {code}") from None
        return "\n".join(p for p in (
            f"{d.code} {d.name}  {_kind_label(d.severity, d.category, lang)}",
            f"{t['source']}: {rule_text(d.code, 'source', lang, d.source)}",
            rule_text(d.code, "description", lang, d.description),
            f"{t['message']}: {d.zh if lang == 'zh' else d.en}",
        ) if p)
    lines = [f"{rule.code} {rule.name}  {_kind_label(rule.severity, rule.category, lang)}",
             f"{t['source']}: {rule_text(rule.code, 'source', lang, rule.source)}",
             f"{t['formats']}: {', '.join(rule.formats)}"]
    if rule.description:
        lines += ["", rule_text(rule.code, "description", lang, rule.description)]
    lines += ["", f"{t['formula']}: {rule.kind} — {_formula(rule)}"]
    if rule.foreach:
        lines.append(f"{t['foreach']}: " + "; ".join(f"{{{v}}} ∈ {', '.join(vals)}" for v, vals in rule.foreach)
                     + f" ({len(rule.instances)} {t['count']})")
    lines.append(f"{t['message']}: {rule.message[lang]}")
    for which in ("pass", "fail"):
        cases = rule.tests.get(which) or []
        if cases:
            lines += ["", f"{t[which]}: {_case_text(cases[0])}"]
            lines += [f"  {t['finds']}: {m}" for m in _case_messages(rule, rules, cases[0], lang) or [t["none"]]]
    lines += ["", f"{t['file']}: {rule.file}:{rule.line}"]
    return "\n".join(lines)


def _formula(rule: Rule) -> str:
    if rule.instances and hasattr(rule.instances[0].spec, "formula") and not rule.foreach:
        return str(rule.instances[0].spec.formula)
    p = rule.params
    if isinstance(p.get("left"), list) and isinstance(p.get("right"), list):
        side = lambda terms: " + ".join(str(t) for t in flatten(terms))  # noqa: E731
        return f"{side(p['left'])} {p.get('op', '=')} {side(p['right'])}"
    parts = []
    for k, v in rule.params.items():
        if isinstance(v, list):
            v = " + ".join(str(x if not isinstance(x, dict) else f"{x.get('weight', 1)}×{x.get('key')}") for x in v)
        parts.append(f"{k}: {v}")
    return "; ".join(parts)


def _case_text(case: Mapping[str, Any]) -> str:
    bits = []
    for k in ("format_version", "year", "missing_tables", "picture_tables", "absent"):
        if k in case:
            bits.append(f"{k}={case[k]}")
    for section in ("fields", "extras"):
        for key, v in (case.get(section) or {}).items():
            bits.append(f"{key}={v!r}" if isinstance(v, str) else f"{key}={v}")
    if case.get("paragraphs"):
        bits.append(f"paragraphs={len(case['paragraphs'])}")
    return ", ".join(bits) or "(all zero)"


def _case_messages(rule: Rule, rules: RuleSet, case: Mapping[str, Any], lang: str) -> list[str]:
    report = report_from_case(case)
    previous = report_from_case(case["previous"]) if case.get("previous") else None
    found = evaluate(report, rules.subset([rule.code]), previous=previous, scope="all", blame=False)
    return [f"[{f.code}] {f.message(lang)}" for f in found]

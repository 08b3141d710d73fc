"""A kind's Hit → a Finding: the standard template arguments (table, row, column, operands in words)
and the rule's messages rendered in each language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Sequence

from .. import catalogue
from ..checks import generic
from ..models import TABLE_TITLES, Finding, Location, ParsedReport
from ..registry import Hit
from .ruleset import LANGS, Instance, Rule

def _localize(args: Mapping[str, Any], lang: str) -> dict[str, Any]:
    out = {}
    for k, v in args.items():
        if isinstance(v, dict) and v and set(v) <= set(LANGS):
            v = v.get(lang) or next(iter(v.values()))
        elif isinstance(v, float):
            v = generic.fmt(Decimal(str(v)))
        out[k] = v
    return out


def _render(template: str, args: Mapping[str, Any], lang: str) -> str:
    return catalogue.render(template, _localize(args, lang))


def _table_short(table: str | None) -> dict[str, str]:
    t = TABLE_TITLES.get(table or "")
    if not t:
        return {"zh": "", "en": ""}
    return {"zh": t["zh"].split(" ")[0], "en": t["en"].split(" (")[0]}


def cell_text(loc: Location) -> dict[str, str]:
    """"表三「…」行「自然人」列" / "Table 3, row “…”, column “自然人”"."""
    short = _table_short(loc.table)
    zh, en = short["zh"], short["en"]
    if loc.row_label:
        zh += f"「{loc.row_label}」行"
        en += f", row “{loc.row_label}”"
    if loc.column_label:
        zh += f"「{loc.column_label}」列"
        en += f", column “{loc.column_label}”"
    return {"zh": zh.strip(), "en": en.strip(", ")}


def _display(keys: Sequence[str], names: Mapping[str, Mapping[str, str]]) -> list[dict[str, str]]:
    """Short operand names: only the key segments that differ between the operands (the rows of a
    column relation, the columns of a row relation), through the rule's name table."""
    split = [k.split(".") for k in keys]
    width = max((len(s) for s in split), default=0)
    varying = [i for i in range(width) if len({s[i] if i < len(s) else "" for s in split}) > 1]
    if not varying:
        varying = list(range(1, width)) or [0]
    out = []
    for s in split:
        parts = [s[i] for i in varying if i < len(s)]
        out.append({lang: "/".join(names.get(p, {}).get(lang, p) for p in parts) for lang in LANGS})
    return out


def _value_text(op: Any, lang: str) -> str:
    if op.blank:
        return "空白" if lang == "zh" else "blank"
    if op.value is None:
        return "?"
    return generic.fmt(Decimal(str(op.value)))


def _terms_text(ops: Sequence[Any], shown: Sequence[dict[str, str]], lang: str) -> str:
    """"本年新收 10 + 上年结转 3": zero terms are left out (a 21-term sum is mostly zeros); blank
    and unreadable ones are kept, they are what the reader needs to see."""
    parts = []
    for op, name in zip(ops, shown):
        if op.value == 0 and not op.blank and len(ops) > 1:
            continue
        w = abs(op.weight)
        parts.append(f"{'' if w == 1 else f'{w}×'}{name[lang]} {_value_text(op, lang)}")
    return " + ".join(parts) or "0"


def _standard_args(rule: Rule, inst: Instance, hit: Hit) -> dict[str, Any]:
    loc = hit.location
    args: dict[str, Any] = {
        "code": rule.code,
        "table": {lang: TABLE_TITLES.get(loc.table or "", {}).get(lang, loc.table_title or "") for lang in LANGS},
        "table_short": _table_short(loc.table),
        "row_label": loc.row_label or "",
        "column_label": loc.column_label or "",
        "cell": cell_text(loc),
    }
    for var, val in inst.bindings:
        args[var] = rule.names.get(val, {"zh": val, "en": val})
        args[f"{var}_id"] = val
    if hit.operands:
        shown = _display([o.key for o in hit.operands], rule.names)
        pos = [(o, s) for o, s in zip(hit.operands, shown) if o.weight > 0]
        neg = [(o, s) for o, s in zip(hit.operands, shown) if o.weight < 0]
        for name, pairs in (("operands", list(zip(hit.operands, shown))), ("left_terms", pos), ("right_terms", neg)):
            args[name] = {lang: _terms_text([p[0] for p in pairs], [p[1] for p in pairs], lang) for lang in LANGS}
    return args


def _finding(rule: Rule, inst: Instance, hit: Hit, report: ParsedReport) -> Finding:
    args = {**_standard_args(rule, inst, hit), **hit.args}
    return Finding(
        code=rule.code, severity=hit.severity or rule.severity,  # type: ignore[arg-type]
        category=rule.category,  # type: ignore[arg-type]
        messages={lang: _render(rule.message[lang], args, lang) for lang in LANGS},
        fields=list(hit.fields), args=args, expected=hit.expected, actual=hit.actual,
        operands=list(hit.operands), location=hit.location, name=rule.name, source=rule.source,
    )

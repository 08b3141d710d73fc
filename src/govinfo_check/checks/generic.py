"""Generic check kinds: the arithmetic and value vocabulary of rule files.

Each kind has a ``prepare`` step that runs once when the rule files load: it validates the
parameters (field keys must be in the data dictionary) and compiles them into a small frozen spec
(terms as ``(key, weight)`` tuples), so evaluating a report is a handful of dict look-ups per
relation. A relation with an absent or invalid operand is skipped, never reported as consistent:
the absent table or the unreadable cell has its own finding.

Conventions the engine relies on (see docs/RULES.md):

* operands carry *signed* weights: the left side positive, the right side negative, so that a
  linear relation reads ``Σ weight·value = 0``;
* a spec with ``linear_terms`` is a linear equality the blame step may reason about, and its
  hits put the residual ``Σ weight·value`` in ``args["residual"]``;
* a hit with ``args["folds"] = key`` (blank_total) absorbs the arithmetic symptoms that involve
  that cell.
"""

from __future__ import annotations

import ast
import fnmatch
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from .. import fields
from ..models import TABLE_NAMES, TABLE_TITLES, Figure, Location, Operand, ParsedReport
from ..registry import CheckContext, Hit, check_kind
from ..values import REASONS

# ---------------------------------------------------------------------------
# helpers shared with the engine
# ---------------------------------------------------------------------------


@lru_cache(maxsize=None)
def known_keys() -> frozenset[str]:
    """Every key a rule may name: the canonical data dictionary plus the documented extras."""
    return frozenset(fields.canonical_keys()) | frozenset(f.key for f in fields.extra_fields())


def field_type(key: str) -> str:
    d = fields.field_index().get(key)
    return d.type if d is not None else "count"


def figure(report: ParsedReport, key: str) -> Figure | None:
    return report.figures.get(key) or report.extras.get(key)


def plain(n: Decimal | int | float | None) -> int | float | None:
    """A JSON-friendly number: integral values as int, others as float."""
    if n is None:
        return None
    if isinstance(n, Decimal):
        return int(n) if n == n.to_integral_value() else float(n)
    return n


def fmt(n: Decimal | int | float | None) -> str:
    if n is None:
        return "?"
    if isinstance(n, Decimal):
        if n == n.to_integral_value():
            return str(int(n))
        return format(n.normalize(), "f")
    return str(n)


def cell_location(report: ParsedReport, key: str) -> Location:
    """Where a field's cell is: from the figure's source when it was read, else from the data
    dictionary's labels (so a finding on an absent cell still names its row and column)."""
    f = figure(report, key)
    src = f.source if f is not None else None
    if src is not None:
        return Location(table=src.table, table_title=_title(src.table), row_label=src.row_label,
                        column_label=src.column_label, table_index=src.table_index, row=src.row, col=src.col)
    d = fields.field_index().get(key)
    if d is None:
        return Location()
    return Location(table=d.table, table_title=_title(d.table), row_label=d.row_label or None,
                    column_label=d.column_label or None)


def _title(table: str | None) -> str | None:
    return TABLE_TITLES.get(table or "", {}).get("zh")


def operand(report: ParsedReport, key: str, weight: int = 1) -> Operand:
    f = figure(report, key)
    if f is None:
        return Operand(key=key, value=None, raw=None, blank=False, weight=weight, location=cell_location(report, key))
    return Operand(key=key, value=plain(f.value.as_number), raw=f.value.raw, blank=f.value.kind == "blank",
                   weight=weight, location=cell_location(report, key))


def _check_key(key: Any, where: str) -> str:
    if not isinstance(key, str):
        raise ValueError(f"{where}: a field key must be a string, got {key!r}")
    if key not in known_keys():
        raise ValueError(f"{where}: unknown field key {key!r} (see fields.csv / fields_extra.csv)")
    return key


def _expand_keys(patterns: Any, where: str, type_: str | None = None, exclude: Sequence[str] = ()) -> tuple[str, ...]:
    """Glob patterns (``requests.*``) → known keys, in data-dictionary order."""
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list) or not patterns:
        raise ValueError(f"{where}: expected a key or a list of keys/patterns")
    ordered = list(fields.canonical_keys()) + [f.key for f in fields.extra_fields()]
    out: list[str] = []
    for pat in patterns:
        if not isinstance(pat, str):
            raise ValueError(f"{where}: expected a key pattern, got {pat!r}")
        matched = [k for k in ordered if fnmatch.fnmatchcase(k, pat)] if _is_glob(pat) else [_check_key(pat, where)]
        if not matched:
            raise ValueError(f"{where}: pattern {pat!r} matches no field key")
        out.extend(k for k in matched if k not in out)
    out = [k for k in out if not any(fnmatch.fnmatchcase(k, e) for e in exclude)]
    if type_ is not None:
        out = [k for k in out if field_type(k) == type_]
    if not out:
        raise ValueError(f"{where}: no field key left after filtering")
    return tuple(out)


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for x in items:
        out.extend(_flatten(x) if isinstance(x, list) else [x])
    return out


def _is_glob(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def _terms(spec: Any, where: str) -> tuple[tuple[str, int], ...]:
    """``[key, "-key", {key: k, weight: 2}]`` → ``((key, 1), (key, -1), (k, 2))``."""
    if isinstance(spec, (str, dict)):
        spec = [spec]
    if isinstance(spec, list):
        spec = _flatten(spec)  # ``[*anchor, key]`` in YAML nests the anchored list
    if not isinstance(spec, list) or not spec:
        raise ValueError(f"{where}: expected a non-empty list of terms")
    out: list[tuple[str, int]] = []
    for t in spec:
        if isinstance(t, str):
            neg = t.startswith("-")
            out.append((_check_key(t[1:].strip() if neg else t, where), -1 if neg else 1))
        elif isinstance(t, dict):
            unknown = set(t) - {"key", "weight"}
            if unknown or "key" not in t:
                raise ValueError(f"{where}: a term mapping takes 'key' and optional 'weight', got {sorted(t)}")
            w = t.get("weight", 1)
            if not isinstance(w, int) or isinstance(w, bool) or w == 0:
                raise ValueError(f"{where}: weight must be a non-zero integer, got {w!r}")
            out.append((_check_key(t["key"], where), w))
        else:
            raise ValueError(f"{where}: a term is a key or {{key, weight}}, got {t!r}")
    return tuple(out)


_ZERO = Decimal(0)


def _numbers(report: ParsedReport, terms: Sequence[tuple[str, int]]) -> list[Decimal] | None:
    """The operands' values, or None when any is absent or invalid (then the relation is not evaluated)."""
    figs, extras = report.figures, report.extras
    out: list[Decimal] = []
    for key, _ in terms:
        f = figs.get(key) or extras.get(key)
        if f is None:
            return None
        n = f.value.as_number
        if n is None:
            return None
        out.append(n)
    return out


def _weighted_sum(report: ParsedReport, terms: Sequence[tuple[str, int]], start: Decimal = _ZERO) -> Decimal | None:
    """``start + Σ weight·value`` over the terms, or None when any operand is absent or invalid:
    :func:`_numbers` and the sum in one pass, without the list. Every relation of every report runs
    through here and almost all of them hold, so this is the whole cost of a passing relation."""
    figs, extras = report.figures, report.extras
    total = start
    for key, w in terms:
        f = figs.get(key) or extras.get(key)
        if f is None:
            return None
        v = f.value
        if v.kind == "invalid":  # Value.as_number, inlined
            return None
        n = v.number
        if n is None:
            n = _ZERO
        # weights are almost always ±1: adding or subtracting is the same Decimal as ±1·n, one
        # operation instead of two
        if w == 1:
            total += n
        elif w == -1:
            total -= n
        else:
            total += w * n
    return total


def _side_text(terms: Sequence[tuple[str, int]]) -> str:
    return " + ".join(k if w == 1 else f"{w}×{k}" for k, w in terms)


def _year(params: dict[str, Any], name: str) -> int | None:
    y = params.get(name)
    if y is not None and (not isinstance(y, int) or isinstance(y, bool)):
        raise ValueError(f"{name}: expected a year (integer), got {y!r}")
    return y


# ---------------------------------------------------------------------------
# sum_equals / compare
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearSpec:
    left: tuple[tuple[str, int], ...]
    right: tuple[tuple[str, int], ...]
    at: str  # the cell a finding is located at (a total)
    linear_terms: tuple[tuple[str, int], ...]  # left positive, right negated: Σ w·v = 0
    # the keys weighted +1 and -1 when every weight is ±1 (almost every relation), else None
    plus: tuple[str, ...] | None = None
    minus: tuple[str, ...] | None = None

    @property
    def formula(self) -> str:
        return f"{_side_text(self.left)} = {_side_text(self.right)}"


def _prepare_sum(params: dict[str, Any]) -> LinearSpec:
    left = _terms(params.get("left"), "left")
    right = _terms(params.get("right"), "right")
    at = _check_key(params["at"], "at") if params.get("at") is not None else right[0][0]
    if at not in {k for k, _ in left + right}:
        raise ValueError(f"at: {at!r} is not one of the relation's terms")
    terms = left + tuple((k, -w) for k, w in right)
    if all(w in (1, -1) for _, w in terms):
        return LinearSpec(left, right, at, terms, tuple(k for k, w in terms if w == 1),
                          tuple(k for k, w in terms if w == -1))
    return LinearSpec(left, right, at, terms)


@check_kind("sum_equals", params=("left", "right", "at"), prepare=_prepare_sum)
def sum_equals(ctx: CheckContext, spec: LinearSpec) -> Iterable[Hit]:
    if spec.plus is not None and spec.minus is not None:
        # almost every relation of every report holds: tell so with two sums in C over the report's
        # numbers (exact, like the term-by-term sum); only a failing one is summed again for its hit
        numbers = ctx.numbers()
        try:
            if sum(map(numbers.__getitem__, spec.plus), _ZERO) == sum(map(numbers.__getitem__, spec.minus), _ZERO):
                return ()
        except KeyError:
            return ()  # an absent or unreadable operand: not evaluated
    residual = _weighted_sum(ctx.report, spec.linear_terms)
    if residual is None or residual == 0:
        return ()
    values = _numbers(ctx.report, spec.linear_terms)
    assert values is not None  # the same operands were just readable
    return (_linear_hit(ctx.report, spec, values, residual),)


def _linear_hit(report: ParsedReport, spec: LinearSpec, values: list[Decimal], residual: Decimal) -> Hit:
    n_left = len(spec.left)
    left = sum((w * v for (_, w), v in zip(spec.left, values[:n_left])), Decimal(0))
    right = left - residual
    at_left = spec.at in {k for k, _ in spec.left}
    expected, actual = (right, left) if at_left else (left, right)
    return Hit(
        args={"left": plain(left), "right": plain(right), "difference": plain(residual),
              "residual": plain(residual), "expected": plain(expected), "actual": plain(actual)},
        fields=[k for k, _ in spec.linear_terms],
        expected=plain(expected), actual=plain(actual),
        operands=[operand(report, k, w) for k, w in spec.linear_terms],
        location=cell_location(report, spec.at),
    )


_OPS = {
    "<=": lambda a, b: a <= b, "<": lambda a, b: a < b, ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


@dataclass(frozen=True)
class CompareSpec:
    left: tuple[tuple[str, int], ...]
    op: str
    right: tuple[tuple[str, int], ...]
    constant: Decimal  # added to the right side (a bare number on the right)
    at: str

    @property
    def formula(self) -> str:
        rhs = " + ".join(p for p in (_side_text(self.right), fmt(self.constant) if self.constant or not self.right
                                     else "") if p)
        return f"{_side_text(self.left)} {self.op} {rhs}"


def _prepare_compare(params: dict[str, Any]) -> CompareSpec:
    op = params.get("op")
    if op not in _OPS:
        raise ValueError(f"op: expected one of {sorted(_OPS)}, got {op!r}")
    left = _terms(params.get("left"), "left")
    raw_right = params.get("right")
    if isinstance(raw_right, (int, float)) and not isinstance(raw_right, bool):
        right, constant = (), Decimal(str(raw_right))
    else:
        right, constant = _terms(raw_right, "right"), Decimal(0)
    at = _check_key(params["at"], "at") if params.get("at") is not None else left[0][0]
    return CompareSpec(left, op, right, constant, at)


@check_kind("compare", params=("left", "op", "right", "at"), prepare=_prepare_compare)
def compare(ctx: CheckContext, spec: CompareSpec) -> Iterator[Hit]:
    left = _weighted_sum(ctx.report, spec.left)
    right = _weighted_sum(ctx.report, spec.right, spec.constant)
    if left is None or right is None:
        return
    if _OPS[spec.op](left, right):
        return
    ops = [operand(ctx.report, k, w) for k, w in spec.left] + [operand(ctx.report, k, -w) for k, w in spec.right]
    yield Hit(args={"left": plain(left), "right": plain(right), "op": spec.op},
              fields=[k for k, _ in spec.left + spec.right], expected=f"{spec.op} {fmt(right)}",
              actual=plain(left), operands=ops, location=cell_location(ctx.report, spec.at))


# ---------------------------------------------------------------------------
# value kinds
# ---------------------------------------------------------------------------

# why a cell is unusable: the reasons the value parser gives, plus those only a rule can judge
_PROBLEMS: dict[str, dict[str, str]] = {
    **REASONS,
    "too_many_decimals": {"zh": "小数位数超过 {max_decimals} 位", "en": "more than {max_decimals} decimal places"},
    "unit_yuan": {"zh": "以“元”填报（应以万元填报），已折算为 {converted} 万元",
                  "en": "printed in 元 instead of 万元; read as {converted} 万元"},
    "remark": {"zh": "数字后附有说明“{remark}”，按 {number} 读取，说明未参与计算",
               "en": "the number carries a remark “{remark}”; read as {number}, the remark is not counted"},
}


def _problem(reason: str, **kw: Any) -> dict[str, str]:
    p = _PROBLEMS.get(reason) or {"zh": reason, "en": reason}
    return {lang: text.format(**kw) for lang, text in p.items()}


@dataclass(frozen=True)
class ValueSpec:
    keys: tuple[str, ...]
    max_decimals: int = 0
    unit: str = ""


def _prepare_values(params: dict[str, Any], default_type: str) -> ValueSpec:
    exclude = params.get("exclude") or []
    if isinstance(exclude, str):
        exclude = [exclude]
    type_ = params.get("type", default_type)
    if type_ is not None and type_ not in {"count", "decimal", "signed"}:
        raise ValueError(f"type: expected count, decimal or signed, got {type_!r}")
    keys = _expand_keys(params.get("keys", "*"), "keys", type_, exclude)
    md = params.get("max_decimals", 2)
    if not isinstance(md, int) or isinstance(md, bool) or md < 0:
        raise ValueError(f"max_decimals: expected a non-negative integer, got {md!r}")
    unit = params.get("unit", "万元")
    if not isinstance(unit, str):
        raise ValueError(f"unit: expected a string, got {unit!r}")
    return ValueSpec(keys, md, unit)


def _value_hit(report: ParsedReport, key: str, f: Figure, reason: str, severity: str | None = None,
               **kw: Any) -> Hit:
    return Hit(args={"raw": f.value.raw, "reason": reason, "problem": _problem(reason, **kw)},
               fields=[key], actual=f.value.raw, operands=[operand(report, key)],
               location=cell_location(report, key), severity=severity)  # type: ignore[arg-type]


@check_kind("count_value", params=("keys", "exclude", "type"),
            prepare=lambda p: _prepare_values(p, "count"))
def count_value(ctx: CheckContext, spec: ValueSpec) -> Iterator[Hit]:
    report = ctx.report
    figs, extras = report.figures, report.extras
    for key in spec.keys:  # every count cell of the report: figure() inlined
        f = figs.get(key) or extras.get(key)
        if f is None:
            continue
        v = f.value
        kind = v.kind
        if kind == "blank":
            continue
        if kind == "invalid":
            yield _value_hit(report, key, f, v.reason or "not_a_number")
            continue
        n = v.number
        if n is None:
            continue
        if n < 0:
            yield _value_hit(report, key, f, "negative")
        elif n != n.to_integral_value():
            yield _value_hit(report, key, f, "not_integer")
        elif v.remark:
            yield _value_hit(report, key, f, "remark", severity="warning", remark=v.remark, number=fmt(n))


@check_kind("amount_value", params=("keys", "exclude", "type", "max_decimals", "unit"),
            prepare=lambda p: _prepare_values(p, "decimal"))
def amount_value(ctx: CheckContext, spec: ValueSpec) -> Iterator[Hit]:
    report = ctx.report
    for key in spec.keys:
        f = figure(report, key)
        if f is None or f.value.kind == "blank":
            continue
        v = f.value
        if v.kind == "invalid":
            yield _value_hit(report, key, f, v.reason or "not_a_number")
            continue
        n = v.number if v.number is not None else Decimal(0)
        if n < 0:
            yield _value_hit(report, key, f, "negative")
            continue
        # 元 was converted to 万元 by the reader: its printed precision is four places finer
        in_yuan = v.unit == "元" and spec.unit == "万元"
        allowed = spec.max_decimals + (4 if in_yuan else 0)
        if -n.normalize().as_tuple().exponent > allowed:  # type: ignore[operator]
            yield _value_hit(report, key, f, "too_many_decimals", max_decimals=spec.max_decimals)
        elif in_yuan:
            yield _value_hit(report, key, f, "unit_yuan", severity="warning", converted=fmt(n))
        elif v.unit and v.unit != spec.unit:
            yield _value_hit(report, key, f, "bad_unit")
        elif v.remark:
            yield _value_hit(report, key, f, "remark", severity="warning", remark=v.remark, number=fmt(n))


# ---------------------------------------------------------------------------
# blank_total
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BlankTotalSpec:
    total: str
    items: tuple[str, ...]


def _prepare_blank_total(params: dict[str, Any]) -> BlankTotalSpec:
    total = _check_key(params.get("total"), "total")
    items = tuple(k for k, _ in _terms(params.get("items"), "items"))
    return BlankTotalSpec(total, items)


@check_kind("blank_total", params=("total", "items"), prepare=_prepare_blank_total)
def blank_total(ctx: CheckContext, spec: BlankTotalSpec) -> Iterator[Hit]:
    report = ctx.report
    f = figure(report, spec.total)
    if f is None or f.value.kind != "blank":
        return
    nonzero: list[str] = []
    items_sum = Decimal(0)
    for key in spec.items:
        g = figure(report, key)
        n = g.value.as_number if g is not None else None
        if n:
            nonzero.append(key)
            items_sum += n
    if not nonzero:
        return
    yield Hit(args={"items_sum": plain(items_sum), "raw": f.value.raw, "folds": spec.total},
              fields=[spec.total, *nonzero], expected=plain(items_sum), actual=f.value.raw,
              operands=[operand(report, spec.total, -1)] + [operand(report, k) for k in nonzero],
              location=cell_location(report, spec.total))


# ---------------------------------------------------------------------------
# structure and format
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    table: str
    since_year: int | None


def _prepare_table(params: dict[str, Any]) -> TableSpec:
    table = params.get("table")
    if table not in TABLE_NAMES:
        raise ValueError(f"table: expected one of {list(TABLE_NAMES)}, got {table!r}")
    return TableSpec(table, _year(params, "since_year"))


_TABLE_PROBLEMS = {
    "missing": {"zh": "未找到", "en": "was not found"},
    "picture": {"zh": "以图片形式插入", "en": "is a picture"},
}


@check_kind("table_present", params=("table", "since_year"), prepare=_prepare_table)
def table_present(ctx: CheckContext, spec: TableSpec) -> Iterator[Hit]:
    report = ctx.report
    if spec.since_year is not None and report.year is not None and report.year < spec.since_year:
        return
    located = report.tables.get(spec.table)
    if located is not None and not located.is_picture:
        return
    reason = "missing" if located is None else "picture"
    loc = Location(table=spec.table, table_title=_title(spec.table),
                   table_index=located.part_indexes[0] if located is not None and located.part_indexes else None)
    yield Hit(args={"reason": reason, "problem": _TABLE_PROBLEMS[reason]}, location=loc)


@dataclass(frozen=True)
class SupersededSpec:
    since_year: int


def _prepare_superseded(params: dict[str, Any]) -> SupersededSpec:
    y = _year(params, "since_year")
    if y is None:
        raise ValueError("since_year: required (the first report year the new format applies to)")
    return SupersededSpec(y)


@check_kind("format_superseded", params=("since_year",), prepare=_prepare_superseded)
def format_superseded(ctx: CheckContext, spec: SupersededSpec) -> Iterator[Hit]:
    """The rule's ``formats`` say which layouts are superseded; this kind adds the year test."""
    year = ctx.report.year
    if year is not None and year >= spec.since_year:
        yield Hit(args={"year": year, "format_version": ctx.report.format_version, "since_year": spec.since_year})


# ---------------------------------------------------------------------------
# expr: users' local rules
# ---------------------------------------------------------------------------

_EXPR_FUNCTIONS = {"abs": abs, "min": min, "max": max, "round": round, "int": int}
_EXPR_NAMES = frozenset({"year", "True", "False", "None"})


@dataclass(frozen=True)
class ExprSpec:
    expr: str
    keys: tuple[str, ...]
    tree: Any  # simpleeval's parsed tree, parsed once
    at: str | None

    @property
    def formula(self) -> str:
        return self.expr


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _expr_keys(tree: ast.AST) -> list[str]:
    keys: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Attribute, ast.Name)):
            name = _dotted(node)
            if name is None or name in keys:
                continue
            # only outermost chains: requests.new.total, not requests.new
            if any(k.startswith(name + ".") for k in keys):
                continue
            keys.append(name)
    return keys


def _prepare_expr(params: dict[str, Any]) -> ExprSpec:
    expr = params.get("expr")
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError("expr: expected a non-empty expression string")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"expr: syntax error: {exc.msg}") from None
    keys: list[str] = []
    for name in _expr_keys(tree):
        if name in _EXPR_NAMES or name in _EXPR_FUNCTIONS:
            continue
        keys.append(_check_key(name, "expr"))
    at = _check_key(params["at"], "at") if params.get("at") is not None else (keys[0] if keys else None)
    return ExprSpec(expr, tuple(keys), EvalWithCompoundTypes.parse(expr), at)


def _nest(values: dict[str, Any]) -> dict[str, Any]:
    """``{"a.b.c": 1}`` → ``{"a": {"b": {"c": 1}}}`` so simpleeval resolves dotted names."""
    root: dict[str, Any] = {}
    for key, v in values.items():
        node = root
        *path, last = key.split(".")
        for p in path:
            node = node.setdefault(p, {})
        node[last] = v
    return root


@check_kind("expr", params=("expr", "at"), prepare=_prepare_expr)
def expr(ctx: CheckContext, spec: ExprSpec) -> Iterator[Hit]:
    report = ctx.report
    values: dict[str, Any] = {}
    for key in spec.keys:
        f = figure(report, key)
        n = f.value.as_number if f is not None else None
        if n is None:
            return
        values[key] = plain(n)
    names = _nest(values)
    names.update({"year": report.year, "True": True, "False": False, "None": None})
    evaluator = EvalWithCompoundTypes(names=names, functions=_EXPR_FUNCTIONS)
    location = cell_location(report, spec.at) if spec.at else Location()
    try:
        ok = evaluator.eval(spec.expr, previously_parsed=spec.tree)
    except (InvalidExpression, ArithmeticError, TypeError, ValueError) as exc:
        problem = {"zh": f"表达式无法计算：{exc}", "en": f"the expression could not be evaluated: {exc}"}
        yield Hit(args={"expr": spec.expr, "problem": problem, "values": values}, fields=list(spec.keys),
                  operands=[operand(report, k) for k in spec.keys], location=location)
        return
    if not ok:
        yield Hit(args={"expr": spec.expr, "values": values,
                        "problem": {"zh": "表达式不成立", "en": "the expression does not hold"}},
                  fields=list(spec.keys), operands=[operand(report, k) for k in spec.keys], location=location)

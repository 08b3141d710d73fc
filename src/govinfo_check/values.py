"""Cell text → :class:`models.Value`.

Real reports print numbers in many ways (FORMAT.md "Cell values seen"). This module reads the
forms that unambiguously mean a number or "nothing", and marks everything else ``invalid`` with a
machine reason, keeping the raw text: a checker must never turn ``1O`` into 10 or ``1 2`` into 12.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from dataclasses import replace
from functools import lru_cache

from .models import Value

# Machine reasons for invalid values, with a human description for messages.
REASONS: dict[str, dict[str, str]] = {
    "not_a_number": {"zh": "不是数字", "en": "not a number"},
    "negative": {"zh": "为负数", "en": "negative"},
    "not_integer": {"zh": "不是整数", "en": "not a whole number"},
    "signed": {"zh": "带有正负号", "en": "has a plus/minus sign"},
    "bad_unit": {"zh": "单位不符", "en": "wrong unit"},
}

VALUE_TYPES = ("count", "decimal", "signed")

# Marks that stand for "nothing to report" (read as blank, i.e. zero but remembered as blank).
# NFKC has already folded full-width － and ／ into - and /.
_DASHES = "-—–―‐‑‒−─━-"
_BLANK_WORDS = frozenset({"/", "无", "\\"})
# a remark must say something about the number (其中, 含, 包括 …), not be another figure in brackets
_REMARK_WORDS = re.compile(r"[\u4e00-\u9fff]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)

_UNITS = {
    "count": ("件",),
    "signed": ("件", "项", "个"),
    "decimal": ("万元", "元"),
}
_ANY_UNIT = ("万元", "元", "件", "项", "个")
# digits with optional thousands separators and optional fraction; nothing else
_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?")
_TEN_THOUSAND = Decimal(10000)
# a number followed by a bracketed remark: 22（其中修订16件）, 55(含自然失效29件); NFKC made （） into ()
_REMARK = re.compile(r"(?P<body>[^()]*?)\s*\((?P<remark>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def _is_blank(s: str) -> bool:
    if not s:
        return True
    if s in _BLANK_WORDS:
        return True
    return all(ch in _DASHES for ch in s)


def _split_unit(s: str, type: str) -> tuple[str, str, bool]:
    """Return (number text, unit, unit_ok). A unit foreign to the type is reported, not dropped."""
    for unit in _ANY_UNIT:
        if s.endswith(unit) and len(s) > len(unit):
            return s[: -len(unit)].rstrip(), unit, unit in _UNITS.get(type, ())
    return s, "", True


@lru_cache(maxsize=8192)
def parse_value(text: str, type: str = "count") -> Value:
    """Read one cell. ``type`` is the fields.csv column "type": ``count`` (non-negative integer),
    ``decimal`` (non-negative amount in 万元; ``元`` is converted) or ``signed`` (an integer that
    may carry a sign, e.g. the 2019 本年增/减 column)."""
    raw = text if isinstance(text, str) else ("" if text is None else str(text))
    if type not in VALUE_TYPES:
        raise ValueError(f"unknown value type {type!r}; expected one of {VALUE_TYPES}")
    s = unicodedata.normalize("NFKC", raw).translate(_INVISIBLE).strip()
    if _is_blank(s):
        return Value("blank", Decimal(0), raw)
    remark = ""
    rm = _REMARK.fullmatch(s)
    if rm is not None and rm["body"] and rm["remark"].strip() in _ANY_UNIT:
        s = rm["body"].strip() + rm["remark"].strip()  # 7730.28（万元）: a unit in brackets
    elif rm is not None and rm["body"] and _REMARK_WORDS.search(rm["remark"]):
        # the remark explains the number; the number itself is what the form asks for
        s, remark = rm["body"].strip(), rm["remark"].strip()
    body, unit, unit_ok = _split_unit(s, type)
    m = _NUMBER.fullmatch(body)
    if m is None:
        return Value("invalid", None, raw, unit, "not_a_number")
    if not unit_ok:
        return Value("invalid", None, raw, unit, "bad_unit")
    try:
        number = Decimal(m["int"].replace(",", "") + (m["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return Value("invalid", None, raw, unit, "not_a_number")
    value = _typed(number, m["sign"], raw, unit, type)
    return replace(value, remark=remark) if remark and value.kind == "number" else value


def _typed(number: Decimal, sign: str, raw: str, unit: str, type: str) -> Value:
    if type == "signed":
        if number != number.to_integral_value():
            return Value("invalid", None, raw, unit, "not_integer")
        return Value("number", Decimal(int(number)) * (-1 if sign == "-" else 1), raw, unit)
    if sign == "-" and number != 0:
        return Value("invalid", None, raw, unit, "negative")
    if sign:
        return Value("invalid", None, raw, unit, "signed")
    if type == "count":
        if number != number.to_integral_value():
            return Value("invalid", None, raw, unit, "not_integer")
        return Value("number", Decimal(int(number)), raw, unit)
    if unit == "元":
        # the table asks for 万元; 251000元 is 25.1 万元 (exact decimal division, no rounding)
        number = number / _TEN_THOUSAND
    return Value("number", number, raw, unit)

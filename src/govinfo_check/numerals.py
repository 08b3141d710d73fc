"""Numbers as written in report prose: Arabic, full-width and Chinese numerals (两件, 十二件, 一百零三件, 〇).

This module decides what counts as a number token in running text and keeps the result an exact
``int``/``Decimal`` (never a float guess). Chinese numerals are read here rather than with ``cn2an``:
constructing cn2an's converter compiles its patterns and imports its dependencies (~0.35 s in every
process that meets a Chinese numeral, i.e. in nearly every run and every worker), while the forms
reports use fit in fifty lines. The tests hold this reader to cn2an's answers (``tests/test_numerals.py``:
every well-formed numeral below 10⁸ agrees; a malformed one reads as None here, never a guess).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .normalize import nfkc as _nfkc

# Digits may be full-width; thousands separators appear in long figures ("3,119").
_ARABIC = r"[0-9０-９](?:[0-9０-９]|[,，](?=[0-9０-９]{3}))*"
_CHINESE = r"[零〇○一二两三四五六七八九十百千万]+"
# One number token in running text: Arabic (possibly spaced from the words) or Chinese.
NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
# A percentage: 45.5% / ４５．５％ / 百分之四十五 is rare in these reports and not supported.
PERCENT = r"(?P<pct>[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]"

_NUMBER_RE = re.compile(rf"^(?:{_ARABIC}|{_CHINESE})$")


def parse_number(token: str) -> int | None:
    """The integer a count token stands for, or None when it is not a whole number we can read.

    "12", "１２", "3,119", "十二", "两", "一百零三", "〇" → int. Anything else → None (the caller says which
    sentence it could not read rather than guessing).
    """
    text = token.strip()
    if not text or not _NUMBER_RE.match(text):
        return None
    if re.match(_ARABIC, text):
        digits = _nfkc(text).replace(",", "")
        return int(digits) if digits.isdigit() else None
    return _parse_chinese(text)


_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}


def _parse_chinese(text: str) -> int | None:
    """二〇二四 (digit by digit), 十二, 一百零三, 两千零五, 三万五 → int; None when malformed (百, 十十,
    一千零一百) — the caller then says which sentence it could not read."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # digit by digit: 二〇二四, 一一
        return int("".join(str(_DIGITS[ch]) for ch in text))
    high, sep, low = text.partition("万")
    if not sep:
        return _below_10k(text, leading=True, last=True)
    h = _below_10k(high, leading=True, last=False)
    if not h or "万" in low:
        return None
    rest = _below_10k(low, leading=False, last=True, after_unit=True) if low else 0
    return None if rest is None else h * 10_000 + rest


def _below_10k(text: str, leading: bool, last: bool, after_unit: bool = False) -> int | None:
    """A section below 10,000 written with units (一千零三, 二百五, 十二), or None when malformed.
    ``leading``: the number starts here, so a bare 十 is 一十. ``last``: the number ends here, the
    only place a trailing digit may stand for the unit below the last one (一千一 = 1,100; with
    ``after_unit``, after 万: 三万五 = 35,000)."""
    total, digit, unit_before, zero = 0, None, 10_000 if after_unit else None, False
    for i, ch in enumerate(text):
        if ch in _DIGITS:
            if digit is not None:
                return None  # two digits in a row (二〇二四 is read above, not here)
            if _DIGITS[ch] == 0:
                if unit_before is None or zero:
                    return None  # 零 stands once, between a unit and a digit
                zero = True
            else:
                digit = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            if (zero and (digit is None or unit * 10 >= unit_before)) \
                    or (unit_before is not None and unit >= unit_before):
                return None  # 零 stands for a skipped unit: 一千零一十, never 一千零一百
            if digit is None:
                if not (leading and unit == 10 and i == 0):
                    return None
                digit = 1
            total += digit * unit
            digit, unit_before, zero = None, unit, False
    if zero and (digit is None or unit_before == 10):
        return None  # a trailing 零, or 零 after 十 (nothing skipped)
    if digit is not None:
        if unit_before is not None and unit_before > 10 and not zero:
            if not last:
                return None
            return total + digit * unit_before // 10
        total += digit
    return total


def parse_percent(token: str) -> Decimal | None:
    """"45.5%" / "４５．５％" → Decimal("45.5"); None when not a percentage."""
    text = _nfkc(token).strip().rstrip("%").strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def decimals_of(number_text: str) -> int:
    """How many decimals were printed ("51.85" → 2), for a rounding tolerance."""
    text = _nfkc(number_text)
    return len(text.split(".", 1)[1]) if "." in text else 0


_YEAR_RE = re.compile(r"(?<![0-9０-９])([12][0-9]{3}|[１２][０-９]{3})(?![0-9０-９])\s*年")
_CN_YEAR_RE = re.compile(r"([一二][〇○零一二三四五六七八九]{3})年")


def years_in(text: str) -> list[tuple[int, int, int]]:
    """Every "YYYY年" (Arabic, full-width or 二〇二四年) in ``text`` as (year, start, end) spans."""
    found: list[tuple[int, int, int]] = []
    for m in _YEAR_RE.finditer(text):
        found.append((int(_nfkc(m.group(1))), m.start(), m.end()))
    for m in _CN_YEAR_RE.finditer(text):
        value = _parse_chinese(m.group(1))
        if value is not None:
            found.append((value, m.start(), m.end()))
    return sorted(found, key=lambda t: t[1])

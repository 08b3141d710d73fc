"""Numbers as written in report prose: Arabic, full-width and Chinese numerals (两件, 十二件, 一百零三件, 〇).

Chinese numerals go through the ``cn2an`` library; this module only decides what counts as a number
token in running text and keeps the result an exact ``int``/``Decimal`` (never a float guess).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Digits may be full-width; thousands separators appear in long figures ("3,119").
_ARABIC = r"[0-9０-９](?:[0-9０-９]|[,，](?=[0-9０-９]{3}))*"
_CHINESE = r"[零〇○一二两三四五六七八九十百千万]+"
# One number token in running text: Arabic (possibly spaced from the words) or Chinese.
NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
# A percentage: 45.5% / ４５．５％ / 百分之四十五 is rare in these reports and not supported.
PERCENT = r"(?P<pct>[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]"

_NUMBER_RE = re.compile(rf"^(?:{_ARABIC}|{_CHINESE})$")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


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


def _parse_chinese(text: str) -> int | None:
    # "○" (circle) is often typed for "〇"; cn2an knows only the latter. "normal" mode also reads
    # 两 and digit-by-digit forms such as 二〇二四.
    # cn2an is imported here, not at the top: importing it costs ~0.25 s (it pulls in its own
    # dependencies), which every run would pay even when no report spells a number in Chinese.
    import cn2an

    try:
        value = cn2an.cn2an(text.replace("○", "〇"), "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)


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

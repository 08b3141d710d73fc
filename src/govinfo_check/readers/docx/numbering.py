"""numbering.xml: the list labels Word prints before paragraphs ("一、", "（二）", "1.")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from ..errors import ReadError
from .markup import Tags, int_attr, namespace_of, parse_xml, tags_for, toggle_on


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CN_UNITS = ("", "十", "百", "千")
_CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _chinese_number(n: int, digits: str = _CN_DIGITS, units: tuple[str, ...] = _CN_UNITS) -> str:
    # digits[0] is unused: a gap is always written 零
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 9999; larger falls back to digits)."""
    if n <= 0 or n > 9999:
        return str(n)
    out = ""
    zero = False
    for power in range(3, -1, -1):
        d = (n // 10 ** power) % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"  # counting uses 零 for a gap (一百零五); 〇 is for digit-by-digit formats
            zero = False
        out += digits[d] + units[power]
    if units is _CN_UNITS and 10 <= n < 20:
        out = out[1:]  # 十一, not 一十一
    return out


def _letters(n: int) -> str:
    # Word's letter lists repeat the letter: a … z, aa … zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def _enclosed(n: int, first: int, last_n: int) -> str:
    return chr(first + n - 1) if 1 <= n <= last_n else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460, 20),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460, 20),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 20),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 20),
    "chineseCounting": _chinese_number,
    "chineseCountingThousand": _chinese_number,
    "japaneseCounting": _chinese_number,
    "taiwaneseCounting": _chinese_number,
    "chineseLegalSimplified": lambda n: _chinese_number(n, _CN_LEGAL, _CN_LEGAL_UNITS),
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: _HEAVENLY_STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: _EARTHLY_BRANCHES[(n - 1) % 12],
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "bullet": lambda n: "",
    "none": lambda n: "",
}
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_LEVEL_REF = re.compile(r"%([1-9])")
_SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # lvlText; None = Word's default "%N."
    suffix: str = "\t"
    legal: bool = False  # isLgl: every referenced level printed as decimal
    style: str | None = None  # a paragraph style linked to this level


class Numbering:
    """numbering.xml: renders the list label Word prints, counting in document order."""

    def __init__(self) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()

    @classmethod
    def from_xml(cls, data: bytes, name: str) -> Numbering:
        out = cls()
        try:
            root = parse_xml(data, name)
        except ReadError as exc:
            if exc.code == "F-007":
                raise
            return out  # a broken numbering part costs the list labels only
        t = tags_for(namespace_of(root))
        for ab in root.iter(t.w + "abstractNum"):
            out.abstract[ab.get(t.w + "abstractNumId", "")] = {
                _int_val_attr(lvl, t.w + "ilvl", 0): _level(lvl, t) for lvl in ab.iter(t.w + "lvl")}
        for num in root.iter(t.w + "num"):
            ab_id = num.find(t.w + "abstractNumId")
            overrides: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for ov in num.iter(t.w + "lvlOverride"):
                ilvl = _int_val_attr(ov, t.w + "ilvl", 0)
                start = ov.find(t.w + "startOverride")
                if start is not None:
                    starts[ilvl] = int_attr(start, t, 1)
                lvl = ov.find(t.w + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl, t)
            out.nums[num.get(t.w + "numId", "")] = (ab_id.get(t.val, "") if ab_id is not None else "",
                                                     overrides, starts)
        return out

    def _levels(self, num_id: str) -> tuple[str, dict[int, _Level]] | None:
        entry = self.nums.get(num_id)
        if entry is None or entry[0] not in self.abstract:
            return None
        ab_id, overrides, _ = entry
        return ab_id, {**self.abstract[ab_id], **overrides}

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        found = self._levels(num_id)
        if found is None or style_id is None:
            return None
        return next((i for i, lvl in found[1].items() if lvl.style == style_id), None)

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl``, suffix included ("" if none)."""
        found = self._levels(num_id)
        if found is None:
            return ""
        ab_id, levels = found
        ilvl = min(max(ilvl, 0), 8)
        # lists sharing an abstract definition count together, unless a num restarts it
        counters = self._counters.setdefault(ab_id, [None] * 9)
        starts = self.nums[num_id][2]
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl_index in starts:
                counters[lvl_index] = None
        level = levels.get(ilvl, _Level())

        def start_of(i: int) -> int:
            return starts.get(i, levels.get(i, _Level()).start)

        current = counters[ilvl]
        counters[ilvl] = start_of(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.fmt == "none" or level.fmt == "bullet":
            return ""
        template = level.text if level.text is not None else f"%{ilvl + 1}."

        def render(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            value = counters[i] if counters[i] is not None else start_of(i)
            fmt = "decimal" if level.legal else levels.get(i, _Level()).fmt
            return _FORMATS.get(fmt, str)(value)

        text = _LEVEL_REF.sub(render, template)
        return text + level.suffix if text else ""


def _int_val_attr(el: etree._Element, attr: str, default: int) -> int:
    try:
        return int(el.get(attr, default))
    except (TypeError, ValueError):
        return default


def _level(lvl: etree._Element, t: Tags) -> _Level:
    out = _Level()
    for child in lvl:
        tag = child.tag
        if tag == t.w + "start":
            out.start = int_attr(child, t, 1)
        elif tag == t.w + "numFmt":
            out.fmt = child.get(t.val, "decimal")
        elif tag == t.w + "lvlText":
            out.text = child.get(t.val, "")
        elif tag == t.w + "suff":
            out.suffix = _SUFFIX.get(child.get(t.val, "tab"), "\t")
        elif tag == t.w + "isLgl":
            out.legal = bool(toggle_on(child, t))
        elif tag == t.w + "pStyle":
            out.style = child.get(t.val)
    return out

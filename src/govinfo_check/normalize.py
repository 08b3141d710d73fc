"""Printed label → comparable label.

Labels in real reports differ from the official form in widths, brackets, quotes, spaces and line
breaks (``商业\\n企业``), ``合计`` for ``总计`` and a few recurring typos. Comparing normalised labels
lets the locator match them by meaning-preserving text, never by position. This runs on every
cell, so it is cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Full-width ASCII (U+FF01..FF5E) and the ideographic space are each their own NFKC decomposition
# apart: one starter character for another. Mapping them first leaves NFKC's result unchanged and
# lets the quick check pass on ordinary Chinese text, which then skips the full normalisation (the
# costliest single step of reading a report's prose: every ，（）： forced it).
_WIDE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_PROSE_WIDE = tuple((w, chr(_WIDE[ord(w)])) for w in "，（）：；！？％\u3000")


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, cheaper on text that is NFKC but for its full-width
    punctuation (most Chinese prose)."""
    if unicodedata.is_normalized("NFKC", text):  # cells and labels mostly: no character-by-character map
        return text
    # the punctuation of Chinese prose first, by C-speed replaces (a translate with a dict costs a
    # look-up per character); then whatever full-width form is left, then full NFKC if still needed
    for wide, narrow in _PROSE_WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = text.translate(_WIDE)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_NO_ZERO_WIDTH = dict.fromkeys(map(ord, _ZERO_WIDTH))
_ANY_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH}]")  # one C-level scan, not a generator over the marks


def no_whitespace(text: str) -> str:
    """Every whitespace and zero-width character removed (``re.sub(r"[\\s\\u200b…\\ufeff]+", "", text)``):
    str.split() splits on exactly the characters ``\\s`` matches, and a C split-and-join is several
    times cheaper than a pattern's per-character class test."""
    s = "".join(text.split())
    if _ANY_ZERO_WIDTH.search(s) is not None:  # rare: Word's and web pages' zero-width marks
        s = s.translate(_NO_ZERO_WIDTH)
    return s


# After NFKC: fold the remaining bracket, quote, colon and comma variants onto one form each.
_FOLD = str.maketrans({
    "【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "［": "(", "］": ")",
    "〈": "(", "〉": ")", "《": "(", "》": ")",
    "“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "‘": '"', "’": '"', "'": '"', "＂": '"',
    "﹕": ":", "︰": ":",
    "﹐": ",", "，": ",",
    "。": ".", "．": ".", "｡": ".",
})

_FOLDED = {chr(k): v for k, v in _FOLD.items()}
_ANY_FOLD = re.compile("[" + re.escape("".join(_FOLDED)) + "]")


def _fold(s: str) -> str:
    """``s.translate(_FOLD)``, by one C-level scan and a replace per distinct character found:
    translate with a mapping raises and clears a KeyError inside for every character the mapping
    lacks, ~0.75k instructions a character of Chinese text (the folding is one-to-one and no
    result is itself folded, so the replaces in any order give the same text)."""
    found = _ANY_FOLD.findall(s)
    if not found:
        return s
    for ch in set(found):
        s = s.replace(ch, _FOLDED[ch])
    return s


# Whole-word replacements applied after folding (known typos seen in real reports, and
# synonyms the form treats as the same label).
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("行政止公开", "行政法规禁止公开"),
    ("只计这一情况", "只计这一情形"),
    ("合计", "总计"),
)


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """A label reduced to a comparable form: NFKC widths, no whitespace at all, one form of
    brackets/quotes/colons/commas, ``合计`` → ``总计`` and known typos fixed."""
    if not text:
        return ""
    s = nfkc(text)
    s = _fold(no_whitespace(s))
    for old, new in _REPLACEMENTS:
        if old in s:
            s = s.replace(old, new)
    return s


# NFKC never deletes a character and composes at most four into one (the longest canonical
# decomposition of a single character); normalize_label drops only whitespace and zero-width marks.
_MAX_COMPOSED = 4


def label_longer_than(text: str, limit: int) -> bool:
    """Is ``normalize_label(text)`` surely longer than ``limit``? Told without normalising (or
    caching) the text: the locator asks it of every paragraph before testing for a short heading
    or title, and most paragraphs are long body text. False means "perhaps not"."""
    bound = _MAX_COMPOSED * limit
    return len(text or "") > bound and len(no_whitespace(text)) > bound


_NUMBERING = re.compile(
    r"^(?:"
    r"\([一二三四五六七八九十\d]{1,3}\)"  # (一) (1)
    r"|[一二三四五六七八九十]{1,3}[、.,:]"  # 一、 一.
    r"|\d{1,2}[、.,:)]"  # 1. 1、 1)
    r"|\d{1,2}(?=[\u4e00-\u9fff])"  # ① ② (NFKC made them 1 2) right before the words
    r")"
)


def strip_numbering(label: str) -> str:
    """A normalised label without its leading item number (``(三)`` ``三、`` ``1.``): real reports
    number items inconsistently (``1.`` ``1、`` ``(1)``), the text after the number is what counts."""
    s = label
    while s:  # "三、(三)1.属于…" carries up to three numbers; every number is at least one character
        m = _NUMBERING.match(s)
        if m is None:
            break
        s = s[m.end():]
    return s


@lru_cache(maxsize=65536)
def display_label(text: str) -> str:
    """A label as printed, with line breaks and stray spaces removed (for messages)."""
    return no_whitespace(text or "").strip()

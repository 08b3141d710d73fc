"""Struck-through characters: text deleted with tracked changes shown, printed.

A report printed with its markup shown (Word's "All Markup", LibreOffice's default) prints deleted
text beside the inserted text: 5659 where the document, changes accepted, says 59. The deletion is
drawn struck through — a short line across the middle of the glyphs, in the reviser's colour,
which is the colour of the deleted characters — and the insertion underlined. The .docx reader
reads a document with its changes accepted, so the PDF reader drops what is struck through.

A line counts as a strike when it is thin, crosses the middle band of the characters it passes
(not their foot, where an underline sits), and no longer than the run of characters it crosses
(a table line or a rule through a cell's overflowing text runs on past it). Drawn in the
characters' own colour, they are dropped. Drawn in another colour, whether it deletes them cannot
be told: those characters are kept, each marked with a combining stroke (U+0336), so the value
reads as invalid and its finding names the cell and shows what it held — never a silent guess.
"""

from __future__ import annotations

import bisect

STRUCK = "\u0336"  # COMBINING LONG STROKE OVERLAY: shows the character as printed, struck through

_MAX_THICKNESS = 2.5  # points: a strike is a hairline or a thin filled box
_BAND = (0.25, 0.15)  # share of a character's height above and below the band a strike crosses
_COVER = 0.6  # share of a character's width a strike must cross
_RUN = 0.7  # share of a strike's length the characters it crosses must fill


def struck(chars: list[dict], lines: list[dict], rects: list[dict]) -> tuple[set[int], set[int]]:
    """(ids of characters struck through in their own colour, ids of characters struck through in
    another colour) among ``chars``, by the horizontal lines and thin boxes of the page."""
    strokes = [(o["x0"], o["x1"], (o["top"] + o["bottom"]) / 2, o.get("stroking_color"))
               for o in lines if o["bottom"] - o["top"] <= _MAX_THICKNESS and o["x1"] - o["x0"] > 1.0]
    strokes += [(o["x0"], o["x1"], (o["top"] + o["bottom"]) / 2,
                 o.get("non_stroking_color") if o.get("fill") else o.get("stroking_color"))
                for o in rects if o["bottom"] - o["top"] <= _MAX_THICKNESS and o["x1"] - o["x0"] > 1.0]
    if not strokes:
        return set(), set()
    drop: set[int] = set()
    doubt: set[int] = set()
    by_top = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["top"])
    tops = [c["top"] for c in by_top]
    tallest = max((c["bottom"] - c["top"] for c in by_top), default=0.0)
    for x0, x1, y, colour in strokes:
        crossed = []
        for ch in by_top[bisect.bisect_left(tops, y - tallest):bisect.bisect_right(tops, y)]:
            h = ch["bottom"] - ch["top"]
            if not (ch["top"] + _BAND[0] * h < y < ch["bottom"] - _BAND[1] * h):
                continue
            w = ch["x1"] - ch["x0"]
            if w > 0 and min(x1, ch["x1"]) - max(x0, ch["x0"]) >= _COVER * w:
                crossed.append(ch)
        if not crossed:
            continue
        filled = sum(min(x1, ch["x1"]) - max(x0, ch["x0"]) for ch in crossed)
        if filled < _RUN * (x1 - x0):
            continue  # a line running on past the text it crosses: a rule, not a strike
        for ch in crossed:
            (drop if _same_colour(ch.get("non_stroking_color"), colour) else doubt).add(id(ch))
    return drop, doubt - drop


def _same_colour(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    ta = tuple(a) if isinstance(a, (list, tuple)) else (a,)
    tb = tuple(b) if isinstance(b, (list, tuple)) else (b,)
    return len(ta) == len(tb) and all(abs(float(p) - float(q)) < 0.02 for p, q in zip(ta, tb))

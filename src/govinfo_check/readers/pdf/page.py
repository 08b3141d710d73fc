"""One page: its ruled tables, then the text outside them as lines, in reading order."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .aligned import aligned_tables
from .layout import is_form_label
from .lines import closing_lines, frame_lines
from .model import Line, PageItems, Part
from .ruled import ruled_table
from .strike import STRUCK, struck


# Some fonts map the glyphs of common characters to the Kangxi radicals (⼀ U+2F00 for 一, ⼈ for 人):
# Chromium's PDFs and many others carry them in their text layer. They print the same, and mean
# the ideograph; their compatibility decomposition names it.
_RADICALS = re.compile("[\u2f00-\u2fd5]")


def _ideograph(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", m.group(0))


def read_page(page: Any, number: int) -> tuple[PageItems, int]:
    page = page.dedupe_chars()
    chars = len(page.chars)
    out = PageItems(number)
    if not chars:
        return out, 0
    for ch in page.chars:
        if _RADICALS.search(ch["text"]):
            ch["text"] = _RADICALS.sub(_ideograph, ch["text"])
    # text deleted with tracked changes shown is printed struck through: read as the .docx reader
    # reads the document, changes accepted; a strike of uncertain meaning marks its characters
    drop, doubt = struck(page.chars, page.lines, page.rects)
    if drop:
        page = page.filter(lambda obj: id(obj) not in drop)
    for ch in page.chars:
        if id(ch) in doubt:
            ch["text"] += STRUCK
    tables: list[Part] = []
    edges = page.edges
    vlines = [(e["x0"], e["top"], e["bottom"]) for e in edges if e.get("orientation") == "v"]
    closing = closing_lines(edges, page.chars)
    frame = frame_lines([*edges, *closing[0], *closing[1]], page.chars)
    closing[0].extend(e for e in frame if e["orientation"] == "v")
    closing[1].extend(e for e in frame if e["orientation"] == "h")
    settings = {"explicit_vertical_lines": closing[0], "explicit_horizontal_lines": closing[1]} if any(closing) else None
    vlines += [(e["x0"], e["top"], e["bottom"]) for e in closing[0]]
    for found in page.find_tables(settings):
        got = ruled_table(found.cells, page.chars, number, vlines=vlines)
        if got is not None:
            tables.append(got)
    boxes = [t.bbox for t in tables]

    def in_ruled(ch: dict) -> bool:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    aligned, used = aligned_tables([ch for ch in page.chars if not in_ruled(ch)], number, is_form_label)
    tables += aligned

    def outside(obj: dict) -> bool:
        return obj.get("object_type") != "char" or not (id(obj) in used or in_ruled(obj))

    text_page = page.filter(outside) if tables else page
    for ln in text_page.extract_text_lines(return_chars=False):
        text = ln["text"].strip()
        if text:
            out.items.append((ln["top"], Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], number,
                                               float(page.height))))
    for part in tables:
        out.items.append((part.bbox[1], part))
    out.items.sort(key=lambda it: it[0])
    return out, chars


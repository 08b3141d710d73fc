"""WordprocessingML as lxml sees it: the formatting stripped before parsing, the guarded parse,
the Clark names the reader looks for, and small helpers over children and attributes."""

from __future__ import annotations

import functools
import re
from typing import Iterable

from lxml import etree

from ..errors import ReadError

MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MATH_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
TRANSITIONAL_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_FALSE_VALUES = frozenset({"0", "false", "off", "none"})


# What the reader never reads, dropped from document.xml's bytes before lxml sees it. Formatting
# is most of a report's document.xml (a 200-figure report: ~250 of ~300 KB, ~7,000 of ~9,000
# elements) and libxml2 builds a node for each, which the walk then steps over in Python.
#
# FORMATTING_ONLY: empty elements dropped wherever they are — fonts, sizes, borders, shading,
# widths, alignment, spacing. Only self-closing tags with the usual "w:" prefix match; a tag never
# spans a ">", so no match can reach into another element.
FORMATTING_ONLY = (
    "sz szCs shd spacing snapToGrid suppressLineNumbers start rFonts right "
    "top tcW tblW tblInd tl2br tr2bl textAlignment topLinePunct trHeight tblStyle tblLayout tblLook "
    "kern keepNext keepLines kinsoku left lang jc bottom bCs vAlign vertAlign "
    "ind insideH insideV i iCs w widowControl wordWrap webHidden gridCol color "
    "highlight end autoSpaceDE autoSpaceDN adjustRightInd overflowPunct u noProof position"
).split()
# Containers of nothing but empty elements, none of them read (borders, margins, tab stops, the
# column widths): dropped whole.
EMPTY_ONLY = "tblGrid tblBorders tcBorders pBdr tblCellMar tcMar tabs".split()
# Property elements holding only the above: dropped whole, as an empty one reads the same as
# none (no pStyle, numPr, rStyle, b, gridSpan, vMerge, del … in it) and a paragraph, run, row or
# cell has one. A report's runs, paragraphs and cells mostly carry only formatting, and
# every element left costs the walk an lxml proxy and a tag string.
PROPERTIES = "rPr pPr tcPr trPr tblPr tblPrEx".split()
# tests/test_docx_reader.py keeps these names apart from the names Tags reads, and checks that
# every sample and report reads the same with and without the stripping.


def trie_pattern(words: Iterable[str]) -> str:
    """An alternation of ``words`` shaped as a trie (``s(?:z(?:Cs)?|hd|…)``): the regex engine tries
    a flat alternation branch by branch at each of the ~9,000 tags of a report, a trie one letter
    at a time (2.2 → 1.2 ms a report). Branches keep the words' order, so the commonest first
    letters, tried first, come first in ``words`` (~4 % of the pass)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in node if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _strip_pattern() -> bytes:
    # Possessive repeats and an atomic trie: nothing here can match by giving characters back
    # (a tag ends at its first ">", a trie branch is a distinct prefix, and no repeated item can
    # start "</"), so no backtracking state is kept (~5 % fewer instructions than plain repeats).
    empty = rb"<w:[^>]*+(?<=/)>"
    formatting = rb"<w:(?>" + trie_pattern(FORMATTING_ONLY).encode() + rb")\b[^>]*+(?<=/)>"
    boxes = rb"<w:(?:" + b"|".join(n + rb">(?:" + empty + rb")*+</w:" + n + b">"
                                   for n in (x.encode() for x in EMPTY_ONLY)) + b")"
    run_props = rb"<w:rPr>(?:" + formatting + rb")*+</w:rPr>"
    inside = {"rPr": formatting, "pPr": formatting + b"|" + boxes + b"|" + run_props}
    # The reader takes a row's, cell's or paragraph's first properties and a run's last: one
    # holding only formatting is not dropped next to another of its kind (a stray duplicate),
    # where dropping it would hand the reader the other one.
    # (the look-behind comes after "<w:" so that every branch starts with it: the regex engine
    # then skips to each "<w:" with a fast literal search)
    props = [f"<w:{n}>(?<!</w:{n}><w:{n}>)".encode() + rb"(?:" + inside.get(n, formatting + b"|" + boxes) + rb")*+"
             + f"</w:{n}>(?!<w:{n}[\\s>/])".encode() for n in PROPERTIES]
    # property elements first: most formatting sits in one, and a whole one is one match
    # (8 % fewer instructions than trying them last)
    return b"|".join([*props, formatting, boxes])


_FORMATTING = re.compile(_strip_pattern())


def without_formatting(data: bytes) -> bytes:
    """document.xml less what the reader never reads (one C regex pass: ~3× cheaper than parsing
    it all into lxml and walking past it)."""
    return _FORMATTING.sub(b"", data)


def parse_xml(data: bytes, name: str) -> etree._Element:
    # A DOCTYPE has no business in an OOXML part; refusing it up front rules out entity tricks.
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ReadError("F-007", f"{name} contains a DOCTYPE/entity declaration", f"{name} 含有 DOCTYPE/实体声明")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        msg = str(exc)
        if any(word in msg.lower() for word in ("huge", "depth", "amplification")):
            raise ReadError("F-007", f"{name}: {msg}", f"{name}：{msg}") from exc
        raise ReadError("F-001", f"{name} is not well-formed XML: {msg}", f"{name} 不是格式正确的 XML：{msg}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReadError("F-007", f"{name} contains a DOCTYPE/entity declaration", f"{name} 含有 DOCTYPE/实体声明")
    return root


MC_ALT = f"{MC_NS}AlternateContent"
_MC_CHOICE = f"{MC_NS}Choice"
_MC_FALLBACK = f"{MC_NS}Fallback"
MATH_T = f"{MATH_NS}t"
MATH_PREFIX = MATH_NS[:-1]  # RunWalker.walk()'s test for a math element


class Tags:
    """Clark names for one WordprocessingML namespace (transitional or strict)."""

    def __init__(self, ns: str) -> None:
        w = "{%s}" % ns
        self.w = w
        self.val = f"{w}val"
        for local in (
            "body p r t tab ptab br cr noBreakHyphen softHyphen fldChar instrText delText drawing pict object "
            "hyperlink smartTag ins moveTo del moveFrom sdt sdtContent customXml fldSimple dir bdo "
            "pPr pStyle outlineLvl numPr numId ilvl rPr rStyle b "
            "tbl tr tc trPr tcPr gridSpan gridBefore gridAfter vMerge hMerge "
            "style name basedOn docDefaults rPrDefault pPrDefault"
        ).split():
            setattr(self, local, w + local)
        self.del_ = f"{w}del"  # "del" is a Python keyword
        self.fld_type = f"{w}fldCharType"
        self.style_id = f"{w}styleId"
        self.style_type = f"{w}type"
        self.default = f"{w}default"
        self.containers = frozenset(
            w + t for t in ("hyperlink", "smartTag", "ins", "moveTo", "customXml", "fldSimple", "dir", "bdo")
        )
        self.skipped = frozenset(w + t for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr"))
        self.pictures = frozenset(w + t for t in ("drawing", "pict", "object"))
        self.chars = {w + "tab": "\t", w + "ptab": "\t", w + "br": "\n", w + "cr": "\n",
                      w + "noBreakHyphen": "-", w + "softHyphen": ""}
        # body.plain_text_reader: what sends a paragraph to the full RunWalker
        self.walked_in_p = self.containers | {self.sdt, MC_ALT}
        self.walked_in_r = self.pictures | {self.fldChar, MC_ALT}
        # the block-level wrappers BodyReader._flatten looks through; rows and cells without
        # one are read straight from their children
        self.wrappers = (self.sdt, self.customXml, MC_ALT)


@functools.lru_cache(maxsize=8)
def tags_for(ns: str) -> Tags:
    # a Tags is read-only once built; every part in a package shares one namespace
    return Tags(ns)


def namespace_of(el: etree._Element) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else TRANSITIONAL_W


def first_child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain Clark name. lxml's find() goes through ElementPath in Python
    (≈ 1.7 µs a call); looping over the few children of a w:pPr, w:rPr or w:trPr is far cheaper."""
    for x in el:
        if x.tag == tag:
            return x
    return None


def first_grandchild(el: etree._Element, tag: str, sub: str) -> etree._Element | None:
    """``el.find(f"{tag}/{sub}")``: the first ``sub`` of any ``tag`` child, in document order."""
    for x in el:
        if x.tag == tag:
            for y in x:
                if y.tag == sub:
                    return y
    return None


def toggle_on(el: etree._Element | None, tags: Tags) -> bool | None:
    """A toggle property (w:b …): None when absent, else its value (no val = on)."""
    if el is None:
        return None
    val = el.get(tags.val)
    return val is None or val.lower() not in _FALSE_VALUES


def int_attr(el: etree._Element | None, tags: Tags, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(tags.val, default))
    except (TypeError, ValueError):
        return default


def alternate_choice(alt: etree._Element) -> etree._Element | None:
    # mc:AlternateContent repeats its content (Choice for new Word, Fallback for old): read one
    for child in alt:
        if child.tag == _MC_CHOICE:
            return child
    for child in alt:
        if child.tag == _MC_FALLBACK:
            return child
    return None

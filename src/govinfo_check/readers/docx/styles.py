"""styles.xml: outline level, bold and list of each paragraph style, following basedOn."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator

from lxml import etree

from ..errors import ReadError
from .markup import Tags, first_child, first_grandchild, int_attr, namespace_of, parse_xml, tags_for, toggle_on

_HEADING_NAME = re.compile(r"^\s*(?:heading|标题)\s*([1-9])\s*$", re.IGNORECASE)


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # explicit pPr/outlineLvl, or from a "heading N" name
    bold: bool | None
    num_id: str | None = None  # pPr/numPr: the style's list
    ilvl: int | None = None


@functools.lru_cache(maxsize=16)
def styles_for(data: bytes, name: str) -> StyleSheet:
    """Reports of one agency, or one batch made from one template, share styles.xml byte for byte:
    parse it once. A style sheet only answers lookups (its memo tables depend on nothing else)."""
    return StyleSheet.from_xml(data, name)


class StyleSheet:
    """styles.xml, parsed once: outline level and bold per style id, following basedOn."""

    def __init__(self, styles: dict[str, _Style] | None = None, default_para: str | None = None,
                 default_bold: bool = False) -> None:
        self.styles = styles or {}
        self.default_para = default_para
        self.default_bold = default_bold
        self._outline: dict[str, int | None] = {}
        self._bold: dict[str, bool | None] = {}

    @classmethod
    def from_xml(cls, data: bytes, name: str) -> StyleSheet:
        try:
            root = parse_xml(data, name)
        except ReadError as exc:
            if exc.code == "F-007":
                raise
            return cls()  # a broken styles part only costs bold/outline hints, not the text
        tags = tags_for(namespace_of(root))
        styles: dict[str, _Style] = {}
        default_para = None
        for st in root.iter(tags.style):
            sid = st.get(tags.style_id)
            if sid is None:
                continue
            name_el = first_child(st, tags.name)
            sname = name_el.get(tags.val, "") if name_el is not None else ""
            based = first_child(st, tags.basedOn)
            num_id, ilvl = num_pr(first_child(st, tags.pPr), tags)
            styles[sid] = _Style(
                name=sname,
                based_on=based.get(tags.val) if based is not None else None,
                outline=_style_outline(st, sname, tags),
                bold=toggle_on(first_grandchild(st, tags.rPr, tags.b), tags),
                num_id=num_id,
                ilvl=ilvl,
            )
            if st.get(tags.style_type) == "paragraph" and (st.get(tags.default) or "").lower() in ("1", "true", "on"):
                default_para = sid
        default_bold = toggle_on(root.find(f"{tags.docDefaults}/{tags.rPrDefault}/{tags.rPr}/{tags.b}"), tags) or False
        return cls(styles, default_para, default_bold)

    def _chain(self, sid: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while sid is not None and sid not in seen and sid in self.styles:
            seen.add(sid)
            st = self.styles[sid]
            yield st
            sid = st.based_on

    def outline_level(self, sid: str | None) -> int | None:
        key = sid or ""
        if key not in self._outline:
            self._outline[key] = next((s.outline for s in self._chain(sid or self.default_para)
                                       if s.outline is not None), None)
        level = self._outline[key]
        return None if level is None or level >= 9 else level

    def list_ref(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives its paragraphs, following basedOn."""
        num_id = ilvl = None
        for st in self._chain(sid or self.default_para):
            num_id = num_id if num_id is not None else st.num_id
            ilvl = ilvl if ilvl is not None else st.ilvl
        return num_id, ilvl

    def bold(self, sid: str | None) -> bool | None:
        """Bold from a style chain, None when no style in it says."""
        if sid is None:
            return None
        if sid not in self._bold:
            self._bold[sid] = next((s.bold for s in self._chain(sid) if s.bold is not None), None)
        return self._bold[sid]


def num_pr(ppr: etree._Element | None, t: Tags) -> tuple[str | None, int | None]:
    """(numId, ilvl) from a pPr's numPr; None for whichever is not given."""
    num = first_child(ppr, t.numPr) if ppr is not None else None
    if num is None:
        return None, None
    num_id = first_child(num, t.numId)
    ilvl = first_child(num, t.ilvl)
    return (num_id.get(t.val) if num_id is not None else None,
            int_attr(ilvl, t, 0) if ilvl is not None else None)


def _style_outline(st: etree._Element, name: str, tags: Tags) -> int | None:
    lvl = first_grandchild(st, tags.pPr, tags.outlineLvl)
    if lvl is not None:
        return int_attr(lvl, tags, 9)
    m = _HEADING_NAME.match(name)
    return int(m.group(1)) - 1 if m else None

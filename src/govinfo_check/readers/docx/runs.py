"""A paragraph's visible text, run by run, and whether all of it is bold."""

from __future__ import annotations

from lxml import etree

from .markup import MATH_PREFIX, MATH_T, MC_ALT, Tags, alternate_choice, first_child, toggle_on
from .styles import StyleSheet


class RunWalker:
    """Collects a paragraph's visible text: fields' results, content controls, insertions; never
    deletions, field instructions or text inside pictures (text boxes)."""

    def __init__(self, tags: Tags, styles: StyleSheet, style_id: str | None, want_bold: bool) -> None:
        self.t = tags
        self.styles = styles
        self.want_bold = want_bold
        self.para_bold = (styles.bold(style_id or styles.default_para) if want_bold else None)
        self.parts: list[str] = []
        self.fields: list[bool] = []  # complex-field stack: True once past "separate" (the result)
        self.has_drawing = False
        self.any_text = False
        self.all_bold = True

    def walk(self, parent: etree._Element) -> None:
        t = self.t
        for el in parent:
            tag = el.tag
            if tag == t.r:
                self._run(el)
            elif tag in t.containers:
                self.walk(el)
            elif tag == t.sdt:
                content = el.find(t.sdtContent)
                if content is not None:
                    self.walk(content)
            elif tag == MC_ALT:
                choice = alternate_choice(el)
                if choice is not None:
                    self.walk(choice)
            elif isinstance(tag, str) and tag.startswith(MATH_PREFIX):
                self._emit("".join(x.text or "" for x in el.iter(MATH_T)), None)

    def _visible(self) -> bool:
        return all(self.fields)

    def _run(self, r: etree._Element) -> None:
        t = self.t
        pieces: list[str] = []
        rpr = None
        for el in r:
            tag = el.tag
            if tag == t.t:
                if self._visible():
                    pieces.append(el.text or "")
            elif tag == t.rPr:
                rpr = el
            elif tag == t.fldChar:
                self._field_char(el.get(t.fld_type))
            elif tag in t.chars:
                if self._visible():
                    pieces.append(t.chars[tag])
            elif tag in t.pictures:
                self.has_drawing = True
            elif tag == MC_ALT:
                choice = alternate_choice(el)
                if choice is not None and any(x.tag in t.pictures for x in choice.iter()):
                    self.has_drawing = True
        if pieces:
            self._emit("".join(pieces), rpr)

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _emit(self, text: str, rpr: etree._Element | None) -> None:
        if not text:
            return
        self.parts.append(text)
        if self.want_bold and text.strip():
            self.any_text = True
            if self.all_bold and not self._run_bold(rpr):
                self.all_bold = False

    def _run_bold(self, rpr: etree._Element | None) -> bool:
        t = self.t
        if rpr is not None:
            direct = toggle_on(first_child(rpr, t.b), t)
            if direct is not None:
                return direct
            rs = first_child(rpr, t.rStyle)
            if rs is not None:
                from_char_style = self.styles.bold(rs.get(t.val))
                if from_char_style is not None:
                    return from_char_style
        if self.para_bold is not None:
            return self.para_bold
        return self.styles.default_bold

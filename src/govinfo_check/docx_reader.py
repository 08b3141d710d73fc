"""Read a .docx into a :class:`~govinfo_check.models.Document`: body paragraphs and table grids
in reading order.

Works on the raw WordprocessingML with lxml rather than python-docx: python-docx's
``table.cell()`` / ``row.cells`` are O(n^2) and repeat merged cells, and opening a package with it
costs several times a bare unzip + parse. Every problem with the file comes out as a
:class:`ReadError` carrying a catalogue code (F-001 … F-007); nothing else is raised.
"""

from __future__ import annotations

import functools
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Iterator

from lxml import etree

from .models import Block, Cell, Document, Paragraph, Table

__all__ = ["ReadError", "read_document", "read_document_bytes", "MAX_XML_BYTES"]

# A real annual report's document.xml is under 2 MB (the official template filled in: ~0.3 MB).
# Parsing costs ~20× a part's size in memory and time grows with it: 50 MB let a 238 KB file take
# 0.85 GB and 8 s. 4 MB is twice the largest real report and bounds one file to ~100 MB and a few
# seconds. Read at call time so tests can monkeypatch it.
MAX_XML_BYTES = 4 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# only used when olefile cannot parse a damaged compound file
_OLE_SCAN_BYTES = 16 * 1024 * 1024

_MAIN_PART = "word/document.xml"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_TRANSITIONAL_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_FALSE_VALUES = frozenset({"0", "false", "off", "none"})
_HEADING_NAME = re.compile(r"^\s*(?:heading|标题)\s*([1-9])\s*$", re.IGNORECASE)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


class ReadError(Exception):
    """The file cannot be read as a Word document. ``code`` is a catalogue code (F-001 … F-007),
    ``detail`` a short English detail, ``detail_zh`` the same in Chinese."""

    def __init__(self, code: str, detail: str, detail_zh: str | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.detail_zh = detail_zh or detail

    def __reduce__(self) -> tuple:
        # the batch runner sends errors between processes; the default reduce would lose fields
        return (type(self), (self.code, self.detail, self.detail_zh))


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a .docx file (opened read-only, never written). Raises :class:`ReadError` only."""
    try:
        name = os.fspath(path)
    except TypeError as exc:
        raise ReadError("F-006", f"not a file path: {path!r}", f"不是文件路径：{path!r}") from exc
    try:
        with open(name, "rb") as fh:
            return _read_stream(fh, str(name))
    except ReadError:
        raise
    except FileNotFoundError as exc:
        raise ReadError("F-006", f"file not found: {name}", f"文件不存在：{name}") from exc
    except IsADirectoryError as exc:
        raise ReadError("F-006", f"is a directory, not a file: {name}", f"这是文件夹，不是文件：{name}") from exc
    except PermissionError as exc:
        raise ReadError("F-006", f"permission denied: {name}", f"没有读取权限：{name}") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ReadError("F-006", f"I/O error ({reason}): {name}", f"读取出错（{reason}）：{name}") from exc


def read_document_bytes(data: bytes, path: str = "<bytes>") -> Document:
    """Read a .docx held in memory; ``path`` is only recorded in the result."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ReadError("F-006", f"expected bytes, got {type(data).__name__}", f"应为字节数据，实为 {type(data).__name__}")
    return _read_stream(io.BytesIO(bytes(data)), path)


# ---------------------------------------------------------------------------
# container: empty / OLE / zip
# ---------------------------------------------------------------------------


def _read_stream(fh: IO[bytes], path: str) -> Document:
    head = fh.read(len(OLE_MAGIC))
    if not head:
        raise ReadError("F-005", "the file is empty (0 bytes)", "文件为空（0 字节）")
    fh.seek(0)
    if head == OLE_MAGIC:
        raise _ole_error(fh)
    zf = _open_zip(fh)
    with zf:
        main = _main_part_name(zf)
        doc_xml = _read_member(zf, main)
        styles_name = _part_name(zf, main, "styles.xml", "/styles")
        styles_xml = _read_member(zf, styles_name) if styles_name else None
        numbering_name = _part_name(zf, main, "numbering.xml", "/numbering")
        numbering_xml = _read_member(zf, numbering_name) if numbering_name else None
        title = _core_title(zf)
    try:
        root = _parse_xml(_without_formatting(doc_xml), main)
    except ReadError:
        # the file's own error, with its own line and column (or its tree, should the stripping
        # ever be what broke it)
        root = _parse_xml(doc_xml, main)
    styles = _styles_for(styles_xml, styles_name or "") if styles_xml is not None else _StyleSheet()
    numbering = _Numbering.from_xml(numbering_xml, numbering_name or "") if numbering_xml is not None \
        else _Numbering()
    return Document(path=path, blocks=_BodyReader(root, styles, numbering).blocks(), title_property=title)


_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _core_title(zf: zipfile.ZipFile) -> str | None:
    """The title in the document properties (docProps/core.xml): some reports print no title line
    and carry it only there. A damaged or missing part just means no title."""
    names = set(zf.namelist())
    candidates = [t for t in _relationship_targets(zf, "_rels/.rels", "/core-properties", base="") if t in names]
    if not candidates and "docProps/core.xml" in names:
        candidates = ["docProps/core.xml"]
    for name in candidates:
        try:
            el = _parse_xml(_read_member(zf, name), name).find(_DC_TITLE)
        except (KeyError, ReadError):
            return None
        text = (el.text or "").strip() if el is not None else ""
        return text or None
    return None


def _ole_error(fh: IO[bytes]) -> ReadError:
    """An OLE/CFB container: an encrypted OOXML package (EncryptionInfo stream) or a legacy .doc."""
    import olefile  # only for a file that is not a zip package at all

    try:
        ole = olefile.OleFileIO(fh)
        try:
            encrypted = ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
            word97 = ole.exists("WordDocument")
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - a damaged compound file: fall back to a byte scan
        fh.seek(0)
        raw = fh.read(_OLE_SCAN_BYTES)
        encrypted = "EncryptionInfo".encode("utf-16-le") in raw
        word97 = "WordDocument".encode("utf-16-le") in raw
    if encrypted:
        return ReadError("F-003", "encrypted (password-protected) Office document",
                         "文件已加密（受密码保护）")
    if word97:
        return ReadError("F-004", "legacy Word 97-2003 binary document (.doc)", "旧版 Word 97-2003 文档（.doc）")
    return ReadError("F-004", "OLE compound file without a WordDocument stream (not a .docx)",
                     "OLE 复合文档，不含 WordDocument 流（不是 .docx）")


def _open_zip(fh: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fh)
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile raises several types for damaged archives
        raise ReadError("F-001", str(exc) or type(exc).__name__, f"不是有效的 zip 文件（{exc}）") from exc


def _main_part_name(zf: zipfile.ZipFile) -> str:
    names = zf.namelist()
    if _MAIN_PART in names:
        return _MAIN_PART
    # the package's own relationship names the main part; some generators do not use the usual name
    for target in _relationship_targets(zf, "_rels/.rels", "/officeDocument", base=""):
        if target in names:
            return target
    lowered = {n.lower(): n for n in names}
    if _MAIN_PART in lowered:
        return lowered[_MAIN_PART]
    raise ReadError("F-002", "the archive has no word/document.xml", "压缩包中没有 word/document.xml")


def _part_name(zf: zipfile.ZipFile, main: str, usual: str, rel_type: str) -> str | None:
    """A part the main document refers to (styles, numbering), or None when it has none."""
    names = set(zf.namelist())
    folder, _, base = main.rpartition("/")
    guess = f"{folder}/{usual}" if folder else usual
    if guess in names:
        return guess  # the usual name: no need to parse the relationships
    rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    for target in _relationship_targets(zf, rels, rel_type, base=folder):
        if target in names:
            return target
    return None


def _relationship_targets(zf: zipfile.ZipFile, rels_name: str, type_suffix: str, base: str) -> list[str]:
    try:
        root = _parse_xml(_read_member(zf, rels_name), rels_name)
    except (KeyError, ReadError):
        return []
    out = []
    for rel in root.iter(f"{_REL_NS}Relationship"):
        if (rel.get("Type") or "").endswith(type_suffix) and rel.get("TargetMode") != "External":
            out.append(_resolve_target(base, rel.get("Target") or ""))
    return out


def _resolve_target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = base.split("/") if base else []
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """Read one part, refusing anything over MAX_XML_BYTES before and while inflating it."""
    info = zf.getinfo(name)  # KeyError when absent: callers decide
    limit = MAX_XML_BYTES
    if info.file_size > limit:
        raise _too_large(name, info.file_size, limit)
    try:
        with zf.open(info) as member:
            data = member.read(limit + 1)
    except OSError:
        raise
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise ReadError("F-003", f"{name} is encrypted in the zip archive", f"{name} 在压缩包中被加密") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise ReadError("F-001", f"cannot extract {name}: {exc}", f"无法解压 {name}：{exc}") from exc
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    return data


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _too_large(name: str, size: int, limit: int) -> ReadError:
    return ReadError("F-007",
                     f"{name} is {_mb(size)} MB uncompressed, over the {_mb(limit)} MB limit for one part "
                     f"(a real report's document.xml is under 2 MB)",
                     f"{name} 解压后 {_mb(size)} MB，超过单个部件 {_mb(limit)} MB 的上限（真实年度报告的 "
                     f"document.xml 不到 2 MB）")


# ---------------------------------------------------------------------------
# XML
# ---------------------------------------------------------------------------


# Empty formatting elements the reader never reads: fonts, sizes, borders, shading, widths,
# alignment, spacing. They are half the elements of a report's document.xml (a 200-figure report:
# ~5,000 of ~9,000) and libxml2 builds a node for each. Dropping them from the bytes first (one C
# regex pass) halves the parse: 7.9 → 1.4 + 2.4 ms a report here. Only self-closing tags with the
# usual "w:" prefix match; a tag never spans a ">", so no match can reach into another element.
# tests/test_docx_reader.py keeps this list apart from the names _Tags reads, and checks that
# every sample reads the same with and without it.
FORMATTING_ONLY = (
    "rFonts sz szCs kern lang color highlight shd w spacing ind jc vAlign tcW tblW tblInd "
    "top left bottom right start end insideH insideV tl2br tr2bl "
    "widowControl keepNext keepLines suppressLineNumbers snapToGrid autoSpaceDE autoSpaceDN "
    "adjustRightInd textAlignment wordWrap overflowPunct topLinePunct kinsoku "
    "bCs i iCs u noProof webHidden vertAlign position"
).split()


def _trie_pattern(words: Iterable[str]) -> str:
    """An alternation of ``words`` shaped as a trie (``s(?:z(?:Cs)?|hd|…)``): the regex engine tries
    a flat alternation branch by branch at each of the ~9,000 tags of a report, a trie one letter
    at a time (2.2 → 1.2 ms a report)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_FORMATTING = re.compile(rb"<w:" + _trie_pattern(FORMATTING_ONLY).encode() + rb"\b[^>]*/>")


def _without_formatting(data: bytes) -> bytes:
    return _FORMATTING.sub(b"", data)


def _parse_xml(data: bytes, name: str) -> etree._Element:
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


_MC_ALT = f"{_MC_NS}AlternateContent"
_MC_CHOICE = f"{_MC_NS}Choice"
_MC_FALLBACK = f"{_MC_NS}Fallback"
_MATH_T = f"{_MATH_NS}t"
_MATH_PREFIX = _MATH_NS[:-1]  # _RunWalker.walk()'s test for a math element


class _Tags:
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
        # _BodyReader._plain_text: what sends a paragraph to the full _RunWalker
        self.walked_in_p = self.containers | {self.sdt, _MC_ALT}
        self.walked_in_r = self.pictures | {self.fldChar, _MC_ALT}
        # the block-level wrappers _BodyReader._flatten looks through; rows and cells without
        # one are read straight from their children
        self.wrappers = (self.sdt, self.customXml, _MC_ALT)


@functools.lru_cache(maxsize=8)
def _tags_for(ns: str) -> _Tags:
    # a _Tags is read-only once built; every part in a package shares one namespace
    return _Tags(ns)


def _namespace(el: etree._Element) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else _TRANSITIONAL_W


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain Clark name. lxml's find() goes through ElementPath in Python
    (≈ 1.7 µs a call); looping over the few children of a w:pPr, w:rPr or w:trPr is far cheaper."""
    for x in el:
        if x.tag == tag:
            return x
    return None


def _grandchild(el: etree._Element, tag: str, sub: str) -> etree._Element | None:
    """``el.find(f"{tag}/{sub}")``: the first ``sub`` of any ``tag`` child, in document order."""
    for x in el:
        if x.tag == tag:
            for y in x:
                if y.tag == sub:
                    return y
    return None


def _on(el: etree._Element | None, tags: _Tags) -> bool | None:
    """A toggle property (w:b …): None when absent, else its value (no val = on)."""
    if el is None:
        return None
    val = el.get(tags.val)
    return val is None or val.lower() not in _FALSE_VALUES


def _int_attr(el: etree._Element | None, tags: _Tags, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(tags.val, default))
    except (TypeError, ValueError):
        return default


def _alternate_choice(alt: etree._Element) -> etree._Element | None:
    # mc:AlternateContent repeats its content (Choice for new Word, Fallback for old): read one
    for child in alt:
        if child.tag == _MC_CHOICE:
            return child
    for child in alt:
        if child.tag == _MC_FALLBACK:
            return child
    return None


# ---------------------------------------------------------------------------
# styles
# ---------------------------------------------------------------------------


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # explicit pPr/outlineLvl, or from a "heading N" name
    bold: bool | None
    num_id: str | None = None  # pPr/numPr: the style's list
    ilvl: int | None = None


@functools.lru_cache(maxsize=16)
def _styles_for(data: bytes, name: str) -> _StyleSheet:
    """Reports of one agency, or one batch made from one template, share styles.xml byte for byte:
    parse it once. A style sheet only answers lookups (its memo tables depend on nothing else)."""
    return _StyleSheet.from_xml(data, name)


class _StyleSheet:
    """styles.xml, parsed once: outline level and bold per style id, following basedOn."""

    def __init__(self, styles: dict[str, _Style] | None = None, default_para: str | None = None,
                 default_bold: bool = False) -> None:
        self.styles = styles or {}
        self.default_para = default_para
        self.default_bold = default_bold
        self._outline: dict[str, int | None] = {}
        self._bold: dict[str, bool | None] = {}

    @classmethod
    def from_xml(cls, data: bytes, name: str) -> _StyleSheet:
        try:
            root = _parse_xml(data, name)
        except ReadError as exc:
            if exc.code == "F-007":
                raise
            return cls()  # a broken styles part only costs bold/outline hints, not the text
        tags = _tags_for(_namespace(root))
        styles: dict[str, _Style] = {}
        default_para = None
        for st in root.iter(tags.style):
            sid = st.get(tags.style_id)
            if sid is None:
                continue
            name_el = _child(st, tags.name)
            sname = name_el.get(tags.val, "") if name_el is not None else ""
            based = _child(st, tags.basedOn)
            num_id, ilvl = _num_pr(_child(st, tags.pPr), tags)
            styles[sid] = _Style(
                name=sname,
                based_on=based.get(tags.val) if based is not None else None,
                outline=_style_outline(st, sname, tags),
                bold=_on(_grandchild(st, tags.rPr, tags.b), tags),
                num_id=num_id,
                ilvl=ilvl,
            )
            if st.get(tags.style_type) == "paragraph" and (st.get(tags.default) or "").lower() in ("1", "true", "on"):
                default_para = sid
        default_bold = _on(root.find(f"{tags.docDefaults}/{tags.rPrDefault}/{tags.rPr}/{tags.b}"), tags) or False
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


def _num_pr(ppr: etree._Element | None, t: _Tags) -> tuple[str | None, int | None]:
    """(numId, ilvl) from a pPr's numPr; None for whichever is not given."""
    num = _child(ppr, t.numPr) if ppr is not None else None
    if num is None:
        return None, None
    num_id = _child(num, t.numId)
    ilvl = _child(num, t.ilvl)
    return (num_id.get(t.val) if num_id is not None else None,
            _int_attr(ilvl, t, 0) if ilvl is not None else None)


def _style_outline(st: etree._Element, name: str, tags: _Tags) -> int | None:
    lvl = _grandchild(st, tags.pPr, tags.outlineLvl)
    if lvl is not None:
        return _int_attr(lvl, tags, 9)
    m = _HEADING_NAME.match(name)
    return int(m.group(1)) - 1 if m else None


# ---------------------------------------------------------------------------
# automatic numbering (numbering.xml)
# ---------------------------------------------------------------------------

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


class _Numbering:
    """numbering.xml: renders the list label Word prints, counting in document order."""

    def __init__(self) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()

    @classmethod
    def from_xml(cls, data: bytes, name: str) -> _Numbering:
        out = cls()
        try:
            root = _parse_xml(data, name)
        except ReadError as exc:
            if exc.code == "F-007":
                raise
            return out  # a broken numbering part costs the list labels only
        t = _tags_for(_namespace(root))
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
                    starts[ilvl] = _int_attr(start, t, 1)
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


def _level(lvl: etree._Element, t: _Tags) -> _Level:
    out = _Level()
    for child in lvl:
        tag = child.tag
        if tag == t.w + "start":
            out.start = _int_attr(child, t, 1)
        elif tag == t.w + "numFmt":
            out.fmt = child.get(t.val, "decimal")
        elif tag == t.w + "lvlText":
            out.text = child.get(t.val, "")
        elif tag == t.w + "suff":
            out.suffix = _SUFFIX.get(child.get(t.val, "tab"), "\t")
        elif tag == t.w + "isLgl":
            out.legal = bool(_on(child, t))
        elif tag == t.w + "pStyle":
            out.style = child.get(t.val)
    return out


# ---------------------------------------------------------------------------
# body
# ---------------------------------------------------------------------------


@dataclass
class _Text:
    """What one paragraph yields."""

    text: str
    bold: bool
    has_drawing: bool


class _BodyReader:
    def __init__(self, root: etree._Element, styles: _StyleSheet, numbering: _Numbering | None = None) -> None:
        self.t = _tags_for(_namespace(root))
        self.root = root
        self.styles = styles
        self.numbering = numbering or _Numbering()
        # w:tcPr → [gridSpan, vMerge, hMerge], filled by _find_merges()
        self._merges: dict[etree._Element, list] = {}

    # -- blocks -------------------------------------------------------------

    def blocks(self) -> list[Block]:
        body = self.root.find(self.t.body)
        if body is None:
            raise ReadError("F-001", "word/document.xml has no w:body", "word/document.xml 中没有 w:body")
        self._find_merges(body)
        out: list[Block] = []
        for el in self._flatten(body, (self.t.p, self.t.tbl)):
            if el.tag == self.t.p:
                out.append(self._paragraph(el, len(out)))
            else:
                out.append(self._table(el, len(out)))
        return out

    def _find_merges(self, body: etree._Element) -> None:
        """Cells' gridSpan / vMerge / hMerge, found in one pass in C. A Python loop over every
        w:tcPr's children (width, borders, shading … to find the one or two that matter) makes
        an lxml proxy object per child and was about a quarter of the cost of reading tables;
        iter() makes them only for the merge elements. lxml hands out the same proxy for a node
        while one is alive, so _place() finds its w:tcPr here by identity."""
        t = self.t
        merges = self._merges
        for x in body.iter(t.gridSpan, t.vMerge, t.hMerge):
            tcpr = x.getparent()
            if tcpr.tag != t.tcPr:
                continue
            props = merges.get(tcpr)
            if props is None:
                props = merges[tcpr] = [1, None, None]
            # in document order, so a later duplicate wins, as in a loop over the children
            tag = x.tag
            if tag == t.gridSpan:
                props[0] = max(_int_attr(x, t, 1), 1)
            elif tag == t.vMerge:
                props[1] = x.get(t.val) or "continue"
            else:
                props[2] = x.get(t.val) or "continue"

    def _flatten(self, parent: etree._Element, wanted: tuple[str, ...]) -> Iterator[etree._Element]:
        """Children with a wanted tag, looking through block-level content controls and custom XML."""
        t = self.t
        for el in parent:
            tag = el.tag
            if tag in wanted:
                yield el
            elif tag == t.sdt:
                content = el.find(t.sdtContent)
                if content is not None:
                    yield from self._flatten(content, wanted)
            elif tag == t.customXml:
                yield from self._flatten(el, wanted)
            elif tag == _MC_ALT:
                choice = _alternate_choice(el)
                if choice is not None:
                    yield from self._flatten(choice, wanted)

    def _paragraph(self, p: etree._Element, index: int) -> Paragraph:
        t = self.t
        ppr = _child(p, t.pPr)
        style_id = None
        outline = None
        lvl = None
        if ppr is not None:
            ps = None
            for x in ppr:  # the first of each, as find() would
                tag = x.tag
                if tag == t.pStyle:
                    ps = x if ps is None else ps
                elif tag == t.outlineLvl:
                    lvl = x if lvl is None else lvl
            style_id = ps.get(t.val) if ps is not None else None
            if lvl is not None:
                outline = _int_attr(lvl, t, 9)
                outline = None if outline >= 9 else outline
        if outline is None and lvl is None:
            outline = self.styles.outline_level(style_id)
        label = self._list_label(ppr, style_id)
        got = self._text(p, style_id, want_bold=True)
        return Paragraph(index=index, text=label + got.text, style=style_id or "", outline_level=outline,
                         bold=got.bold, has_drawing=got.has_drawing, list_label=label)

    def _list_label(self, ppr: etree._Element | None, style_id: str | None) -> str:
        """The automatic number Word prints before the paragraph ("一、", "（二）", "1."), or ""."""
        if not self.numbering.nums:
            return ""
        num_id, ilvl = _num_pr(ppr, self.t)
        if num_id is None or ilvl is None:
            from_style = self.styles.list_ref(style_id)
            num_id = num_id if num_id is not None else from_style[0]
            ilvl = ilvl if ilvl is not None else from_style[1]
        if num_id is None or num_id == "0":  # numId 0 switches a style's numbering off
            return ""
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id) or 0
        return self.numbering.label(num_id, ilvl)

    # -- runs ---------------------------------------------------------------

    def _plain_text(self, p: etree._Element) -> str | None:
        """The text _RunWalker would give a paragraph made of plain runs, without bold; None
        when the paragraph has anything more (fields, pictures, alternate content, math,
        hyperlinks, content controls, tracked changes …) and needs the walker itself.

        Nearly every table cell is one such paragraph, and a _RunWalker per cell (an object,
        a call per run and per piece of text) costs more than parsing the file. This is the
        walker's own dispatch, inlined, for the case where it only ever reaches _run(): the
        same children are read (w:t, w:tab … of runs that are the paragraph's children) and
        the same ones ignored, so the text is the same."""
        t = self.t
        w_r, w_t, w_ppr, chars = t.r, t.t, t.pPr, t.chars
        walked_in_p, walked_in_r = t.walked_in_p, t.walked_in_r
        pieces: list[str] = []
        for el in p:
            tag = el.tag
            if tag == w_ppr:
                continue
            if tag == w_r:
                for x in el:
                    tag = x.tag
                    if tag == w_t:
                        pieces.append(x.text or "")
                    elif tag in chars:
                        pieces.append(chars[tag])
                    elif tag in walked_in_r:
                        return None
            elif tag in walked_in_p or (isinstance(tag, str) and tag.startswith(_MATH_PREFIX)):
                return None
        return "".join(pieces)

    def _text(self, p: etree._Element, style_id: str | None, want_bold: bool) -> _Text:
        walker = _RunWalker(self.t, self.styles, style_id, want_bold)
        walker.walk(p)
        return _Text("".join(walker.parts), walker.all_bold and walker.any_text, walker.has_drawing)

    # -- tables -------------------------------------------------------------

    def _table(self, tbl: etree._Element, index: int) -> Table:
        t = self.t
        grid: list[list[Cell | None]] = []
        cells: list[Cell] = []
        nested: list[Table] = []
        for tr in self._flatten(tbl, (t.tr,)):
            # One pass over the row's children finds its first w:trPr and, in the usual case that
            # no content control or custom XML wraps them, its cells.
            trpr = None
            tcs: list[etree._Element] = []
            wrapped = False
            for el in tr:
                tag = el.tag
                if tag == t.tc:
                    tcs.append(el)
                elif tag == t.trPr:
                    trpr = el if trpr is None else trpr
                elif tag in t.wrappers:
                    wrapped = True
            before = after = 0
            if trpr is not None:
                deleted = False
                grid_before = grid_after = None
                for x in trpr:  # the first of each, as find() would
                    tag = x.tag
                    if tag == t.del_:
                        deleted = True
                        break
                    if tag == t.gridBefore:
                        grid_before = x if grid_before is None else grid_before
                    elif tag == t.gridAfter:
                        grid_after = x if grid_after is None else grid_after
                if deleted:
                    continue  # a tracked deleted row is not in the document any more
                before = _int_attr(grid_before, t, 0)
                after = _int_attr(grid_after, t, 0)
            row: list[Cell | None] = [None] * max(before, 0)
            r = len(grid)
            for tc in self._flatten(tr, (t.tc,)) if wrapped else tcs:
                self._place(tc, r, row, grid, cells, nested, index)
            row.extend([None] * max(after, 0))
            grid.append(row)
        n_cols = max((len(row) for row in grid), default=0)
        for row in grid:
            row.extend([None] * (n_cols - len(row)))
        return Table(index=index, n_rows=len(grid), n_cols=n_cols, cells=cells, grid=grid, nested=nested,
                     has_drawing=any(c.has_drawing for c in cells))

    def _place(self, tc: etree._Element, r: int, row: list[Cell | None], grid: list[list[Cell | None]],
               cells: list[Cell], nested: list[Table], index: int) -> None:
        """Put one w:tc into the grid row being built, merging it into a cell above or to the left."""
        t = self.t
        span, vmerge, hmerge = 1, None, None
        # One pass over the cell's children reads its first w:tcPr and, in the usual case that
        # they are all there is, its paragraphs; a nested table or a wrapper (content control,
        # custom XML) sends the content through _flatten().
        paragraphs: list[etree._Element] = []
        only_paragraphs = True
        props_seen = False
        for el in tc:
            tag = el.tag
            if tag == t.p:
                paragraphs.append(el)
            elif tag == t.tcPr:
                if not props_seen:  # only the first w:tcPr counts
                    props_seen = True
                    props = self._merges.get(el)
                    if props is not None:
                        span, vmerge, hmerge = props
            elif tag == t.tbl or tag in t.wrappers:
                only_paragraphs = False
        blocks = paragraphs if only_paragraphs else self._flatten(tc, (t.p, t.tbl))
        text, drawing = self._cell_content(blocks, nested, index)
        col = len(row)
        target: Cell | None = None
        if vmerge == "continue" and r > 0 and col < len(grid[r - 1]):
            above = grid[r - 1][col]
            if above is not None and above.col == col and above.colspan == span:
                above.rowspan = r - above.row + 1
                target = above
        elif hmerge == "continue" and row and row[-1] is not None:
            left = row[-1]
            if left.row == r and left.rowspan == 1:
                left.colspan += span
                target = left
        if target is None:
            target = Cell(row=r, col=col, rowspan=1, colspan=span, text=text, has_drawing=drawing)
            cells.append(target)
        else:
            # Word shows only the first cell of a merge, but text left in a continuation is kept
            # rather than silently dropped.
            if text.strip():
                target.text = f"{target.text}\n{text}" if target.text.strip() else text
            target.has_drawing = target.has_drawing or drawing
        row.extend([target] * span)

    def _cell_content(self, blocks: Iterable[etree._Element], nested: list[Table],
                      index: int) -> tuple[str, bool]:
        """A cell's text (its paragraphs, one a line) and whether it holds a picture, from its
        paragraphs and tables in order; the tables go to ``nested``."""
        t = self.t
        lines: list[str] = []
        drawing = False
        labels = bool(self.numbering.nums)
        for el in blocks:
            if el.tag == t.p:
                text = self._plain_text(el)
                if text is None:
                    got = self._text(el, None, want_bold=False)
                    text = got.text
                    drawing = drawing or got.has_drawing
                # labels are counted in document order, so this stays in the same loop
                label = self._list_label(_child(el, t.pPr), _style_id(el, t)) if labels else ""
                lines.append(label + text)
            else:
                nested.append(self._table(el, index))
        return "\n".join(lines), drawing


def _style_id(p: etree._Element, t: _Tags) -> str | None:
    ps = _grandchild(p, t.pPr, t.pStyle)
    return ps.get(t.val) if ps is not None else None


class _RunWalker:
    """Collects a paragraph's visible text: fields' results, content controls, insertions; never
    deletions, field instructions or text inside pictures (text boxes)."""

    def __init__(self, tags: _Tags, styles: _StyleSheet, style_id: str | None, want_bold: bool) -> None:
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
            elif tag == _MC_ALT:
                choice = _alternate_choice(el)
                if choice is not None:
                    self.walk(choice)
            elif isinstance(tag, str) and tag.startswith(_MATH_PREFIX):
                self._emit("".join(x.text or "" for x in el.iter(_MATH_T)), None)

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
            elif tag == _MC_ALT:
                choice = _alternate_choice(el)
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
            direct = _on(_child(rpr, t.b), t)
            if direct is not None:
                return direct
            rs = _child(rpr, t.rStyle)
            if rs is not None:
                from_char_style = self.styles.bold(rs.get(t.val))
                if from_char_style is not None:
                    return from_char_style
        if self.para_bold is not None:
            return self.para_bold
        return self.styles.default_bold

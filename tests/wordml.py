"""Build small but valid .docx files for tests, from WordprocessingML snippets.

    from wordml import make_docx, p, r, tbl, tr, tc
    path = make_docx(tmp_path / "a.docx", p("一、总体情况", bold=True) + tbl([["自然人", "3"], ["总计", "3"]]))

``p`` / ``r`` / ``tc`` / ``tr`` / ``tbl`` return XML strings so tests can splice in any raw markup
(fields, tracked changes, content controls) between them. Text is XML-escaped; ``\\t`` and ``\\n``
in text become w:tab and w:br.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Iterable, Sequence, Union
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
NS_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())

_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_BY_PART = {
    "word/styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "word/numbering.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "word/settings.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
}
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_REL_BY_PART = {"word/styles.xml": "styles", "word/numbering.xml": "numbering", "word/settings.xml": "settings"}


# ---------------------------------------------------------------------------
# snippets
# ---------------------------------------------------------------------------


def r(text: str, bold: bool | None = None, *, rstyle: str | None = None) -> str:
    """One run. bold=True adds <w:b/>, bold=False adds <w:b w:val="0"/>, None leaves it to styles."""
    props = ""
    if rstyle is not None:
        props += f'<w:rStyle w:val="{rstyle}"/>'
    if bold is True:
        props += "<w:b/>"
    elif bold is False:
        props += '<w:b w:val="0"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_run_content(text)}</w:r>"


def _run_content(text: str) -> str:
    out: list[str] = []
    buf = ""
    for ch in text:
        if ch in "\t\n":
            if buf:
                out.append(f'<w:t xml:space="preserve">{escape(buf)}</w:t>')
                buf = ""
            out.append("<w:tab/>" if ch == "\t" else "<w:br/>")
        else:
            buf += ch
    if buf:
        out.append(f'<w:t xml:space="preserve">{escape(buf)}</w:t>')
    return "".join(out)


def p(text: str = "", bold: bool = False, style: str | None = None, *, outline: int | None = None,
      runs: str | None = None, num: tuple[int, int | None] | None = None) -> str:
    """A paragraph holding ``text`` in one run, or the raw ``runs`` XML when given.
    ``num`` = (numId, ilvl) puts it in an automatic list (ilvl None: left to the style/list)."""
    props = ""
    if style is not None:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ilvl = f'<w:ilvl w:val="{num[1]}"/>' if num[1] is not None else ""
        props += f'<w:numPr>{ilvl}<w:numId w:val="{num[0]}"/></w:numPr>'
    if outline is not None:
        props += f'<w:outlineLvl w:val="{outline}"/>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    content = runs if runs is not None else (r(text, True if bold else None) if text else "")
    return f"<w:p>{ppr}{content}</w:p>"


def tc(text: str = "", *, span: int = 1, vmerge: str | None = None, hmerge: str | None = None,
       inner: str | None = None) -> str:
    """A cell. vmerge/hmerge: "restart" or "continue". ``inner`` replaces the default paragraph."""
    props = ""
    if span != 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if hmerge is not None:
        props += "<w:hMerge/>" if hmerge == "continue" else f'<w:hMerge w:val="{hmerge}"/>'
    if vmerge is not None:
        props += "<w:vMerge/>" if vmerge == "continue" else f'<w:vMerge w:val="{vmerge}"/>'
    tcpr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    body = inner if inner is not None else "".join(p(line) for line in text.split("\n"))
    return f"<w:tc>{tcpr}{body}</w:tc>"


Cellish = Union[str, None]


def tr(cells: Iterable[Cellish], *, before: int = 0, after: int = 0) -> str:
    """A row. Each cell is raw ``<w:tc…`` XML or plain text (None = empty cell)."""
    props = ""
    if before:
        props += f'<w:gridBefore w:val="{before}"/>'
    if after:
        props += f'<w:gridAfter w:val="{after}"/>'
    trpr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return "<w:tr>" + trpr + "".join(_cell(c) for c in cells) + "</w:tr>"


def _cell(c: Cellish) -> str:
    if c is None:
        return tc("")
    return c if c.lstrip().startswith("<w:tc") else tc(c)


def tbl(rows: Sequence[Union[str, Sequence[Cellish]]], *, n_cols: int | None = None) -> str:
    """A table. Each row is raw ``<w:tr…`` XML or a list of cells (see :func:`tr`)."""
    row_xml = [row if isinstance(row, str) else tr(row) for row in rows]
    if n_cols is None:
        n_cols = max((len(row) for row in rows if not isinstance(row, str)), default=1)
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(n_cols))
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>' \
        + "".join(row_xml) + "</w:tbl>"


def sdt(content: str, tag: str = "control") -> str:
    """A content control (block- or run-level, depending on what ``content`` is)."""
    return f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'


def drawing_run(textbox_text: str = "") -> str:
    """A run holding an inline picture (and optionally a text box inside the drawing)."""
    txbx = ""
    if textbox_text:
        txbx = ("<wps:wsp><wps:txbx><w:txbxContent>" + p(textbox_text)
                + "</w:txbxContent></wps:txbx></wps:wsp>")
    return ('<w:r><w:drawing><wp:inline><wp:extent cx="10" cy="10"/><wp:docPr id="1" name="Picture 1"/>'
            f'<a:graphic><a:graphicData uri="x">{txbx}</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


# ---------------------------------------------------------------------------
# parts
# ---------------------------------------------------------------------------


def document_xml(body_xml: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:document {NS_DECL}><w:body>{body_xml}"
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')


def style(style_id: str, name: str, *, kind: str = "paragraph", based_on: str | None = None,
          outline: int | None = None, bold: bool | None = None, default: bool = False,
          num_id: int | None = None) -> str:
    """One w:style element for :func:`styles_xml`."""
    parts = [f'<w:name w:val={quoteattr(name)}/>']
    if based_on is not None:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    ppr = ""
    if num_id is not None:
        ppr += f'<w:numPr><w:numId w:val="{num_id}"/></w:numPr>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if bold is not None:
        parts.append("<w:rPr><w:b/></w:rPr>" if bold else '<w:rPr><w:b w:val="0"/></w:rPr>')
    dflt = ' w:default="1"' if default else ""
    return f'<w:style w:type="{kind}"{dflt} w:styleId="{style_id}">{"".join(parts)}</w:style>'


def styles_xml(*styles: str, default_bold: bool = False) -> bytes:
    rpr = "<w:rPr><w:b/></w:rPr>" if default_bold else "<w:rPr/>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NS_DECL}>'
            f"<w:docDefaults><w:rPrDefault>{rpr}</w:rPrDefault></w:docDefaults>"
            + "".join(styles) + "</w:styles>").encode("utf-8")


def abstract_num(abstract_id: int, levels: Sequence[tuple[str, str]], *, start: int = 1,
                 suffix: str | None = None, styles: Sequence[str | None] = ()) -> str:
    """A w:abstractNum; ``levels`` = [(numFmt, lvlText), …] for ilvl 0, 1, …; ``styles`` links
    a paragraph style to each level; ``suffix`` = tab (Word's default) | space | nothing."""
    out = []
    for i, (fmt, text) in enumerate(levels):
        suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""
        pstyle = f'<w:pStyle w:val="{styles[i]}"/>' if i < len(styles) and styles[i] else ""
        out.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{pstyle}{suff}'
                   f'<w:lvlText w:val={quoteattr(text)}/></w:lvl>')
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(out)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, *, restart_at: int | None = None) -> str:
    """A w:num instance of an abstract list; ``restart_at`` adds a level-0 startOverride."""
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
                if restart_at is not None else "")
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'


def numbering_xml(*parts: str) -> bytes:
    """word/numbering.xml from :func:`abstract_num` and :func:`num` snippets (abstracts first)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {NS_DECL}>'
            + "".join(parts) + "</w:numbering>").encode("utf-8")


def make_docx(path: str | Path, body_xml: str, *, extra_parts: dict[str, bytes] | None = None,
              document: bytes | None = None, main_part: str = "word/document.xml") -> Path:
    """Write a minimal valid .docx: content types, package and document relationships, the main
    part built from ``body_xml`` (or the raw ``document`` bytes), and any ``extra_parts``
    (e.g. {"word/styles.xml": styles_xml(...)}; known parts get their relationship)."""
    path = Path(path)
    extra = dict(extra_parts or {})
    overrides = [f'<Override PartName="/{main_part}" ContentType="{_CT_MAIN}"/>']
    doc_rels = []
    for i, name in enumerate(sorted(extra), start=1):
        if name in _CT_BY_PART:
            overrides.append(f'<Override PartName="/{name}" ContentType="{_CT_BY_PART[name]}"/>')
            target = name.split("/", 1)[1]
            doc_rels.append(f'<Relationship Id="rId{i}" Type="{_REL_TYPE}{_REL_BY_PART[name]}" Target="{target}"/>')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>' + "".join(overrides) + "</Types>"
    )
    rels_head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">')
    package_rels = rels_head + f'<Relationship Id="rId1" Type="{_REL_TYPE}officeDocument" Target="{main_part}"/>' \
        + "</Relationships>"
    folder, _, base = main_part.rpartition("/")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", package_rels)
        zf.writestr(main_part, document if document is not None else document_xml(body_xml).encode("utf-8"))
        zf.writestr(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels",
                    rels_head + "".join(doc_rels) + "</Relationships>")
        for name, data in extra.items():
            zf.writestr(name, data)
    return path


# ---------------------------------------------------------------------------
# OLE / compound file (for encrypted-document and legacy .doc tests)
# ---------------------------------------------------------------------------


def make_cfb(stream_names: Sequence[str]) -> bytes:
    """A minimal valid Compound File Binary (v3, 512-byte sectors) holding up to three empty
    streams, e.g. ["EncryptionInfo", "EncryptedPackage"] (an encrypted .docx) or ["WordDocument"]."""
    if len(stream_names) > 3:
        raise ValueError("at most three streams fit the single directory sector")
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + bytes(6)
    # dir sectors (0 for v3), FAT sectors, first dir sector, transaction, mini cutoff,
    # first mini FAT, mini FAT count, first DIFAT, DIFAT count
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108  # DIFAT: the FAT is sector 0
    assert len(header) == 512
    fat = struct.pack("<II", fat_sect, end) + struct.pack("<I", free) * 126

    def entry(name: str, kind: int, child: int, right: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        e = raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
        e += struct.pack("<III", nostream, right, child) + bytes(16) + bytes(4) + bytes(16)
        e += struct.pack("<IQ", end, 0)
        assert len(e) == 128
        return e

    n = len(stream_names)
    entries = [entry("Root Entry", 5, 1 if n else nostream, nostream)]
    for i, name in enumerate(stream_names, start=1):
        entries.append(entry(name, 2, nostream, i + 1 if i < n else nostream))
    while len(entries) < 4:
        entries.append(entry("", 0, nostream, nostream))
    return header + fat + b"".join(entries)

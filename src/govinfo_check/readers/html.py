"""A report published as a web page (.html, .htm, .shtml; also a page saved with its ``_files``
folder, or as one file: .mht/.mhtml, Word's 单个文件网页) → :class:`Document`, with lxml.

* Encoding: a byte-order mark, else UTF-8 when the bytes are valid UTF-8 (whatever the page
  declares), else the page's ``<meta charset>`` when it gives Chinese text (GB2312 and GBK read as
  their superset GB18030), else GB18030, else detection (charset-normalizer).
* Tables: ``rowspan``/``colspan`` are laid out into the same grid as Word's merged cells (the HTML
  table model: a spanning cell occupies later rows' positions, later cells move right). A table
  that holds another table is page layout: its cells are read as blocks. Hidden rows and cells
  (``display:none``) and Word's tracked deletions (``<del>``) are not what the page shows: not read.
* Pictures: an ``<img>`` (not an icon) makes its paragraph or cell ``has_drawing``, so a table
  pasted as a picture is S-001 for that table and no figure is guessed.
* Paragraphs: the site's navigation, header, footer and tool bars are left out. The report body
  is the smallest element holding the report's tables and most of its section headings; within it,
  elements named like page chrome and short lines of page furniture are dropped (both lists are
  data: ``data/page_chrome.yaml``). The page title is added when the body does not print one.

Problems raise :class:`ReaderError`: F-005 empty file, F-006 unreadable, F-027 not a page / no
text / cut off inside a table / only a link to the report as an attachment.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from ..models import Block, Cell, Document, Paragraph, Table
from .errors import ReaderError, io_error

MAX_BYTES = 50 * 1024 * 1024
_MAX_SPAN = 1000
_MAX_DEPTH = 400

_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "form",
    "button", "select", "input", "textarea", "nav", "aside", "svg", "canvas", "map", "head", "title", "meta",
    "link", "audio", "video",
    "del",  # Word's "save as web page" keeps tracked deletions as <del>: read the text as accepted
})
_CHROME_TAGS = frozenset({"header", "footer"})
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
    "main", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr", "body", "html", "tr", "td",
    "th", "caption", "header", "footer", "table", "tbody", "thead", "tfoot",
})
_HEADINGS = {f"h{i}": i - 1 for i in range(1, 7)}

_TITLE_RE = re.compile(r"政府信息公开(?:工作)?年度报告")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_SECTION_RE = re.compile(r"^\s*[一二三四五六]\s*[、.．]")
_REPORT_TABLE_RE = re.compile(r"第二十条|申请|行政复议|行政诉讼|信息内容|本年制发")
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # never printed; LibreOffice writes some around form fields
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb_2312", "csgb2312", "x-euc-cn", "euc-cn", "hz-gb-2312"}


def read_html(path: str) -> Document:
    data = _read_bytes(path)
    if _is_mhtml(data):
        data = _mhtml_page(data)
    text = _decode(data)
    if _looks_binary(text):
        raise ReaderError("F-027", "the file is not a web page (binary content)", "不是网页（内容为二进制数据）")
    from lxml import etree, html

    try:
        root = html.document_fromstring(_XML_DECL.sub("", text, count=1) or "<html></html>")
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError("F-027", f"cannot parse the page: {exc}", f"无法解析网页：{exc}") from exc
    if _cut_off(text):
        raise ReaderError("F-027", "the page is cut off inside a table (an incomplete download?)",
                          "网页在表格中间中断（可能未下载完整）")
    title = _page_title(root)
    body = _content_root(root)
    blocks = _Walker().blocks(body)
    blocks = [b for b in blocks if not (isinstance(b, Paragraph) and _is_furniture_line(b.text))]
    if title and not any(isinstance(b, Paragraph) and _is_title_line(b.text) for b in blocks[:8]):
        blocks.insert(0, Paragraph(index=0, text=title, outline_level=0))
    for i, b in enumerate(blocks):
        b.index = i
    if not any((isinstance(b, Paragraph) and b.text) or isinstance(b, Table) for b in blocks):
        raise ReaderError("F-027", "the page holds no text", "网页中没有文字内容")
    _refuse_attachment_page(body, blocks)
    return Document(path=path, blocks=blocks, reader="html")


_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|wps|ofd|odt|rtf|xlsx?|et)(?:[?#].*)?$", re.IGNORECASE)
_REPORT_LINK = re.compile(r"年度报告|年报|附件")


def _refuse_attachment_page(body, blocks: list[Block]) -> None:
    """A page that only announces the report and links to it as an attachment (a PDF or Word file)
    holds neither the tables nor the sections: say where the report is, instead of a finding for
    every table and section that page cannot have."""
    if any(isinstance(b, Table) for b in blocks):
        return
    if sum(1 for b in blocks if isinstance(b, Paragraph) and _SECTION_RE.match(b.text)) >= 2:
        return
    names = []
    for a in body.iter("a", "iframe", "embed", "object"):  # a link, or the file shown in a viewer frame
        href = (a.get("href") or a.get("src") or a.get("data") or "").strip()
        label = _text_of(a)
        around = _text_of(a.getparent()) if a.getparent() is not None else ""
        if _ATTACHMENT.search(href) and (_REPORT_LINK.search(f"{label} {href} {around}") or _ATTACHMENT.search(label)):
            names.append(label or href.rsplit("/", 1)[-1])
    if names:
        shown = "、".join(dict.fromkeys(names))
        raise ReaderError("F-027", f"the page holds no report, only a link to it as an attachment ({shown}): check that file",
                          f"网页上没有报告正文，只有附件链接（{shown}）：请检查附件文件本身")


# ---------------------------------------------------------------------------
# bytes → text
# ---------------------------------------------------------------------------


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise io_error(exc, path) from exc
    if not data:
        raise ReaderError("F-005", "the file is empty (0 bytes)")
    if len(data) > MAX_BYTES:
        raise ReaderError("F-027", f"the page is over {MAX_BYTES // (1024 * 1024)} MB",
                          f"网页超过 {MAX_BYTES // (1024 * 1024)} MB")
    return data


_MHTML_TYPE = re.compile(rb"^content-type:\s*multipart/related", re.IGNORECASE | re.MULTILINE)


def _is_mhtml(data: bytes) -> bool:
    """A page saved as one file (.mht/.mhtml: Word's 单个文件网页, a browser's "web archive"):
    a MIME message whose headers name multipart/related."""
    head = data[:4096].lstrip()
    return not head.startswith(b"<") and _MHTML_TYPE.search(head) is not None


def _mhtml_page(data: bytes) -> bytes:
    """The page of a web archive: its first text/html part, transfer encoding undone. Its charset is
    the part's header's when the page itself declares none."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not _META_CHARSET.search(body[:16384]):
                body = f'<meta charset="{charset}">'.encode("ascii", "replace") + body
            return body
    raise ReaderError("F-027", "the web archive (.mht) holds no page", "网页档案（.mht）中没有网页")


def _codec(name: str) -> str | None:
    import codecs

    name = name.strip().lower()
    if name in _GB:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(data: bytes) -> str:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    declared = _META_CHARSET.search(data[:16384])
    enc = _codec(declared.group(1).decode("ascii", "replace")) if declared else None
    # UTF-8 first: Chinese text in GBK is practically never valid UTF-8, while GB18030 decodes almost
    # any bytes, so a UTF-8 page that still declares gb2312 (a site's header says utf-8; the copy
    # saved from it keeps the old <meta>) would come out as mojibake. Then the declared encoding if
    # it gives Chinese text (a page declared iso-8859-1 by a misconfigured server gives none), then
    # GB18030: a Chinese government page that is not UTF-8 is GBK (detection misjudges short pages)
    for candidate in ("utf-8", enc, "gb18030"):
        if candidate:
            try:
                text = data.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                continue
            if candidate == "utf-8" or _HAN.search(text) or data.isascii():
                return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    except Exception:  # noqa: BLE001 - detection is a last resort; GB18030 below decodes anything
        pass
    return data.decode("gb18030", errors="replace")


def _looks_binary(text: str) -> bool:
    head = text[:8192]
    if not head:
        return False
    bad = sum(1 for ch in head if ch == "\x00" or ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    return bad > len(head) * 0.05 or "<" not in head


def _cut_off(text: str) -> bool:
    """A page that stops inside a table with no end of document: a truncated download."""
    low = text.lower()
    return low.count("<table") > low.count("</table") and "</html" not in low and "</body" not in low


# ---------------------------------------------------------------------------
# where the report is on the page
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _chrome() -> tuple[frozenset[str], tuple[str, ...], int, tuple[str, ...], re.Pattern[str]]:
    from .. import yamlio

    data = yamlio.package_data("govinfo_check", "data/page_chrome.yaml")
    words = sorted(data["tool_words"], key=len, reverse=True)
    gap = r"[\s|｜/【】\[\]()（）:：·•]*"
    tool_bar = re.compile(rf"(?:{gap}(?:{'|'.join(map(re.escape, words))}))+{gap}")
    return (frozenset(data["containers"]), tuple(data["lines"]), int(data["max_line_chars"]),
            tuple(data["always"]), tool_bar)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _text_of(el) -> str:
    return _clean(el.text_content())


def _clean(text: str) -> str:
    return _CJK_GAP.sub("", _SPACES.sub(" ", _CONTROL.sub("", text))).strip()


def _page_title(root) -> str | None:
    """The report's title from a heading or the <title>, for a body that does not print it."""
    for el in root.iter("h1", "h2", "h3"):
        t = _text_of(el)
        if _TITLE_RE.search(t) and len(t) <= 80:
            return t
    for el in root.iter("title"):
        for part in re.split(r"[_|｜\-—－]+", _text_of(el)):
            if _TITLE_RE.search(part):
                return part.strip()
    return None


def _is_title_line(text: str) -> bool:
    """A printed title, not a preface sentence that names the report ("现公开…年度报告。")."""
    return bool(_TITLE_RE.search(text)) and len(text) <= 80 and not _SENTENCE_END.search(text)


def _data_tables(root) -> list:
    """Innermost tables (no table inside) that look like the report's tables."""
    out = []
    for t in root.iter("table"):
        if next(t.iterdescendants("table"), None) is not None:
            continue
        if _REPORT_TABLE_RE.search(_text_of(t)):
            out.append(t)
    return out


_HEADING_HOLDERS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "li", "td"})


def _is_section_head(node) -> bool:
    own = _clean(node.text or "")
    return bool(own) and bool(_SECTION_RE.match(own)) and len(own) <= 40


def _section_count(el) -> int:
    return sum(1 for node in el.iter() if _tag(node) in _HEADING_HOLDERS and _is_section_head(node))


def _content_root(root):
    body = root.find("body")
    body = body if body is not None else root
    tables = _data_tables(body)
    if tables:
        node = tables[0] if len(tables) == 1 else _common_ancestor(tables)
        if _tag(node) == "table" and node.getparent() is not None:
            node = node.getparent()
    else:
        return body
    # climb until the node holds most section headings (a site may wrap each table in its own box)
    while node is not body and node.getparent() is not None and _section_count(node) < 4:
        node = node.getparent()
    return node


def _common_ancestor(elements: list):
    paths = [list(reversed([e, *e.iterancestors()])) for e in elements]
    common = None
    for level in zip(*paths):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def _is_chrome_element(el, chrome_words: frozenset[str]) -> bool:
    tag = _tag(el)
    if tag in _CHROME_TAGS or el.get("role") in ("navigation", "banner", "contentinfo"):
        return _is_small(el)
    names = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if not names.strip():
        return False
    words = set(re.split(r"[\s\-_]+|\d+", names))
    return bool(words & chrome_words) and _is_small(el)


def _is_small(el) -> bool:
    """Chrome holds no table and little text; a wrongly named content box does."""
    return next(el.iter("table"), None) is None and len(_text_of(el)) < 300


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def _is_furniture_line(text: str) -> bool:
    _, phrases, limit, always, tool_bar = _chrome()
    if not text or len(text) > limit or _SECTION_RE.match(text):
        return False
    squeezed = text.replace(" ", "")
    if squeezed.startswith(always) or tool_bar.fullmatch(text):  # a link to another report names its title
        return True
    return not _TITLE_RE.search(text) and any(p.replace(" ", "") in squeezed for p in phrases)


# ---------------------------------------------------------------------------
# elements → blocks
# ---------------------------------------------------------------------------


class _Walker:
    def __init__(self) -> None:
        self.out: list[Block] = []
        self.buf: list[str] = []
        self.level: int | None = None
        self.drawing = False
        self.chrome_words = _chrome()[0]

    def blocks(self, root) -> list[Block]:
        self._walk(root, 0)
        self._flush()
        return self.out

    def _flush(self) -> None:
        text = _clean("".join(self.buf))
        self.buf.clear()
        if text or self.drawing:
            self.out.append(Paragraph(index=len(self.out), text=text, outline_level=self.level,
                                      has_drawing=self.drawing))
        self.level = None
        self.drawing = False

    def _walk(self, el, depth: int) -> None:
        tag = _tag(el)
        if not tag or tag in _DROP_TAGS or _hidden(el) or _is_chrome_element(el, self.chrome_words):
            return
        if depth > _MAX_DEPTH:  # pathological nesting: keep the text, stop descending
            self.buf.append(el.text_content())
            return
        if tag == "table" and next(el.iterdescendants("table"), None) is None:
            self._flush()
            table = _table(el, len(self.out))
            if table is not None:
                self.out.append(table)
            return
        if tag == "br":
            self._flush()
            return
        if tag == "img":
            # a picture where a table should be is a finding of its own (S-001), never read as figures
            self.drawing = self.drawing or _is_picture(el)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self._flush()
            if tag in _HEADINGS:
                self.level = _HEADINGS[tag]
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self._walk(child, depth + 1)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self._flush()


def _is_picture(img) -> bool:
    """An image that can stand for a table: not an icon, bullet or spacer (declared under 64 px)."""
    for attr in ("width", "height"):
        size = re.match(r"\s*(\d+)", img.get(attr) or "")
        if size and int(size.group(1)) < 64:
            return False
    style = (img.get("style") or "").replace(" ", "").lower()
    for attr in ("width", "height"):
        size = re.search(rf"(?:^|;){attr}:(\d+)px", style)
        if size and int(size.group(1)) < 64:
            return False
    return True


def _rows(table) -> list:
    return [tr for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr") if not _hidden(tr)]


def _span(value: str | None, default: int = 1) -> int:
    """The leading digits, as browsers read the attribute ("2", " 2 ", "2.0", "2px", "２")."""
    m = re.match(r"\s*(\d+)", unicodedata.normalize("NFKC", value or ""))
    return int(m.group(1)) if m else default


def _table(el, index: int) -> Table | None:
    rows = _rows(el)
    if not rows:
        return None
    n_rows = len(rows)
    taken: dict[tuple[int, int], Cell] = {}
    cells: list[Cell] = []
    n_cols = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td | ./th"):
            if _hidden(td):  # not laid out by a browser (Excel's web pages hide columns so)
                continue
            while (r, c) in taken:
                c += 1
            rs = _span(td.get("rowspan"))
            rs = n_rows - r if rs == 0 else max(1, min(rs, n_rows - r))  # rowspan=0: to the end
            cs = max(1, min(_span(td.get("colspan")), _MAX_SPAN))
            cell = Cell(r, c, rs, cs, _cell_text(td), has_drawing=any(_is_picture(i) for i in td.iter("img")))
            cells.append(cell)
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken.setdefault((rr, cc), cell)
            c += cs
            n_cols = max(n_cols, c)
    grid: list[list[Cell | None]] = [[taken.get((r, c)) for c in range(n_cols)] for r in range(n_rows)]
    return Table(index=index, n_rows=n_rows, n_cols=n_cols, cells=cells, grid=grid,
                 has_drawing=any(c.has_drawing for c in cells))


def _cell_text(td) -> str:
    """A cell's text with its paragraphs and line breaks as newlines, as the .docx reader gives."""
    parts: list[str] = []

    def walk(el) -> None:
        tag = _tag(el)
        if tag in _DROP_TAGS or (tag and _hidden(el)):
            return
        block = tag in _BLOCK_TAGS or tag == "br"
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(td)
    lines = [_clean(x) for x in "".join(parts).split("\n")]
    return "\n".join(x for x in lines if x)


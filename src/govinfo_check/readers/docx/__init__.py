"""Read a .docx into a :class:`~govinfo_check.models.Document`: body paragraphs and table grids
in reading order.

Works on the raw WordprocessingML with lxml rather than python-docx: python-docx's
``table.cell()`` / ``row.cells`` are O(n^2) and repeat merged cells, and opening a package with it
costs several times a bare unzip + parse. Every problem with the file comes out as a
:class:`ReadError` carrying a catalogue code (F-001 … F-007); nothing else is raised.

* :mod:`.package` — the container: empty, OLE (encrypted or .doc), zip, parts and relationships;
* :mod:`.markup` — the formatting dropped before parsing, the guarded parse, tag names, helpers;
* :mod:`.styles`, :mod:`.numbering` — styles.xml and numbering.xml;
* :mod:`.body` — paragraphs and table grids in reading order; :mod:`.runs` — a paragraph's text.
"""

from __future__ import annotations

import io
import os
from typing import IO

from ...models import Document
from ..errors import ReadError
from .body import BodyReader
from .markup import parse_xml, without_formatting
from .numbering import Numbering
from .package import MAX_XML_BYTES, OLE_MAGIC, core_title, main_part_name, ole_error, open_zip, part_name, \
    read_member
from .styles import StyleSheet, styles_for

__all__ = ["ReadError", "read_document", "read_document_bytes", "MAX_XML_BYTES", "OLE_MAGIC"]


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


def _read_stream(fh: IO[bytes], path: str) -> Document:
    head = fh.read(len(OLE_MAGIC))
    if not head:
        raise ReadError("F-005", "the file is empty (0 bytes)", "文件为空（0 字节）")
    fh.seek(0)
    if head == OLE_MAGIC:
        raise ole_error(fh)
    zf = open_zip(fh)
    with zf:
        main = main_part_name(zf)
        doc_xml = read_member(zf, main)
        styles_name = part_name(zf, main, "styles.xml", "/styles")
        styles_xml = read_member(zf, styles_name) if styles_name else None
        numbering_name = part_name(zf, main, "numbering.xml", "/numbering")
        numbering_xml = read_member(zf, numbering_name) if numbering_name else None
        title = core_title(zf)
    try:
        root = parse_xml(without_formatting(doc_xml), main)
    except ReadError:
        # the file's own error, with its own line and column (or its tree, should the stripping
        # ever be what broke it)
        root = parse_xml(doc_xml, main)
    styles = styles_for(styles_xml, styles_name or "") if styles_xml is not None else StyleSheet()
    numbering = Numbering.from_xml(numbering_xml, numbering_name or "") if numbering_xml is not None \
        else Numbering()
    return Document(path=path, blocks=BodyReader(root, styles, numbering).blocks(), title_property=title)

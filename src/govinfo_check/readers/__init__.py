"""Readers by input type behind one ``read(path) -> Document``.

Every reader yields the same :class:`~govinfo_check.models.Document` (paragraphs and table grids in
reading order), so locating, the rules, the reporters and ``extract`` never know which format a
report came in. A file that cannot be read raises :class:`ReadError` with a catalogue code (F-…);
nothing else is raised for a bad file.

This module only holds the suffix table: the readers themselves (lxml, pdfplumber, a LibreOffice
process) are imported when a file of their type is read, so collecting paths stays cheap.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .errors import ReadError
    from ..models import Document

__all__ = ["ReadError", "SUFFIXES", "read", "reader_for", "ANNOTATABLE_SUFFIXES"]

# suffix → the reader's name as reported per file (json "reader")
_READER_BY_SUFFIX: dict[str, str] = {
    ".docx": "docx",
    ".doc": "doc-via-libreoffice",
    ".wps": "wps-via-libreoffice",
    ".odt": "odt-via-libreoffice",
    ".rtf": "rtf-via-libreoffice",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".mht": "html",  # a page saved as one file (Word's 单个文件网页, a browser's web archive)
    ".mhtml": "html",
}
SUFFIXES: tuple[str, ...] = tuple(_READER_BY_SUFFIX)
# --annotate writes Word comments into the file itself: only a .docx can carry them
ANNOTATABLE_SUFFIXES: tuple[str, ...] = (".docx",)


def __getattr__(name: str) -> Any:
    # ``readers.ReadError`` without importing lxml at collection time
    if name == "ReadError":
        from .errors import ReadError

        return ReadError
    raise AttributeError(name)


def reader_for(path: str | os.PathLike[str]) -> str | None:
    """The name of the reader for ``path`` by its suffix, or None for an unsupported type."""
    return _READER_BY_SUFFIX.get(os.path.splitext(os.fspath(path))[1].lower())


def _docx(path: str) -> Document:
    from .docx import read_document

    return read_document(path)


def _libreoffice(path: str) -> Document:
    from . import libreoffice

    return libreoffice.read_converted(path)


def _pdf(path: str) -> Document:
    from . import pdf

    return pdf.read_pdf(path)


def _html(path: str) -> Document:
    from . import html

    return html.read_html(path)


def _dispatch(name: str) -> Callable[[str], Document]:
    if name == "docx":
        return _docx
    if name.endswith("-via-libreoffice"):
        return _libreoffice
    return {"pdf": _pdf, "html": _html}[name]


def read(path: str | os.PathLike[str]) -> Document:
    """Read a report of any supported type. Raises :class:`ReadError` only (F-010 for a type no
    reader handles); the returned document's ``reader`` names the reader used."""
    from .errors import ReadError

    name = os.fspath(path)
    reader = reader_for(name)
    if reader is None:
        suffix = os.path.splitext(name)[1]
        raise ReadError("F-010", suffix or "（无扩展名 / none）")
    doc = _dispatch(reader)(name)
    doc.path = name
    doc.reader = reader
    return doc

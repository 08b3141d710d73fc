"""PDF with a text layer → :class:`Document`, with pdfplumber.

* Tables are the ruled tables pdfplumber finds from the printed lines (:mod:`.ruled`). A cell's
  grid position and span come from its edges measured against all the table's column and row
  edges, so merged label cells become spans as in Word. Lines a table printed partly without
  lines lacks (its outer frame, a label column's) are drawn in from the lines it has
  (:mod:`.lines`). A table printed with no lines at all is read from the positions of its words
  (:mod:`.aligned`), only where it reads as a table of the form.
* A table cut by a page break comes out as two consecutive tables with nothing between them (page
  numbers and running heads are dropped), which :mod:`...locate` joins exactly as it joins a Word
  table split across pages (:mod:`.layout`).
* Paragraphs are the text outside the tables, lines rejoined by layout: a line continues the
  paragraph when the line before it runs to the right margin and it does not start indented,
  also across a page break.
* Figures are read from the characters inside each cell, never from the page text, where the
  digits of neighbouring cells run together.
* Characters printed twice for a bold effect (WPS does that) are deduplicated before reading;
  characters struck through (tracked deletions printed with markup shown) are dropped
  (:mod:`.strike`).

A PDF with no characters on any page is a scan: F-023, nothing guessed. The page count is capped
(F-026) and each page's cache is released once read, so memory stays bounded.
"""

from __future__ import annotations

import logging

from ...models import Document
from ..errors import ReaderError, io_error
from .layout import assemble
from .page import read_page

# An annual report is 5–30 pages; a few hundred leaves room for a collection bound in one file.
MAX_PAGES = 300
MAX_BYTES = 200 * 1024 * 1024

# A page of a report holds hundreds of characters; a scan's text layer, if any, a page number.
_MIN_CHARS_PER_PAGE = 30


def read_pdf(path: str) -> Document:
    """Raises :class:`ReaderError`: F-005 empty, F-006 unreadable, F-023 scanned, F-024 encrypted,
    F-025 not a PDF or damaged, F-026 too many pages."""
    _check_header(path)
    import pdfplumber

    # pdfminer logs every font quirk of a damaged file as a warning on stderr; the findings say it
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for damaged files
        raise _open_error(exc) from exc
    with pdf:
        try:
            pages = pdf.pages
            n = len(pages)
        except Exception as exc:  # noqa: BLE001
            raise _open_error(exc) from exc
        if n == 0:
            raise ReaderError("F-025", "the PDF has no pages", "PDF 中没有页面")
        if n > MAX_PAGES:
            raise ReaderError("F-026", f"{n} pages", pages=n, limit=MAX_PAGES)
        read_pages = []
        n_chars = 0
        for number, page in enumerate(pages, 1):
            try:
                items, chars = read_page(page, number)
            except ReaderError:
                raise
            except Exception as exc:  # noqa: BLE001
                if not _from_pdf_parser(exc):
                    raise  # our own bug: the pipeline reports it as an internal error, not as a bad file
                raise _open_error(exc, page=number) from exc
            finally:
                page.close()  # drop the page's parsed objects: memory stays one page deep
            n_chars += chars
            read_pages.append(items)
    if n_chars < _MIN_CHARS_PER_PAGE * n:
        # a scan carries at most a stamped page number or a few words of metadata as text
        raise ReaderError("F-023", "scanned PDF, no text layer", pages=n, chars=n_chars)
    return Document(path=path, blocks=assemble(read_pages), reader="pdf")


def _check_header(path: str) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
            fh.seek(0, 2)
            size = fh.tell()
    except OSError as exc:
        raise io_error(exc, path) from exc
    if not head:
        raise ReaderError("F-005", "the file is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise ReaderError("F-025", "no %PDF- header (the file is not a PDF)", "没有 %PDF- 文件头（不是 PDF 文件）")
    if size > MAX_BYTES:
        raise ReaderError("F-026", f"{size} bytes", pages="?", limit=MAX_PAGES)


def _from_pdf_parser(exc: BaseException) -> bool:
    """Raised by pdfminer (or pdfplumber wrapping it) while decoding the file's content."""
    e: BaseException | None = exc
    for _ in range(8):
        if e is None:
            return False
        mod = type(e).__module__ or ""
        if mod.startswith("pdfminer") or type(e).__name__ in ("PdfminerException", "PSException", "PDFSyntaxError"):
            return True
        e = e.__cause__ or e.__context__
    return False


def _open_error(exc: BaseException, page: int | None = None) -> ReaderError:
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
    names = " ".join(type(x).__name__ for x in chain)
    if "Password" in names or "Encrypt" in names or any("encrypt" in str(x).lower() for x in chain):
        return ReaderError("F-024", "encrypted PDF")
    where = f" (page {page})" if page else ""
    text = str(chain[-1]) or type(chain[-1]).__name__
    where_zh = f"（第 {page} 页）" if page else ""
    return ReaderError("F-025", f"{type(chain[-1]).__name__}: {text[:200]}{where}",
                       f"解析出错 {type(chain[-1]).__name__}: {text[:200]}{where_zh}")



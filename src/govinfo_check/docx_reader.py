"""The .docx reader's old address: it lives in :mod:`govinfo_check.readers.docx` (package,
wordml, styles, numbering, body, runs). Kept so ``from govinfo_check.docx_reader import …`` goes on
working; tests that patch the reader patch the modules it is made of."""

from __future__ import annotations

from .readers.docx import MAX_XML_BYTES, OLE_MAGIC, ReadError, read_document, read_document_bytes

__all__ = ["ReadError", "read_document", "read_document_bytes", "MAX_XML_BYTES", "OLE_MAGIC"]

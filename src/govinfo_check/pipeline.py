"""``parse_file``: path → :class:`ParsedReport`. Never raises: a file that cannot be read, or a
bug met while parsing it, becomes a finding in ``report.problems`` so a batch keeps going."""

from __future__ import annotations

import os
import traceback

from . import catalogue
from .figures import extract_figures
from .locate import locate
from .models import Document, ParsedReport


def parse_document(doc: Document) -> ParsedReport:
    """Locate and extract the figures of an already-read document."""
    report = ParsedReport(path=doc.path, document=doc, reader=doc.reader)
    locate(doc, report)
    extract_figures(report)
    return report


def _internal_error(report: ParsedReport, exc: BaseException) -> ParsedReport:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({os.path.basename(frame.filename)}:{frame.lineno})" if frame else ""
    report.problems.append(catalogue.make("F-009", detail=f"{type(exc).__name__}: {exc}{where}"))
    return report


def parse_file(path: str | os.PathLike) -> ParsedReport:
    """Read, locate and extract one report of any supported type (see :mod:`.readers`). Read errors
    become their ``F-…`` finding with ``document`` None; any unexpected exception becomes ``F-009``
    with the exception text. ``report.reader`` names the reader used, or tried."""
    report = ParsedReport(path=os.fspath(path) if isinstance(path, (str, os.PathLike)) else str(path))
    try:
        from . import readers  # imported here so a broken reader is reported, not raised
    except Exception as exc:  # noqa: BLE001 - never raise out of parse_file
        return _internal_error(report, exc)
    report.reader = readers.reader_for(report.path) or ""
    if not report.reader:
        suffix = os.path.splitext(report.path)[1]
        report.problems.append(catalogue.make("F-010", suffix=suffix or "（无扩展名 / none）"))
        return report
    try:
        doc = readers.read(report.path)
    except readers.ReadError as exc:
        fields = dict(getattr(exc, "fields", {}))
        try:
            detail = getattr(exc, "detail", "")
            report.problems.append(catalogue.make(exc.code, detail=detail,
                                                  detail_zh=getattr(exc, "detail_zh", "") or detail, **fields))
        except KeyError:
            report.problems.append(catalogue.make("F-009", detail=f"{exc.code}: {getattr(exc, 'detail', '')}"))
        return report
    except Exception as exc:  # noqa: BLE001
        return _internal_error(report, exc)
    try:
        parsed = parse_document(doc)
    except Exception as exc:  # noqa: BLE001
        report.document = doc
        return _internal_error(report, exc)
    parsed.path = report.path
    parsed.reader = report.reader
    return parsed

"""``--format csv``: one row per finding, columns ``summary.FINDING_COLUMNS``.

Column names are the stable machine names (path, agency, year, code, severity, category, table,
row_label, column_label, expected, actual, message) whatever the language; ``table`` is the
logical table (active | requests | appeals) and ``message`` is in the chosen language. The text
starts with a UTF-8 byte-order mark so that Excel on Chinese Windows opens it without mojibake
(pandas and Python's ``utf-8-sig`` read it transparently); ``CsvReporter(bom=False)`` leaves it
out, e.g. for a pipe. Files without findings have no row:
use the json or xlsx output for per-file status.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula when the file is opened in a spreadsheet (a report named ``=HYPERLINK(…).docx``): such a
cell gets a leading ``'``, as OWASP's CSV-injection guidance recommends. Numbers (and text that
is just a number, such as ``-3``) are left as they are.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Sequence

from ..models import FileResult
from ..summary import FINDING_COLUMNS, Report

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """A csv cell that a spreadsheet will not run as a formula (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}


class CsvReporter:
    name = "csv"
    suffix = ".csv"
    binary = False

    def __init__(self, bom: bool = True) -> None:
        self.bom = bom

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=FINDING_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in Report(results).finding_rows(lang):
            writer.writerow(safe_row(row))
        return (BOM if self.bom else "") + buf.getvalue()

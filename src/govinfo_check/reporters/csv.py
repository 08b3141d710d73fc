"""``--format csv``: one row per finding, columns ``summary.FINDING_COLUMNS``.

Column names are the stable machine names (path, agency, year, code, severity, category, table,
row_label, column_label, expected, actual, message) whatever the language; ``table`` is the
logical table (active | requests | appeals) and ``message`` is in the chosen language. The text
starts with a UTF-8 byte-order mark so that Excel on Chinese Windows opens it without mojibake
(pandas and Python's ``utf-8-sig`` read it transparently); ``CsvReporter(bom=False)`` leaves it
out, e.g. for a pipe. Files without findings have no row:
use the json or xlsx output for per-file status.

Rows are written as each file finishes, in input order; cross-year findings (X-…), known only
when the whole batch is done, come last.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula when the file is opened in a spreadsheet (a report named ``=HYPERLINK(…).docx``): such a
cell gets a leading ``'``, as OWASP's CSV-injection guidance recommends. Numbers (and text that
is just a number, such as ``-3``) are left as they are.
"""

from __future__ import annotations

import csv
import re
from typing import IO, Any, Sequence

from ..models import FileResult
from ..summary import FINDING_COLUMNS, Report
from . import Streamed

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


class CsvReporter(Streamed):
    name = "csv"
    suffix = ".csv"
    binary = False

    def __init__(self, bom: bool = True) -> None:
        self.bom = bom

    def start(self, out: IO[str], *, lang: str = "zh") -> None:
        self.lang = lang
        if self.bom:
            out.write(BOM)
        self.writer = csv.DictWriter(out, fieldnames=FINDING_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
        self.writer.writeheader()

    def add(self, result: FileResult) -> None:
        for row in Report([result]).finding_rows(self.lang):
            self.writer.writerow(safe_row(row))

    def finish(self, late: Sequence[FileResult] = ()) -> None:
        for r in late:
            self.add(r)

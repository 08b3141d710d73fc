"""``--format csv``: one row per finding, columns ``summary.FINDING_COLUMNS``.

Column names are the stable machine names (path, agency, year, code, severity, category, table,
row_label, column_label, expected, actual, message) whatever the language; ``table`` is the
logical table (active | requests | appeals) and ``message`` is in the chosen language. The text
starts with a UTF-8 byte-order mark so that Excel on Chinese Windows opens it without mojibake
(pandas and Python's ``utf-8-sig`` read it transparently); ``CsvReporter(bom=False)`` leaves it
out, e.g. for a pipe. Files without findings have no row:
use the json or xlsx output for per-file status.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from ..models import FileResult
from ..summary import FINDING_COLUMNS, Report

BOM = "\ufeff"


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
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return (BOM if self.bom else "") + buf.getvalue()

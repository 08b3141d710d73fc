"""``--format xlsx``: the reviewer's workbook.

Sheets (names in the chosen language): 汇总/summary — one row per file; 问题/findings — one row
per finding (file, table, row, column, expected, actual, message, code, severity, rule);
数据/figures — one row per file, one column per canonical key (numbers). Every sheet has a
frozen header row, an autofilter and column widths that fit the text (CJK characters count
double, since they print twice as wide).

Built as files finish: each file leaves only its rows (plain tuples of cell values) and each
column's widest text so far, never its report or tables; the workbook is written at the end with
openpyxl's write-only mode, which streams rows to the file instead of building a cell object
for each. Cross-year findings (known only at the end) are added to their file's summary row and
listed after the other findings.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from ..models import FileResult
from ..summary import HEADERS, SEVERITY_LABELS, STATUS_LABELS, Report, lang_of
from . import Streamed

MIN_WIDTH = 6
MAX_WIDTH = 60
SHEETS = {
    "zh": {"summary": "汇总", "findings": "问题", "figures": "数据"},
    "en": {"summary": "summary", "findings": "findings", "figures": "figures"},
}
SUMMARY_COLUMNS = ("path", "agency", "year", "format_version", "status", "findings", "errors", "warnings", "infos")
FINDING_SHEET_COLUMNS = ("path", "table", "row_label", "column_label", "expected", "actual", "message",
                         "code", "severity", "name")


def display_width(value: Any) -> int:
    """Width in Excel character units of the longest line of ``value``'s text."""
    if value is None:
        return 0
    lines = str(value).splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line) for line in lines)


class Sheet:
    """One sheet's header and rows, with each column's widest text kept as rows come."""

    def __init__(self, name: str, header: Sequence[str]) -> None:
        self.name = name
        self.header = list(header)
        self.rows: list[tuple[Any, ...]] = []
        self.widths = [display_width(h) for h in self.header]

    def append(self, row: Iterable[Any]) -> None:
        row = tuple(row)
        for i, v in enumerate(row):
            if v is not None:
                w = display_width(v)
                if w > self.widths[i]:
                    self.widths[i] = w
        self.rows.append(row)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN from a DataFrame: an empty cell
        return None
    return value


def write_workbook(out: IO[bytes], sheets: Sequence[Sheet]) -> None:
    """The sheets as an .xlsx on ``out``: frozen header, autofilter, fitted widths."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for i, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(sheet.header)))}{len(sheet.rows) + 1}"
        ws.append(sheet.header)
        for row in sheet.rows:
            cells = []
            for v in row:
                if isinstance(v, str) and v.startswith("="):
                    # text from a report that starts with "=" is data, never a formula to run
                    cell = WriteOnlyCell(ws, v)
                    cell.data_type = "s"
                    cells.append(cell)
                else:
                    cells.append(v)
            ws.append(cells)
    wb.save(out)


def workbook_bytes(sheets: Mapping[str, Any]) -> bytes:
    """An .xlsx holding each DataFrame on its own formatted sheet, in the mapping's order."""
    import io

    built = []
    for name, frame in sheets.items():
        sheet = Sheet(name, [str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append(_plain(v) for v in row)
        built.append(sheet)
    buf = io.BytesIO()
    write_workbook(buf, built)
    return buf.getvalue()


class XlsxReporter(Streamed):
    name = "xlsx"
    suffix = ".xlsx"
    binary = True

    def start(self, out: IO[bytes], *, lang: str = "zh") -> None:
        from ..export import ID_COLUMNS
        from ..fields import canonical_keys

        self.out, self.lang = out, lang_of(lang)
        headers, names = HEADERS[self.lang], SHEETS[self.lang]
        self.summary = Sheet(names["summary"], [headers.get(c, c) for c in SUMMARY_COLUMNS])
        self.findings = Sheet(names["findings"], [headers.get(c, c) for c in FINDING_SHEET_COLUMNS])
        self.figures = Sheet(names["figures"], [*ID_COLUMNS, *canonical_keys()])
        self.row_of: dict[str, int] = {}  # path → its summary row, for the cross-year findings

    def _finding_rows(self, result: FileResult) -> None:
        sev_labels = SEVERITY_LABELS[self.lang]
        for row in Report([result]).finding_rows(self.lang):
            row["table"] = row.pop("table_title")
            row["severity"] = sev_labels.get(row["severity"], row["severity"])
            self.findings.append(row.get(c) for c in FINDING_SHEET_COLUMNS)

    def add(self, result: FileResult) -> None:
        from ..export import export_rows

        row = Report([result]).file_rows()[0]
        row["status"] = STATUS_LABELS[self.lang][row["status"]]
        self.row_of[result.path] = len(self.summary.rows)
        self.summary.append(row.get(c) for c in SUMMARY_COLUMNS)
        self._finding_rows(result)
        figures = export_rows([result])[0]
        figures.pop("problems", None)
        self.figures.append(figures.values())

    def finish(self, late: Sequence[FileResult] = ()) -> None:
        for r in late:
            if not r.findings:
                continue
            self._finding_rows(r)
            i = self.row_of.get(r.path)
            if i is None:
                continue
            row = dict(zip(SUMMARY_COLUMNS, self.summary.rows[i]))
            sev = Counter(f.severity for f in r.findings)
            row["findings"] += len(r.findings)
            row["errors"] += sev["error"]
            row["warnings"] += sev["warning"]
            row["infos"] += sev["info"]
            if row["status"] == STATUS_LABELS[self.lang]["ok"]:
                row["status"] = STATUS_LABELS[self.lang]["findings"]
            self.summary.rows[i] = tuple(row[c] for c in SUMMARY_COLUMNS)
        write_workbook(self.out, [self.summary, self.findings, self.figures])

"""``--format xlsx``: the reviewer's workbook.

Sheets (names in the chosen language): 汇总/summary — one row per file; 问题/findings — one row
per finding (file, table, row, column, expected, actual, message, code, severity, rule);
数据/figures — one row per file, one column per canonical key (numbers). Every sheet has a
frozen header row, an autofilter and column widths that fit the text (CJK characters count
double, since they print twice as wide).
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any, Mapping, Sequence

from ..models import FileResult
from ..summary import HEADERS, SEVERITY_LABELS, STATUS_LABELS, Report, lang_of

MIN_WIDTH = 6
MAX_WIDTH = 60
SHEETS = {
    "zh": {"summary": "汇总", "findings": "问题", "figures": "数据"},
    "en": {"summary": "summary", "findings": "findings", "figures": "figures"},
}
FINDING_SHEET_COLUMNS = ("code", "severity", "path", "agency", "year", "table", "row_label", "column_label",
                         "expected", "actual", "message", "name")


def display_width(value: Any) -> int:
    """Width in Excel character units of the longest line of ``value``'s text."""
    if value is None:
        return 0
    lines = str(value).splitlines() or [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line) for line in lines)


def _format_sheet(ws: Any, frame: Any) -> None:
    from openpyxl.utils import get_column_letter

    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                # text from a report that starts with "=" is data, never a formula to run
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(frame.columns)))}{len(frame) + 1}"
    for i, column in enumerate(frame.columns, start=1):
        widest = max([display_width(column), *(display_width(v) for v in frame[column].tolist())])
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(MIN_WIDTH, widest + 2))


def workbook_bytes(sheets: Mapping[str, Any]) -> bytes:
    """An .xlsx holding each DataFrame on its own formatted sheet, in the mapping's order."""
    import pandas as pd

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _format_sheet(writer.sheets[name], frame)
    return buf.getvalue()


def _localise(rows: list[dict[str, Any]], columns: Sequence[str], lang: str) -> Any:
    import pandas as pd

    headers = HEADERS[lang]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=list(columns))
    return frame.rename(columns={c: headers.get(c, c) for c in columns})


def _summary_rows(report: Report, lang: str) -> list[dict[str, Any]]:
    rows = report.file_rows()
    for row in rows:
        row["status"] = STATUS_LABELS[lang][row["status"]]
    return rows


def _finding_rows(report: Report, lang: str) -> list[dict[str, Any]]:
    rows = report.finding_rows(lang)
    for row in rows:
        row["table"] = row.pop("table_title")
        row["severity"] = SEVERITY_LABELS[lang].get(row["severity"], row["severity"])
    return rows


def _figures_frame(results: Sequence[FileResult]) -> Any:
    import pandas as pd

    from ..export import ID_COLUMNS, export_rows
    from ..fields import canonical_keys

    from ..summary import field_labels

    columns = [*ID_COLUMNS, *canonical_keys()]
    rows = export_rows(results)
    for row in rows:
        row.pop("problems", None)
    # the keys are the header a program reads; the row under it says in words which cell each one is
    return pd.DataFrame([field_labels(columns, "zh"), *rows], columns=columns)


class XlsxReporter:
    name = "xlsx"
    suffix = ".xlsx"
    binary = True

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> bytes:
        lang = lang_of(lang)
        report = Report(results)
        names = SHEETS[lang]
        return workbook_bytes({
            names["summary"]: _localise(_summary_rows(report, lang), ("path", "agency", "year", "format_version",
                                                                      "status", "findings", "errors", "warnings",
                                                                      "infos"), lang),
            names["findings"]: _localise(_finding_rows(report, lang), FINDING_SHEET_COLUMNS, lang),
            names["figures"]: _figures_frame(results),
        })

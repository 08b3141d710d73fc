"""``govinfo-check extract``: the researchers' dataset, one record per report.

json: a list, one object per file::

    {"path", "format_version", "agency", "year",
     "fields": {every key of fields.csv, in its order: number or null},
     "blank": [keys printed blank (\u3000, —, 无 …), which read as 0 in "fields"],
     "extras": {format-specific key: number or null}, incl. other.processing_fee (元, stated in section 六),
     "problems": [Finding.to_dict(lang) …]}

Numbers: counts are ints. The fee (``active.fee.amount``, 万元) is a JSON number that prints
exactly as the report printed it (a float whose shortest repr equals the decimal — true for any
amount with ≤ 15 significant digits); a value that a float cannot carry exactly is given as its
exact decimal string instead, never rounded. A count printed with a fraction (itself an invalid
value) keeps its fraction the same way rather than being truncated. ``null`` means the key was
not found in the report or its cell could not be read as a number (the problems say which cell
and what it held). A blank cell is 0, as the official form means it, and is listed in ``blank``.

csv / xlsx: one row per file; columns path, agency, year, format_version, then every key of
fields.csv, then ``problems`` (the number of problems). The xlsx also has a sheet of the
problems and the data dictionary.
"""

from __future__ import annotations

import csv
import io
from typing import IO, Any, Iterable, Sequence, Union

from .fields import canonical_fields, canonical_keys
from .models import Figure, FileResult, ParsedReport
from .summary import decimal_out, jsonable, scalar, table_title

ID_COLUMNS = ("path", "agency", "year", "format_version")
FORMATS = ("json", "csv", "xlsx")

ReportLike = Union[ParsedReport, FileResult]


class ExtractFormatError(ValueError):
    def __init__(self, fmt: str) -> None:
        super().__init__(f"不支持的导出格式 {fmt!r}，可用：{', '.join(FORMATS)} / "
                         f"unsupported extract format {fmt!r}; use one of {', '.join(FORMATS)}")
        self.fmt = fmt


def figure_number(fig: Figure | None) -> int | float | str | None:
    """The dataset value of one figure: see the module docstring for the rules."""
    if fig is None:
        return None
    n = fig.value.as_number
    return None if n is None else decimal_out(n)


def _as_report(item: ReportLike) -> tuple[str, ParsedReport | None]:
    if isinstance(item, FileResult):
        return item.path, item.report
    return item.path, item


def field_values(report: ParsedReport | None) -> dict[str, Any]:
    """Every canonical key (fields.csv order) → number or None."""
    figures = report.figures if report else {}
    return {f.key: figure_number(figures.get(f.key)) for f in canonical_fields()}


def _extras(report: ParsedReport | None) -> dict[str, Any]:
    if report is None:
        return {}
    return {k: figure_number(fig) for k, fig in (report.extras | report.text_figures).items()}


def _blank_keys(report: ParsedReport | None) -> list[str]:
    if report is None:
        return []
    return [k for k in canonical_keys() if (fig := report.figures.get(k)) is not None and fig.value.kind == "blank"]


def _problems(item: ReportLike, report: ParsedReport | None) -> list[Any]:
    found = list(report.problems) if report else []
    if isinstance(item, FileResult):
        # a file the runner could not read has its read finding only on the result
        found += [f for f in item.findings if f.category == "read" and f not in found]
    return found


def export_record(item: ReportLike, lang: str = "zh") -> dict[str, Any]:
    """The json object for one report."""
    path, rep = _as_report(item)
    return jsonable({
        "path": path,
        "format_version": rep.format_version if rep else None,
        "agency": rep.agency if rep else None,
        "year": rep.year if rep else None,
        "fields": field_values(rep),
        "blank": _blank_keys(rep),
        "extras": _extras(rep),
        "problems": [f.to_dict(lang) for f in _problems(item, rep)],
    })


def export_rows(reports: Iterable[ReportLike]) -> list[dict[str, Any]]:
    """One flat row per report: ID_COLUMNS, every canonical key, then ``problems`` (a count)."""
    rows = []
    for item in reports:
        path, rep = _as_report(item)
        row: dict[str, Any] = {
            "path": path,
            "agency": rep.agency if rep else None,
            "year": rep.year if rep else None,
            "format_version": rep.format_version if rep else None,
        }
        row.update(field_values(rep))
        row["problems"] = _problem_count(item, rep)
        rows.append(row)
    return rows


def _problem_count(item: ReportLike, rep: ParsedReport | None) -> int:
    # figures imported into the history from a CSV know how many problems there were, not which
    stored = rep.memo.get("problem_count") if rep is not None else None
    return stored if isinstance(stored, int) else len(_problems(item, rep))


def _problem_rows(reports: Sequence[ReportLike], lang: str) -> list[dict[str, Any]]:
    rows = []
    for item in reports:
        path, rep = _as_report(item)
        for f in _problems(item, rep):
            rows.append({"path": path, "code": f.code, "severity": f.severity, "table": table_title(f, lang),
                         "row_label": f.location.row_label, "column_label": f.location.column_label,
                         "actual": scalar(f.actual), "message": f.message(lang)})
    return rows


PROBLEM_COLUMNS = ("path", "code", "severity", "table", "row_label", "column_label", "actual", "message")


# Each format is written as the files finish (``start``, ``add`` per file in input order,
# ``finish``), so a dataset of thousands of reports is never held whole: json and csv keep nothing,
# xlsx keeps each file's row of numbers and its problems, never its report.


class _JsonWriter:
    binary = False

    def start(self, out: IO[str], lang: str) -> None:
        self.out, self.lang, self.n = out, lang, 0

    def add(self, item: ReportLike) -> None:
        import json

        text = json.dumps(export_record(item, self.lang), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        self.out.write(("[\n  " if self.n == 0 else ",\n  ") + text)
        self.n += 1

    def finish(self) -> None:
        self.out.write("[]\n" if self.n == 0 else "\n]\n")  # what json.dumps(list, indent=2) prints


class _CsvWriter:
    binary = False

    def __init__(self, bom: bool) -> None:
        self.bom = bom

    def start(self, out: IO[str], lang: str) -> None:
        if self.bom:  # Excel opens UTF-8 Chinese text correctly; a pipe gets none, as check's csv
            out.write("\ufeff")
        self.writer = csv.DictWriter(out, fieldnames=[*ID_COLUMNS, *canonical_keys(), "problems"],
                                     lineterminator="\r\n")
        self.writer.writeheader()

    def add(self, item: ReportLike) -> None:
        from .reporters.csv import safe_row

        self.writer.writerow(safe_row(export_rows([item])[0]))

    def finish(self) -> None:
        pass


class _XlsxWriter:
    binary = True

    def start(self, out: IO[bytes], lang: str) -> None:
        from .reporters.xlsx import Sheet

        self.out, self.lang = out, lang
        zh = lang != "en"
        self.data = Sheet("数据" if zh else "data", [*ID_COLUMNS, *canonical_keys(), "problems"])
        self.problems = Sheet("问题" if zh else "problems", list(PROBLEM_COLUMNS))
        self.fields = Sheet("字段说明" if zh else "fields", ["key", "table", "row_label", "column_label", "type"])

    def add(self, item: ReportLike) -> None:
        self.data.append(export_rows([item])[0].values())
        for row in _problem_rows([item], self.lang):
            self.problems.append(row[c] for c in PROBLEM_COLUMNS)

    def finish(self) -> None:
        from .reporters.xlsx import write_workbook

        for f in canonical_fields():
            self.fields.append([f.key, f.table, f.row_label, f.column_label, f.type])
        write_workbook(self.out, [self.data, self.problems, self.fields])


def extract_writer(fmt: str, *, bom: bool = True) -> Any:
    """The streaming writer of one format (see above); ``ExtractFormatError`` for others."""
    key = fmt.strip().lower()
    if key == "json":
        return _JsonWriter()
    if key == "csv":
        return _CsvWriter(bom)
    if key == "xlsx":
        return _XlsxWriter()
    raise ExtractFormatError(fmt)


def render_extract(reports: Sequence[ReportLike], fmt: str, *, lang: str = "zh", bom: bool = True) -> str | bytes:
    """The dataset in ``fmt`` (json | csv | xlsx): str for json/csv, bytes for xlsx. ``bom``: csv
    starts with a byte-order mark (for a file Excel opens; not for a pipe)."""
    writer = extract_writer(fmt, bom=bom)
    buf: Any = io.BytesIO() if writer.binary else io.StringIO()
    writer.start(buf, lang)
    for item in reports:
        writer.add(item)
    writer.finish()
    return buf.getvalue()

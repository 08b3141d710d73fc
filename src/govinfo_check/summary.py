"""The report over a batch of checked files: summary counts and flat rows.

Like frictionless-py's ``Report``: one object built from the runner's ``FileResult``s that every
machine-readable reporter (json, jsonl, csv, xlsx, sarif) reads from, so they agree on counts,
statuses and how a finding flattens into a row.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Iterable, Sequence

from . import __version__
from .models import TABLE_TITLES, FileResult, Finding, ParsedReport

TOOL_NAME = "govinfo-check"

# --- labels in both languages ---------------------------------------------------------------

SEVERITY_LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
# Category names for the rules table and explain, in both languages.
CATEGORY_LABELS = {
    "zh": {"arithmetic": "勾稽关系", "value": "数值", "narrative": "正文与表格", "structure": "结构",
           "period": "统计期限", "format_version": "格式版本", "cross_year": "跨年度", "read": "文件读取",
           "batch": "批次"},
    "en": {"arithmetic": "arithmetic", "value": "value", "narrative": "text vs tables", "structure": "structure",
           "period": "period", "format_version": "format version", "cross_year": "cross-year", "read": "reading",
           "batch": "batch"},
}

# The one vocabulary of a report's status, used by every reporter (text, html, xlsx, json, concise).
# It says what was found, whatever --fail-on makes of it for the exit code.
STATUSES = ("ok", "errors", "warnings", "unreadable")
STATUS_LABELS = {
    "zh": {"ok": "通过", "errors": "有错误", "warnings": "仅有警告", "unreadable": "无法读取"},
    "en": {"ok": "passed", "errors": "errors", "warnings": "warnings only", "unreadable": "unreadable"},
}


def status_of(result: FileResult) -> str:
    """``ok`` | ``errors`` | ``warnings`` (warnings, no error) | ``unreadable``. Notes (info) leave a report
    passed: they point at something worth a look, not at something wrong."""
    if result.status == "error":
        return "unreadable"
    severities = {f.severity for f in result.findings}
    if "error" in severities:
        return "errors"
    return "warnings" if "warning" in severities else "ok"


def status_label(result: FileResult, lang: str = "zh") -> str:
    return STATUS_LABELS[lang_of(lang)][status_of(result)]

FILE_COLUMNS = ("path", "agency", "year", "format_version", "status", "findings", "errors", "warnings", "infos")
FINDING_COLUMNS = (
    "code", "severity", "path", "agency", "year", "category", "table", "row_label", "column_label",
    "expected", "actual", "message",
)

HEADERS = {
    "zh": {
        "path": "文件", "agency": "机关", "year": "年度", "format_version": "格式版本", "status": "状态",
        "findings": "问题数", "errors": "错误", "warnings": "警告", "infos": "提示",
        "code": "代码", "severity": "级别", "category": "类别", "table": "表",
        "row_label": "行", "column_label": "列", "expected": "应为", "actual": "实为",
        "message": "说明", "name": "规则", "status_label": "状态", "problems": "问题数",
    },
    "en": {
        "path": "file", "agency": "agency", "year": "year", "format_version": "format version",
        "status": "status", "findings": "findings", "errors": "errors", "warnings": "warnings",
        "infos": "infos", "code": "code", "severity": "severity", "category": "category",
        "table": "table", "row_label": "row", "column_label": "column", "expected": "expected",
        "actual": "actual", "message": "message", "name": "rule", "status_label": "status",
        "problems": "problems",
    },
}


@functools.lru_cache(maxsize=1)
def _rule_texts() -> dict[str, Any]:
    from . import yamlio
    return yamlio.package_data("govinfo_check", "data/rule_texts.yaml")


def rule_text(code: str, field: str, lang: str, default: str) -> str:
    """A code's ``source`` or ``description`` in ``lang`` (data/rule_texts.yaml), else the rule's own."""
    from .engine import _unfold  # the rule files' own way of joining folded Chinese lines

    entry = (_rule_texts().get(code) or {}).get(lang_of(lang)) or {}
    text = entry.get(field)
    return _unfold(text) if text else default


def field_labels(keys: Sequence[str], lang: str = "zh") -> dict[str, str]:
    """A reader's label for each column of a dataset: the report columns by ``HEADERS``, a figure's key
    by its table, row and column as printed in the form (fields.csv), e.g. ``表三 一、本年新收… / 自然人``."""
    from .fields import field_index

    index = field_index()
    headers = HEADERS[lang_of(lang)]
    out = {}
    for key in keys:
        fd = index.get(key)
        if fd is None:
            out[key] = headers.get(key, key)
            continue
        title = TABLE_TITLES.get(fd.table, {}).get(lang_of(lang), fd.table)
        short = title.split(" ")[0] if lang_of(lang) == "zh" else title.split(" (")[0]
        cell = " / ".join(x for x in (fd.row_label, fd.column_label) if x)
        out[key] = f"{short} {cell}"
    return out


def lang_of(lang: str) -> str:
    """Any language we have no labels for falls back to Chinese, the default."""
    return lang if lang in HEADERS else "zh"


# --- values ----------------------------------------------------------------------------------


def decimal_out(d: Decimal) -> int | float | str:
    """A Decimal as a JSON-friendly number without losing digits: int when integral, float when
    the float prints back as the same decimal (true for every amount with ≤ 15 significant
    digits), otherwise the exact decimal string."""
    if not d.is_finite():
        return str(d)
    if d == d.to_integral_value():
        return int(d)
    f = float(d)
    return f if Decimal(repr(f)) == d else str(d)


def jsonable(obj: Any) -> Any:
    """Anything a finding may carry (Decimals, dataclasses, sets, paths) made JSON-serialisable.
    Unknown objects become their ``str`` rather than crashing a report at the last step."""
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else str(obj)
    if isinstance(obj, Decimal):
        return decimal_out(obj)
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((jsonable(v) for v in obj), key=str)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        to_dict = getattr(obj, "to_dict", None)
        return jsonable(to_dict() if callable(to_dict) else dataclasses.asdict(obj))
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, PurePath):
        return str(obj)
    return str(obj)


def scalar(value: Any) -> Any:
    """A cell for csv/xlsx: numbers stay numbers, None stays empty, structures become JSON text."""
    import json

    v = jsonable(value)
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, list) and all(isinstance(x, (int, float, str)) for x in v):
        # the years of a period sentence, the candidates of a pairing: as a reader writes a list
        return v[0] if len(v) == 1 else "、".join(str(x) for x in v)
    return json.dumps(v, ensure_ascii=False)


def table_title(finding: Finding, lang: str) -> str | None:
    loc = finding.location
    if loc.table in TABLE_TITLES:
        return TABLE_TITLES[loc.table][lang_of(lang)]
    return loc.table_title or loc.table


# --- the report ------------------------------------------------------------------------------


@dataclass
class Summary:
    files: int = 0
    ok: int = 0
    with_findings: int = 0  # errors + warnings
    with_errors: int = 0
    warnings_only: int = 0
    unreadable: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    by_code: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _severity_counts(findings: Iterable[Finding]) -> Counter[str]:
    return Counter(f.severity for f in findings)


def summarise(results: Sequence[FileResult]) -> Summary:
    statuses = Counter(status_of(r) for r in results)
    all_findings = [f for r in results for f in r.findings]
    sev = _severity_counts(all_findings)
    by_code = Counter(f.code for f in all_findings)
    return Summary(
        files=len(results),
        ok=statuses["ok"],
        with_findings=statuses["errors"] + statuses["warnings"],
        with_errors=statuses["errors"],
        warnings_only=statuses["warnings"],
        unreadable=statuses["unreadable"],
        errors=sev["error"],
        warnings=sev["warning"],
        infos=sev["info"],
        by_code=dict(sorted(by_code.items())),
    )


def _ident(result: FileResult) -> dict[str, Any]:
    rep: ParsedReport | None = result.report
    return {
        "path": result.path,
        "agency": rep.agency if rep else None,
        "year": rep.year if rep else None,
        "format_version": rep.format_version if rep else None,
    }


class Report:
    """Results of one run, with the views the reporters need."""

    def __init__(self, results: Sequence[FileResult]) -> None:
        self.results = list(results)
        self.summary = summarise(self.results)

    @property
    def valid(self) -> bool:
        """No error-level finding and no unreadable file."""
        return self.summary.errors == 0 and self.summary.unreadable == 0

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The json reporter's document."""
        return jsonable({
            "tool": {"name": TOOL_NAME, "version": __version__},
            "files": [self.file_dict(r, lang) for r in self.results],
            "summary": self.summary.to_dict(),
        })

    @staticmethod
    def file_dict(result: FileResult, lang: str = "zh") -> dict[str, Any]:
        d = _ident(result)
        d["reader"] = result.report.reader if result.report is not None and result.report.reader else None
        d["status"] = status_of(result)
        d["status_label"] = status_label(result, lang)
        d["findings"] = [f.to_dict(lang) for f in result.findings]
        return d

    def file_rows(self) -> list[dict[str, Any]]:
        """One row per file (machine values; see ``STATUS_LABELS`` for display)."""
        rows = []
        for r in self.results:
            sev = _severity_counts(r.findings)
            rows.append({**_ident(r), "status": status_of(r), "findings": len(r.findings),
                         "errors": sev["error"], "warnings": sev["warning"], "infos": sev["info"]})
        return rows

    def finding_rows(self, lang: str = "zh") -> list[dict[str, Any]]:
        """One flat row per finding, columns ``FINDING_COLUMNS`` (+ name, table_title)."""
        rows = []
        for r in self.results:
            ident = _ident(r)
            for f in r.findings:
                rows.append(finding_row(ident, f, lang))
        return rows


def finding_row(ident: dict[str, Any], f: Finding, lang: str = "zh") -> dict[str, Any]:
    loc = f.location
    return {
        "code": f.code,
        "severity": f.severity,
        "path": ident["path"],
        "agency": ident["agency"],
        "year": ident["year"],
        "category": f.category,
        "table": loc.table,
        "row_label": loc.row_label,
        "column_label": loc.column_label,
        "expected": scalar(f.expected),
        "actual": scalar(f.actual),
        "message": f.message(lang),
        "name": f.name,
        "table_title": table_title(f, lang),
    }

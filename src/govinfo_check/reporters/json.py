"""``--format json``: one document with the tool, every file and its findings, and the summary.

Built without holding the batch: each file's entry is written to a temporary spool file as the file
finishes (one compact line), the counts are kept as they go, and at the end the document is
written around the spooled entries — the same text ``json.dumps(doc, indent=2)`` would give.
Cross-year findings (known only at the end) are merged into their file's entry then, in reading
order, and counted in the summary.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from typing import IO, Any, Sequence

import orjson

from .. import __version__
from ..models import FileResult
from ..summary import STATUS_LABELS, TOOL_NAME, Report, Summary, jsonable, lang_of
from . import Streamed

_SEV_RANK = {"error": 0, "warning": 1, "info": 2}


def _finding_key(f: dict[str, Any]) -> tuple:
    # checker.sort_findings on the dict form: severity, then the cell's reading order
    loc = f.get("location") or {}

    def n(k: str) -> int:
        v = loc.get(k)
        return v if isinstance(v, int) else -1

    return _SEV_RANK.get(f.get("severity"), 3), n("table_index"), n("row"), n("col")


class _Tally:
    """The summary, counted file by file (status words as ``summary.status_of`` gives them)."""

    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.severities: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()

    def add(self, status: str, findings: Sequence[dict[str, Any]]) -> None:
        self.statuses[status] += 1
        self.count(findings)

    def count(self, findings: Sequence[dict[str, Any]]) -> None:
        self.severities.update(f["severity"] for f in findings)
        self.codes.update(f["code"] for f in findings)

    def summary(self) -> Summary:
        st = self.statuses
        return Summary(files=sum(st.values()), ok=st["ok"], with_findings=st["errors"] + st["warnings"],
                       with_errors=st["errors"], warnings_only=st["warnings"], unreadable=st["unreadable"],
                       errors=self.severities["error"], warnings=self.severities["warning"],
                       infos=self.severities["info"], by_code=dict(sorted(self.codes.items())))


def _status_after(status: str, findings: Sequence[dict[str, Any]]) -> str:
    """The status once late findings joined the file's own (``summary.status_of`` on the dict form)."""
    if status == "unreadable":
        return status
    severities = {f["severity"] for f in findings}
    return "errors" if "error" in severities else "warnings" if "warning" in severities else "ok"


def _indented(obj: Any, level: int) -> str:
    """``obj`` as json.dumps(indent=2) prints it ``level`` levels deep. orjson writes the same text
    many times faster; what it refuses (an integer past 64 bits from a cell of 20 digits, a lone
    surrogate) goes through the stdlib."""
    try:
        text = orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):
        text = json.dumps(obj, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * level)


class JsonReporter(Streamed):
    name = "json"
    suffix = ".json"
    binary = False

    def start(self, out: IO[str], *, lang: str = "zh") -> None:
        self.out, self.lang = out, lang
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.tally = _Tally()

    def add(self, result: FileResult) -> None:
        d = jsonable(Report.file_dict(result, self.lang))
        self.tally.add(d["status"], d["findings"])
        self.spool.write(json.dumps(d, ensure_ascii=False) + "\n")

    def finish(self, late: Sequence[FileResult] = ()) -> None:
        extra: dict[str, list[dict[str, Any]]] = {}
        for r in late:
            extra.setdefault(r.path, []).extend(jsonable([f.to_dict(self.lang) for f in r.findings]))
        out = self.out
        out.write('{\n  "tool": ' + _indented({"name": TOOL_NAME, "version": __version__}, 1) + ',\n  "files": [')
        self.spool.seek(0)
        first = True
        with self.spool:
            for line in self.spool:
                d = json.loads(line)
                more = extra.get(d["path"])
                if more:
                    d["findings"] = sorted(d["findings"] + more, key=_finding_key)
                    self.tally.count(more)
                    status = _status_after(d["status"], d["findings"])
                    if status != d["status"]:
                        self.tally.statuses[d["status"]] -= 1
                        self.tally.statuses[status] += 1
                        d["status"], d["status_label"] = status, STATUS_LABELS[lang_of(self.lang)][status]
                out.write(("\n    " if first else ",\n    ") + _indented(d, 2))
                first = False
        out.write(("]" if first else "\n  ]") + ',\n  "summary": ' + _indented(jsonable(self.tally.summary().to_dict()), 1)
                  + "\n}\n")

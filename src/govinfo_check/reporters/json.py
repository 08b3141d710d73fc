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

from .. import __version__
from ..models import FileResult
from ..summary import TOOL_NAME, Report, Summary, jsonable
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
    """The summary, counted file by file."""

    def __init__(self) -> None:
        self.files = self.ok = self.with_findings = self.unreadable = 0
        self.severities: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()

    def add(self, status: str, findings: Sequence[dict[str, Any]]) -> None:
        self.files += 1
        self.ok += status == "ok"
        self.with_findings += status == "findings"
        self.unreadable += status == "error"
        self.count(findings)

    def count(self, findings: Sequence[dict[str, Any]]) -> None:
        self.severities.update(f["severity"] for f in findings)
        self.codes.update(f["code"] for f in findings)

    def summary(self) -> Summary:
        return Summary(files=self.files, ok=self.ok, with_findings=self.with_findings, unreadable=self.unreadable,
                       errors=self.severities["error"], warnings=self.severities["warning"],
                       infos=self.severities["info"], by_code=dict(sorted(self.codes.items())))


def _indented(obj: Any, level: int) -> str:
    """``obj`` as json.dumps(indent=2) prints it ``level`` levels deep."""
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
                    if d["status"] == "ok":
                        d["status"] = "findings"
                        self.tally.ok -= 1
                        self.tally.with_findings += 1
                out.write(("\n    " if first else ",\n    ") + _indented(d, 2))
                first = False
        out.write(("]" if first else "\n  ]") + ',\n  "summary": ' + _indented(jsonable(self.tally.summary().to_dict()), 1)
                  + "\n}\n")

"""``--format jsonl``: one JSON object per line, for streaming and ``grep``.

Choice: one ``"record": "finding"`` line per finding, plus one ``"record": "file"`` line for each
file that has no finding, so every file checked appears at least once (a clean file is not
silently absent) and the line count is findings + clean files. Every line carries ``path``,
``agency``, ``year``, ``format_version`` and the file's ``status``; finding lines add the fields
of ``Finding.to_dict``. No summary line: it would make the stream not one-record-per-item; use
``--format json`` for totals.

Lines are written as each file finishes, in input order, so memory does not grow with the batch.
Cross-year findings (X-…) compare a report with another one anywhere in the batch: they are known
only at its end and come after every file's lines (their ``status`` is then ``findings``; a
file's earlier ``"record": "file"`` line said what its own checks found).
"""

from __future__ import annotations

import json
from typing import IO, Any, Iterator, Sequence

from ..models import FileResult
from ..summary import Report, jsonable
from . import Streamed


def records(results: Sequence[FileResult], lang: str = "zh") -> Iterator[dict[str, Any]]:
    for r in results:
        d = Report.file_dict(r, lang)
        findings = d.pop("findings")
        if not findings:
            yield jsonable({"record": "file", **d})
        for f in findings:
            yield jsonable({"record": "finding", **d, **f})


class JsonlReporter(Streamed):
    name = "jsonl"
    suffix = ".jsonl"
    binary = False

    def start(self, out: IO[str], *, lang: str = "zh") -> None:
        self.out, self.lang = out, lang

    def _write(self, result: FileResult) -> None:
        self.out.write("".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records([result], self.lang)))

    def add(self, result: FileResult) -> None:
        self._write(result)

    def finish(self, late: Sequence[FileResult] = ()) -> None:
        for r in late:
            if r.findings:
                self._write(r)

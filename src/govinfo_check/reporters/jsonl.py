"""``--format jsonl``: one JSON object per line, for streaming and ``grep``.

Choice: one ``"record": "finding"`` line per finding, plus one ``"record": "file"`` line for each
file that has no finding, so every file checked appears at least once (a clean file is not
silently absent) and the line count is findings + clean files. Every line carries ``path``,
``agency``, ``year``, ``format_version`` and the file's ``status``; finding lines add the fields
of ``Finding.to_dict``. No summary line: it would make the stream not one-record-per-item; use
``--format json`` for totals.
"""

from __future__ import annotations

import json
from typing import Any, Iterator, Sequence

from ..models import FileResult
from ..summary import Report, jsonable


def records(results: Sequence[FileResult], lang: str = "zh") -> Iterator[dict[str, Any]]:
    for r in results:
        d = Report.file_dict(r, lang)
        findings = d.pop("findings")
        if not findings:
            yield jsonable({"record": "file", **d})
        for f in findings:
            yield jsonable({"record": "finding", **d, **f})


class JsonlReporter:
    name = "jsonl"
    suffix = ".jsonl"
    binary = False

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str:
        return "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records(results, lang))

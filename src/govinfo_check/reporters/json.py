"""``--format json``: one document with the tool, every file and its findings, and the summary."""

from __future__ import annotations

import json
from typing import Sequence

from ..models import FileResult
from ..summary import Report


class JsonReporter:
    name = "json"
    suffix = ".json"
    binary = False

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str:
        doc = Report(results).to_dict(lang)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

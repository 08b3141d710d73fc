"""``--format concise``: one line per finding, for grep and editors (like ruff's concise output)::

    negative/t3-typo-cell-2024.docx:表三:三、本年度办理结果 / …:自然人: B-001 错误 应为 34，实为 43（…）

Fields are separated by ``:``: path, table, row, column (empty when the finding has none; trailing
empty fields are left out), then code, severity and the one-line message. A file without findings
prints nothing; the last line is the totals, as in the text view.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..models import FileResult, Finding
from ..summary import SEVERITY_LABELS, lang_of
from .text import by_importance, display_path, one_line, table_short, totals_line


def location_fields(f: Finding, lang: str) -> list[str]:
    loc = f.location
    fields = [" ".join(x.split()) for x in (table_short(loc.table, lang) or (loc.table_title or ""),
                                             loc.row_label or "", loc.column_label or "")]
    while fields and not fields[-1]:
        fields.pop()
    return [x.replace(":", "：") for x in fields]


def concise_line(path: str, f: Finding, lang: str, full_path: str | None = None, root: Path | str | None = None) -> str:
    sev = SEVERITY_LABELS[lang_of(lang)].get(f.severity, f.severity)
    head = ":".join([path, *location_fields(f, lang)])
    path = full_path or path
    return f"{head}: {f.code} {sev} {one_line(f, lang, with_location=False, path=path, root=root)}"


class ConciseReporter:
    name = "concise"
    suffix = ".txt"
    binary = False

    def __init__(self, root: Path | str | None = None, **_: object) -> None:
        self.root = root

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str:
        lines = []
        for r in results:
            path = display_path(r.path, self.root)
            lines += [concise_line(path, f, lang, r.path, self.root) for f in by_importance(r.findings)]
        lines.append(totals_line(results, lang).plain)
        return "\n".join(lines) + "\n"

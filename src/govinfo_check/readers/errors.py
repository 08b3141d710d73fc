"""The readers' error: a :class:`~govinfo_check.docx_reader.ReadError` (so every caller handles one
type) that also carries the arguments its catalogue message needs (seconds, pages, suffix…)."""

from __future__ import annotations

from typing import Any

from ..docx_reader import ReadError


class ReaderError(ReadError):
    def __init__(self, code: str, detail: str, detail_zh: str | None = None, **fields: Any) -> None:
        super().__init__(code, detail, detail_zh)
        self.fields = fields

    def __reduce__(self) -> tuple:
        return (_rebuild, (self.code, self.detail, self.detail_zh, self.fields))


def _rebuild(code: str, detail: str, detail_zh: str, fields: dict[str, Any]) -> ReaderError:
    return ReaderError(code, detail, detail_zh, **fields)

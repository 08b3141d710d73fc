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


def io_error(exc: OSError, path: str) -> ReaderError:
    """F-006 for a file that cannot be opened, worded as the .docx reader words it."""
    if isinstance(exc, FileNotFoundError):
        return ReaderError("F-006", f"file not found: {path}", f"文件不存在：{path}")
    if isinstance(exc, IsADirectoryError):
        return ReaderError("F-006", f"is a directory, not a file: {path}", f"这是文件夹，不是文件：{path}")
    if isinstance(exc, PermissionError):
        return ReaderError("F-006", f"permission denied: {path}", f"没有读取权限：{path}")
    reason = exc.strerror or type(exc).__name__
    return ReaderError("F-006", f"I/O error ({reason}): {path}", f"读取出错（{reason}）：{path}")

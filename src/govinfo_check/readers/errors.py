"""The readers' errors: :class:`ReadError`, the one type every caller handles for a file that
cannot be read, and :class:`ReaderError`, which also carries the arguments its catalogue message
needs (seconds, pages, suffix…). Nothing here imports a parser, so naming the error is cheap."""

from __future__ import annotations

from typing import Any


class ReadError(Exception):
    """The file cannot be read as a Word document. ``code`` is a catalogue code (F-001 … F-007),
    ``detail`` a short English detail, ``detail_zh`` the same in Chinese."""

    def __init__(self, code: str, detail: str, detail_zh: str | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.detail_zh = detail_zh or detail

    def __reduce__(self) -> tuple:
        # the batch runner sends errors between processes; the default reduce would lose fields
        return (type(self), (self.code, self.detail, self.detail_zh))


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

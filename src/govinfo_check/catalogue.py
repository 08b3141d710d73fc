"""The catalogue of findings raised by code rather than by rule files: reading the file,
locating sections and tables, parsing cell values. Codes are stable and public: never reuse
or renumber one; retire it instead.

Rule files (rules/*.yaml) hold the declarative checks; ``govinfo-check rules`` lists both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import Category, Finding, Location, Severity


@dataclass(frozen=True)
class CodeDef:
    code: str
    name: str
    severity: Severity
    category: Category
    source: str
    zh: str  # message template, str.format over the finding's args
    en: str
    description: str = ""


_DEFS: dict[str, CodeDef] = {}


def define(code: str, name: str, severity: Severity, category: Category, source: str, zh: str, en: str,
           description: str = "") -> CodeDef:
    if code in _DEFS:
        raise ValueError(f"duplicate code {code}")
    d = CodeDef(code, name, severity, category, source, zh, en, description)
    _DEFS[code] = d
    return d


def get(code: str) -> CodeDef:
    return _DEFS[code]


def all_defs() -> list[CodeDef]:
    return sorted(_DEFS.values(), key=lambda d: d.code)


class _SafeArgs(dict):
    """Missing template args render as ``{name}`` instead of raising: a message must never crash."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, args: dict[str, Any]) -> str:
    return template.format_map(_SafeArgs(args))


def make(code: str, location: Location | None = None, fields: list[str] | None = None,
         severity: Severity | None = None, **args: Any) -> Finding:
    """A finding for a catalogue code, its messages rendered in every language."""
    d = _DEFS[code]
    return Finding(
        code=d.code,
        name=d.name,
        severity=severity or d.severity,
        category=d.category,
        source=d.source,
        messages={"zh": render(d.zh, args), "en": render(d.en, args)},
        fields=list(fields or []),
        args=dict(args),
        location=location or Location(),
    )


# --- reading the file (F) ---------------------------------------------------
define("F-001", "not-a-docx", "error", "read", "文件读取",
       "无法读取：文件不是有效的 .docx（zip）文件：{detail}",
       "Cannot read: not a valid .docx (zip) file: {detail}")
define("F-002", "no-document-xml", "error", "read", "文件读取",
       "无法读取：压缩包中没有 word/document.xml，不是 Word 文档",
       "Cannot read: the archive has no word/document.xml; not a Word document")
define("F-003", "encrypted", "error", "read", "文件读取",
       "无法读取：文件已加密（受密码保护），请提交未加密的 .docx",
       "Cannot read: the file is encrypted (password-protected); submit an unencrypted .docx")
define("F-004", "legacy-doc", "error", "read", "文件读取",
       "无法读取：这是旧版 Word 97-2003（.doc）文件，请另存为 .docx 后再检查",
       "Cannot read: this is a legacy Word 97-2003 (.doc) file; save it as .docx and check again")
define("F-005", "empty-file", "error", "read", "文件读取",
       "无法读取：文件为空（0 字节）",
       "Cannot read: the file is empty (0 bytes)")
define("F-006", "io-error", "error", "read", "文件读取",
       "无法读取：{detail}",
       "Cannot read: {detail}")
define("F-007", "unsafe-xml", "error", "read", "文件读取",
       "无法读取：文件中的 XML 部件过大或含有不安全的结构（{detail}）",
       "Cannot read: an XML part of the file is too large or has unsafe XML ({detail})")
define("F-008", "timeout", "error", "read", "文件读取",
       "检查超时（超过 {seconds} 秒），已跳过该文件",
       "Timed out after {seconds} s; the file was skipped")
define("F-009", "internal-error", "error", "read", "内部错误",
       "内部错误，未能检查该文件：{detail}",
       "Internal error, the file was not checked: {detail}")
define("F-010", "unsupported-type", "error", "read", "文件读取",
       "不支持的文件类型 {suffix}：只检查 .docx 文件",
       "Unsupported file type {suffix}: only .docx files are checked")
define("F-011", "memory-limit", "error", "read", "文件读取",
       "检查该文件所需的内存超过每个进程 {limit_mb} MB 的上限，已跳过该文件（真实年度报告远用不了这么多）",
       "Checking the file needed more than the {limit_mb} MB memory limit of a worker process; the file "
       "was skipped (a real report needs far less)")

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
       "不支持的文件类型 {suffix}：可检查 .docx、.doc、.wps、.odt、.rtf、.pdf、.html/.htm/.shtml/.mht 文件",
       "Unsupported file type {suffix}: .docx, .doc, .wps, .odt, .rtf, .pdf and .html/.htm/.shtml/.mht files are checked")

define("F-011", "memory-limit", "error", "read", "文件读取",
       "检查该文件所需的内存超过每个进程 {limit_mb} MB 的上限，已跳过该文件（真实年度报告远用不了这么多）",
       "Checking the file needed more than the {limit_mb} MB memory limit of a worker process; the file "
       "was skipped (a real report needs far less)")

# --- reading other formats (readers/: LibreOffice, PDF, HTML) ------------------
define("F-020", "libreoffice-missing", "error", "read", "文件读取",
       "无法读取 {suffix} 文件：需要用 LibreOffice 转换，但本机未安装 LibreOffice。"
       "请安装（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui；Windows/macOS：libreoffice.org），"
       "或把文件另存为 .docx 后再检查",
       "Cannot read the {suffix} file: it is converted with LibreOffice, which is not installed. Install it "
       "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; Windows/macOS: libreoffice.org) or save "
       "the file as .docx and check again")
define("F-021", "conversion-failed", "error", "read", "文件读取",
       "LibreOffice 无法打开或转换该文件（文件可能已损坏或不是所称的格式）：{detail_zh}",
       "LibreOffice could not open or convert the file (it may be damaged or not the format its name says): "
       "{detail}")
define("F-022", "conversion-timeout", "error", "read", "文件读取",
       "LibreOffice 转换超时（超过 {seconds} 秒），已停止转换，未检查该文件",
       "The LibreOffice conversion timed out after {seconds} s and was stopped; the file was not checked")
define("F-023", "scanned-pdf", "error", "read", "文件读取",
       "扫描版 PDF，没有文字层（{pages} 页中只有 {chars} 个文字字符）：无法读取其中的数字，未做识别也未作任何推测。"
       "请提供带文字层的 PDF（由 Word/WPS 直接导出）或 .docx",
       "Scanned PDF, no text layer ({chars} text characters on {pages} pages): its figures cannot be read and "
       "nothing was guessed. Provide a PDF exported from Word/WPS, or the .docx")
define("F-024", "pdf-encrypted", "error", "read", "文件读取",
       "无法读取：PDF 已加密（受密码保护），请提交未加密的 PDF 或 .docx",
       "Cannot read: the PDF is encrypted (password-protected); submit an unencrypted PDF or the .docx")
define("F-025", "pdf-broken", "error", "read", "文件读取",
       "无法读取：不是有效的 PDF 文件或文件已损坏：{detail_zh}",
       "Cannot read: not a valid PDF file, or the file is damaged: {detail}")
define("F-026", "pdf-too-large", "error", "read", "文件读取",
       "PDF 页数过多（{pages} 页，上限 {limit} 页）：为控制内存和时间未读取。年度报告通常不超过 30 页，请确认文件",
       "The PDF has too many pages ({pages}; the limit is {limit}) and was not read, to bound memory and time. "
       "An annual report is rarely over 30 pages; check the file")
define("F-027", "html-unreadable", "error", "read", "文件读取",
       "无法读取网页：{detail_zh}",
       "Cannot read the web page: {detail}")

# --- the batch (D): reports of the same agency and year (duplicates.py) --------
define(
    "D-001", "duplicate-report", "warning", "cross_year", "批次（同一机关同一年度）",
    "同一机关同一年度（{agency} {year} 年）的报告在本批中有 {count} 份：{paths}",
    "{count} reports of the same agency and year ({agency}, {year}) in this batch: {paths}",
    "一批报告中，同一机关（名称按跨年度比对的规则归一）同一年度出现两份以上报告时，每一份都报告此项，"
    "列出全部同名报告，以便审阅人确认哪一份是正式发布的版本。",
)
define(
    "D-002", "previous-year-ambiguous", "warning", "cross_year", "跨年度核对",
    "上年（{previous_year} 年）同一机关有 {count} 份报告：{paths}，无法确定与哪一份核对，跨年度核对未做",
    "The previous year ({previous_year}) has {count} reports of the same agency: {paths}; it is not clear "
    "which one to compare with, so the cross-year checks were not run",
    "跨年度核对（X-…）需要同一机关上一年度的报告。本批中有多份候选时不任选其一，而是报告此项并列出候选。",
)
# --- cross-year, from the history store (X; the rule-file X codes are in rules/text.yaml) ---
define("X-003", "previous-year-ambiguous", "info", "cross_year", "跨年度一致（历史记录）",
       "历史记录中没有与“{agency}”名称一致的 {previous_year} 年报告，但有名称相近的：{candidates}。"
       "未作跨年度比对（是否同一机关由您判断，不作猜测）；如是同一机关，请人工核对上年结转和现行有效件数",
       "The history holds no {previous_year} report of an agency named “{agency}”, but some with similar "
       "names: {candidates}. Not compared (whether they are the same agency is yours to say, not "
       "guessed); if one is, compare the carried-over requests and the documents in force by hand",
       "Said instead of guessed: a looser name match could pair two different agencies.")

"""``--format text``: the human view, rendered with rich (plain text when piped or written to a file).

One file gets the drafter's view: every finding once, the most important first (unreadable file,
superseded format, wrong year, missing table, the blamed cell, bad values, relations, text,
cross-year), each naming its table, row and column with 应为/实为. Several files get the reviewer's
view: the summary table, then one short block per report with findings (one line per root cause,
the relations it explains folded into a count), and the totals as the last line. ``details=True``
gives every file the drafter's view.

``UI`` holds every user-facing string of the command line (this reporter and the commands), so
that a translation touches one place. Status words come from ``summary.STATUS_LABELS``.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Iterable, Sequence

from rich.console import Console, Group
from rich.text import Text

from ..fields import field_index
from ..models import TABLE_NAMES, FileResult, Finding, Location, Operand
from ..summary import CATEGORY_LABELS, SEVERITY_LABELS, STATUS_LABELS, lang_of, status_of

if TYPE_CHECKING:
    from rich.table import Table

UI: dict[str, dict[str, str]] = {
    "zh": {
        # report
        "file": "文件", "agency": "机关", "year": "年度", "format": "格式", "errors": "错误",
        "warnings": "警告", "infos": "提示", "status": "状态",
        "row": "行「{label}」", "col": "列「{label}」",
        "file_line": "文件：{path}", "meta": "机关：{agency} · 年度：{year} · 格式：{format}",
        "blame": "最可能填错的是本格：应为 {implied}，实为 {printed}",
        "blame_elsewhere": "最可能填错的单元格：{where}，应为 {implied}，实为 {printed}",
        "expected": "应为 {expected}，实为 {actual}",
        "actual_only": "实为 {actual}",
        "operands": "运算项：{terms}",
        "symptoms": "另有 {n} 处勾稽关系不符由此引起",
        "blank": "空白",
        "no_findings": "未发现问题。",
        "verdict": "结论：{status}（{errors} 个错误，{warnings} 个警告，{infos} 个提示）",
        "block_head": "{path}（{ident}）：{status}，{counts}",
        "counts_short": "{errors} 个错误，{warnings} 个警告",
        "more": "… 另有 {n} 个问题：{codes}（加 --details 显示全部）",
        "totals": "共 {files} 个文件：{ok} 个通过，{errors_files} 个有错误，{warnings_files} 个仅有警告，"
                  "{unreadable} 个无法读取；错误 {errors}，警告 {warnings}，提示 {infos}",
        "statistics_total": "共 {n} 个问题",
        "unknown": "—",
        "skipped": "已跳过 {n} 个隐藏文件或 Word 临时锁定文件（~$）：{names}",
        "notes": "已略过 {n} 个非报告文件：{names}",
        "written": "报告已写入 {path}",
        "annotated": "已生成批注副本 {path}",
        "annotate_skipped": "未生成批注副本 {path}：{reason}",
        "progress": "检查中",
        # usage errors (exit 2), one line each
        "no_such_path": "路径不存在：{path}",
        "empty_folder": "文件夹中没有报告文件（no report files found）：{path}",
        "glob_nothing": "文件夹 {path} 中没有与 --glob {glob} 匹配的文件",
        "nothing_to_check": "没有报告文件（no report files found）",
        "nothing_readable": "没有一个文件能够读取（{n} 个文件全部无法读取）",
        "unknown_format": "未知的输出格式 {value}，可用：{allowed}",
        "bad_choice": "{option} 的取值 {value} 无效，可用：{allowed}",
        "bad_jobs": "--jobs 必须是不小于 1 的整数：{value}",
        "bad_timeout": "--timeout 必须大于 0：{value}",
        "unknown_code": "{where} 中的规则代码 {code} 不存在（用 govinfo-check rules 查看全部代码）",
        "rule_file": "规则文件有误：{detail}",
        "output_unwritable": "无法写入输出文件 {path}：{detail}",
        "needs_output": "--format {format} 是二进制格式，需要用 -o 指定输出文件",
        "annotate_needs_one": "--annotate 只能用于单个文件（共 {n} 个），多个文件请用 --annotate-dir",
        "config_missing": "配置文件不存在：{file}",
        "config_unreadable": "无法读取配置文件 {file}：{detail}",
        "config_syntax": "配置文件 {file} 语法错误：{detail}",
        "config_unknown_key": "配置文件 {file} 中有未知的设置项 {key}（可用：{known}）",
        "config_bad_value": "配置文件 {file} 中 {key} 的值无效，应为 {expected}",
        "interrupted": "已中断，未完成的检查已取消",
        "unknown_explain": "未知的规则代码：{code}",
        # rules listing
        "code": "代码", "name": "名称", "severity": "级别", "category": "类别", "source": "依据",
        # --show-settings
        "settings_config": "配置文件：{path}",
        "settings_none": "（无，使用默认设置）",
    },
    "en": {
        "file": "file", "agency": "agency", "year": "year", "format": "format", "errors": "errors",
        "warnings": "warnings", "infos": "infos", "status": "status",
        "row": "row “{label}”", "col": "column “{label}”",
        "file_line": "File: {path}", "meta": "Agency: {agency} · Year: {year} · Format: {format}",
        "blame": "Most likely wrong: this cell, expected {implied}, found {printed}",
        "blame_elsewhere": "Most likely wrong cell: {where}, expected {implied}, found {printed}",
        "expected": "expected {expected}, found {actual}",
        "actual_only": "found {actual}",
        "operands": "operands: {terms}",
        "symptoms": "{n} more failed relations follow from it",
        "blank": "blank",
        "no_findings": "No problems found.",
        "verdict": "Result: {status} ({errors} errors, {warnings} warnings, {infos} infos)",
        "block_head": "{path} ({ident}): {status}, {counts}",
        "counts_short": "{errors} errors, {warnings} warnings",
        "more": "… {n} more findings: {codes} (add --details to show all)",
        "totals": "{files} files: {ok} passed, {errors_files} with errors, {warnings_files} warnings only, "
                  "{unreadable} unreadable; {errors} errors, {warnings} warnings, {infos} infos",
        "statistics_total": "{n} findings",
        "unknown": "—",
        "skipped": "Skipped {n} hidden or Word lock (~$) files: {names}",
        "notes": "Passed over {n} files that are not reports: {names}",
        "written": "Report written to {path}",
        "annotated": "Annotated copy written to {path}",
        "annotate_skipped": "No annotated copy of {path}: {reason}",
        "progress": "Checking",
        "no_such_path": "No such file or folder: {path}",
        "empty_folder": "No report files found in the folder: {path}",
        "glob_nothing": "No file in the folder {path} matches --glob {glob}",
        "nothing_to_check": "No report files found",
        "nothing_readable": "No file could be read (all {n} unreadable)",
        "unknown_format": "Unknown output format {value}; use one of {allowed}",
        "bad_choice": "Invalid value {value} for {option}; use one of {allowed}",
        "bad_jobs": "--jobs must be an integer of at least 1: {value}",
        "bad_timeout": "--timeout must be greater than 0: {value}",
        "unknown_code": "Unknown rule code {code} in {where} (see `govinfo-check rules` for all codes)",
        "rule_file": "Bad rule file: {detail}",
        "output_unwritable": "Cannot write the output file {path}: {detail}",
        "needs_output": "--format {format} is a binary format; give an output file with -o",
        "annotate_needs_one": "--annotate takes a single file ({n} given); use --annotate-dir for several",
        "config_missing": "Config file not found: {file}",
        "config_unreadable": "Cannot read the config file {file}: {detail}",
        "config_syntax": "Syntax error in the config file {file}: {detail}",
        "config_unknown_key": "Unknown setting {key} in the config file {file} (known: {known})",
        "config_bad_value": "Invalid value for {key} in the config file {file}; expected {expected}",
        "interrupted": "Interrupted; pending checks were cancelled",
        "unknown_explain": "Unknown rule code: {code}",
        "code": "code", "name": "name", "severity": "severity", "category": "category", "source": "source",
        "settings_config": "Config file: {path}",
        "settings_none": "(none; defaults apply)",
    },
}

_SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEV_MARK = {"error": "✗", "warning": "!", "info": "i"}
_STATUS_STYLE = {"ok": "green", "errors": "bold red", "warnings": "yellow", "unreadable": "bold magenta"}
SHORT_LIMIT = 110  # characters of a one-line message before it is cut (the full text is behind --details)

# What a reviewer must fix first: a file not read, then what makes every figure suspect (format, year,
# a missing table), then one cell that explains several relations, bad values, relations, text, years.
_CATEGORY_RANK = {"read": 0, "format_version": 1, "period": 2, "structure": 3, "batch": 4, "value": 6,
                  "arithmetic": 7, "narrative": 8, "cross_year": 9}
_SEV_RANK = {"error": 0, "warning": 1, "info": 2}


def ui(key: str, lang: str = "zh", /, **args: Any) -> str:
    text = UI[lang_of(lang)][key]
    return text.format(**args) if args else text


# ---------------------------------------------------------------------------
# small formatting helpers
# ---------------------------------------------------------------------------


def display_path(path: str, root: Path | str | None = None) -> str:
    """Relative to ``root`` (the folder named on the command line) when below it, else to the
    current folder when inside it: short, and what the user typed."""
    p = Path(path)
    for base in ([Path(root)] if root is not None else []) + [Path.cwd()]:
        try:
            return str(p.resolve().relative_to(base.resolve()))
        except (ValueError, OSError):
            continue
    return str(p)


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "、".join(_fmt(v) for v in value)
    return str(value)


def _where(loc: Location | dict[str, Any] | None, lang: str) -> str:
    if loc is None:
        return ""
    d = loc if isinstance(loc, dict) else loc.to_dict()
    parts = []
    if d.get("row_label"):
        parts.append(ui("row", lang, label=d["row_label"]))
    if d.get("column_label"):
        parts.append(ui("col", lang, label=d["column_label"]))
    return " ".join(parts)


def table_short(table: str | None, lang: str) -> str:
    """表三 / Table 3."""
    from ..models import TABLE_TITLES

    t = TABLE_TITLES.get(table or "")
    if not t:
        return ""
    return t["zh"].split(" ")[0] if lang_of(lang) == "zh" else t["en"].split(" (")[0]


def _operand_label(op: Operand, lang: str, shared: dict[str, str] | None = None) -> str:
    loc = op.location.to_dict() if op.location else {}
    where = _where({k: v for k, v in loc.items() if k not in (shared or {})}, lang)
    if where:
        return where
    fd = field_index().get(op.key)
    if fd is not None:
        return f"{fd.row_label} / {fd.column_label}"
    return op.key


def _shared_labels(operands: Sequence[Operand]) -> dict[str, str]:
    """The row (or column) every operand sits in: said once in front instead of in every term."""
    locs = [op.location.to_dict() if op.location else {} for op in operands]
    return {k: locs[0][k] for k in ("row_label", "column_label")
            if locs and locs[0].get(k) and all(loc.get(k) == locs[0][k] for loc in locs)}


def _operand_terms(operands: Sequence[Operand], lang: str) -> str:
    shared = _shared_labels(operands)
    out = ""
    for i, op in enumerate(operands):
        value = ui("blank", lang) if op.blank else _fmt(op.raw if op.value is None and op.raw else op.value)
        factor = f"{abs(op.weight)}×" if abs(op.weight) != 1 else ""
        label = _operand_label(op, lang, shared) if len(shared) < 2 else ""
        term = f"{factor}{label} ({value})" if label else f"{factor}{value}"
        if i == 0:
            out = ("−" if op.weight < 0 else "") + term
        else:
            out += f" {'−' if op.weight < 0 else '+'} {term}"
    prefix = _where(shared, lang)
    return f"{prefix}：{out}" if prefix else out


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    c = {"errors": 0, "warnings": 0, "infos": 0}
    for f in findings:
        c[{"error": "errors", "warning": "warnings"}.get(f.severity, "infos")] += 1
    return c


def _status_text(result: FileResult, lang: str) -> Text:
    key = status_of(result)
    return Text(STATUS_LABELS[lang_of(lang)][key], style=_STATUS_STYLE[key])


# ---------------------------------------------------------------------------
# one finding, short and long
# ---------------------------------------------------------------------------


def importance(f: Finding) -> tuple[int, int, int, int, int]:
    """Sort key: severity, then root causes before what they cause, then reading order."""
    loc = f.location
    cat = 5 if f.args.get("symptoms") else _CATEGORY_RANK.get(f.category, 10)
    table = TABLE_NAMES.index(loc.table) if loc.table in TABLE_NAMES else len(TABLE_NAMES)
    return (_SEV_RANK.get(f.severity, 3), cat, table, loc.row if loc.row is not None else -1,
            loc.col if loc.col is not None else -1)


def by_importance(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=importance)


def symptom_count(f: Finding) -> int:
    symptoms = f.args.get("symptoms") if isinstance(f.args, dict) else None
    return len(symptoms) if isinstance(symptoms, list) else 0


def cell_label(loc: Location, lang: str) -> str:
    """表三「row」行「column」列 / Table 3, row “…”, column “…”."""
    short = _flat(table_short(loc.table, lang) or (loc.table_title or ""))
    row, col = _flat(loc.row_label), _flat(loc.column_label)
    if lang_of(lang) == "zh":
        return short + (f"「{row}」行" if row else "") + (f"「{col}」列" if col else "")
    parts = [short] if short else []
    if row:
        parts.append(f"row “{row}”")
    if col:
        parts.append(f"column “{col}”")
    return ", ".join(parts)


def _flat(text: str | None) -> str:
    """A label printed over several lines, on one."""
    return " ".join((text or "").split())


_QUOTE_TAIL = re.compile(r"(。?原句：|[.;]? ?(?:Sentence|Original(?: sentence)?|Text): ?)[“\"].*$")
_COLON_QUOTE_TAIL = re.compile(r"[：:] ?[“\"][^“”\"]*[”\"]$")
_OPEN, _CLOSE = "（(", "）)"


def strip_terms(text: str) -> str:
    """``…总计填报 148（（一）予以公开 48 + …）`` → ``…总计填报 148``: the trailing bracketed list of
    terms (brackets may nest), when it is one."""
    if not text or text[-1] not in _CLOSE:
        return text
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth -= 1
            if depth == 0:
                inner = text[i + 1:-1]
                return text[:i].rstrip() if any(op in inner for op in (" + ", " ≠ ", " − ", " - ")) else text
    return text


def short_message(f: Finding, lang: str, limit: int = SHORT_LIMIT) -> str:
    """The message on one line: without the quoted sentence (the location names it) and without the
    list of terms (``--details`` shows them), cut at ``limit`` characters."""
    text = " ".join(f.message(lang).split())
    text = _QUOTE_TAIL.sub("", text)
    text = _COLON_QUOTE_TAIL.sub("", text)
    text = strip_terms(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _strip_cell_prefix(text: str, f: Finding, lang: str) -> str:
    label = cell_label(f.location, lang)
    for sep in ("：", ": "):
        if label and text.startswith(label + sep):
            return text[len(label) + len(sep):]
    return text


def shorten_paths(text: str, root: Path | str | None) -> str:
    """Paths inside a message (cross-year: the previous report) shown as the report's own path is."""
    if root is None:
        return text
    prefix = str(root).rstrip("/\\") + "/"
    text = text.replace(prefix, "")
    absolute = str(Path(root).resolve()) + "/"
    return text.replace(absolute, "") if absolute != prefix else text


def one_line(f: Finding, lang: str, *, with_location: bool = True, path: str | None = None,
             root: Path | str | None = None) -> str:
    """One finding on one line: where, what, 应为/实为, and how many failed relations it explains.
    ``path``: the report's path, left out where a message starts with it (the line's context names it)."""
    n = symptom_count(f)
    if f.blame:
        b = f.blame
        head = cell_label(f.location, lang) if with_location else ""
        body = ui("expected", lang, expected=_fmt(b.get("implied")), actual=_printed(f, lang))
        text = f"{head}：{body}" if head and lang_of(lang) == "zh" else (f"{head}: {body}" if head else body)
    else:
        text = shorten_paths(short_message(f, lang, limit=10_000), root)
        for own in dict.fromkeys([path, shorten_paths(path, root)] if path else []):
            for sep in ("：", ": "):
                if own and text.startswith(own + sep):
                    text = text[len(own) + len(sep):]
        if len(text) > SHORT_LIMIT:
            text = text[: SHORT_LIMIT - 1] + "…"
        if not with_location:
            text = _strip_cell_prefix(text, f, lang)
        if f.expected is not None:
            sep = "；" if lang_of(lang) == "zh" else "; "
            text += sep + ui("expected", lang, expected=_fmt(f.expected), actual=_fmt(f.actual))
    if n:
        text += ("（" + ui("symptoms", lang, n=n) + "）") if lang_of(lang) == "zh" else f" ({ui('symptoms', lang, n=n)})"
    return text


def _printed(f: Finding, lang: str) -> str:
    """What the blamed cell holds: "空白" / "blank" for a blank cell (read as 0 by the relations)."""
    said = f.args.get("printed") if isinstance(f.args, dict) else None
    if isinstance(said, dict):
        return str(said.get(lang_of(lang)) or said.get("zh"))
    return _fmt((f.blame or {}).get("printed"))


def _symptom_lines(f: Finding, lang: str) -> list[str]:
    """The relations a blamed cell explains (folded into this finding by the engine)."""
    symptoms = f.args.get("symptoms") if isinstance(f.args, dict) else None
    if not isinstance(symptoms, list):
        return []
    lines = []
    for s in symptoms:
        if isinstance(s, dict) and s.get("code"):
            msg = " ".join(str(s.get(lang_of(lang)) or s.get("zh") or "").split())
            lines.append(f"{s['code']}: {strip_terms(msg)}")
    return lines


def _heading(f: Finding, lang: str) -> Text:
    text = Text()
    sev = SEVERITY_LABELS[lang_of(lang)].get(f.severity, f.severity)
    text.append(f"{_SEV_MARK.get(f.severity, '?')} {sev} ", style=_SEV_STYLE.get(f.severity, ""))
    text.append(f.code, style="bold")
    if f.name:
        text.append(f" {f.name}", style="dim")
    where = cell_label(f.location, lang)
    if where:
        text.append(f"  {where}")
    return text


def finding_view(f: Finding, lang: str) -> Text:
    """One finding in full, each fact once: heading with table, row and column; the message (or, for a
    blamed cell, what it holds and should hold); 应为/实为 unless the message already is it; the
    operands unless the message lists them; the relations it explains."""
    text = _heading(f, lang)
    if f.blame:
        b = f.blame
        loc = b.get("location")
        same = isinstance(loc, dict) and all(loc.get(k) == getattr(f.location, k)
                                             for k in ("table", "row_label", "column_label"))
        line = ui("blame", lang, printed=_printed(f, lang), implied=_fmt(b.get("implied"))) if same or not loc \
            else ui("blame_elsewhere", lang, where=_where(loc, lang), printed=_printed(f, lang),
                    implied=_fmt(b.get("implied")))
        text.append("\n    " + line, style="bold")
        if f.code != "B-001":
            message = f.message(lang)
            text.append("\n    " + message)
            if not same and f.expected is not None:  # this relation's own figures, not the cell's
                text.append("\n    " + ui("expected", lang, expected=_fmt(f.expected), actual=_fmt(f.actual)))
            if len(f.operands) > 1 and strip_terms(message) == message:
                text.append("\n    " + ui("operands", lang, terms=_operand_terms(f.operands, lang)), style="dim")
    else:
        message = f.message(lang)
        text.append("\n    " + _strip_cell_prefix(message, f, lang))  # the heading names the cell
        if f.location.quote and f.location.quote not in message:
            text.append(f"\n    “{f.location.quote}”", style="italic")
        if f.expected is not None:
            text.append("\n    " + ui("expected", lang, expected=_fmt(f.expected), actual=_fmt(f.actual)))
        if len(f.operands) > 1 and strip_terms(message) == message:
            text.append("\n    " + ui("operands", lang, terms=_operand_terms(f.operands, lang)), style="dim")
    lines = _symptom_lines(f, lang)
    if lines:
        text.append("\n    " + ui("symptoms", lang, n=len(lines)) + ("：" if lang_of(lang) == "zh" else ":"),
                    style="dim")
        for line in lines:
            text.append(f"\n      · {line}", style="dim")
    return text


def findings_view(findings: Sequence[Finding], lang: str) -> Group:
    """Findings by importance (see ``importance``), not by table."""
    parts: list[Any] = []
    for f in by_importance(findings):
        parts += [Text(""), finding_view(f, lang)]
    return Group(*parts)


# ---------------------------------------------------------------------------
# views
# ---------------------------------------------------------------------------


def file_header(result: FileResult, lang: str, root: Path | str | None = None) -> Text:
    rep = result.report
    text = Text()
    text.append(ui("file_line", lang, path=display_path(result.path, root)), style="bold")
    if rep is not None and result.status != "error":
        unknown = ui("unknown", lang)
        text.append("\n" + ui("meta", lang, agency=rep.agency or unknown, year=rep.year or unknown,
                                format=rep.format_version))
    key = status_of(result)
    text.append("\n")
    text.append(ui("verdict", lang, status=STATUS_LABELS[lang_of(lang)][key], **_counts(result.findings)),
                style=_STATUS_STYLE[key])
    return text


def single_view(result: FileResult, lang: str, root: Path | str | None = None) -> Group:
    parts: list[Any] = [file_header(result, lang, root)]
    parts.append(findings_view(result.findings, lang) if result.findings else Text(ui("no_findings", lang)))
    return Group(*parts)


def summary_table(results: Sequence[FileResult], lang: str, root: Path | str | None = None) -> Table:
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold", box=None, pad_edge=False)
    for key in ("file", "agency", "year", "errors", "warnings", "status"):
        table.add_column(ui(key, lang), justify="right" if key in ("errors", "warnings", "year") else "left",
                         overflow="fold")
    for r in results:
        rep = r.report if r.status != "error" else None  # what an unreadable file "says" is noise
        c = _counts(r.findings)
        table.add_row(display_path(r.path, root), rep.agency if rep and rep.agency else ui("unknown", lang),
                      str(rep.year) if rep and rep.year else ui("unknown", lang),
                      str(c["errors"]), str(c["warnings"]), _status_text(r, lang))
    return table


def totals_line(results: Sequence[FileResult], lang: str) -> Text:
    statuses = Counter(status_of(r) for r in results)
    c = _counts(f for r in results for f in r.findings)
    return Text(ui("totals", lang, files=len(results), ok=statuses["ok"], errors_files=statuses["errors"],
                   warnings_files=statuses["warnings"], unreadable=statuses["unreadable"], **c), style="bold")


def report_block(result: FileResult, lang: str, root: Path | str | None = None) -> Text:
    """A report with findings in a folder's view, at most two lines: the report, its status and its
    most important finding; then the second finding, or how many more there are and their codes."""
    zh = lang_of(lang) == "zh"
    shown_path = display_path(result.path, root)
    rep = result.report if result.status != "error" else None
    ident = _flat(" ".join(str(x) for x in (rep.agency if rep else None, rep.year if rep else None) if x))
    # the problems: notes (info) are behind --details
    ordered = [f for f in by_importance(result.findings) if f.severity != "info"] or by_importance(result.findings)
    text = Text()
    text.append(shown_path + (f"（{ident}）" if ident and zh else f" ({ident})" if ident else ""), style="bold")
    text.append("：" if zh else ": ")
    key = status_of(result)
    text.append(STATUS_LABELS[lang_of(lang)][key], style=_STATUS_STYLE[key])
    for i, f in enumerate(ordered[:2]):
        if i == 1 and len(ordered) > 2:
            break
        line = one_line(f, lang, path=result.path, root=root)
        if key == "unreadable":
            for said in ("无法读取：", "Cannot read: "):  # the status word already says it
                line = line.removeprefix(said)
        text.append(" — " if i == 0 else "\n  ")
        text.append(f"{_SEV_MARK.get(f.severity, '?')} ", style=_SEV_STYLE.get(f.severity, ""))
        text.append(f.code, style="bold")
        text.append(" " + line)
    if len(ordered) > 2:
        codes = Counter(f.code for f in ordered[1:])
        listed = "、".join(f"{c}×{n}" if n > 1 else c for c, n in codes.items())
        text.append("\n  " + ui("more", lang, n=len(ordered) - 1, codes=listed), style="dim")
    return text


def batch_view(results: Sequence[FileResult], lang: str, root: Path | str | None = None,
               details: bool = False) -> Group:
    parts: list[Any] = [summary_table(results, lang, root), Text("")]
    for r in results:
        # a passed report is its table row; its notes (info) are behind --details
        if not r.findings or (not details and status_of(r) == "ok"):
            continue
        if details:
            parts += [file_header(r, lang, root), findings_view(r.findings, lang), Text("")]
        else:
            parts.append(report_block(r, lang, root))  # each starts with its path: no blank line needed
    if not details:
        parts.append(Text(""))
    parts.append(totals_line(results, lang))  # last, where a reviewer's eye lands after a long output
    return Group(*parts)


def results_view(results: Sequence[FileResult], lang: str = "zh", root: Path | str | None = None,
                 details: bool = False) -> Group:
    if len(results) == 1:
        return single_view(results[0], lang, root)
    return batch_view(results, lang, root, details)


def print_results(console: Console, results: Sequence[FileResult], *, lang: str = "zh",
                  root: Path | str | None = None, details: bool = False, **_: Any) -> None:
    console.print(results_view(results, lang, root, details))


def statistics_view(results: Sequence[FileResult], lang: str = "zh") -> str:
    """``--statistics``: one line per code, most frequent first (like ruff)."""
    counts = Counter(f.code for r in results for f in r.findings)
    first: dict[str, Finding] = {}
    for r in results:
        for f in r.findings:
            first.setdefault(f.code, f)
    sev = SEVERITY_LABELS[lang_of(lang)]
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [f"{n:>{width}}  {code:<7} {sev.get(first[code].severity, first[code].severity)}  {first[code].name}"
             for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append(ui("statistics_total", lang, n=sum(counts.values())))
    return "\n".join(lines) + "\n"


def skipped_note(skipped: Sequence[Path], lang: str, limit: int = 5) -> str:
    names = ", ".join(p.name for p in skipped[:limit]) + (" …" if len(skipped) > limit else "")
    return ui("skipped", lang, n=len(skipped), names=names)


def notes_note(notes: Sequence[Path], lang: str, limit: int = 5) -> str:
    names = ", ".join(p.name for p in notes[:limit]) + (" …" if len(notes) > limit else "")
    return ui("notes", lang, n=len(notes), names=names)


def rules_table(infos: Sequence[dict[str, str]], lang: str) -> Table:
    from rich.table import Table

    """``govinfo-check rules``: one row per code, every word in the chosen language."""
    table = Table(header_style="bold")
    for key in ("code", "severity", "category", "name", "source"):
        table.add_column(ui(key, lang), overflow="fold")
    sev = SEVERITY_LABELS[lang_of(lang)]
    cats = CATEGORY_LABELS[lang_of(lang)]
    for i in infos:
        table.add_row(i["code"], Text(sev.get(i["severity"], i["severity"]), style=_SEV_STYLE.get(i["severity"], "")),
                      cats.get(i["category"], i["category"]), i["name"], i["source"])
    return table


def _plain_console(buf: io.StringIO, width: int) -> Console:
    return Console(file=buf, width=width, no_color=True, color_system=None, highlight=False, soft_wrap=True,
                   emoji=False, force_terminal=False, force_jupyter=False, legacy_windows=False)


class TextReporter:
    """Plain text (no colour) of the same views, for ``-o report.txt``."""

    name = "text"
    suffix = ".txt"
    binary = False

    def __init__(self, fail_on: str = "error", width: int = 120, root: Path | str | None = None,
                 details: bool = False) -> None:
        self.fail_on = fail_on
        self.width = width
        self.root = root
        self.details = details

    def print(self, console: Console, results: Sequence[FileResult], *, lang: str = "zh") -> None:
        print_results(console, results, lang=lang, root=self.root, details=self.details)

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str:
        buf = io.StringIO()
        self.print(_plain_console(buf, self.width), results, lang=lang)
        return buf.getvalue()

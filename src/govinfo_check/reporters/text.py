"""``--format text``: the human view, rendered with rich (plain text when piped or written to a file).

One file gets the drafter's view: findings grouped by table, each naming its row and column, the
suspected cell first, then expected vs actual and the operands. Several files get the reviewer's
view: a summary table, then the details of each file with findings.

``UI`` holds every user-facing string of the command line (this reporter and the commands), so
that a translation touches one place.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..fields import field_index
from ..models import SEVERITY_ORDER, TABLE_NAMES, FileResult, Finding, Location, Operand
from ..summary import SEVERITY_LABELS, lang_of, table_title

UI: dict[str, dict[str, str]] = {
    "zh": {
        # report
        "file": "文件", "agency": "机关", "year": "年度", "format": "格式", "errors": "错误",
        "warnings": "警告", "infos": "提示", "status": "状态",
        "st_ok": "通过", "st_fail": "未通过", "st_warn": "有提示", "st_error": "无法读取",
        "general": "全文及其他", "row": "行「{label}」", "col": "列「{label}」",
        "file_line": "文件：{path}", "meta": "机关：{agency} · 年度：{year} · 格式：{format}",
        "blame": "疑似出错的单元格：{where}（印为 {printed}，按其他数字应为 {implied}）",
        "expected": "应为 {expected}，实为 {actual}",
        "operands": "运算项：{terms}",
        "blank": "空白",
        "this_cell": "本格",
        "no_findings": "未发现问题。",
        "verdict": "结论：{status}（{errors} 个错误，{warnings} 个警告，{infos} 个提示）",
        "totals": "共 {files} 个文件：{ok} 个通过，{fail} 个未通过，{warn} 个仅有提示，{unreadable} 个无法读取；"
                  "错误 {errors}，警告 {warnings}，提示 {infos}",
        "details": "各文件详情",
        "unknown": "—",
        "skipped": "已跳过 {n} 个隐藏文件或 Word 临时锁定文件（~$）：{names}",
        "written": "报告已写入 {path}",
        "annotated": "已生成批注副本 {path}",
        "annotate_skipped": "未生成批注副本 {path}：{reason}",
        "progress": "检查中",
        # usage errors (exit 2), one line each
        "no_such_path": "路径不存在：{path}",
        "empty_folder": "文件夹中没有可检查的文件：{path}",
        "nothing_to_check": "没有可检查的文件",
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
    },
    "en": {
        "file": "file", "agency": "agency", "year": "year", "format": "format", "errors": "errors",
        "warnings": "warnings", "infos": "infos", "status": "status",
        "st_ok": "pass", "st_fail": "fail", "st_warn": "notes only", "st_error": "unreadable",
        "general": "Whole report and other", "row": "row “{label}”", "col": "column “{label}”",
        "file_line": "File: {path}", "meta": "Agency: {agency} · Year: {year} · Format: {format}",
        "blame": "Suspected cell: {where} (printed {printed}, the other figures imply {implied})",
        "expected": "expected {expected}, found {actual}",
        "operands": "operands: {terms}",
        "blank": "blank",
        "this_cell": "this cell",
        "no_findings": "No problems found.",
        "verdict": "Result: {status} ({errors} errors, {warnings} warnings, {infos} infos)",
        "totals": "{files} files: {ok} pass, {fail} fail, {warn} notes only, {unreadable} unreadable; "
                  "{errors} errors, {warnings} warnings, {infos} infos",
        "details": "Details per file",
        "unknown": "—",
        "skipped": "Skipped {n} hidden or Word lock (~$) files: {names}",
        "written": "Report written to {path}",
        "annotated": "Annotated copy written to {path}",
        "annotate_skipped": "No annotated copy of {path}: {reason}",
        "progress": "Checking",
        "no_such_path": "No such file or folder: {path}",
        "empty_folder": "The folder holds no file to check: {path}",
        "nothing_to_check": "Nothing to check",
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
    },
}

_SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEV_MARK = {"error": "✗", "warning": "!", "info": "i"}
_STATUS_STYLE = {"st_ok": "green", "st_fail": "bold red", "st_warn": "yellow", "st_error": "bold magenta"}


def ui(key: str, lang: str = "zh", /, **args: Any) -> str:
    text = UI[lang_of(lang)][key]
    return text.format(**args) if args else text


# ---------------------------------------------------------------------------
# small formatting helpers
# ---------------------------------------------------------------------------


def display_path(path: str) -> str:
    """Relative to the current folder when inside it: shorter, and what the user typed."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
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


def file_status(result: FileResult, fail_on: str = "error") -> str:
    """Display status key: unreadable, failing at --fail-on, only lower findings, or clean."""
    if result.status == "error":
        return "st_error"
    threshold = SEVERITY_ORDER.get(fail_on, 2)
    if any(SEVERITY_ORDER.get(f.severity, 0) >= threshold for f in result.findings):
        return "st_fail"
    return "st_warn" if result.findings else "st_ok"


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    c = {"errors": 0, "warnings": 0, "infos": 0}
    for f in findings:
        c[{"error": "errors", "warning": "warnings"}.get(f.severity, "infos")] += 1
    return c


# ---------------------------------------------------------------------------
# views
# ---------------------------------------------------------------------------


def _same_place(a: Location | dict[str, Any] | None, b: Location | dict[str, Any] | None) -> bool:
    da = a if isinstance(a, dict) else (a.to_dict() if a else {})
    db = b if isinstance(b, dict) else (b.to_dict() if b else {})
    keys = ("table", "row_label", "column_label")
    return all(da.get(k) == db.get(k) for k in keys) and any(da.get(k) for k in keys)


def _blame_line(f: Finding, lang: str) -> str:
    b = f.blame or {}
    loc = b.get("location")
    if _same_place(loc, f.location):
        where = ui("this_cell", lang)
    else:
        where = _where(loc, lang) or _operand_label(Operand(key=str(b.get("key", "")), value=None), lang)
    return ui("blame", lang, where=where, printed=_fmt(b.get("printed")), implied=_fmt(b.get("implied")))


def _symptom_lines(f: Finding, lang: str) -> list[str]:
    """The relations a blamed cell explains (folded into this finding by the engine)."""
    symptoms = f.args.get("symptoms") if isinstance(f.args, dict) else None
    if not isinstance(symptoms, list):
        return []
    lines = []
    for s in symptoms:
        if isinstance(s, dict) and s.get("code"):
            lines.append(f"{s['code']}: {s.get(lang_of(lang)) or s.get('zh') or ''}")
    return lines


def finding_view(f: Finding, lang: str) -> Text:
    """One finding: heading with row and column, the suspected cell, message, expected vs actual,
    operands, and the relations it explains."""
    text = Text()
    sev = SEVERITY_LABELS[lang_of(lang)].get(f.severity, f.severity)
    text.append(f"{_SEV_MARK.get(f.severity, '?')} {sev} ", style=_SEV_STYLE.get(f.severity, ""))
    text.append(f.code, style="bold")
    if f.name:
        text.append(f" {f.name}", style="dim")
    where = _where(f.location, lang)
    if where:
        text.append(f"  {where}")
    if f.blame:
        text.append("\n    " + _blame_line(f, lang), style="bold")
    text.append("\n    " + f.message(lang))
    if f.location.quote and f.location.quote not in f.message(lang):
        text.append(f"\n    “{f.location.quote}”", style="italic")
    if f.expected is not None or f.actual is not None:
        text.append("\n    " + ui("expected", lang, expected=_fmt(f.expected), actual=_fmt(f.actual)))
    # a lone operand is the cell the heading already names
    if len(f.operands) > 1:
        text.append("\n    " + ui("operands", lang, terms=_operand_terms(f.operands, lang)), style="dim")
    for line in _symptom_lines(f, lang):
        text.append(f"\n      · {line}", style="dim")
    return text


def _group_key(f: Finding) -> tuple[int, str]:
    t = f.location.table
    return (TABLE_NAMES.index(t), t) if t in TABLE_NAMES else (len(TABLE_NAMES), t or "")


def findings_view(findings: Sequence[Finding], lang: str) -> Group:
    """Findings grouped by table in printed order, everything else last."""
    groups: dict[tuple[int, str], list[Finding]] = defaultdict(list)
    for f in findings:
        groups[_group_key(f)].append(f)
    parts: list[Any] = []
    for key in sorted(groups):
        group = groups[key]
        title = table_title(group[0], lang) if key[0] < len(TABLE_NAMES) else ui("general", lang)
        parts.append(Text(f"\n{title}", style="bold underline"))
        # errors first, a finding that names the culprit cell before the relations it explains,
        # then reading order (the runner's sort is stable on it)
        for f in sorted(group, key=lambda x: (-SEVERITY_ORDER.get(x.severity, 0), x.blame is None)):
            parts.append(finding_view(f, lang))
    return Group(*parts)


def file_header(result: FileResult, lang: str, fail_on: str) -> Text:
    rep = result.report
    text = Text()
    text.append(ui("file_line", lang, path=display_path(result.path)), style="bold")
    if rep is not None and result.status != "error":
        unknown = ui("unknown", lang)
        text.append("\n" + ui("meta", lang, agency=rep.agency or unknown, year=rep.year or unknown,
                                format=rep.format_version))
    status = file_status(result, fail_on)
    text.append("\n")
    text.append(ui("verdict", lang, status=ui(status, lang), **_counts(result.findings)),
                style=_STATUS_STYLE[status])
    return text


def single_view(result: FileResult, lang: str, fail_on: str) -> Group:
    parts: list[Any] = [file_header(result, lang, fail_on)]
    parts.append(findings_view(result.findings, lang) if result.findings else Text(ui("no_findings", lang)))
    return Group(*parts)


def summary_table(results: Sequence[FileResult], lang: str, fail_on: str) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for key in ("file", "agency", "year", "format", "errors", "warnings", "status"):
        table.add_column(ui(key, lang), justify="right" if key in ("errors", "warnings", "year") else "left",
                         overflow="fold")
    for r in results:
        rep = r.report if r.status != "error" else None  # what an unreadable file "says" is noise
        c = _counts(r.findings)
        status = file_status(r, fail_on)
        table.add_row(display_path(r.path), rep.agency if rep and rep.agency else ui("unknown", lang),
                      str(rep.year) if rep and rep.year else ui("unknown", lang),
                      rep.format_version if rep else ui("unknown", lang),
                      str(c["errors"]), str(c["warnings"]), Text(ui(status, lang), style=_STATUS_STYLE[status]))
    return table


def totals_line(results: Sequence[FileResult], lang: str, fail_on: str) -> Text:
    statuses = [file_status(r, fail_on) for r in results]
    c = _counts(f for r in results for f in r.findings)
    return Text(ui("totals", lang, files=len(results), ok=statuses.count("st_ok"), fail=statuses.count("st_fail"),
                   warn=statuses.count("st_warn"), unreadable=statuses.count("st_error"), **c), style="bold")


def batch_view(results: Sequence[FileResult], lang: str, fail_on: str) -> Group:
    parts: list[Any] = [summary_table(results, lang, fail_on), totals_line(results, lang, fail_on)]
    with_findings = [r for r in results if r.findings]
    if with_findings:
        parts.append(Text(f"\n{ui('details', lang)}", style="bold reverse"))
        for r in with_findings:
            parts.append(Text(""))
            parts.append(file_header(r, lang, fail_on))
            parts.append(findings_view(r.findings, lang))
    return Group(*parts)


def results_view(results: Sequence[FileResult], lang: str = "zh", fail_on: str = "error") -> Group:
    if len(results) == 1:
        return single_view(results[0], lang, fail_on)
    return batch_view(results, lang, fail_on)


def print_results(console: Console, results: Sequence[FileResult], *, lang: str = "zh",
                  fail_on: str = "error") -> None:
    console.print(results_view(results, lang, fail_on))


def skipped_note(skipped: Sequence[Path], lang: str, limit: int = 5) -> str:
    names = ", ".join(p.name for p in skipped[:limit]) + (" …" if len(skipped) > limit else "")
    return ui("skipped", lang, n=len(skipped), names=names)


def rules_table(infos: Sequence[dict[str, str]], lang: str) -> Table:
    """``govinfo-check rules``: one row per code."""
    table = Table(header_style="bold")
    for key in ("code", "severity", "category", "name", "source"):
        table.add_column(ui(key, lang), overflow="fold")
    sev = SEVERITY_LABELS[lang_of(lang)]
    for i in infos:
        table.add_row(i["code"], Text(sev.get(i["severity"], i["severity"]), style=_SEV_STYLE.get(i["severity"], "")),
                      i["category"], i["name"], i["source"])
    return table


class TextReporter:
    """Plain text (no colour) of the same views, for ``-o report.txt``."""

    name = "text"
    suffix = ".txt"
    binary = False

    def __init__(self, fail_on: str = "error", width: int = 120) -> None:
        self.fail_on = fail_on
        self.width = width

    def render(self, results: Sequence[FileResult], *, lang: str = "zh") -> str:
        buf = io.StringIO()
        console = Console(file=buf, width=self.width, no_color=True, color_system=None, highlight=False,
                          soft_wrap=True,
                          emoji=False, force_terminal=False, force_jupyter=False, legacy_windows=False)
        print_results(console, results, lang=lang, fail_on=self.fail_on)
        return buf.getvalue()

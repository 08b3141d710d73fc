"""Every user-facing string of the history commands, Chinese (default) and English."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        # the store itself (exit 2)
        "missing": "历史记录文件不存在：{path}（用 govinfo-check history add 建立，或在 check 时加 --record）",
        "is_dir": "历史记录路径是一个文件夹，应为文件：{path}",
        "corrupt": "历史记录文件已损坏，无法读取：{path}（{detail}）。文件未作改动；请从备份恢复，"
                   "或用 --history 指定另一个文件，--no-history 可暂不使用历史记录",
        "locked": "历史记录文件 {path} 被另一个 govinfo-check 占用超过 {seconds} 秒，请稍后再试",
        "unopenable": "无法打开历史记录文件 {path}：{detail}",
        "not_ours": "{path} 不是 govinfo-check 的历史记录文件，未作改动（请用 --history 指定另一个文件）",
        "too_new": "历史记录文件 {path} 由更新版本的 govinfo-check 写入（结构版本 {found}，本版本只认识到 {known}），"
                   "请升级 govinfo-check；文件未作改动",
        # history add / check --record
        "progress": "读取中",
        "added": "已存入 #{id}：{path}（{agency}，{year} 年）",
        "refreshed": "已在历史记录中 #{id}，已按本次读取更新：{path}",
        "not_stored": "未存入 {path}：{reason}",
        "no_key": "已存入 #{id}，但未能识别{what}，跨年度核对不会用到它：{path}",
        "what_agency": "机关名称", "what_year": "报告年度", "what_both": "机关名称和报告年度",
        "add_summary": "历史记录 {store}：新存入 {added} 份，更新 {refreshed} 份，未存入 {failed} 份",
        "recorded": "已记入历史记录 {store}：新存入 {added} 份，更新 {refreshed} 份",
        "record_skipped": "未记入历史记录：{n} 个文件无法读取",
        # check consulting the store
        "consulted": "跨年度核对：{n} 份报告与历史记录中的上年报告比对（{store}）",
        "previous_from": "（历史记录 #{id}，{added} 存入{versions}）",
        "versions": "；该机关该年度共 {n} 个版本，用的是最新存入的一个",
        # history list / show / remove / export / import
        "empty": "历史记录中没有报告：{store}",
        "no_match": "历史记录中没有符合条件的报告：{what}",
        "ambiguous": "“{agency}”对应多个机关，请写得更完整：{names}",
        "col_id": "编号", "col_agency": "机关", "col_year": "年度", "col_format": "格式", "col_latest": "最新",
        "col_added": "存入时间", "col_path": "文件", "col_reader": "读取方式", "col_problems": "读取问题",
        "col_key": "字段", "col_label": "行 / 列", "col_value": "数值",
        "latest_mark": "✓", "count": "共 {n} 份报告（{groups} 个机关年度）：{store}",
        "version_line": "#{id} {latest}· {added} 存入 · {origin} · {reader} · {path}",
        "latest_word": "最新 ", "sha": "sha256：{sha}",
        "figures_of": "#{id} 的数字（空白 = 报告中未找到或无法读取）：",
        "removed": "已从历史记录删除 {n} 份报告",
        "remove_nothing": "请给出要删除的编号（history list 中的“编号”），或同时给出 --agency 和 --year",
        "unknown_ids": "历史记录中没有这些编号：{ids}",
        "written": "数据已写入 {path}",
        "import_unreadable": "无法读取 {path}：{detail}",
        "import_no_columns": "{path} 不是 govinfo-check extract 导出的 CSV：缺少 {missing} 列",
        "import_unknown_columns": "{path} 中有不认识的列：{columns}（应为 extract --format csv 的列）",
        "import_bad_value": "{path} 第 {line} 行“{column}”列的值 {value} 不是数字，未导入任何数据",
        "import_bad_year": "{path} 第 {line} 行的年度 {value} 不是年份，未导入任何数据",
        "imported": "已从 {path} 导入 {added} 份报告（{refreshed} 份已存在，已更新）到 {store}",
        "unknown_format": "未知的导出格式 {value}，可用：{allowed}",
        "needs_output": "--format {format} 是二进制格式，需要用 -o 指定输出文件",
        "bad_jobs": "--jobs 必须是不小于 1 的整数：{value}",
        "origin_add": "history add", "origin_check": "check --record", "origin_import": "import",
    },
    "en": {
        "missing": "No history store at {path} (create one with `govinfo-check history add`, or `check --record`)",
        "is_dir": "The history path is a folder, not a file: {path}",
        "corrupt": "The history store is damaged and cannot be read: {path} ({detail}). It was left untouched; "
                   "restore it from a backup or name another with --history; --no-history runs without it",
        "locked": "The history store {path} was busy with another govinfo-check for over {seconds} s; try again",
        "unopenable": "Cannot open the history store {path}: {detail}",
        "not_ours": "{path} is not a govinfo-check history store; left untouched (name another with --history)",
        "too_new": "The history store {path} was written by a newer govinfo-check (schema {found}; this version "
                   "knows up to {known}); upgrade govinfo-check. The file was left untouched",
        "progress": "Reading",
        "added": "Stored #{id}: {path} ({agency}, {year})",
        "refreshed": "Already stored as #{id}, refreshed from this reading: {path}",
        "not_stored": "Not stored: {path}: {reason}",
        "no_key": "Stored #{id}, but its {what} was not found, so cross-year checks will not use it: {path}",
        "what_agency": "agency", "what_year": "report year", "what_both": "agency and report year",
        "add_summary": "History {store}: {added} new, {refreshed} refreshed, {failed} not stored",
        "recorded": "Recorded in the history {store}: {added} new, {refreshed} refreshed",
        "record_skipped": "Not recorded in the history: {n} unreadable files",
        "consulted": "Cross-year: {n} reports compared with last year's report from the history ({store})",
        "previous_from": " (history #{id}, stored {added}{versions})",
        "versions": "; {n} versions of that agency-year stored, the latest used",
        "empty": "No reports in the history: {store}",
        "no_match": "No report in the history matches {what}",
        "ambiguous": "“{agency}” matches several agencies; be more specific: {names}",
        "col_id": "id", "col_agency": "agency", "col_year": "year", "col_format": "format", "col_latest": "latest",
        "col_added": "stored", "col_path": "file", "col_reader": "reader", "col_problems": "read problems",
        "col_key": "field", "col_label": "row / column", "col_value": "value",
        "latest_mark": "✓", "count": "{n} reports ({groups} agency-years): {store}",
        "version_line": "#{id} {latest}· stored {added} · {origin} · {reader} · {path}",
        "latest_word": "latest ", "sha": "sha256: {sha}",
        "figures_of": "Figures of #{id} (empty = not found in the report or unreadable):",
        "removed": "Removed {n} reports from the history",
        "remove_nothing": "Give the ids to remove (the “id” of history list), or both --agency and --year",
        "unknown_ids": "No such ids in the history: {ids}",
        "written": "Data written to {path}",
        "import_unreadable": "Cannot read {path}: {detail}",
        "import_no_columns": "{path} is not a CSV written by govinfo-check extract: no {missing} column",
        "import_unknown_columns": "{path} has unknown columns: {columns} (expected those of extract --format csv)",
        "import_bad_value": "{path} line {line}, column “{column}”: {value} is not a number; nothing was imported",
        "import_bad_year": "{path} line {line}: the year {value} is not a year; nothing was imported",
        "imported": "Imported {added} reports from {path} ({refreshed} already there, refreshed) into {store}",
        "unknown_format": "Unknown export format {value}; use one of {allowed}",
        "needs_output": "--format {format} is a binary format; give an output file with -o",
        "bad_jobs": "--jobs must be an integer of at least 1: {value}",
        "origin_add": "history add", "origin_check": "check --record", "origin_import": "import",
    },
}


def msg(key: str, lang: str = "zh", /, **args: Any) -> str:
    table = MESSAGES["en" if lang == "en" else "zh"]
    return table[key].format(**args) if args else table[key]


def both(key: str, /, **args: Any) -> dict[str, str]:
    """The message in every language (a finding's argument that the engine localises)."""
    return {lang: msg(key, lang, **args) for lang in MESSAGES}

"""The page's words and the API's error messages, in Chinese (default) and English."""

from __future__ import annotations

from typing import Any

PAGE: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政府信息公开工作年度报告检查",
        "lead": "把报告文件拖到下面，或点击选择文件（可一次选多个）。文件只在本机检查，不会发送到互联网。",
        "drop": "把报告拖到这里，或点击选择文件",
        "types": "可检查的文件类型：{types}；单次上传不超过 {mb} MB",
        "uploading": "正在上传 {pct}%",
        "checking": "正在检查 {n} 个文件… 已用 {s} 秒",
        "done": "检查完成，用时 {s} 秒",
        "download": "下载批注副本（.docx）",
        "downloading": "正在生成批注副本…",
        "downloaded": "已下载：{name}",
        "again": "再检查一次",
        "again_hint": "清除本页的结果和文件，重新开始",
        "too_large": "文件合计 {size} MB，超过单次上传上限 {mb} MB，请分开上传。",
        "empty": "文件 {name} 是空的（0 字节）。",
        "network": "连接本机服务失败（服务是否已停止？）",
        # as the text report says it: errors fail a file; warnings and notes alone do not
        "status_ok": "通过", "status_fail": "未通过", "status_notes": "有提示", "status_error": "无法读取",
        "counts": "{errors} 个错误，{warnings} 个警告，{infos} 个提示",
        "files": "文件",
        "report": "检查结果",
        "other_lang": "English",
        "other_lang_code": "en",
        "html_lang": "zh-CN",
    },
    "en": {
        "title": "Annual report check (government information disclosure)",
        "lead": "Drop your report files below, or click to choose them (several at once). The files are "
                "checked on this computer only; nothing is sent to the internet.",
        "drop": "Drop reports here, or click to choose files",
        "types": "File types checked: {types}; at most {mb} MB per upload",
        "uploading": "Uploading {pct}%",
        "checking": "Checking {n} file(s)… {s} s",
        "done": "Checked in {s} s",
        "download": "Download the annotated copy (.docx)",
        "downloading": "Writing the annotated copy…",
        "downloaded": "Downloaded: {name}",
        "again": "Check again",
        "again_hint": "Clear the results and files from this page and start over",
        "too_large": "The files add up to {size} MB, over the {mb} MB upload limit: upload them separately.",
        "empty": "The file {name} is empty (0 bytes).",
        "network": "Could not reach the local server (has it been stopped?)",
        "status_ok": "pass", "status_fail": "fail", "status_notes": "notes only", "status_error": "unreadable",
        "counts": "{errors} errors, {warnings} warnings, {infos} notes",
        "files": "Files",
        "report": "Results",
        "other_lang": "中文",
        "other_lang_code": "zh",
        "html_lang": "en",
    },
}

ERRORS: dict[str, dict[str, str]] = {
    "zh": {
        "too_large": "上传内容超过 {mb} MB 上限",
        "bad_length": "请求头 Content-Length 无效：{value}",
        "bad_form": "无法解析上传内容（应为 multipart/form-data）：{detail}",
        "no_file": "请求中没有名为 file 的文件字段（收到的字段：{fields}）",
        "not_a_file": "字段 file 应为上传的文件，而不是文本",
        "empty_upload": "上传的文件 {name} 是空的（0 字节）",
        "one_file": "批注一次只处理一个文件，收到 {n} 个",
        "not_annotatable": "无法为 {name} 生成批注副本：{reason}",
        "bad_lang": "未知的语言 {value}，可用：zh、en",
        "host": "不允许的主机名 {host}",
        "internal": "服务内部错误：{detail}",
        "not_found": "没有这个地址：{path}",
        "stopping": "服务正在停止，检查未完成",
    },
    "en": {
        "too_large": "The upload is over the {mb} MB limit",
        "bad_length": "Invalid Content-Length header: {value}",
        "bad_form": "Could not parse the upload (expected multipart/form-data): {detail}",
        "no_file": "No file field named 'file' in the request (fields received: {fields})",
        "not_a_file": "The field 'file' must be an uploaded file, not text",
        "empty_upload": "The uploaded file {name} is empty (0 bytes)",
        "one_file": "Annotation takes one file at a time; got {n}",
        "not_annotatable": "Cannot write an annotated copy of {name}: {reason}",
        "bad_lang": "Unknown language {value}; use zh or en",
        "host": "Host name not allowed: {host}",
        "internal": "Internal server error: {detail}",
        "not_found": "No such address: {path}",
        "stopping": "The server is stopping; the check was not finished",
    },
}

CONSOLE: dict[str, dict[str, str]] = {
    "zh": {
        "listening": "govinfo-check 页面已启动：{url}  （按 Ctrl-C 停止）",
        "exposed": "警告：服务绑定在 {host}，同一网络中的其他计算机也能访问并上传文件。只在本机使用时请用默认的 127.0.0.1。",
        "port_busy": "无法在 {host}:{port} 启动服务：{detail}（换一个端口：--port）",
        "stopped": "govinfo-check 页面已停止。",
    },
    "en": {
        "listening": "govinfo-check page running at {url}  (Ctrl-C to stop)",
        "exposed": "Warning: the server is bound to {host}: other computers on the network can reach it and "
                   "upload files. Use the default 127.0.0.1 to keep it on this computer.",
        "port_busy": "Cannot start the server on {host}:{port}: {detail} (choose another port: --port)",
        "stopped": "govinfo-check page stopped.",
    },
}


def error_text(key: str, lang: str, **args: Any) -> str:
    return ERRORS.get(lang, ERRORS["zh"])[key].format(**args)


def console_text(key: str, lang: str, **args: Any) -> str:
    return CONSOLE.get(lang, CONSOLE["zh"])[key].format(**args)

"""Where a run writes, checked before the run: never onto one of its own inputs, never into a folder,
never somewhere it cannot write. Every refusal is a usage error (exit 2) before any file is read,
so an hour-long batch does not end in "cannot write" — or, worse, in a report written over the
document it reports on.

Two paths name the same file when they resolve to the same place (links followed) or, for files
that exist, when they are the same inode (hard links, bind mounts): ``os.path.samefile``.
The notes printed beside a run (links that lead nowhere) are here too: they are about paths.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .atomic import final_target, is_special, is_stdout
from .options import UsageError

# Messages of the keys raised here; commands look here before the text reporter's UI table.
MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "output_is_input": "输出文件是输入之一，不能覆盖被检查的报告：{path}（输入 {input}）",
        "annotate_is_input": "--annotate 的批注副本是输入之一，不能覆盖被检查的报告：{path}",
        "output_is_annotate": "-o 与 --annotate 是同一个文件：{path}",
        "annotate_dir_is_input": "--annotate-dir 与被检查的文件夹相同，批注副本会覆盖原报告：{path}",
        "annotate_unwritable": "无法写入批注副本 {path}：{detail}",
        "broken_links": "已跳过 {n} 个无效的符号链接（目标不存在或循环）：{names}",
        "terminated": "收到终止信号，已停止，未完成的检查已取消",
    },
    "en": {
        "output_is_input": "the output is one of the inputs; a checked report is never overwritten: {path} "
                           "(input {input})",
        "annotate_is_input": "the --annotate copy is one of the inputs; a checked report is never overwritten: {path}",
        "output_is_annotate": "-o and --annotate name the same file: {path}",
        "annotate_dir_is_input": "--annotate-dir is the folder being checked; the copies would overwrite the "
                                 "reports: {path}",
        "annotate_unwritable": "cannot write the annotated copy {path}: {detail}",
        "broken_links": "skipped {n} symbolic links that lead nowhere (missing target or a loop): {names}",
        "terminated": "terminated by a signal; pending checks were cancelled",
    },
}


def message(key: str, lang: str, /, **args: Any) -> str | None:
    table = MESSAGES.get(lang, MESSAGES["zh"])
    return table[key].format(**args) if key in table else None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: compare as written
        return path.absolute()


def same_file(a: Path, b: Path) -> bool:
    """Do ``a`` and ``b`` name one file (same resolved path, or the same inode)?"""
    if _resolved(a) == _resolved(b):
        return True
    ia = _identity(a)
    return ia is not None and ia == _identity(b)


def _matching_input(path: Path, inputs: Sequence[Path]) -> Path | None:
    resolved, ident = _resolved(path), _identity(path)
    for p in inputs:
        if _resolved(p) == resolved or (ident is not None and _identity(p) == ident):
            return p
    return None


def _writable(path: Path, key: str) -> None:
    """Fail before the run, not after it, when ``path`` could not be written."""
    try:
        target = final_target(path)
    except OSError as exc:
        raise UsageError(key, path=path, detail=exc.strerror or exc) from None
    if target.is_dir():
        raise UsageError(key, path=path, detail="is a directory / 是一个目录")
    if is_special(target):  # a device or FIFO is written straight to: it needs only write permission
        if not os.access(target, os.W_OK):
            raise UsageError(key, path=path, detail="permission denied / 没有写权限")
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(key, path=path, detail=exc.strerror or exc) from None
    if not os.access(target.parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(key, path=path, detail="permission denied / 没有写权限")


def check_outputs(inputs: Iterable[Path], *, output: Path | None = None, annotate: Path | None = None,
                  annotate_dir: Path | None = None, annotate_root: Path | None = None) -> None:
    """Refuse (UsageError, exit 2) an output that is one of ``inputs``, ``-o`` and ``--annotate``
    naming one file, an ``--annotate-dir`` that is the folder whose copies it would hold, or a
    place that cannot be written. ``inputs`` are the files the run reads."""
    files = list(inputs)
    if output is not None and not is_stdout(output):
        hit = _matching_input(output, files)
        if hit is not None:
            raise UsageError("output_is_input", path=output, input=hit)
        if annotate is not None and same_file(output, annotate):
            raise UsageError("output_is_annotate", path=output)
        _writable(output, "output_unwritable")
    if annotate is not None:
        if _matching_input(annotate, files) is not None:
            raise UsageError("annotate_is_input", path=annotate)
        _writable(annotate, "annotate_unwritable")
    if annotate_dir is not None and files:
        root = annotate_root
        if root is None:
            root = Path(os.path.commonpath([str(_resolved(p).parent) for p in files]))
        if same_file(annotate_dir, root):
            raise UsageError("annotate_dir_is_input", path=annotate_dir)

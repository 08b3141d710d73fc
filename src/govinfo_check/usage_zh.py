"""The command line's own usage errors (an unknown option, a missing argument, a value that is not a
number) in Chinese, the default language; ``--lang en`` keeps them as the parser writes them.

The parser (typer's copy of click) writes these in English without a translation hook, so the error
line is translated here by pattern; a message no pattern knows is shown as it is. Help headings
("Usage:", "Options") stay as they are: only the lines a user has to act on are translated.
"""

from __future__ import annotations

import re
from typing import IO, Any

# (pattern over the parser's message, Chinese template over its groups); compiled on first use by
# re's own cache: most runs have no usage error to translate
PATTERNS: list[tuple[str, str]] = [
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", "没有选项 {0}（是否想用 {1}？）"),
    (r"^No such option: (\S+)$", "没有选项 {0}"),
    (r"^No such command '(.+?)'\. Did you mean '(.+?)'\?$", "没有命令 {0}（是否想用 {1}？）"),
    (r"^No such command '(.+?)'\.$", "没有命令 {0}"),
    (r"^Missing argument '?(.+?)'?\.(?: .*)?$", "缺少参数 {0}"),
    (r"^Missing option '?(.+?)'?\.(?: .*)?$", "缺少选项 {0}"),
    (r"^Invalid value for (.+?): (.*)$", "{0} 的取值无效：{1}"),
    (r"^Got unexpected extra arguments? \((.*)\)$", "多余的参数：{0}"),
    (r"^Option '(.+?)' requires an argument\.$", "选项 {0} 需要一个取值"),
    (r"^Option '(.+?)' does not take a value\.$", "选项 {0} 不带取值"),
    (r"^Input should be a valid integer.*$", "应为整数"),
    (r"^Input should be a valid number.*$", "应为数字"),
    # typer < 0.29 (click's own type checks) words the same as:
    (r"^'.*' is not a valid int(?:eger)?\.?$", "应为整数"),
    (r"^'.*' is not a valid float\.?$", "应为数字"),
]

_state = {"lang": "zh"}


def translate(message: str) -> str:
    for pattern, template in PATTERNS:
        m = re.match(pattern, message)
        if m:
            return template.format(*(translate(g) if g else g for g in m.groups()))
    return message


def lang_in(argv: list[str]) -> str:
    """The ``--lang`` given on the command line (``--lang en`` / ``--lang=en``), else Chinese."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "zh"


def _show(self: Any, file: IO[Any] | None = None) -> None:
    if _state["lang"] == "en":
        return _ORIGINAL_SHOW(self, file)
    from typer._click.utils import echo

    from typer._click._compat import get_text_stderr

    file = file or get_text_stderr()
    color = None
    if self.ctx is not None:
        color = self.ctx.color
        hint = ""
        if self.ctx.command.get_help_option(self.ctx) is not None:
            hint = f"用 '{self.ctx.command_path} {self.ctx.help_option_names[0]}' 查看用法。\n"
        echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
    echo(f"错误：{translate(self.format_message())}", file=file, color=color)
    return None


try:
    from typer._click import exceptions as _exceptions

    _ORIGINAL_SHOW = _exceptions.UsageError.show
    _exceptions.UsageError.show = _show  # type: ignore[method-assign]
except (ImportError, AttributeError):  # a typer without its own click copy: errors stay English
    pass


def use(lang: str) -> None:
    """The usage errors of this run in ``lang``."""
    _state["lang"] = "en" if lang == "en" else "zh"

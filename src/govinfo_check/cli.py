"""Command line. Parses options into plain objects and hands them on; no logic lives here.

No ``from __future__ import annotations`` here: typer reads every command's signature at each
start, and evaluating string annotations again there costs more than evaluating them once when the
functions are defined.
"""

from pathlib import Path
from typing import Annotated, Any

import typer

from .options import CheckArgs, ExplainArgs, ExtractArgs, RulesArgs

# Help names arguments by their placeholder in words (PATH, CODE), not by a Python type ("<list[Path]>").
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


class _Group(typer.core.TyperGroup):
    """Click's own usage errors in the language of the run (see usage_zh)."""

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        import sys

        from .usage_zh import lang_in, use

        use(lang_in(list(sys.argv[1:] if args is None else args)))
        return super().main(args, *rest, **kwargs)

app = typer.Typer(cls=_Group, add_completion=True, no_args_is_help=True, rich_markup_mode=None,
                  help="检查政府信息公开工作年度报告的勾稽关系 / Consistency checks for government "
                       "information-disclosure annual reports.")

Paths = Annotated[list[Path], typer.Argument(help="报告文件或文件夹 / report files or folders", metavar="PATH",
                                             show_default=False)]
Rules = Annotated[list[Path] | None, typer.Option("--rules", metavar="FILE",
                                                  help="额外的规则文件（可重复）/ extra rule file")]
Config = Annotated[Path | None, typer.Option(
    "--config", metavar="FILE",
    help="配置文件（默认：向上查找最近的 govinfo-check.toml 或 pyproject.toml）/ config file")]
Lang = Annotated[str | None, typer.Option("--lang", metavar="zh|en", help="语言 / message language")]
Glob = Annotated[str | None, typer.Option("--glob", metavar="PATTERN",
                                          help="文件夹中只取匹配的文件，如 '*2024*.docx' / "
                                               "only files matching this pattern in folders")]
Output = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                             help="写入文件 / write the output to this file")]

HistoryPath = Annotated[Path | None, typer.Option(
    "--history", help="历史记录文件（默认：用户数据文件夹）/ the history store (default: the user data folder)")]

# \b keeps click from re-wrapping the lines of an example block
CHECK_EXAMPLES = """\b
示例 / Examples:
  govinfo-check check 报告.docx
  govinfo-check check reports/ --glob '*2024*'
  govinfo-check check reports/ --details
  govinfo-check check reports/ --format concise | grep B-001
  govinfo-check check reports/ --statistics
  govinfo-check check reports/ --format html -o out/report.html
  govinfo-check check reports/ --select B-001 --exit-zero
"""


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"govinfo-check {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                                help="显示版本 / show the version and exit")] = False) -> None:
    pass


@app.command(epilog=CHECK_EXAMPLES)
def check(
    paths: Paths,
    glob: Glob = None,
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                        help="text|concise|json|jsonl|csv|xlsx|sarif|html")] = "text",
    output: Output = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="SEVERITY",
                                                help="error|warning|info (默认/default: error)")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", metavar="CODES",
                                                     help="只检查这些代码或前缀，如 B-001、T3 / only these codes")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="CODES",
                                                     help="不检查这些代码 / skip these codes")] = None,
    rules: Rules = None,
    config: Config = None,
    lang: Lang = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N",
                                             help="并行进程数（默认：全部核心）/ processes")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出报告，不显示进度和提示 / the report only")] = False,
    timeout: Annotated[float | None, typer.Option("--timeout", metavar="SECONDS",
                                                  help="每个文件的时限（秒）/ seconds per file")] = None,
    annotate: Annotated[Path | None, typer.Option("--annotate", metavar="FILE",
                                                  help="单个文件的批注副本 / annotated copy")] = None,
    annotate_dir: Annotated[Path | None, typer.Option("--annotate-dir", metavar="FOLDER",
                                                      help="批注副本目录（只为有问题的报告）/ copies here")] = None,
    annotate_all: Annotated[bool, typer.Option("--annotate-all",
                                               help="没有问题的报告也生成批注副本 / copy clean reports too")] = False,
    details: Annotated[bool, typer.Option("--details", help="文件夹也逐项详细列出 / every finding in full")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="按代码统计问题数 / counts per code")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="有问题也以 0 退出 / exit 0 even with findings")]
    = False,
    show_settings: Annotated[bool, typer.Option("--show-settings",
                                                help="显示所用配置文件和生效的设置 / show the settings in force")]
    = False,
    history: HistoryPath = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="不使用历史记录 / no history store")] = False,
    record: Annotated[bool | None, typer.Option("--record/--no-record", help="把检查的报告存入历史记录 / "
                                                "also store the checked reports in the history")] = None,
) -> None:
    """检查报告 / Check reports."""
    from .commands import check_command

    raise typer.Exit(check_command(CheckArgs(
        paths=paths, glob=glob, format=format, output=output, fail_on=fail_on, select=select, ignore=ignore,
        rules=rules, config=config, lang=lang, jobs=jobs, quiet=quiet, timeout=timeout, annotate=annotate,
        annotate_dir=annotate_dir, details=details, statistics=statistics, exit_zero=exit_zero,
        show_settings=show_settings, annotate_all=annotate_all, history=history, no_history=no_history,
        record=record)))


@app.command()
def extract(
    paths: Paths,
    glob: Glob = None,
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="json|csv|xlsx")] = "json",
    output: Output = None,
    lang: Lang = None,
    config: Config = None,
) -> None:
    """导出表格数据 / Extract the tables' figures as a dataset."""
    from .commands import extract_command

    raise typer.Exit(extract_command(ExtractArgs(paths=paths, glob=glob, format=format, output=output, lang=lang,
                                                 config=config)))


@app.command("rules")
def rules_(rules: Rules = None, config: Config = None, lang: Lang = None) -> None:
    """列出全部规则代码 / List every rule code."""
    from .commands import rules_command

    raise typer.Exit(rules_command(RulesArgs(rules=rules, config=config, lang=lang)))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="规则代码，如 T3-001 / a rule code", metavar="CODE")],
    rules: Rules = None,
    config: Config = None,
    lang: Lang = None,
) -> None:
    """解释一条规则 / Explain one rule."""
    from .commands import explain_command

    raise typer.Exit(explain_command(ExplainArgs(code=code, rules=rules, config=config, lang=lang)))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址（默认只限本机）/ address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口（0 = 任一空闲端口）/ port (0: any free one)")] = 8000,
    no_open: Annotated[bool, typer.Option("--no-open", help="不自动打开浏览器 / do not open the browser")] = False,
    config: Config = None,
    lang: Lang = None,
) -> None:
    """在本机打开检查页面 / Run the checking page on this computer."""
    from .web.server import ServeArgs, serve_command

    raise typer.Exit(serve_command(ServeArgs(host=host, port=port, open_browser=not no_open, config=config,
                                             lang=lang)))


# ---------------------------------------------------------------------------
# history: the store of every report checked (logic in history/commands.py)
# ---------------------------------------------------------------------------

history_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                          help="历史记录：跨年度核对与数据集 / The history store: cross-year checks and the dataset.")
app.add_typer(history_app, name="history")
Agency = Annotated[str | None, typer.Option("--agency", help="机关名称（部分即可）/ agency (part of the name)")]
Year = Annotated[int | None, typer.Option("--year", help="报告年度 / report year")]


def _history(name: str, **kw: object) -> None:
    from .history import commands
    from .options import HistoryArgs

    raise typer.Exit(getattr(commands, f"{name}_command")(HistoryArgs(**kw)))  # type: ignore[arg-type]


@history_app.command("add")
def history_add(paths: Paths, glob: Glob = None, history: HistoryPath = None, config: Config = None,
                lang: Lang = None,
                jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="并行进程数 / processes")] = None,
                quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度 / no progress")] = False) -> None:
    """读取报告并存入历史记录 / Read reports and store their figures."""
    _history("add", paths=paths, glob=glob, history=history, config=config, lang=lang, jobs=jobs, quiet=quiet)


@history_app.command("list")
def history_list(agency: Agency = None, year: Year = None, history: HistoryPath = None, config: Config = None,
                 lang: Lang = None) -> None:
    """列出历史记录中的报告 / List the stored reports."""
    _history("list", agency=agency, year=year, history=history, config=config, lang=lang)


@history_app.command("show")
def history_show(agency: Annotated[str, typer.Argument(help="机关名称 / agency")],
                 year: Annotated[int, typer.Argument(help="报告年度 / report year")],
                 history: HistoryPath = None, config: Config = None, lang: Lang = None) -> None:
    """显示一个机关一个年度的各版本及数字 / Show an agency-year's versions and figures."""
    _history("show", agency=agency, year=year, history=history, config=config, lang=lang)


@history_app.command("remove")
def history_remove(ids: Annotated[list[int] | None, typer.Argument(help="编号（见 history list）/ ids")] = None,
                   agency: Agency = None, year: Year = None, history: HistoryPath = None, config: Config = None,
                   lang: Lang = None) -> None:
    """从历史记录删除报告 / Remove reports from the history."""
    _history("remove", ids=ids or [], agency=agency, year=year, history=history, config=config, lang=lang)


@history_app.command("export")
def history_export(format: Annotated[str, typer.Option("--format", "-f", help="csv|xlsx|json")] = "csv",
                   output: Output = None,
                   all_versions: Annotated[bool, typer.Option("--all-versions", help="包括旧版本 / every version, "
                                                              "not only the latest")] = False,
                   history: HistoryPath = None, config: Config = None, lang: Lang = None) -> None:
    """导出数据集（与 extract 相同的列）/ Export the dataset (extract's columns)."""
    _history("export", format=format, output=output, all_versions=all_versions, history=history, config=config,
             lang=lang)


@history_app.command("import")
def history_import(file: Annotated[Path, typer.Argument(help="extract --format csv 导出的文件 / a CSV from extract")],
                   history: HistoryPath = None, config: Config = None, lang: Lang = None) -> None:
    """导入他人提取的数字（CSV）/ Import figures someone else extracted (CSV)."""
    _history("import", file=file, history=history, config=config, lang=lang)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""Command line. Parses options into plain objects and hands them on; no logic lives here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import CheckArgs, ExplainArgs, ExtractArgs, RulesArgs

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="检查政府信息公开工作年度报告的勾稽关系 / Consistency checks for government "
                       "information-disclosure annual reports.")

Paths = Annotated[list[Path], typer.Argument(help="报告文件或文件夹 / .docx files or folders", metavar="PATH",
                                             show_default=False)]
Rules = Annotated[list[Path] | None, typer.Option("--rules", help="额外的规则文件（可重复）/ extra rule file")]
Config = Annotated[Path | None, typer.Option(
    "--config", help="配置文件（默认：向上查找最近的 govinfo-check.toml 或 pyproject.toml）/ config file")]
Lang = Annotated[str | None, typer.Option("--lang", help="语言 zh|en / message language")]
Glob = Annotated[str | None, typer.Option("--glob", help="文件夹中只取匹配的文件，如 '*2024*.docx' / "
                                                          "only files matching this pattern in folders")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="写入文件 / write the output to this file")]


@app.callback()
def _root() -> None:
    pass


@app.command()
def check(
    paths: Paths,
    glob: Glob = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text|json|jsonl|csv|xlsx|sarif|html")] = "text",
    output: Output = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="error|warning|info (默认/default: error)")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", help="只检查这些代码 / only these codes")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="不检查这些代码 / skip these codes")] = None,
    rules: Rules = None,
    config: Config = None,
    lang: Lang = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="并行进程数（默认：全部核心）/ processes")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度和提示 / no progress or notes")] = False,
    timeout: Annotated[float | None, typer.Option("--timeout", help="每个文件的时限（秒）/ seconds per file")] = None,
    annotate: Annotated[Path | None, typer.Option("--annotate", help="单个文件的批注副本 / annotated copy")] = None,
    annotate_dir: Annotated[Path | None, typer.Option("--annotate-dir", help="批注副本目录 / copies here")] = None,
) -> None:
    """检查报告 / Check reports."""
    from .commands import check_command

    raise typer.Exit(check_command(CheckArgs(
        paths=paths, glob=glob, format=format, output=output, fail_on=fail_on, select=select, ignore=ignore,
        rules=rules, config=config, lang=lang, jobs=jobs, quiet=quiet, timeout=timeout, annotate=annotate,
        annotate_dir=annotate_dir)))


@app.command()
def extract(
    paths: Paths,
    glob: Glob = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json|csv|xlsx")] = "json",
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
    code: Annotated[str, typer.Argument(help="规则代码，如 T3-001 / a rule code")],
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""Command line. Parses options into plain objects and hands them on; no logic lives here."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .options import CheckArgs, ExplainArgs, ExtractArgs, RulesArgs

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="检查政府信息公开工作年度报告的勾稽关系 / Consistency checks for government "
                       "information-disclosure annual reports.")

_RULES_HELP = "额外的规则文件（可重复）/ extra rule file (repeatable)"
_CONFIG_HELP = "配置文件（默认：向上查找最近的 govinfo-check.toml 或 pyproject.toml）/ config file"
_LANG_HELP = "语言 zh|en / message language"


@app.callback()
def _root() -> None:
    pass


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="报告文件或文件夹 / .docx files or folders", show_default=False,
                                  metavar="PATH"),
    glob: Optional[str] = typer.Option(None, "--glob", help="文件夹中只检查匹配的文件，如 '*2024*.docx' "
                                                           "/ only files matching this pattern in folders"),
    format: str = typer.Option("text", "--format", "-f", help="text|json|jsonl|csv|xlsx|sarif|html"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件 / write the report here"),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="error|warning|info (默认/default: error)"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只检查这些代码或前缀 / only these codes"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="不检查这些代码或前缀 / skip these codes"),
    rules: Optional[List[Path]] = typer.Option(None, "--rules", help=_RULES_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=_CONFIG_HELP),
    lang: Optional[str] = typer.Option(None, "--lang", help=_LANG_HELP),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数（默认：全部核心）/ processes"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度和提示 / no progress or notes"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="每个文件的时限（秒，默认 120）/ per-file limit"),
    annotate: Optional[Path] = typer.Option(None, "--annotate", help="单个文件的批注副本 / annotated copy (.docx)"),
    annotate_dir: Optional[Path] = typer.Option(None, "--annotate-dir", help="批注副本目录 / folder for copies"),
) -> None:
    """检查报告 / Check reports."""
    from .runner import check_command

    raise typer.Exit(check_command(CheckArgs(
        paths=paths, glob=glob, format=format, output=output, fail_on=fail_on, select=select, ignore=ignore,
        rules=rules, config=config, lang=lang, jobs=jobs, quiet=quiet, timeout=timeout, annotate=annotate,
        annotate_dir=annotate_dir)))


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="报告文件或文件夹 / .docx files or folders", show_default=False,
                                  metavar="PATH"),
    glob: Optional[str] = typer.Option(None, "--glob", help="文件夹中只取匹配的文件 / pattern in folders"),
    format: str = typer.Option("json", "--format", "-f", help="json|csv|xlsx"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件 / write the dataset here"),
    lang: Optional[str] = typer.Option(None, "--lang", help=_LANG_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=_CONFIG_HELP),
) -> None:
    """导出表格数据 / Extract the tables' figures as a dataset."""
    from .runner import extract_command

    raise typer.Exit(extract_command(ExtractArgs(paths=paths, glob=glob, format=format, output=output, lang=lang,
                                                 config=config)))


@app.command("rules")
def rules_(
    rules: Optional[List[Path]] = typer.Option(None, "--rules", help=_RULES_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=_CONFIG_HELP),
    lang: Optional[str] = typer.Option(None, "--lang", help=_LANG_HELP),
) -> None:
    """列出全部规则代码 / List every rule code."""
    from .runner import rules_command

    raise typer.Exit(rules_command(RulesArgs(rules=rules, config=config, lang=lang)))


@app.command()
def explain(
    code: str = typer.Argument(..., help="规则代码，如 T3-001 / a rule code"),
    rules: Optional[List[Path]] = typer.Option(None, "--rules", help=_RULES_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=_CONFIG_HELP),
    lang: Optional[str] = typer.Option(None, "--lang", help=_LANG_HELP),
) -> None:
    """解释一条规则 / Explain one rule."""
    from .runner import explain_command

    raise typer.Exit(explain_command(ExplainArgs(code=code, rules=rules, config=config, lang=lang)))


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""Command line. Parses options into plain objects and hands them on; no logic lives here."""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="检查政府信息公开工作年度报告的勾稽关系 / Consistency checks for government "
                       "information-disclosure annual reports.")


@app.callback()
def _root() -> None:
    pass


def main() -> None:
    app()

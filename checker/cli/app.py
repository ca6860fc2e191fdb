"""The typer application every command module registers on, and `fail`.

The command modules of checker/cli/ import `app` from here; checker/cli/__init__.py imports
them all, so `checker.cli:main` (the console script) and `from checker.cli import app` see
every command, without an import cycle.
"""
from __future__ import annotations

import typer

from .. import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="法治政府建设年度报告检查与生成工具（fzbg）。",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> None:
    """End the command with a Chinese error message on stderr and exit code 2."""
    typer.echo(f"fzbg: 错误：{message}", err=True)
    raise typer.Exit(code)


def _version(value: bool):
    if value:
        typer.echo(f"fzbg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号"),
):
    """法治政府建设年度报告检查与生成工具。"""

"""The typer application every command module registers on, and `fail`.

The command modules of checker/cli/ import `app` from here; checker/cli/__init__.py imports
them all, so `checker.cli:main` (the console script) and `from checker.cli import app` see
every command, without an import cycle.
"""
from __future__ import annotations

import re
from pathlib import Path

import typer

from .. import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="法治政府建设年度报告检查与生成工具（fzbg）。",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _plain_value(annotation, value, info, param, ctx):
    """The value typer would make of a plain command-line string (str, int, float, Path),
    worked out without pydantic; raises LookupError for anything less plain."""
    if type(value) is annotation and annotation in (str, int, float):  # typed defaults too
        return value
    if annotation is int and type(value) is str and _INT.fullmatch(value):
        return int(value)
    if annotation is float and type(value) is str and _FLOAT.fullmatch(value):
        return float(value)
    if annotation is Path and type(value) is str and info.path_type is None:
        from typer._param_types import coerce_cli_path

        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    raise LookupError


def _coerce_without_pydantic() -> None:
    """typer >= 0.29 converts every option value with a pydantic TypeAdapter: importing
    pydantic and building the adapters is a third of a cold `fzbg check`. Plain values of
    the annotations our commands use (str, int, float, Path and lists of them, without
    parsers or bounds) are converted here the way typer would; anything else, or anything
    that fails, goes to typer's own conversion, so values and messages stay the same.
    A typer without this machinery (older or newer) is left alone."""
    try:
        from typing import get_args, get_origin

        from typer import _coercion, core
    except ImportError:
        return
    original = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or not hasattr(base, "_coerce_value"):
        return

    class _PlainRuntimeParam(base):
        def _coerce_value(self, value, param, ctx):
            info, annotation = self.parameter_info, self.annotation
            try:
                if info.parser is None and info.min is None and info.max is None and not info.clamp:
                    if get_origin(annotation) is list and type(value) in (list, tuple):
                        leaf = get_args(annotation)[0]
                        return [_plain_value(leaf, v, info, param, ctx) for v in value]
                    return _plain_value(annotation, value, info, param, ctx)
            except Exception:
                pass
            runtime = original(self.descriptor)  # typer's own conversion (and message)
            return runtime._coerce_value(value, param=param, ctx=ctx)

    def build(descriptor):
        if descriptor.file_annotation is not None:
            return original(descriptor)
        runtime = _PlainRuntimeParam(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info)
        object.__setattr__(runtime, "descriptor", descriptor)
        return runtime

    core.build_runtime_param = build


_coerce_without_pydantic()


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

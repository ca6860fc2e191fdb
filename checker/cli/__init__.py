"""The fzbg command line, one module per command group, each registering on the typer app
of app.py when imported:

    app.py        the typer app, --version, fail()
    document.py   outline, text
    check.py      check, rules (list, explain), fix
    generate.py   generate, example, schema, skeleton
    extract.py    extract
    serve.py      serve (the local page and the HTTP API of checker/serve/)

This module imports them all (and nothing imports it back), so the console script
`fzbg = "checker.cli:main"` and `from checker.cli import app` see every command. `main`
turns usage and input errors into one Chinese line on stderr with exit code 2.
"""
from __future__ import annotations

import re
import sys

import typer

from ..errors import FzbgError
from .app import app  # noqa: F401  (re-exported: from checker.cli import app)


def _param_name(param) -> str:
    opts = [o for o in (getattr(param, "opts", None) or []) if o.startswith("-")]
    if opts:
        return " / ".join(opts)
    return (getattr(param, "name", None) or "参数").upper()


_VALUE_KINDS = (("integer", "应为整数"), ("number", "应为数字"), ("float", "应为数字"),
                ("boolean", "应为 true 或 false"), ("does not exist", "文件或文件夹不存在"),
                ("is a directory", "是一个文件夹，不是文件"), ("is a file", "是一个文件，不是文件夹"))


def usage_message(exc) -> str:
    """click/typer usage errors (English boxes) as one Chinese line."""
    from typer._click import exceptions as ce

    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if isinstance(exc, ce.NoSuchOption):
        msg = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            msg += f"（是否要用 {'、'.join(sorted(exc.possibilities))}？）"
    elif isinstance(exc, ce.MissingParameter):
        msg = f"缺少{'选项' if getattr(exc.param, 'opts', None) and _param_name(exc.param).startswith('-') else '参数'} {_param_name(exc.param)}"
    elif isinstance(exc, ce.BadParameter):
        name = _param_name(exc.param) if exc.param is not None else "参数"
        detail = next((zh for en, zh in _VALUE_KINDS if en in text.lower()), None)
        msg = f"{name} 的取值无效" + (f"：{detail}" if detail else "")
    elif isinstance(exc, ce.BadOptionUsage):
        if "requires" in text:
            msg = f"选项 {exc.option_name} 后面缺少取值"
        elif "does not take" in text:
            msg = f"选项 {exc.option_name} 不接受取值"
        else:
            msg = f"选项 {exc.option_name} 用法不对"
    elif "unexpected extra argument" in text:
        extra = re.search(r"\(([^()]*)\)\s*$", text)
        msg = "多余的参数" + (f"：{extra.group(1)}" if extra else "")
    elif "No such command" in text:
        name = re.search(r"No such command '(.*)'", text)
        msg = f"没有命令 {name.group(1) if name else ''}".rstrip()
    else:
        msg = "命令行用法不对"
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "fzbg"
    return f"{msg}；用 {path} --help 查看用法"


def main() -> None:
    """The fzbg command: usage and input errors are one Chinese line on stderr, exit 2."""
    from typer._click import exceptions as ce

    try:
        rc = app(standalone_mode=False)
    except FzbgError as exc:
        typer.echo(f"fzbg: 错误：{exc}", err=True)
        sys.exit(2)
    except ce.NoArgsIsHelpError as exc:  # bare "fzbg": the help, as before
        typer.echo(exc.ctx.get_help(), err=True)
        sys.exit(2)
    except ce.UsageError as exc:
        typer.echo(f"fzbg: 错误：{usage_message(exc)}", err=True)
        sys.exit(2)
    except ce.ClickException as exc:
        typer.echo(f"fzbg: 错误：{exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("fzbg: 已中止", err=True)
        sys.exit(1)
    sys.exit(rc if isinstance(rc, int) else 0)


# the commands live in their own modules and register on import
from . import document  # noqa: E402,F401
from . import check  # noqa: E402,F401
from . import generate  # noqa: E402,F401
from . import extract  # noqa: E402,F401
from . import serve  # noqa: E402,F401

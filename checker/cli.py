"""Command line: fzbg outline / text / check / rules / fix / generate / skeleton / example / schema / extract."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Optional

import typer

from .cli_app import app, fail
from .errors import FzbgError, InputError


def _load(path: Path):
    from .api import load

    try:
        return load(path)
    except InputError as exc:
        fail(str(exc))


@app.command()
def outline(
    file: Path = typer.Argument(..., help="报告文件（.docx .txt .md .html .pdf；装有 LibreOffice 时也可 .doc .wps .rtf）"),
    format: str = typer.Option("text", "--format", "-f", help="输出格式：text 或 json"),
):
    """显示报告的结构：标题、主送机关、各部分及各级标题、落款和日期。"""
    from .outline import build_outline
    from .outputs.outline_text import render_outline

    if format not in ("text", "json"):
        fail(f"--format 只能是 text 或 json，不能是 {format}")
    doc = _load(file)
    ol = build_outline(doc)
    if format == "json":
        typer.echo(json.dumps(ol.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_outline(ol, sys.stdout)


@app.command()
def text(file: Path = typer.Argument(..., help="报告文件")):
    """显示检查器读到的文字：一段一行，自动编号已还原，修订按接受后显示，表格单元格以 Tab 分隔。"""
    from .outputs.safe import printable

    doc = _load(file)
    out = []
    row_key = None
    row_cells: list[str] = []

    def flush_row():
        if row_cells:
            out.append("\t".join(row_cells))
            row_cells.clear()

    for b in doc.blocks:
        t = printable(b.text.replace("\n", " "))  # control characters shown escaped
        if b.in_table:
            key = (b.table, b.row)
            if key != row_key:
                flush_row()
                row_key = key
            while len(row_cells) <= (b.cell or 0):
                row_cells.append("")
            row_cells[b.cell or 0] = (row_cells[b.cell or 0] + " " + t).strip() if row_cells[b.cell or 0] else t
            continue
        flush_row()
        row_key = None
        out.append(t)
    flush_row()
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


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


# the other commands live in their own modules and register on import
from . import cli_check  # noqa: E402,F401
from . import cli_generate  # noqa: E402,F401
from . import cli_extract  # noqa: E402,F401
from . import cli_serve  # noqa: E402,F401

"""fzbg outline / text / format-profile: what the checker reads from a document, shown as
its outline, as plain text, or (for a format template) as the format it enforces."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..errors import InputError
from .app import app, fail


def _load(path: Path):
    from ..api import load

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
    from ..outline import build_outline
    from ..outputs.outline_text import render_outline

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
    from ..outputs.safe import printable

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


@app.command("format-profile")
def format_profile(
    file: Path = typer.Argument(..., help="格式模板（.docx）"),
    format: str = typer.Option("text", "--format", "-f", help="输出格式：text、json"),
):
    """显示从格式模板读到的格式要求（fzbg check --format-from 将据此检查）。"""
    from ..engine import load_format_profile
    from ..errors import FzbgError
    from ..formatspec import describe, describe_text

    if format not in ("text", "json"):
        fail(f"--format 只能是 text 或 json，不能是 {format}")
    try:
        spec = load_format_profile(file)
    except FzbgError as exc:
        fail(str(exc))
    if format == "json":
        typer.echo(json.dumps(describe(spec), ensure_ascii=False, indent=2))
    else:
        typer.echo(describe_text(spec))

"""fzbg generate / example / schema / skeleton."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .cli_app import app, fail
from .errors import FzbgError


def _check_output(out: Path, force: bool) -> None:
    """Before any work: the output must be a .docx and not overwrite without --force."""
    if out.suffix.lower() != ".docx":
        fail(f"{out}：输出文件应以 .docx 结尾")
    if out.exists() and not force:
        fail(f"{out}：文件已存在；如需覆盖请加 --force")


def _write(out: Path, data: bytes) -> None:
    from .fsio import write_atomic

    try:
        write_atomic(out, data)
    except OSError as exc:
        fail(f"{out}：无法写入（{exc.strerror or exc}）")


@app.command()
def generate(
    input: Path = typer.Argument(..., help="输入文件（.yaml/.yml 或 .json，格式见 fzbg example）"),
    output: Path = typer.Option(..., "--output", "-o", help="生成的 .docx"),
    template: Optional[str] = typer.Option(None, "--template", "-t", help="模板：government、department 或自己的 .docx 模板路径；默认按 reporter_kind"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
):
    """由结构化内容生成符合规定提纲和 GB/T 9704 格式的报告（.docx）。"""
    from .generator import generate_bytes

    _check_output(output, force)
    try:
        data = generate_bytes(input, template=template)
    except FzbgError as exc:
        fail(str(exc))
    _write(output, data)
    typer.echo(f"已生成 {output}")


@app.command()
def example():
    """输出一份完整的输入示例（YAML），可在此基础上修改。"""
    from .data import templates_dir

    typer.echo((templates_dir() / "example.yaml").read_text(encoding="utf-8"), nl=False)


@app.command()
def schema():
    """输出输入格式的 JSON Schema（供编辑器和 OA 系统校验）。"""
    from .generator.schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def skeleton(
    reporter: str = typer.Option(..., "--reporter", help="报告单位，如“青溪县”“青溪县司法局”"),
    year: int = typer.Option(..., "--year", help="报告年度"),
    kind: str = typer.Option("government", "--kind", help="government（政府）或 department（部门）"),
    output: Path = typer.Option(..., "--output", "-o", help="生成的 .docx"),
    template: Optional[str] = typer.Option(None, "--template", "-t", help="模板：government、department 或 .docx 路径"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
):
    """生成带写作提示的空白报告框架：五个部分、标准标题、每部分应写的内容（【待补充】）。"""
    from .generator import render, template_path
    from .generator.skeleton import skeleton_context

    if kind not in ("government", "department"):
        fail("--kind 只能是 government 或 department")
    if not 2000 <= year <= 2100:
        fail("--year 应为四位年份，如 2024")
    _check_output(output, force)
    try:
        data = render(skeleton_context(reporter.strip(), year, kind), template_path(template, kind))
    except FzbgError as exc:
        fail(str(exc))
    _write(output, data)
    typer.echo(f"已生成 {output}（【待补充】处填写完成后，用 fzbg check 检查）")

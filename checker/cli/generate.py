"""fzbg generate / example / schema / skeleton."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .app import app, fail
from ..errors import FzbgError


def _check_output(out: Path, force: bool) -> None:
    """Before any work: the output must be a .docx and not overwrite without --force."""
    if out.suffix.lower() != ".docx":
        fail(f"{out}：输出文件应以 .docx 结尾")
    if out.exists() and not force:
        fail(f"{out}：文件已存在；如需覆盖请加 --force")


def _write(out: Path, data: bytes) -> None:
    from ..fsio import write_atomic

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
    from ..generator import generate_bytes

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
    from ..data import templates_dir

    typer.echo((templates_dir() / "example.yaml").read_text(encoding="utf-8"), nl=False)


@app.command()
def schema():
    """输出输入格式的 JSON Schema（供编辑器和 OA 系统校验）。"""
    from ..generator.schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command()
def skeleton(
    reporter: Optional[str] = typer.Option(None, "--reporter", help="报告单位，如“青溪县”“青溪县司法局”；用 --from 时默认取去年报告的单位"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度；用 --from 时默认为去年报告的年度加一"),
    kind: Optional[str] = typer.Option(None, "--kind", help="government（政府，默认）或 department（部门）；用 --from 时默认同去年"),
    output: Path = typer.Option(..., "--output", "-o", help="生成的 .docx"),
    template: Optional[str] = typer.Option(None, "--template", "-t", help="模板：government、department 或 .docx 路径"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
    previous: Optional[Path] = typer.Option(None, "--from", help="去年的报告：年度顺延，去年的安排和不足逐项列为【待补充】，供说明落实情况"),
):
    """生成带写作提示的空白报告框架：五个部分、标准标题、每部分应写的内容（【待补充】）。"""
    from ..generator import render, template_path
    from ..generator.schema import plain_text
    from ..generator.skeleton import skeleton_context, skeleton_from_previous

    if reporter is not None:
        reporter = reporter.strip()
        if not reporter:
            fail("--reporter 不能为空：应为报告单位，如“青溪县”“青溪县司法局”")
        if len(reporter) > 100:
            fail("--reporter 过长：应为报告单位的名称，如“青溪县”")
        try:
            plain_text(reporter)
        except ValueError as exc:
            fail(f"--reporter {exc}")
    if kind is not None and kind not in ("government", "department"):
        fail("--kind 只能是 government 或 department")
    if year is not None and not 2000 <= year <= 2100:
        fail("--year 应为四位年份，如 2024")
    if previous is None and (reporter is None or year is None):
        fail("请给出 --reporter 和 --year，或用 --from 指定去年的报告")
    _check_output(output, force)
    if previous is not None and output.resolve() == previous.resolve():
        fail(f"{output}：不能覆盖去年的报告")
    try:
        if previous is not None:
            from ..api import load
            from ..generator.extract import extract

            last = extract(load(previous))
            if reporter is None and "reporter" not in last:
                fail(f"{previous}：识别不出报告单位，请用 --reporter 指定")
            if year is None and "report_year" not in last:
                fail(f"{previous}：识别不出报告年度，请用 --year 指定新报告的年度")
            kind = kind or last.get("reporter_kind", "government")
            context = skeleton_from_previous(last, year, reporter, kind)
        else:
            kind = kind or "government"
            context = skeleton_context(reporter, year, kind)
        data = render(context, template_path(template, kind))
    except FzbgError as exc:
        fail(str(exc))
    _write(output, data)
    typer.echo(f"已生成 {output}（【待补充】处填写完成后，用 fzbg check 检查）")

"""fzbg extract: the generator's input (YAML or JSON) filled from a real draft."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .app import app, fail
from ..errors import InputError


def dump_yaml(data: dict) -> str:
    """YAML a drafter can edit: keys in the schema's order, Chinese as is, paragraphs of
    a multi-paragraph text as a literal block."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper, value):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


@app.command()
def extract(
    file: Path = typer.Argument(..., help="报告草稿（.docx .txt .md .html .pdf；装有 LibreOffice 时也可 .doc .wps .rtf）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写出的输入文件（.yaml/.yml 或 .json）；不给时输出到屏幕"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
):
    """从已有报告中提取 fzbg generate 的输入内容（单位、年度、各部分、不足和原因、安排、落款），无法归类的放入 notes。"""
    from ..api import load
    from ..generator.extract import extract as do_extract

    if output is not None:
        if output.suffix.lower() not in (".yaml", ".yml", ".json"):
            fail(f"{output}：输出文件应以 .yaml、.yml 或 .json 结尾")
        from ..fsio import same_file

        if output.exists() and (output.resolve() == file.resolve() or same_file(output, file)):
            fail(f"{output}：不能覆盖被提取的文件")
        if output.exists() and not force:
            fail(f"{output}：文件已存在；如需覆盖请加 --force")
    try:
        data = do_extract(load(file))
    except InputError as exc:
        fail(str(exc))
    if output is not None and output.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        text = dump_yaml(data)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        from ..fsio import write_atomic

        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        fail(f"{output}：无法写入（{exc.strerror or exc}）")
    notes = len(data.get("notes", []))
    typer.echo(f"已写入 {output}" + (f"（{notes} 条备注见 notes，请核对）" if notes else "") + "；修改后可用 fzbg generate 生成报告")

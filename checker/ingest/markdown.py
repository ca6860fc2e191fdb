"""Markdown (.md) through markdown-it-py.

Each heading, paragraph line, list item and table row becomes a block. Lines joined by
a soft break are kept as separate blocks: drafters who write Markdown by hand put one
paragraph on a line, and "二、……" on its own line is a new paragraph to them. Ordered
list items get their number back ("1. 深入……" stays "1.深入……" as typed).
"""
from __future__ import annotations

from markdown_it import MarkdownIt

from ..model import Block, Document
from .text import decode

_MD = MarkdownIt("commonmark").enable("table")


def _inline_lines(token) -> list[str]:
    lines = [""]
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type == "image":
            lines[-1] += child.content
        elif child.type == "html_inline":
            continue
    return lines


def read_md(data: bytes, path: str) -> Document:
    text, enc = decode(data, path)
    tokens = _MD.parse(text)
    blocks: list[Block] = []
    prefix = ""  # list label waiting for the first line of a list item
    heading_level = None
    row: list[str] | None = None
    row_line = 0
    table_no = -1
    row_no = 0
    list_stack: list[list] = []  # [ordered, next number, delimiter]

    def add(text_, line, **kw):
        if text_.strip():
            blocks.append(Block(index=len(blocks), text=text_, line=line, **kw))

    for tok in tokens:
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading_level = None
        elif tok.type in ("ordered_list_open", "bullet_list_open"):
            start = int(tok.attrGet("start") or 1)
            list_stack.append([tok.type == "ordered_list_open", start, tok.markup or "."])
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            list_stack.pop()
        elif tok.type == "list_item_open":
            if list_stack and list_stack[-1][0]:
                number = tok.info or str(list_stack[-1][1])
                prefix = f"{number}{tok.markup or list_stack[-1][2]}"
                list_stack[-1][1] += 1
            else:
                prefix = ""
        elif tok.type == "table_open":
            table_no += 1
            row_no = 0
        elif tok.type == "tr_open":
            row = []
            row_line = (tok.map[0] + 1) if tok.map else 0
        elif tok.type == "tr_close":
            for c, cell_text in enumerate(row or []):
                add(cell_text, row_line, table=table_no, row=row_no, cell=c)
            row_no += 1
            row = None
        elif tok.type == "inline":
            first_line = (tok.map[0] + 1) if tok.map else 0
            lines = _inline_lines(tok)
            if row is not None:
                row.append(" ".join(x for x in lines if x))
                continue
            for i, line_text in enumerate(lines):
                if i == 0 and prefix:
                    line_text = prefix + line_text
                    prefix = ""
                add(line_text, first_line + i,
                    outline_level=heading_level if heading_level and heading_level <= 4 else None)
    return Document(path=path, format="md", blocks=blocks, encoding=enc, raw=data)

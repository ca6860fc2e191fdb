"""The one Document shape every reader returns and every rule reads.

A Document is a list of Blocks in reading order. A block is one paragraph of the
body (or one paragraph inside a table cell). Its ``text`` is what a reader of the
draft sees, including a numbering label that Word renders automatically; ``label``
holds that rendered label separately so that fixes and annotations can map offsets
back to the runs of the source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, eq=False)  # blocks compare by identity
class Block:
    index: int  # paragraph index in body order (0-based, table cell paragraphs included)
    text: str  # visible text: rendered numbering label + paragraph text
    line: int = 0  # 1-based line shown to users: source line for text formats, index+1 for docx
    label: str = ""  # numbering label produced by Word automatic numbering ("一、"), "" if none
    style_id: str | None = None
    style_name: str | None = None
    outline_level: int | None = None  # 1-based heading level from style / outlineLvl
    table: int | None = None  # table ordinal when inside a table
    row: int | None = None
    cell: int | None = None
    element: Any = field(default=None, repr=False)  # underlying lxml element (docx, html)

    @property
    def in_table(self) -> bool:
        return self.table is not None

    def cell_ref(self) -> dict | None:
        if self.table is None:
            return None
        return {"table": self.table, "row": self.row, "cell": self.cell}


@dataclass
class Revision:
    """One tracked change left in a .docx (the blocks hold the accepted view)."""
    kind: str  # insertion | deletion | move | formatting
    paragraph: int | None  # index of the block it sits in; None when not in a body paragraph
    author: str | None = None
    date: str | None = None
    text: str = ""  # the inserted / deleted / moved text ("" for formatting)


@dataclass
class Comment:
    """One comment (批注) left in a .docx."""
    paragraph: int | None  # index of the block it is anchored to; None when unanchored
    author: str | None = None
    date: str | None = None
    text: str = ""


@dataclass
class Document:
    path: str  # display name of the input ("<bytes>" when read from memory)
    format: str  # docx, txt, md, html, pdf (a converted .doc/.wps/.rtf is docx)
    blocks: list[Block]
    encoding: str | None = None  # text formats: the encoding used to decode
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    parts: dict[str, Any] = field(default_factory=dict, repr=False)  # docx: parsed XML parts
    raw: bytes | None = field(default=None, repr=False)  # the input bytes, never written back
    revisions: list[Revision] = field(default_factory=list)  # docx: tracked changes still in the file
    comments: list[Comment] = field(default_factory=list)  # docx: comments still in the file
    layout: dict[str, Any] | None = None  # pdf: page size, body text area, body font size (see ingest/pdf.py)
    converted_from: str | None = None  # "doc" / "wps" / "rtf": read as the .docx LibreOffice made of it

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

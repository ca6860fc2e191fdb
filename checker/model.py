"""The one Document shape every reader returns and every rule reads.

Everything a rule needs from the file is here as plain data (no XML objects): for a
.docx, the resolved formatting of each paragraph (``Block.format``) and of its text
(``Block.spans``: East Asian font as Word shows it, theme fonts resolved, size, bold),
page setup per section (``Document.sections``), headers, footers, footnotes and
endnotes (``Document.stories``), tracked changes and comments. Text formats leave
these empty, so format rules stay quiet on them.

A Document is a list of Blocks in reading order. A block is one paragraph of the
body (or one paragraph inside a table cell). Its ``text`` is what a reader of the
draft sees, including a numbering label that Word renders automatically; ``label``
holds that rendered label separately so that fixes and annotations can map offsets
back to the runs of the source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    """Resolved run formatting of block.text[start:end] (label included in offsets)."""
    start: int
    end: int
    font: str | None = None  # East Asian face as Word shows it (theme fonts resolved); None: not set
    size: float | None = None  # points
    bold: bool = False
    theme: str | None = None  # the theme slot the face came from ("minorEastAsia"), None when named


@dataclass(slots=True)
class ParagraphFormat:
    """Resolved paragraph formatting (direct, then style chain, then document defaults)."""
    align: str | None = None  # left, center, right, both, distribute (None: left)
    first_line_chars: int | None = None  # hundredths of a character (200 = two characters)
    first_line: int | None = None  # twips; negative for a hanging indent
    left: int | None = None  # twips
    line: int | None = None  # spacing: 240ths of a line (auto) or twips (exact, atLeast)
    line_rule: str | None = None  # auto, exact, atLeast
    snap_to_grid: bool = True


@dataclass(slots=True)
class Section:
    """Page setup of one section, in twips (1/1440 inch) as Word stores it."""
    width: int | None = None
    height: int | None = None
    margins: dict = field(default_factory=dict)  # top, bottom, left, right
    grid_type: str | None = None  # docGrid: lines, linesAndChars, snapToChars; None: no grid
    line_pitch: int | None = None  # docGrid linePitch (twips)
    title_page: bool = False  # a different first-page header/footer
    footers: dict = field(default_factory=dict)  # type (default, even, first) -> index in Document.stories
    headers: dict = field(default_factory=dict)


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
    textbox: bool = False  # docx: the paragraph sits in a text box or shape
    section: int = 0  # docx: index in Document.sections
    format: ParagraphFormat | None = field(default=None, repr=False)  # docx: resolved paragraph formatting
    spans: list[Span] = field(default_factory=list, repr=False)  # docx: resolved run formatting
    fields: list[str] = field(default_factory=list, repr=False)  # docx: field names in it ("PAGE")

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
class Story:
    """A header, footer, footnote or endnote: read apart from the body text."""
    kind: str  # header, footer, footnote, endnote
    blocks: list[Block]
    type: str | None = None  # headers/footers: default (odd pages), even, first
    part: str = ""  # the package part it came from

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass
class Document:
    path: str  # display name of the input ("<bytes>" when read from memory)
    format: str  # docx, txt, md, html, pdf (a converted .doc/.wps/.rtf is docx)
    blocks: list[Block]
    encoding: str | None = None  # text formats: the encoding used to decode
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # docx: page setup, in body order
    stories: list[Story] = field(default_factory=list)  # docx: headers, footers, footnotes, endnotes
    even_and_odd_headers: bool = False  # docx: settings.xml evenAndOddHeaders
    theme_fonts: dict[str, str] = field(default_factory=dict)  # docx: theme slot -> East Asian face
    raw: bytes | None = field(default=None, repr=False)  # the input bytes, never written back
    revisions: list[Revision] = field(default_factory=list)  # docx: tracked changes still in the file
    comments: list[Comment] = field(default_factory=list)  # docx: comments still in the file
    layout: dict[str, Any] | None = None  # pdf: page size, body text area, body font size (see ingest/pdf.py)
    converted_from: str | None = None  # "doc" / "wps" / "rtf": read as the .docx LibreOffice made of it

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

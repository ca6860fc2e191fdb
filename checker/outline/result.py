"""What the outline returns: the Outline (front matter, parts, end matter, the report's
facts, and what each block is) with its Sections and Headings."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Block, Document
from .text import first_sentence, short, WS


@dataclass
class Heading:
    block: Block
    level: int
    label: str  # the label as it appears ("一、", "(一)", "1.")
    number: int | None  # numeric value of the label
    text: str  # heading text without the label, up to the end of its first sentence
    body_start: int  # offset in block.text where the body starts (len(text) when whole)
    source: str  # typed | numbering | style
    start: int  # offset in block.text where the label starts (after leading spaces)
    children: list["Heading"] = field(default_factory=list)
    parent: "Heading | None" = field(default=None, repr=False)

    @property
    def line(self) -> str:
        return self.label + self.text

    @property
    def run_in(self) -> bool:
        return self.body_start < len(self.block.text.rstrip())

    def path(self) -> str:
        parts = []
        node: Heading | None = self
        while node is not None:
            parts.append(short(node.line))
            node = node.parent
        return " > ".join(reversed(parts))

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "heading": self.text,
            "level": self.level,
            "paragraph": self.block.index,
            "run_in": self.run_in,
            "body_start": self.body_start,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Section:
    kind: str
    headed: bool
    heading: Heading | None  # None for an unheaded part
    opening: Block  # the heading block or the paragraph that opens the part
    blocks: list[Block] = field(default_factory=list)  # every block of the part, opening included
    children: list[Heading] = field(default_factory=list)

    @property
    def heading_text(self) -> str:
        if self.heading is not None:
            return self.heading.line
        return first_sentence(self.opening.text.strip(WS))

    @property
    def paragraph(self) -> int:
        return self.opening.index

    def body(self) -> list[Block]:
        """The part's blocks after its own heading paragraph."""
        return [b for b in self.blocks if self.heading is None or b is not self.heading.block]

    def child_blocks(self, child: Heading) -> list[Block]:
        """The blocks of a direct child heading, up to the next child."""
        i = self.children.index(child)
        stop = self.children[i + 1].block.index if i + 1 < len(self.children) else None
        return [b for b in self.blocks if b.index >= child.block.index and (stop is None or b.index < stop)]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "headed": self.headed,
            "heading": self.heading_text,
            "paragraph": self.paragraph,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Outline:
    document: Document
    title: str | None = None
    title_blocks: list[Block] = field(default_factory=list)
    addressee: str | None = None
    addressee_block: Block | None = None
    issuer: str | None = None  # an issuer line above a title that does not begin with 关于
    co_issuers: list[str] = field(default_factory=list)  # party organs of a joint report ("中共洛宁县委")
    masthead: str | None = None  # 发文机关标志 ("××县人民政府文件")
    doc_number: str | None = None  # 发文字号 ("×政〔2024〕5号")
    signer: str | None = None  # 签发人
    masthead_blocks: list[Block] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)
    signature: str | None = None
    signature_block: Block | None = None
    date: str | None = None  # as written
    date_value: tuple[int, int, int] | None = None
    date_block: Block | None = None
    sections: list[Section] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)  # every heading, document order
    residue: list[Block] = field(default_factory=list)  # web residue, document order
    reporter: str | None = None
    reporter_kind: str | None = None
    report_year: int | None = None
    report_year_source: str | None = None
    plan_year: int | None = None
    plan_year_source: str | None = None  # heading | text | default
    missing: list[str] = field(default_factory=list)
    heading_by_block: dict[int, Heading] = field(default_factory=dict, repr=False)
    # what each block is (by block index; a block not listed is "body") and which are web
    # residue: the outline's own result, read with role_of / is_residue
    roles: dict[int, str] = field(default_factory=dict, repr=False)
    residue_indexes: set[int] = field(default_factory=set, repr=False)
    _index: tuple | None = field(default=None, repr=False, compare=False)

    def role_of(self, block: Block) -> str:
        """What the block is in the report: title, title_note, issuer, masthead, addressee,
        preamble, heading, body, signature, date, endnote or residue."""
        return self.roles.get(block.index, "body")

    def is_residue(self, block: Block) -> bool:
        """The block is web-page residue (navigation, share buttons, the title again ...)."""
        return block.index in self.residue_indexes

    def heading_on(self, block: Block) -> Heading | None:
        """The heading that this paragraph is (or starts with), if any."""
        return self.heading_by_block.get(block.index)

    def sections_of(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]

    def _lookup(self):
        """(section starts, sections, section ends, heading indexes) for bisection, or
        None where a list is not in document order (then the lookups scan). Rules ask
        for every paragraph: a scan each time made 100k one-line parts quadratic."""
        key = (id(self.sections), len(self.sections), id(self.headings), len(self.headings))
        if self._index is None or self._index[0] != key:
            spans = [(s.blocks[0].index, s.blocks[-1].index, s) for s in self.sections if s.blocks]
            ordered = all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
            marks = [h.block.index for h in self.headings]
            self._index = (key, ([a for a, _b, _s in spans], [s for _a, _b, s in spans], [b for _a, b, _s in spans])
                           if ordered else None, marks if marks == sorted(marks) else None)
        return self._index[1], self._index[2]

    def section_of(self, block: Block) -> Section | None:
        sections, _marks = self._lookup()
        if sections is not None:
            starts, found, ends = sections
            k = bisect_right(starts, block.index) - 1
            return found[k] if k >= 0 and block.index <= ends[k] else None
        for s in self.sections:
            if s.blocks and s.blocks[0].index <= block.index <= s.blocks[-1].index:
                return s
        return None

    def heading_of(self, block: Block) -> Heading | None:
        """The innermost heading whose scope contains the block."""
        _sections, marks = self._lookup()
        found = None
        if marks is not None:
            k = bisect_right(marks, block.index) - 1
            found = self.headings[k] if k >= 0 else None
        else:
            for h in self.headings:
                if h.block.index <= block.index:
                    found = h
                else:
                    break
        if found is None:
            return None
        sec = self.section_of(block)
        if sec is None or (sec.blocks and found.block.index < sec.blocks[0].index):
            return None
        return found

    def path_of(self, block: Block) -> str:
        sec = self.section_of(block)
        if sec is None:
            return {"title": "标题", "title_note": "标题", "addressee": "主送机关", "preamble": "开头", "signature": "落款",
                    "date": "成文日期", "residue": "网页残留"}.get(self.role_of(block), "")
        h = self.heading_of(block)
        if h is not None:
            return h.path()
        return short(sec.heading_text)

    def report_dict(self) -> dict:
        return {
            "reporter": self.reporter,
            "reporter_kind": self.reporter_kind,
            "report_year": self.report_year,
            "plan_year": self.plan_year,
            "title": self.title,
            "addressee": self.addressee,
            "issuer": self.issuer,
            "masthead": self.masthead,
            "doc_number": self.doc_number,
            "signer": self.signer,
            "signature": self.signature,
            "date": self.date,
        }

    def to_dict(self) -> dict:
        doc = self.document
        return {
            "path": doc.path,
            "format": doc.format,
            "converted_from": doc.converted_from,
            "encoding": doc.encoding,
            "report": self.report_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "missing": list(self.missing),
            "residue": [b.index for b in self.residue],
        }

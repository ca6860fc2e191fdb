"""The parts the regulation requires and their kinds (rules/parts.yaml): a part heading
or an unheaded opening paragraph says which part begins; a combined problems-and-plans
part is split."""
from __future__ import annotations

import functools
import re

from ..data import load_yaml
from ..model import Block
from .result import Heading, Outline, Section
from .text import WS


KINDS = ("duty", "measures", "problems", "plans", "other")
KIND_NAMES = {
    "duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "measures": "推进法治政府建设的主要举措和成效",
    "problems": "存在的不足和原因",
    "plans": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}


class _Patterns:
    def __init__(self):
        data = load_yaml("parts.yaml")
        self.order = data["order"]
        self.default = data["default"]
        self.headed = {k: [re.compile(p) for p in v] for k, v in data["headed"].items()}
        self.unheaded = {k: [re.compile(p) for p in v] for k, v in data["unheaded"].items()}


@functools.cache
def patterns() -> _Patterns:
    return _Patterns()


def classify_heading(text: str) -> str:
    p = patterns()
    for kind in p.order:
        if any(rx.search(text) for rx in p.headed.get(kind, ())):
            return kind
    return p.default


def classify_opening(text: str, report_year: int | None) -> str | None:
    """Kind of a part that an unheaded paragraph opens, or None."""
    p = patterns()
    t = text.strip(WS)
    for kind in ("problems", "plans"):
        for rx in p.unheaded.get(kind, ()):
            m = rx.search(t)
            if not m:
                continue
            year = m.groupdict().get("year")
            if year and report_year and int(year) <= report_year:
                continue
            return kind
    return None


def _split_combined(sections: list[Section]) -> list[Section]:
    """A part headed as both problems and plans ("三、存在的问题和下一步工作打算") is split
    at its first child headed as plans ("（二）下一步工作打算")."""
    p = patterns()
    out = []
    for sec in sections:
        out.append(sec)
        if sec.kind != "problems" or sec.heading is None:
            continue
        if not any(rx.search(sec.heading.text) for rx in p.headed["plans"]):
            continue
        idx = next((i for i, c in enumerate(sec.children) if i > 0 and classify_heading(c.text) == "plans"), None)
        if idx is None:
            continue
        child = sec.children[idx]
        at = sec.blocks.index(child.block)
        plans = Section(kind="plans", headed=True, heading=child, opening=child.block,
                        blocks=sec.blocks[at:], children=child.children + sec.children[idx + 1:])
        sec.blocks = sec.blocks[:at]
        sec.children = sec.children[:idx]
        out.append(plans)
    return out


_RANK = {"duty": 0, "measures": 1, "problems": 2, "plans": 3, "other": 4}


def _kind_rank(kind: str) -> int:
    return _RANK[kind]


def build_parts(outline: Outline, body_live: list[Block], headings: list[Heading], top: int | None) -> list[Section]:
    """The parts: each top-level heading or unheaded opening paragraph starts one; blocks
    before the first part are preamble. Each part gets its tree of sub-headings."""
    year = outline.report_year
    sections: list[Section] = []
    heading_by_block = {h.block.index: h for h in headings}
    current: Section | None = None
    for b in body_live:
        if outline.role_of(b) in ("title", "title_note", "addressee", "preamble", "issuer", "masthead", "residue") \
                or outline.is_residue(b):
            continue
        h = heading_by_block.get(b.index)
        if h is not None and h.level == top:
            outline.roles[b.index] = "heading"
            current = Section(kind=classify_heading(h.text), headed=True, heading=h, opening=b)
            sections.append(current)
            current.blocks.append(b)
            continue
        if h is None and not b.in_table and (current is None or current.kind in ("measures", "duty", "problems")):
            kind = classify_opening(b.text, year)
            if kind and (current is None or _kind_rank(kind) > _kind_rank(current.kind)) \
                    and not (current and current.kind == kind):
                current = Section(kind=kind, headed=False, heading=None, opening=b)
                sections.append(current)
        if h is not None:
            outline.roles[b.index] = "heading"
        if current is not None:
            current.blocks.append(b)
        elif outline.role_of(b) == "body":
            outline.roles[b.index] = "preamble"
            outline.preamble.append(b)

    # children trees, per section
    for sec in sections:
        inside = [heading_by_block[b.index] for b in sec.blocks
                  if b.index in heading_by_block and heading_by_block[b.index] is not sec.heading]
        stack: list[Heading] = []
        for h in inside:
            while stack and stack[-1].level >= h.level:
                stack.pop()
            if stack:
                h.parent = stack[-1]
                stack[-1].children.append(h)
            else:
                h.parent = sec.heading
                sec.children.append(h)
            stack.append(h)
    return _split_combined(sections)

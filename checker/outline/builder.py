"""build_outline: the steps of the outline, in order (residue, headings, end matter,
front matter, report year, parts, reporter, plan year)."""
from __future__ import annotations

import re

from ..model import Block, Document
from .end import _end_matter
from .front import _front_matter, _is_title_line
from .headings import detect_heading
from .parts import classify_heading, classify_opening, _kind_rank, KINDS, _split_combined
from .reporter import _own_year_in, reporter_from_name, _reporter_from_preamble, _reporter_from_text, _reporter_from_title, _year_in, _year_without_title
from .residue import is_residue_line, _mark_residue
from .result import Heading, Outline, Section


def build_outline(doc: Document) -> Outline:
    outline = Outline(document=doc)
    blocks = doc.blocks
    _mark_residue(outline, [b for b in blocks if not b.in_table and is_residue_line(b.text)])

    live = [b for b in blocks if not outline.is_residue(b) and b.text.strip()]  # blank lines carry no structure
    headings: list[Heading] = []
    for b in live:
        h = detect_heading(b)
        if h is not None:
            headings.append(h)
    # a title styled as a heading (Markdown "#", Word "Heading 1") is the title, not a part
    if headings and headings[0].source == "style" and headings[0].block in live[:4] \
            and re.search(r"(报告|总结|汇报)$", headings[0].text) and _is_title_line(headings[0].text):
        headings.pop(0)
    # parts are the headings at the shallowest level present
    top = min((h.level for h in headings), default=None)

    first_top = next((h for h in headings if h.level == top), None)
    front_end = first_top.block.index if first_top else None

    # report year from a title candidate, before parts (needed for unheaded openers)
    prelim_year = None
    for b in live[:8]:
        if front_end is not None and b.index >= front_end:
            break
        if _is_title_line(b.text):
            prelim_year = _year_in(b.text)
            if prelim_year:
                break
    if prelim_year is None:
        for h in headings:
            if h.level == top and classify_heading(h.text) != "plans":
                prelim_year = _year_in(h.text)
                if prelim_year:
                    break

    # end matter (signature/date) from the tail of the live blocks
    tail_used = _end_matter(outline, live)
    end_limit = len(live) - tail_used
    body_live = live[:end_limit]

    # front: everything before the first top-level heading; when there is none, the
    # front ends at the first unheaded opener (or holds only the title/addressee)
    front: list[Block] = []
    if front_end is not None:
        front = [b for b in body_live if b.index < front_end]
    else:
        for b in body_live:
            if classify_opening(b.text, prelim_year):
                break
            front.append(b)
    _front_matter(outline, front)

    if outline.title:
        outline.report_year = _year_in(outline.title)
        if outline.report_year:
            outline.report_year_source = "title"
    if outline.report_year is None and prelim_year and first_top is not None:
        outline.report_year = prelim_year
        outline.report_year_source = "heading"
    if outline.report_year is None:
        for b in outline.preamble:
            y = _own_year_in(b.text)
            if y:
                outline.report_year, outline.report_year_source = y, "preamble"
                break
    if outline.report_year is None:
        _year_without_title(outline, headings, top)
    year = outline.report_year

    # parts
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
    sections = _split_combined(sections)
    outline.sections = sections
    in_parts = {b.index for s in sections for b in s.blocks}
    outline.headings = [h for h in headings if h.block.index in in_parts]
    outline.heading_by_block = {h.block.index: h for h in outline.headings}
    outline.residue = [b for b in blocks if b.index in outline.residue_indexes]

    # reporter
    reporter, kind = (None, None)
    if outline.title:
        reporter, kind = _reporter_from_title(outline.title)
    if reporter is None and outline.issuer:
        reporter, kind = reporter_from_name(outline.issuer)
    if reporter is None and outline.signature and outline.signature_block is not None:
        reporter, kind = reporter_from_name(outline.signature)
    if reporter is None:
        who, how = _reporter_from_preamble(outline.preamble)
        reporter, kind = who, kind or how
    if reporter is None or kind is None:
        text_reporter, text_kind = _reporter_from_text("\n".join(b.text for b in live))
        if reporter is None and kind in (None, text_kind):
            reporter = text_reporter  # never a place's name for a department
        if kind is None:
            kind = text_kind or ("government" if reporter else None)
    outline.reporter, outline.reporter_kind = reporter, kind

    # plan year
    plans = outline.sections_of("plans")
    if plans:
        first = plans[0]
        y = _year_in(first.heading.text) if first.heading else None
        if y:
            outline.plan_year, outline.plan_year_source = y, "heading"
        else:
            opener = first.blocks[1] if first.heading and len(first.blocks) > 1 else first.opening
            m = re.match(r"^\s*(20\d\d)\s*年", opener.text)
            if m:
                outline.plan_year, outline.plan_year_source = int(m.group(1)), "text"
    if outline.plan_year is None and year:
        outline.plan_year, outline.plan_year_source = year + 1, "default"

    present = {s.kind for s in sections}
    outline.missing = [k for k in KINDS if k not in present]
    return outline

"""build_outline: the steps of the outline, in order."""
from __future__ import annotations

import re

from ..model import Block, Document
from .end import end_matter
from .front import below_title_line, front_matter, is_title_line
from .headings import detect_heading
from .parts import build_parts, classify_heading, classify_opening, KINDS
from .reporter import find_co_issuers, find_plan_year, find_report_year, find_reporter, year_in
from .residue import mark_residue, page_chunk_markers, residue_lines
from .result import Heading, Outline


def build_outline(doc: Document) -> Outline:
    """The outline of a document: web residue, headings, the end matter (signature, date),
    the front matter (title, addressee, preamble), the report year, the parts, the
    reporter and the plan year. The document is only read."""
    outline = Outline(document=doc)
    blocks = doc.blocks
    mark_residue(outline, residue_lines(blocks))

    live = [b for b in blocks if not outline.is_residue(b) and b.text.strip()]  # blank lines: no structure
    headings = _headings(live)
    # parts are the headings at the shallowest level present
    top = min((h.level for h in headings), default=None)

    first_top = next((h for h in headings if h.level == top), None)
    front_end = first_top.block.index if first_top else None
    prelim_year = _preliminary_year(live, headings, top, front_end)

    # end matter (signature/date) from the tail of the live blocks
    tail_used = end_matter(outline, live)
    end_limit = len(live) - tail_used
    body_live = live[:end_limit]

    front_matter(outline, _front(body_live, front_end, prelim_year))
    if any(outline.is_residue(b) for b in live):
        # the front matter found more residue (a page title above the document's own
        # title): the year must not come from it
        prelim_year = _preliminary_year([b for b in live if not outline.is_residue(b)], headings, top, front_end)
    find_report_year(outline, prelim_year, first_top is not None, headings, top)

    sections = build_parts(outline, body_live, headings, top)
    outline.sections = sections
    in_parts = {b.index for s in sections for b in s.blocks}
    outline.headings = [h for h in headings if h.block.index in in_parts]
    outline.heading_by_block = {h.block.index: h for h in outline.headings}
    outline.residue = [b for b in blocks if b.index in outline.residue_indexes]

    outline.reporter, outline.reporter_kind = find_reporter(outline, live)
    outline.co_issuers = find_co_issuers(outline)
    find_plan_year(outline)

    present = {s.kind for s in sections}
    outline.missing = [k for k in KINDS if k not in present]
    return outline


def _headings(live: list[Block]) -> list[Heading]:
    """Every heading among the live blocks, but a title styled as a heading."""
    headings: list[Heading] = []
    chunks = page_chunk_markers(live)  # a 文库 page's "1、" "2、": not headings
    for b in live:
        h = None if b.index in chunks else detect_heading(b)
        if h is not None:
            headings.append(h)
    # a title styled as a heading (Markdown "#", Word "Heading 1") is the title, not a part
    if headings and headings[0].source == "style" and headings[0].block in live[:4] \
            and re.search(r"(报告|总结|汇报)$", headings[0].text) and is_title_line(headings[0].text):
        headings.pop(0)
    # a numbered list above the title is no part ("2、本站不支持迅雷下载……" on a download page)
    first_part = next((h.block.index for h in headings if h.level == 1), None)
    start = below_title_line(live, {h.block.index for h in headings}, first_part)
    if start is not None:
        headings = [h for h in headings if h.block.index >= start]
    return headings


def _preliminary_year(live: list[Block], headings: list[Heading], top: int | None,
                      front_end: int | None) -> int | None:
    """The report year from a title candidate, before the parts (unheaded openers need it)."""
    prelim_year = None
    for b in live[:8]:
        if front_end is not None and b.index >= front_end:
            break
        if is_title_line(b.text):
            prelim_year = year_in(b.text)
            if prelim_year:
                break
    if prelim_year is None:
        for h in headings:
            if h.level == top and classify_heading(h.text) != "plans":
                prelim_year = year_in(h.text)
                if prelim_year:
                    break

    return prelim_year


def _front(body_live: list[Block], front_end: int | None, prelim_year: int | None) -> list[Block]:
    """The front: everything before the first top-level heading; when there is none, the
    front ends at the first unheaded opener (or holds only the title/addressee)."""
    front: list[Block] = []
    if front_end is not None:
        front = [b for b in body_live if b.index < front_end]
    else:
        for b in body_live:
            if classify_opening(b.text, prelim_year):
                break
            front.append(b)
    return front

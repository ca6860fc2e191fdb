"""Fill the generator's input (schema.ReportInput) from a real draft: fzbg extract.

The outline says where each part, heading and paragraph is; this module turns it into
the generator's data: level-2 headings with their items (level-3 "1.heading。text" ->
{heading, text}), run-in headings -> heading + text, shortcomings with their causes split
where the draft says 主要原因是 / 究其原因 (a shortcoming without a stated cause is
extracted without one), plans, other, signature and date. Whatever cannot be placed
(web residue, tables, text after the date, a missing date) goes into ``notes``, never
dropped. Labels ("一、", "（一）", "1.") are left out: the generator numbers.

Round trip: generate(extract(x)) keeps every paragraph of x's body text in order, and
extract(generate(d)) == d for valid input d in canonical form (title and signature left
out when they are the defaults).
"""
from __future__ import annotations

import datetime as dt
import re

from ..model import Block, Document
from ..outline import Heading, Outline, Section, build_outline, signing_name
from .schema import default_title, official_name

# where a shortcoming's cause analysis starts (rules/outline_terms.yaml cause_terms, as
# a draft opens the sentence that gives them)
_CAUSE_START = re.compile(r"(?:^|(?<=[。；;！？\n]))\s*(?:主要原因是|主要原因在于|原因主要是|原因在于|究其原因|分析原因|产生.{0,6}的原因|主要是由于)")
PLACEHOLDER = "【待补充：{what}】"


def _strip_stop(heading: str) -> str:
    """A heading as the generator takes it: without the stop the generator adds back."""
    return heading[:-1] if heading.endswith("。") else heading


def _lines(blocks: list[Block], outline: Outline) -> list[str]:
    """The text of paragraphs; a part or level-2 heading gives only its run-in body (its
    title is placed as a heading), a deeper heading is kept whole."""
    out = []
    for b in blocks:
        h = outline.heading_on(b)
        t = b.text[h.body_start:] if (h is not None and h.level <= 2) else b.text
        if t.strip():
            out.append(t.strip())
    return out


def _direct(sec: Section, outline: Outline) -> list[Block]:
    """A part's paragraphs before its first level-2 heading (its heading excluded)."""
    first = sec.children[0].block.index if sec.children else None
    head = [sec.heading.block] if sec.heading is not None else []
    return head + [b for b in sec.body() if first is None or b.index < first]


def _section_items(sec: Section, h: Heading, outline: Outline) -> list:
    """Items of a level-2 heading: level-3 headings with their text, paragraphs as text."""
    items: list = []
    blocks = sec.child_blocks(h)
    run_in = h.block.text[h.body_start:].strip()
    if run_in:
        items.append(run_in)
    current = None  # the level-3 item being filled
    for b in blocks[1:]:
        h3 = outline.heading_on(b)
        if h3 is not None and h3.level == 3:
            body = b.text[h3.body_start:].strip()
            current = {"heading": _strip_stop(h3.text.strip()), "text": [body] if body else []}
            items.append(current)
            continue
        if current is not None:
            current["text"].append(b.text.strip())
        elif b.text.strip():
            items.append(b.text.strip())
    out = []
    for it in items:
        if isinstance(it, dict):
            if it["text"]:
                out.append({"heading": it["heading"], "text": "\n".join(it["text"])})
            else:  # a level-3 heading with no text: kept as a paragraph
                out.append(it["heading"] + "。")
        else:
            out.append(it)
    return out


def _content(sections: list[Section], outline: Outline) -> list:
    out: list = []
    for sec in sections:
        out += _lines(_direct(sec, outline), outline)
        for h in sec.children:
            out.append({"heading": _strip_stop(h.text.strip()), "items": _section_items(sec, h, outline)})
    return out


def _split_cause(text: str) -> tuple[str | None, str | None]:
    m = _CAUSE_START.search(text)
    if m is None:
        return text.strip() or None, None
    before, after = text[:m.start()].strip(), text[m.start():].strip()
    return before or None, after or None


def _shortcoming(heading: str, paragraphs: list[str]) -> dict:
    body = "\n".join(paragraphs)
    text, causes = _split_cause(body)
    item = {"heading": heading}
    if text:
        item["text"] = text
    if causes:
        item["causes"] = causes
    return item


def _headed_or_paragraphs(sections: list[Section], outline: Outline, make) -> list[dict]:
    """Items of the problems or plans part: one per level-2 heading; without headings,
    one per paragraph, headed by its first sentence."""
    out = []
    for sec in sections:
        for t in _lines(_direct(sec, outline), outline):
            m = re.search(r"[。！？]", t)
            if m and m.end() < len(t):
                out.append(make(t[:m.start()], [t[m.end():]]))
            else:
                out.append(make(_strip_stop(t), []))
        for h in sec.children:
            out.append(make(_strip_stop(h.text.strip()), _lines(sec.child_blocks(h), outline)))
    return out


def _plan(heading: str, paragraphs: list[str]) -> dict:
    return {"heading": heading, "text": "\n".join(paragraphs) if paragraphs else PLACEHOLDER.format(what="具体措施")}


def _order(outline: Outline) -> str:
    kinds = [s.kind for s in outline.sections]
    if "duty" in kinds and "measures" in kinds and kinds.index("duty") > kinds.index("measures"):
        return "regulation"
    return "duty_first"


def _addressees(text: str | None) -> list[str]:
    if not text:
        return []
    return [a.strip() for a in re.split(r"[、，,]", text.strip().rstrip("：:")) if a.strip()]


def extract(document: Document, outline: Outline | None = None) -> dict:
    """The generator's input (a plain dict, keys in the schema's order) from a draft."""
    ol = outline or build_outline(document)
    notes: list[str] = []
    kind = ol.reporter_kind or "government"
    reporter = ol.reporter
    if kind == "township":
        # the templates know governments and departments: a township government or a street
        # office is filled in as a government under its official name
        kind, reporter = "government", reporter and signing_name(reporter, "township")
    data: dict = {}
    if reporter:
        data["reporter"] = reporter
    else:
        notes.append("未识别出报告单位，请填写 reporter")
    data["reporter_kind"] = kind
    if ol.report_year:
        data["report_year"] = ol.report_year
    else:
        notes.append("未识别出报告年度，请填写 report_year")
    if ol.title and not (reporter and ol.report_year
                         and ol.title == default_title(official_name(reporter, kind), ol.report_year)):
        data["title"] = ol.title
    data["addressees"] = _addressees(ol.addressee)
    preamble = [b.text.strip() for b in ol.preamble if b.text.strip()]
    data["preamble"] = "\n".join(preamble) or PLACEHOLDER.format(what="开头段落")

    for part in ("duty", "measures"):
        content = _content(ol.sections_of(part), ol)
        data[part] = content or [PLACEHOLDER.format(what=f"{_NAMES[part]}")]
    problems = _headed_or_paragraphs(ol.sections_of("problems"), ol, _shortcoming)
    data["problems"] = problems or [{"heading": PLACEHOLDER.format(what="存在的不足")}]
    plans = _headed_or_paragraphs(ol.sections_of("plans"), ol, _plan)
    data["plans"] = plans or [_plan(PLACEHOLDER.format(what="下一年度主要安排"), [])]
    other = _lines([b for s in ol.sections_of("other") for b in s.body()], ol)
    data["other"] = "\n".join(other) or "无。"
    for part in ol.missing:
        notes.append(f"草稿中没有“{_NAMES.get(part, part)}”部分，已留【待补充】")

    if ol.signature and not (reporter and ol.signature == official_name(reporter, kind)):
        data["signature"] = ol.signature
    if ol.date_value:
        try:
            data["date"] = dt.date(*ol.date_value)
        except ValueError:
            notes.append(f"成文日期“{ol.date}”不是有效日期，请填写 date")
    else:
        notes.append("未找到成文日期，请填写 date")
    data["order"] = _order(ol)

    placed = _placed(ol)
    for b in document.blocks:
        if b.index in placed or not b.text.strip():
            continue
        where = "表格" if b.in_table else ("网页残留" if ol.is_residue(b) else "未归入任何部分")
        notes.append(f"第{b.line}行/段（{where}）：{b.text.strip()}")
    if notes:
        data["notes"] = notes
    return data


_NAMES = {"duty": "党政主要负责人履行推进法治建设第一责任人职责情况", "measures": "主要举措和成效",
          "problems": "存在的不足和原因", "plans": "下一年度主要安排", "other": "其他需要报告的情况"}


def _placed(ol: Outline) -> set[int]:
    """Paragraphs the extracted data holds (table cells and residue never are)."""
    placed = {b.index for b in ol.title_blocks + ol.preamble + ol.masthead_blocks}
    for b in (ol.addressee_block, ol.signature_block, ol.date_block):
        if b is not None:
            placed.add(b.index)
    for sec in ol.sections:
        placed |= {b.index for b in sec.blocks if not b.in_table and not ol.is_residue(b)}
    return placed


def body_paragraphs(document: Document, outline: Outline | None = None) -> list[str]:
    """The body text of a draft as the round trip keeps it: the preamble and the parts'
    paragraphs (part headings, tables and residue excluded), labels cut off."""
    ol = outline or build_outline(document)
    out = [b.text.strip() for b in ol.preamble]
    for sec in ol.sections:
        for b in sec.body():
            if b.in_table or ol.is_residue(b):
                continue
            h = ol.heading_on(b)
            t = b.text[h.start + len(h.label):] if h is not None else b.text
            if t.strip():
                out.append(t.strip())
    return out

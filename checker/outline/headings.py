"""Headings at four levels ("一、" / "（一）" / "1." / "（1）"): typed, produced by Word
numbering, or given by heading styles; a heading may run into its paragraph."""
from __future__ import annotations

import re

from ..model import Block
from .result import Heading
from .text import cn_to_int, SENTENCE_END, WS


# label patterns by level; group 1 is the number
LABELS = [
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、，,．.]\s*")),
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)][\s、，,]*")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?![\d．.])\s*")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)][\s、，,]*")),
]


def detect_heading(block: Block) -> Heading | None:
    if block.in_table:
        return None
    raw = block.text
    stripped = raw.lstrip(WS)
    lead = len(raw) - len(stripped)
    if not stripped:
        return None
    for level, pattern in LABELS:
        m = pattern.match(stripped)
        if not m:
            continue
        number = cn_to_int(m.group(1))
        if number <= 0:
            continue
        label = stripped[: m.end()].rstrip(WS)
        rest = stripped[m.end():]
        if not rest.strip(WS):
            continue
        source = "numbering" if block.label and stripped.startswith(block.label.strip(WS)) else "typed"
        return _make_heading(block, level, label, number, rest, lead + m.end(), source, lead)
    # a heading style with no label (Word "Heading 1" / 标题 1 ...)
    if block.outline_level and block.outline_level <= 4 and len(stripped) <= 80:
        return _make_heading(block, block.outline_level, "", None, stripped, lead, "style", lead)
    return None


def _make_heading(block, level, label, number, rest, rest_offset, source, start) -> Heading:
    m = SENTENCE_END.search(rest)
    if m is None or m.end() >= len(rest.rstrip(WS)):
        text = rest.rstrip(WS)
        body_start = len(block.text.rstrip(WS))
    else:
        text = rest[: m.end()]
        body_start = rest_offset + m.end()
    return Heading(block=block, level=level, label=label, number=number, text=text,
                   body_start=body_start, source=source, start=start)

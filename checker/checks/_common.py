"""What several rule families share: the sources they cite, Chinese ordinal numerals,
and the shortcomings and plan items of the problems and plans parts (OUT and CROSS)."""
from __future__ import annotations

import re

from ..data import load_yaml
from ..model import Block
from ..outline import Section


REGULATION = "《法治政府建设与责任落实督察工作规定》（2019）第五章“年度报告”"


def terms_data():
    return load_yaml("outline_terms.yaml")


_LEAD = re.compile(r"(?:主要|具体)?(?:表现在|体现在|表现为|如下|比如|例如|包括)[:：]")


def _items_in_paragraph(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the 一是/二是 items, else the ；-separated items after a lead
    ("主要表现在："), else the paragraph itself."""
    starts = [m.start() for m in re.finditer(r"[一二三四五六七八九十]是", text)
              if m.start() == 0 or text[m.start() - 1] in "。；;：:！？ \u3000"]
    if len(starts) >= 2 or (starts and starts[0] <= 2):
        bounds = starts + [len(text)]
        return [(a, text[a:b]) for a, b in zip(bounds, bounds[1:])]
    lead = _LEAD.search(text)
    offset = lead.end() if lead else 0
    body = text[offset:]
    parts = [p for p in re.split(r"[；;]", body) if p.strip()]
    if len(parts) >= 2:
        out, pos = [], offset
        for p in parts:
            idx = text.find(p, pos)
            out.append((idx, p))
            pos = idx + len(p)
        return out
    return [(offset, body)]


def _first_sentence(text: str) -> str:
    m = re.search(r"[。！？]", text)
    return text[: m.start()] if m else text


def shortcomings(sections: list[Section]):
    """(block, start, end, lead, full text) for each shortcoming of the problems part:
    its lead sentence is what a finding quotes, its full text what is compared."""
    out = []
    for sec in sections:
        if sec.children:
            for h in sec.children:
                start = h.block.text.find(h.text)
                body = "\n".join(b.text for b in sec.child_blocks(h))
                out.append((h.block, h.start, start + len(h.text), h.text, body))
            continue
        for b in sec.body():
            for off, item in _items_in_paragraph(b.text):
                head = _first_sentence(item.strip())
                if len(head) >= 4:
                    start = b.text.find(head, off)
                    out.append((b, start, start + len(head), head, item))
    return out


def plan_items(sections: list[Section]) -> list[str]:
    return [t for _b, t in plan_item_blocks(sections)]


def plan_item_blocks(sections: list[Section]) -> list[tuple[Block, str]]:
    """(block where it starts, text) of each item of the plans part."""
    items = []
    for sec in sections:
        if sec.children:
            items += [(h.block, "\n".join(b.text for b in sec.child_blocks(h))) for h in sec.children]
            continue
        for b in sec.body():
            items += [(b, t) for _o, t in _items_in_paragraph(b.text)]
    return items

# the writing convention the text rules rest on: 公文 are to be 表述准确、文字精炼
WRITING_SOURCE = "《党政机关公文处理工作条例》（2012）第十九条（表述准确，文字精炼）"


ORDINALS = "一二三四五六七八九十"

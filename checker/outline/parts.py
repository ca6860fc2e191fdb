"""The parts the regulation requires and their kinds (rules/parts.yaml): a part heading
or an unheaded opening paragraph says which part begins; a combined problems-and-plans
part is split."""
from __future__ import annotations

import functools
import re

from ..data import load_yaml
from .result import Section
from .text import _WS


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
    t = text.strip(_WS)
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

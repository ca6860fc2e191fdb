"""Web-page residue: lines that rules/residue.yaml knows (navigation, share buttons,
print/close links), marked on the outline."""
from __future__ import annotations

import functools
import re

from ..data import load_yaml
from ..model import Block
from .result import Outline
from .text import WS


@functools.cache
def _residue_patterns():
    data = load_yaml("residue.yaml")
    return data["max_length"], re.compile("|".join(f"(?:{p})" for p in data["patterns"]))


def is_residue_line(text: str) -> bool:
    max_len, pattern = _residue_patterns()
    t = text.strip(WS)
    return len(t) <= max_len and pattern.search(t) is not None


@functools.cache
def _column_names():
    return re.compile(load_yaml("residue.yaml")["column_names"])


def is_column_name(text: str) -> bool:
    """A site's column name alone on a line ("信息公开"): residue above the title."""
    return _column_names().match(text.strip(WS)) is not None


def mark_residue(outline: Outline, blocks: list[Block]) -> None:
    for b in blocks:
        outline.residue_indexes.add(b.index)
        outline.roles[b.index] = "residue"

"""Text helpers and word lists every step of the outline uses: Chinese numerals, folding,
dates and years, the front-matter words of rules/outline_terms.yaml."""
from __future__ import annotations

import functools
import re

from ..data import load_yaml


_CN_NUM = "一二三四五六七八九十"
WS = None  # str.strip(None): every Unicode space (\u3000, \xa0, \u2002 ...)
SENTENCE_END = re.compile(r"[。！？!?；;]")
YEAR = re.compile(r"(20\d\d)\s*年")
DATE_LINE = re.compile(r"^\s*((?:19|20)\d\d|[〇○零一二三四五六七八九]{4})\s*年\s*([0-9０-９〇○一二三四五六七八九十]{1,3})\s*月\s*([0-9０-９〇○一二三四五六七八九十]{1,3})\s*日\s*$")


def cn_to_int(s: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_NUM.index(ch) + 1 if ch in _CN_NUM else 0
    return total + current


def fold(text: str) -> str:
    """Fold full-width ASCII punctuation/digits to half-width and drop spaces."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        out.append(ch)
    return re.sub(r"\s", "", "".join(out))


def short(text: str, n: int = 30) -> str:
    text = text.strip(WS)
    return text if len(text) <= n else text[:n] + "……"


def first_sentence(text: str) -> str:
    m = SENTENCE_END.search(text)
    return text[: m.end()] if m else text


def compact(text: str) -> str:
    return re.sub(r"[\s\u3000的]", "", text)


@functools.cache
def front_terms() -> dict:
    data = load_yaml("outline_terms.yaml")
    return {
        "masthead": {k: [re.compile(p) for p in v] for k, v in data["masthead"].items()},
        "organ": re.compile(data["organ_suffix"]),
        "verbs": data["subject_verbs"],
    }

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
    return [(data["max_length"], re.compile("|".join(f"(?:{p})" for p in data["patterns"]))),
            (data["long_max_length"], re.compile("|".join(f"(?:{p})" for p in data["long_patterns"])))]


# a list bullet before a portal link ("- 设为首页", "· 长者版"): the short link after it
# is matched (a bulleted sentence, "- 无障碍环境建设宣传进社区……", is not a link)
_BULLET = re.compile(r"^(?:[-*]\s+|[·•・]\s*)(?=\S{1,12}$)")


def is_residue_line(text: str) -> bool:
    t = _BULLET.sub("", text.strip(WS))
    return any(len(t) <= max_len and pattern.search(t) is not None for max_len, pattern in _residue_patterns())


# a numbered line of a list ("2、PDF文件下载后……", "3. 本站……")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[、.．]")
# a line of nothing but dashes, bars or dots: a page's separator
_SEPARATOR = re.compile(r"^[-–—|｜·•/\\_=~～]+$")
# the office that posted the page ("政府办文书科", "政策法规科") on a line of its own: a byline
# among the page's furniture at the top (an organ's section is never a report's issuer)
_BYLINE = re.compile(r"^[\u4e00-\u9fff]{2,12}[科股]$")
# an aggregator's item heading ("教育局度法治建设工作报告 篇1") and its page title above it
_ITEM = re.compile(r"\s*[(（【]?\s*篇\s*[0-9一二三四五六七八九十]{1,3}\s*[)）】]?$")


def residue_lines(blocks: list[Block]) -> list[Block]:
    """The blocks that are web residue: each line rules/residue.yaml knows, and by their
    neighbours
    - a numbered list that is a site's tips: the whole run of numbered lines when two of
      them are residue, or one is and the line above the run is ("友情提示" and its list;
      "5、试题试卷类文档……" says nothing about downloads but is one of the tips);
    - a separator line ("-", "|") next to a residue line;
    - a section's byline ("政府办文书科") next to a residue line among the first lines;
    - an aggregator's page title right above its item heading "同名报告 篇1"."""
    lines = [b for b in blocks if not b.in_table and b.text.strip(WS)]
    found = {b.index for b in lines if is_residue_line(b.text)}
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _NUMBERED.match(lines[j].text):
            j += 1
        if j > i:
            run = lines[i:j]
            hits = sum(b.index in found for b in run)
            if hits >= 2 or (hits and i > 0 and lines[i - 1].index in found):
                found.update(b.index for b in run)
        i = j + 1 if j == i else j
    for k, b in enumerate(lines):
        t = b.text.strip(WS)
        near = [lines[n].index for n in (k - 1, k + 1) if 0 <= n < len(lines)]
        if (_SEPARATOR.match(t) or (k < 12 and _BYLINE.match(t))) and any(n in found for n in near):
            found.add(b.index)
        if k and b.index in found and _ITEM.search(t):
            above = lines[k - 1].text.strip(WS)
            if len(above) <= 40 and _same_tail(above, _ITEM.sub("", t)):
                found.add(lines[k - 1].index)
    return [b for b in blocks if b.index in found]


def _same_tail(a: str, b: str) -> bool:
    """Two names that end alike once the figures are dropped ("教育局2023年度法治建设工作报告"
    and "教育局度法治建设工作报告": an aggregator strips the year from its items)."""
    a, b = re.sub(r"\d", "", a), re.sub(r"\d", "", b)
    return len(a) >= 4 and a[-6:] == b[-6:]


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


# a 文库 page prints the shared file page by page, each page's text as one item "N、"
# glued to the text; its first item begins with the document's title
_CHUNK = re.compile(r"^\s*(\d{1,3})\s*、\s*")
_CHUNK_TITLE = re.compile(r"^[^。；;，,：:]{4,60}?(报告|总结|汇报)")


def page_chunk_markers(blocks: list[Block]) -> dict[int, int]:
    """{block index: length of its marker} for a 文库 page's page-chunk markers "1、" "2、"
    … glued to the start of consecutive lines, the first one right before the document's
    title ("1、县教育局2022年法治政府建设年度报告县教育局……"). A report's own first line never
    opens with "1、" and its title, so a real list is not taken."""
    lines = [b for b in blocks if not b.in_table and b.text.strip(WS)]
    out: dict[int, int] = {}
    for k, b in enumerate(lines):
        m = _CHUNK.match(b.text)
        if m is None or int(m.group(1)) != len(out) + 1:
            break
        if not out and not (_CHUNK_TITLE.match(b.text[m.end():]) and "法治" in b.text[m.end():m.end() + 60]):
            break
        out[b.index] = m.end()
    return out

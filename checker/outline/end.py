"""The end matter: the 成文日期, the signature above it, and notes, imprint or
attachments after it."""
from __future__ import annotations

import re

from ..model import Block
from .headings import LABELS
from .reporter import is_party_organ
from .result import Outline
from .text import cn_to_int, DATE_LINE, fold, WS


_AFTER_DATE = re.compile(r"^(?:[（(]此件|抄送|抄报|分送|附件|附表)|印发$")
_APPENDIX = re.compile(r"^(?:附\s*[件表]\s*\d*\s*[:：]?|附\s*[件表]\s*\d*\s*[:：]?.{0,60})$")


def _find_date(tail: list[Block]) -> int | None:
    """The 成文日期: the last date line among the last 16 lines outside tables with only
    notes or the imprint after it, or a date line that a table or an attachment
    (附件, 附表) follows, however long that attachment is."""
    text_idx = [j for j in range(len(tail)) if not tail[j].in_table]
    for j in reversed(text_idx[-16:]):
        t = tail[j].text.strip(WS)
        if DATE_LINE.match(t) and (j == len(tail) - 1 or _AFTER_DATE.search(tail[j + 1].text.strip(WS))
                               or tail[j + 1].in_table):
            return j
    for j in reversed(text_idx):
        if DATE_LINE.match(tail[j].text.strip(WS)) and j + 1 < len(tail) and (
                tail[j + 1].in_table or _APPENDIX.match(tail[j + 1].text.strip(WS))):
            return j
    return None


def end_matter(outline: Outline, tail: list[Block]) -> int:
    """tail: non-residue blocks in document order. Finds the 成文日期 (the last date line
    near the end that only notes, the imprint or attachments follow) and the signature
    above it. Returns how many blocks at the end are not part of the report's parts."""
    n = len(tail)
    start = n  # first block of the end matter
    date_idx = _find_date(tail)
    if date_idx is not None:
        m = DATE_LINE.match(tail[date_idx].text.strip(WS))
        outline.date = tail[date_idx].text.strip(WS)
        outline.date_block = tail[date_idx]
        outline.date_value = date_value(m)
        outline.roles[tail[date_idx].index] = "date"
        notes_from = date_idx + 1
        start = date_idx
    else:
        notes_from = n
        while notes_from > 0 and _AFTER_DATE.search(tail[notes_from - 1].text.strip(WS)):
            notes_from -= 1
        start = notes_from
    for x in tail[notes_from:]:
        outline.roles[x.index] = "endnote"  # 附注, 版记, attachments: not part of the report's parts
    k = start - 1
    if k >= 0:
        t = tail[k].text.strip(WS)
        if 2 <= len(t) <= 40 and not re.search(r"[，。；：,;:！？]", t) and not LABELS[0][1].match(t) \
                and re.search(r"(政府|局|厅|委|办|办公室|办事处|委员会|中心|院|部|署|队|司法所|县|市|区|街道|镇|乡)$", t):
            outline.signature = t
            outline.signature_block = tail[k]
            outline.roles[tail[k].index] = "signature"
            start = k
            # a joint report signs with the party committee above the government
            # ("中共洛宁县委" / "洛宁县人民政府")
            above = tail[k - 1].text.strip(WS) if k > 0 else ""
            if 2 <= len(above) <= 30 and is_party_organ(above) and not re.search(r"[，。；：,;:！？\d]", above) \
                    and not is_party_organ(t):
                outline.signature = f"{above} {t}"
                outline.roles[tail[k - 1].index] = "signature"  # the block is the line above the date
                start = k - 1
    return n - start


def date_value(m) -> tuple[int, int, int] | None:
    def num(s: str) -> int:
        s = fold(s)
        if s.isdigit():
            return int(s)
        if all(c in "〇○零一二三四五六七八九" for c in s):
            return int("".join(str("〇一二三四五六七八九".index(c.replace("○", "〇").replace("零", "〇"))) for c in s))
        return cn_to_int(s)

    try:
        return num(m.group(1)), num(m.group(2)), num(m.group(3))
    except (ValueError, IndexError):
        return None

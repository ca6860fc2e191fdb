"""The front matter: the title, the 红头 lines above it (issuer, masthead, document
number, signer), web residue around it, the note under it, the addressee, the preamble."""
from __future__ import annotations

import re

from ..model import Block
from .end import date_value
from .reporter import reporter_from_name, title_names_organ
from .residue import is_column_name, mark_residue
from .result import Outline
from .text import compact, DATE_LINE, front_terms, SENTENCE_END, WS


_TITLE_WORDS = re.compile(r"(报告|总结|汇报|情况|报\s*告)$")
_STRONG_TITLE = re.compile(r"20\d\d\s*年.{0,30}(法治政府|依法行政|法治建设).{0,20}(报告|总结|汇报)")
_TITLE_HINT = re.compile(r"法治|依法|报告|总结")


# a file's name ("……报告.docx") is a download page's label, not a title
FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf|odt|xlsx?|pptx?)$", re.I)
# a line that never continues a title: a file's name, a "key：value" row ("资源ID：55845048",
# "资源大小：14.50KB"), a lone mark ("-", "|"), a line ending in a page's date stamp
# ("政策法规科 2023-12-29")
_NOT_TITLE_PART = re.compile(FILE_NAME.pattern + r"|^[^：:，,。]{1,8}[：:]\s*\S|^[\W_]+$"
                             r"|20\d\d[-/.]\d{1,2}[-/.]\d{1,2}\s*$", re.I)


def is_title_line(text: str) -> bool:
    t = text.strip(WS)
    return 4 <= len(t) <= 60 and not re.search(r"[。；;！!？?]$", t) and not t.endswith(("：", ":")) \
        and not re.search(r"[>＞]", t) and bool(_TITLE_HINT.search(t)) and not FILE_NAME.search(t)


def below_title_line(live: list[Block], heading_blocks: set[int], stop: int | None) -> int | None:
    """The block index after the last line that names the report with its year (a file's
    name counts: "……报告.docx") among the first lines, before the first part heading
    (stop): a numbered list above it (a download page's "2、本站不支持迅雷下载……") is not a
    part of the report. None when there is no such line."""
    found = None
    for b in live[:40]:
        if stop is not None and b.index >= stop:
            break
        t = FILE_NAME.sub("", b.text.strip(WS))
        if b.index not in heading_blocks and _STRONG_TITLE.search(t) and is_title_line(t):
            found = b.index + 1
    return found


def _is_addressee(text: str) -> bool:
    """A line naming one or more organs, joined by 、 or ，, ending in ：
    ("中共青溪县委、青溪县人大常委会、云州市人民政府：")."""
    t = text.strip(WS)
    if not (3 <= len(t) <= 120 and t.endswith(("：", ":"))):
        return False
    body = t.rstrip("：:").strip(WS)
    if re.search(r"[。；;！？!?“”\"《》]", body):
        return False
    organ = front_terms()["organ"]
    names = [n.strip(WS) for n in re.split(r"[、，,]", body)]
    return all(2 <= len(n) <= 30 and organ.search(n) for n in names)


def _masthead_kind(text: str) -> str | None:
    """Which 红头 element a line above the title is (masthead / doc_number / signer /
    other), or None."""
    t = text.strip(WS)
    for kind, patterns in front_terms()["masthead"].items():
        if any(rx.search(t) for rx in patterns):
            return kind
    return None


_TITLE_TAG = re.compile(r"^【[^】]{1,12}】\s*")
_GLUED_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,8}[〔\[［﹝]\s*(?:19|20)\d\d\s*[〕\]］﹞]\s*\d{1,4}\s*号\s*(?!《)")


def front_matter(outline: Outline, front: list[Block]) -> None:
    """front: non-residue blocks before the first part. Sets title, addressee, preamble."""
    i = 0
    n = len(front)
    title_idx = None
    # the title: a line that names the report with its year, anywhere before the first
    # part (a web page may put its navigation first); else the first short line that
    # names 法治/报告/总结 among the first lines
    for j, b in enumerate(front):
        t = b.text.strip(WS)
        if _STRONG_TITLE.search(t) and is_title_line(t):
            title_idx = j
            break
    for j, b in enumerate(front[:6] if title_idx is None else []):
        t = b.text.strip(WS)
        if is_title_line(t) and not _is_addressee(t) and not DATE_LINE.match(t):
            title_idx = j
            break
        if len(t) > 60:
            break
    if title_idx is not None:
        lines = [front[title_idx]]
        first = front[title_idx].text.strip(WS)
        # a preceding issuer line joins when the title continues it ("XX县人民政府" / "关于……");
        # above a title that does not begin with 关于 it names the reporter ("赵县人民政府")
        if title_idx > 0:
            prev = front[title_idx - 1].text.strip(WS)
            if len(prev) <= 30 and not _is_addressee(prev) and (first.startswith("关于") or prev.endswith("关于")):
                lines.insert(0, front[title_idx - 1])
            elif len(prev) <= 30 and _is_issuer(prev) and not any(
                    outline.is_residue(b) for b in outline.document.blocks
                    if front[title_idx - 1].index < b.index < front[title_idx].index):
                # a site banner is separated from the title by navigation ("重庆市合川区区司法局",
                # crumb, title): website furniture, not the 红头 issuer
                outline.roles[front[title_idx - 1].index] = "issuer"
                outline.issuer = prev
        # following lines join while the title has not ended
        k = title_idx + 1
        while k < n and len(lines) < 4 and not _TITLE_WORDS.search(compact("".join(x.text for x in lines))):
            nxt = front[k].text.strip(WS)
            if len(nxt) > 40 or _is_addressee(nxt) or SENTENCE_END.search(nxt) or _NOT_TITLE_PART.search(nxt):
                break
            lines.append(front[k])
            k += 1
            # a page heading that is only the title's first line ("贵州省2023年度法治政府建设工作"
            # over "贵州省2023年度法治政府建设工作" / "情况报告"): the lines after it begin
            # with it, so it is the page's copy, not a part of the title
            head = compact(_TITLE_TAG.sub("", lines[0].text.strip(WS)))
            if len(lines) > 1 and compact("".join(x.text for x in lines[1:])).startswith(head):
                mark_residue(outline, [lines.pop(0)])
        for x in front[:front.index(lines[0])]:
            if outline.role_of(x) == "body":
                outline.roles[x.index] = "masthead"  # lines above the title: issuer, document number, site navigation
        outline.title_blocks = lines
        outline.title = _TITLE_TAG.sub("", "".join(x.text.strip(WS) for x in lines))
        # a portal glues the 发文字号 to the title ("长政发〔2021〕1号长海县2020年度……报告"):
        # the number is the document's, not a part of its title
        glued = _GLUED_NUMBER.match(outline.title)
        if glued and is_title_line(outline.title[glued.end():]):
            outline.doc_number = outline.doc_number or glued.group(0).strip(WS)
            outline.title = outline.title[glued.end():].strip(WS)
        for x in lines:
            outline.roles[x.index] = "title"
        _above_title(outline, [x for x in front[:front.index(lines[0])]], lines[0])
        i = front.index(lines[-1]) + 1
        i = _below_title(outline, front, i)
    # a note in brackets under the title ("（2024年3月12日区政府常务会议审议通过）")
    if outline.title and i + 1 < n and re.fullmatch(r"[（(][^（()）]{2,60}[)）]", front[i].text.strip(WS)) \
            and _is_addressee(front[i + 1].text):
        outline.roles[front[i].index] = "title_note"
        i += 1
    # no title found: the addressee is still the organs' line near the top, after page
    # lines that are no sentences ("- 公文生成日期：2025-02-07" / "中共将乐县委员会，将乐县人民政府：")
    if outline.title is None:
        k = next((k for k in range(i, min(i + 7, n)) if not _is_furniture_shape(front[k].text)), None)
        if k is not None and k > i and _is_addressee(front[k].text):
            for b in front[i:k]:
                outline.roles[b.index] = "masthead"
            i = k
    # addressee
    if i < n and _is_addressee(front[i].text):
        outline.addressee = front[i].text.strip(WS).rstrip("：:").strip(WS)
        outline.addressee_block = front[i]
        outline.roles[front[i].index] = "addressee"
        i += 1
    for b in front[i:]:
        if outline.role_of(b) == "body":
            outline.roles[b.index] = "preamble"
            outline.preamble.append(b)


def _is_furniture_shape(text: str) -> bool:
    """A short line that is not a sentence: what an unrecognised web-page line looks like."""
    t = text.strip(WS)
    return 0 < len(t) <= 40 and not SENTENCE_END.search(t) and not _is_addressee(t)


def _below_title(outline: Outline, front: list[Block], i: int) -> int:
    """Lines right below the title on a web page: the title printed again is residue, and
    so are the short lines between the title and its repeat (source, date, tools) even
    when no pattern knows them; on such a page, short lines between the title block and
    the addressee are too. Returns the index of the first line after them."""
    n = len(front)
    # the 发文字号 printed under the title (a report sent up with its number): part of
    # the document, never residue
    while i < n and _masthead_kind(front[i].text) == "doc_number":
        outline.roles[front[i].index] = "masthead"
        outline.masthead_blocks.append(front[i])
        outline.doc_number = outline.doc_number or front[i].text.strip(WS)
        i += 1

    i = _document_title_block(outline, front, i)
    title_c = compact(_TITLE_TAG.sub("", outline.title or ""))

    def is_repeat(b: Block) -> bool:
        t = compact(_TITLE_TAG.sub("", b.text.strip(WS)))
        return bool(t) and len(t) < len(title_c) + 2 and t in title_c and not _is_addressee(b.text) \
            and not _is_issuer(b.text)

    j = i
    while j < n and j - i < 6 and _is_furniture_shape(front[j].text) and not is_repeat(front[j]):
        j += 1
    if j < n and j > i and is_repeat(front[j]):
        mark_residue(outline, front[i:j])
        i = j
    repeats = []
    while i < n and is_repeat(front[i]):
        mark_residue(outline, [front[i]])
        repeats.append(compact(_TITLE_TAG.sub("", front[i].text.strip(WS))))
        i += 1
    # the title printed again on two lines ("息县人民政府关于2021年法治" / "政府建设情况的报告"):
    # a copy of the title, not the document's own different title
    if len(repeats) < 2 or "".join(repeats) != title_c:
        _own_title_below(outline, front[i - 1] if i > 0 else None)
    i = _author_below(outline, front, i)
    if i >= n or _is_addressee(front[i].text):
        return i
    web = any(outline.is_residue(b) for b in outline.document.blocks if b.index < front[i].index)
    if web:
        k = i
        while k < n and k - i < 2 and _is_furniture_shape(front[k].text):
            k += 1
        if k < n and k > i and _is_addressee(front[k].text):
            mark_residue(outline, front[i:k])
            i = k
    return i


def _document_title_block(outline: Outline, front: list[Block], i: int) -> int:
    """A web page prints its own title (the page H1, found first as the title) above the
    document, whose title block follows a few lines of page furniture: the title on one
    or two lines with the organ's name above or below it ("广元市××局" / "2023年……报告",
    "息县人民政府" / "关于2021年……的报告", "2023年……报告" / "湖南省××厅" / "（日期）").
    When the block's lines, the organ's or not, make up the page title, the block is the
    document's: it is kept (the organ line names the reporter: it is the issuer, or the
    title's first line before "关于…"), and the page title and the furniture between are
    residue. Without an organ line the lines are the page's title printed again ("……工作情况"
    / "报    告", or the same line twice): residue, below. Returns the index after the
    block's title lines (an organ line under them is the author: _author_below)."""
    if not outline.title_blocks:
        return i
    page = compact(_TITLE_TAG.sub("", outline.title or ""))
    n = len(front)
    for s in range(i, min(i + 7, n)):
        if not all(_is_furniture_shape(b.text) for b in front[i:s]):
            break
        for e in (s + 2, s + 1):  # three lines (a two-line title and its organ), then two
            block = front[s:e + 1]
            if e >= n or any(SENTENCE_END.search(b.text) or not (_is_furniture_shape(b.text) or is_title_line(b.text))
                             for b in block):
                continue
            texts = [compact(_TITLE_TAG.sub("", b.text.strip(WS))) for b in block]
            organs = [k for k, b in enumerate(block) if _is_issuer(b.text)]
            if not all(texts):
                continue
            if not organs:
                # no organ line: the title on two or three lines that together are the page
                # title ("下陆区民政局2025年度法治政府建设" / "年度报告"): the document's own
                # title block, and the page title above it is the copy (word for word: a
                # copy that differs, "……工作情况" / "报    告" under "……工作情况的报告", is the
                # page print of it, residue, below); or the page title is only the block's
                # first line ("贵州省2023年度法治政府建设工作" over it and "情况报告")
                joined, page_title = _spaceless("".join(b.text for b in block)), _spaceless(outline.title or "")
                if joined != page_title and not (len(block) == 2 and _spaceless(block[0].text) == page_title
                                                 and _TITLE_WORDS.search(joined) and not _TITLE_WORDS.search(page_title)) \
                        and not _contains_page_title(block, joined, page_title):
                    continue
            else:
                if organs not in ([0], [len(block) - 1]):
                    continue
                organ = texts[organs[0]]
                rest = "".join(t for k, t in enumerate(texts) if k not in organs)
                # "organ" over "关于……报告" is the document's own title whatever the page
                # calls it ("秀山县2020年度……情况报告" over "秀山县人民政府" / "关于2020年度……
                # 情况的报告"); else the block's lines, together, are or contain the page title
                # ("2022年度……的报告" over "中共××区委 ××区人民政府" / "关于2022年度……的报告")
                about = organs == [0] and len(block) == 2 and rest.startswith("关于") \
                    and bool(_TITLE_WORDS.search(rest))
                if not about and page not in ("".join(texts), organ + rest) and not (
                        page in "".join(texts) and _TITLE_WORDS.search(rest)
                        and not any(_NOT_TITLE_PART.search(b.text.strip(WS)) for b in block)):
                    continue
                if not about and title_names_organ(rest):
                    continue  # the title names its organ: a line naming another is the page's source
            title_lines = [b for k, b in enumerate(block) if k not in organs]
            mark_residue(outline, outline.title_blocks + front[i:s])
            if organs == [0] and title_lines[0].text.strip(WS).startswith("关于"):
                title_lines.insert(0, block[0])  # "息县人民政府" / "关于……的报告": one title
            elif organs == [0]:
                outline.roles[block[0].index] = "issuer"
                outline.issuer = block[0].text.strip(WS)
            for b in title_lines:
                outline.roles[b.index] = "title"
            outline.title_blocks = title_lines
            outline.title = _TITLE_TAG.sub("", "".join(b.text.strip(WS) for b in title_lines))
            return front.index(title_lines[-1]) + 1
    return i


def _contains_page_title(block: list[Block], joined: str, page_title: str) -> bool:
    """Title lines that together contain the page title and say more ("广元市丰源局2023年
    法治政府建设" / "工作年度报告" under "2023年法治政府建设工作年度报告"): the document's
    own, fuller title. Not when a line of them is the page title printed again whole (the
    copy with a meta row under it) or a meta row."""
    return bool(page_title) and page_title in joined and bool(_TITLE_WORDS.search(joined)) \
        and not any(_spaceless(b.text) == page_title or _NOT_TITLE_PART.search(b.text.strip(WS)) for b in block)


def _spaceless(text: str) -> str:
    return re.sub(r"\s", "", _TITLE_TAG.sub("", text.strip(WS)))


_PAREN_DATE = re.compile(r"^[（(]\s*(?P<date>[^（()）]{6,20})\s*[)）]$")


def _date_line(text: str) -> str | None:
    """The date a line is, bare or in brackets ("（2024年1月31日）"), else None."""
    t = text.strip(WS)
    m = _PAREN_DATE.match(t)
    inner = m.group("date").strip(WS) if m else t
    return inner if DATE_LINE.match(inner) else None


def _author_below(outline: Outline, front: list[Block], i: int) -> int:
    """Ministries and provincial departments publish their report as "title / author /
    (date)" (or "author / title / (date)"): an organ's name alone right under the title
    (and its repeat, if the page prints one) is the author, the issuer, never residue; a
    date under the block is the 成文日期 when the end has none. A page H1 above such a block ("湖南省××厅2023年……报告" =
    author + title) was found as the title's first copy and left as residue by
    _own_title_below. Returns the index after the block."""
    n = len(front)
    if i < n and _is_issuer(front[i].text) and not _is_addressee(front[i].text):
        outline.roles[front[i].index] = "issuer"
        outline.issuer = outline.issuer or front[i].text.strip(WS)
        i += 1
    # the date closes a block that names its organ: the author above or below the title,
    # or the title's own first line ("息县人民政府" / "关于……的报告" / "（日期）")
    named = outline.issuer or (len(outline.title_blocks) > 1 and _is_issuer(outline.title_blocks[0].text))
    if named and i < n and _date_line(front[i].text):
        if outline.date is None:
            outline.date = _date_line(front[i].text)
            outline.date_block = front[i]
            outline.date_value = date_value(DATE_LINE.match(outline.date))
            outline.roles[front[i].index] = "date"
        else:
            outline.roles[front[i].index] = "title_note"
        i += 1
    return i


def _own_title_below(outline: Outline, last: Block | None) -> None:
    """An aggregator prints its page title ("2023年区五年法治政府建设工作情况报告") above
    the document, whose own title ("区五年法治政府建设工作情况的报告") comes last, right
    above the body: when the last copy differs from the first, it is the document's title
    and the page title is residue."""
    if last is None or not outline.is_residue(last) or not outline.title_blocks:
        return
    own = last.text.strip(WS)
    if own == outline.title or not is_title_line(own):
        return
    mark_residue(outline, outline.title_blocks)
    outline.residue_indexes.discard(last.index)
    outline.roles[last.index] = "title"
    outline.title_blocks = [last]
    outline.title = _TITLE_TAG.sub("", own)


def _is_issuer(text: str) -> bool:
    """An organ's name alone on a line ("赵县人民政府", "中共青溪县委 青溪县人民政府")."""
    t = text.strip(WS)
    return 2 <= len(t) <= 30 and _masthead_kind(t) is None and not re.search(r"\d|[:：，,。]", t) \
        and all(front_terms()["organ"].search(n) or reporter_from_name(n)[1] in ("government", "township")
                for n in t.split())


def _above_title(outline: Outline, above: list[Block], title_block: Block) -> None:
    """Lines above the title (residue already removed): the 红头 elements are recorded as
    what they are; on a web page (residue above the title) the remaining lines other than
    the issuer are website furniture too (column names, site names)."""
    web = any(outline.is_residue(b) for b in outline.document.blocks if b.index < title_block.index)
    for b in above:
        t = b.text.strip(WS)
        kind = _masthead_kind(t)
        if kind is not None:
            outline.roles[b.index] = "masthead"
            outline.masthead_blocks.append(b)
            if kind in ("masthead", "doc_number") and getattr(outline, kind) is None:
                setattr(outline, kind, t)
            elif kind == "signer" and outline.signer is None:
                outline.signer = re.sub(r"^签\s*发\s*人\s*[:：]\s*", "", t)
        elif outline.role_of(b) == "issuer":
            continue
        elif (web and len(t) <= 40) or is_column_name(t):
            mark_residue(outline, [b])

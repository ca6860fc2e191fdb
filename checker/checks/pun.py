"""PUN: punctuation (half-width marks, balance, enumerations, stops, spaces, dashes)."""
from __future__ import annotations

import re
from bisect import bisect_right

from ..engine import Rule, register
from ..engine.prefilter import Scan
from ._common import ORDINALS, WRITING_SOURCE


HAN = "\u4e00-\u9fff"
_CJK_PUNCT = "，。；：、！？“”‘’《》（）【】…—"


def _cjk(ch: str) -> bool:
    """ch (one character, or "") is a Chinese character or mark."""
    return "\u4e00" <= ch <= "\u9fff" or (ch != "" and ch in _CJK_PUNCT)


def _protected_spans(text: str, pairs=("《》", "“”")) -> list[tuple[int, int]]:
    """Spans inside book-title marks and quotation marks (titles, slogans)."""
    spans = []
    for o, c in pairs:
        for m in re.finditer(f"{o}[^{o}{c}]*{c}", text):
            spans.append((m.start(), m.end()))
    return spans


def _inside(i: int, spans) -> bool:
    return any(a <= i < b for a, b in spans)


# An e-mail address starts only where a run of address characters starts (the
# lookbehind) and its runs are possessive: a paragraph of 100k Chinese characters
# (\w matches them) without "@" costs one pass, not one pass per starting position.
# Scanned only where "http", "www." or "@" is (engine.prefilter.Scan).
_URL = Scan(r"(?:https?://|www\.)[\w./%?=&#:+~-]+|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.]+")


def _urls(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses and e-mail addresses, in order, not overlapping."""
    return [(m.start(), m.end()) for m in _URL.finditer(text)]


def _in_spans(i: int, spans: list[tuple[int, int]]) -> bool:
    """i inside one of spans (sorted, not overlapping), by bisection."""
    k = bisect_right(spans, (i, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _label_span(ctx, block):
    h = ctx.outline.heading_on(block)
    if h is not None and h.label:
        return h.start, h.start + len(h.label)
    return None


# ---------------------------------------------------------------- punctuation

_HALF = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_BLANK = " \t\u3000\xa0\u2002"
_HALF_MARK = re.compile("[" + re.escape("".join(_HALF)) + "]")


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    if 0 <= j < len(text) and text[j] not in _BLANK:  # the usual case, at once
        return text[j]
    while 0 <= j < len(text) and text[j] in _BLANK:
        j += step
    return text[j] if 0 <= j < len(text) else ""


def halfwidth_spans(text: str, skip: tuple[int, int] | None) -> list[int]:
    """Offsets of half-width , : ; ( ) ? ! used in Chinese text."""
    marks = [(m.start(), m.group()) for m in _HALF_MARK.finditer(text)]  # only these matter
    if not marks:
        return []
    urls = _urls(text)
    out = set()
    stack: list[int] = []
    pairs: dict[int, int] = {}  # "(" offset -> ")" offset
    for i, ch in marks:
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs[stack.pop()] = i
    openers = {c: o for o, c in pairs.items()}
    for i, ch in marks:
        if _in_spans(i, urls) or (skip and skip[0] <= i < skip[1]):
            continue
        prev, nxt = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch in ",;":
            if prev.isdigit() and nxt.isdigit():
                continue
            if _cjk(prev) or _cjk(nxt):
                out.add(i)
        elif ch == ":":
            if prev.isdigit() and nxt.isdigit():
                continue
            if _cjk(prev) or (_cjk(nxt) and not prev.isalnum()):
                out.add(i)
        elif ch == "(":
            close = pairs.get(i)
            inner = text[i + 1:close] if close is not None else ""
            if _cjk(prev) or re.search(f"[{HAN}]", inner):
                out.add(i)
                if close is not None:
                    out.add(close)
        elif ch == ")":
            opener = openers.get(i)
            inner = text[opener + 1:i] if opener is not None else ""
            if _cjk(nxt) or re.search(f"[{HAN}]", inner):
                out.add(i)
                if opener is not None:
                    out.add(opener)
        elif ch in "?!":
            if _cjk(prev):
                out.add(i)
    if skip:
        out = {i for i in out if not (skip[0] <= i < skip[1])}
    return sorted(out)


@register
class HalfWidthPunctuation(Rule):
    code = "PUN001"
    name = "half-width-punctuation"
    severity = "warning"
    fixable = True
    message = "中文里使用了半角标点“{bad}”（本段共 {count} 处）"
    fix = "改为全角标点：， ： ； （ ） ？ ！"
    doc = {
        "what": "中文文字之间使用了半角的 , : ; ( ) ? !（数字中的“1,000”、时间“10:30”、网址和英文不报；标题编号“(一)”由 NUM004 报告）。每段报告一次，data.count 为该段处数。",
        "why": "中文公文使用全角标点；半角标点多由网页复制或英文输入法带入，五份样本全都有。",
        "bad": "2023年,我县坚持以习近平法治思想为指导,合同(协议)18件。",
        "good": "2023年，我县坚持以习近平法治思想为指导，合同（协议）18件。",
        "source": "GB/T 15834—2011《标点符号用法》（中文文本使用全角标点）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            if ctx.outline.role_of(b) in ("date",):
                continue
            spans = halfwidth_spans(b.text, _label_span(ctx, b))
            if spans:
                i = spans[0]
                yield self.at(ctx, b, i, i + 1, message=self.message.format(bad=b.text[i], count=len(spans)),
                              data={"count": len(spans)}, edits=[(j, j + 1, _HALF[b.text[j]]) for j in spans])


_OPEN = {"“": "”", "‘": "’", "（": "）", "(": "）", "《": "》", "【": "】"}
_CLOSE_OF = {"”": "“", "’": "‘", "）": "（", ")": "（", "》": "《", "】": "【"}
_MARK = re.compile("[" + re.escape("".join(_OPEN) + "".join(_CLOSE_OF)) + "]")


def unbalanced(text: str) -> list[tuple[int, str]]:
    """(offset, mark) of marks without a partner: an unmatched closer, or an opener left open."""
    stack: list[tuple[int, str]] = []
    bad = []
    for m in _MARK.finditer(text):  # only the marks matter
        i, ch = m.start(), m.group()
        if ch in _OPEN:
            stack.append((i, "（" if ch == "(" else ch))
        elif ch in _CLOSE_OF:
            want = _CLOSE_OF[ch]
            if stack and stack[-1][1] == want:
                stack.pop()
            elif any(s[1] == want for s in stack):
                while stack and stack[-1][1] != want:
                    bad.append(stack.pop())
                stack.pop()
            else:
                bad.append((i, ch))
    return sorted(bad + stack)


@register
class UnbalancedMarks(Rule):
    code = "PUN002"
    name = "unbalanced-marks"
    severity = "warning"
    message = "“{mark}”没有配对（本段引号、括号或书名号不成对）"
    fix = "补上缺少的{partner}，或删去多余的“{mark}”"
    doc = {
        "what": "同一段中的“”、‘’、（）、《》、【】不成对：有后引号而无前引号，或括号未闭合。",
        "why": "标点不成对多是删改时误删或复制时丢失，读者无法判断引用或注释的范围。",
        "bad": "调成率超过98%，三长六老”“三级五调”矛盾纠纷调解工作被连续报道。",
        "good": "调成率超过98%，“三长六老”“三级五调”矛盾纠纷调解工作被连续报道。",
        "source": WRITING_SOURCE + "；GB/T 15834—2011《标点符号用法》",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            marks = unbalanced(b.text)
            if marks:
                i, mark = marks[0]
                partner = _OPEN.get(mark) or _CLOSE_OF.get(mark)
                yield self.at(ctx, b, i, i + 1, message=self.message.format(mark=mark),
                              fix=self.fix.format(mark=mark, partner=f"“{partner}”"),
                              data={"mark": mark, "count": len(marks)})
_ITEM = re.compile(f"([{ORDINALS}])是")


@register
class EnumerationWithoutStop(Rule):
    code = "PUN003"
    name = "enumeration-without-stop"
    severity = "warning"
    fixable = True
    message = "“{item}”前缺少句号，上一项没有结束"
    fix = "在“{item}”前加句号"
    doc = {
        "what": "“一是……二是……”列举中，下一项（二是、三是……）前没有任何标点，两项连成一句。",
        "why": "列举的每一项应以句号结束；没有句号时两项粘连，读者不知道上一项在哪里结束。",
        "bad": "报告率达100%二是强化规划落实……",
        "good": "报告率达100%。二是强化规划落实……",
        "source": "GB/T 15834—2011《标点符号用法》4.1（句号用于陈述句末尾：一是……二是……每项以句号结束）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            seen: set[str] = set()
            for m in _ITEM.finditer(b.text):
                n = ORDINALS.index(m.group(1)) + 1
                if n >= 2 and ORDINALS[n - 2] in seen and m.start() > 0:
                    prev = b.text[m.start() - 1]
                    if prev not in "。；;！？!?：:，,、 \u3000\n”’）)第" + ORDINALS:
                        yield self.at(ctx, b, m.start(), m.end(), message=self.message.format(item=m.group(0)),
                                      fix=self.fix.format(item=m.group(0)), data={"item": m.group(0)},
                                      edits=[(m.start(), m.start(), "。")])
                seen.add(m.group(1))


_ENDINGS = "。！？!?；;…：:"
_HAN_RUN = re.compile(f"[{HAN}]")


@register
class ParagraphWithoutStop(Rule):
    code = "PUN004"
    name = "paragraph-without-stop"
    severity = "warning"
    fixable = True
    message = "段落末尾没有句号"
    fix = "在段末加句号"
    doc = {
        "what": "正文段落（不含标题、落款、日期、表格）的最后没有句末标点；标题与正文连写的段落（“（一）加强组织领导。我局全面贯彻”）只看标题后的正文，正文再短也报（多是段落在句中被断开）。",
        "why": "段末缺句号多是删改或复制时丢失，显得草率。",
        "bad": "……形成了一批民主法治示范村梯队，有力提升基层治理能力",
        "good": "……形成了一批民主法治示范村梯队，有力提升基层治理能力。",
        "source": WRITING_SOURCE + "；GB/T 15834—2011《标点符号用法》",
    }

    def check(self, ctx):
        for sec in ctx.outline.sections:
            for i, b in enumerate(sec.blocks):
                if b.in_table or ctx.outline.role_of(b) not in ("body", "heading"):
                    continue
                h = ctx.outline.heading_on(b)
                text = b.text.rstrip()
                if h is not None and not h.run_in:
                    continue
                body = text[h.body_start:] if h is not None else text
                # a short line may be a caption or a fragment; but the body of a run-in heading
                # closed by a full stop ("（一）加强组织领导。我局全面贯彻") is a sentence of its
                # own, so even a few characters without a stop are missing one (a heading cut at
                # a semicolon, "（一）健全制度；完善机制", is one heading line: not counted)
                short = len(body.strip()) < 20
                if short and not (h is not None and h.text.rstrip()[-1:] in "。！？!?" and len(_HAN_RUN.findall(body)) >= 2) \
                        or body.lstrip().startswith("附件"):
                    continue
                last = text[-1]
                if last in _ENDINGS or last in "”’）)》】":
                    continue
                if short and _continued(ctx, sec.blocks[i + 1:i + 2]):  # a stop would cut the sentence: no edit
                    yield self.at(ctx, b, len(text) - 1, len(text), excerpt=text[-20:],
                                  message=f"标题后的正文“{body.strip()}”没有结束，段落像是在句中断开了",
                                  fix="与下一段接排成一段（或补全这句话并加句号）", data={"cut": True})
                    continue
                yield self.at(ctx, b, len(text) - 1, len(text), excerpt=text[-20:],
                              edits=[(len(text), len(text), "。")])


def _continued(ctx, following) -> bool:
    """Whether the next block carries on the text: a body paragraph, not a heading."""
    return bool(following) and not following[0].in_table and ctx.outline.role_of(following[0]) == "body" \
        and ctx.outline.heading_on(following[0]) is None


_SPACE = "[ \u3000\xa0\u2002\u2003\u2009]+"
_STRAY = Scan(f"(?<=[{HAN}{_CJK_PUNCT},;:]){_SPACE}(?=[{HAN}{_CJK_PUNCT}])|(?<=\\d){_SPACE}(?=[个件次人名家项条份场起户元万亿千百余多%％])")


@register
class StraySpace(Rule):
    code = "PUN005"
    name = "stray-space"
    severity = "warning"
    fixable = True
    message = "中文之间有多余的空格"
    fix = "删去空格"
    doc = {
        "what": "汉字、中文标点之间，或数字与量词之间（“3 个”）有空格。段首缩进、书名号和引号内的空格（标题、口号中的分隔）不报。",
        "why": "中文排版不以空格分词；多余空格多由网页复制或排版对齐带入，打印后很显眼。",
        "bad": "2.提高行政执法工作质效。 一是……；建成示范村3 个。",
        "good": "2.提高行政执法工作质效。一是……；建成示范村3个。",
        "source": WRITING_SOURCE + "；GB/T 9704—2012（正文排版）",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            if ctx.outline.role_of(b) in ("title", "signature", "date"):
                continue
            text = b.text
            lead = len(text) - len(text.lstrip())
            found = [m for m in _STRAY.finditer(text) if m.start() > lead]
            protected = _protected_spans(text) if found else []
            spans = [(m.start(), m.end()) for m in found if not _inside(m.start(), protected)]
            if spans:
                s, e = spans[0]
                yield self.at(ctx, b, s, e, excerpt=text[max(0, s - 4):e + 4], data={"count": len(spans)},
                              edits=[(a, z, "") for a, z in spans])


_DOUBLE = re.compile(r"([，。；：、,;])(?=[，。；：、,;])")


@register
class DoubledPunctuation(Rule):
    code = "PUN006"
    name = "doubled-punctuation"
    severity = "warning"
    message = "标点重复：“{bad}”"
    fix = "只保留一个标点"
    doc = {
        "what": "两个点号连用，如“。。”“，。”“；，”（省略号“……”和破折号“——”不报）。",
        "why": "点号连用多是删改时留下的，读起来断句混乱。",
        "bad": "全年办理案件43件。。",
        "good": "全年办理案件43件。",
        "source": "GB/T 15834—2011《标点符号用法》",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            for m in _DOUBLE.finditer(b.text):
                bad = b.text[m.start():m.start() + 2]
                yield self.at(ctx, b, m.start(), m.start() + 2, message=self.message.format(bad=bad),
                              data={"bad": bad})
                break


_DASH = Scan(r"(?<![—―])[—―](?![—―])")
_PAGE_NUMBER = re.compile(r"^[\s]*[—―－-]\s*\d+\s*[—―－-]\s*$")  # "— 1 —"
_WORD = re.compile(f"[{HAN}A-Za-z0-9]*")
_WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")
_WORD_BEFORE = re.compile(f"[{HAN}A-Za-z0-9]*$")


@register
class SingleDash(Rule):
    code = "PUN007"
    name = "single-dash"
    severity = "warning"
    message = "破折号只写了一个“—”，应为“——”"
    fix = "改为两字线“——”"
    doc = {
        "what": "用作破折号（引出解释说明、话题转换）的“—”只有一个字长。数字之间的连接号（“2021—2025年”“GB/T 9704—2012”）、页码“— 1 —”、两个短名称之间的连接号（“中国—东盟”）、层级链（“中心（区）—站（镇街）—点（村社）”“省—市—县”）不报。",
        "why": "破折号占两个字的位置（“——”）；一字线“—”是连接号。只打一个“—”多是输入法或网页复制造成的，印出来像连接号，意思也变了。",
        "bad": "坚持和发展新时代“枫桥经验”—矛盾纠纷就地化解率达98%。",
        "good": "坚持和发展新时代“枫桥经验”——矛盾纠纷就地化解率达98%。",
        "source": "GB/T 15834—2011《标点符号用法》4.10（破折号，占两个字的位置）、4.13（连接号：“北京—上海”“2021—2025年”）",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            text = b.text
            if _PAGE_NUMBER.match(text):
                continue
            for m in _DASH.finditer(text):
                i = m.start()
                if _is_connector(text, i):
                    continue
                # not applied by `fzbg fix`: a 连接号 between two names is left to the writer
                yield self.at(ctx, b, i, i + 1, excerpt=text[max(0, i - 8):i + 9])
                break


# one short name of a chain, with an optional short qualifier in brackets: "中心(区)", "站（镇街）"
_CHAIN_ITEM = f"[{HAN}A-Za-z0-9]{{1,8}}(?:[（(][^（()）]{{1,6}}[)）])?"
_CHAIN = re.compile(f"{_CHAIN_ITEM}(?:[—―]{_CHAIN_ITEM}){{2,}}")
_QUALIFIED_PAIR = re.compile(f"{_CHAIN_ITEM}[—―]{_CHAIN_ITEM}")


def _in_chain(text: str, i: int) -> bool:
    """The dash links the short names of a chain of levels ("中心(区)—站(镇街)—点(村社)",
    "省—市—县"), or two short names of which one carries a bracketed qualifier."""
    lo = max(0, i - 40)
    for rx in (_CHAIN, _QUALIFIED_PAIR):
        for m in rx.finditer(text, lo, i + 40):
            if m.start() <= i < m.end() and (rx is _CHAIN or re.search(r"[（(]", m.group(0))) \
                    and not _WORD_CHAR.match(text[m.end():m.end() + 1] or " ") \
                    and (m.start() == 0 or not _WORD_CHAR.match(text[m.start() - 1])):
                return True
    return False


def _is_connector(text: str, i: int) -> bool:
    """A 连接号 rather than a 破折号: digits on both sides (a range, a standard's year), or
    words on both sides that are not two whole clauses ("中国—东盟博览会", "人—机对话"),
    or a chain of short names ("中心(区)—站(镇街)—点(村社)"). A dash next to a quotation
    mark or a stop is a 破折号."""
    prev, nxt = _neighbour(text, i, -1), _neighbour(text, i, 1)
    if prev.isdigit() and nxt.isdigit():
        return True
    if _in_chain(text, i):
        return True
    if not (_WORD_CHAR.match(prev or " ") and _WORD_CHAR.match(nxt or " ")):
        return False
    left = _WORD_BEFORE.search(text[:i]).group(0)
    right = _WORD.match(text, i + 1).group(0)
    return len(left) < 6 or len(right) < 10

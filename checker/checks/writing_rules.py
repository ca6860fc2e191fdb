"""Writing rules: years and time, data, punctuation, numbering, residue, coverage.
(Pure word lists and substitutions are data rules in rules/checks/writing.yaml.)"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from ..data import load_yaml
from ..engine import Rule, register

_D4 = "domain.md §4（写作规范）"
_GBT = "GB/T 9704—2012《党政机关公文格式》"
HAN = "\u4e00-\u9fff"
_CJK_PUNCT = "，。；：、！？“”‘’《》（）【】…—"
_IS_CJK = re.compile(f"[{HAN}{_CJK_PUNCT}]")


def _cjk(ch: str) -> bool:
    return bool(ch) and bool(_IS_CJK.match(ch))


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
_URL = re.compile(r"(?:https?://|www\.)[\w./%?=&#:+~-]+|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.]+")


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


# ---------------------------------------------------------------- years and time

@register
class FutureEvent(Rule):
    code = "YEAR003"
    name = "event-after-report-year"
    severity = "error"
    message = "引用了报告年度之后才发生的事件：{event}（{when}），关于{year}年的报告不能作为已发生的事引用"
    fix = "核对年份：删去该事件，或改为报告年度内的会议、文件"
    doc = {
        "what": "文中作为已发生的事引用了报告年度 N 之后才发生的会议、法律修订等（事件及日期登记在 rules/events.yaml）。下一年度安排中可以引用写作时（成文日期，缺省为 N+1 年3月31日）已经发生的事件。",
        "why": "关于 2023 年的报告写“深入贯彻党的二十届三中全会精神”（2024年7月召开），说明年份写错或套用了别的年度的文稿。",
        "bad": "（2023年度报告）2023年，我县深入学习贯彻党的二十届三中全会精神……",
        "good": "（2023年度报告）2023年，我县深入学习贯彻党的二十大和二十届二中全会精神……",
        "source": _D4 + "（会议名称与时间）；rules/events.yaml",
    }

    def check(self, ctx):
        if not ctx.year:
            return
        events = ctx.memo("events", lambda: [
            (e["name"], re.compile(e["pattern"]), date.fromisoformat(str(e["date"])))
            for e in load_yaml("events.yaml")["events"]])
        end_of_year = date(ctx.year, 12, 31)
        ol = ctx.outline
        written = date(*ol.date_value) if ol.date_value and _valid_date(ol.date_value) else date(ctx.year + 1, 3, 31)
        for b in ctx.text_blocks():
            sec = ol.section_of(b)
            in_plans = sec is not None and sec.kind == "plans"
            for name, rx, when in events:
                if when <= end_of_year:
                    continue
                if in_plans and when <= written:
                    continue
                m = rx.search(b.text)
                if m:
                    yield self.at(ctx, b, m.start(), m.end(),
                                  message=self.message.format(event=name, when=f"{when.year}年{when.month}月", year=ctx.year),
                                  data={"event": name, "date": when.isoformat()})


def _valid_date(v) -> bool:
    try:
        date(*v)
        return True
    except (ValueError, TypeError):
        return False


_RANGE_YI = re.compile(r"(?<!\d)((?:19|20)\d\d)(\s*)一(\s*)((?:19|20)\d\d)(?!\d)")
_GANGYAO = re.compile(r"法治政府建设实施纲要\s*[（(]\s*(\d{4})\s*[—－\-–~～一至到]+\s*(\d{4})\s*年?\s*[）)]")


@register
class YearRange(Rule):
    code = "YEAR004"
    name = "year-range"
    severity = "warning"
    message = "年份区间“{bad}”中的“一”是汉字数字，应为连接号"
    fix = "改为“{good}”"
    doc = {
        "what": "年份区间用汉字“一”代替了连接号（“2021一2025年”），或《法治政府建设实施纲要》写错了期限（报告年度在 2021—2025 年之间时应为“2021—2025年”）。",
        "why": "“一”与“—”外形相近，是录入时最常见的错字；纲要期限写错说明套用了旧文稿。",
        "bad": "《法治政府建设实施纲要（2021一2025年）》；《法治政府建设实施纲要（2015—2020年）》",
        "good": "《法治政府建设实施纲要（2021—2025年）》",
        "source": _D4 + "（年份区间）；domain.md §2",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            for m in _RANGE_YI.finditer(b.text):
                good = f"{m.group(1)}—{m.group(4)}"
                s, e = m.start(), m.end()
                yield self.at(ctx, b, s, e, message=self.message.format(bad=m.group(0)),
                              fix=self.fix.format(good=good), data={"bad": m.group(0), "good": good},
                              edits=[(s, e, good)])
            if ctx.year and 2021 <= ctx.year <= 2025:
                for m in _GANGYAO.finditer(b.text):
                    if (m.group(1), m.group(2)) != ("2021", "2025"):
                        yield self.at(ctx, b, m.start(), m.end(),
                                      message=f"《法治政府建设实施纲要》的期限写成了{m.group(1)}—{m.group(2)}年，{ctx.year}年适用的是2021—2025年",
                                      fix="改为“法治政府建设实施纲要（2021—2025年）”",
                                      data={"period": [int(m.group(1)), int(m.group(2))]})


# ---------------------------------------------------------------- data

_APPROX = re.compile(r"(?<![\d.])(\d+)(余|多)(?=[\u4e00-\u9fff])")
_NEAR = re.compile(r"(近|约)(\d{3,})(?![\d.%％﹪年万亿千百])(?=[\u4e00-\u9fff])")


@register
class ExactWithApprox(Rule):
    code = "DATA001"
    name = "exact-figure-with-approximation"
    severity = "warning"
    message = "“{bad}”：精确数字不应再加“{word}”"
    fix = "写精确数“{exact}”，或约数如“{rough}”"
    doc = {
        "what": "精确到个位的数字后面加“余”“多”，或前面加“近”“约”（如“6228余条”“1062多人”“约1062人”）。整十、整百的约数（“6200余条”“150余人”）不报。",
        "why": "“余”“多”“近”“约”表示约数，与精确数同用自相矛盾；审核人会要求二选一。",
        "bad": "全年发布政府信息6228余条；其中执法人员1062多人。",
        "good": "全年发布政府信息6228条（或：6200余条）。",
        "source": _D4 + "（精确数不加余、多）",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            for m in _APPROX.finditer(b.text):
                n = m.group(1)
                if len(n) < 2 or n.endswith("0"):
                    continue
                yield self._finding(ctx, b, m, n, m.group(2))
            for m in _NEAR.finditer(b.text):
                n = m.group(2)
                if n.endswith("0"):
                    continue
                yield self._finding(ctx, b, m, n, m.group(1))

    def _finding(self, ctx, b, m, n, word):
        rough = n[:-1] + "0" if len(n) <= 2 else n[:2] + "0" * (len(n) - 2)
        return self.at(ctx, b, m.start(), m.end(),
                       message=self.message.format(bad=m.group(0), word=word),
                       fix=self.fix.format(exact=n, rough=f"{rough}余" if word in "余多" else f"约{rough}"),
                       data={"number": n, "word": word})


@register
class PercentSign(Rule):
    code = "DATA002"
    name = "percent-sign"
    severity = "warning"
    message = "百分号“{bad}”不规范，应为“%”"
    fix = "改为“%”"
    doc = {
        "what": "使用了小号百分号“﹪”（U+FE6A），或全角“％”与半角“%”混用。",
        "why": "“﹪”是兼容字符，多由网页复制带入，在部分字体中显示异常；同一文稿百分号应统一。",
        "bad": "办复率为100﹪；满意率98％，出庭率100%。",
        "good": "办复率为100%；满意率98%，出庭率100%。",
        "source": _D4 + "；GB/T 15835—2011《出版物上数字用法》",
    }

    def check(self, ctx):
        blocks = ctx.text_blocks()
        full = sum(b.text.count("％") for b in blocks)
        half = sum(b.text.count("%") for b in blocks)
        bad_chars = "﹪" + ("％" if half and full and half >= full else "")
        for b in blocks:
            spans = [m.start() for m in re.finditer(f"[{bad_chars}]", b.text)]
            if spans:
                i = spans[0]
                yield self.at(ctx, b, i, i + 1, message=self.message.format(bad=b.text[i]),
                              data={"count": len(spans)}, edits=[(j, j + 1, "%") for j in spans])


@register
class NoFigures(Rule):
    code = "DATA003"
    name = "measures-without-figures"
    severity = "info"
    message = "“主要举措和成效”部分没有任何数据，成效缺少量化支撑"
    fix = "用数据说明成效，如办理件数、完成率、同比变化"
    doc = {
        "what": "主要举措和成效部分通篇没有一个阿拉伯数字。",
        "why": "对已公开年度报告的研究指出，缺少具体数据和案例是最常见的弱点；成效应当可核查。",
        "bad": "二、主要举措和成效\n全面推进严格规范公正文明执法，执法水平明显提升。",
        "good": "二、主要举措和成效\n评查行政处罚案卷60卷，发现问题23个，全部整改到位。",
        "source": "domain.md §1（已公开报告的常见弱点）",
    }

    def check(self, ctx):
        secs = ctx.outline.sections_of("measures")
        if not secs:
            return
        text = "\n".join(b.text for s in secs for b in s.blocks)
        if not re.search(r"\d", text):
            yield self.at(ctx, secs[0].opening, data={"kind": "measures"}, excerpt=secs[0].heading_text[:60])


# ---------------------------------------------------------------- punctuation

_HALF = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t\u3000\xa0\u2002":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def halfwidth_spans(text: str, skip: tuple[int, int] | None) -> list[int]:
    """Offsets of half-width , : ; ( ) ? ! used in Chinese text."""
    urls = _urls(text)
    out = set()
    stack: list[int] = []
    pairs: dict[int, int] = {}  # "(" offset -> ")" offset
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs[stack.pop()] = i
    openers = {c: o for o, c in pairs.items()}
    for i, ch in enumerate(text):
        if ch not in _HALF or _in_spans(i, urls) or (skip and skip[0] <= i < skip[1]):
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
    message = "中文里使用了半角标点“{bad}”（本段共 {count} 处）"
    fix = "改为全角标点：， ： ； （ ） ？ ！"
    doc = {
        "what": "中文文字之间使用了半角的 , : ; ( ) ? !（数字中的“1,000”、时间“10:30”、网址和英文不报；标题编号“(一)”由 NUM004 报告）。每段报告一次，data.count 为该段处数。",
        "why": "中文公文使用全角标点；半角标点多由网页复制或英文输入法带入，五份样本全都有。",
        "bad": "2023年,我县坚持以习近平法治思想为指导,合同(协议)18件。",
        "good": "2023年，我县坚持以习近平法治思想为指导，合同（协议）18件。",
        "source": _D4 + "（全角标点）；GB/T 15834—2011《标点符号用法》",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            if b.role in ("date",):
                continue
            spans = halfwidth_spans(b.text, _label_span(ctx, b))
            if spans:
                i = spans[0]
                yield self.at(ctx, b, i, i + 1, message=self.message.format(bad=b.text[i], count=len(spans)),
                              data={"count": len(spans)}, edits=[(j, j + 1, _HALF[b.text[j]]) for j in spans])


_OPEN = {"“": "”", "‘": "’", "（": "）", "(": "）", "《": "》", "【": "】"}
_CLOSE_OF = {"”": "“", "’": "‘", "）": "（", ")": "（", "》": "《", "】": "【"}


def unbalanced(text: str) -> list[tuple[int, str]]:
    """(offset, mark) of marks without a partner: an unmatched closer, or an opener left open."""
    stack: list[tuple[int, str]] = []
    bad = []
    for i, ch in enumerate(text):
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
        "source": _D4 + "；GB/T 15834—2011《标点符号用法》",
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


_ORD = "一二三四五六七八九十"
_ITEM = re.compile(f"([{_ORD}])是")


@register
class EnumerationStop(Rule):
    code = "PUN003"
    name = "enumeration-without-stop"
    severity = "warning"
    message = "“{item}”前缺少句号，上一项没有结束"
    fix = "在“{item}”前加句号"
    doc = {
        "what": "“一是……二是……”列举中，下一项（二是、三是……）前没有任何标点，两项连成一句。",
        "why": "列举的每一项应以句号结束；没有句号时两项粘连，读者不知道上一项在哪里结束。",
        "bad": "报告率达100%二是强化规划落实……",
        "good": "报告率达100%。二是强化规划落实……",
        "source": _D4 + "（一是……二是……每项以句号结束）",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            seen: set[str] = set()
            for m in _ITEM.finditer(b.text):
                n = _ORD.index(m.group(1)) + 1
                if n >= 2 and _ORD[n - 2] in seen and m.start() > 0:
                    prev = b.text[m.start() - 1]
                    if prev not in "。；;！？!?：:，,、 \u3000\n”’）)第" + _ORD:
                        yield self.at(ctx, b, m.start(), m.end(), message=self.message.format(item=m.group(0)),
                                      fix=self.fix.format(item=m.group(0)), data={"item": m.group(0)},
                                      edits=[(m.start(), m.start(), "。")])
                seen.add(m.group(1))


_ENDINGS = "。！？!?；;…：:"


@register
class NoClosingPunctuation(Rule):
    code = "PUN004"
    name = "paragraph-without-stop"
    severity = "warning"
    message = "段落末尾没有句号"
    fix = "在段末加句号"
    doc = {
        "what": "正文段落（不含标题、落款、日期、表格）的最后没有句末标点。",
        "why": "段末缺句号多是删改或复制时丢失，显得草率。",
        "bad": "……形成了一批民主法治示范村梯队，有力提升基层治理能力",
        "good": "……形成了一批民主法治示范村梯队，有力提升基层治理能力。",
        "source": _D4 + "；GB/T 15834—2011《标点符号用法》",
    }

    def check(self, ctx):
        for sec in ctx.outline.sections:
            for b in sec.blocks:
                if b.in_table or b.role not in ("body", "heading"):
                    continue
                h = ctx.outline.heading_on(b)
                text = b.text.rstrip()
                if h is not None and not h.run_in:
                    continue
                body = text[h.body_start:] if h is not None else text
                if len(body.strip()) < 20 or body.lstrip().startswith("附件"):
                    continue
                last = text[-1]
                if last in _ENDINGS or last in "”’）)》】":
                    continue
                yield self.at(ctx, b, len(text) - 1, len(text), excerpt=text[-20:],
                              edits=[(len(text), len(text), "。")])


_SPACE = "[ \u3000\xa0\u2002\u2003\u2009]+"
_STRAY = re.compile(f"(?<=[{HAN}{_CJK_PUNCT},;:]){_SPACE}(?=[{HAN}{_CJK_PUNCT}])|(?<=\\d){_SPACE}(?=[个件次人名家项条份场起户元万亿千百余多%％])")


@register
class StraySpace(Rule):
    code = "PUN005"
    name = "stray-space"
    severity = "warning"
    message = "中文之间有多余的空格"
    fix = "删去空格"
    doc = {
        "what": "汉字、中文标点之间，或数字与量词之间（“3 个”）有空格。段首缩进、书名号和引号内的空格（标题、口号中的分隔）不报。",
        "why": "中文排版不以空格分词；多余空格多由网页复制或排版对齐带入，打印后很显眼。",
        "bad": "2.提高行政执法工作质效。 一是……；建成示范村3 个。",
        "good": "2.提高行政执法工作质效。一是……；建成示范村3个。",
        "source": _D4 + "；GB/T 9704—2012（正文排版）",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            if b.role in ("title", "signature", "date"):
                continue
            text = b.text
            lead = len(text) - len(text.lstrip())
            protected = _protected_spans(text)
            spans = [(m.start(), m.end()) for m in _STRAY.finditer(text)
                     if m.start() > lead and not _inside(m.start(), protected)]
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


_DASH = re.compile(r"(?<![—―])[—―](?![—―])")
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
        "what": "用作破折号（引出解释说明、话题转换）的“—”只有一个字长。数字之间的连接号（“2021—2025年”“GB/T 9704—2012”）、页码“— 1 —”、两个短名称之间的连接号（“中国—东盟”）不报。",
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


def _is_connector(text: str, i: int) -> bool:
    """A 连接号 rather than a 破折号: digits on both sides (a range, a standard's year), or
    words on both sides that are not two whole clauses ("中国—东盟博览会", "人—机对话").
    A dash next to a quotation mark, a bracket or a stop is a 破折号."""
    prev, nxt = _neighbour(text, i, -1), _neighbour(text, i, 1)
    if prev.isdigit() and nxt.isdigit():
        return True
    if not (_WORD_CHAR.match(prev or " ") and _WORD_CHAR.match(nxt or " ")):
        return False
    left = _WORD_BEFORE.search(text[:i]).group(0)
    right = _WORD.match(text, i + 1).group(0)
    return len(left) < 6 or len(right) < 10


# ---------------------------------------------------------------- numbering

def _groups(ctx):
    """(parent level, parent heading or None, [children]) for every sibling group."""
    ol = ctx.outline
    top_level = min((s.heading.level for s in ol.sections if s.heading), default=1)
    yield top_level - 1, None, [s.heading for s in ol.sections if s.heading is not None and s.heading.level == top_level]

    def walk(parent_level, parent, children):
        yield parent_level, parent, children
        for c in children:
            if c.children:
                yield from walk(c.level, c, c.children)

    for s in ol.sections:
        if s.children:
            yield from walk(s.heading.level if s.heading else top_level, s.heading, s.children)


LEVEL_LABELS = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}

# "“放管服”改革：指……", "“三老”问题，是指……" (名词解释, 注释)
_TERM_ITEM = re.compile(r"^[^。；;：:，,]{1,25}(?:[：:]|[，,]?(?:是指|系指|指的是))")
_LINE_END = re.compile(r"[。！？!?；;，,]$")


def _is_term_item(h) -> bool:
    """A numbered "term：definition" item of a glossary or notes list, not a heading."""
    return bool(_TERM_ITEM.match(h.text))


def _is_subtitle(ctx, block) -> bool:
    """An unnumbered line that heads what follows: a short sub-title ("2023年主要工作",
    "附：名词解释") or a lead-in ending in a colon ("重点做好以下工作：")."""
    t = block.text.strip()
    if not t or block.in_table or block.residue or ctx.outline.heading_on(block) is not None:
        return False
    if t.endswith(("：", ":")):
        return True
    return len(t) <= 30 and not _LINE_END.search(t)


def _subtitle_before(ctx, h) -> bool:
    """An unnumbered sub-title line between this heading and the heading before it (of
    any level): the list that starts here belongs to that line."""
    blocks = ctx.document.blocks
    i = h.block.index - 1
    while i >= 0 and ctx.outline.heading_on(blocks[i]) is None:
        if _is_subtitle(ctx, blocks[i]):
            return True
        i -= 1
    return False


def _runs(ctx, children):
    """A sibling group cut where an unnumbered sub-title line may start a new list:
    numbering may restart after "2023年主要工作" or "附：名词解释"."""
    runs = [[children[0]]]
    for h in children[1:]:
        if _subtitle_before(ctx, h):
            runs.append([])
        runs[-1].append(h)
    return runs


@register
class LevelSkipped(Rule):
    code = "NUM001"
    name = "heading-level-skipped"
    severity = "warning"
    message = "标题层级跳级：“{child}”直接在“{parent}”之下，缺少“{missing}”一级"
    fix = "按“一、”“（一）”“1.”“（1）”的顺序逐级使用编号"
    doc = {
        "what": "下级标题跳过了一级，如“四、”下直接用“1.”，没有“（一）”。",
        "why": "GB/T 9704 规定结构层次序数依次为“一、”“（一）”“1.”“（1）”，不能跳级。",
        "bad": "四、2024年工作安排\n1.谋划安排全市法治政府建设工作。",
        "good": "四、2024年工作安排\n（一）谋划安排全市法治政府建设工作。",
        "source": _GBT + " 7.3.3（结构层次序数）",
    }

    def check(self, ctx):
        for parent_level, parent, children in list(_groups(ctx))[1:]:
            first = children[0]
            if all(_is_term_item(h) for h in children):
                continue  # a glossary or notes list ("1.“放管服”改革：指……"), not headings
            if _subtitle_before(ctx, first):
                continue  # a list under its own sub-title or lead-in ("重点做好以下工作：")
            if first.level > parent_level + 1:
                yield self.at(ctx, first.block, first.start, first.start + len(first.label),
                              message=self.message.format(child=first.label, parent=parent.label if parent else "",
                                                          missing=LEVEL_LABELS.get(parent_level + 1, "")),
                              data={"level": first.level, "parent_level": parent_level})


@register
class SequenceGap(Rule):
    code = "NUM002"
    name = "heading-sequence"
    severity = "error"
    message = "标题编号{problem}：“{prev}”之后是“{label}”"
    fix = "按顺序编号：应为“{want}”"
    doc = {
        "what": "同一层级的标题编号有跳号或重号（一、二、四、；（一）（二）（二）），或不从一开始。",
        "why": "编号错乱说明有部分被删除或复制错误，审核人一定会退回修改。",
        "bad": "一、主要举措和成效 二、存在的不足 四、2024年工作安排",
        "good": "一、主要举措和成效 二、存在的不足 三、2024年工作安排",
        "source": _GBT + " 7.3.3（结构层次序数）",
    }

    def check(self, ctx):
        last: dict[tuple, int] = {}  # (part, level) -> last number of the previous group
        for _lvl, _parent, children in _groups(ctx):
            if not children:
                continue
            key = (id(ctx.outline.section_of(children[0].block)), children[0].level)
            before = last.get(key)
            for run in _runs(ctx, children):
                yield from self._run(ctx, run, before)
                numbers = [h.number for h in run if h.number is not None]
                before = numbers[-1] if numbers else before
            last[key] = before

    def _run(self, ctx, run, before):
        """One run of siblings numbered from 1, or straight on from the numbers before it
        (the previous group of the same level in the same part, "1.…2.…（二）…3.…4.", or
        the run before a sub-title line): a gap or a repeat inside it is reported."""
        expected = 1
        first = next((h.number for h in run if h.number is not None), None)
        if first is not None and before is not None and first == before + 1:
            expected = first
        prev = None
        for h in run:
            if h.number is None:
                continue
            if h.number != expected:
                problem = "重复" if prev is not None and h.number == prev.number else "不连续"
                want = _relabel(h.label, expected)
                yield self.at(ctx, h.block, h.start, h.start + len(h.label),
                              message=self.message.format(problem=problem, prev=prev.label if prev else "（开头）",
                                                          label=h.label),
                              fix=self.fix.format(want=want), data={"expected": expected, "found": h.number})
            expected = h.number + 1
            prev = h


def _relabel(label: str, n: int) -> str:
    from ..ingest.numbering import chinese_counting

    if re.search(f"[{_ORD}]", label):
        return re.sub(f"[{_ORD}]+", chinese_counting(n), label)
    return re.sub(r"\d+", str(n), label)


@register
class RunOnHeading(Rule):
    code = "NUM003"
    name = "heading-runs-into-body"
    severity = "warning"
    message = "标题与正文连在一起，标题后缺少句号"
    fix = "在标题末尾加句号，或将标题单独成段"
    doc = {
        "what": "带编号的小标题（“（一）”“1.”）与正文写在同一段，标题后没有句号，整段读成一个长句（到第一个句号超过 50 字）。",
        "why": "小标题应当单独成段或以句号与正文隔开，否则看不出标题在哪里结束。",
        "bad": "（五）纵深推进行政执法工作在新的《行政处罚法》赋予了乡镇执法权后，我局作为牵头单位……",
        "good": "（五）纵深推进行政执法工作。新的《行政处罚法》赋予了乡镇执法权后，我局作为牵头单位……",
        "source": _GBT + " 7.3.3；" + _D4,
    }

    def check(self, ctx):
        for h in ctx.outline.headings:
            if h.level < 2 or not h.label or _is_term_item(h):
                continue  # "1.“放管服”改革：指……": the colon ends the term
            if len(h.text) > 50:
                s = h.start
                yield self.at(ctx, h.block, s, s + len(h.label) + 20, excerpt=h.block.text[s:s + len(h.label) + 30] + "……",
                              data={"length": len(h.text)})


_FULL_LABEL = str.maketrans({"(": "（", ")": "）"})


@register
class HalfWidthLabel(Rule):
    code = "NUM004"
    name = "half-width-label-parentheses"
    severity = "warning"
    message = "标题编号“{label}”使用了半角括号"
    fix = "改为“{good}”"
    doc = {
        "what": "“(一)”“(1)”等编号用了半角括号。",
        "why": "GB/T 9704 的结构层次序数“（一）”“（1）”使用全角括号。",
        "bad": "(一)贯彻党的二十大精神，全面推动法治政府建设",
        "good": "（一）贯彻党的二十大精神，全面推动法治政府建设",
        "source": _GBT + " 7.3.3",
    }

    def check(self, ctx):
        for h in ctx.outline.headings:
            if h.label and ("(" in h.label or ")" in h.label):
                good = h.label.translate(_FULL_LABEL)
                edits = None if h.source == "numbering" else [(h.start, h.start + len(h.label), good)]
                yield self.at(ctx, h.block, h.start, h.start + len(h.label),
                              message=self.message.format(label=h.label), fix=self.fix.format(good=good),
                              data={"label": h.label, "good": good}, edits=edits)


@register
class Level3Comma(Rule):
    code = "NUM005"
    name = "level3-label-dot"
    severity = "info"
    message = "第三层编号“{label}”应使用“.”而不是“、”"
    fix = "改为“{good}”"
    doc = {
        "what": "第三层序数写作“1、”“2、”。",
        "why": "GB/T 9704 规定第三层为“1.”（阿拉伯数字加下脚点）；“1、”常见但不规范。",
        "bad": "1、完善行政决策机制。",
        "good": "1.完善行政决策机制。",
        "source": _GBT + " 7.3.3",
    }

    def check(self, ctx):
        for h in ctx.outline.headings:
            if h.level == 3 and h.label.endswith("、"):
                good = h.label[:-1] + "."
                edits = None if h.source == "numbering" else [(h.start, h.start + len(h.label), good)]
                yield self.at(ctx, h.block, h.start, h.start + len(h.label),
                              message=self.message.format(label=h.label), fix=self.fix.format(good=good),
                              data={"label": h.label}, edits=edits)


# ---------------------------------------------------------------- residue and coverage

@register
class WebResidue(Rule):
    code = "RES001"
    name = "web-residue"
    severity = "error"
    message = "网页残留：“{text}”"
    fix = "删除这一行（从网页复制时带入的导航、分享、页脚等内容）"
    doc = {
        "what": "从网页复制带入的内容：您现在所在的位置、分享到、扫一扫在手机打开当前页、主办单位、联系电话、发布日期、索引号、打印本页、关闭窗口、【字体：大 中 小】……（模式见 rules/residue.yaml），以及网页重复显示的标题。",
        "why": "这些行不是报告的内容，留在稿件里一眼就能看出是从网上拷贝的。",
        "bad": "分享到：\n扫一扫在手机打开当前页\n主办单位：××市司法局",
        "good": "（删除这些行）",
        "source": _D4 + "（网页残留）；rules/residue.yaml",
    }

    def check(self, ctx):
        for b in ctx.outline.residue:
            t = b.text.strip()
            yield self.at(ctx, b, message=self.message.format(text=t[:30]), excerpt=t[:60])


@register
class Coverage(Rule):
    code = "COV001"
    name = "plan-area-coverage"
    severity = "info"
    message = "主要举措没有涉及纲要的 {n} 个领域：{areas}"
    fix = "核对这些领域是否有工作可写；确实没有的可不写"
    doc = {
        "what": "对照《法治政府建设实施纲要（2021—2025年）》的九个方面（词表见 rules/plan_areas.yaml），列出主要举措部分没有涉及的方面。data.covered / data.missing 给出清单。",
        "why": "完整的举措部分应覆盖纲要的主要方面；缺项提示起草人核对是否遗漏了工作。",
        "bad": "（举措只写了执法和普法，没有行政决策、政务公开、数字政府等内容）",
        "good": "（举措覆盖政府职能、制度体系、行政决策、行政执法、应急、矛盾化解、监督、数字政府、党的领导）",
        "source": "domain.md §2（纲要的主要方面）；rules/plan_areas.yaml",
    }

    def check(self, ctx):
        secs = ctx.outline.sections_of("measures") + ctx.outline.sections_of("duty")
        if not ctx.outline.sections_of("measures"):
            return
        text = "\n".join(b.text for s in secs for b in s.blocks)
        covered, missing = [], []
        for area in load_yaml("plan_areas.yaml")["areas"]:
            (covered if any(str(t) in text for t in area["terms"]) else missing).append(area["name"])
        if missing:
            short = [a.split("，")[0] for a in missing]
            sec = ctx.outline.sections_of("measures")[0]
            yield self.at(ctx, sec.opening, message=self.message.format(n=len(missing), areas="；".join(short)),
                          data={"covered": covered, "missing": missing}, excerpt=sec.heading_text[:60])

"""DATA: how figures are written (approximations, percent signs, measures without figures,
parts and totals, the same figure stated twice)."""
from __future__ import annotations

import re
from bisect import bisect_right

from ..engine import Rule, register
from ..engine.prefilter import Scan
from ..numerals import figure_value
from ._common import REGULATION, WRITING_SOURCE


# ---------------------------------------------------------------- data

_APPROX = Scan(r"(?<![\d.])(\d+)(余|多)(?=[\u4e00-\u9fff])")
# "273.56万多条": a figure given to the hundred, then 多
_APPROX_DECIMAL = Scan(r"(?<![\d.])(\d+\.\d{2,})(万|亿)(余|多)(?=[\u4e00-\u9fff])")
_NEAR = re.compile(r"(近|约)(\d{3,})(?![\d.%％﹪年万亿千百])(?=[\u4e00-\u9fff])")


@register
class ExactFigureWithApproximation(Rule):
    code = "DATA001"
    name = "exact-figure-with-approximation"
    severity = "warning"
    message = "“{bad}”：精确数字不应再加“{word}”"
    fix = "写精确数“{exact}”，或约数如“{rough}”"
    doc = {
        "what": "精确到个位的数字后面加“余”“多”，或前面加“近”“约”（如“6228余条”“1062多人”“约1062人”）；以万、亿为单位、带两位以上小数的数后面加“余”“多”（“273.56万多条”）。整十、整百的约数（“6200余条”“150余人”）和“17.8万余人次”不报。",
        "why": "“余”“多”“近”“约”表示约数，与精确数同用自相矛盾；审核人会要求二选一。",
        "bad": "全年发布政府信息6228余条；其中执法人员1062多人。",
        "good": "全年发布政府信息6228条（或：6200余条）。",
        "source": "GB/T 15835—2011《出版物上数字用法》3.3（概数：用于模糊计量的数字）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            for m in _APPROX.finditer(b.text):
                n = m.group(1)
                if len(n) < 2 or n.endswith("0"):
                    continue
                yield self._finding(ctx, b, m, n, m.group(2))
            for m in _APPROX_DECIMAL.finditer(b.text):
                n = m.group(1)
                if n.endswith("0"):
                    continue
                yield self.at(ctx, b, m.start(), m.end(),
                              message=self.message.format(bad=m.group(0), word=m.group(3)),
                              fix=self.fix.format(exact=n + m.group(2), rough=f"{n[:-1]}{m.group(2)}余"),
                              data={"number": n + m.group(2), "word": m.group(3)})
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
    fixable = True
    message = "百分号“{bad}”不规范，应为“%”"
    fix = "改为“%”"
    doc = {
        "what": "使用了小号百分号“﹪”（U+FE6A），或全角“％”与半角“%”混用。",
        "why": "“﹪”是兼容字符，多由网页复制带入，在部分字体中显示异常；同一文稿百分号应统一。",
        "bad": "办复率为100﹪；满意率98％，出庭率100%。",
        "good": "办复率为100%；满意率98%，出庭率100%。",
        "source": WRITING_SOURCE + "；GB/T 15835—2011《出版物上数字用法》",
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
class MeasuresWithoutFigures(Rule):
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
        "source": "《法治政府建设与责任落实督察工作规定》（2019）第二十五条（报告推进法治政府建设的主要举措和成效）",
    }

    def check(self, ctx):
        secs = ctx.outline.sections_of("measures")
        if not secs:
            return
        text = "\n".join(b.text for s in secs for b in s.blocks)
        if not re.search(r"\d", text):
            yield self.at(ctx, secs[0].opening, data={"kind": "measures"}, excerpt=secs[0].heading_text[:60])


_UNIT = r"件|份|个|起|次|人|项|家|条|部|卷|场|篇|名"
_FIGURE = re.compile(rf"(?<![\d.])(\d+)({_UNIT})(?![\d%次])")
# one part of a "其中" list: a short name, then its figure ("行政规范性文件3件")
_PART = re.compile(rf"\s*[:：]?\s*((?:[^\d，,、；;。：:（()）]|[（(][^\d（()）]{{1,6}}[)）]){{1,20}}?)\s*(\d+)\s*({_UNIT})(?=[，,、；;。]|$)")
_NOT_A_PART = re.compile(r"率|同比|增长|下降|减少|增加|较|比|占|已|办结|审结|结案|完成|其中|共|累计|余|多|近|约")


def _unit_class(unit: str) -> str:
    return "件" if unit in ("件", "份") else unit


def _parts_after(text: str, pos: int) -> list[tuple[int, str, int, int]]:
    """(figure, unit class, start, end) of the parts listed from pos on, while each is a
    short name with a figure in one unit."""
    parts = []
    while True:
        m = _PART.match(text, pos)
        if not m or _NOT_A_PART.search(m.group(1)):
            break
        unit = _unit_class(m.group(3))
        if parts and unit != parts[0][1]:
            break
        parts.append((int(m.group(2)), unit, m.start(1), m.end()))
        pos = m.end()
        if pos < len(text) and text[pos] in "，,、；;":
            pos += 1
        else:
            break
    return parts


@register
class PartsExceedTotal(Rule):
    code = "DATA004"
    name = "parts-exceed-total"
    severity = "warning"
    message = "“其中”所列各项之和（{sum}{unit}）超过了总数（{total}）"
    fix = "核对总数和各分项数字"
    doc = {
        "what": "“共……N件，其中A件、B件、C件”的分项之和大于总数（分项与总数同一单位，件和份视为同一单位；总数取“其中”之前同一句或上一句中同单位的数字，分项之和大于其中每一个时才报）。",
        "why": "分项加起来比总数还多，说明数字抄错或口径不一；审核人首先核对的就是这类数字。",
        "bad": "共出具合法性审核意见40份。其中，行政规范性文件3件，重大行政决策文件1份，合同18件，其他文件50件。",
        "good": "共出具合法性审核意见72份。其中，行政规范性文件3件，重大行政决策文件1份，合同18件，其他文件50件。",
        "source": "GB/T 15835—2011《出版物上数字用法》（计量用阿拉伯数字，数值应准确）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            text = b.text
            for m in re.finditer(r"其中\s*[，,:：]?", text):
                parts = _parts_after(text, m.end())
                if len(parts) < 2:
                    continue
                unit = parts[0][1]
                # the totals: figures of the same unit before 其中, in its sentence or,
                # when 其中 opens a sentence, in the sentence before
                head = text[:m.start()]
                stop = head.rfind("。", 0, len(head.rstrip("。 ")))
                before = head[stop + 1:]
                totals = [int(n) for n, u in _FIGURE.findall(before) if _unit_class(u) == unit]
                total_sum = sum(p[0] for p in parts)
                if not totals or total_sum <= max(totals):
                    continue
                start, end = parts[0][2], parts[-1][3]
                yield self.at(ctx, b, start, end,
                              message=self.message.format(sum=total_sum, unit=unit, total="、".join(f"{t}{unit}" for t in totals)),
                              data={"parts": [p[0] for p in parts], "sum": total_sum, "totals": totals})


# ---------------------------------------------------------------- DATA005

# a figure as drafters state it: the words before it, the number (1,300 / 1.2万), the unit
# (anchored on the number; the words before it are read backwards, so a long paragraph
# without figures costs one pass)
_STATED = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万|亿)?\s?(余|多)?"
    r"(人次|件次|户次|场次|批次|件|人|次|个|项|场|家|条|部|卷|篇|名|户|起|份|期|批|所|宗|元|%|％)")
_WORDS_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,40}$")
_ROUGH_AFTER = ("以上", "以下", "左右", "上下", "余", "多")
# what may follow a figure that counts the words before it ("纳入问题清单23条并全部整改到位");
# other words after the unit are what it counts ("推动全县68个小区", "5人民调解员")
_AFTER_FIGURE = re.compile(r"$|[^\u4e00-\u9fff]|[并均全已]")
# words the subject starts or ends with that do not change what is counted
_SUBJECT_LEAD = re.compile(r"^(?:[一二三四五六七八九十]是|年度|年|月|日|全年|本年度|年内|今年|全省|全市|全州|全县|全区|全镇|全乡|全局|我省|我市"
                           r"|我县|我区|我局|本局|共计|一共|共|合计|总计|依法|先后|已经|已|均|还|并|又|另|再|同时|此外|及时)+")
_SUBJECT_TRAIL = re.compile(r"(?:共计|一共|共|合计|总计|达到|达|为|计|有|是|的)+$")
# a subject that names a part, a change, a share, an average, a rank, a rough or planned figure
_NOT_A_TOTAL = re.compile(r"累计|新增|净增|增长|增加|下降|减少|降低|提升|提高|同比|环比|较|比上年|比去年|占|其中|分别"
                          r"|平均|人均|每|第|近|约|超|逾|不到|不足|至少|以来|截至|截止|计划|力争|目标|预计|拟|将|争取|不少于"
                          r"|不低于|月|季度|上半年|下半年|出动")
# the sentence up to the figure names a period, a breakdown or a target: the figure is not the year's total
_OTHER_SCOPE = re.compile(r"其中|分别|包括|上年|去年|前年|同比|环比|较|比上年|上半年|下半年|季度|以来|截至|截止|至今|历年|近年"
                          r"|近\d+年|[一二三四五六七八九十两]年|十三五|十四五|\d+月|[一二三四五六七八九十]+月|月份|计划|力争|目标"
                          r"|预计|争取|累计|新增|依托|针对|聚焦|围绕|面向|借助")
# a campaign named in the sentence or the one before: its outcomes ("出动执法人员200人次") are
# stated campaign by campaign, the same words with other figures
_CAMPAIGN = re.compile(r"专项|行动|活动|宣传周|宣传月|宣传日|整治|攻坚")
# words that name no particular quantity: a subject made of them only ("开展专题培训",
# "召开专题会议", "受教育群众") is said of many activities in one report
_GENERIC = re.compile(r"组织|开展|召开|举办|举行|深入|集中|持续|联合|发放|印发|制作|出动|参与|参加|受教育|服务|惠及|覆盖"
                      r"|专题|专项|各类|各种|相关|日常|主题|法治|普法|法律|宣传|会议|活动|培训|检查|督查|督导|调研|讲座"
                      r"|学习|宣讲|巡查|演练|座谈会|座谈|班|资料|手册|材料|群众|人员|次数|场次")
_YEAR = re.compile(r"(?<![\d—–\-~～至到])((?:19|20)\d{2})(?=\s?年)")  # not the end of "2021—2025年"
_TITLE = re.compile(r"《[^《》]*》")  # a document's name: its years and words are not the figure's
# a place, a body or a field named before the figure ("东城镇", "各乡镇", "市本级", "交通运输领域")
_BODY = re.compile(r"[\u4e00-\u9fff]{2,6}(?:镇|乡|街道|社区|村|局|分局|大队|中队|支队|派出所|司法所|法庭|领域|行业|中心|平台"
                   r"|窗口|工作站|服务站|群体)"
                   r"|各(?![类项种])[\u4e00-\u9fff]{1,4}|[省市州县区]本级|[省市州县区]直")
_CONTEXT = 200  # characters of a sentence read on each side of a figure
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_CLAUSE_END = re.compile(r"[，,。！？；;!?\n]")


class _Stated:
    """One figure: its block, the span of subject and figure, what it counts and where."""

    def __init__(self, block, start, end, subject, unit, written, value, sentence, scope):
        self.block, self.start, self.end = block, start, end
        self.subject, self.unit, self.written, self.value = subject, unit, written, value
        self.sentence = sentence  # (block index, sentence start): two figures of one sentence are not compared
        self.scope = scope  # the narrower places or bodies the sentence names before the figure


class _Said:
    """What earlier sentences said of one subject: the first figure, and every value
    (the figures of the sentence being read are kept apart until it ends)."""

    def __init__(self):
        self.first: _Stated | None = None
        self.values: set = set()
        self.sentence = None
        self.pending: list[_Stated] = []

    def conflict(self, f: _Stated) -> _Stated | None:
        """The first earlier figure, when no earlier sentence gave f's value."""
        if f.sentence != self.sentence:
            for e in self.pending:
                self.first = self.first or e
                self.values.add(e.value)
            self.sentence, self.pending = f.sentence, []
        if self.first is not None and f.value not in self.values:
            return self.first
        return None

    def add(self, f: _Stated) -> None:
        self.pending.append(f)


def _figures_in(block, year: int | None):
    text = block.text
    stops = [x.end() for x in _SENTENCE_END.finditer(text)]
    for m in _STATED.finditer(text):
        unit = "%" if m.group(4) == "％" else m.group(4)
        after = text[m.end():m.end() + 2]
        if m.group(3) or after.startswith(_ROUGH_AFTER) or not _AFTER_FIGURE.match(after):
            continue  # a rough figure ("1200余人次", "50人以上"), or one that counts the words after it
        lead = m.start() - 1 if m.start() and text[m.start() - 1].isspace() else m.start()
        words = _WORDS_BEFORE.search(text, max(0, lead - 40), lead)
        if words is None:
            continue
        run = words.group(0)
        subject = _SUBJECT_TRAIL.sub("", _SUBJECT_LEAD.sub("", run))
        if len(subject) < 4 or _NOT_A_TOTAL.search(subject) or len(_GENERIC.sub("", subject)) < 2:
            continue
        if unit == "%" and not (subject.endswith(("率", "度")) and len(_GENERIC.sub("", subject)) >= 5):
            continue  # a percentage counts only as a named rate ("行政复议纠错率"): others have other bases,
            # and a bare rate ("群众满意度", "工单办结率") is given for each channel and survey
        start = words.start() + run.find(subject)
        k = bisect_right(stops, start)
        sentence_start = max(stops[k - 1] if k else 0, start - _CONTEXT)
        clause_end = _CLAUSE_END.search(text, m.end(), m.end() + _CONTEXT)
        context = _TITLE.sub("", text[sentence_start:clause_end.start() if clause_end else m.end()])
        if _OTHER_SCOPE.search(context):
            continue
        before = stops[k - 2] if k >= 2 else 0  # the start of the sentence before
        if _CAMPAIGN.search(text, max(before, start - _CONTEXT), m.end()):
            continue
        if any(year is None or int(y) != year for y in _YEAR.findall(context)):
            continue  # another year (or, with the report year unknown, any year) in the sentence
        written = m.group(1) + (m.group(2) or "")
        value = figure_value(m.group(1), m.group(2) or "")
        scope = frozenset(_BODY.findall(text[sentence_start:start]))
        yield _Stated(block, start, m.end(), subject, unit, written, value, (block.index, sentence_start), scope)


def _comparable(a, b) -> bool:
    """Two values of one subject that can be the same quantity misstated: one less than half
    of the other is, in real reports, a part stated in a subsection ("全县共调处矛盾纠纷1200件"
    ... "人民调解组织调处矛盾纠纷300件"), not a contradiction."""
    small, large = sorted((a, b))
    return small > 0 and small * 2 >= large


@register
class ConflictingFigures(Rule):
    code = "DATA005"
    name = "conflicting-figures"
    severity = "warning"
    message = "同一数字前后不一致：“{subject}”此处为{value}{unit}，{where}为{previous}{unit}"
    fix = "核对后统一为同一数字；如两处口径不同（年份、范围、分项），在文字中写明"
    doc = {
        "what": "同一项数字在报告中出现两次，数值不同：如前文“全年办理行政复议案件45件”，后文“办理行政复议案件47件”。"
                "比较的是同一说法（数字前的词语相同，去掉“全年”“共”“达”之类的词后至少4个字）、同一单位的数字，"
                "“1,300”“1.2万”按数值比较；报告在后一处，并指出前一处的位置。"
                "句中写明了其他年份或时段（2022年、上年、同比、上半年、月）、分项（其中、分别、包括）、"
                "变化或累计（新增、增长、累计）、目标（计划、力争）、地方、单位或领域（各镇、××街道、市本级、××局、××领域）的数字，"
                "本句或上一句写了专项行动、活动的数字（各次行动各有其数），只由“开展”“召开”“专题”“会议”“培训”“群众”之类泛称组成的说法"
                "（“召开专题会议”“受教育群众”），约数（余、多、以上），排名（第N），非比率的百分数和没有写明对象的比率（“群众满意度”“工单办结率”，各渠道各有其数），同一句中的两个数字，"
                "下一年度安排部分和表格中的数字，都不比较；一处不到另一处一半的（多是后文写的分项，如全县1200件、某中心300件）也不报。",
        "why": "同一项工作的数字前后不一，读者无从判断哪一个是真的，审核人会要求核实；年度报告应当真实、准确。",
        "bad": "（一）……全年办理行政复议案件45件，行政机关负责人出庭应诉率100%。\n（五）……办理行政复议案件47件，纠错率6.4%。",
        "good": "（一）……全年办理行政复议案件45件，行政机关负责人出庭应诉率100%。\n（五）……办理行政复议案件45件，纠错率6.4%。",
        "source": REGULATION + "（年度报告报送上级并向社会公开）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        plans = {b.index for b in ctx.part_blocks("plans")}
        said: dict[tuple, _Said] = {}
        for b in ctx.text_blocks():
            if b.in_table or b.index in plans:
                continue  # a table's figures are laid out by column; plans state targets
            for f in _figures_in(b, ctx.year):
                earlier = said.setdefault((f.subject, f.unit, f.scope), _Said())
                first = earlier.conflict(f)
                if first is not None and _comparable(first.value, f.value):
                    yield self._finding(ctx, f, first)
                earlier.add(f)

    def _finding(self, ctx, f, e):
        path = ctx.outline.path_of(e.block).rstrip("。")
        where = f"前文（{path}，第{e.block.line}行/段）" if path else f"前文（第{e.block.line}行/段）"
        return self.at(ctx, f.block, f.start, f.end,
                       message=self.message.format(subject=f.subject, value=f.written, unit=f.unit, where=where,
                                                   previous=e.written),
                       data={"subject": f.subject, "unit": f.unit, "value": f.written, "previous": e.written,
                             "previous_paragraph": e.block.index, "previous_line": e.block.line})

"""DATA: how figures are written (approximations, percent signs, measures without figures)."""
from __future__ import annotations

import re

from ..engine import Rule, register
from ..engine.prefilter import Scan
from ._common import WRITING_SOURCE


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

"""DATA: how figures are written (approximations, percent signs, measures without figures)."""
from __future__ import annotations

import re

from ..engine import Rule, register
from ._common import WRITING_SOURCE


# ---------------------------------------------------------------- data

_APPROX = re.compile(r"(?<![\d.])(\d+)(余|多)(?=[\u4e00-\u9fff])")
# "273.56万多条": a figure given to the hundred, then 多
_APPROX_DECIMAL = re.compile(r"(?<![\d.])(\d+\.\d{2,})(万|亿)(余|多)(?=[\u4e00-\u9fff])")
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

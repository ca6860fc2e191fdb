"""RES: web residue left in a draft. (RES002 is a data rule in rules/checks/res.yaml.)"""
from __future__ import annotations

from ..engine import Rule, register
from ._common import WRITING_SOURCE


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
        "source": "GB/T 9704—2012 第7章（公文由版头、主体、版记组成，网页导航、浏览次数等不是公文要素）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        for b in ctx.outline.residue:
            t = b.text.strip()
            yield self.at(ctx, b, message=self.message.format(text=t[:30]), excerpt=t[:60])

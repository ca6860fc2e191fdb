"""RES: web residue and text pasted twice left in a draft. (RES002 is a data rule in
rules/checks/res.yaml.)"""
from __future__ import annotations

import re
from itertools import islice

from ..engine import Rule, register
from ..outline.residue import page_chunk_markers
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
        "what": "从网页复制带入的内容：您现在所在的位置、分享到、扫一扫在手机打开当前页、主办单位、联系电话、发布日期、索引号、打印本页、关闭窗口、【字体：大 中 小】，文库网站的资源ID、下载积分、会员登录下载、友情提示、“由会员分享，可在线阅读”、带 .docx 的文件名、“……报告 篇1”，以及文库按页加在文字前的“1、”“2、”……（模式见 rules/residue.yaml），以及网页重复显示的标题。",
        "why": "这些行不是报告的内容，留在稿件里一眼就能看出是从网上拷贝的。",
        "bad": "分享到：\n扫一扫在手机打开当前页\n主办单位：××市司法局",
        "good": "（删除这些行）",
        "source": "GB/T 9704—2012 第7章（公文由版头、主体、版记组成，网页导航、浏览次数等不是公文要素）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        for b in ctx.outline.residue:
            t = b.text.strip()
            yield self.at(ctx, b, message=self.message.format(text=t[:30]), excerpt=t[:60])
        # a 文库 page's page-chunk markers glued to the text: the marker, not the line
        blocks = ctx.text_blocks()
        chunks = page_chunk_markers(blocks)
        for b in blocks:
            if b.index in chunks:
                mark = b.text[:chunks[b.index]].strip()
                yield self.at(ctx, b, 0, chunks[b.index], message=f"网页残留：文库网站的分页标记“{mark}”",
                              fix="删除分页标记（文库网站给每页文字加的序号，不是报告的编号）")


# ---------------------------------------------------------------- text pasted twice

_SPACE = re.compile(r"\s+")
# Between the copies of a repeated clause: nothing, a comma or enumeration comma, and/or
# one connective ("……轮训和开展……轮训"). Never a sentence end or a semicolon: "……习近平法治
# 思想。以学习贯彻习近平法治思想为主线" is two sentences sharing a set phrase.
_GAP = re.compile(r"[，,、]?[ \u3000\xa0]?[和及与并]?")
_GRAM = 10  # the shortest run reported as repeated
_MAX_RUN = 200  # a longer repeat inside one paragraph is left to the eye (and keeps the scan linear)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PER_PARAGRAPH = 5  # a paragraph of nothing but repeats (a hostile input) is not reported 10,000 times


@register
class RepeatedText(Rule):
    code = "RES003"
    name = "repeated-text"
    severity = "warning"
    message = "这一段与第{line}段完全相同，是重复粘贴的吗？"
    fix = "删去重复的段落（保留第{line}段）"
    doc = {
        "what": "同一段正文（20字以上，不含标题、表格和网页残留）在报告里出现两次；或一段话里同一串文字（10字以上）紧接着重复出现，中间至多隔一个逗号或顿号和一个“和、并、及、与”；句号、分号、问号、叹号隔开的是两句话，不算；逗号后的重复串又接着写新的内容（“开展……主题宣传，……主题宣传活动覆盖群众2万人次”），是承上启下的话题，不算。",
        "why": "拼接材料、修改稿件时重复粘贴，读者一眼就能看出稿件没有通读把关。",
        "bad": "自2020年10月以来，共排查出涉民营企业刑事诉讼“挂案”5起，排查出涉民营企业刑事诉讼“挂案”5起。",
        "good": "自2020年10月以来，共排查出涉民营企业刑事诉讼“挂案”5起。",
        "source": WRITING_SOURCE,
    }

    def check(self, ctx):
        ol = ctx.outline
        seen: dict[str, int] = {}  # paragraph text -> its position among the compared blocks
        compared = []
        runs: list[list[int]] = []  # [position of the first copy, of the second, length]
        for b in ctx.text_blocks():
            if b.in_table or b.textbox or ol.role_of(b) not in ("body", "preamble", "heading"):
                continue
            h = ol.heading_on(b)
            if h is not None and not h.run_in:
                continue  # a heading: parts may repeat "（一）主要举措" on purpose
            k = len(compared)
            compared.append(b)
            key = _SPACE.sub("", b.text)
            if len(key) >= 20:
                first = seen.setdefault(key, k)
                if first != k:
                    run = runs[-1] if runs else None
                    if run and run[1] + run[2] == k and run[0] + run[2] == first:
                        run[2] += 1  # a block of paragraphs pasted again: one finding
                    else:
                        runs.append([first, k, 1])
                    continue
            for start, end, first_start in islice(_tandem_repeats(b.text), _PER_PARAGRAPH):
                text = b.text[start:end]
                yield self.at(ctx, b, start, end,
                              message=f"“{text}”紧接着重复出现，是重复粘贴的吗？",
                              fix=f"删去重复的“{text}”",
                              data={"kind": "clause", "first": first_start})
        for first, again, count in runs:
            a, b = compared[first], compared[again]
            many = f"从这一段起连续{count}段正文与第{a.line}段起的{count}段完全相同" if count > 1 else None
            yield self.at(ctx, b, message=(many + "，是重复粘贴的吗？") if many else self.message.format(line=a.line),
                          fix=self.fix.format(line=a.line) if count == 1 else f"删去重复的{count}段（保留第{a.line}段起的{count}段）",
                          data={"kind": "paragraph", "first": a.index, "count": count})


def _chained(gap: str, after: str) -> bool:
    """After a comma the copy opens a new predicate: the name of the activity just held
    is the subject of the next clause ("开展“美好生活·民法典相伴”主题宣传，“美好生活·民法典
    相伴”主题宣传活动覆盖群众2万人次"), ordinary topic chaining, not a paste stutter, which
    ends its clause where the first copy did."""
    return bool(re.search(r"[，,]", gap)) and bool(after) and bool(re.match(r"[\w“《（(]", after))


def _tandem_repeats(text: str):
    """(start, end, start of the first copy) of each run of at least _GRAM characters
    that repeats right after itself, at most a comma (or 、) and a one-character connective
    between (_GAP), never a sentence end: "共排查出……5起，排查出……5起". One pass over the text's
    10-character windows, each compared with its last earlier occurrence; a candidate
    costs at most _MAX_RUN characters to verify."""
    last: dict[str, int] = {}
    n = len(text)
    j = 0
    while j + _GRAM <= n:
        gram = text[j:j + _GRAM]
        p = last.get(gram)
        last[gram] = j
        if p is not None and _GRAM <= j - p <= _MAX_RUN + 3:
            d = j - p
            for g in (3, 2, 1, 0):  # the widest gap first: the copy ends before the comma
                length = d - g
                if length < _GRAM or j + length > n:
                    continue
                gap = text[p + length:j]
                if _GAP.fullmatch(gap) and text[p:p + length] == text[j:j + length] \
                        and len(_CJK.findall(text[j:j + length])) >= 6 \
                        and not _chained(gap, text[j + length:j + length + 1]):
                    yield j, j + length, p
                    for k in range(j + 1, min(j + length, n - _GRAM + 1)):
                        last[text[k:k + _GRAM]] = k
                    j += length
                    break
            else:
                j += 1
            continue
        j += 1

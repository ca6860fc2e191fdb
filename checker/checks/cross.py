"""CROSS rules: this year's report read beside last year's (fzbg check --previous LAST).

Each rule reads last year's report from ``ctx.previous`` (checker.engine.Previous: its
Document and Outline) and runs only when it is given. Every finding quotes both texts:
this year's in its excerpt, last year's in ``data.previous`` (text and location: path,
paragraph, line, part) and in its message.
"""
from __future__ import annotations

import math
import re
from difflib import SequenceMatcher

from ..data import load_yaml
from ..engine import Rule, register
from ..model import Block
from ..outline import Outline, fold
from ._common import plan_item_blocks, shortcomings, terms_data

_REG = "《法治政府建设与责任落实督察工作规定》（2019）第二十五条、第五章“年度报告”"
_SENTENCE = re.compile(r"[。!?;]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_PLACEHOLDER = re.compile(r"【待补充[^】]*】")


def _data() -> dict:
    return load_yaml("cross.yaml")


def _stock() -> list[re.Pattern]:
    return [re.compile(p) for p in _data()["stock_phrases"]]


def _mask(text: str, mark: str) -> str:
    """Folded text with stock phrases cut out (replaced by ``mark``, different for the
    two years so that two cut-outs never count as shared text) and years neutralised."""
    t = fold(text)
    for p in _stock():
        t = p.sub(mark, t)
    return _YEAR.sub("Y", t)


def _content(outline: Outline, block: Block) -> tuple[int, str]:
    """(offset, text) of a paragraph's content: a heading's label and title cut off."""
    h = outline.heading_on(block)
    if h is not None:
        return h.body_start, block.text[h.body_start:]
    return 0, block.text


def _compared(outline: Outline) -> list[Block]:
    """Paragraphs whose content is compared: preamble and the parts' text."""
    return [b for b in outline.document.blocks
            if not outline.is_residue(b) and outline.role_of(b) in ("preamble", "body", "heading")]


def _short(text: str, n: int = 40) -> str:
    text = text.strip().replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"


def _prev_data(ctx, block: Block | None, text: str) -> dict:
    return {"text": text, **ctx.previous.location(block)}


def _where(loc: dict) -> str:
    """Last year's location as a reader finds it: the part path and the line."""
    bits = []
    if loc.get("part"):
        bits.append(loc["part"].rstrip("。"))
    if loc.get("line"):
        bits.append(f"第{loc['line']}行/段")
    return "，".join(bits) or loc.get("path", "")


# ---------------------------------------------------------------- CROSS001

class _PreviousText:
    """Last year's paragraphs, masked, with an index of their sentences and 20-character
    shingles for the search of shared runs."""
    K = 20

    def __init__(self, outline: Outline, min_sentence: int):
        self.blocks: list[tuple[Block, str, str]] = []  # block, content, masked
        self.sentences: dict[str, int] = {}
        self.shingles: dict[str, set[int]] = {}
        for b in _compared(outline):
            _o, content = _content(outline, b)
            masked = _mask(content, "\x01")
            i = len(self.blocks)
            self.blocks.append((b, content, masked))
            for s in _sentences(masked, min_sentence):
                self.sentences.setdefault(s, i)
            for j in range(len(masked) - self.K + 1):
                sh = masked[j:j + self.K]
                if "\x01" not in sh:
                    self.shingles.setdefault(sh, set()).add(i)


def _sentences(masked: str, min_len: int) -> list[str]:
    out = []
    for s in _SENTENCE.split(masked):
        s = s.strip(",，:：")
        if len(s.replace("\x00", "").replace("\x01", "")) >= min_len:
            out.append(s.replace("\x01", "\x00"))  # a cut-out stock phrase matches any other
    return out


@register
class CopiedParagraph(Rule):
    code = "CROSS001"
    name = "copied-paragraph"
    severity = "warning"
    message = "这一段照抄了去年的报告（{where}）：“{prev}”"
    fix = "写今年的情况：今年做了什么、数据是多少、和去年比有什么变化；沿用去年的做法也要写今年的新进展"
    needs_previous = True
    doc = {
        "what": "照抄去年报告的段落（需 --previous）。这一段（或其中至少 80% 的句子，或连续 60 个字以上）与去年报告的某一段相同。"
                "比较前去掉每年都要写的固定表述（习近平法治思想等全称、法规和纲要的名称、提纲的标准标题、开头段“深入学习贯彻……取得新成效”之类的套语，"
                "词表见 rules/cross.yaml 的 stock_phrases），年份不计。与去年相同的不足由 CROSS003 报告，这里不重复。"
                "data.previous 给出去年的原文和位置。",
        "why": "年度报告应报告本年度的举措和成效；成段照抄上年报告，审核人一眼就能看出，说明本年度情况没有如实总结。",
        "bad": "去年：（三）严格规范公正文明执法。……对全县32个行政执法单位开展专项督查，随机抽取执法案卷并逐卷反馈问题清单。\n"
               "今年：（三）严格规范公正文明执法。……对全县32个行政执法单位开展专项督查，随机抽取执法案卷并逐卷反馈问题清单。",
        "good": "今年：（三）严格规范公正文明执法。评查行政处罚案卷60卷，发现问题23个，全部整改到位；"
                "对去年督查发现问题的整改情况开展“回头看”。",
        "source": _REG + "（年度报告报告本年度推进法治政府建设的主要举措和成效）",
    }

    def check(self, ctx):
        d = _data()
        prev = ctx.memo("cross.previous_text", lambda: _PreviousText(ctx.previous.outline, d["min_sentence"]))
        skip = {b.index for b in _repeated_shortcoming_blocks(ctx)}
        for b in _compared(ctx.outline):
            if b.index in skip:
                continue
            offset, content = _content(ctx.outline, b)
            masked = _mask(content, "\x00")
            if len(masked.replace("\x00", "")) < d["min_paragraph"]:
                continue
            hit = self._match(prev, masked, d)
            if hit is None:
                continue
            i, how = hit
            pb, ptext, _m = prev.blocks[i]
            pdata = _prev_data(ctx, pb, pb.text)
            yield self.at(ctx, b, offset, len(b.text.rstrip()),
                          message=self.message.format(where=_where(pdata), prev=_short(ptext)),
                          excerpt=content.strip()[:80], data={"previous": pdata, **how})

    @staticmethod
    def _match(prev: _PreviousText, masked: str, d: dict):
        sentences = _sentences(masked, d["min_sentence"])
        if sentences:
            found = [prev.sentences[s] for s in sentences if s in prev.sentences]
            share = len(found) / len(sentences)
            if found and share >= d["copy_share"]:
                return max(dict.fromkeys(found), key=found.count), {"share": round(share, 2)}
        candidates: set[int] = set()
        K = _PreviousText.K
        for j in range(len(masked) - K + 1):
            candidates |= prev.shingles.get(masked[j:j + K], set())
        best = None
        for i in sorted(candidates):
            other = prev.blocks[i][2]
            m = SequenceMatcher(None, masked, other, autojunk=False).find_longest_match(0, len(masked), 0, len(other))
            if m.size >= d["min_run"] and (best is None or m.size > best[1]):
                best = (i, m.size)
        if best is not None:
            return best[0], {"run": best[1]}
        return None


# ---------------------------------------------------------------- CROSS002

def _key_terms(text: str) -> set[str]:
    from .nlp import terms

    stop = set(terms_data()["stop_terms"]) | set(_data()["stop_terms"])
    # stock phrases say nothing about one plan; years say when, not what
    return terms(_mask(text, " "), stop)


@register
class PlanNotReported(Rule):
    code = "CROSS002"
    name = "plan-not-reported"
    severity = "warning"
    message = "去年安排的“{item}”在今年的主要举措和成效中没有落实情况（去年：{where}）"
    fix = "在主要举措和成效中说明这项安排的落实情况（做了什么、做到什么程度）；没有落实的说明原因"
    needs_previous = True
    needs_jieba = True
    doc = {
        "what": "去年的安排在今年的举措中没有下文（需 --previous）。去年报告“下一年度主要安排”中的一项，在今年的“主要举措和成效”部分找不到落实情况："
                "按关键词比对（jieba 分词，领域词典 rules/terms.txt），今年举措中没有一段同时包含这项安排的"
                "至少 2 个、且不少于 30% 的具体关键词。事项、工作、推进、加强等泛泛的词不算（rules/cross.yaml 的 "
                "stop_terms 和 rules/outline_terms.yaml 的 stop_terms）。只在今年的安排里再写一遍不算落实。"
                "data.previous 给出去年的原文和位置，data.terms 是比对用的关键词。",
        "why": "审核人会拿去年的安排逐项对照今年的举措：安排了的事没有下文，说明安排流于形式或报告不完整。",
        "bad": "去年安排：（三）建设行政执法监督平台。依托省级平台上线行政执法监督信息系统……\n"
               "今年举措：（对执法监督平台只字未提）",
        "good": "今年举措：……行政执法监督信息系统7月上线运行，归集执法数据3.2万条，发出预警46次。",
        "source": _REG + "（年度报告报告上一年度安排的落实情况即本年度的主要举措和成效）",
    }

    def check(self, ctx):
        measures = ctx.outline.sections_of("measures")
        prev_plans = ctx.previous.outline.sections_of("plans")
        if not measures or not prev_plans:
            return
        d = _data()
        # a 【待补充：对照去年安排“……”】 of fzbg skeleton --from names the plan, it does not report on it
        paragraphs = [_key_terms(_PLACEHOLDER.sub("", b.text)) for b in ctx.part_blocks("measures")]
        for pb, text in plan_item_blocks(prev_plans):
            key = _key_terms(text)
            if not key:
                continue
            need = min(len(key), max(d["min_shared"], math.ceil(d["share"] * len(key))))
            if any(len(key & p) >= need for p in paragraphs):
                continue
            pdata = _prev_data(ctx, pb, text.strip())
            head = _lead(text)
            sec = measures[0]
            yield self.at(ctx, sec.opening, message=self.message.format(item=_short(head), where=_where(pdata)),
                          excerpt=sec.heading_text[:60], data={"previous": pdata, "terms": sorted(key)})


def _lead(text: str) -> str:
    """The item's heading: its first line up to the first stop."""
    text = text.strip().split("\n")[0]
    m = re.search(r"[。！？]", text)
    return text[: m.start()].strip() if m else text.strip()


# ---------------------------------------------------------------- CROSS003

def _repeated_shortcomings(ctx) -> list[tuple]:
    """(this year's shortcoming, last year's shortcoming, persists-explained) for each
    shortcoming of this year listed last year in the same words."""
    def compute():
        d = _data()
        mine = shortcomings(ctx.outline.sections_of("problems"))
        theirs = shortcomings(ctx.previous.outline.sections_of("problems"))
        persist = [re.compile(p) for p in d["persist_terms"]]
        out = []
        for s in mine:
            lead = fold(s[3]).rstrip("。.")
            if len(lead) < 4:
                continue
            for t in theirs:
                other = fold(t[3]).rstrip("。.")
                if SequenceMatcher(None, lead, other, autojunk=False).ratio() >= d["same_words"]:
                    out.append((s, t, any(p.search(s[4]) for p in persist)))
                    break
        return out

    return ctx.memo("cross.repeated", compute)


def _repeated_shortcoming_blocks(ctx) -> list[Block]:
    """The paragraphs of this year's shortcomings that were listed last year."""
    out = []
    for s, _t, _why in _repeated_shortcomings(ctx):
        lead = s[0]
        out.append(lead)
        h = ctx.outline.heading_on(lead)
        if h is not None:
            out += [b for b in ctx.outline.document.blocks if ctx.outline.heading_of(b) is h]
    return out


@register
class RepeatedShortcoming(Rule):
    code = "CROSS003"
    name = "repeated-shortcoming"
    severity = "info"
    message = "这项不足去年已用同样的话列出：“{prev}”（去年：{where}），今年没有说明为什么仍未解决"
    fix = "说明去年以来的整改情况和问题仍然存在的原因，如“该问题去年已列出，虽经……仍……，主要原因是……”；已解决的不再列"
    needs_previous = True
    doc = {
        "what": "与去年相同的不足，没有说明为什么仍然存在（需 --previous）。存在的不足中的一项，其概括与去年报告所列的一项相同（相似度 85% 以上），却没有说明原因"
                "（仍、尚未、虽经、去年……等，词表见 rules/cross.yaml 的 persist_terms）。data.previous 给出去年的原文和位置。",
        "why": "同一问题连年照列而不说明整改情况和原因，说明去年的安排没有落实或问题查找流于形式，审核人会追问。",
        "bad": "去年：（一）基层执法规范化水平不高。……\n今年：（一）基层执法规范化水平不高。……（与去年相同）",
        "good": "今年：（一）基层执法规范化水平仍然不高。去年已列出这一问题，虽经轮训，个别乡镇执法文书仍不规范，"
                "主要原因是乡镇执法人员流动大……",
        "source": _REG + "（报告存在的不足和原因）",
    }

    def check(self, ctx):
        for (block, start, end, _lead, _full), (pb, _ps, _pe, plead, pfull), why in _repeated_shortcomings(ctx):
            if why:
                continue
            pdata = _prev_data(ctx, pb, pfull.strip())
            yield self.at(ctx, block, start, end,
                          message=self.message.format(where=_where(pdata), prev=_short(plead.rstrip("。"))),
                          data={"previous": pdata, "previous_item": plead})


# ---------------------------------------------------------------- CROSS004

def _reporter_key(name: str) -> str:
    return re.sub(r"(人民政府|政府)$", "", fold(name))


@register
class WrongPreviousReport(Rule):
    code = "CROSS004"
    name = "wrong-previous-report"
    severity = "error"
    message = "对照的上年报告不对：{what}"
    fix = "改用同一单位上一年度（N−1）的报告作为对照（命令行 --previous，网页和 API 的“去年的报告” previous）"
    needs_previous = True
    doc = {
        "what": "对照的去年报告不是本单位上一年度的报告（需 --previous）。其报告年度不是 N−1（N 为本报告年度），或两份报告的报告单位不同。"
                "年度或单位识别不出时不作判断。data.previous 给出去年报告的年度和单位。",
        "why": "与错误的报告对照，照抄、落实和重复不足的结论都没有意义；多半是选错了文件。",
        "bad": "fzbg check 青溪县2023年度报告.docx --previous 青溪县2021年度报告.docx",
        "good": "fzbg check 青溪县2023年度报告.docx --previous 青溪县2022年度报告.docx",
        "source": _REG + "（年度报告按年度报告上一年度的情况）",
    }

    def check(self, ctx):
        prev = ctx.previous.outline
        where = ctx.outline.title_blocks[0] if ctx.outline.title_blocks else None
        pblock = prev.title_blocks[0] if prev.title_blocks else None
        pdata = {**_prev_data(ctx, pblock, prev.title or ""), "report_year": prev.report_year,
                 "reporter": prev.reporter}
        year, pyear = ctx.year, prev.report_year
        if year and pyear and pyear != year - 1:
            yield self.at(ctx, where, message=self.message.format(
                what=f"本报告是{year}年度，去年报告（{ctx.previous.document.path}）是{pyear}年度，应为{year - 1}年度"),
                data={"previous": pdata, "kind": "year", "expected": year - 1, "found": pyear})
        me, them = ctx.outline.reporter, prev.reporter
        if me and them and _reporter_key(me) != _reporter_key(them):
            yield self.at(ctx, where, message=self.message.format(
                what=f"本报告的报告单位是“{me}”，去年报告（{ctx.previous.document.path}）是“{them}”"),
                data={"previous": pdata, "kind": "reporter", "expected": me, "found": them})

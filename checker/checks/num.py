"""NUM: heading numbering (levels, sequence, run-in headings, label forms)."""
from __future__ import annotations

import re

from ..engine import Rule, register
from ..numerals import chinese_counting
from ._common import ORDINALS, WRITING_SOURCE


_GBT = "GB/T 9704—2012《党政机关公文格式》"


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
    if not t or block.in_table or ctx.outline.is_residue(block) or ctx.outline.heading_on(block) is not None:
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
class HeadingLevelSkipped(Rule):
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
class HeadingSequence(Rule):
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
    if re.search(f"[{ORDINALS}]", label):
        return re.sub(f"[{ORDINALS}]+", chinese_counting(n), label)
    return re.sub(r"\d+", str(n), label)


@register
class HeadingRunsIntoBody(Rule):
    code = "NUM003"
    name = "heading-runs-into-body"
    severity = "warning"
    message = "标题与正文连在一起，标题后缺少句号"
    fix = "在标题末尾加句号，或将标题单独成段"
    doc = {
        "what": "带编号的小标题（“（一）”“1.”）与正文写在同一段，标题后没有句号，整段读成一个长句（到第一个句号超过 50 字，且不是由几个逗号隔开的短语组成、以句号结束的长标题）。",
        "why": "小标题应当单独成段或以句号与正文隔开，否则看不出标题在哪里结束。",
        "bad": "（五）纵深推进行政执法工作在新的《行政处罚法》赋予了乡镇执法权后，我局作为牵头单位……",
        "good": "（五）纵深推进行政执法工作。新的《行政处罚法》赋予了乡镇执法权后，我局作为牵头单位……",
        "source": _GBT + " 7.3.3；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        for h in ctx.outline.headings:
            if h.level < 2 or not h.label or _is_term_item(h):
                continue  # "1.“放管服”改革：指……": the colon ends the term
            if len(h.text) > 50 and not _long_heading_with_stop(h.text):
                s = h.start
                yield self.at(ctx, h.block, s, s + len(h.label) + 20, excerpt=h.block.text[s:s + len(h.label) + 30] + "……",
                              data={"length": len(h.text)})


def _long_heading_with_stop(text: str) -> bool:
    """A long heading that does end with its stop: a few short phrases joined by commas
    and no figure ("学习贯彻……精神，贯彻落实……部署，紧密围绕……工作。"). A heading that
    runs into the body has a long first stretch or the body's figures ("……工作在新的《行政
    处罚法》赋予了乡镇执法权后，我局……2022年……")."""
    clause = text.rstrip("。！？!?；; ")
    if text == clause or re.search(r"[0-9０-９]", clause):
        return False
    return all(len(seg) <= 25 for seg in re.split(r"[，,、；;]", clause))


_FULL_LABEL = str.maketrans({"(": "（", ")": "）"})


class _LabelForm(Rule):
    """A heading label written in a non-standard form (NUM004, NUM005). Each rule says
    which labels it finds and their standard form (`relabel`); the finding marks the label
    and, where the label is typed text rather than Word's automatic numbering (which is
    changed in the numbering definition, not in the text), carries the edit that writes
    the standard form."""

    fixable = True
    data_keys: tuple[str, ...] = ("label",)  # what a finding's data reports: label, good

    def relabel(self, h) -> str | None:  # pragma: no cover - interface
        """The standard form of the heading's label, or None when the label is fine."""
        raise NotImplementedError

    def check(self, ctx):
        for h in ctx.outline.headings:
            good = self.relabel(h) if h.label else None
            if good is None:
                continue
            end = h.start + len(h.label)
            edits = None if h.source == "numbering" else [(h.start, end, good)]
            values = {"label": h.label, "good": good}
            yield self.at(ctx, h.block, h.start, end,
                          message=self.message.format(label=h.label), fix=self.fix.format(good=good),
                          data={k: values[k] for k in self.data_keys}, edits=edits)


@register
class HalfWidthLabelParentheses(_LabelForm):
    code = "NUM004"
    name = "half-width-label-parentheses"
    severity = "warning"
    message = "标题编号“{label}”使用了半角括号"
    fix = "改为“{good}”"
    data_keys = ("label", "good")
    doc = {
        "what": "“(一)”“(1)”等编号用了半角括号。",
        "why": "GB/T 9704 的结构层次序数“（一）”“（1）”使用全角括号。",
        "bad": "(一)贯彻党的二十大精神，全面推动法治政府建设",
        "good": "（一）贯彻党的二十大精神，全面推动法治政府建设",
        "source": _GBT + " 7.3.3",
    }

    def relabel(self, h):
        if "(" in h.label or ")" in h.label:
            return h.label.translate(_FULL_LABEL)
        return None


@register
class Level3LabelDot(_LabelForm):
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

    def relabel(self, h):
        if h.level == 3 and h.label.endswith("、"):
            return h.label[:-1] + "."
        return None

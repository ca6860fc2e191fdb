"""OUT: the parts the 2019 regulation requires, their order and their substance."""
from __future__ import annotations

import re

from ..engine import Rule, register
from ..outline import KIND_NAMES, Section
from ._common import REGULATION, plan_item_blocks, plan_items, shortcomings, terms_data


def _body_text(sec: Section) -> str:
    """The part's text without its own heading line (a run-in body after it is kept)."""
    out = []
    for b in sec.blocks:
        if sec.heading is not None and b is sec.heading.block:
            out.append(b.text[sec.heading.body_start:])
        else:
            out.append(b.text)
    return "\n".join(out)


def folded_parts(ctx) -> dict[str, tuple]:
    """Required parts that are not parts of their own but whose content is written
    inside another part: kind -> (block, start, end, section). Three shapes: a part
    heading that names two kinds ("三、存在的问题及下步打算" names the plans); a problems
    paragraph inside the plans ("当前，我县还存在一些不足……"); the principal leaders'
    duty written as a measure ("（一）……履行推进法治建设第一责任人职责……", "三是……
    第一责任人职责严格压实……年终述法全覆盖"; rules/outline_terms.yaml folded_duty_terms)."""
    return ctx.memo("folded_parts", lambda: _folded_parts(ctx))


def _folded_parts(ctx) -> dict[str, tuple]:
    from ..outline import classify_opening, patterns

    ol = ctx.outline
    out: dict[str, tuple] = {}
    for kind in ctx.profile["required"]:
        if kind not in ol.missing:
            continue
        for sec in ol.sections:
            h = sec.heading
            if h is not None and any(rx.search(h.text) for rx in patterns().headed.get(kind, ())):
                out[kind] = (h.block, h.start, h.start + len(h.line), sec)
                break
    # a problems (or plans) paragraph that the outline would take as an unheaded part,
    # written inside a later part ("四、2024年工作安排\n当前，我县还存在一些不足……")
    for kind in ("problems", "plans"):
        if kind in ol.missing and kind in ctx.profile["required"] and kind not in out:
            hit = next(((b, sec) for sec in ol.sections for b in sec.body()
                        if not b.in_table and ol.heading_on(b) is None
                        and classify_opening(b.text, ol.report_year) == kind), None)
            if hit:
                b, sec = hit
                lead = b.text.strip()
                start = b.text.find(lead)
                end = start + len(re.split(r"(?<=[。；：:])", lead)[0])
                out[kind] = (b, start, end, sec)
    if "duty" in ol.missing and "duty" in ctx.profile["required"] and "duty" not in out:
        rxs = [re.compile(p) for p in terms_data()["folded_duty_terms"]]
        for sec in ol.sections_of("measures"):
            found = _first_match(sec, rxs)
            if found:
                out["duty"] = found + (sec,)
                break
    return out


_DOC_NAME = re.compile(r"《[^《》]*》")


def _measure_object(text: str, m) -> bool:
    """The duty phrase is the object of a measure: a verb of setting up before it and a
    system or document after it, in the same clause ("建立党政主要负责人履行……第一责任人
    职责清单制度"): what the reporter set up for others, not its leader's duty; or a verb of
    pushing others before it with the others named or an assessment after it ("推动各乡镇
    党政主要负责人履行……职责情况纳入考核"): others' leaders, not the reporter's."""
    data = terms_data()
    before, after = text[:m.start()], text[m.start():]
    if re.search(data["duty_measure_verb"], before) and re.search(data["duty_measure_object"], after):
        return True
    push = re.search(data["duty_others_verb"], before)
    return bool(push and (re.search(data["duty_others_scope"], push.group(0))
                          or re.search(data["duty_others_outcome"], after)))


def _heads_others(text: str, m, own, others) -> bool:
    """The phrase is the lead sentence of an item whose body is only about other units'
    leaders: "二是持续强化法治建设第一责任人职责。推动将党政主要负责人履行……职责情况纳入
    市委年度综合考核……推动实现县区党委、政府主要负责人专题述法全覆盖。三是……" (a 司法局's
    measure); not when the body names the reporter's own leader at work."""
    start = max(text.rfind(c, 0, m.start()) for c in "。；;！？") + 1
    if start and not re.match(r"\s*" + terms_data()["item_markers"], text[start:]):
        return False
    end = text.find("。", m.end())
    if end < 0:
        return False
    nxt = re.compile(terms_data()["item_markers"]).search(text, end + 1)
    stop = nxt.start() if nxt else len(text)
    return any(end < o.start() < stop for o in others) \
        and not any(end < o.start() < stop for o in own)


def _first_match(sec: Section, rxs) -> tuple | None:
    """(block, start, end) of the first heading inside the part that matches, else the
    first paragraph that does: a sub-heading names the folded part better than a phrase."""
    hits = []
    for b in sec.blocks:
        if sec.heading is not None and b is sec.heading.block:
            continue
        # a document's name is not the duty written in: "学习《党政主要负责人履行推进法治
        # 建设第一责任人职责规定》" (masked to the same length, so offsets still hold)
        text = _DOC_NAME.sub(lambda m: "\u3000" * len(m.group()), b.text)
        found = [m for rx in rxs for m in rx.finditer(text)]
        ms = [m for m in found if not _measure_object(text, m)]
        if len(ms) < len(found):  # some phrase is others' duty: an item may be headed by it
            others = [m for m in found if m not in ms]
            ms = [m for m in ms if not _heads_others(text, m, ms, others)]
        if ms:
            m = min(ms, key=lambda m: m.start())
            hits.append((b, m.start(), m.end()))
    heads = {h.block.index: h for h in _descendants(sec.children)}
    for b, s, e in hits:
        h = heads.get(b.index)
        if h is not None and s < h.body_start:
            return b, h.start, h.start + len(h.line)
    return hits[0] if hits else None


def _descendants(children):
    for h in children:
        yield h
        yield from _descendants(h.children)


@register
class MissingPart(Rule):
    code = "OUT001"
    name = "missing-part"
    severity = "error"
    message = "缺少必备部分：{name}"
    fix = "按规定增加“{name}”部分（可作为一级标题）"
    doc = {
        "what": "报告缺少规定要求的五个部分之一：主要举措和成效、存在的不足和原因、党政主要负责人履行第一责任人职责情况、下一年度主要安排、其他需要报告的情况。每缺一个部分报告一次，data.kind 写明缺少的部分。内容写在别的部分之中的（如第一责任人职责写成举措中的一项）不报缺少，由 OUT008 提示。",
        "why": "年度报告的内容由督察工作规定明确列举，缺项的报告会被退回补充。“其他需要报告的情况”多数已公开的报告都没有写，审核时很少仅因此退回，缺少时默认只作提示（info）；配置方案 rules/profiles.yaml 的 other_required 可提高为 warning 或 error。",
        "bad": "一、主要举措和成效……\n二、存在的不足……\n三、2024年工作安排……（缺少第一责任人职责情况）",
        "good": "一、党政主要负责人履行推进法治建设第一责任人职责情况……\n二、主要举措和成效……\n三、存在的不足和原因……\n四、2024年工作安排……\n五、其他需要报告的情况\n无。",
        "source": REGULATION,
    }

    def check(self, ctx):
        severities = dict(ctx.profile.get("severity", {}))
        severities["other"] = ctx.profile.get("other_required", "info")
        folded = folded_parts(ctx)
        for kind in ctx.profile["required"]:
            if kind in ctx.outline.missing and kind not in folded:
                name = KIND_NAMES[kind]
                yield self.at(ctx, None, message=self.message.format(name=name),
                              fix=self.fix.format(name=name), data={"kind": kind},
                              severity=severities.get(kind, self.severity), excerpt="")


@register
class UnheadedPart(Rule):
    code = "OUT002"
    name = "unheaded-part"
    severity = "warning"
    message = "“{name}”部分没有标题，只是一个段落"
    fix = "为该部分加一级标题，如“{heading}”"
    doc = {
        "what": "某个必备部分没有自己的标题，只以一段话出现（如“2023年，我市……仍存在一些问题和不足……”“2024年，我市将……”）。data.kind 写明是哪个部分。",
        "why": "审核人按提纲逐项核对，没有标题的部分容易被认为缺项，也不便定位。",
        "bad": "……（第五部分正文之后）\n2023年，我市在推进法治政府建设上仍存在一些问题和不足，比如：……",
        "good": "六、存在的不足和原因\n（一）……",
        "source": REGULATION,
    }
    headings = {"duty": "党政主要负责人履行推进法治建设第一责任人职责情况", "measures": "主要举措和成效",
                "problems": "存在的不足和原因", "plans": "下一年度工作安排", "other": "其他需要报告的情况"}

    def check(self, ctx):
        for sec in ctx.outline.sections:
            if not sec.headed:
                b = sec.opening
                yield self.at(ctx, b, message=self.message.format(name=KIND_NAMES[sec.kind]),
                              fix=self.fix.format(heading=self.headings[sec.kind]),
                              data={"kind": sec.kind}, excerpt=sec.heading_text[:60])


@register
class PartOrder(Rule):
    code = "OUT003"
    name = "part-order"
    severity = "warning"
    message = "各部分的顺序不符合规定：{got}"
    fix = "按规定顺序排列：{want}"
    doc = {
        "what": "各部分的先后顺序不属于配置方案接受的任何一种顺序（规定的顺序，或各地常用的“第一责任人职责在前”的顺序）。",
        "why": "规定列出了年度报告的内容顺序；顺序颠倒（如先写明年安排，再写存在的不足）不便审核比对。",
        "bad": "一、主要举措和成效 二、2024年工作安排 三、存在的不足",
        "good": "一、主要举措和成效 二、存在的不足和原因 三、第一责任人职责情况 四、2024年工作安排 五、其他需要报告的情况",
        "source": REGULATION,
    }
    short = {"duty": "第一责任人职责", "measures": "举措和成效", "problems": "不足和原因",
             "plans": "下一年度安排", "other": "其他情况"}

    def check(self, ctx):
        seq = []
        for sec in ctx.outline.sections:
            if not seq or seq[-1] != sec.kind:
                seq.append(sec.kind)
        if len(seq) < 2:
            return
        orders = ctx.profile["orders"]
        for order in orders:
            rank = {k: i for i, k in enumerate(order)}
            if all(rank[a] <= rank[b] for a, b in zip(seq, seq[1:])):
                return
        rank = {k: i for i, k in enumerate(orders[0])}
        culprit = next((s for s, prev in zip(ctx.outline.sections[1:], ctx.outline.sections)
                        if rank[s.kind] < rank[prev.kind]), ctx.outline.sections[0])
        got = " → ".join(self.short[k] for k in seq)
        want = "；或".join(" → ".join(self.short[k] for k in o) for o in orders)
        yield self.at(ctx, culprit.opening, message=self.message.format(got=got),
                      fix=self.fix.format(want=want), data={"order": seq}, excerpt=culprit.heading_text[:60])


@register
class ProblemsWithoutCauses(Rule):
    code = "OUT004"
    name = "problems-without-causes"
    severity = "warning"
    message = "“存在的不足”部分只列问题，没有分析原因"
    fix = "在不足之后写明原因，如“主要原因是……”“究其原因，……”"
    doc = {
        "what": "存在的不足部分列出了问题，但没有任何原因分析（主要原因是 / 究其原因 / 原因在于 / 主要是由于 …，词表见 rules/outline_terms.yaml）。",
        "why": "规定要求报告“存在的不足和原因”。只列问题不析原因，是年度报告最常见的缺陷（五份样本无一分析原因）。",
        "bad": "三、存在的不足\n（一）法治意识有待进一步提高。部分党员干部……",
        "good": "三、存在的不足和原因\n（一）法治意识有待进一步提高。……主要原因是学法制度落实不到位，考核约束不够。",
        "source": REGULATION,
    }

    def check(self, ctx):
        secs = ctx.outline.sections_of("problems")
        if not secs:
            return
        patterns = [re.compile(p) for p in terms_data()["cause_terms"]]
        text = "\n".join(_body_text(s) for s in secs)
        if any(p.search(text) for p in patterns):
            return
        sec = secs[0]
        yield self.at(ctx, sec.opening, data={"kind": "problems"}, excerpt=sec.heading_text[:60])


@register
class ShortcomingWithoutPlan(Rule):
    code = "OUT005"
    name = "shortcoming-without-plan"
    severity = "info"
    message = "这项不足在下一年度安排中没有对应的措施：{item}"
    fix = "在下一年度安排中针对这项不足写出具体措施"
    needs_jieba = True
    doc = {
        "what": "存在的不足中列出的某一项，在下一年度安排中找不到对应的条目（按关键词比对：jieba 分词，领域词典 rules/terms.txt，过于宽泛的词见 rules/outline_terms.yaml 的 stop_terms）。data.shortcoming 写明这项不足。",
        "why": "审核人会核对“问题—措施”是否一一对应：指出了问题却没有整改安排，说明安排缺乏针对性。",
        "bad": "不足：（三）法治专业人才相对短缺。\n安排：（一）加强法治教育培训。（二）严格规范行政执法行为。",
        "good": "不足：（三）法治专业人才相对短缺。\n安排：（三）加强法治专业人才队伍建设。加大法治专业人才引进力度……",
        "source": REGULATION + "（报告存在的不足和原因、下一年度推进法治政府建设的主要安排）",
    }

    def check(self, ctx):
        problems = ctx.outline.sections_of("problems")
        plans = ctx.outline.sections_of("plans")
        if not problems or not plans:
            return
        from .nlp import runs

        stop = set(terms_data()["stop_terms"])
        # the plans' lead-in ("2024年，我县将坚持以习近平……为指导，重点做好以下工作：")
        # names everything and answers nothing
        lead = {b.index for s in plans for b in _lead_in(s)}
        texts = [t for b, t in plan_item_blocks(plans) if b.index not in lead]
        texts.append("\n".join(b.text for s in plans for b in s.blocks if b.index not in lead))
        # a shortcoming is answered when one of its terms is a term of a plan item or of
        # the whole plans part: of the union of their terms. Terms are those of the runs
        # jieba segments one by one (nlp.runs), so both sides are segmented run by run,
        # in turn, only until a shared term is found (what the segmentation costs).
        plan_runs = iter(dict.fromkeys(r for t in texts for r in runs(t)))
        plan_terms: set[str] = set()
        for block, start, end, text, full in shortcomings(problems):
            if not _covered(runs(full), plan_runs, plan_terms, stop):
                yield self.at(ctx, block, start, end, message=self.message.format(item=text[:40]),
                              data={"shortcoming": text})


def _covered(key_runs: list[str], plan_runs, plan_terms: set[str], stop: set[str]) -> bool:
    """Whether a shortcoming (the runs of its text) needs no finding: it has no term
    (nothing to compare) or shares one with the plans; plan_runs (an iterator, shared
    by all shortcomings) is consumed only as far as needed, its terms kept in
    plan_terms."""
    from .nlp import run_terms

    key: set[str] = set()
    keys = iter(key_runs)
    key_done = plan_done = False
    while not (key_done and plan_done):
        if not key_done:
            run = next(keys, None)
            if run is None:
                key_done = True
                if not key:
                    return True  # no term: nothing to compare
            else:
                new = run_terms(run, stop)
                if new & plan_terms:
                    return True
                key |= new
        if not plan_done:
            run = next(plan_runs, None)
            if run is None:
                plan_done = True
            else:
                new = run_terms(run, stop)
                plan_terms |= new
                if new & key:
                    return True
    return False


_ITEM_START = re.compile(r"\s*(?:[一二三四五六七八九十]是|\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[)）])")


def _lead_in(sec) -> list:
    """The paragraphs that open a part before its first item: those before the first
    sub-heading, else the first paragraph when items follow it."""
    body = [b for b in sec.body() if b.text.strip()]
    if sec.children:
        first = sec.children[0].block.index
        return [b for b in body if b.index < first]
    if len(body) >= 2 and not _ITEM_START.match(body[0].text):
        return body[:1]
    return []


@register
class NoLeaderDuty(Rule):
    code = "OUT006"
    name = "no-leader-duty"
    severity = "warning"
    message = "没有写党政主要负责人履行推进法治建设第一责任人职责的情况"
    fix = "写明党政主要负责人如何履行第一责任人职责：带头学法、研究部署、述法等"
    doc = {
        "what": "第一责任人职责部分中找不到党政主要负责人履职的内容（第一责任人、主要负责人、述法……，词表见 rules/outline_terms.yaml）。没有这一部分时由 OUT001（缺少）或 OUT008（写在别的部分中）报告，本规则不再重复。",
        "why": "规定要求报告“党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况”；这是督察的重点。",
        "bad": "一、加强组织领导\n县政府高度重视法治政府建设……（未提及主要负责人）",
        "good": "一、党政主要负责人履行推进法治建设第一责任人职责情况\n县长带头学法，主持召开常务会议研究法治政府建设4次，年底向县委述法。",
        "source": REGULATION,
    }

    def check(self, ctx):
        # without a duty part, OUT001 (missing) or OUT008 (folded into another part)
        # already reports it: one defect, one finding
        for sec in ctx.outline.sections_of("duty")[:1]:
            # the part's own heading ("……第一责任人职责情况") does not count as content
            text = "\n".join(_body_text(s) for s in ctx.outline.sections_of("duty"))
            if not any(re.search(p, text) for p in terms_data()["duty_terms"]):
                yield self.at(ctx, sec.opening, data={"kind": "duty"}, excerpt=sec.heading_text[:60])


@register
class FoldedPart(Rule):
    code = "OUT008"
    name = "folded-part"
    severity = "warning"
    message = "“{name}”没有单独成部分，写在了“{where}”之中"
    fix = "把这部分内容单独列为一级标题“{heading}”，集中写明"
    doc = {
        "what": "规定要求的某个部分没有自己的一级标题，但内容写在了别的部分之中：第一责任人职责写成主要举措中的一项（“（一）……履行推进法治建设第一责任人职责……”“三是推进法治建设第一责任人职责严格压实……”），或一个标题同时写了两个部分（“三、存在的问题及下步打算”），或不足写成了下一年度安排开头的一段（“当前，我县还存在一些不足……”）。建立职责清单制度、推动或督促各乡镇和部门主要负责人履职述法（“推动各乡镇党政主要负责人履行……职责情况纳入考核”“述法全覆盖”），写的是对别的单位的工作举措，不算本单位的第一责任人职责，此时由 OUT001 报缺少。位置指向这段内容；data.kind 写明是哪个部分，data.part 写明它所在的部分。",
        "why": "内容已经写了，不是缺项，不会被退回；但规定把它列为单独的一项，审核人按提纲逐项核对时找不到它，宜单独成部分。",
        "bad": "二、主要举措和成效\n（一）加强组织领导。县政府主要负责同志认真履行推进法治建设第一责任人职责……",
        "good": "一、党政主要负责人履行推进法治建设第一责任人职责情况\n县政府主要负责同志……\n二、主要举措和成效……",
        "source": REGULATION,
    }

    def check(self, ctx):
        for kind, (block, start, end, sec) in folded_parts(ctx).items():
            name = KIND_NAMES[kind]
            yield self.at(ctx, block, start, end,
                          message=self.message.format(name=name, where=_short(sec.heading_text)),
                          fix=self.fix.format(heading=UnheadedPart.headings[kind]),
                          data={"kind": kind, "part": sec.kind})


def _short(text: str, n: int = 20) -> str:
    return text if len(text) <= n else text[:n] + "……"


@register
class PlansWithoutItems(Rule):
    code = "OUT007"
    name = "plans-without-items"
    severity = "warning"
    message = "下一年度安排只有笼统表述，没有分项的具体安排"
    fix = "把安排分条写出（一是……二是……，或（一）（二）……），每条写明做什么、做到什么程度"
    doc = {
        "what": "下一年度安排部分只有一个不分项的段落：没有下级标题，没有“一是/二是”或编号条目。",
        "why": "笼统的表态式安排无法考核，审核人会要求写出具体事项。",
        "bad": "2024年，我市将坚持以……为指导，全面贯彻……，不断推动法治政府建设高质量发展。",
        "good": "四、2024年工作安排\n（一）开展乡镇执法人员轮训，组织案卷评查2次。\n（二）……",
        "source": REGULATION,
    }

    def check(self, ctx):
        marker = re.compile(terms_data()["item_markers"])
        for sec in ctx.outline.sections_of("plans"):
            if sec.children:
                continue
            body = sec.body()
            if len(body) >= 3:
                continue
            markers = sum(len(marker.findall(b.text)) for b in body)
            if markers >= 2:
                continue
            yield self.at(ctx, sec.opening, excerpt=sec.heading_text[:60])

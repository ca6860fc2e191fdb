"""YEAR: years and time (the plan year, events after the report year, year ranges).
(YEAR002 is a data rule in rules/checks/year.yaml.)"""
from __future__ import annotations

import re
from datetime import date
from itertools import chain

from ..data import load_yaml
from ..engine import Rule, register
from ..engine.prefilter import Scan
from ..outline import KIND_NAMES
from ._common import REGULATION, WRITING_SOURCE


@register
class PlanYear(Rule):
    code = "YEAR001"
    name = "plan-year"
    severity = "error"
    message = "下一年度安排写的是{got}年，报告年度是{year}年，应为{want}年"
    fix = "改为“{want}年”"
    doc = {
        "what": "下一年度安排（标题或开头）写明的年份不是报告年度 N 的下一年 N+1。",
        "why": "关于 N 年的报告，安排的是 N+1 年的工作；写成 N 年通常是沿用上年文稿忘了改。",
        "bad": "（2023年度报告）三、2023年工作安排",
        "good": "（2023年度报告）三、2024年工作安排",
        "source": REGULATION + "（下一年度推进法治政府建设的主要安排）",
    }

    def check(self, ctx):
        ol = ctx.outline
        if ctx.year is None or ol.plan_year is None or ol.plan_year_source == "default":
            return
        if ol.plan_year == ctx.year + 1:
            return
        sec = ol.sections_of("plans")[0]
        block = sec.heading.block if (sec.heading and ol.plan_year_source == "heading") else (
            sec.blocks[1] if sec.heading and len(sec.blocks) > 1 else sec.opening)
        m = re.search(rf"{ol.plan_year}\s*年", block.text)
        start, end = (m.start(), m.end()) if m else (None, None)
        yield self.at(ctx, block, start, end,
                      message=self.message.format(got=ol.plan_year, year=ctx.year, want=ctx.year + 1),
                      fix=self.fix.format(want=ctx.year + 1),
                      data={"plan_year": ol.plan_year, "report_year": ctx.year})


# ---------------------------------------------------------------- years and time

@register
class EventAfterReportYear(Rule):
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
        "source": "会议、法律修订的日期以新华社等权威发布为准（如党的二十届三中全会于2024年7月15日至18日召开）；" + WRITING_SOURCE,
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


_CLAUSE = re.compile(r"[^。；;！？!?，,：:]*")
_SENTENCE = re.compile(r"[^。！？!?]*")


@register
class StalePlanPeriod(Rule):
    code = "YEAR006"
    name = "stale-plan-period"
    severity = "warning"
    message = "关于{year}年的报告把{plan}当作当前工作写，{year}年适用的是{next}"
    fix = "核对是否照抄了旧稿：改写为当年的工作（如{next}），确是回顾往年时写明“……期间”"
    doc = {
        "what": "关于规划期结束以后年份的报告，把已经结束的五年规划（“七五”普法、“十三五”规划 2016—2020年等，登记在 rules/events.yaml 的 periods）当作当前工作写，如2022年度报告写“顺利通过了七五普法宣传教育终期验收”“按照‘十三五’规划的要求”。“十三五”只认把它当作当年依据或工作的写法（实施、落实、推进……“十三五”……规划，根据、按照“十三五”规划，“十三五”规划的要求、部署，“十三五”期间将……），“十三五”时期、期间、以来、圆满完成、收官等回顾不报。规划期结束后的第一年是总结验收、表彰之年，不报（2021年的报告大量写“七五”普法总结验收）；再往后，同一分句里有“先进”“表彰”“……期间”“……以来”“成果”“时期”“收官”“相比”等明显回顾的不报，同一句里同时写了后续规划（“巩固“七五”普法成果，深入实施“八五”普法规划”）的是新旧对比，也不报。每段报告一次。",
        "why": "2022年的报告还在写“七五”普法，多半是把2020年的旧稿改了年份，审核人会退回。",
        "bad": "（2022年度报告）顺利通过了七五普法宣传教育终期验收，积极实施法治宣传教育第七个五年规划。",
        "good": "（2022年度报告）深入实施“八五”普法规划，开展“八五”普法中期评估准备工作。",
        "source": "《中央宣传部、司法部关于开展法治宣传教育的第七个五年规划（2016—2020年）》《……第八个五年规划（2021—2025年）》（2021年6月中共中央、国务院转发）；《中华人民共和国国民经济和社会发展第十三个五年规划纲要》（2016—2020年）、《……第十四个五年规划和2035年远景目标纲要》（2021年3月）",
    }

    def check(self, ctx):
        if not ctx.year:
            return
        periods = ctx.memo("periods", lambda: [
            (p, re.compile(p["pattern"]), re.compile(p["past"]), re.compile(p["successor"]))
            for p in load_yaml("events.yaml")["periods"]])
        for p, rx, allowed, successor in periods:
            if ctx.year <= p["end"] + 1:  # the year after the period sums it up
                continue
            for b in ctx.text_blocks():
                for m in rx.finditer(b.text):
                    clause = next(c for c in _CLAUSE.finditer(b.text) if c.start() <= m.start() <= c.end())
                    if allowed.search(clause.group(0)):
                        continue
                    sentence = next(s for s in _SENTENCE.finditer(b.text) if s.start() <= m.start() <= s.end())
                    if successor.search(sentence.group(0)):  # the old plan set against the new one
                        continue
                    yield self.at(ctx, b, m.start(), m.end(),
                                  message=self.message.format(year=ctx.year, plan=p["name"], next=p["next"]),
                                  fix=self.fix.format(next=p["next"]),
                                  data={"plan": p["name"], "end": p["end"]})
                    break  # once per paragraph


def _valid_date(v) -> bool:
    try:
        date(*v)
        return True
    except (ValueError, TypeError):
        return False


_RANGE_YI = Scan(r"(?<!\d)((?:19|20)\d\d)(\s*)一(\s*)((?:19|20)\d\d)(?!\d)")
# "20212025年", "2021 2025年": the dash of the range was lost (a copy from a web page)
_RANGE_NO_DASH = Scan(r"(?<![\d.])((?:19|20)\d\d)([ \u3000\xa0]?)((?:19|20)\d\d)(?=\s*年)")
_GANGYAO = re.compile(r"法治政府建设实施纲要\s*[（(]\s*(\d{4})\s*[—－\-–~～一至到]+\s*(\d{4})\s*年?\s*[）)]")


@register
class YearRange(Rule):
    code = "YEAR004"
    name = "year-range"
    severity = "warning"
    fixable = True
    message = "年份区间“{bad}”中的“一”是汉字数字，应为连接号"
    fix = "改为“{good}”"
    doc = {
        "what": "年份区间用汉字“一”代替了连接号（“2021一2025年”）或丢了连接号（“20212025年”“2021 2025年”），或《法治政府建设实施纲要》写错了期限（报告年度在 2021—2025 年之间时应为“2021—2025年”）。",
        "why": "“一”与“—”外形相近，是录入时最常见的错字；纲要期限写错说明套用了旧文稿。",
        "bad": "《法治政府建设实施纲要（2021一2025年）》；《法治政府建设实施纲要（2015—2020年）》",
        "good": "《法治政府建设实施纲要（2021—2025年）》",
        "source": "GB/T 15834—2011《标点符号用法》4.13（连接号：标示时间、数值的起止，如“2011—2015年”）；《法治政府建设实施纲要（2021—2025年）》的名称",
    }

    def check(self, ctx):
        for b in ctx.text_blocks():
            for m in _RANGE_YI.finditer(b.text):
                good = f"{m.group(1)}—{m.group(4)}"
                s, e = m.start(), m.end()
                yield self.at(ctx, b, s, e, message=self.message.format(bad=m.group(0)),
                              fix=self.fix.format(good=good), data={"bad": m.group(0), "good": good},
                              edits=[(s, e, good)])
            for m in _RANGE_NO_DASH.finditer(b.text):
                if not 0 < int(m.group(3)) - int(m.group(1)) <= 15:
                    continue
                good = f"{m.group(1)}—{m.group(3)}"
                s, e = m.start(), m.end()
                yield self.at(ctx, b, s, e, message=f"年份区间“{m.group(0)}”缺少连接号",
                              fix=self.fix.format(good=good), data={"bad": m.group(0), "good": good},
                              edits=[(s, e, good)])
            if ctx.year and 2021 <= ctx.year <= 2025:
                for m in _GANGYAO.finditer(b.text):
                    if (m.group(1), m.group(2)) != ("2021", "2025"):
                        yield self.at(ctx, b, m.start(), m.end(),
                                      message=f"《法治政府建设实施纲要》的期限写成了{m.group(1)}—{m.group(2)}年，{ctx.year}年适用的是2021—2025年",
                                      fix="改为“法治政府建设实施纲要（2021—2025年）”",
                                      data={"period": [int(m.group(1)), int(m.group(2))]})


# ---------------------------------------------------------------- the report's own year

_YEAR_AT = r"(?<![\d.])((?:19|20)\d\d)\s*年"
# what turns a year into a point of comparison or a span, not the year reported on:
# "2022年以来", "2022年至2023年", "2022年底", "2022年12月", "2021—2025年"
_NOT_OWN = r"(?!度?\s*(?:以来|来|至|到|[—－\-–~～]|底|末|初|前|后|起|上半年|下半年|第|\d|[一二三四五六七八九十]+月))度?"
# the paragraph that opens the report or a part, in the year reported on: "2022年，我县……",
# "2022年是……之年"
_OPENER = re.compile(r"^[\s\u3000]*" + _YEAR_AT + r"(?:度)?\s*(?:[，,]|是)")
# where the name of the report ends: "……报告如下", "……报告》，请审阅", "……报告" at the end
_NAME_END = r"(?=如下|[》”\"]?\s*(?:$|[。；;，,！？!?：:]))"
# "现将2022年度法治政府建设情况报告如下", "现对2023年所做工作总结如下"
_NOW_REPORT = re.compile(r"现(?:将|就|把|对|呈送|报送)[^。；;，,！？!?]{0,20}?" + _YEAR_AT + _NOT_OWN
                         + r"[^。；;，,！？!?暨]{0,40}?(?:报告|汇报|总结)" + _NAME_END)
_WHAT = r"[^。；;，,！？!?《》暨]{0,30}?(?:法治政府建设|依法行政|法治建设)[^。；;，,！？!?《》暨]{0,20}?"
# "关于2022年度法治政府建设情况的报告", "拟写了《××局2023年度法治政府建设情况报告》",
# "附件：××局2023年度法治政府建设情况报告"
_REPORT_NAME = re.compile(r"(?:关于|(?:拟写了?|报送|呈送)《[^《》。；;，,]{0,20}?|附件[:：]\s*[^。；;，,！？!?《》]{0,20}?)" + _YEAR_AT + _NOT_OWN + _WHAT + r"(?:报告|总结)" + _NAME_END)
# a second title line after a cover letter: "××局2023年度法治政府建设情况报告"
_TITLE_LINE = re.compile(r"^\s*[^。；;，,！？!?：:]{0,30}?" + _YEAR_AT + _NOT_OWN + _WHAT + r"(?:报告|总结)?\s*$")
_HEADING_YEAR = re.compile(_YEAR_AT + _NOT_OWN)
# a clause about the next year or a comparison: its year is not the year reported on
_PLAN_WORDS = re.compile(r"安排|计划|打算|设想|思路|要点")
_COMPARISON = re.compile(r"同比|上一?年|去年|较(?:上|去|同期|\d)|比上|相比|相较")
# a review of several years: "五年法治政府建设情况", "2016—2020年", "“十三五”时期", "……以来"
_MULTI_YEAR = re.compile(r"(?:19|20)\d\d\s*年?\s*[—－\-–~～至到]\s*(?:19|20)\d\d|[二三四五六七八九十两几多]年(?:来|以来|间)?(?!度)|"
                         r"十[一二三四五]五|以来|历年|近年")
_DOC_NAMES = re.compile(r"《[^《》]*》|[（(][^（(）)]*[)）]")
_BASIS = {"title": "标题", "heading": "部分标题", "preamble": "开头"}


@register
class YearMismatch(Rule):
    code = "YEAR005"
    name = "year-mismatch"
    severity = "warning"
    message = "{place}写的是{got}年，{basis}{year}年，年份不一致"
    fix = "核对年份（沿用上年文稿时最容易漏改）：关于{year}年的报告应写“{year}年”；如果报告年度其实是{got}年，改{basis}"
    doc = {
        "what": "开头、报送函、工作或不足部分的标题、部分的第一段写的“本年度”（“现将2022年度……情况报告如下”“2022年，我县……”“关于2022年度……的报告”“一、2022年度推进法治政府建设的主要举措和成效”）与报告年度 N（标题或 --year）不同。“2022年以来”“较2022年增长”“2022年底”“截至2022年”“2021—2025年”、比较的句子、以前年度的事件都不报；下一年度安排的标题由 YEAR001 检查；报告年度只是推测（只有安排年份或成文日期）或报告回顾多个年度时不检查。",
        "why": "起草时沿用上年的报告，正文里的年份没有改全，一份报告里出现两个“本年度”，读者无从判断报告的是哪一年。",
        "bad": "（标题：××县2023年度法治政府建设情况报告）2022年，我县坚持以习近平新时代中国特色社会主义思想为指导……现将2022年度法治政府建设情况报告如下。",
        "good": "（标题：××县2023年度法治政府建设情况报告）2023年，我县坚持以习近平新时代中国特色社会主义思想为指导……现将2023年度法治政府建设情况报告如下。",
        "source": REGULATION + "（每年第一季度报告上一年度法治政府建设情况）；" + WRITING_SOURCE,
    }

    def check(self, ctx):
        ol = ctx.outline
        year = ctx.year
        if not year:
            return
        given = year != ol.report_year  # --year says N
        if not given and ol.report_year_source not in _BASIS:
            return  # N guessed from the plans heading or the date
        if ol.title and _MULTI_YEAR.search(ol.title):
            return
        if ol.preamble and _MULTI_YEAR.match(ol.preamble[0].text.strip()):
            return  # "五年来，……"
        basis = "--year 指定的报告年度是" if given else _BASIS[ol.report_year_source] + "写的是"
        places = self._own_years(ol, year)
        if given:  # the title is where N comes from, unless --year says otherwise
            places = chain(_title_years(ol), places)
        for block, m, place in places:
            got = int(m.group(1))
            if got == year:
                continue
            yield self.at(ctx, block, m.start(1), m.end(1),
                          message=self.message.format(place=place, got=got, basis=basis, year=year),
                          fix=self.fix.format(year=year, got=got, basis="--year 参数" if given else _BASIS[ol.report_year_source]),
                          data={"year": got, "report_year": year,
                                "basis": "--year" if given else ol.report_year_source})

    def _own_years(self, ol, year):
        """(block, match of the year, where) for each place that names the year reported on."""
        front = [b for b in ol.preamble]
        if ol.addressee_block is not None:
            front.insert(0, ol.addressee_block)
        for b in front:
            place = "主送机关" if b is ol.addressee_block else "开头"
            seen = set()
            for rx in (_NOW_REPORT, _REPORT_NAME, _TITLE_LINE):
                for m in rx.finditer(b.text):
                    if m.start(1) in seen or _PLAN_WORDS.search(m.group(0)[m.end(1) - m.start(0):]):
                        continue
                    seen.add(m.start(1))
                    yield b, m, place
            if b is not ol.addressee_block:
                m = _opener(b.text, 0, year)
                if m and m.start(1) not in seen:
                    yield b, m, place
        for sec in ol.sections:
            if sec.kind not in ("duty", "measures", "problems"):
                continue
            h = sec.heading
            if h is not None:
                region = h.block.text[:h.body_start]
                found = [m for m in _HEADING_YEAR.finditer(region)]
                if found and not _names_year_twice(found):
                    yield h.block, found[0], "部分标题“" + _short(h.line) + "”"
            body = sec.body()
            if not body:
                continue
            b = body[0]
            sub = ol.heading_on(b)
            m = _opener(b.text, sub.body_start if sub is not None and sub.run_in else 0, year)
            if m:
                name = _short(sec.heading_text) if h is not None else KIND_NAMES[sec.kind]
                yield b, m, "“" + name + "”部分的第一段"


def _title_years(ol):
    for b in ol.title_blocks:
        m = _HEADING_YEAR.search(b.text)
        if m:
            yield b, m, "标题"
            return


def _short(text: str, n: int = 20) -> str:
    text = text.strip()
    return text if len(text) <= n else text[:n] + "……"


def _names_year_twice(found) -> bool:
    """A heading naming two different years compares them: not the year reported on."""
    return len({m.group(1) for m in found}) > 1


def _opener(text: str, offset: int, year: int):
    """The year a paragraph (from offset) opens with, "2022年，……" or "2022年是……", unless
    its first sentence compares or names the year reported on too, or a later sentence
    opens with that year ("2022年，我县获评……。2023年，……": history first)."""
    m = _OPENER.match(text, offset)
    if not m:
        return None
    end = re.search(r"[。！？!?]", text[m.end():])
    first = text[m.end(): m.end() + end.start()] if end else text[m.end():]
    if _COMPARISON.search(first) or re.search(rf"(?<!\d){year}\s*年", _DOC_NAMES.sub("", first)):
        return None
    if re.search(rf"[。！？!?；;]\s*{year}\s*年度?\s*[，,是]", text[m.end():]):
        return None
    return m

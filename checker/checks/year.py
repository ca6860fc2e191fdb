"""YEAR: years and time (the plan year, events after the report year, year ranges).
(YEAR002 is a data rule in rules/checks/year.yaml.)"""
from __future__ import annotations

import re
from datetime import date

from ..data import load_yaml
from ..engine import Rule, register
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


def _valid_date(v) -> bool:
    try:
        date(*v)
        return True
    except (ValueError, TypeError):
        return False


_RANGE_YI = re.compile(r"(?<!\d)((?:19|20)\d\d)(\s*)一(\s*)((?:19|20)\d\d)(?!\d)")
# "20212025年", "2021 2025年": the dash of the range was lost (a copy from a web page)
_RANGE_NO_DASH = re.compile(r"(?<![\d.])((?:19|20)\d\d)([ \u3000\xa0]?)((?:19|20)\d\d)(?=\s*年)")
_GANGYAO = re.compile(r"法治政府建设实施纲要\s*[（(]\s*(\d{4})\s*[—－\-–~～一至到]+\s*(\d{4})\s*年?\s*[）)]")


@register
class YearRange(Rule):
    code = "YEAR004"
    name = "year-range"
    severity = "warning"
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

"""A guided blank draft: the five parts with their standard headings, and in each part
what a reviewer expects, as 【待补充：……】 placeholders the checker reports (RES002)."""
from __future__ import annotations

from . import ORDERS, PART_HEADINGS
from ..numerals import chinese_counting
from .schema import default_title, official_name
from .title import split_title

GUIDE = {
    "duty": [
        ("带头学法用法", "写明党政主要负责人如何履行第一责任人职责：带头学习习近平法治思想的次数，主持常务会议研究法治政府建设的次数和议题"),
        ("带头述法评议", "写明述法的时间、对象和结果，以及对下级部门主要负责人述法评议的情况"),
    ],
    "measures": [
        ("依法全面履行政府职能", "按纲要各方面写主要举措，每项用数据说明成效：办理件数、完成率、同比变化，如“1498项审批事项进驻政务服务大厅”"),
        ("健全依法行政制度体系", "写规范性文件合法性审核、备案审查、清理的件数和结果"),
        ("严格规范公正文明执法", "写行政执法“三项制度”、案卷评查、执法监督的做法和数据"),
    ],
    "problems": [
        ("不足一（概括问题）", "写具体表现，并分析原因：“主要原因是……”（规定要求写明不足和原因）"),
        ("不足二（概括问题）", "写具体表现和原因；每项不足都要在下一年度安排中有对应的措施"),
    ],
    "plans": [
        ("针对不足一的措施", "写做什么、做到什么程度、何时完成，逐项回应存在的不足"),
        ("针对不足二的措施", "写具体措施和可检验的目标"),
    ],
    "other": [],
}
# a department (…局, …委) reports on its own leaders (局党组, 局主要负责人), its own duties
# and documents, to the government of its level and the department one level up
GUIDE_DEPARTMENT = {
    "duty": [
        ("带头学法用法", "写明局主要负责人如何履行推进法治建设第一责任人职责：局党组理论学习中心组学习习近平法治思想的次数，局党组会议、局长办公会议研究法治政府建设的次数和议题"),
        ("带头述法评议", "写明局主要负责人向本级政府述法的时间和结果，以及对本局内设机构、直属单位负责人履行法治建设职责的考核情况"),
    ],
    "measures": [
        ("依法全面履行部门职能", "按本局职责写主要举措，每项用数据说明成效：办理件数、完成率、同比变化，如“本局全年办理行政许可1268件，按期办结率100%”"),
        ("健全依法行政制度体系", "写本局规范性文件合法性审核、报备、清理的件数和结果，重大行政决策程序的执行情况"),
        ("严格规范公正文明执法", "写本局行政执法“三项制度”、案卷评查、执法监督的做法和数据"),
    ],
    "problems": [
        ("不足一（概括问题）", "写本局工作中的具体表现，并分析原因：“主要原因是……”（规定要求写明不足和原因）"),
        ("不足二（概括问题）", "写具体表现和原因；每项不足都要在下一年度安排中有本局对应的措施"),
    ],
    "plans": GUIDE["plans"],
    "other": [],
}
ADDRESSEE = {
    "government": "【待补充：主送机关，如“中共××市委、××市人民政府”】",
    "department": "【待补充：主送机关，如“××市人民政府、××省司法厅”（本级人民政府和上一级主管部门）】",
}
PREAMBLE = {
    "government": "{year}年，{reporter}【待补充：总体情况一段，写明指导思想和主要成效】。现将有关情况报告如下。",
    "department": "{year}年，{reporter}【待补充：总体情况一段，写明本局在局党组领导下推进法治政府建设的指导思想和主要成效】。现将有关情况报告如下。",
}


def skeleton_context(reporter: str, year: int, kind: str = "government") -> dict:
    official = official_name(reporter, kind)
    blocks = []
    for i, part in enumerate(ORDERS["duty_first"], start=1):
        blocks.append({"level": 1, "text": f"{chinese_counting(i)}、{PART_HEADINGS[part].format(y=year, n=year + 1)}"})
        if part == "other":
            blocks.append({"level": 0, "text": "【待补充：其他需要报告的情况；没有时写“无。”】"})
            continue
        guides = GUIDE_DEPARTMENT if kind == "department" else GUIDE
        for j, (heading, guide) in enumerate(guides[part], start=1):
            blocks.append({"level": 2, "text": f"（{chinese_counting(j)}）【待补充：{heading}】"})
            blocks.append({"level": 0, "text": f"【待补充：{guide}。】"})
    title = default_title(official, year)
    return {
        "title": title,
        "title_lines": split_title(title, [official, reporter]),
        "addressee": ADDRESSEE.get(kind, ADDRESSEE["government"]),
        "preamble": [PREAMBLE.get(kind, PREAMBLE["government"]).format(year=year, reporter=reporter)],
        "blocks": blocks,
        "signature": official,
        "date": f"【待补充：成文日期，如{year + 1}年3月10日】",
        "reporter": reporter,
        "report_year": year,
        "plan_year": year + 1,
    }


def skeleton_from_previous(last: dict, year: int | None = None, reporter: str | None = None,
                           kind: str | None = None) -> dict:
    """Next year's guided draft from last year's report (as checker.generator.extract
    gives it): the years moved on, last year's plan items listed under the measures part
    and last year's shortcomings under the problems part as 【待补充】 to report on,
    everything else as skeleton_context."""
    reporter = reporter or last["reporter"]
    kind = kind or last.get("reporter_kind", "government")
    year = year or last["report_year"] + 1
    ctx = skeleton_context(reporter, year, kind)
    todo = {
        "measures": [f"【待补充：对照去年安排“{_short(p['heading'])}”说明落实情况】" for p in last.get("plans", [])],
        "problems": [f"【待补充：去年所列不足“{_short(p['heading'])}”是否已解决；未解决的说明原因】"
                     for p in last.get("problems", [])],
    }
    headings = {part: PART_HEADINGS[part].format(y=year, n=year + 1) for part in todo}
    blocks = []
    for block in ctx["blocks"]:
        blocks.append(block)
        for part, lines in todo.items():
            if block["level"] == 1 and block["text"].endswith(headings[part]):
                blocks += [{"level": 0, "text": t} for t in lines]
    ctx["blocks"] = blocks
    return ctx


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "……"

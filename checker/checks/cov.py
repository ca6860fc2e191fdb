"""COV: coverage of the areas of the outline for building a law-based government."""
from __future__ import annotations

from ..data import load_yaml
from ..engine import Rule, register


@register
class PlanAreaCoverage(Rule):
    code = "COV001"
    name = "plan-area-coverage"
    severity = "info"
    message = "主要举措没有涉及纲要的 {n} 个领域：{areas}"
    fix = "核对这些领域是否有工作可写；确实没有的可不写"
    doc = {
        "what": "对照《法治政府建设实施纲要（2021—2025年）》的九个方面（词表见 rules/plan_areas.yaml），列出主要举措部分没有涉及的方面。data.covered / data.missing 给出清单。只对政府的报告比较（配置 area_coverage）：部门按本部门职责报告，不必涉及全部九个方面。",
        "why": "完整的举措部分应覆盖纲要的主要方面；缺项提示起草人核对是否遗漏了工作。",
        "bad": "（举措只写了执法和普法，没有行政决策、政务公开、数字政府等内容）",
        "good": "（举措覆盖政府职能、制度体系、行政决策、行政执法、应急、矛盾化解、监督、数字政府、党的领导）",
        "source": "《法治政府建设实施纲要（2021—2025年）》第二至十部分（九个方面的主要任务）",
    }

    def check(self, ctx):
        secs = ctx.outline.sections_of("measures") + ctx.outline.sections_of("duty")
        if not ctx.outline.sections_of("measures") or not ctx.profile.get("area_coverage", True):
            return  # a department reports on its own duties, not on every area of the 纲要
        text = "\n".join(b.text for s in secs for b in s.blocks)
        covered, missing = [], []
        for area in load_yaml("plan_areas.yaml")["areas"]:
            (covered if any(str(t) in text for t in area["terms"]) else missing).append(area["name"])
        if missing:
            short = [a.split("，")[0] for a in missing]
            sec = ctx.outline.sections_of("measures")[0]
            yield self.at(ctx, sec.opening, message=self.message.format(n=len(missing), areas="；".join(short)),
                          data={"covered": covered, "missing": missing}, excerpt=sec.heading_text[:60])

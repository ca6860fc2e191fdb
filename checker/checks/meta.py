"""META: the title, the addressee, the signature and date, revisions and comments."""
from __future__ import annotations

import re

from ..engine import Rule, register
from ..outline import fold, signing_name, title_names_organ
from ._common import REGULATION


@register
class Title(Rule):
    code = "META001"
    name = "title"
    severity = "warning"
    message = "标题{problem}"
    fix = "标题写作“{example}”"
    doc = {
        "what": "没有标题，或标题没有写明年度、“法治政府建设”和“报告”（写成“工作总结”的不是规定的年度报告），或标题没有写明报告单位（如“关于2022年度法治政府建设情况的报告”）；年份后漏了“年”字（“××街道2024法治政府建设年度报告”）的，提示补上“年”字。报告单位包括广州等地以“××街”命名的街道（鹤龙街）和海关、档案馆、林场等机关。标题上方有红头或机关名称、标题下方有机关名称、文末有署名的，读者能看到报告单位，不报没有写明报告单位。",
        "why": "年度报告的文种是“报告”；标题写明报告单位、年度和事由，便于审核、公开和归档。",
        "bad": "榆阳区2024年度法治政府建设工作总结",
        "good": "榆阳区人民政府关于2024年度法治政府建设情况的报告",
        "source": REGULATION + "；GB/T 9704—2012 7.3.1（标题）",
    }

    def check(self, ctx):
        ol = ctx.outline
        year = ctx.year or ol.report_year
        who = signing_name(ol.reporter, ol.reporter_kind) if ol.reporter else "××"
        example = f"{who}关于{year or '××××'}年度法治政府建设情况的报告"
        fix = self.fix.format(example=example)
        if not ol.title:
            yield self.at(ctx, None, message="缺少标题", fix=fix, data={"missing": ["title"]})
            return
        t = fold(ol.title)
        problems, missing = [], []
        bare = re.search(r"(?<!\d)(20\d\d)(?=\s*(?:度|法治|依法|法制))", t)
        if not re.search(r"20\d\d年", t) and bare:  # "沅江路街道2024法治政府建设年度报告"
            problems.append(f"年份“{bare.group(1)}”后缺少“年”字（应写“{bare.group(1)}年度”）")
            missing.append("year_character")
            if year and bare.group(1) != str(year):
                problems.append(f"写的年度不是报告年度{year}年")
                missing.append("year")
        elif not re.search(r"20\d\d年", t):
            problems.append("没有写明年度")
            missing.append("year")
        elif year and str(year) not in t:
            problems.append(f"写的年度不是报告年度{year}年")
            missing.append("year")
        if "法治政府" not in t:
            problems.append("没有写明“法治政府建设”")
            missing.append("法治政府建设")
        if "报告" not in t:
            problems.append("没有用“报告”文种" + ("（写成了“总结”）" if "总结" in t else ""))
            missing.append("报告")
        if not title_names_organ(ol.title) and not (ol.issuer or ol.masthead or ol.signature):
            problems.insert(0, "没有写明报告单位")
            missing.insert(0, "reporter")
        if problems:
            block = ol.title_blocks[0]
            yield self.at(ctx, block, message=self.message.format(problem="，".join(problems)),
                          fix=fix, data={"missing": missing}, excerpt=ol.title)


@register
class SignatureAndDate(Rule):
    code = "META002"
    name = "signature-and-date"
    severity = "warning"
    message = "文末缺少{what}"
    fix = "在正文之后右侧署发文机关名称，下一行写成文日期，如“{who}\n{date}”"
    doc = {
        "what": "正文之后没有发文机关署名，或没有成文日期。署名和日期之后附有表格或附件（附件、附表）时，在其前面查找。部委、省直部门公开的报告常把机关名称和日期写在标题之下（“标题／机关名称／（2024年1月31日）”），这样写的不报缺少。",
        "why": "报告是正式公文，须署发文机关名称并注明成文日期；没有日期就无法判断是否按时报送。",
        "bad": "……提升基层社会治理法治化水平。（文末无署名和日期）",
        "good": "……提升基层社会治理法治化水平。\n\n某某县人民政府\n2024年3月10日",
        "source": "GB/T 9704—2012 7.3.5（发文机关署名、成文日期）",
    }

    def check(self, ctx):
        ol = ctx.outline
        what = []
        # "title / author / (date)": the author and the date under the title sign the report
        first_part = ol.sections[0].paragraph if ol.sections else len(ctx.document.blocks)
        signed_on_top = bool(ol.issuer) and ol.date_block is not None and ol.date_block.index < first_part
        if not ol.signature and not signed_on_top:
            what.append("发文机关署名")
        if not ol.date:
            what.append("成文日期")
        if what:
            # an example date in the first quarter of the year of submission (N+1)
            date = f"{ctx.year + 1}年3月10日" if ctx.year else "××××年×月×日"
            block = ctx.text_blocks()[-1] if ctx.text_blocks() else None
            yield self.at(ctx, block, message=self.message.format(what="和".join(what)),
                          fix=self.fix.format(who=_signing(ol), date=date),
                          data={"missing": what})


def _signing(ol) -> str:
    """The signature a report of this reporter carries: "洛宁县人民政府", with the party
    committee of a joint report before it ("中共洛宁县委 洛宁县人民政府")."""
    if not ol.reporter:
        return "××"
    return " ".join([*ol.co_issuers, signing_name(ol.reporter, ol.reporter_kind)])


@register
class DateDeadline(Rule):
    code = "META003"
    name = "date-deadline"
    severity = "warning"
    message = "成文日期{date}{problem}"
    fix = "核对成文日期：应在{next}年1月1日至{next}年{m}月{d}日之间"
    doc = {
        "what": "成文日期晚于报告年度次年的截止日期（默认3月31日，即第一季度末；配置方案可改），或早于报告年度结束。",
        "why": "规定要求每年第一季度报告上一年度情况；日期在年度结束前说明年度写错，晚于截止日说明逾期。",
        "bad": "（2023年度报告）2024年4月15日",
        "good": "（2023年度报告）2024年3月10日",
        "source": REGULATION + "（每年第一季度报告）",
    }

    def check(self, ctx):
        ol = ctx.outline
        if not ol.date_value or not ctx.year:
            return
        y, m, d = ol.date_value
        deadline = ctx.profile.get("deadline", {"month": 3, "day": 31})
        nxt = ctx.year + 1
        problem = None
        if (y, m, d) < (nxt, 1, 1):
            problem = f"早于{ctx.year}年度结束"
        elif (y, m, d) > (nxt, deadline["month"], deadline["day"]):
            problem = f"晚于{nxt}年{deadline['month']}月{deadline['day']}日的报送截止日期"
        if problem:
            yield self.at(ctx, ol.date_block, message=self.message.format(date=ol.date, problem=problem),
                          fix=self.fix.format(next=nxt, m=deadline["month"], d=deadline["day"]),
                          data={"date": f"{y:04d}-{m:02d}-{d:02d}"}, excerpt=ol.date)


@register
class SignatureDiffersFromReporter(Rule):
    code = "META004"
    name = "signature-differs-from-reporter"
    severity = "warning"
    message = "落款“{signature}”与报告单位“{reporter}”不一致"
    fix = "落款应为报告单位的名称，如“{example}”"
    doc = {
        "what": "发文机关署名中没有报告单位的名称（如武冈市的报告落款为“中共邵阳市委全面依法治市委员会办公室”）。",
        "why": "年度报告由报告单位（政府或部门）报送并署名；落款为别的机关，说明转载或套用了他人的文稿，或报告主体不清。",
        "bad": "邵阳市武冈市2023年度法治政府建设工作报告……\n中共邵阳市委全面依法治市委员会办公室",
        "good": "武冈市人民政府关于2023年度法治政府建设情况的报告……\n武冈市人民政府",
        "source": REGULATION + "；GB/T 9704—2012 7.3.5.1（发文机关署名）",
    }

    def check(self, ctx):
        ol = ctx.outline
        if not ol.signature or not ol.reporter:
            return
        core = re.sub(r"(人民政府|政府)$", "", ol.reporter)
        core = re.sub(r"(自治区|自治州|自治县|省|市|州|盟|地区|县|区|旗|街道|镇|乡|苏木)$", "", core) \
            if ol.reporter_kind in ("government", "township") else core
        if core and core in ol.signature:
            return
        example = signing_name(ol.reporter, ol.reporter_kind)
        yield self.at(ctx, ol.signature_block, message=self.message.format(signature=ol.signature, reporter=ol.reporter),
                      fix=self.fix.format(example=example), data={"signature": ol.signature, "reporter": ol.reporter},
                      excerpt=ol.signature)


@register
class Addressee(Rule):
    code = "META005"
    name = "addressee"
    severity = "info"
    message = "没有主送机关"
    fix = "在标题下写明主送机关（{hint}），后加全角冒号"
    doc = {
        "what": "标题之后没有主送机关（如“中共××市委、××市人民政府：”）。主送机关是紧接标题（或红头和标题）、列出一个或几个机关（以“、”或“，”隔开）、以冒号结尾的一行；开头部分的“现将有关情况报告如下：”不是主送机关。应报送的机关因报告单位而异，见配置方案 rules/profiles.yaml 的 addressee_hint；政府与同级党委联合署名的报告（“中共××县委 ××县人民政府关于……”）报上一级党委和政府（addressee_hint_joint）。",
        "why": "规定明确了报告对象：政府向同级党委、人大常委会和上一级政府报告，部门向本级政府和上一级主管部门报告。对外公开的文本常省略主送机关，因此只作提示。",
        "bad": "青溪县人民政府关于2023年度法治政府建设情况的报告\n2023年，青溪县……",
        "good": "青溪县人民政府关于2023年度法治政府建设情况的报告\n中共云州市委、云州市人民政府：\n2023年，青溪县……",
        "source": REGULATION + "；GB/T 9704—2012 7.3.2（主送机关）",
    }

    def check(self, ctx):
        if ctx.outline.addressee:
            return
        block = ctx.outline.title_blocks[0] if ctx.outline.title_blocks else None
        hint = ctx.profile.get("addressee_hint")
        if ctx.outline.co_issuers:  # issued with the party committee: to the level above
            hint = ctx.profile.get("addressee_hint_joint", hint)
        yield self.at(ctx, block, fix=self.fix.format(hint=hint or "报送机关"),
                      data={"expected": hint}, excerpt=ctx.outline.title or "")


@register
class RevisionsAndComments(Rule):
    code = "META006"
    name = "revisions-and-comments"
    severity = "warning"
    message = "文档中还留有{what}（{where}）"
    fix = "在 Word/WPS 中“接受所有修订”并删除所有批注后再报送"
    doc = {
        "what": "Word 文档中还留有修订痕迹（插入、删除、移动、格式修改）或批注。报告写明各有多少处，以及最先几处所在的段落；data.revisions 按类型计数，data.comments 为批注数，data.paragraphs 为所在段落（从 0 起）。其他规则读的是接受全部修订后的文字。",
        "why": "带修订或批注的稿件是未定稿，审核人会退回；公开时修订和批注还会泄露起草过程中的意见和删改内容。",
        "bad": "（报送的 .docx 中，“全年办理行政复议案件43件”处留有修订：删除“38”、插入“43”；页边有批注“数据请司法局核实”）",
        "good": "（接受所有修订、删除所有批注后的定稿）",
        "source": "《党政机关公文处理工作条例》（2012）第五章“公文拟制”（文稿经审核、签发后成为定稿）；审核惯例",
    }

    def check(self, ctx):
        doc = ctx.document
        if not doc.revisions and not doc.comments:
            return
        what = []
        kinds: dict[str, int] = {}
        for r in doc.revisions:
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
        if doc.revisions:
            what.append(f"修订 {len(doc.revisions)} 处")
        if doc.comments:
            what.append(f"批注 {len(doc.comments)} 条")
        paras = sorted({x.paragraph for x in (*doc.revisions, *doc.comments) if x.paragraph is not None})
        lines = [doc.blocks[i].line for i in paras[:5]]
        where = ("第 " + "、".join(map(str, lines)) + " 段" + ("等" if len(paras) > 5 else "")) if lines else "正文之外"
        block = doc.blocks[paras[0]] if paras else None
        yield self.at(ctx, block, message=self.message.format(what="、".join(what), where=where),
                      data={"revisions": kinds, "comments": len(doc.comments), "paragraphs": paras[:20]})

"""Front and end matter on real-style drafts (issue 9, items 1, 2, 7, 8): the addressee,
web residue above and around the title, the 红头 elements, the reporter and years, and
the signature and date before a trailing table or attachment. Each case is text of the
shape seen in published reports (not their wording); each asserts the outline fields
and the finding or its absence."""
import pytest

import checker
from docx_helpers import new_document

PARTS = """一、党政主要负责人履行推进法治建设第一责任人职责情况
区长主持召开常务会议4次专题研究法治政府建设，带头述法。
二、推进法治政府建设的主要举措和成效
全年审查规范性文件37件，办理行政复议案件56件。
三、存在的不足和原因
基层执法人员专业能力不足。主要原因是培训针对性不强。
四、{plan}年推进法治政府建设的主要安排
一是开展执法人员轮训。二是推进复议应诉规范化。
五、其他需要报告的情况
无。
"""
PREAMBLE = "{year}年，丰源区坚持以习近平法治思想为指导，全面推进依法行政。现将有关情况报告如下：\n"
TITLE = "丰源区人民政府关于{year}年度法治政府建设情况的报告\n"
END = "丰源区人民政府\n2024年3月12日\n"


def body(year=2023):
    return PREAMBLE.format(year=year) + PARTS.format(plan=year + 1)


def run(text, name="t.txt"):
    data = text.encode("utf-8")
    return checker.outline(checker.load(data, name)), checker.check(data, name=name)


def codes(report, code):
    return [f for f in report.findings if f.code == code]


# ---------------------------------------------------------------- 1. addressee

@pytest.mark.parametrize("line,want", [
    ("中共丰源区委、丰源区人大常委会、临川市人民政府：", "中共丰源区委、丰源区人大常委会、临川市人民政府"),
    ("区委，区人大常委会：", "区委，区人大常委会"),
    ("临川市人民政府办公室:", "临川市人民政府办公室"),
    ("市委依法治市办、市司法局：", "市委依法治市办、市司法局"),
])
def test_addressee_after_title_is_found(line, want):
    ol, report = run(TITLE.format(year=2023) + line + "\n" + body() + END)
    assert ol.addressee == want
    assert not codes(report, "META005")


def test_report_as_follows_after_preamble_is_not_the_addressee():
    text = (TITLE.format(year=2023) + "2023年，丰源区全面推进依法行政。\n现将有关情况报告如下：\n"
            + PARTS.format(plan=2024) + END)
    ol, report = run(text)
    assert ol.addressee is None
    assert [f.message for f in codes(report, "META005")] == ["没有主送机关"]


def test_short_colon_line_right_after_title_is_not_an_addressee_unless_it_names_organs():
    text = TITLE.format(year=2023) + "现将2023年度工作情况报告如下：\n" + PARTS.format(plan=2024) + END
    ol, report = run(text)
    assert ol.addressee is None and len(codes(report, "META005")) == 1


def test_addressee_below_a_red_head_block():
    head = "丰源区人民政府文件\n丰政〔2024〕5号\n签发人：周文\n"
    ol, report = run(head + TITLE.format(year=2023) + "临川市人民政府：\n" + body() + END)
    assert ol.addressee == "临川市人民政府"
    assert (ol.masthead, ol.doc_number, ol.signer) == ("丰源区人民政府文件", "丰政〔2024〕5号", "周文")
    assert not codes(report, "RES001")
    d = ol.to_dict()["report"]
    assert d["doc_number"] == "丰政〔2024〕5号" and d["addressee"] == "临川市人民政府"


# ---------------------------------------------------------------- 2. web residue

WEB_LINES = [
    "临川市丰源区人民政府 2024年3月29日 星期五",
    "今天是：2024年3月29日 农历二月二十",
    "无障碍 | 长者模式 简体|繁体",
    "长者模式",
    "文章来源：区司法局 更新时间：2024/03/29 10:12:45",
    "发布于：2024-03-29 10:12:45",
    "浏览次数：1032",
    "访问量：",
    "【打印】【关闭】",
]


def test_site_furniture_above_and_below_the_title_is_residue():
    page = "\n".join(WEB_LINES[:4]) + "\n" + TITLE.format(year=2023) + "\n".join(WEB_LINES[4:]) + "\n" \
        + TITLE.format(year=2023) + "临川市人民政府：\n" + body() + END \
        + "本报记者 林涛 摄\n图为区司法局工作人员在社区开展普法宣传\n上一篇：丰源区召开安全生产会议\n下一篇：丰源区2024年政府信息公开工作要点\n相关链接\n"
    ol, report = run(page)
    fired = [f.excerpt for f in codes(report, "RES001")]
    assert len(fired) == len(WEB_LINES) + 1 + 5  # the repeated title too
    assert ol.title == "丰源区人民政府关于2023年度法治政府建设情况的报告"
    assert ol.addressee == "临川市人民政府"
    assert ol.signature == "丰源区人民政府" and ol.date == "2024年3月12日"
    assert [s.kind for s in ol.sections] == ["duty", "measures", "problems", "plans", "other"]


def test_unrecognised_furniture_above_the_title_does_not_break_title_or_addressee():
    page = ("您当前的位置：首页 > 政务公开 > 法治政府建设\n法治政府建设\n政务公开\n"
            + TITLE.format(year=2023) + TITLE.format(year=2023) + "临川市人民政府：\n" + body() + END)
    ol, report = run(page)
    assert ol.title == "丰源区人民政府关于2023年度法治政府建设情况的报告"
    assert ol.addressee == "临川市人民政府"
    assert sorted(f.excerpt for f in codes(report, "RES001")) == sorted(
        ["您当前的位置：首页 > 政务公开 > 法治政府建设", "法治政府建设", "政务公开",
         "丰源区人民政府关于2023年度法治政府建设情况的报告"])


def test_unrecognised_lines_between_the_title_and_its_repeat_are_residue():
    page = ("首页 > 政务公开 > 工作报告\n" + TITLE.format(year=2023)
            + "2024-03-29 10:12\n区司法局\n分享：微信 微博\n" + TITLE.format(year=2023)
            + "【 纠错 】\n临川市人民政府：\n" + body() + END)
    ol, report = run(page)
    assert ol.title == "丰源区人民政府关于2023年度法治政府建设情况的报告"
    assert ol.addressee == "临川市人民政府"
    fired = sorted(f.excerpt for f in codes(report, "RES001"))
    assert fired == sorted(["首页 > 政务公开 > 工作报告", "2024-03-29 10:12", "区司法局", "分享：微信 微博",
                            "丰源区人民政府关于2023年度法治政府建设情况的报告", "【 纠错 】"])


def test_short_line_under_a_title_is_kept_when_the_draft_is_not_a_web_page():
    ol, report = run(TITLE.format(year=2023) + "（2024年3月12日区政府第15次常务会议审议通过）\n"
                     + "临川市人民政府：\n" + body() + END)
    assert not codes(report, "RES001")
    assert ol.addressee == "临川市人民政府"  # a bracketed note under the title stays in the title block


def test_prose_about_sources_publishing_and_visits_is_not_residue():
    prose = ("二、推进法治政府建设的主要举措和成效\n"
             "来源于群众来信的意见建议全部按期办结。\n"
             "发布时间、发布渠道按照政府信息公开条例执行，全年政府网站浏览次数达到12万次。\n"
             "图为民服务的各项举措逐一落实，群众满意度达到98%。\n"
             "行政复议纠错率>10%的单位>3个，已全部约谈。\n"
             "收入>支出>储备的格局逐步形成。\n"
             "首页面改版后，网站访问量提升三成。\n")
    text = TITLE.format(year=2023) + body().replace("二、推进法治政府建设的主要举措和成效\n", prose) + END
    ol, report = run(text)
    assert not codes(report, "RES001")
    assert ol.residue == []


def test_issuer_line_above_title_without_web_residue_is_not_residue():
    ol, report = run("丰源区人民政府\n2023年度法治政府建设情况报告\n" + body() + END)
    assert not codes(report, "RES001")
    assert ol.issuer == "丰源区人民政府"
    assert ol.title == "2023年度法治政府建设情况报告"


# ---------------------------------------------------------------- 7. reporter and years

def test_issuer_line_names_the_reporter():
    ol, _ = run("丰源县人民政府\n2023年度法治政府建设情况报告\n" + body() + "2024年3月12日\n")
    assert (ol.reporter, ol.reporter_kind, ol.report_year) == ("丰源县", "government", 2023)


@pytest.mark.parametrize("unit", ["临川经济技术开发区", "临川高新区", "临川高新技术产业开发区"])
def test_development_zone_management_committee_is_a_government(unit):
    ol, report = run(f"{unit}管委会关于2023年度法治政府建设情况的报告\n" + body() + f"{unit}管委会\n2024年3月12日\n")
    assert (ol.reporter, ol.reporter_kind) == (unit, "government")
    assert report.to_dict()["profile"] == "government"


def test_department_reporter_is_not_a_government():
    ol, _ = run("临川市丰源区司法局关于2023年度法治政府建设情况的报告\n" + body())
    assert ol.reporter_kind == "department"


def test_year_from_plans_heading_and_date_when_there_is_no_title():
    text = ("一、党政主要负责人履行推进法治建设第一责任人职责情况\n区长带头述法。\n"
            "二、存在的不足和原因\n执法不规范。主要原因是培训不足。\n"
            "三、2024年工作安排\n一是开展轮训。\n")
    ol, _ = run(text)
    assert (ol.report_year, ol.report_year_source) == (2023, "plans")
    ol, _ = run(text.replace("三、2024年工作安排", "三、下一步工作安排") + "丰源区人民政府\n2024年3月12日\n")
    assert (ol.report_year, ol.report_year_source) == (2023, "date")


def test_no_literal_n_plus_one_in_any_message():
    text = "一、主要工作\n今年以来，全区办理复议案件56件。明年将开展轮训。\n二、存在的问题\n执法不规范。\n"
    _, report = run(text)
    assert report.findings
    for f in report.findings:
        assert "N+1" not in f.message and "N+1" not in (f.fix or "")
        assert "{" not in f.message


def test_year002_reason_names_the_year_of_submission():
    text = TITLE.format(year=2023) + body().replace("全年审查", "今年以来审查") + END
    _, report = run(text)
    msgs = [f.message for f in codes(report, "YEAR002")]
    assert msgs and all("报告在2024年报送和公开" in m for m in msgs)


# ---------------------------------------------------------------- 8. signature and date before an attachment

def test_signature_and_date_found_before_a_text_attachment():
    attachment = "附件：2023年度行政执法数据统计\n" + "\n".join(f"{i}.行政检查{i * 10}件" for i in range(1, 30)) + "\n"
    ol, report = run(TITLE.format(year=2023) + body() + END + attachment)
    assert ol.signature == "丰源区人民政府" and ol.date == "2024年3月12日"
    assert not codes(report, "META002")
    assert [s.kind for s in ol.sections][-1] == "other"


def _docx(paragraphs, table_rows):
    import io
    doc = new_document()
    for p in paragraphs:
        doc.add_paragraph(p)
    if table_rows:
        table = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, row in enumerate(table_rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


ROWS = [["项目", "2022年", "2023年"]] + [[f"指标{i}", str(i * 3), str(i * 4)] for i in range(1, 12)]


def test_signature_and_date_found_before_a_trailing_table():
    paras = (TITLE.format(year=2023) + body() + END + "附表\n").splitlines()
    data = _docx(paras, ROWS)
    ol = checker.outline(checker.load(data, "t.docx"))
    report = checker.check(data, name="t.docx")
    assert ol.signature == "丰源区人民政府" and ol.date == "2024年3月12日"
    assert not codes(report, "META002")


def test_missing_signature_and_date_still_reported_when_a_table_ends_the_report():
    paras = (TITLE.format(year=2023) + body()).splitlines()
    data = _docx(paras, ROWS)
    report = checker.check(data, name="t.docx")
    assert [f.data["missing"] for f in codes(report, "META002")] == [["发文机关署名", "成文日期"]]

"""Shapes of real drafts the outline must read: split titles, indentation, dates."""
import pytest

import checker

BODY = """2023年，青溪县深入践行习近平法治思想。现将有关情况报告如下。
一、党政主要负责人履行推进法治建设第一责任人职责情况
县长带头述法。
二、主要举措和成效
全年办理行政复议案件43件。
三、存在的不足和原因
执法不规范。主要原因是培训不足。
四、2024年工作安排
一是加强培训。二是严格考核。
五、其他需要报告的情况
无。
"""


def outline_of(text):
    return checker.outline(checker.load(text.encode("utf-8"), "t.txt"))


@pytest.mark.parametrize("head", [
    "青溪县人民政府\n关于2023年度法治政府建设情况的报告\n",
    "青溪县人民政府关于2023年度法治政府\n建设情况的报告\n",
    "青溪县人民政府关于2023年度法治政府建设情况的报告\n",
])
def test_title_on_one_or_two_lines(head):
    ol = outline_of(head + "云州市人民政府：\n" + BODY)
    assert ol.title == "青溪县人民政府关于2023年度法治政府建设情况的报告"
    assert ol.reporter == "青溪县" and ol.reporter_kind == "government"
    assert ol.addressee == "云州市人民政府"
    assert ol.missing == []


def test_full_width_indentation_and_chinese_numeral_date():
    text = "\n".join("\u3000\u3000" + line for line in BODY.splitlines())
    ol = outline_of("青溪县2023年法治政府建设年度报告\n" + text + "\n青溪县人民政府\n二〇二四年三月十日\n")
    assert [s.kind for s in ol.sections] == ["duty", "measures", "problems", "plans", "other"]
    assert ol.date_value == (2024, 3, 10)
    assert ol.signature == "青溪县人民政府"


def test_department_reporter_from_title():
    ol = outline_of("云州市市场监督管理局关于2023年度法治政府建设情况的报告\n" + BODY)
    assert ol.reporter == "云州市市场监督管理局" and ol.reporter_kind == "department"


def test_combined_problems_and_plans_part_is_split_at_its_plans_child():
    text = ("青溪县2023年法治政府建设年度报告\n"
            "一、党政主要负责人履行推进法治建设第一责任人职责情况\n县长带头述法。\n"
            "二、主要举措和成效\n全年办理行政复议案件43件。\n"
            "三、存在的问题和下一步工作打算\n"
            "（一）存在的问题\n执法不规范。主要原因是培训不足。\n"
            "（二）下一步工作打算\n一是加强培训。二是严格考核。\n"
            "四、其他需要报告的情况\n无。\n")
    ol = outline_of(text)
    assert [s.kind for s in ol.sections] == ["duty", "measures", "problems", "plans", "other"]
    assert ol.missing == []
    report = checker.check(text.encode("utf-8"), name="t.txt")
    assert not [f for f in report.findings if f.code.startswith(("NUM", "OUT001", "OUT003"))]


@pytest.mark.parametrize("heading,kind", [
    ("二、主要问题", "problems"), ("三、困难和问题", "problems"), ("三、短板弱项", "problems"),
    ("四、今后工作打算", "plans"), ("四、2024年工作思路", "plans"), ("四、下一步工作重点", "plans"),
    ("二、主要工作成效", "measures"), ("一、政府主要负责人履职情况", "duty"), ("五、其他事项", "other"),
])
def test_heading_variants(heading, kind):
    from checker.outline import classify_heading, detect_heading
    from checker.model import Block
    h = detect_heading(Block(0, heading))
    assert classify_heading(h.text) == kind


def test_title_found_below_site_navigation():
    nav = "\n".join(["首页", "政务公开", "政策文件", "部门动态", "网上办事", "互动交流", "专题专栏"])
    ol = outline_of(nav + "\n青溪县人民政府关于2023年度法治政府建设情况的报告\n" + BODY)
    assert ol.title == "青溪县人民政府关于2023年度法治政府建设情况的报告"
    assert ol.reporter == "青溪县"
    assert all(ol.role_of(b) != "preamble" for b in ol.document.blocks[:7])


@pytest.mark.parametrize("tail", [
    "（此件公开发布）\n抄送：县委办公室，县人大常委会办公室。\n青溪县人民政府办公室          2024年3月11日印发\n",
    "附件：2023年度法治政府建设重点任务完成情况表\n附件\n2023年度法治政府建设重点任务完成情况表\n序号\t任务\t完成情况\n",
])
def test_signature_and_date_before_notes_imprint_or_attachments(tail):
    text = "青溪县人民政府关于2023年度法治政府建设情况的报告\n" + BODY + "青溪县人民政府\n2024年3月10日\n" + tail
    ol = outline_of(text)
    assert ol.signature == "青溪县人民政府" and ol.date == "2024年3月10日"
    assert ol.sections[-1].kind == "other"
    assert all("抄送" not in b.text and "附件" not in b.text for s in ol.sections for b in s.blocks)
    report = checker.check(text.encode("utf-8"), name="t.txt")
    assert not [f for f in report.findings if f.code in ("META002", "PUN004")]


@pytest.mark.parametrize("head, reporter, kind", [
    # names beginning with 全 are places, not the generic 全县/全市
    ("2023年，全南县自然资源局认真贯彻落实上级部署。\n", "全南县自然资源局", "department"),
    ("现将全椒县人民政府2023年法治政府建设情况报告如下：\n", "全椒县", "government"),
    # the generic forms stay generic
    ("2023年，全县深入践行习近平法治思想。\n", None, "government"),
    ("经济技术开发区管理委员会关于2023年法治政府建设情况报告\n", None, "government"),
    # a fragment after the year is no name; a placeholder is no name
    ("2023年区五年法治政府建设工作情况报告\n", None, None),
    ("2023年，XX市人民政府坚持以习近平法治思想为指导。\n", None, "government"),
    ("2023年，xx市人民政府坚持以习近平法治思想为指导。\n", None, "government"),
    # a department's own party group gives the kind ("市局党委带头"); "市委" does not
    ("2023年，市局党委带头，全市公安机关积极推进法治公安建设。市局党委集体学习。\n", None, "department"),
    # a cover letter names the report inside 《》
    ("关于报送《浦东新区财政局2023年度法治政府建设情况报告》的报告\n", "浦东新区财政局", "department"),
])
def test_reporter_names_and_generic_forms(head, reporter, kind):
    ol = outline_of(head + BODY.split("\n", 1)[1].replace("青溪县", "").replace("县长", "主要负责人"))
    assert (ol.reporter, ol.reporter_kind) == (reporter, kind)


def test_document_title_below_an_aggregator_page_title_wins():
    head = ("2023年区五年法治政府建设工作情况报告\n时间:2023-05-07 17:15:05 公文范文 来源:网友投稿\n"
            "2023年区五年法治政府建设工作情况报告\n区五年法治政府建设工作情况的报告\n")
    body = "五年来，我区全面推进依法行政。现报告如下：\n一、主要举措和成效\n全年办理行政复议案件43件。\n"
    ol = outline_of(head + body)
    assert ol.title == "区五年法治政府建设工作情况的报告"
    assert [b.text for b in ol.residue] == [
        "2023年区五年法治政府建设工作情况报告", "时间:2023-05-07 17:15:05 公文范文 来源:网友投稿",
        "2023年区五年法治政府建设工作情况报告"]
    assert ol.report_year is None  # the year was the aggregator's, not the document's


def test_title_printed_twice_alike_keeps_the_first():
    ol = outline_of("青溪县2023年法治政府建设年度报告\n来源：县司法局\n青溪县2023年法治政府建设年度报告\n" + BODY)
    assert ol.title == "青溪县2023年法治政府建设年度报告" and ol.report_year == 2023
    assert len(ol.residue) == 2

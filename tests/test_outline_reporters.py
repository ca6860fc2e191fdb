"""Who reports, and the title block, on real-style drafts: townships and street offices
(乡镇人民政府, 街道办事处) as reporters and their profile; a ministry's "title / author /
(date)" block under a web page's own H1; lines a title never joins; a numbered list
above the title; generic and placeholder names. Each case is text of the shape real
published reports have (not their wording) and asserts the outline fields and the
findings a user sees."""
import re

import pytest

from test_outline_front_end import codes, run

PARTS = """一、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记、镇长带头学法，主持召开专题会议2次研究法治政府建设。
二、推进法治政府建设的主要举措和成效
全年调处矛盾纠纷86件，开展普法活动24场。
三、存在的不足和原因
执法人员专业能力不足。主要原因是培训针对性不强。
四、2024年推进法治政府建设的主要安排
一是开展执法人员轮训。二是推进矛盾纠纷多元化解。
五、其他需要报告的情况
无。
"""


# ------------------------------------------------------------ townships and streets

@pytest.mark.parametrize("head,reporter", [
    # the title
    ("石桥镇人民政府关于2023年度法治政府建设情况的报告\n", "石桥镇"),
    # a 和 inside the name is no conjunction (renhe_town_2024)
    ("仁和镇人民政府\n关于2023年度法治政府建设情况的报告\n", "仁和镇"),
    ("太和镇人民政府关于2023年度法治政府建设情况的报告\n", "太和镇"),
    ("柳湾乡人民政府2023年法治政府建设年度报告\n", "柳湾乡"),
    ("青阳街道2023年度法治政府建设工作报告\n", "青阳街道"),
    ("临江区人民政府青阳街道办事处关于2023年度法治政府建设情况的报告\n", "青阳街道"),
    ("临川市临江区青阳街道办事处2023年法治政府建设年度报告\n", "青阳街道"),
    ("中共青阳街道工作委员会 青阳街道办事处\n2023年度法治政府建设情况报告\n", "青阳街道"),
    ("鹤龙街2023年法治政府建设年度报告\n", "鹤龙街"),  # Guangzhou names its street offices ××街
    ("广州市白云区三元里街2023年法治政府建设年度报告\n", "三元里街"),
    ("沅江路街道2023法治政府建设年度报告\n", "沅江路街道"),  # the year without 年 ends the name
    # the preamble, with no title
    ("2023年，青阳街道以习近平法治思想为指导，全面推进法治政府建设。\n", "青阳街道"),
    ("2023年，在区委、区政府的正确领导下，青阳街道办事处坚持依法行政。\n", "青阳街道"),
    ("2023年，青阳街道党工委坚持以习近平法治思想为指导。\n", "青阳街道"),
    ("2023年，鹤龙街坚持以习近平法治思想为指导，全面推进法治政府建设。\n", "鹤龙街"),
])
def test_township_and_street_reporters(head, reporter):
    ol, _ = run(head + "现将有关情况报告如下：\n" + PARTS)
    assert (ol.reporter, ol.reporter_kind) == (reporter, "township")


def test_a_street_office_is_not_a_department_and_gets_the_township_profile():
    ol, report = run("临江区人民政府青阳街道办事处关于2023年度法治政府建设情况的报告\n"
                     "2023年，我街道全面推进依法行政。现将有关情况报告如下：\n" + PARTS + "青阳街道办事处\n2024年2月20日\n")
    assert ol.reporter_kind == "township" and report.profile == "township"
    hint = codes(report, "META005")[0].fix
    # a street has no 人大; it reports to the district's party committee and government
    assert "区委" in hint and "人大" not in hint
    assert not codes(report, "META004")  # signed by the street office: the reporter


def test_wo_zhen_gives_the_kind_and_the_name_the_text_repeats():
    text = ("关于2023年度法治政府建设情况的报告\n县委、县政府：\n"
            "2023年，我镇全面推进依法行政，结合镇情实际开展工作。现将有关情况报告如下：\n"
            + PARTS.replace("全年调处", "全面推行镇长热线，在石桥镇落地见效，全年调处"))
    ol, report = run(text)
    assert ol.reporter_kind == "township" and report.profile == "township"
    assert ol.reporter == "石桥镇"  # not "结合镇" (镇情) nor "推行镇" (镇长)


@pytest.mark.parametrize("name", ["景德镇市", "宁乡市", "安乡县"])
def test_cities_and_counties_named_with_zhen_or_xiang_stay_governments(name):
    ol, _ = run(f"{name}人民政府关于2023年度法治政府建设情况的报告\n" + PARTS)
    assert (ol.reporter, ol.reporter_kind) == (name, "government")


@pytest.mark.parametrize("name", ["镇海区", "镇江市", "镇安县", "镇原县", "镇雄县"])
@pytest.mark.parametrize("dept", ["", "司法局", "农业农村局"])
def test_places_beginning_with_zhen_name_their_reporter(name, dept):
    # zhenhai_nync_2021: a county or city named 镇… is no township's organ with its place left out
    ol, _ = run(f"{name}{dept}2023年度法治政府建设情况报告\n" + PARTS)
    assert (ol.reporter, ol.reporter_kind) == (name + dept, "department" if dept else "government")


@pytest.mark.parametrize("name", ["丰源县住房和城乡建设局", "丰源县农业农村和乡村振兴局", "丰源县人民政府办公室"])
def test_departments_with_xiang_in_their_name_stay_departments(name):
    ol, report = run(f"{name}关于2023年度法治政府建设情况的报告\n" + PARTS)
    assert (ol.reporter, ol.reporter_kind) == (name, "department")
    assert report.profile == "department"


def test_township_kind_in_json_and_outline_text(tmp_path):
    from typer.testing import CliRunner

    from checker.cli import app

    f = tmp_path / "镇.txt"
    f.write_text("石桥镇人民政府关于2023年度法治政府建设情况的报告\n" + PARTS, encoding="utf-8")
    out = CliRunner().invoke(app, ["outline", str(f)]).output
    assert "报告单位：石桥镇（乡镇、街道）" in out


# ------------------------------------------------------ title / author / (date) block

BLOCK = "2023年法治政府建设年度报告\n湖南省丰源厅\n（2024年1月31日）\n"
PREAMBLE = "2023年，我厅深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下：\n"


def test_title_author_date_block_gives_issuer_and_date():
    ol, report = run(BLOCK + PREAMBLE + PARTS.replace("镇党委书记、镇长", "厅长"))
    assert ol.title == "2023年法治政府建设年度报告"
    assert (ol.issuer, ol.reporter, ol.reporter_kind) == ("湖南省丰源厅", "湖南省丰源厅", "department")
    assert ol.date_value == (2024, 1, 31)
    assert not codes(report, "META002") and not codes(report, "RES001")


def test_page_h1_above_the_title_block_is_residue_and_the_block_is_kept():
    ol, report = run("湖南省丰源厅2023年法治政府建设年度报告\n" + BLOCK + PREAMBLE + PARTS)
    assert ol.title == "2023年法治政府建设年度报告"
    assert ol.issuer == "湖南省丰源厅"
    assert [f.excerpt for f in codes(report, "RES001")] == ["湖南省丰源厅2023年法治政府建设年度报告"]
    assert not codes(report, "META002")


def test_date_at_the_end_stays_the_date_and_the_top_date_is_a_note():
    ol, _ = run(BLOCK + PREAMBLE + PARTS + "湖南省丰源厅\n2024年2月2日\n")
    assert ol.date_value == (2024, 2, 2) and ol.signature == "湖南省丰源厅"


def test_no_signature_and_no_author_is_still_reported():
    _, report = run("湖南省丰源厅2023年法治政府建设年度报告\n" + PREAMBLE + PARTS)
    assert codes(report, "META002")


# ------------------------------------------------------------------ title joins

def test_file_name_and_meta_rows_never_join_the_title():
    text = ("丰源县教育局2023年度法治政府建设工作报告.docx\n资源ID：55845048\n资源大小：14.50KB\n-\n"
            "丰源县教育局2023年度法治政府建设工作报告\n"
            "2023年，丰源县教育局坚持依法治教。现将有关情况报告如下：\n" + PARTS)
    ol, _ = run(text)
    assert ol.title == "丰源县教育局2023年度法治政府建设工作报告"
    assert ol.reporter == "丰源县教育局"


@pytest.mark.parametrize("line", ["-", "|", "资源大小：14.50KB", "全文页数：7页", "报告.pdf"])
def test_title_without_its_word_joins_no_meta_line(line):
    ol, _ = run("丰源县教育局2023年度法治政府建设工作\n" + line + "\n2023年，丰源县教育局坚持依法治教。\n" + PARTS)
    assert line not in (ol.title or "")


def test_numbered_list_above_the_title_opens_no_part():
    text = ("友情提示\n2、文件下载后，可能会被浏览器默认打开。\n3、请使用电脑自带的浏览器下载。\n"
            "丰源县教育局2023年度法治政府建设工作报告.docx\n"
            "2023年度，我局坚持依法治教。现就2023年我局法治建设工作报告如下：一、工作情况……\n")
    ol, report = run(text)
    assert ol.sections == []
    assert not codes(report, "NUM002") and not codes(report, "NUM005")


# ------------------------------------------------------- generic and placeholder names

def test_generic_category_title_gives_way_to_the_preamble_name():
    ol, _ = run("教育局2023年度法治政府建设工作报告\n"
                "2023年，宁都县教育局坚持以习近平法治思想为指导。现将有关情况报告如下：\n" + PARTS)
    assert (ol.reporter, ol.reporter_kind) == ("宁都县教育局", "department")


def test_generic_category_alone_names_no_one():
    ol, _ = run("教育局2023年度法治政府建设工作报告\n2023年，全县教育系统坚持依法治教。\n" + PARTS)
    assert (ol.reporter, ol.reporter_kind) == (None, "department")


@pytest.mark.parametrize("title", ["某县人民政府关于2023年度法治政府建设情况的报告",
                                   "某区某街道办事处关于2023年度法治政府建设情况的报告"])
def test_mou_place_is_never_the_reporter(title):
    ol, _ = run(title + "\n" + PARTS)
    assert ol.reporter is None and ol.reporter_kind is not None


@pytest.mark.parametrize("name,kind", [("国家税务总局", "department"), ("生态环境部", "department"),
                                       ("南京海关", "department")])
def test_national_organs_need_no_place(name, kind):
    ol, _ = run(f"{name}2023年法治政府建设年度报告\n" + PARTS)
    assert (ol.reporter, ol.reporter_kind) == (name, kind)


def test_street_name_alone_above_the_title_is_the_issuer():
    ol, _ = run("青阳街道\n2023年度法治政府建设情况报告\n2023年，全街道坚持依法行政。\n" + PARTS)
    assert (ol.issuer, ol.reporter, ol.reporter_kind) == ("青阳街道", "青阳街道", "township")


def test_every_township_of_a_county_is_not_a_reporter():
    ol, _ = run("2023年，全县各乡镇坚持以习近平法治思想为指导，我县全面推进依法行政。\n" + PARTS)
    assert ol.reporter_kind == "government" and ol.reporter is None


def test_three_character_street_name_from_the_text():
    ol, _ = run("2023年，我街道坚持以习近平法治思想为指导，全面推进依法行政。\n"
                + PARTS.replace("全年调处", "在四季青街道推行“枫桥经验”，全年调处").replace("开展普法活动", "四季青街道开展普法活动"))
    assert (ol.reporter, ol.reporter_kind) == ("四季青街道", "township")


def test_a_tie_between_self_references_is_decided_the_same_way_in_every_process(tmp_path):
    """"我市" and "我省" named equally often: the reporter is the first named, whatever the
    process's hash seed (a tie used to be broken by set order, so two runs of the same
    draft could name different reporters)."""
    import json
    import os
    import subprocess
    import sys

    draft = tmp_path / "tie.txt"
    draft.write_text("2023年度法治政府建设情况报告\n2023年，我市坚持依法行政，北京市各部门认真落实。"
                     "我省统筹推进，湖北省各部门认真落实。我市和我省共同推进法治建设。\n", encoding="utf-8")
    seen = set()
    for seed in ("1", "6"):  # seeds under which set order put 湖北省 first
        out = subprocess.run([sys.executable, "-c", "from checker.cli import main; main()", "outline", str(draft), "--format", "json"],
                             capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        seen.add(json.loads(out.stdout)["report"]["reporter"])
    assert seen == {"北京市"}


# ------------------------------------- a page title above the document's title block
# A web page prints its own title (H1) and a meta line, then the document with its own
# title block: the title on one or two lines with the organ's name above or below it,
# sometimes a date in brackets. Real layouts: star_district (aggregator H1 over its own
# title), hunan_agri (H1 = organ + title, over "title / organ / (date)"), guangyuan_rsj
# (H1 = title, over "organ / title"), xixian (H1 = "organ关于…", over "organ" / "关于…").
# The organ line is part of the document's title block: never residue; the reporter
# comes from it; META001 must not say the title names no unit.

ORGAN = "广元市丰源局"
TITLE = "2023年法治政府建设工作年度报告"
GOV = "息县人民政府"
ABOUT = "关于2021年法治政府建设情况的报告"
DATE = "（2024年1月31日）"
META = "政策法规科 2023-12-29"
BODY = "2023年，我局深入学习贯彻习近平法治思想。现将有关情况报告如下：\n" + PARTS


@pytest.mark.parametrize("h1,block,title,issuer,reporter", [
    # organ above the title (guangyuan_rsj_2023), with and without a page H1, with a date
    (None, [ORGAN, TITLE], TITLE, ORGAN, ORGAN),
    (TITLE, [ORGAN, TITLE], TITLE, ORGAN, ORGAN),
    (ORGAN + TITLE, [ORGAN, TITLE], TITLE, ORGAN, ORGAN),
    (TITLE, [ORGAN, TITLE, DATE], TITLE, ORGAN, ORGAN),
    (None, [ORGAN, TITLE, DATE], TITLE, ORGAN, ORGAN),
    # organ below the title (hunan_agri_2023)
    (None, [TITLE, ORGAN, DATE], TITLE, ORGAN, ORGAN),
    (TITLE, [TITLE, ORGAN], TITLE, ORGAN, ORGAN),
    (ORGAN + TITLE, [TITLE, ORGAN, DATE], TITLE, ORGAN, ORGAN),
    # the title on two lines, the organ above or below
    (TITLE, [ORGAN, "2023年法治政府建设", "工作年度报告"], TITLE, ORGAN, ORGAN),
    (TITLE, ["2023年法治政府建设", "工作年度报告", ORGAN, DATE], TITLE, ORGAN, ORGAN),
    # "organ" over "关于……的报告" is one title (xixian_2021)
    (None, [GOV, ABOUT], GOV + ABOUT, None, "息县"),
    (GOV + ABOUT, [GOV, ABOUT], GOV + ABOUT, None, "息县"),
    (GOV + ABOUT, [GOV, ABOUT, DATE], GOV + ABOUT, None, "息县"),
    # no organ line: the title on two lines that together are the page title
    # (xialu_mzj_2025): they are the document's title block, the page title the copy
    (ORGAN + TITLE, [ORGAN + "2023年法治政府建设", "工作年度报告"], ORGAN + TITLE, None, ORGAN),
    (GOV + ABOUT, [GOV + "关于2021年法治", "政府建设情况的报告"], GOV + ABOUT, None, "息县"),
    # the page title is only the title's first line (guizhou_2023): not glued in again
    (ORGAN + "2023年法治政府建设", [ORGAN + "2023年法治政府建设", "工作年度报告"], ORGAN + TITLE, None, ORGAN),
    # "organ" over "关于……报告" under a page title that is its tail (yuwangtai_2022) or the
    # place and a shortened tail (xiushan_2020): the pair is the title, the page title the copy
    (ABOUT[2:], [GOV, ABOUT], GOV + ABOUT, None, "息县"),
    ("息县2021年法治政府建设情况报告", [GOV, ABOUT], GOV + ABOUT, None, "息县"),
    (ABOUT[2:], ["中共息县委员会 息县人民政府", ABOUT], "中共息县委员会 息县人民政府" + ABOUT, None, "息县"),
    # title lines that together contain the page title and say more
    (TITLE, [ORGAN + "2023年法治政府建设", "工作年度报告"], ORGAN + TITLE, None, ORGAN),
])
@pytest.mark.parametrize("meta", [False, True])
def test_title_block_under_a_page_title(h1, block, title, issuer, reporter, meta):
    head = ([h1] if h1 else []) + ([META] if meta and h1 else [])
    ol, report = run("\n".join(head + block) + "\n" + BODY)
    assert ol.title == title
    assert ol.issuer == issuer
    assert ol.reporter == reporter
    # the page's own lines are the residue, and nothing of the document's block
    assert sorted(f.excerpt for f in codes(report, "RES001")) == sorted(head)
    assert not any("报告单位" in f.message for f in codes(report, "META001"))
    if DATE in block:
        assert ol.date_value == (2024, 1, 31)
    if DATE in block and issuer:  # "title / author / (date)" is signed on top
        assert not codes(report, "META002")


@pytest.mark.parametrize("h1", ["2022年度法治政府建设情况的报告", "禹王台区2022年度法治政府建设情况报告"])
def test_addressee_under_an_organ_about_title_under_a_page_title(h1):
    # yuwangtai_2022: page H1, then "organ" / "关于……的报告", then the addressee
    ol, report = run("\n".join([h1, "中共禹王台区委 禹王台区人民政府", "关于2022年度法治政府建设情况的报告",
                                "中共开封市委、开封市人民政府："]) + "\n" + BODY)
    assert ol.addressee == "中共开封市委、开封市人民政府"
    assert not codes(report, "META005")
    # the 关于 line is the title: never "删除这一行"
    assert [f.excerpt for f in codes(report, "RES001")] == [h1]


# -------------------------------------------- joint reports of the 党委 and the 政府

JOINT_BODY = "2021年，洛宁县深入学习贯彻习近平法治思想。现将有关情况报告如下：\n" + PARTS


@pytest.mark.parametrize("head,reporter,kind", [
    # luoning_2021: the joint title, organs apart by a space, a 、 or nothing
    ("中共洛宁县委 洛宁县人民政府 关于2021年度法治政府建设情况的报告", "洛宁县", "government"),
    ("中共洛宁县委、洛宁县人民政府关于2021年度法治政府建设情况的报告", "洛宁县", "government"),
    ("中共洛宁县委洛宁县人民政府关于2021年度法治政府建设情况的报告", "洛宁县", "government"),
    ("中共洛宁县委 洛宁县人民政府\n关于2021年度法治政府建设情况的报告", "洛宁县", "government"),
    # the two offices: the government's office reports
    ("中共洛宁县委办公室 洛宁县人民政府办公室关于2021年度法治政府建设情况的报告", "洛宁县人民政府办公室", "department"),
    # one party organ alone: a department-like office, named whole (not "委全面依法治市…")
    ("中共邵阳市委全面依法治市委员会办公室关于2021年度法治政府建设情况的报告", "邵阳市委全面依法治市委员会办公室", "department"),
])
def test_joint_titles_give_a_clean_reporter(head, reporter, kind):
    ol, report = run(head + "\n" + JOINT_BODY)
    assert (ol.reporter, ol.reporter_kind) == (reporter, kind)
    # no advice quotes a fragment of the joint name ("如“委 洛宁县人民政府")
    assert not any(re.search(r"[“（]委", f.fix) for f in report.findings if f.fix)


def test_joint_report_is_addressed_to_the_level_above():
    ol, report = run("中共洛宁县委 洛宁县人民政府 关于2021年度法治政府建设情况的报告\n" + JOINT_BODY)
    assert ol.co_issuers == ["中共洛宁县委"]
    hint = codes(report, "META005")[0].fix
    # the 县委 does not report to itself: 上一级党委和政府, not 同级党委
    assert "上一级党委和政府" in hint and "同级党委" not in hint
    # the signature it should carry names both organs
    assert "中共洛宁县委 洛宁县人民政府" in codes(report, "META002")[0].fix
    # a government's own report keeps the regulation's addressees
    _, alone = run("洛宁县人民政府关于2021年度法治政府建设情况的报告\n" + JOINT_BODY)
    assert "同级党委、人大常委会和上一级政府" in codes(alone, "META005")[0].fix


@pytest.mark.parametrize("party,fires", [("中共洛宁县委", False), ("中共宜阳县委", False)])
def test_joint_signature_on_two_lines(party, fires):
    ol, report = run("中共洛宁县委 洛宁县人民政府 关于2021年度法治政府建设情况的报告\n" + JOINT_BODY
                     + f"{party}\n洛宁县人民政府\n2022年3月1日\n")
    assert ol.signature == f"{party} 洛宁县人民政府"
    assert bool(codes(report, "META004")) is fires
    assert not codes(report, "META002")


def test_joint_signature_of_another_government_is_reported():
    _, report = run("中共洛宁县委 洛宁县人民政府 关于2021年度法治政府建设情况的报告\n" + JOINT_BODY
                    + "中共宜阳县委\n宜阳县人民政府\n2022年3月1日\n")
    assert [f.data["signature"] for f in codes(report, "META004")] == ["中共宜阳县委 宜阳县人民政府"]


@pytest.mark.parametrize("lines,residue", [
    # the page title on one line, the document's own title split in two (no organ line):
    # the two lines are the document's title block, the page title and its source line
    # are residue (was: the title became "政府建设情况的报告"; then: the document's own
    # title lines were deleted as residue, audit5 xialu)
    ([GOV + ABOUT, "来源：信阳市人民政府门户网站", GOV + "关于2021年法治", "政府建设情况的报告"],
     [GOV + ABOUT, "来源：信阳市人民政府门户网站"]),
    # the page title split in two, the document's title on one line
    ([GOV + "关于2021年法治", "政府建设情况的报告", "信阳市人民政府门户网站 www.xinyang.gov.cn 时间:2022-03-07 来源:息县人民政府",
      GOV + ABOUT],
     [GOV + "关于2021年法治", "政府建设情况的报告", "信阳市人民政府门户网站 www.xinyang.gov.cn 时间:2022-03-07 来源:息县人民政府"]),
])
def test_title_printed_twice_one_copy_split_in_two_lines(lines, residue):
    ol, report = run("\n".join(lines) + "\n" + JOINT_BODY)
    assert ol.title == GOV + ABOUT and ol.reporter == "息县"
    assert sorted(f.excerpt for f in codes(report, "RES001")) == sorted(r[:60] for r in residue)


@pytest.mark.parametrize("title,opening", [
    ("商业街2023年法治政府建设年度报告", "2023年，步行街改造完成，我们坚持依法行政。"),
    ("中山大街2023年法治政府建设年度报告", "2023年，步行街改造完成，我们坚持依法行政。"),
    ("关于2023年度法治政府建设情况的报告", "2023年，各镇街坚持依法行政，美食街坚持规范经营。"),  # 镇街: townships and streets
])
def test_a_street_is_no_street_office(title, opening):
    ol, _ = run(title + "\n" + opening + "\n" + PARTS)
    assert ol.reporter is None


def test_a_jie_street_office_signs_as_its_jiedao_office():
    ol, report = run("鹤龙街2023年法治政府建设年度报告\n2023年，我街全面推进依法行政。现将有关情况报告如下：\n"
                     + PARTS + "鹤龙街道办事处\n2024年2月20日\n")
    assert (ol.reporter, report.profile) == ("鹤龙街", "township")
    assert not codes(report, "META004")
    ol, report = run("鹤龙街2023年法治政府建设年度报告\n2023年，我街全面推进依法行政。现将有关情况报告如下：\n" + PARTS)
    assert "鹤龙街道办事处" in codes(report, "META002")[0].fix


@pytest.mark.parametrize("number", ["长政发〔2021〕1号", "长政发﹝2021﹞1号"])
def test_document_number_glued_to_the_title_is_the_doc_number(number):
    # changhai_2020: a portal prints "长政发〔2021〕1号长海县2020年度……报告" as one line
    title = "长海县2020年度法治政府建设情况报告"
    ol, report = run("#\n" + number + title + "\n政府办文书科\n2021-01-05\n"
                     + "2020年，我县深入学习贯彻习近平法治思想。现将有关情况报告如下：\n" + PARTS)
    assert ol.title == title and ol.doc_number == number
    assert (ol.reporter, ol.reporter_kind) == ("长海县", "government")
    assert sorted(f.excerpt for f in codes(report, "RES001")) == sorted(["#", "政府办文书科", "2021-01-05"])

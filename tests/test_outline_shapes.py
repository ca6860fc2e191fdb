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

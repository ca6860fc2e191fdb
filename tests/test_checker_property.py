"""Property: no text makes the checker raise; it either reports or rejects the input."""
from hypothesis import given, settings
from hypothesis import strategies as st

import checker
from checker.errors import InputError

PIECES = ["一、", "（一）", "(二)", "1.", "（1）", "2023年", "存在的问题", "主要原因是", "工作安排", "第一责任人",
          "今年", "6228余条", "100﹪", "“", "”", "《", "，", ",", "。", "\n", "\n\n", " ", "分享到：", "XX",
          "某某县人民政府", "2024年3月10日", "其他需要报告的情况", "2024年，我县将", "二是", "﹪", "\t"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60))
def test_check_never_raises(pieces):
    text = "".join(pieces)
    try:
        report = checker.check(text.encode("utf-8"), name="random.txt")
    except InputError:
        return
    report.to_dict()

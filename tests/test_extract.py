"""fzbg extract: the generator's input filled from a real draft, and the round trips
generate(extract(x)) keeps x's body text in order, extract(generate(d)) == d."""
import datetime as dt
import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.generator import validate
from checker.generator.extract import body_paragraphs, extract
from conftest import FIXTURES, SEEDS

# ---------------------------------------------------------------- strategies: realistic input

SENTENCES = [
    "县政府常务会议会前学法12次，专题研究法治政府建设4次。",
    "组织28个县直部门主要负责人现场述法评议。",
    "1498项审批事项进驻政务服务大厅，企业开办时间压缩至1个工作日。",
    "全年审核行政规范性文件23件，备案审查率达到100%。",
    "评查行政处罚案卷60卷，发现问题23个，全部整改到位。",
    "全年办理行政复议案件43件，行政机关负责人出庭应诉率达到100%。",
    "人民调解组织调解纠纷1268件，修订突发事件应急预案12部。",
    "个别乡镇执法文书不规范，案卷质量有待提升。",
    "普法形式较为单一，新媒体运用不够。",
    "开展乡镇执法人员轮训，推行执法文书范本。",
    "运用新媒体开展普法宣传，全年开展主题普法活动50场。",
    "重大行政决策严格履行公众参与、专家论证、风险评估程序。",
]
HEADINGS = ["带头学法用法", "带头述法评议", "依法全面履行政府职能", "健全依法行政制度体系", "严格规范公正文明执法",
            "依法化解矛盾纠纷", "深化放管服改革", "提升基层执法规范化水平", "增强法治宣传教育实效", "加强执法监督"]
SHORTCOMINGS = ["基层执法规范化水平不高", "法治宣传教育针对性不强", "法治专业人才相对短缺", "行政复议纠错整改跟踪不够"]
CAUSES = ["主要原因是乡镇执法人员培训不足，执法监督覆盖不到位。", "究其原因，“谁执法谁普法”责任制落实不够到位。",
          "主要原因是专业人才引进渠道不畅。"]


def paragraph():
    return st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map("".join)


def paragraphs(max_size=2):
    return st.lists(paragraph(), min_size=1, max_size=max_size).map("\n".join)


@st.composite
def report_input(draw):
    """Valid input in canonical form: title and signature left to their defaults, a text
    entry one paragraph, causes opening with their marker."""
    def content():
        # paragraphs before the part's first heading (after it they belong to that heading)
        out = [draw(paragraph()) for _ in range(draw(st.integers(0, 1)))]
        for _ in range(draw(st.integers(0 if out else 1, 2))):
            # paragraphs before the numbered items: a paragraph after "1.heading。text" is
            # that item's next paragraph, in the draft as in the generator's output
            items = [draw(paragraph()) for _ in range(draw(st.integers(0, 1)))]
            items += [{"heading": draw(st.sampled_from(HEADINGS)), "text": draw(paragraphs())}
                      for _ in range(draw(st.integers(0 if items else 1, 2)))]
            out.append({"heading": draw(st.sampled_from(HEADINGS)), "items": items})
        return out

    problems = []
    for _ in range(draw(st.integers(1, 3))):
        p = {"heading": draw(st.sampled_from(SHORTCOMINGS))}
        if draw(st.booleans()):
            p["text"] = draw(paragraphs())
        if draw(st.integers(0, 3)):
            p["causes"] = draw(st.sampled_from(CAUSES))
        problems.append(p)
    kind = draw(st.sampled_from(["government", "department"]))
    year = draw(st.integers(2020, 2026))
    return {
        "reporter": "青溪县" if kind == "government" else "青溪县司法局",
        "reporter_kind": kind,
        "report_year": year,
        "addressees": draw(st.lists(st.sampled_from(["中共云州市委", "云州市人民政府", "青溪县人大常委会"]),
                                    max_size=2, unique=True)),
        "preamble": draw(paragraphs()),
        "duty": content(),
        "measures": content(),
        "problems": problems,
        "plans": [{"heading": draw(st.sampled_from(HEADINGS)), "text": draw(paragraphs())}
                  for _ in range(draw(st.integers(1, 3)))],
        "other": draw(st.sampled_from(["无。", "本年度无其他需要报告的情况。"])),
        "date": dt.date(year + 1, draw(st.integers(1, 3)), draw(st.integers(1, 28))),
        "order": draw(st.sampled_from(["duty_first", "regulation"])),
    }


def canonical(data: dict) -> dict:
    return validate(data).model_dump(mode="json", exclude_defaults=True)


def _norm(text: str) -> str:
    # a run-in heading is generated on its own line without its stop
    return re.sub(r"[\s。！？]", "", text)


def assert_keeps_body_in_order(document):
    data = extract(document)
    data.setdefault("date", dt.date(2024, 3, 10))
    data.setdefault("reporter", "青溪县")
    data.setdefault("report_year", 2023)
    generated = checker.load(checker.generate(data), "generated.docx")
    full = _norm("".join(b.text for b in generated.blocks))
    pos = 0
    for p in body_paragraphs(document):
        found = full.find(_norm(p), pos)
        assert found >= 0, (p, full[pos:pos + 80])
        pos = found + len(_norm(p))


# ---------------------------------------------------------------- round trips

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_input())
def test_extract_of_generated_is_the_input(data):
    document = checker.load(checker.generate(data), "r.docx")
    assert canonical(extract(document)) == canonical(data)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_input())
def test_generate_of_extracted_keeps_generated_body(data):
    assert_keeps_body_in_order(checker.load(checker.generate(data), "r.docx"))


FIXTURE_FILES = ["clean_report.txt", "example.docx", "yoy/qingxi_2022.txt", "yoy/qingxi_2023.txt"]


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_generate_of_extracted_keeps_fixture_body(name):
    assert_keeps_body_in_order(checker.load(FIXTURES / name))


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is absent")
@pytest.mark.parametrize("n", range(5))
def test_generate_of_extracted_keeps_seed_body(n):
    seed = sorted(SEEDS.glob("*.txt"))[n]
    assert_keeps_body_in_order(checker.load(seed))


# ---------------------------------------------------------------- what is extracted

def test_fixture_fields():
    data = checker.extract(FIXTURES / "clean_report.txt")
    assert (data["reporter"], data["reporter_kind"], data["report_year"]) == ("青溪县", "government", 2023)
    assert data["addressees"] == ["云州市人民政府"]
    assert "title" not in data and "signature" not in data  # the defaults
    assert data["duty"][0] == {"heading": "带头学法用法", "items": [
        "县政府主要负责人认真履行推进法治建设第一责任人职责，全年主持县政府常务会议会前学法12次，专题研究法治政府建设4次。"]}
    assert data["problems"][1] == {"heading": "法治宣传教育针对性不强", "text": "普法形式较为单一，新媒体运用不够。",
                                   "causes": "究其原因，“谁执法谁普法”责任制落实不够到位。"}
    assert data["plans"][0]["heading"] == "提升基层执法规范化水平"
    assert data["date"] == dt.date(2024, 3, 10) and data["other"] == "无。"
    assert "notes" not in data


def test_shortcoming_without_cause_is_extracted_without_one_and_checked():
    text = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
    text = text.replace("主要原因是乡镇执法人员培训不足，执法监督覆盖不到位。", "").replace(
        "究其原因，“谁执法谁普法”责任制落实不够到位。", "")
    data = extract(checker.load(text.encode("utf-8"), "d.txt"))
    assert all("causes" not in p for p in data["problems"])
    report = checker.check(checker.generate(data), name="d.docx", select=["OUT004"])
    assert [f.code for f in report.findings] == ["OUT004"]


def test_level3_items_and_what_cannot_be_placed_goes_to_notes():
    text = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
    text = text.replace("（一）依法全面履行政府职能。深化", "（一）依法全面履行政府职能\n1.深化放管服改革。深化")
    text = text.replace("2024年3月10日\n", "2024年3月10日\n附件：青溪县2023年度行政执法统计表\n")
    text = "首页 > 政务公开 > 工作报告\n" + text
    data = extract(checker.load(text.encode("utf-8"), "d.txt"))
    assert data["measures"][0]["items"][0]["heading"] == "深化放管服改革"
    assert data["measures"][0]["items"][0]["text"].startswith("深化“放管服”改革")
    notes = "\n".join(data["notes"])
    assert "首页 > 政务公开 > 工作报告" in notes and "附件：青溪县2023年度行政执法统计表" in notes


def test_seed_without_parts_gets_placeholders_and_notes():
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is absent")
    data = extract(checker.load(sorted(SEEDS.glob("*.txt"))[0]))  # no duty part, no date
    assert data["duty"] == ["【待补充：党政主要负责人履行推进法治建设第一责任人职责情况】"]
    assert any("成文日期" in n for n in data["notes"])
    assert "date" not in data


# ---------------------------------------------------------------- CLI

def test_cli_extract_yaml_then_generate(cli, tmp_path):
    out = tmp_path / "data.yaml"
    result = cli("extract", str(FIXTURES / "example.docx"), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["reporter"] == "示例县" and len(data["measures"]) == 3
    # the example has no date: said in notes, and generate names the field to fill
    assert data["notes"] == ["未找到成文日期，请填写 date"] and "1 条备注" in result.output
    docx = tmp_path / "r.docx"
    result = cli("generate", str(out), "-o", str(docx))
    assert result.exit_code == 2 and "date" in result.output
    out.write_text(out.read_text(encoding="utf-8") + "date: 2024-03-10\n", encoding="utf-8")
    result = cli("generate", str(out), "-o", str(docx))
    assert result.exit_code == 0, result.output
    assert extract(checker.load(docx))["measures"] == data["measures"]


def test_cli_extract_json_and_refusals(cli, tmp_path):
    out = tmp_path / "data.json"
    assert cli("extract", str(FIXTURES / "clean_report.txt"), "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["date"] == "2024-03-10"
    again = cli("extract", str(FIXTURES / "clean_report.txt"), "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    bad = cli("extract", str(FIXTURES / "clean_report.txt"), "-o", str(tmp_path / "x.docx"))
    assert bad.exit_code == 2 and ".yaml" in bad.output
    missing = cli("extract", str(tmp_path / "nope.docx"))
    assert missing.exit_code == 2 and "nope.docx" in missing.output and "Traceback" not in missing.output


def test_docx_with_automatic_numbering_and_a_table():
    """A Word draft: level-1 labels from automatic numbering (一、), a table in the measures
    part. The labels are not carried into the data (the generator numbers); the table's
    cells go to notes; the body keeps its order through generate."""
    from docx_helpers import add_chinese_numbering, new_document, numbered, to_bytes

    lines = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8").splitlines()
    d = new_document()
    num = add_chinese_numbering(d)
    for line in lines:
        m = re.match(r"^[一二三四五]、(.*)$", line)
        if m:
            numbered(d.add_paragraph(m.group(1)), num)
        else:
            d.add_paragraph(line)
        if line.startswith("（四）依法化解矛盾纠纷"):
            table = d.add_table(rows=2, cols=2)
            for (r, c), t in {(0, 0): "类别", (0, 1): "件数", (1, 0): "行政复议", (1, 1): "43"}.items():
                table.cell(r, c).text = t
    document = checker.load(to_bytes(d), "draft.docx")
    data = extract(document)
    assert [s["heading"] for s in data["measures"]][:2] == ["依法全面履行政府职能", "健全依法行政制度体系"]
    assert data["plans"][1]["heading"] == "增强法治宣传教育实效"
    assert [n for n in data["notes"] if "表格" in n] == [
        "第12行/段（表格）：类别", "第13行/段（表格）：件数", "第14行/段（表格）：行政复议", "第15行/段（表格）：43"]
    assert_keeps_body_in_order(document)


def test_cli_extract_refuses_an_output_that_is_the_draft(cli, tmp_path):
    draft = tmp_path / "r.txt"
    text = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
    draft.write_text(text, encoding="utf-8")
    (tmp_path / "r.yaml").hardlink_to(draft)  # the same file under a name extract may write
    result = cli("extract", str(draft), "-o", str(tmp_path / "r.yaml"), "--force")
    assert result.exit_code == 2 and "不能覆盖" in result.output
    assert draft.read_text(encoding="utf-8") == text

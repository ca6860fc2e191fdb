"""CROSS rules: this year's report beside last year's (fzbg check --previous).

Their fire and quiet cases are data in tests/cases/cross.yaml (on the fixture pair
fixtures/yoy/); here: the API and CLI, DOCX pairs, the seed reports and a pair built on a
real report.
"""
import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import checker
from checker.cli import app
from conftest import FIXTURES

PAIR = FIXTURES / "yoy"
THIS = (PAIR / "qingxi_2023.txt").read_text(encoding="utf-8")
LAST = (PAIR / "qingxi_2022.txt").read_text(encoding="utf-8")
SEEDS = sorted((Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds").glob("*.txt"))

def test_severities_are_the_issue_contract():
    from checker.engine import rules as all_rules

    rules = all_rules()
    assert {c: rules[c].severity for c in ("CROSS001", "CROSS002", "CROSS003", "CROSS004")} == {
        "CROSS001": "warning", "CROSS002": "warning", "CROSS003": "info", "CROSS004": "error"}


def test_cross_rules_do_not_run_without_previous():
    report = checker.check(THIS.encode("utf-8"), name="2023.txt")
    assert not [f for f in report.findings if f.code.startswith("CROSS")]


def test_generated_pair_copy_is_found_in_docx():
    """DOCX against DOCX: the generator's output for two years with one copied item."""
    from checker.generator.extract import extract

    this = extract(checker.load(THIS.encode("utf-8"), "2023.txt"))
    last = extract(checker.load(LAST.encode("utf-8"), "2022.txt"))
    report = checker.check(checker.generate(this), name="2023.docx", previous=checker.generate(last),
                           previous_name="2022.docx", select=["CROSS"])
    codes = sorted(f.code for f in report.findings)
    assert codes == ["CROSS001", "CROSS002", "CROSS002", "CROSS003"], [(f.code, f.excerpt) for f in report.findings]


@pytest.mark.skipif(len(SEEDS) < 2, reason="seed reports not available")
def test_seeds_unrelated_reporters():
    """Five real reports of different reporters: as each other's "previous" they are the
    wrong report (CROSS004), and nothing in them counts as copied or repeated."""
    docs = {p.name: checker.load(p) for p in SEEDS}
    for a, b in itertools.permutations(docs, 2):
        report = checker.check(docs[a], previous=docs[b], select=["CROSS001", "CROSS003", "CROSS004"])
        codes = [f.code for f in report.findings]
        assert "CROSS001" not in codes and "CROSS003" not in codes, (a, b, [(f.code, f.excerpt) for f in report.findings])
        assert [f.data["kind"] for f in report.findings if f.code == "CROSS004"].count("reporter") == 1, (a, b)


# ---------------------------------------------------------------- CLI

def test_cli_previous_json(tmp_path):
    result = CliRunner().invoke(app, ["check", str(PAIR / "qingxi_2023.txt"), "--previous", str(PAIR / "qingxi_2022.txt"),
                                      "--select", "CROSS", "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["files"][0]["findings"]
    assert sorted(f["code"] for f in findings) == ["CROSS001", "CROSS002", "CROSS002", "CROSS003"]


def test_cli_wrong_previous_is_an_error_exit_1(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(LAST.replace("青溪县", "云岭县"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(PAIR / "qingxi_2023.txt"), "--previous", str(other), "--select", "CROSS004",
                                      "--no-color"])
    assert result.exit_code == 1
    assert "CROSS004" in result.output and "云岭县" in result.output


def test_cli_unreadable_previous_exit_2(tmp_path):
    bad = tmp_path / "last.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = CliRunner().invoke(app, ["check", str(PAIR / "qingxi_2023.txt"), "--previous", str(bad)])
    assert result.exit_code == 2
    assert "--previous" in result.output and "last.doc" in result.output and "Traceback" not in result.output


def test_readme_example_is_what_the_command_prints(monkeypatch):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    shown = [line for line in readme.splitlines() if line.startswith("qingxi_2023.txt")]
    assert len(shown) == 4
    monkeypatch.chdir(PAIR)
    result = CliRunner().invoke(app, ["check", "qingxi_2023.txt", "--previous", "qingxi_2022.txt", "--select", "CROSS",
                                      "--no-color"])
    printed = result.output.splitlines()
    for line in shown:
        assert line in printed, line


SEED_NEXT_YEAR = """高平市司法局关于2024年度法治政府建设情况的报告
中共高平市委全面依法治市委员会办公室：
2024年，高平市司法局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，现将有关情况报告如下。
一、党政主要负责人履行推进法治建设第一责任人职责情况
（一）带头学法用法。局党组书记、局长主持党组会议会前学法10次，专题研究法治政府建设3次。
二、推进法治政府建设的主要举措和成效
（一）抓好法治思想学习宣传。组织集体学法11次，习近平法治思想列入党校主体班培训课程，举办“每周一讲”法治大讲堂38期，学法情况纳入年终干部考核。
（二）规范行政执法。建成乡镇（街道）综合执法一体化平台，12个乡镇执法数据全部网上流转；开展“双随机、一公开”抽查126次，召开“双月例会”6次，发出“两书一函”9份。
三、推进法治政府建设存在的不足和原因
（一）行政执法人员专业素质参差不齐。部分乡镇执法人员法律知识不足。主要原因是培训针对性不强。
四、2025年推进法治政府建设的主要安排
（一）开展执法人员分类培训。全年组织执法人员培训4期，考试合格率达到95%以上。
五、其他需要报告的情况
无。
高平市司法局
2025年3月5日
"""


@pytest.mark.skipif(len(SEEDS) < 2, reason="seed reports not available")
def test_plans_of_a_real_report_against_next_years_measures():
    """A real report (seed 001, 高平市司法局 2023, four plans) as last year's: next year's
    measures report on plans 2 (学法, 党校, 每周一讲) and 4 (综合执法平台, 双随机) in their own
    words; plans 1 (任务分解, 示范创建) and 3 (八五普法, 法治文化阵地) are listed."""
    last = checker.load(SEEDS[1])
    report = checker.check(SEED_NEXT_YEAR.encode("utf-8"), name="2024.txt", previous=last, select=["CROSS"])
    by_code = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    assert set(by_code) == {"CROSS002"}, [(f.code, f.message) for f in report.findings]
    listed = sorted(f.data["previous"]["text"][:2] for f in by_code["CROSS002"])
    assert listed == ["1.", "3."]


def test_docx_pair_messages_quote_last_years_plan_heading():
    """In a Word report a plan's heading is a paragraph of its own: the message quotes
    the heading, not the heading run into its text."""
    from checker.generator.extract import extract

    this = extract(checker.load(THIS.encode("utf-8"), "2023.txt"))
    last = extract(checker.load(LAST.encode("utf-8"), "2022.txt"))
    report = checker.check(checker.generate(this), name="2023.docx", previous=checker.generate(last),
                           previous_name="2022.docx", select=["CROSS002"])
    assert [f.message.split("”")[0] for f in report.findings] == [
        "去年安排的“（三）建设行政执法监督平台", "去年安排的“（四）建成县公共法律服务中心"]

"""fzbg skeleton --from LAST: next year's guided draft from last year's report."""
import checker
from conftest import FIXTURES

LAST = FIXTURES / "yoy" / "qingxi_2023.txt"


def _texts(path):
    return [b.text for b in checker.load(path).blocks]


def test_skeleton_from_last_year(cli, tmp_path):
    out = tmp_path / "draft.docx"
    result = cli("skeleton", "--from", LAST, "-o", out)
    assert result.exit_code == 0, result.output
    doc = checker.load(out)
    ol = checker.outline(doc)
    # years moved on, same reporter, the five parts
    assert (ol.reporter, ol.report_year, ol.plan_year) == ("青溪县", 2024, 2025)
    assert not ol.missing
    measures = [b.text for b in ol.sections_of("measures")[0].body()]
    assert measures[:2] == ["【待补充：对照去年安排“建成县公共法律服务中心”说明落实情况】",
                            "【待补充：对照去年安排“建立复议纠错整改跟踪机制”说明落实情况】"]
    problems = [b.text for b in ol.sections_of("problems")[0].body()]
    assert problems[:2] == ["【待补充：去年所列不足“基层执法规范化水平不高”是否已解决；未解决的说明原因】",
                            "【待补充：去年所列不足“行政复议纠错后的整改跟踪不够”是否已解决；未解决的说明原因】"]
    # the rest is today's skeleton: its guided headings follow
    assert measures[2] == "（一）【待补充：依法全面履行政府职能】"


def test_unfilled_skeleton_reports_last_years_plans(tmp_path, cli):
    """Until the drafter writes how each plan was carried out, CROSS002 lists them (the
    placeholder naming a plan is no report on it), and RES002 the placeholders."""
    out = tmp_path / "draft.docx"
    assert cli("skeleton", "--from", LAST, "-o", out).exit_code == 0
    report = checker.check(out, previous=LAST, select=["CROSS002", "CROSS004"])
    assert sorted(f.code for f in report.findings) == ["CROSS002", "CROSS002"]


def test_skeleton_options(cli, tmp_path):
    out = tmp_path / "d.docx"
    r = cli("skeleton", "--from", LAST, "--year", "2026", "--kind", "department", "--reporter", "青溪县司法局", "-o", out)
    assert r.exit_code == 0, r.output
    ol = checker.outline(checker.load(out))
    assert (ol.reporter, ol.reporter_kind, ol.report_year) == ("青溪县司法局", "department", 2026)
    # without --from, --reporter and --year stay needed
    r = cli("skeleton", "-o", tmp_path / "e.docx")
    assert r.exit_code == 2 and "--from" in r.output


def test_skeleton_from_bad_input(cli, tmp_path):
    bad = tmp_path / "last.pdf"
    bad.write_bytes(b"%PDF-1.4 x")
    r = cli("skeleton", "--from", bad, "-o", tmp_path / "d.docx")
    assert r.exit_code == 2 and "last.pdf" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "d.docx").exists()

"""fzbg check as users and workflows run it: outputs, exit codes, configuration."""
import json

import pytest

import checker
from conftest import FIXTURES, ROOT
from docx_helpers import new_document, to_bytes

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")


def test_clean_report_has_no_error_and_no_warning():
    report = checker.check(CLEAN.encode("utf-8"), name="clean.txt")
    bad = [(f.code, f.message, f.excerpt) for f in report.findings if f.severity in ("error", "warning")]
    assert bad == []
    assert report.outline.missing == []


def test_clean_report_as_docx_has_no_error_and_no_warning(tmp_path):
    doc = new_document()
    for line in CLEAN.splitlines():
        doc.add_paragraph(line)
    # python-docx's default template is Letter with theme fonts: only the FMT rules speak
    report = checker.check(to_bytes(doc), name="clean.docx", ignore=["FMT"])
    assert [(f.code, f.message) for f in report.findings if f.severity != "info"] == []


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_exit_codes_follow_fail_on(tmp_path, cli):
    relative = CLEAN.replace("全年审核行政规范性文件23件", "今年以来审核行政规范性文件23件")  # a warning only
    p = write(tmp_path, "r.txt", relative)
    assert cli("check", p).exit_code == 0
    assert cli("check", p, "--fail-on", "warning").exit_code == 1
    no_other = CLEAN.replace("五、其他需要报告的情况\n无。\n", "")  # an info only
    p1 = write(tmp_path, "i.txt", no_other)
    assert cli("check", p1, "--fail-on", "warning").exit_code == 0
    assert cli("check", p1, "--fail-on", "info").exit_code == 1
    # the duty part retitled and emptied of the leaders' duty: a missing part, an error
    # (written as a measure, "履行推进法治建设……职责" would be folded: OUT008, a warning)
    no_duty = CLEAN.replace("一、党政主要负责人履行推进法治建设第一责任人职责情况", "一、组织领导")
    p2 = write(tmp_path, "e.txt", no_duty.replace("主要负责人", "同志").replace("第一责任人", "责任人")
               .replace("述法", "汇报").replace("履行推进法治建设", "推动"))
    result = cli("check", p2)
    assert result.exit_code == 1, result.stdout


def test_text_output_names_file_line_code_and_fix(tmp_path, cli):
    p = write(tmp_path, "r.txt", CLEAN.replace("四、2024年推进", "四、2023年推进"))
    result = cli("check", p, "--no-color")
    assert result.exit_code == 1
    out = result.stdout
    assert f"{p}:15:3: YEAR001 [错误]" in out
    assert "^^^^^" in out  # the span is marked
    assert "= 建议：改为“2024年”" in out
    assert "位置：四、2023年推进法治政府建设的主要安排" in out
    assert "1 个错误" in out


def test_json_contract(tmp_path, cli):
    p = write(tmp_path, "r.txt", CLEAN.replace("主要原因是乡镇执法人员培训不足，执法监督覆盖不到位。", "").replace("究其原因，", ""))
    data = json.loads(cli("check", p, "--format", "json").stdout)
    assert set(data) >= {"version", "files", "summary"}
    assert set(data["summary"]) >= {"files", "errors", "warnings", "infos"}
    f = data["files"][0]
    assert set(f) >= {"path", "status", "report", "outline", "findings"}
    assert set(f["outline"]) >= {"sections", "missing"}
    finding = next(x for x in f["findings"] if x["code"] == "OUT004")
    assert set(finding) >= {"code", "severity", "message", "fix", "location", "excerpt", "data"}
    assert set(finding["location"]) >= {"paragraph", "start", "end", "path", "cell"}
    assert finding["data"] == {"kind": "problems"}


def test_folder_with_a_bad_file_checks_the_others_and_exits_2(tmp_path, cli):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    write(folder, "good.txt", CLEAN)
    write(folder / "sub", "also.md", CLEAN)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04broken")
    (folder / "~$lock.docx").write_bytes(b"x")  # Word's lock file is skipped
    (folder / "notes.pdf").write_bytes(b"%PDF")  # read as a PDF: a damaged one
    (folder / "image.png").write_bytes(b"\x89PNG")  # not a draft at all: ignored
    result = cli("check", folder, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    status = {f["path"].split("/")[-1]: f["status"] for f in data["files"]}
    assert status == {"broken.docx": "error", "good.txt": "ok", "also.md": "ok", "notes.pdf": "error"}
    broken = next(f for f in data["files"] if f["path"].endswith("broken.docx"))
    assert "损坏" in broken["error"]["message"] and "skipped" not in broken
    pdf = next(f for f in data["files"] if f["path"].endswith("notes.pdf"))
    assert "skipped" not in pdf and "PDF" in pdf["error"]["message"] and "损坏" in pdf["error"]["message"]
    assert data["summary"]["files"] == 4 and data["summary"]["bad_inputs"] == 2


def test_select_and_ignore(tmp_path, cli):
    p = write(tmp_path, "r.txt", CLEAN.replace("2024年3月10日\n", "").replace("五、其他需要报告的情况\n无。\n", ""))
    codes = lambda *a: {x["code"] for x in json.loads(cli("check", p, "--format", "json", *a).stdout)["files"][0]["findings"]}
    assert codes() >= {"META002", "OUT001"}
    assert codes("--select", "META") == {"META002"}
    assert "META002" not in codes("--ignore", "META002")
    result = cli("check", p, "--select", "NOPE999")
    assert result.exit_code == 2 and "未知的规则代码" in result.stderr


def test_configuration_file_found_upward_and_flags_win(tmp_path, cli):
    (tmp_path / ".fzbg.toml").write_text(
        'ignore = ["META002"]\nfail-on = "warning"\n[severity]\nOUT001 = "error"\n', encoding="utf-8")
    sub = tmp_path / "drafts"
    sub.mkdir()
    p = write(sub, "r.txt", CLEAN.replace("2024年3月10日\n", "").replace("五、其他需要报告的情况\n无。\n", ""))
    result = cli("check", p, "--format", "json")
    data = json.loads(result.stdout)
    findings = data["files"][0]["findings"]
    assert "META002" not in {x["code"] for x in findings}
    assert next(x for x in findings if x["code"] == "OUT001")["severity"] == "error"
    assert result.exit_code == 1
    assert cli("check", p, "--fail-on", "error", "--ignore", "OUT001").exit_code == 0


def test_pyproject_tool_section_and_per_file_ignores(tmp_path, cli):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.fzbg]\nprofile = "department"\n[tool.fzbg.per-file-ignores]\n"old_*.txt" = ["META"]\n', encoding="utf-8")
    p = write(tmp_path, "old_2022.txt", CLEAN.replace("2024年3月10日\n", ""))
    data = json.loads(cli("check", p, "--format", "json").stdout)
    assert data["files"][0]["profile"] == "department"
    assert not any(x["code"].startswith("META") for x in data["files"][0]["findings"])


def test_invalid_configuration_exits_2(tmp_path, cli):
    (tmp_path / ".fzbg.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    p = write(tmp_path, "r.txt", CLEAN)
    result = cli("check", p)
    assert result.exit_code == 2 and "fail-on" in result.stderr


def test_year_option_overrides_report_year(tmp_path, cli):
    p = write(tmp_path, "r.txt", CLEAN)
    data = json.loads(cli("check", p, "--year", "2022", "--format", "json", "--select", "YEAR001").stdout)
    assert [x["code"] for x in data["files"][0]["findings"]] == ["YEAR001"]


def test_rules_list_and_explain(cli):
    result = cli("rules")
    assert result.exit_code == 0
    for code in ("OUT001", "OUT004", "YEAR001", "META003"):
        assert code in result.stdout
    explain = cli("rules", "explain", "OUT004")
    assert explain.exit_code == 0
    for word in ("检查什么", "为什么", "错误示例", "正确示例", "依据"):
        assert word in explain.stdout
    assert cli("rules", "explain", "XYZ1").exit_code == 2


def test_every_rule_is_documented():
    from checker.engine import rules
    for code, rule in rules().items():
        for key in ("what", "why", "bad", "good", "source"):
            assert rule.doc.get(key), (code, key)
        assert rule.severity in ("error", "warning", "info")
        assert rule.message


def test_readme_rule_table_matches_registry():
    from checker.cli.check import rules_table_markdown
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rules-table:start -->") + len("<!-- rules-table:start -->")
    end = readme.index("<!-- rules-table:end -->")
    assert readme[start:end].strip() == rules_table_markdown().strip(), \
        "README rule table drifted: regenerate with `python -m checker.readme`"


def test_input_is_never_modified(tmp_path, cli):
    p = tmp_path / "r.docx"
    doc = new_document()
    doc.add_paragraph("一、主要举措和成效")
    p.write_bytes(to_bytes(doc))
    before = p.read_bytes()
    listing = sorted(tmp_path.iterdir())
    cli("check", p, "--format", "json")
    assert p.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == listing


def test_explicit_config_file_and_comma_separated_codes(tmp_path, cli):
    p = write(tmp_path, "r.txt", CLEAN.replace("2024年3月10日\n", ""))
    cfg = write(tmp_path, "team.toml", 'ignore = ["META002"]\n')
    codes = {x["code"] for x in json.loads(cli("check", p, "--config", cfg, "--format", "json").stdout)["files"][0]["findings"]}
    assert "META002" not in codes
    no_table = write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    result = cli("check", p, "--config", no_table)
    assert result.exit_code == 2 and "[tool.fzbg]" in result.stderr
    data = json.loads(cli("check", p, "--select", "META，OUT001", "--format", "json").stdout)
    assert {x["code"] for x in data["files"][0]["findings"]} == {"META002"}


def test_output_onto_an_input_is_refused_and_the_draft_kept(tmp_path, cli):
    p = write(tmp_path, "r.txt", CLEAN)
    (tmp_path / "link.txt").hardlink_to(p)
    (tmp_path / "sub").mkdir()
    q = write(tmp_path / "sub", "q.txt", CLEAN)
    cases = [(p, p), (p, tmp_path / "link.txt"), (q, tmp_path / "sub"), (tmp_path / ".." / tmp_path.name / "r.txt", p)]
    for target, given in cases:
        result = cli("check", given, "-o", target, "-f", "json")
        assert result.exit_code == 2, (target, result.stdout)
        assert "不能是被检查的文件" in result.stdout + (result.stderr or "")
    assert p.read_text(encoding="utf-8") == CLEAN and q.read_text(encoding="utf-8") == CLEAN


def test_output_with_a_long_but_legal_name(tmp_path, cli):
    p = write(tmp_path, "r.txt", CLEAN)
    out = tmp_path / ("报" * 80 + ".json")  # 240 bytes: legal, but too long with a temporary prefix and suffix
    result = cli("check", p, "-o", out, "-f", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["path"] == str(p)
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".tmp")] == []

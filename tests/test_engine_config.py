"""Configuration files, --year and YAML rules are validated: every mistake ends with
exit code 2 and a Chinese message naming the file (or option) and the key, never with a
traceback, a hang, or a rule that silently does nothing."""
import os
import subprocess
import sys

import pytest

import checker
from checker.engine import YEAR_MAX, YEAR_MIN, discovery
from checker.engine.yamlrules import validate_rules
from checker.errors import UsageError
from conftest import FIXTURES, ROOT

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")


def draft(folder):
    p = folder / "r.txt"
    p.write_text(CLEAN, encoding="utf-8")
    return p


@pytest.mark.parametrize("toml,words", [
    ('[severity]\nOUT001 = "warn"\n', ["severity", "OUT001", "'warn'", "off"]),
    ("year = 20233\n", ["year", "20233", f"{YEAR_MIN}—{YEAR_MAX}"]),
    ('year = "2023"\n', ["year", "'2023'"]),
    ('fail-on = "sometimes"\n', ["fail-on", "'sometimes'"]),
    ("select = 3\n", ["select", "3"]),
    ('selcet = ["OUT"]\n', ["未知的配置项 selcet", "select"]),
    ('[per-file-ignores]\n"old_*.txt" = 1\n', ["per-file-ignores", "old_*.txt"]),
    ("[tool]\nfzbg = 1\n", ["[tool.fzbg]"]),
])
def test_configuration_mistakes_name_file_and_key(tmp_path, cli, toml, words):
    (tmp_path / ".fzbg.toml").write_text(toml, encoding="utf-8")
    result = cli("check", draft(tmp_path))
    assert result.exit_code == 2, result.output
    assert str(tmp_path / ".fzbg.toml") in result.stderr
    for w in words:
        assert w in result.stderr


def test_deeply_nested_configuration_is_refused(tmp_path, cli):
    (tmp_path / ".fzbg.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = cli("check", draft(tmp_path))
    assert result.exit_code == 2 and "嵌套过深" in result.stderr


def test_oversized_configuration_is_not_read(tmp_path, cli):
    big = tmp_path / "big.toml"
    big.write_text("#" * (2 << 20), encoding="utf-8")
    result = cli("check", draft(tmp_path), "--config", big)
    assert result.exit_code == 2 and "过大" in result.stderr


def test_folder_as_config_exits_2_with_a_message(tmp_path, cli):
    folder = tmp_path / "cfgdir"
    folder.mkdir()
    result = cli("check", draft(tmp_path), "--config", folder)
    assert result.exit_code == 2 and "普通文件" in result.stderr and str(folder) in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_as_config_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "cfg.toml"
    os.mkfifo(fifo)
    # a subprocess with a timeout: a blocking open would hang the test run otherwise
    result = subprocess.run([sys.executable, "-c", "from checker.cli import main; main()", "check",
                             str(draft(tmp_path)), "--config", str(fifo)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2 and "普通文件" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("year", ["0", "-1", "99999", str(YEAR_MAX + 1)])
def test_report_year_out_of_range_exits_2(tmp_path, cli, year):
    p = draft(tmp_path)
    for args in (("check", p, "--year", year), ("fix", p, "-o", tmp_path / "o.txt", "--year", year)):
        result = cli(*args)
        assert result.exit_code == 2 and "--year" in result.stderr and year in result.stderr, result.output
    assert not (tmp_path / "o.txt").exists()


def test_report_years_in_range_are_used(cli, tmp_path):
    p = draft(tmp_path)
    for year in (YEAR_MIN, YEAR_MAX):
        assert cli("check", p, "--year", year, "--select", "YEAR001").exit_code in (0, 1)
    with pytest.raises(UsageError, match="--year"):
        checker.check(CLEAN.encode("utf-8"), name="r.txt", year=10000)


# ---------------------------------------------------------------- YAML rules

GOOD = {
    "code": "TERM099", "name": "sample", "extends": "substitution", "severity": "warning",
    "scope": "text", "message": "应为“{good}”，不是“{bad}”", "swap": {"法制政府": "法治政府"},
    "doc": {"what": "w", "why": "y", "bad": "b", "good": "g", "source": "s"},
}


def test_a_valid_rule_passes():
    assert validate_rules([GOOD], "x.yaml") == [GOOD]


@pytest.mark.parametrize("change,field,words", [
    ({"severity": "warn"}, "severity", ["'warn'", "'warning'、'error'"]),
    ({"scope": "part:problem"}, "scope", ["part:problems"]),
    ({"scope": "headline"}, "scope", ["headings"]),
    ({"swapp": {"a": "b"}}, "swapp", ["没有这个字段"]),
    ({"extends": "existance"}, "extends", ["existence"]),
    ({"swap": {"(法制": "x"}}, "swap.(法制", ["正则表达式"]),
    ({"message": "应为“{goood}”"}, "message", ["{goood}", "{good}"]),
    ({"certain": "yes"}, "certain", ["true 或 false"]),
    ({"part_swap": {"plan": {"法制政府": "x"}}}, "part_swap", ["plans"]),
    ({"part_swap": {"plans": {"法治": "x"}}}, "part_swap", ["不在 swap 中"]),
    ({"extends": "occurrence", "token": "x", "swap": None, "message": "{count} 次"}, "（整条规则）", ["max 或 min"]),
    ({"doc": {"what": "w"}}, "doc.why", ["缺少"]),
    ({"code": "term99"}, "code", ["格式"]),
])
def test_rule_mistakes_name_file_rule_and_field(change, field, words):
    spec = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(UsageError) as err:
        validate_rules([spec], "rules/checks/x.yaml")
    message = str(err.value)
    assert "rules/checks/x.yaml" in message and f"字段 {field}：" in message
    assert "第 1 条规则" in message and (spec["code"] in message if isinstance(spec["code"], str) else True)
    for w in words:
        assert w in message, message


def test_placeholders_known_to_validation_are_those_data_rules_fill():
    from checker.engine.kinds import ctx_values
    from checker.engine import Context
    from checker.engine.yamlrules import CONTEXT

    doc = checker.load(CLEAN.encode("utf-8"), "r.txt")
    assert set(ctx_values(Context(doc, checker.outline(doc), {}, "government", None))) == CONTEXT


def test_every_mistake_of_a_file_is_listed_and_duplicates_refused():
    with pytest.raises(UsageError) as err:
        validate_rules([GOOD, {**GOOD, "severity": "warn"}, GOOD, "text"], "x.yaml")
    message = str(err.value)
    assert "第 2 条规则 TERM099 的字段 severity" in message
    assert "第 3 条规则 TERM099：规则代码重复" in message
    assert "第 4 条规则：应为" in message


def test_an_invalid_rule_file_stops_check_with_exit_2(tmp_path, cli, monkeypatch):
    bad = tmp_path / "mine.yaml"
    bad.write_text("- code: TERM099\n  extends: substitution\n  severity: warn\n  message: m\n"
                   "  swap: {a: b}\n  doc: {what: w, why: y, bad: b, good: g, source: s}\n", encoding="utf-8")
    monkeypatch.setattr(discovery, "rule_files", lambda: [bad])
    monkeypatch.setattr(discovery, "_LOADED", [])
    result = cli("check", draft(tmp_path))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert str(bad) in result.stderr and "TERM099" in result.stderr and "severity" in result.stderr
    bad.write_text("- code: [\n", encoding="utf-8")
    result = cli("check", draft(tmp_path))
    assert result.exit_code == 2 and "YAML" in result.stderr

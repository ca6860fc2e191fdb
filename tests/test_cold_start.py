"""A cold `fzbg check` loads only what it needs: no pydantic without a configuration file
(the shipped YAML rules are validated here, at test time, and at run time only when
changed), no PyYAML once the rule data is cached, and the command-line values typer would
have made, made without pydantic."""
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine import discovery
from checker.engine.yamlrules import validate_rule_file
from checker.errors import UsageError
from conftest import FIXTURES, ROOT

COLD = """
import sys
sys.argv = ["fzbg", "check", *sys.argv[1:], "--format", "json"]
import checker.cli
try:
    checker.cli.main()
except SystemExit as exc:
    print(exc.code, "pydantic" in sys.modules, "yaml" in sys.modules, file=sys.stderr)
"""


def cold(tmp_path, *args):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    return subprocess.run([sys.executable, "-c", COLD, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_check_without_configuration_never_imports_pydantic_or_yaml(tmp_path):
    (tmp_path / "cache" / "fzbg").mkdir(parents=True)  # the cache folder of an earlier run
    report = tmp_path / "r.txt"
    report.write_bytes((FIXTURES / "clean_report.txt").read_bytes())
    first = cold(tmp_path, report, "--year", "2023", "--timeout", "0", "--jobs", "1")
    assert first.stderr.split()[-3:] == ["0", "True", "True"], first.stderr  # validated, cached once
    again = cold(tmp_path, report, "--year", "2023", "--timeout", "0", "--jobs", "1")
    assert again.stderr.split()[-3:] == ["0", "False", "False"], again.stderr
    assert again.stdout == first.stdout
    # a configuration file is validated (pydantic), with its message when it is wrong
    (tmp_path / ".fzbg.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    bad = cold(tmp_path, report)
    assert "fail-on" in bad.stderr and "'sometimes'" in bad.stderr and bad.stderr.split()[-3:-1] == ["2", "True"]


def test_shipped_rule_files_are_valid():
    """At run time a shipped file marked valid in the cache is not validated again: here
    every one is, whatever the cache holds."""
    files = discovery.rule_files()
    assert files
    for path in files:
        assert validate_rule_file(path) == discovery.rule_specs(path)


def test_rule_data_read_from_the_cache_is_the_yaml_data(tmp_path, monkeypatch):
    import yaml

    from checker.data import rules_dir, yaml_data

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "fzbg").mkdir()
    files = sorted(rules_dir().rglob("*.yaml"))
    for path in files:
        parsed = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert yaml_data(path.read_bytes()) == parsed  # parsed, and kept
        assert yaml_data(path.read_bytes()) == parsed  # read back
    assert len(os.listdir(tmp_path / "fzbg")) == len({p.read_bytes() for p in files})


RULE = ("- code: TERM099\n  extends: substitution\n  severity: {severity}\n  message: m\n"
        "  swap: {{a: b}}\n  doc: {{what: w, why: y, bad: b, good: g, source: s}}\n")


def test_a_rule_file_changed_after_it_was_marked_valid_is_validated_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "fzbg").mkdir()
    rules = tmp_path / "mine.yaml"
    rules.write_text(RULE.format(severity="warning"), encoding="utf-8")
    specs = discovery.rule_specs(rules)
    assert [s["code"] for s in specs] == ["TERM099"]
    assert len([n for n in os.listdir(tmp_path / "fzbg") if n.startswith("rules-ok-")]) == 1
    assert discovery.rule_specs(rules) == specs  # from the mark
    rules.write_text(RULE.format(severity="warn"), encoding="utf-8")
    with pytest.raises(UsageError, match="severity"):
        discovery.rule_specs(rules)


def test_no_cache_folder_is_created_for_the_marks(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    rules = tmp_path / "mine.yaml"
    rules.write_text(RULE.format(severity="warning"), encoding="utf-8")
    assert [s["code"] for s in discovery.rule_specs(rules)] == ["TERM099"]
    assert os.listdir(tmp_path) == ["mine.yaml"]


@pytest.mark.parametrize("annotation,value", [
    (str, "text"), (str, ""), (str, "--x"), (int, "2023"), (int, "007"), (int, "-1"), (int, 4),
    (float, "30"), (float, "1.5"), (float, 30.0), (Path, "r.docx"), (Path, ""), (Path, "a/../b"),
])
def test_option_values_are_those_typer_makes(annotation, value):
    """Plain values converted without pydantic equal typer's own conversion."""
    from typer._coercion import build_runtime_param, resolve_type_descriptor
    from typer.models import OptionInfo

    app = importlib.import_module("checker.cli.app")
    info = OptionInfo()
    ours = app._plain_value(annotation, value, info, None, None)
    theirs = build_runtime_param(resolve_type_descriptor(annotation, info))._coerce_value(value, None, None)
    assert ours == theirs and type(ours) is type(theirs)


@pytest.mark.parametrize("annotation,value", [
    (int, "1_000"), (int, " 5 "), (int, "abc"), (float, "1e3"), (float, "inf"), (int, True),
])
def test_other_option_values_go_to_typer(annotation, value):
    app = importlib.import_module("checker.cli.app")
    from typer.models import OptionInfo

    with pytest.raises(LookupError):
        app._plain_value(annotation, value, OptionInfo(), None, None)

"""The README's two opening commands stay true: CI runs the same test command."""
import re

from conftest import ROOT


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:bash|sh)\n(.+?)\n```", text, flags=re.S)[:2]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = ci[ci.index("# README test command:") + 1]
    assert readme_commands()[1].strip() == command


def test_readme_main_command_uses_a_bundled_example():
    main = readme_commands()[0]
    paths = re.findall(r"fixtures/\S+", main)
    assert paths and all((ROOT / p).exists() for p in paths)

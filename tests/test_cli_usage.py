"""Usage errors are one Chinese line, exit 2 (not click's English box); help still works."""
import sys

import pytest

from checker.cli import main


def run_main(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "argv", ["fzbg", *map(str, args)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.mark.parametrize("args, message", [
    (["check", "--xyzzy", "x.docx"], "没有选项 --xyzzy；用 fzbg check --help 查看用法"),  # like no option (--bogus suggests --jobs)
    (["check", "--form", "json", "x.docx"], "没有选项 --form（是否要用 --format、--format-from？）"),
    (["nosuch"], "没有命令 nosuch"),
    (["generate"], "缺少参数 INPUT；用 fzbg generate --help 查看用法"),
    (["generate", "in.yaml"], "缺少选项 --output"),
    (["skeleton", "--reporter", "青溪县", "--year", "abc", "-o", "a.docx"], "--year 的取值无效：应为整数"),
    (["outline", "a.txt", "b.txt"], "多余的参数：b.txt"),
    (["check", "x.docx", "--format"], "选项 --format 后面缺少取值"),
])
def test_usage_errors_are_one_chinese_line(monkeypatch, capsys, args, message):
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("fzbg: 错误：") and message in err and err.count("\n") == 1
    assert "Usage" not in err and "Error" not in err and "╭" not in err


def test_help_and_version_still_work(monkeypatch, capsys):
    code, out, _ = run_main(monkeypatch, capsys, "check", "--help")
    assert code == 0 and "--fail-on" in out
    code, out, _ = run_main(monkeypatch, capsys, "--version")
    assert code == 0 and out.startswith("fzbg ")


def test_exit_codes_of_commands_are_kept(monkeypatch, capsys, tmp_path):
    from conftest import FIXTURES

    code, _, _ = run_main(monkeypatch, capsys, "check", FIXTURES / "example.docx", "--fail-on", "warning")
    assert code == 1
    code, _, _ = run_main(monkeypatch, capsys, "check", FIXTURES / "example.docx")
    assert code == 0
    code, _, err = run_main(monkeypatch, capsys, "outline", tmp_path / "missing.docx")
    assert code == 2 and "文件不存在" in err

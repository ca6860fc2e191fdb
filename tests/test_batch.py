"""fzbg check over many files: input order, completeness, streaming, worker processes,
time limit, skipped files, links out of the folder, progress only on a terminal, and
text from the draft printed as text (no escape sequences, no rich markup or emoji)."""
import io
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from checker import batch
from checker.batch import check_files, expand_paths
from conftest import FIXTURES, ROOT

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")


def make_folder(tmp_path, n=7):
    folder = tmp_path / "reports"
    folder.mkdir()
    names = []
    for i in range(n):
        p = folder / f"r{i:02d}.txt"
        # each file different, so a mix-up of results would show
        p.write_text(CLEAN.replace("四、2024年推进", "四、2024年推进" if i % 2 else "四、2023年推进"), encoding="utf-8")
        names.append(p)
    (folder / "r03.txt").write_bytes(b"")  # an unreadable one in the middle
    return folder, names


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_folder_results_in_input_order_complete_and_one_bad_file_does_not_stop(tmp_path, cli, jobs):
    folder, names = make_folder(tmp_path)
    result = cli("check", folder, "--format", "json", "--jobs", jobs)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [f["path"] for f in data["files"]] == [str(p) for p in names]
    status = [f["status"] for f in data["files"]]
    assert status == ["ok", "ok", "ok", "error", "ok", "ok", "ok"]
    years = [[x["code"] for x in f["findings"]].count("YEAR001") for f in data["files"]]
    assert years == [1, 0, 1, 0, 1, 0, 1]  # each file got its own findings
    assert data["summary"]["files"] == 7 and data["summary"]["bad_inputs"] == 1


def test_jsonl_is_one_object_per_file_then_the_summary(tmp_path, cli):
    folder, names = make_folder(tmp_path, n=4)
    (folder / "r03.txt").write_text(CLEAN, encoding="utf-8")
    result = cli("check", folder, "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 1  # YEAR001 is an error
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["path"] for x in lines[:-1]] == [str(p) for p in names]
    assert lines[-1]["summary"]["files"] == 4 and lines[-1]["summary"]["errors"] == 2


def test_json_streamed_is_the_document_json_dumps_would_write(tmp_path, cli):
    folder, _ = make_folder(tmp_path, n=3)
    out = cli("check", folder, "--format", "json").stdout
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("jobs,timeout", [(1, 0), (2, 30)])
def test_first_result_is_handed_out_before_the_last_file_is_taken(tmp_path, jobs, timeout):
    folder, names = make_folder(tmp_path, n=30)
    taken = []

    def lazily():
        for p in names:
            taken.append(p)
            yield p

    results = check_files(lazily(), jobs=jobs, timeout=timeout)
    first = next(results)
    assert first.path == str(names[0])
    assert len(taken) < len(names)  # the rest is not even read yet
    rest = list(results)
    assert [r.path for r in [first] + rest] == [str(p) for p in names]


def _slow_check_one(index, path, config, options, keep_report=False):
    if path.name == "slow.txt":
        while True:  # a check that never ends
            time.sleep(0.01)
    return _real_check_one(index, path, config, options, keep_report)


_real_check_one = batch.check_one


@pytest.mark.parametrize("jobs,keep", [(1, False), (2, False), (1, True)])
def test_a_file_over_the_time_limit_is_an_error_and_the_batch_goes_on(tmp_path, monkeypatch, jobs, keep):
    # jobs 1 or 2 without --annotate: a worker process, killed and replaced;
    # keep_reports (--annotate): in this process, stopped by SIGALRM
    monkeypatch.setattr(batch, "check_one", _slow_check_one)  # forked workers inherit it
    folder = tmp_path / "f"
    folder.mkdir()
    for name in ("a.txt", "slow.txt", "c.txt", "d.txt"):
        (folder / name).write_text(CLEAN, encoding="utf-8")
    # warm this process first (rules, word lists), so that forked workers start warm and an
    # ordinary file finishes far inside the limit even on a loaded machine
    _real_check_one(0, folder / "a.txt", None, {})
    results = list(check_files(expand_paths([folder]), jobs=jobs, timeout=2.0, keep_reports=keep))
    assert [os.path.basename(r.path) for r in results] == ["a.txt", "c.txt", "d.txt", "slow.txt"]
    slow = results[-1]
    assert slow.status == "error" and "检查超过 2 秒仍未完成" in slow.error
    assert [r.status for r in results[:3]] == ["ok", "ok", "ok"]


def test_time_limit_on_the_command_line_exits_2(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(batch, "check_one", _slow_check_one)
    (tmp_path / "slow.txt").write_text(CLEAN, encoding="utf-8")
    result = cli("check", tmp_path / "slow.txt", "--timeout", "0.3")
    assert result.exit_code == 2
    assert "slow.txt：检查超过 0.3 秒仍未完成" in result.stderr
    for bad in ("-1", "nan", "inf"):
        refused = cli("check", tmp_path / "slow.txt", "--timeout", bad)
        assert refused.exit_code == 2 and "--timeout" in refused.stderr


def test_legacy_formats_in_a_folder_are_listed_as_skipped_without_libreoffice(tmp_path, cli, monkeypatch):
    from checker.ingest import convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    (tmp_path / "good.txt").write_text(CLEAN, encoding="utf-8")
    for name in ("old.doc", "wps.wps", "rich.rtf", "scan.pdf"):
        (tmp_path / name).write_bytes(b"x")
    result = cli("check", tmp_path)
    assert result.exit_code == 2
    for name, why in (("old.doc", ".doc"), ("wps.wps", ".wps"), ("rich.rtf", "RTF")):
        line = next(x for x in result.stderr.splitlines() if name in x)
        assert why in line and "未检查" in line and "LibreOffice" in line
    line = next(x for x in result.stderr.splitlines() if "scan.pdf" in x)  # PDFs are read: this is no PDF
    assert "不是 PDF" in line and "未检查" not in line
    assert "4 个文件无法读取" in result.stdout


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) is not installed")
def test_legacy_formats_in_a_folder_are_checked_with_libreoffice(tmp_path, cli):
    converted = FIXTURES / "converted"
    for name in ("example.pdf", "clean_report.rtf"):
        shutil.copyfile(converted / name, tmp_path / name)
    result = cli("check", tmp_path, "--format", "json")
    data = json.loads(result.stdout)
    assert {f["path"].rsplit("/", 1)[-1]: f["status"] for f in data["files"]} == {
        "example.pdf": "ok", "clean_report.rtf": "ok"}
    assert data["summary"]["bad_inputs"] == 0


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_folder_walk_stays_inside_the_folder(tmp_path, cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(CLEAN, encoding="utf-8")
    folder = tmp_path / "drafts"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "real.txt").write_text(CLEAN, encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "link-out.txt")
    os.symlink(outside, folder / "dir-out")
    os.symlink(folder / "sub" / "real.txt", folder / "link-in.txt")
    os.symlink(tmp_path / "missing.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")  # would block a reader forever
    entries = {e.path.name: e.skip for e in expand_paths([folder])}
    assert entries["link-in.txt"] is None and entries["real.txt"] is None
    assert "文件夹之外" in entries["link-out.txt"] and "文件夹之外" in entries["dir-out"]
    assert "不存在" in entries["dangling.txt"]
    assert "不是普通文件" in entries["pipe.txt"]
    assert "secret.txt" not in entries
    data = json.loads(cli("check", folder, "--format", "json").stdout)
    paths = [f["path"] for f in data["files"]]
    assert not any("secret" in p for p in paths)
    assert data["summary"]["bad_inputs"] == 4


HOSTILE = ":x:[b]\x1b]0;t\x07\x1b[2J\u202e"


def test_control_characters_are_escaped_in_text_outline_and_check(tmp_path, cli):
    p = tmp_path / "evil.txt"
    p.write_text(CLEAN.replace("四、2024年推进", "四、2023年" + HOSTILE + "推进"), encoding="utf-8")
    for args in (("text", p), ("outline", p), ("check", p, "--no-color")):
        out = cli(*args).stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, args
        assert "\\x1b]0;" in out, args
    out = cli("text", p).stdout
    assert ":x:[b]\\x1b]0;t\\x07\\x1b[2J\\u202e" in out


def test_colour_output_prints_draft_text_as_text(tmp_path):
    from rich.console import Console

    from checker.outputs.text import render_result

    p = tmp_path / "evil.txt"
    p.write_text(CLEAN.replace("四、2024年推进", "四、2023年" + HOSTILE + "推进"), encoding="utf-8")
    r = next(check_files([p], timeout=0))
    buf = io.StringIO()
    render_result(r, buf.write, Console(file=buf, force_terminal=True, emoji=False, markup=False, highlight=False))
    out = buf.getvalue()
    assert ":x:[b]" in out and "❌" not in out
    assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out
    assert "\x1b[" in out  # rich's own colours are there


def test_no_progress_bar_or_table_when_output_is_piped(tmp_path):
    folder, _ = make_folder(tmp_path, n=3)
    (folder / "r03.txt").unlink()
    env = dict(os.environ, FORCE_COLOR="", TERM="xterm")
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "fzbg"), "check", str(folder), "--jobs", "2"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 1
    assert result.stderr == ""  # no progress bar, no table on stderr
    assert "\x1b" not in result.stdout  # plain text
    assert "共检查 3 个文件" in result.stdout and "通过" in result.stdout


def test_html_report_is_self_contained_with_sections_highlights_and_filters(tmp_path, cli):
    folder, names = make_folder(tmp_path, n=4)
    (folder / "evil.txt").write_text(CLEAN.replace("四、2024年推进", "四、2024年<b>x</b><script>alert(1)</script>推进"),
                                     encoding="utf-8")
    out = tmp_path / "report.html"
    result = cli("check", folder, "--format", "html", "-o", out)
    assert result.exit_code == 2 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="box file') == 5
    assert "<mark>2023年</mark>" in page  # YEAR001's span highlighted
    assert 'data-sev="error"' in page and 'id="family"' in page
    assert "<b>x</b>" not in page and "<script>alert" not in page
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)" in page
    for external in ("http://", "https://", "<link", " src="):
        assert external not in page
    assert "无法读取" in page  # the empty file is there with its reason
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary file, not a private temp file
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []  # no temp file left


def test_jieba_is_imported_without_pkg_resources(tmp_path):
    code = ("import sys, checker; checker.check(%r); "
            "print('jieba' in sys.modules, 'pkg_resources' in sys.modules)" % str(FIXTURES / "clean_report.txt"))
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.stdout.split() == ["True", "False"], out.stderr


KILLED_PARENT = """
import multiprocessing, os, signal, sys, threading, time
import checker.batch as b
b.check_one = lambda *a, **k: time.sleep(300)
threading.Thread(target=lambda: next(b.check_files(sys.argv[1:], jobs=2, timeout=0)), daemon=True).start()
while len(multiprocessing.active_children()) < 2:
    time.sleep(0.05)
print(*[p.pid for p in multiprocessing.active_children()], flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_workers_do_not_outlive_a_killed_parent(tmp_path):
    files = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(CLEAN, encoding="utf-8")
        files.append(str(tmp_path / name))
    out = subprocess.run([sys.executable, "-c", KILLED_PARENT, *files], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    pids = [int(x) for x in out.stdout.split()]
    assert len(pids) == 2, out.stderr
    deadline = time.monotonic() + 60
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in pids if os.path.exists(f"/proc/{p}") and "zombie" not in open(f"/proc/{p}/status").read()]
    assert alive == []


COLD = """
import sys
sys.argv = ["fzbg", "check", sys.argv[1], "--timeout", "0", "--jobs", "1", "--format", "json"]
import checker.cli
try:
    checker.cli.main()
except SystemExit:
    pass
print(sorted(m for m in ("pkg_resources", "rich", "docx", "docxtpl", "jinja2") if m in sys.modules),
      file=sys.stderr)
"""


def test_cold_check_imports_only_what_it_needs(tmp_path):
    # one in-process check: no pkg_resources (jieba), no rich for plain output, nothing of
    # python-docx or the generator. (pydantic and yaml: tests/test_cold_start.py checks the
    # CLI's cold check imports neither.)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", COLD, str(FIXTURES / "example.docx")], capture_output=True,
                         text=True, cwd=ROOT, env=env, timeout=120)
    assert out.stderr.strip().splitlines()[-1] == "[]", out.stderr
    assert json.loads(out.stdout)["summary"]["files"] == 1

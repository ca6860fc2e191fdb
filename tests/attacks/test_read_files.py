"""Inputs that are not regular files, or too large: a FIFO with no writer, a device
such as /dev/zero (directly or through a symlink named .docx), a folder given to
`fzbg text`, a file over the input size limit. Each ends in exit 2 with a Chinese
message naming the file, without hanging (a generous subprocess timeout) or reading
the whole thing."""
from __future__ import annotations

import os

import pytest

import checker
from checker.errors import InputError
from conftest import FIXTURES
from hostile_docx import check_json, fzbg, has_chinese, sha256


def refused(result, path, *words):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr and has_chinese(result.stderr)
    for word in words:
        assert word in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="no FIFOs or /dev/zero")
def test_fifo_device_and_oversized_file_are_refused_without_reading(tmp_path):
    """The FIFO has no writer (opening it the usual way waits forever); /dev/zero never
    ends; the sparse 60 MB file (over the 50 MB default) costs nothing to make and is
    refused from its size."""
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.docx"
    zero.symlink_to("/dev/zero")
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(60 * 1024 * 1024)
    result, entries = check_json(fifo, zero, big, timeout=60)
    assert result.returncode == 2
    expected = {fifo: "命名管道", zero: "设备文件", big: "文件过大（超过 50 MB）"}
    for path, words in expected.items():
        message = entries[str(path)]["error"]["message"]
        assert str(path) in message and words in message
    refused(fzbg("text", fifo, timeout=60), fifo, "命名管道")


def test_folder_given_as_a_file(tmp_path):
    refused(fzbg("outline", tmp_path, timeout=60), tmp_path, "文件夹")


def test_input_size_limit_can_be_changed(tmp_path):
    """FZBG_MAX_INPUT_MB=0.001 (1 KB) refuses the 3 KB example report, which the
    default limit reads; the message says how to change the limit."""
    report = tmp_path / "report.txt"
    report.write_bytes((FIXTURES / "clean_report.txt").read_bytes())
    before = sha256(report)
    refused(fzbg("check", report, env={"FZBG_MAX_INPUT_MB": "0.001"}, timeout=60), report,
            "文件过大", "FZBG_MAX_INPUT_MB")
    assert checker.check(report).document.blocks
    assert sha256(report) == before


def test_bytes_over_the_limit_are_refused_by_the_api(monkeypatch):
    monkeypatch.setenv("FZBG_MAX_INPUT_MB", "0.001")
    with pytest.raises(InputError, match="文件过大"):
        checker.check("一、主要举措和成效\n".encode("utf-8") * 200, name="upload.txt")

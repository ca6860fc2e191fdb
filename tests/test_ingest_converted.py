""".doc, .wps and .rtf read through LibreOffice: the same outline as the .docx they were
made from; --annotate and fix write a .docx (never over the input) and say so; without
LibreOffice, or past the time limit, a clear message and exit 2. Tests that convert need
`soffice` and skip without it; the others replace it."""
from __future__ import annotations

import shutil

import pytest

import checker
from cfb import build_cfb
from checker.errors import UsageError
from checker.ingest import convert, supported_suffixes
from conftest import FIXTURES
from converted_helpers import outline_summary

CONVERTED = FIXTURES / "converted"
needs_soffice = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice (soffice) is not installed")


@needs_soffice
@pytest.mark.parametrize("name,docx", [
    ("example.doc", "example.docx"), ("example.rtf", "example.docx"),
    ("clean_report.doc", "converted/clean_report.docx"), ("clean_report.rtf", "converted/clean_report.docx"),
])
def test_converted_file_gives_the_outline_of_the_docx(name, docx):
    doc = checker.load(CONVERTED / name)
    assert doc.converted_from == name.rsplit(".", 1)[1]
    assert doc.format == "docx"
    assert checker.outline(doc).to_dict()["converted_from"] == doc.converted_from  # outline --format json
    assert outline_summary(doc) == outline_summary(checker.load(FIXTURES / docx))


@needs_soffice
def test_annotate_a_doc_writes_a_docx_next_to_what_was_asked(tmp_path, cli):
    src = tmp_path / "报告.doc"
    shutil.copyfile(CONVERTED / "example.doc", src)
    before = src.read_bytes()
    result = cli("check", src, "--annotate", tmp_path / "批注.doc")
    assert result.exit_code == 0, result.output
    out = tmp_path / "批注.docx"
    assert "LibreOffice" in result.stderr and str(out) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["批注.docx", "报告.doc"]
    assert src.read_bytes() == before
    annotated = checker.load(out)
    assert annotated.converted_from is None and len(annotated.comments) >= 5


@needs_soffice
def test_fix_a_wps_writes_a_docx_and_refuses_in_place(tmp_path, cli):
    src = tmp_path / "draft.wps"  # WPS 文字 saves the Word 97 format under .wps
    shutil.copyfile(CONVERTED / "example.doc", src)
    before = src.read_bytes()
    result = cli("fix", src, "-o", tmp_path / "fixed.wps")
    assert result.exit_code == 0, result.output
    assert "PUN001" in result.stdout and "fixed.docx" in result.stdout + result.stderr
    fixed = checker.load(tmp_path / "fixed.docx")
    assert "评查行政处罚案卷60卷，发现问题23个" in fixed.text
    result = cli("fix", src, "--in-place")
    assert result.exit_code == 2 and "-o" in result.stderr
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.wps", "fixed.docx"]


@needs_soffice
def test_conversion_past_the_time_limit_is_stopped(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("FZBG_CONVERT_TIMEOUT", "0.05")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    path = CONVERTED / "example.rtf"
    result = cli("outline", path)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "超过" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # the profile, the copy and the output are gone


def test_without_libreoffice_the_message_says_how_to_install_it(monkeypatch, cli):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    for name, what in (("example.doc", "Word 97-2003"), ("example.rtf", "RTF")):
        result = cli("outline", CONVERTED / name)
        assert result.exit_code == 2
        assert what in result.stderr and "apt install libreoffice-writer-nogui" in result.stderr
        assert "另存为" in result.stderr and "Traceback" not in result.output


def test_encrypted_doc_is_refused_without_converting(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(convert, "run_soffice", lambda *a, **k: pytest.fail("must not convert"))
    fib = b"\xec\xa5\xc1\x00\xc1\x00\x00\x00\x00\x00\x00\x01"  # FIB flags: fEncrypted
    path = tmp_path / "加密.doc"
    path.write_bytes(build_cfb({"WordDocument": fib + b"\x00" * 600}))
    result = cli("check", path)
    assert result.exit_code == 2 and "加密" in result.stderr and str(path) in result.stderr


def test_bad_time_limit_is_a_usage_error(monkeypatch, cli):
    monkeypatch.setenv("FZBG_CONVERT_TIMEOUT", "abc")
    monkeypatch.setattr(convert, "soffice", lambda: "/usr/bin/soffice")
    with pytest.raises(UsageError, match="FZBG_CONVERT_TIMEOUT"):
        checker.load(CONVERTED / "example.rtf")
    result = cli("check", CONVERTED / "example.rtf")
    assert result.exit_code == 2 and "FZBG_CONVERT_TIMEOUT" in result.stderr


def test_supported_suffixes_follow_libreoffice(monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    without = supported_suffixes()
    assert {".docx", ".pdf", ".txt"} <= without and not {".doc", ".wps", ".rtf"} & without
    monkeypatch.setattr(convert, "soffice", lambda: "/usr/bin/soffice")
    assert {".doc", ".wps", ".rtf", ".pdf"} <= supported_suffixes()

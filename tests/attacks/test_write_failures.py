"""Writes that cannot be made leave nothing behind; a damaged zip member is refused cleanly."""
import io
import os
import zipfile

import pytest

from conftest import FIXTURES
from ooxml_helpers import digest

EXAMPLE = FIXTURES / "example.docx"


def draft(tmp_path):
    src = tmp_path / "in" / "d.docx"
    src.parent.mkdir()
    src.write_bytes(EXAMPLE.read_bytes())
    return src


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_unwritable_target_folder(cli, tmp_path):
    src = draft(tmp_path)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = cli("fix", src, "-o", folder / "o.docx")
        assert result.exit_code == 2 and "无法写入" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("command", ["fix", "annotate", "generate"])
def test_a_failed_rename_leaves_nothing_behind(cli, tmp_path, monkeypatch, command):
    src = draft(tmp_path)
    before = digest(src)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "o.docx"

    def refuse(a, b):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    if command == "fix":
        result = cli("fix", src, "-o", out)
    elif command == "annotate":
        result = cli("check", src, "--annotate", out)
    else:
        data = tmp_path / "in.yaml"
        result = cli("example")
        data.write_text(result.stdout, encoding="utf-8")
        result = cli("generate", data, "-o", out)
    assert result.exit_code == 2 and "无法写入" in result.stderr
    assert list(folder.iterdir()) == []
    assert digest(src) == before


def damaged(tmp_path):
    """example.docx plus a thumbnail whose compressed bytes are damaged."""
    src = tmp_path / "d.docx"
    original = zipfile.ZipFile(EXAMPLE)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in original.infolist():
            if info.filename != "docProps/thumbnail.jpeg":
                z.writestr(info, original.read(info.filename))
        z.writestr("docProps/thumbnail.jpeg", bytes(range(256)) * 64)
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("docProps/thumbnail.jpeg")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + info.compress_size - 5):
        data[i] ^= 0x5A
    src.write_bytes(bytes(data))
    return src


@pytest.mark.parametrize("command", ["fix", "annotate"])
def test_damaged_member_is_refused_without_traceback(cli, tmp_path, command):
    src = damaged(tmp_path)
    before = digest(src)
    out = tmp_path / "o.docx"
    assert cli("check", src).exit_code in (0, 1)  # the checker never reads the thumbnail
    args = ("fix", src, "-o", out) if command == "fix" else ("check", src, "--annotate", out)
    result = cli(*args)
    assert result.exit_code == 2 and "docProps/thumbnail.jpeg" in result.stderr and "损坏" in result.stderr
    assert isinstance(result.exception, SystemExit)
    assert not out.exists() and digest(src) == before

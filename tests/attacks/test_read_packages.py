"""Hostile zip packages given to `fzbg check`: bombs, encrypted or oddly compressed
members, huge central directories, damaged archives, other Office and zip files named
.docx. Each ends in a Chinese message naming the file and the cause (exit 2), never a
traceback, within a generous time and memory limit, and the input is left unchanged.

All files of one limit setting are checked in one run (one process start), each file
asserted on its own entry of the JSON output."""
from __future__ import annotations

import base64
import io
import os
import random
import zipfile

import pytest

from hostile_docx import (REL, check_json, document, fzbg, has_chinese, package, patch_member, report_body,
                          report_docx, sha256)


def _members(n: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", document(report_body()))
        for i in range(n):
            zf.writestr(f"m/{i}", b"")
    return out.getvalue()


def _lying_count(n: int) -> bytes:
    """n members, but the End Of Central Directory record says 3."""
    data = bytearray(_members(n))
    pos = data.rfind(b"PK\x05\x06")
    data[pos + 8:pos + 12] = (3).to_bytes(2, "little") * 2
    return bytes(data)


def _zip(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def _office(main: str, root: str, ns: str) -> bytes:
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{main}"/></Relationships>')
    return _zip({"[Content_Types].xml": "<Types/>", "_rels/.rels": rels,
                 main: f'<{root} xmlns="http://schemas.openxmlformats.org/{ns}/2006/main"/>'})


def _noise(n: int, seed: int) -> str:
    """n characters of text that does not compress (ratio about 1.3)."""
    return base64.b64encode(random.Random(seed).randbytes(n * 3 // 4)).decode()


GOOD = report_docx()

# name -> (bytes, words the message must contain)
REFUSED = {
    "bomb-ratio.docx": (package({"word/document.xml": document(report_body()).encode() + b" " * (5 << 20)}),
                        ["word/document.xml", "压缩比异常"]),
    "encrypted-member.docx": (patch_member(GOOD, "word/document.xml", flag=0x1), ["word/document.xml", "加密"]),
    "ppmd-member.docx": (patch_member(GOOD, "word/document.xml", method=98), ["不支持的压缩方式"]),
    "members-6000.docx": (_members(6000), ["文件过多"]),
    "members-lying-count.docx": (_lying_count(6000), ["文件过多"]),
    "truncated.docx": (GOOD[:len(GOOD) // 2], ["损坏"]),
    "bad-crc.docx": (package({"word/document.xml": document(report_body())}, compression=zipfile.ZIP_STORED)
                     .replace("示例市".encode(), "示例省".encode()), ["word/document.xml", "损坏"]),
    "workbook.docx": (_office("xl/workbook.xml", "workbook", "spreadsheetml"), ["Excel 工作簿（.xlsx）"]),
    "slides.docx": (_office("ppt/presentation.xml", "presentation", "presentationml"), ["PowerPoint 演示文稿（.pptx）"]),
    "writer.docx": (_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
                    ["OpenDocument 文本（.odt）"]),
    "drafts.docx": (_zip({"a/青溪县.docx": GOOD, "b/云州市.docx": GOOD}), ["zip 压缩包", "请先解压"]),
    "plain.docx": (_zip({"notes.txt": "hello"}), ["普通的 zip 压缩包"]),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packages")
    paths = {}
    for name, (data, _words) in REFUSED.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    paths["good.docx"] = folder / "good.docx"
    paths["good.docx"].write_bytes(GOOD)
    hashes = {name: sha256(p) for name, p in paths.items()}
    result, entries = check_json(*paths.values())
    return result, {name: entries[str(p)] for name, p in paths.items()}, hashes, paths


def test_run_exits_2_without_traceback(batch):
    result, entries, _hashes, _paths = batch
    assert result.returncode == 2
    assert entries["good.docx"]["status"] == "ok"  # the others did not stop the run


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_package_is_refused_with_its_cause(batch, name):
    _result, entries, hashes, paths = batch
    entry = entries[name]
    assert entry["status"] == "error", entry
    message = entry["error"]["message"]
    assert name in message and has_chinese(message)
    for word in REFUSED[name][1]:
        assert word in message
    assert sha256(paths[name]) == hashes[name]


def test_size_limits_apply_whatever_the_part_name_and_can_be_changed(tmp_path):
    """FZBG_MAX_PART_MB / FZBG_MAX_UNZIPPED_MB: the main part named "document.XML" or
    with no .xml suffix at all is still a part; media parts count in the total."""
    big = document(report_body(f"<w:p><w:r><w:t>{_noise(150_000, 1)}</w:t></w:r></w:p>"))
    files = {
        "upper.docx": package({"word/document.XML": big}, main="word/document.XML"),
        "suffix.docx": package({"word/body.bin": big}, main="word/body.bin"),
        "media.docx": package({"word/document.xml": document(report_body()),
                               **{f"word/media/{i}.png": _noise(90_000, i).encode() for i in range(3)}}),
        "good.docx": GOOD,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result, entries = check_json(*(tmp_path / n for n in files),
                                 env={"FZBG_MAX_PART_MB": "0.1", "FZBG_MAX_UNZIPPED_MB": "0.2"})
    assert result.returncode == 2
    by_name = {os.path.basename(k): v for k, v in entries.items()}
    assert "word/document.XML" in by_name["upper.docx"]["error"]["message"]
    assert "过大" in by_name["upper.docx"]["error"]["message"]
    assert "word/body.bin" in by_name["suffix.docx"]["error"]["message"]
    assert "解压后过大" in by_name["media.docx"]["error"]["message"]
    assert by_name["good.docx"]["status"] == "ok"
    # default limits: the same files are read
    result, entries = check_json(*(tmp_path / n for n in files))
    assert {e["status"] for e in entries.values()} == {"ok"}


def test_bad_limit_setting_is_a_usage_error(tmp_path):
    (tmp_path / "good.docx").write_bytes(GOOD)
    result = fzbg("text", tmp_path / "good.docx", env={"FZBG_MAX_INPUT_MB": "lots"})
    assert result.returncode == 2
    assert "FZBG_MAX_INPUT_MB" in result.stderr and has_chinese(result.stderr)
    assert "Traceback" not in result.stderr

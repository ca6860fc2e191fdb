"""Hostile PDFs: truncated or garbage files, a page tree that loops or lies about its
size, more pages than a report has, nesting bombs, a compressed content stream that
inflates to tens of megabytes, millions of characters, an opening password. All are read
in one child process (a crash of the PDF library would show as a signal, not a message):
each ends as an error entry with a Chinese message naming the file (exit 2) or is read;
never a traceback."""
from __future__ import annotations

import zlib

import pytest

from conftest import FIXTURES
from converted_helpers import assemble, build_pdf, cjk_page
from hostile_docx import check_json, has_chinese

EXAMPLE = (FIXTURES / "converted" / "example.pdf").read_bytes()
FONT = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",)


def _page_tree(count: int, kids: str, extra: list[bytes] = ()) -> bytes:
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>",
                     f"<< /Type /Pages /Count {count} /Kids [{kids}] >>".encode(), *extra])


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _one_page(content: bytes, compress: bool = False) -> bytes:
    return _page_tree(1, "3 0 R", [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(content, compress), *FONT])


def _many_pages(n: int) -> bytes:
    kids = " ".join(f"{3 + i} 0 R" for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    return _page_tree(n, kids, pages)


HOSTILE = {
    "truncated.pdf": (lambda: EXAMPLE[: len(EXAMPLE) // 3], None),
    "header_only.pdf": (lambda: b"%PDF-1.7\n", "损坏"),
    "garbage.pdf": (lambda: b"%PDF-1.4\n" + bytes(range(256)) * 200, "损坏"),
    "tail_cut_xref.pdf": (lambda: EXAMPLE[:-200], None),
    "self_kid.pdf": (lambda: _page_tree(1, "2 0 R"), None),  # the page tree is its own child
    "lying_count.pdf": (lambda: _page_tree(10**9, "3 0 R", [b"<< /Type /Page /Parent 2 0 R >>"]), None),
    "too_many_pages.pdf": (lambda: _many_pages(1001), "页"),
    "deep_array.pdf": (lambda: _one_page(b"[" * 200000 + b"]" * 200000), None),
    "deep_dict.pdf": (lambda: _page_tree(1, "3 0 R", [b"<< /A " * 100000 + b"1" + b" >>" * 100000]), None),
    "inflate_bomb.pdf": (lambda: _one_page(b" " * (60 * 1024 * 1024), compress=True), None),
    "many_chars.pdf": (lambda: _one_page(b"BT /F1 1 Tf 10 10 Td " + (b"(" + b"a" * 30000 + b") Tj ") * 70 + b"ET",
                                         compress=True), "字符"),
    "no_text.pdf": (lambda: build_pdf([[] for _ in range(3)]), "文字层"),
    "only_folios.pdf": (lambda: build_pdf([cjk_page([], footer=f"— {n} —") for n in (1, 2)]), "页码"),
    "password.pdf": (lambda: (FIXTURES / "converted" / "open_password.pdf").read_bytes(), "密码"),
}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    paths = []
    for name, (make, _words) in HOSTILE.items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    result, entries = check_json(*paths, timeout=300)
    assert result.returncode in (1, 2), result.stderr  # not a signal: the PDF library did not crash
    return {name.rsplit("/", 1)[-1]: entry for name, entry in entries.items()}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pdf_is_refused_with_a_message_or_read(outcome, name):
    entry = outcome[name]
    words = HOSTILE[name][1]
    if entry["status"] == "error":
        message = entry["error"]["message"]
        assert name in message and has_chinese(message)
        assert words is None or words in message, message
    else:
        assert words is None, f"{name} should have been refused"

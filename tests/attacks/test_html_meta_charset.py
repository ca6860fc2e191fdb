"""A saved web page chooses its decoder with <meta charset>: only WHATWG encoding labels
are honoured; any other name (a Python codec such as punycode, utf-7, unicode_escape)
falls back to detection, as a browser does (issue 17)."""
import pytest

import checker
from checker.ingest.html import web_encoding
from untrusted import run_fzbg

PAGE = '<html><head><meta charset="{charset}"></head><body><p>{body}</p></body></html>'


def page(charset, body, encoding="utf-8"):
    return PAGE.format(charset=charset, body=body).encode(encoding)


def test_punycode_page_is_read_as_utf8_in_bounded_time(tmp_path):
    """punycode decoding is quadratic: a 1 MB page took minutes."""
    body = "法治政府建设年度报告。" + "a" * 1_000_000
    src = tmp_path / "p.html"
    src.write_bytes(page("punycode", body))
    result = run_fzbg("text", src)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "法治政府建设年度报告。" in result.stdout


@pytest.mark.parametrize("charset, body", [
    ("utf-7", "+bNVsuw- 法治"),            # utf-7 would turn "+bNVsuw-" into 法治
    ("unicode_escape", "\\u6cd5\\u6cbb 法治"),  # unicode_escape would unescape it
    ("rot13", "abc 法治"),
    ("hex", "616263 法治"),
])
def test_python_codecs_are_not_honoured(charset, body):
    doc = checker.load(page(charset, body), "p.html")
    assert doc.encoding == "utf-8"
    assert [b.text for b in doc.blocks] == [body]


@pytest.mark.parametrize("charset", ["gbk", "GB2312", "x-gbk", "gb18030"])
def test_web_labels_for_chinese_are_honoured(charset):
    body = "法治政府建设情况的报告。"
    doc = checker.load(page(charset, body, "gb18030"), "p.html")
    assert doc.encoding == "gb18030" and doc.blocks[0].text == body


def test_label_table_follows_whatwg():
    assert web_encoding(" UTF8 ") == "utf-8"
    assert web_encoding("utf-16le") == "utf-8"  # a <meta> cannot declare UTF-16
    assert web_encoding("iso_8859-1:1987") == "cp1252"
    assert web_encoding("big5") == "big5hkscs"
    for label in ("punycode", "utf-7", "unicode_escape", "idna", "zlib", "hz-gb-2312", "iso-2022-kr"):
        assert web_encoding(label) is None

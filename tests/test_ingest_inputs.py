"""Text formats, and bad input: exit 2, a Chinese message naming the file, input untouched."""
import checker
import pytest
from cfb import build_cfb
from docx_helpers import new_document, to_bytes

REPORT = """某某县2023年法治政府建设年度报告
2023年，我县深入践行习近平法治思想。现将有关情况报告如下：
一、主要举措和成效
全年办理行政复议案件43件。
二、存在的不足和原因
执法不够规范。主要原因是培训不足。
三、2024年工作安排
一是加强执法培训。
"""


def test_gb18030_text_is_decoded_and_encoding_reported(tmp_path, cli):
    path = tmp_path / "gbk.txt"
    path.write_bytes(REPORT.encode("gb18030"))
    doc = checker.load(path)
    assert doc.encoding == "gb18030"
    assert doc.blocks[0].text == "某某县2023年法治政府建设年度报告"
    result = cli("outline", path, "--format", "json")
    assert '"encoding": "gb18030"' in result.stdout


@pytest.mark.parametrize("encoding,expected", [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-8", "utf-8")])
def test_unicode_encodings(tmp_path, encoding, expected):
    path = tmp_path / "r.txt"
    path.write_bytes(REPORT.encode(encoding))
    doc = checker.load(path)
    assert doc.encoding == expected
    assert [s.kind for s in checker.outline(doc).sections] == ["measures", "problems", "plans"]


def test_markdown_headings_lists_and_lines(tmp_path):
    md = ("# 某某县2023年法治政府建设年度报告\n\n2023年，我县深入践行习近平法治思想。\n\n"
          "## 一、主要举措和成效\n\n1. 推进依法决策。审核文件12件。\n2. 规范执法。评查案卷60件。\n\n"
          "## 二、存在的不足和原因\n\n执法不规范。主要原因是培训不足。\n\n## 三、2024年工作安排\n\n一是加强培训。\n")
    path = tmp_path / "r.md"
    path.write_text(md, encoding="utf-8")
    doc = checker.load(path)
    texts = [b.text for b in doc.blocks]
    assert "1.推进依法决策。审核文件12件。" in texts
    ol = checker.outline(doc)
    assert [s.kind for s in ol.sections] == ["measures", "problems", "plans"]
    assert [h.label for h in ol.sections[0].children] == ["1.", "2."]
    assert ol.title == "某某县2023年法治政府建设年度报告"


HTML = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>报告</title>
<script>var x = "一、脚本";</script><style>p{}</style></head><body>
<div class="nav"><a href="/">首页</a> <a href="/a">机构设置</a></div>
<div class="main"><div class="pos">您现在所在的位置：首页 &gt; 信息公开</div>
<h1>某某县2023年法治政府建设年度报告</h1>
<div class="share">分享到：</div>
<div class="content">
<p>2023年，我县深入践行习近平法治思想，法治政府建设取得新成效。现将有关情况报告如下：</p>
<p>一、主要举措和成效</p><p>全年办理行政复议案件43件，纠正违法行为12起，群众满意度达到98%。</p>
<p>二、存在的不足和原因</p><p>执法不够规范。主要原因是培训不足，考核不严。</p>
<p>三、2024年工作安排</p><p>一是加强执法培训。二是严格考核。</p>
<table><tr><td>指标</td><td>数值</td></tr><tr><td>复议案件</td><td>43件</td></tr></table>
<p>扫一扫在手机打开当前页</p></div></div>
<div class="footer">主办单位：某某县人民政府办公室 联系电话：0000-1234567</div>
</body></html>"""


def test_html_page_keeps_article_and_residue_inside_it(tmp_path, cli):
    path = tmp_path / "page.html"
    path.write_bytes(HTML.encode("gb18030"))
    doc = checker.load(path)
    texts = [b.text for b in doc.blocks]
    assert "分享到：" in texts and "扫一扫在手机打开当前页" in texts
    assert not any("脚本" in t for t in texts)
    assert "复议案件" in texts  # table cell
    ol = checker.outline(doc)
    assert ol.title == "某某县2023年法治政府建设年度报告"
    assert [s.kind for s in ol.sections] == ["measures", "problems", "plans"]
    residue = {b.text for b in ol.residue}
    assert {"分享到：", "扫一扫在手机打开当前页"} <= residue
    assert any(t.startswith("您现在所在的位置") for t in residue)


def _docx_bytes():
    doc = new_document()
    for line in REPORT.splitlines():
        doc.add_paragraph(line)
    return to_bytes(doc)


BAD_INPUTS = {
    "legacy.docx": (lambda: build_cfb({"WordDocument": b"\xec\xa5" + b"\x00" * 600}), "Word 97-2003"),
    "encrypted.docx": (lambda: build_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 200,
                                          "EncryptedPackage": b"\x00" * 5000}), "加密"),
    "truncated.docx": (lambda: _docx_bytes()[: len(_docx_bytes()) // 2], "损坏"),
    "empty.txt": (lambda: b"", "为空"),
    "blank.docx": (lambda: b"   \r\n", "为空"),
    "latin1.txt": (lambda: "Rapport annuel: caf\xe9 na\xefve \xff\xfe".encode("latin-1")[:-2] + b"\x80\xff\x80", "编码"),
    "image.docx": (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "不是文字文档"),
    "notzip.docx": (lambda: "这是一段文字，不是 Word 文档。".encode("utf-8"), "不是 Word 文档"),
    "sheet.docx": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "Excel"),
    "badxml.docx": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document><unclosed>"}), "XML"),
}


def _zip(members):
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_message_naming_the_file(tmp_path, cli, name):
    make, words = BAD_INPUTS[name]
    path = tmp_path / name
    data = make()
    path.write_bytes(data)
    for command in ("outline", "text"):
        result = cli(command, path)
        assert result.exit_code == 2, (command, result.output)
        assert str(path) in result.stderr
        assert words in result.stderr
        assert "Traceback" not in result.output + result.stderr
    assert path.read_bytes() == data


def test_missing_file_and_folder(tmp_path, cli):
    result = cli("outline", tmp_path / "nope.docx")
    assert result.exit_code == 2 and "不存在" in result.stderr
    result = cli("text", tmp_path)
    assert result.exit_code == 2 and "文件夹" in result.stderr


def test_xml_entities_are_not_expanded(tmp_path):
    evil = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>&x;text</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "evil.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": evil}))
    doc = checker.load(path)
    assert "root:" not in doc.text


def test_zip_bomb_member_is_refused(tmp_path):
    from checker.errors import InputError
    big = b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>"
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip_deflated({"[Content_Types].xml": b"<Types/>", "word/document.xml": big}))
    with pytest.raises(InputError, match="压缩比"):
        checker.load(path)


def _zip_deflated(members):
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_text_command_prints_what_the_checker_reads(tmp_path, cli):
    doc = new_document()
    doc.add_paragraph("一、主要举措和成效")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "复议案件"
    table.cell(0, 1).text = "43件"
    path = tmp_path / "t.docx"
    path.write_bytes(to_bytes(doc))
    result = cli("text", path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["一、主要举措和成效", "复议案件\t43件"]


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("fzbg ")

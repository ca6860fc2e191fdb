"""A document.xml declaring an internal entity: fix and --annotate refuse, the draft stays intact."""
import io
import zipfile

import docx

from ooxml_helpers import digest

TITLE = "青溪县人民政府关于2023年度法治政府建设情况的报告"


def entity_docx(path):
    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph("2023年,青溪县坚持依法行政。ORG全年办理案件43件,纠正违法行为12起。")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                head, rest = data.split(b"?>", 1)
                data = (head + b'?>\n<!DOCTYPE w:document [<!ENTITY org "\xe9\x9d\x92\xe6\xba\xaa\xe5\x8e\xbf">]>'
                        + rest.replace(b"ORG", b"&org;"))
            z.writestr(info.filename, data)
    path.write_bytes(out.getvalue())
    return path


def test_fix_refuses_a_document_declaring_an_entity(cli, tmp_path):
    src = entity_docx(tmp_path / "d.docx")
    before = digest(src)
    out = tmp_path / "o.docx"
    result = cli("fix", src, "-o", out)
    assert result.exit_code == 2 and "实体" in result.stderr and str(src) in result.stderr
    assert not out.exists() and digest(src) == before


def test_fix_in_place_leaves_the_draft_byte_identical(cli, tmp_path):
    src = entity_docx(tmp_path / "d.docx")
    before = digest(src)
    result = cli("fix", src, "--in-place")
    assert result.exit_code == 2 and "实体" in result.stderr
    assert digest(src) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.docx"]  # no temporary file left


def test_annotate_refuses_a_document_declaring_an_entity(cli, tmp_path):
    src = entity_docx(tmp_path / "d.docx")
    before = digest(src)
    out = tmp_path / "a.docx"
    result = cli("check", src, "--annotate", out)
    assert result.exit_code == 2 and "实体" in result.stderr and "Traceback" not in result.output
    assert not out.exists() and digest(src) == before

"""--annotate on parts python-docx could not open: it reads only what it writes."""
import io
import re
import zipfile

import docx
import pytest

import checker
from docx_helpers import to_bytes
from ooxml_helpers import anchored_texts, digest

COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def base_bytes():
    d = docx.Document()
    d.add_paragraph("青溪县人民政府关于2023年度法治政府建设情况的报告")
    d.add_paragraph("全年办理案件43件,纠正违法行为12起。")
    return to_bytes(d)


def rewrite(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            new = change(info.filename, src.read(info.filename))
            if new is not None:
                z.writestr(info.filename, new)
    return out.getvalue()


def entity_in_styles(name, data):
    if name == "word/styles.xml":
        head, rest = data.split(b"?>", 1)
        return head + b'?><!DOCTYPE w:styles [<!ENTITY x "y">]>' + rest
    return data


def no_styles(name, data):
    if name == "word/styles.xml":
        return None
    if name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        return re.sub(rb"<[^<>]*styles\.xml[^<>]*/>", b"", data)
    return data


def target_outside(name, data):
    if name == "word/_rels/document.xml.rels":
        return data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                            b'officeDocument/2006/relationships/image" Target="../../../etc/passwd"/>'
                            b'<Relationship Id="rId98" Type="' + COMMENTS_REL.encode() + b'" Target="../../outside.xml"/>'
                            b"</Relationships>")
    return data


@pytest.mark.parametrize("change", [entity_in_styles, no_styles, target_outside], ids=lambda f: f.__name__)
def test_annotate_where_python_docx_raised(cli, tmp_path, change):
    src = tmp_path / "d.docx"
    src.write_bytes(rewrite(base_bytes(), change))
    before = digest(src)
    out = tmp_path / "a.docx"
    plain = cli("check", src, "--select", "PUN001")
    result = cli("check", src, "--select", "PUN001", "--annotate", out)
    assert (result.exception is None or isinstance(result.exception, SystemExit)) and result.exit_code == plain.exit_code
    assert digest(src) == before
    if plain.exit_code == 2:  # the reader refused the draft itself: no copy, same message
        assert not out.exists()
        return
    assert list(anchored_texts(out).values()) == [","]
    assert [b.text for b in checker.load(out).blocks] == [b.text for b in checker.load(src).blocks]
    rels = zipfile.ZipFile(out).read("word/_rels/document.xml.rels").decode()
    comments = [m for m in re.findall(r"<Relationship [^>]*>", rels) if COMMENTS_REL in m]
    assert len(comments) == 1 and 'Target="comments.xml"' in comments[0]

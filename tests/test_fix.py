"""fzbg fix: certain corrections written to a copy; a second check no longer reports them."""
import docx
import pytest
from lxml import etree

import checker
from conftest import FIXTURES
from docx_helpers import add_chinese_numbering, new_document, numbered, to_bytes
from ooxml_helpers import WRAPPERS, add_paragraph_xml, digest, run, wrap

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
FIXABLE = ("PUN001", "DATA002", "NUM004", "PUN005", "YEAR004", "TERM001")
DEFECTIVE = (CLEAN.replace("2023年，青溪县坚持", "2023年,青溪县坚持")
             .replace("（2021—2025年）", "(2021一2025年)")
             .replace("（一）带头学法用法", "(一)带头学法用法")
             .replace("备案审查率达到100%", "备案审查率达到100﹪")
             .replace("发现问题23个", "发现问题23 个")
             .replace("法治政府建设取得新成效", "法制政府建设取得新成效"))


def codes(report):
    return {f.code for f in report.findings}


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-8-sig"])
def test_fix_txt_keeps_encoding_and_line_endings(tmp_path, cli, encoding):
    src = tmp_path / "draft.txt"
    data = DEFECTIVE.replace("\n", "\r\n").encode(encoding)
    src.write_bytes(data)
    assert set(FIXABLE) <= codes(checker.check(src))
    out = tmp_path / "fixed.txt"
    result = cli("fix", src, "-o", out)
    assert result.exit_code == 0, result.output
    assert "PUN001 “,” → “，”" in result.stdout
    assert src.read_bytes() == data  # input untouched
    fixed = out.read_bytes()
    assert fixed.decode(encoding).count("\r\n") == DEFECTIVE.count("\n")
    text = fixed.decode(encoding).replace("\r\n", "\n")
    assert "《法治政府建设实施纲要（2021—2025年）》" in text and "（一）带头学法用法" in text
    assert "23个" in text and "100%" in text and "法治政府建设取得新成效" in text
    assert not set(FIXABLE) & codes(checker.check(out))


def test_fix_refuses_to_overwrite_input_without_in_place(tmp_path, cli):
    src = tmp_path / "d.txt"
    src.write_text(DEFECTIVE, encoding="utf-8")
    result = cli("fix", src, "-o", src)
    assert result.exit_code == 2 and "--in-place" in result.stderr
    assert cli("fix", src).exit_code == 2
    assert src.read_text(encoding="utf-8") == DEFECTIVE
    result = cli("fix", src, "--in-place")
    assert result.exit_code == 0
    assert "PUN001" not in codes(checker.check(src))


def test_fix_markdown(tmp_path, cli):
    src = tmp_path / "d.md"
    src.write_text(DEFECTIVE.replace("\n", "\n\n"), encoding="utf-8")
    out = tmp_path / "o.md"
    assert cli("fix", src, "-o", out).exit_code == 0
    assert not {"PUN001", "YEAR004", "DATA002"} & codes(checker.check(out))


def test_fix_docx_edits_runs_and_keeps_their_formatting(tmp_path, cli):
    doc = new_document()
    nid = add_chinese_numbering(doc, level2=None)
    for line in DEFECTIVE.splitlines():
        if line.startswith("一、"):
            numbered(doc.add_paragraph(line[2:]), nid)  # Word numbering, no typed label
            continue
        p = doc.add_paragraph()
        if "100﹪" in line:
            a, b = line.split("100﹪")
            p.add_run(a)
            bold = p.add_run("100")
            bold.bold = True
            p.add_run("﹪" + b)
        elif line.startswith("2023年,"):
            p.add_run("2023年")
            p.add_run(",").italic = True  # the comma alone in its own run
            p.add_run(line[6:])
        else:
            p.add_run(line)
    src = tmp_path / "d.docx"
    src.write_bytes(to_bytes(doc))
    out = tmp_path / "o.docx"
    result = cli("fix", src, "-o", out)
    assert result.exit_code == 0, result.output
    assert not set(FIXABLE) & codes(checker.check(out))
    fixed = docx.Document(str(out))
    para = next(p for p in fixed.paragraphs if "100%" in p.text)
    assert [r.bold for r in para.runs if r.text == "100"] == [True]
    comma = next(p for p in fixed.paragraphs if p.text.startswith("2023年"))
    assert comma.runs[1].text == "，" and comma.runs[1].italic
    assert checker.load(out).blocks[3].text.startswith("一、")  # numbering kept


def test_fix_html_is_refused(tmp_path, cli):
    src = tmp_path / "p.html"
    src.write_text("<html><body><p>2023年,我县坚持依法行政。</p></body></html>", encoding="utf-8")
    result = cli("fix", src, "-o", tmp_path / "o.html")
    assert result.exit_code == 2 and ".docx" in result.stderr
    assert not (tmp_path / "o.html").exists()


def xpath(el, path):
    return etree.XPath(path, namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})(el)


def run_texts(paragraph):
    return [(r.text, bool(r.bold)) for r in paragraph.runs if r.text]


def test_fix_across_a_run_boundary_does_not_spread_bold(tmp_path, cli):
    doc = new_document()
    for line in CLEAN.splitlines():
        if "法治政府建设取得新成效" in line:
            a, b = line.split("法治政府建设取得新成效")
            p = doc.add_paragraph()
            p.add_run(a)
            p.add_run("法制").bold = True  # TERM001 replaces "法制政府" across two runs
            p.add_run("政府建设取得新成效" + b)
        elif "发现问题23个" in line:
            a, b = line.split("发现问题23个")
            p = doc.add_paragraph()
            p.add_run(a + "发现问题")
            p.add_run("23 ").bold = True  # DATA002 deletes the space at the end of a bold run
            p.add_run("个" + b)
        else:
            doc.add_paragraph(line)
    src = tmp_path / "d.docx"
    src.write_bytes(to_bytes(doc))
    before = digest(src)
    out = tmp_path / "o.docx"
    result = cli("fix", src, "-o", out)
    assert result.exit_code == 0, result.output
    assert digest(src) == before
    fixed = docx.Document(str(out))
    term = next(p for p in fixed.paragraphs if "取得新成效" in p.text)
    assert "".join(text for text, bold in run_texts(term) if bold) == "法治"  # the changed character kept bold
    assert "".join(text for text, bold in run_texts(term) if not bold).count("政府建设取得新成效") == 1
    data = next(p for p in fixed.paragraphs if "发现问题23个" in p.text)
    assert "".join(text for text, bold in run_texts(data) if bold) == "23"
    assert not {"TERM001", "DATA002"} & codes(checker.check(out))


@pytest.mark.parametrize("kind", WRAPPERS)
def test_fix_inside_links_fields_controls_and_insertions(tmp_path, cli, kind):
    doc = new_document()
    doc.add_paragraph("青溪县人民政府关于2023年度法治政府建设情况的报告")
    add_paragraph_xml(doc, run("全年") + wrap(doc, kind, run("办理案件43件,纠正违法", bold=True) + run("行为")) + run("12起。"))
    src = tmp_path / "d.docx"
    src.write_bytes(to_bytes(doc))
    before = digest(src)
    out = tmp_path / "o.docx"
    result = cli("fix", src, "-o", out, "--select", "PUN001")
    assert result.exit_code == 0, result.output
    assert digest(src) == before
    assert checker.load(out).blocks[1].text == "全年办理案件43件，纠正违法行为12起。"
    para = docx.Document(str(out)).paragraphs[1]._p
    if kind not in ("plain", "complex_field"):
        tag = {"sdt": "sdtContent"}.get(kind, kind)
        (wrapper,) = xpath(para, f".//w:{tag}")
        assert "".join(xpath(wrapper, ".//w:t/text()")) == "办理案件43件，纠正违法行为"  # still inside
        bold = "".join(xpath(wrapper, ".//w:r[w:rPr/w:b]/w:t/text()"))
        assert bold == "办理案件43件，纠正违法"  # the comma kept the bold of its run
    assert "PUN001" not in codes(checker.check(out))


def test_fix_refuses_an_output_name_of_another_format(tmp_path, cli):
    """A Word draft's corrected copy is a .docx: -o x.txt would write a Word file into .txt."""
    from conftest import FIXTURES

    result = cli("fix", FIXTURES / "example.docx", "-o", tmp_path / "ex-fixed.txt")
    assert result.exit_code == 2
    assert "ex-fixed.txt" in result.stderr and "ex-fixed.docx" in result.stderr
    assert not (tmp_path / "ex-fixed.txt").exists()
    text = tmp_path / "r.txt"
    text.write_text((FIXTURES / "clean_report.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("fix", text, "-o", tmp_path / "r.docx")
    assert result.exit_code == 2 and not (tmp_path / "r.docx").exists()
    assert cli("fix", text, "-o", tmp_path / "r2.txt").exit_code in (0, 1)

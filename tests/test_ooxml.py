"""checker.ooxml: the run map agrees with the reader, and run splitting keeps formatting."""
import docx
import pytest
from lxml import etree

import checker
from checker.errors import InputError
from checker.ooxml import Package, RunMap, W, block_paragraphs, parse_part, serialize
from conftest import FIXTURES, ROOT, SEEDS
from docx_helpers import add_deleted_paragraph, add_inserted_text, to_bytes
from ooxml_helpers import WRAPPERS, add_paragraph_xml, run, wrap


def texts_agree(path):
    """The run map's text of every block equals the reader's block text (label excluded)."""
    raw = path.read_bytes()
    blocks = checker.load(path).blocks
    groups = block_paragraphs(Package(raw, str(path)).body)
    assert [RunMap(g).text for g in groups] == [b.text[len(b.label):] for b in blocks]


def constructs_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("青溪县人民政府关于2023年度法治政府建设情况的报告")
    for kind in WRAPPERS:
        add_paragraph_xml(d, run("一是") + wrap(d, kind, run("办理案件", bold=True) + run("43件,")) + run("纠正\t违法"))
    add_deleted_paragraph(d, "删除的段落")
    p = d.add_paragraph("前文")
    add_inserted_text(p, "插入的文字")
    add_paragraph_xml(d, run("半截") + '<w:del w:id="7" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del>'
                      + '<w:r><w:t>文字</w:t><w:br/><w:t>换行</w:t><w:sym w:font="Symbol" w:char="F0B7"/></w:r>')
    table = d.add_table(rows=2, cols=2)
    for i, cell in enumerate(table._cells):
        cell.text = f"单元格{i}"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "嵌套表格"
    d.add_paragraph("结尾")
    src = tmp_path / "constructs.docx"
    src.write_bytes(to_bytes(d))
    return src


def seed_docx(tmp_path, seed):
    d = docx.Document()
    lines = [x for x in seed.read_text(encoding="utf-8").splitlines() if x.strip()]
    for line in lines[:-6]:
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=2)
    for cell, line in zip(table._cells, lines[-6:]):
        cell.text = line
    out = tmp_path / (seed.stem + ".docx")
    out.write_bytes(to_bytes(d))
    return out


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.docx")) + sorted((ROOT / "templates").glob("*.docx")),
                         ids=lambda p: p.name)
def test_run_map_text_equals_reader_text_on_fixtures(path):
    texts_agree(path)


def test_run_map_text_equals_reader_text_on_wrappers_tables_and_revisions(tmp_path):
    texts_agree(constructs_docx(tmp_path))


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is absent")
def test_run_map_text_equals_reader_text_on_seeds(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    assert seeds
    for seed in seeds:
        texts_agree(seed_docx(tmp_path, seed))


def paragraph(xml_runs):
    return etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}">{xml_runs}</w:p>')


def test_split_cuts_runs_at_the_span_and_copies_formatting():
    p = paragraph(run("法制政府", bold=True) + run("建设"))
    rm = RunMap([p]).split([1, 2])
    runs = rm.runs(1, 2)
    assert len(runs) == 1 and "".join(t.text for t in runs[0].iter(W + "t")) == "制"
    pieces = [("".join(t.text for t in r.iter(W + "t")), r.find(f"{W}rPr/{W}b") is not None) for r in p.iter(W + "r")]
    assert pieces == [("法", True), ("制", True), ("政府", True), ("建设", False)]
    assert rm.text == "法制政府建设"


def test_split_at_a_run_boundary_or_outside_changes_nothing():
    p = paragraph(run("一二") + run("三"))
    before = etree.tostring(p)
    RunMap([p]).split([0, 2, 3, 99, -1])
    assert etree.tostring(p) == before


def test_split_inside_a_run_with_a_tab_moves_the_tab_with_its_text():
    p = paragraph('<w:r><w:rPr><w:i/></w:rPr><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r>')
    rm = RunMap([p]).split([1])
    assert [len(r) for r in p.iter(W + "r")] == [2, 3]  # rPr + 甲 | rPr + tab + 乙
    assert rm.runs(1, 3)[0].find(W + "tab") is not None and rm.text == "甲\t乙"


def test_part_declaring_an_entity_is_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY org "x">]><w:document xmlns:w="%s">&org;</w:document>' % W[1:-1].encode()
    with pytest.raises(InputError, match="实体"):
        parse_part(data, "word/document.xml", "d.docx")


def test_plain_doctype_is_kept_when_written_back():
    root = parse_part(b'<!DOCTYPE a><a>k</a>', "x.xml", "d.docx")
    assert serialize(root).endswith(b"<!DOCTYPE a>\n<a>k</a>")


def test_fix_and_outputs_do_not_import_the_readers():
    """Issue 10: what writes files goes through checker.ooxml, never through a reader."""
    import ast

    files = [ROOT / "checker" / "fix.py", *sorted((ROOT / "checker" / "outputs").glob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or "", *(a.name for a in node.names)] if isinstance(node, ast.ImportFrom) else []
            assert not any("ingest" in n.split(".") for n in names), path.name


def test_run_map_text_equals_reader_text_with_text_boxes(tmp_path):
    """Text-box paragraphs (mc:Choice, not the Fallback) are blocks for the reader and
    for fix/annotate alike, in the same order."""
    from test_format_rules import formatted_docx, save
    for where in ("title", "heading"):
        src = tmp_path / f"textbox-{where}.docx"
        src.write_bytes(save(formatted_docx(textbox=where)))
        texts_agree(src)

"""Reading real Word drafts: numbering, heading styles, tables, tracked changes."""
import checker
from docx_helpers import (PREAMBLE, add_chinese_numbering, add_deleted_paragraph,
                          add_deleted_text, add_inserted_text, new_document, numbered, to_bytes)


def kinds(ol):
    return [s.kind for s in ol.sections]


def test_word_automatic_numbering_renders_labels_and_restarts_per_level():
    doc = new_document()
    doc.add_paragraph("某某县人民政府关于2023年度法治政府建设情况的报告")
    doc.add_paragraph(PREAMBLE)
    nid = add_chinese_numbering(doc)
    numbered(doc.add_paragraph("主要举措和成效"), nid, 0)
    numbered(doc.add_paragraph("深化放管服改革。全年办理事项1200件。"), nid, 1)
    numbered(doc.add_paragraph("规范行政执法。评查案卷60件。"), nid, 1)
    numbered(doc.add_paragraph("存在的不足和原因"), nid, 0)
    numbered(doc.add_paragraph("执法规范化水平不高。主要原因是培训不足。"), nid, 1)
    numbered(doc.add_paragraph("2024年工作安排"), nid, 0)
    d = checker.load(to_bytes(doc), "draft.docx")
    texts = [b.text for b in d.blocks]
    assert texts[2] == "一、主要举措和成效"
    assert texts[3].startswith("（一）深化")
    assert texts[4].startswith("（二）规范")
    assert texts[5] == "二、存在的不足和原因"
    assert texts[6].startswith("（一）执法")  # level 2 restarts under a new level 1
    assert texts[7] == "三、2024年工作安排"
    assert d.blocks[2].label == "一、"
    ol = checker.outline(d)
    assert kinds(ol) == ["measures", "problems", "plans"]
    assert ol.sections[0].children[1].label == "（二）"
    assert ol.report_year == 2023 and ol.plan_year == 2024


def test_separate_lists_over_one_abstract_continue_unless_restarted():
    doc = new_document()
    nid = add_chinese_numbering(doc, fmt="decimal", text="%1.", level2=None)
    numbering = doc.part.numbering_part.element
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="90"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    numbered(doc.add_paragraph("甲"), nid)
    numbered(doc.add_paragraph("乙"), 91)  # same abstract: continues
    numbered(doc.add_paragraph("丙"), 92)  # startOverride: restarts
    d = checker.load(to_bytes(doc), "x.docx")
    assert [b.text for b in d.blocks] == ["1.甲", "2.乙", "1.丙"]


def test_heading_styles_give_levels_and_parts():
    doc = new_document()
    doc.add_paragraph("青溪县司法局2023年法治政府建设年度报告")
    doc.add_paragraph("2023年，我局认真贯彻落实上级部署。现将有关情况报告如下：")
    doc.add_heading("主要举措和成效", level=1)
    doc.add_heading("推进依法决策", level=2)
    doc.add_paragraph("全年审核规范性文件12件。")
    doc.add_heading("存在的问题", level=1)
    doc.add_paragraph("执法监督力度不够。")
    doc.add_heading("下一年度工作安排", level=1)
    doc.add_paragraph("一是加强执法监督。")
    d = checker.load(to_bytes(doc), "styled.docx")
    assert d.blocks[2].outline_level == 1
    assert d.blocks[2].style_name == "Heading 1"
    ol = checker.outline(d)
    assert kinds(ol) == ["measures", "problems", "plans"]
    assert ol.sections[0].children[0].text == "推进依法决策"
    assert ol.sections[0].children[0].level == 2
    assert ol.reporter == "青溪县司法局" and ol.reporter_kind == "department"


def test_table_cells_are_read_in_body_order():
    doc = new_document()
    doc.add_paragraph("表前段落。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "完成情况"
    table.cell(1, 0).text = "行政复议案件"
    table.cell(1, 1).text = "43件"
    doc.add_paragraph("表后段落。")
    d = checker.load(to_bytes(doc), "t.docx")
    texts = [b.text for b in d.blocks]
    assert texts == ["表前段落。", "指标", "完成情况", "行政复议案件", "43件", "表后段落。"]
    cell = d.blocks[4]
    assert (cell.table, cell.row, cell.cell) == (0, 1, 1)


def test_problems_part_present_only_as_tracked_deletion_is_missing():
    doc = new_document()
    doc.add_paragraph("某某县2023年法治政府建设年度报告")
    doc.add_paragraph(PREAMBLE)
    doc.add_paragraph("一、主要举措和成效")
    doc.add_paragraph("全年办理行政复议案件43件。")
    add_deleted_paragraph(doc, "二、存在的不足和原因")
    add_deleted_paragraph(doc, "执法不规范。主要原因是培训不够。")
    doc.add_paragraph("二、2024年工作安排")
    doc.add_paragraph("一是加强培训。")
    d = checker.load(to_bytes(doc), "tracked.docx")
    assert "存在的不足" not in d.text
    ol = checker.outline(d)
    assert "problems" in ol.missing
    assert kinds(ol) == ["measures", "plans"]


def test_tracked_insertion_is_read_and_deleted_text_dropped():
    doc = new_document()
    doc.add_paragraph("一、主要举措和成效")
    p = doc.add_paragraph("全年办理案件")
    add_deleted_text(p, "四十")
    add_inserted_text(p, "43件。")
    d = checker.load(to_bytes(doc), "ins.docx")
    assert d.blocks[1].text == "全年办理案件43件。"


def test_fields_give_result_text_and_comments_are_not_body(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    doc = new_document()
    p = doc.add_paragraph("成文日期：")
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> DATE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>2024年3月1日</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")}><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>'))
    d = checker.load(to_bytes(doc), "f.docx")
    assert d.blocks[0].text == "成文日期：2024年3月1日链接文字"


def test_headers_and_footers_are_read_separately():
    doc = new_document()
    doc.add_paragraph("正文。")
    doc.sections[0].footer.paragraphs[0].text = "— 1 —"
    d = checker.load(to_bytes(doc), "hf.docx")
    assert d.footers == ["— 1 —"]
    assert all("— 1 —" not in b.text for b in d.blocks)


def test_content_controls_smart_tags_and_hyperlinks_keep_their_text():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    doc = new_document()
    body = doc.element.body
    body.insert(0, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>一、主要举措和成效</w:t></w:r></w:p>'
        f'</w:sdtContent></w:sdt>'))
    p = doc.add_paragraph("全年办理")
    p._p.append(parse_xml(f'<w:smartTag {nsdecls("w")} w:uri="u" w:element="e"><w:r><w:t>43</w:t></w:r></w:smartTag>'))
    p._p.append(parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>件</w:t></w:r></w:sdtContent></w:sdt>'))
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>。</w:t></w:r></w:fldSimple>'))
    d = checker.load(to_bytes(doc), "c.docx")
    assert [b.text for b in d.blocks] == ["一、主要举措和成效", "全年办理43件。"]
    assert [s.kind for s in checker.outline(d).sections] == ["measures"]


def test_main_part_named_with_a_dot_slash_target_is_read_by_check_and_fix(tmp_path, cli):
    """_rels/.rels may name the main part "./word/document.xml" (a valid relative target):
    the reader and fix find the same part through one finder (checker.ooxml.main_part)."""
    import io
    import zipfile

    from conftest import FIXTURES

    src = zipfile.ZipFile(FIXTURES / "example.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "_rels/.rels":
                data = data.replace(b'Target="word/document.xml"', b'Target="./word/document.xml"')
                data = data.replace(b'Target="/word/document.xml"', b'Target="./word/document.xml"')
                assert b"./word/document.xml" in data
            out.writestr(info, data)
    path = tmp_path / "dot.docx"
    path.write_bytes(buf.getvalue())
    expected = checker.check(FIXTURES / "example.docx")
    report = checker.check(path)
    assert [(f.code, f.location.paragraph) for f in report.findings] == \
        [(f.code, f.location.paragraph) for f in expected.findings]
    result = cli("fix", path, "-o", tmp_path / "fixed.docx")
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "fixed.docx").exists()

"""GB/T 9704 format rules on DOCX drafts: each fires on Word's defaults and stays quiet
on a properly formatted draft (the generator's output)."""
import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from docx.shared import Mm, Pt

import checker
from conftest import FIXTURES

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
CODES = ["FMT001", "FMT002", "FMT003", "FMT004", "FMT005", "FMT006", "FMT007", "FMT008", "FMT009", "FMT010", "FMT012"]


def fmt_codes(raw):
    return sorted({f.code for f in checker.check(raw, name="d.docx", select=["FMT"]).findings})


def plain_docx(text=CLEAN):
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    return d


def save(d):
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_word_defaults_fire_every_format_rule():
    assert fmt_codes(save(plain_docx())) == CODES


def test_generated_report_is_quiet():
    assert fmt_codes(checker.generate(str(FIXTURES.parent / "templates" / "example.yaml"))) == []


def set_font(run, face, size, theme=None):
    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    if theme:
        fonts.set(qn("w:eastAsiaTheme"), theme)
    else:
        fonts.set(qn("w:eastAsia"), face)


def add_field(paragraph, instr, result="1", size=14):
    """A complex field as Word writes it: begin, instrText, separate, result, end."""
    def run(xml):
        r = paragraph.add_run()
        r.font.size = Pt(size)
        r._r.append(parse_xml(f'<w:{xml.split()[0]} {nsdecls("w")} {" ".join(xml.split()[1:])}/>')
                    if "instrText" not in xml else parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instr} </w:instrText>'))
        return r
    run('fldChar w:fldCharType="begin"')
    run("instrText")
    run('fldChar w:fldCharType="separate"')
    r = paragraph.add_run(result)
    r.font.size = Pt(size)
    run('fldChar w:fldCharType="end"')


def add_page_number(doc, form=("— ", " —"), size=14, position="outside"):
    """Footers with a PAGE field: odd right / even left (evenAndOddHeaders), or centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    sec = doc.sections[0]
    footers = [(sec.footer, {"center": A.CENTER, "left": A.LEFT}.get(position, A.RIGHT))]
    if position == "outside":
        doc.settings.odd_and_even_pages_header_footer = True
        footers.append((sec.even_page_footer, A.LEFT))
    for footer, align in footers:
        p = footer.paragraphs[0]
        p.alignment = align
        p.add_run(form[0]).font.size = Pt(size)
        add_field(p, "PAGE", size=size)
        p.add_run(form[1]).font.size = Pt(size)


_TEXTBOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor behindDoc="0" locked="0" '
    'layoutInCell="1" allowOverlap="1" simplePos="0" relativeHeight="1" distT="0" distB="0" distL="0" distR="0">'
    '<wp:simplePos x="0" y="0"/><wp:extent cx="5000000" cy="800000"/><wp:docPr id="1" name="文本框 1"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
    '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape id="tb1" style="width:393pt;height:63pt"><v:textbox><w:txbxContent>{paras}'
    '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
)


def textbox_paragraph_xml(text, face, size, align="center", indent=False):
    ind = '<w:ind w:firstLineChars="200" w:firstLine="640"/>' if indent else ""
    return (f'<w:p><w:pPr><w:spacing w:line="579" w:lineRule="exact"/>{ind}<w:jc w:val="{align}"/></w:pPr>'
            f'<w:r><w:rPr><w:rFonts w:eastAsia="{face}"/><w:sz w:val="{int(size * 2)}"/></w:rPr>'
            f'<w:t>{text}</w:t></w:r></w:p>')


def add_textbox(paragraph, paras_xml):
    paragraph._p.append(etree.fromstring(_TEXTBOX.format(paras=paras_xml)))


def rezip(raw: bytes, edit=lambda name, data: data, add: dict | None = None) -> bytes:
    """The package with each member passed through edit(name, bytes), and members added."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, edit(info.filename, src.read(info)))
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def set_theme_east_asia(raw, face):
    """The package with the theme's minor East Asian (zh-Hans) font set to face."""
    old, new = '<a:font script="Hans" typeface="宋体"/>', f'<a:font script="Hans" typeface="{face}"/>'
    return rezip(raw, lambda name, data: data.replace(old.encode(), new.encode())
                 if name == "word/theme/theme1.xml" else data)


def formatted_docx(body_face="仿宋_GB2312", title_face="方正小标宋简体", h1="黑体", h2="楷体_GB2312", text=CLEAN,
                   title_align="center", title_lines=None, indent="chars", line="exact", page_number="outside",
                   page_number_form=("— ", " —"), page_number_size=14, body_size=16, textbox=None, body_theme=False,
                   margins=(37, 35, 28, 26), line_pt=28.95, end_align="right"):
    """A GB/T 9704 draft by direct formatting on Word's default template, page set up by
    hand; each keyword changes one thing. indent: chars (firstLineChars=200), length
    (firstLine = 2 × size), None; line: exact (28.95 pt), grid (docGrid of 22 lines,
    single spacing), None (Word's default); page_number: outside, center, None;
    textbox: title (the title in a text box, mc:AlternateContent with its VML Fallback),
    heading (the first level-1 heading in one); body_theme: body runs take the theme's
    minor East Asian font (eastAsiaTheme), as Word's styles do."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Mm(x) for x in margins)
    if line == "grid":
        grid = sec._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sec._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), "579")
    heading_boxed = False
    for i, raw_line in enumerate(text.splitlines()):
        p = d.add_paragraph()
        pf = p.paragraph_format
        if line == "exact":
            pf.line_spacing_rule = 4  # WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(line_pt)
        elif line == "grid":
            pf.line_spacing = 1.0
        end_matter = i > 2 and (len(raw_line) < 20 and raw_line.endswith(("政府", "局")) or raw_line.endswith("日"))
        body_like = i > 1 and not end_matter
        if body_like and indent == "chars":
            ind = p._p.get_or_add_pPr().get_or_add_ind()
            ind.set(qn("w:firstLineChars"), "200")
            ind.set(qn("w:firstLine"), str(2 * body_size * 20))
        elif body_like and indent == "length":
            pf.first_line_indent = Pt(2 * body_size)
        if i == 0:
            p.alignment = {"center": A.CENTER, "left": A.LEFT, None: None}[title_align]
            if textbox == "title":
                add_textbox(p, textbox_paragraph_xml(raw_line, title_face, 22))
                continue
            lines = title_lines or [raw_line]
            for k, part in enumerate(lines):
                r = p.add_run(part)
                set_font(r, title_face, 22)
                if k < len(lines) - 1:
                    r.add_break()
        elif raw_line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            if textbox == "heading" and not heading_boxed:
                heading_boxed = True
                add_textbox(p, textbox_paragraph_xml(raw_line, h1, 16, align="both", indent=True))
                continue
            set_font(p.add_run(raw_line), h1, 16)
        elif raw_line.startswith("（"):
            head, _, rest = raw_line.partition("。")
            set_font(p.add_run(head + "。"), h2, 16)
            set_font(p.add_run(rest), body_face, body_size, theme="minorEastAsia" if body_theme else None)
        else:
            if end_matter:
                p.alignment = {"right": A.RIGHT, "left": A.LEFT}[end_align]
            set_font(p.add_run(raw_line), body_face, body_size, theme="minorEastAsia" if body_theme else None)
    if page_number:
        add_page_number(d, form=page_number_form, size=page_number_size, position=page_number)
    return d


def test_direct_run_formatting_counts():
    assert fmt_codes(save(formatted_docx())) == []


@pytest.mark.parametrize("kwargs,code", [
    ({"body_face": "宋体"}, "FMT003"),
    ({"title_face": "黑体"}, "FMT004"),
    ({"h1": "仿宋_GB2312"}, "FMT005"),
    ({"h2": "仿宋_GB2312"}, "FMT005"),
])
def test_each_font_rule_fires_alone(kwargs, code):
    assert fmt_codes(save(formatted_docx(**kwargs))) == [code]


def test_letter_paper_and_word_margins_are_reported_with_measures():
    report = checker.check(save(plain_docx()), name="d.docx", select=["FMT001", "FMT002"])
    page = next(f for f in report.findings if f.code == "FMT001")
    assert page.data == {"width_mm": 215.9, "height_mm": 279.4}
    margins = next(f for f in report.findings if f.code == "FMT002")
    assert margins.data["margins_mm"]["top"] == 25.4


def test_text_formats_are_not_checked_for_format():
    report = checker.check(CLEAN.encode("utf-8"), name="r.txt", select=["FMT"])
    assert report.findings == []


# ---------------------------------------------------------------- theme fonts (FMT012)

def test_theme_fonts_are_judged_on_the_face_word_shows():
    """eastAsiaTheme=minorEastAsia resolves through theme1.xml (a:ea empty -> the zh-Hans
    script font): 仿宋_GB2312 there passes FMT003; Word's stock theme (宋体) does not."""
    raw = save(formatted_docx(body_theme=True))
    report = checker.check(raw, name="d.docx", select=["FMT003", "FMT012"])
    body = next(f for f in report.findings if f.code == "FMT003")
    assert "宋体" in body.message and "主题字体" not in body.message
    fangsong = set_theme_east_asia(raw, "仿宋_GB2312")
    report = checker.check(fangsong, name="d.docx", select=["FMT003", "FMT012"])
    assert [f.code for f in report.findings] == ["FMT012"]
    assert report.findings[0].severity == "info"
    assert report.document.theme_fonts["minorEastAsia"] == "仿宋_GB2312"


def test_style_inheritance_gives_the_body_face():
    """Body font set only on a paragraph style based on a style based on Normal."""
    from docx.enum.style import WD_STYLE_TYPE
    d = formatted_docx()
    base = d.styles.add_style("公文基础", WD_STYLE_TYPE.PARAGRAPH)
    base.base_style = d.styles["Normal"]
    set_font_of_style(base, "仿宋_GB2312", 16)
    body = d.styles.add_style("公文正文", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = base
    for p in d.paragraphs[2:]:
        if p.runs and not p.text.startswith(("一、", "二、", "三、", "四、", "五、", "（")):
            p.style = body
            for r in p.runs:  # drop the direct formatting: the style alone gives the face
                r._r.remove(r._r.rPr)
    doc = checker.load(save(d), "d.docx")
    assert doc.blocks[2].spans[0].font == "仿宋_GB2312" and doc.blocks[2].spans[0].size == 16
    assert fmt_codes(save(d)) == []


def set_font_of_style(style, face, size):
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:eastAsia"), face)
    rpr.insert(0, fonts)


# ---------------------------------------------------------------- text boxes (FMT011)

def test_text_box_title_is_read_once_and_found():
    doc = checker.load(save(formatted_docx(textbox="title")), "d.docx")
    title = "青溪县人民政府关于2023年度法治政府建设情况的报告"
    assert [b.text for b in doc.blocks].count(title) == 1  # the Choice, not the Fallback too
    block = next(b for b in doc.blocks if b.text == title)
    assert block.textbox and block.index == 0
    outline = checker.outline(doc)
    assert [b.text for b in outline.title_blocks] == [title]
    assert fmt_codes(save(formatted_docx(textbox="title"))) == []


def test_text_box_heading_is_checked_like_other_text():
    report = checker.check(save(formatted_docx(textbox="heading", h1="仿宋_GB2312")), name="d.docx",
                           select=["FMT005", "FMT011", "OUT"])
    heading = next(b for b in report.document.blocks if b.text.startswith("一、"))
    assert heading.textbox
    assert heading in [s.heading.block for s in report.outline.sections if s.heading]
    assert {f.code for f in report.findings} == {"FMT005", "FMT011"}


# ---------------------------------------------------------------- stories, sections

def add_footnote(raw: bytes, text: str) -> bytes:
    """The package with a footnotes part holding one note, referenced from paragraph 2."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (f'<w:footnotes {ns}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    rel = (b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    override = (b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    anchor = "法治政府建设取得新成效。"
    reference = anchor + '</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>'

    def edit(name, data):
        if name == "word/_rels/document.xml.rels":
            return data.replace(b"</Relationships>", rel)
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", override)
        if name == "word/document.xml":
            return data.replace(anchor.encode(), reference.encode(), 1)
        return data

    return rezip(raw, edit, {"word/footnotes.xml": notes})


def test_headers_footers_and_footnotes_are_in_the_model_not_the_body():
    d = formatted_docx()
    d.sections[0].header.paragraphs[0].text = "青溪县人民政府文件"
    raw = add_footnote(save(d), "数据来源：县统计局。")
    doc = checker.load(raw, "d.docx")
    body = doc.text
    assert "青溪县人民政府文件" not in body and "数据来源" not in body and "— 1 —" not in body
    kinds = {(s.kind, s.text) for s in doc.stories}
    assert ("header", "青溪县人民政府文件") in kinds and ("footnote", "数据来源：县统计局。") in kinds
    footer = next(s for s in doc.stories if s.kind == "footer")
    assert footer.blocks[0].fields == ["PAGE"] and footer.blocks[0].text == "— 1 —"
    assert doc.sections[0].footers.keys() == {"default", "even"} and doc.even_and_odd_headers
    assert {s.type for s in doc.stories if s.kind == "footer"} == {"default", "even"}


def test_each_section_is_checked():
    """A second section on Letter paper is reported, the first being A4."""
    from docx.enum.section import WD_SECTION
    d = formatted_docx()
    sec = d.add_section(WD_SECTION.NEW_PAGE)
    sec.page_width, sec.page_height = Mm(215.9), Mm(279.4)
    d.add_paragraph("附件")
    doc = checker.load(save(d), "d.docx")
    assert len(doc.sections) == 2 and doc.blocks[-1].section == 1
    report = checker.check(save(d), name="d.docx", select=["FMT001"])
    assert [f.data for f in report.findings] == [{"width_mm": 215.9, "height_mm": 279.4}]


@pytest.mark.parametrize("name,raw", [
    ("r.md", CLEAN.encode("utf-8")),
    ("r.html", ("<html><body>" + "".join(f"<p>{x}</p>" for x in CLEAN.splitlines()) + "</body></html>").encode("utf-8")),
])
def test_markdown_and_html_are_not_checked_for_format(name, raw):
    assert checker.check(raw, name=name, select=["FMT"]).findings == []


# ---------------------------------------------------------------- --format-from

def province_template(tmp_path):
    """A province's template that differs from GB/T 9704: margins 30/30/25/25 mm, body
    四号 (14 pt), level-1 headings in 宋体, exact 30 pt line spacing, page numbers centred."""
    d = formatted_docx(body_size=14, h1="宋体", margins=(30, 30, 25, 25), page_number="center", line_pt=30)
    path = tmp_path / "province.docx"
    path.write_bytes(save(d))
    return path


def test_format_from_reports_differences_naming_both_values(tmp_path, cli):
    ref = province_template(tmp_path)
    draft = tmp_path / "draft.docx"
    draft.write_bytes(save(formatted_docx()))  # GB/T 9704 as it stands
    result = cli("check", draft, "--format-from", ref, "--select", "FMT", "--format", "json")
    import json
    findings = json.loads(result.stdout)["files"][0]["findings"]
    messages = {}
    for f in findings:
        messages[f["code"]] = messages.get(f["code"], "") + f["message"] + "\n"
    assert "正文字号为三号，模板为四号" in messages["FMT003"]
    assert "一级标题字体为黑体，模板为宋体" in messages["FMT005"]
    assert "上边距为37毫米，模板为30毫米" in messages["FMT002"]
    assert "正文行距为固定值28.95磅，模板为固定值30磅" in messages["FMT008"]
    assert "FMT009" in messages  # odd right / even left, the template centres
    # the template checked against itself is quiet
    result = cli("check", ref, "--format-from", ref, "--select", "FMT")
    assert result.exit_code == 0 and "0 个警告" in result.stdout
    # and without --format-from the province's draft breaks GB/T 9704
    assert "FMT003" in cli("check", ref, "--select", "FMT003").stdout


def test_format_from_in_the_configuration(tmp_path, cli):
    province_template(tmp_path)
    (tmp_path / ".fzbg.toml").write_text('format-from = "province.docx"\n', encoding="utf-8")
    draft = tmp_path / "draft.docx"
    draft.write_bytes(save(formatted_docx()))
    result = cli("check", draft, "--select", "FMT003")
    assert "正文字号为三号，模板为四号" in result.stdout


def test_format_profile_prints_what_was_read(tmp_path, cli):
    ref = province_template(tmp_path)
    text = cli("format-profile", ref)
    assert text.exit_code == 0
    assert "正文：仿宋_GB2312 四号（14磅）" in text.stdout and "上 30、下 30、左 25、右 25 毫米" in text.stdout
    assert "页码：“— N —”，四号（14磅），居中" in text.stdout
    import json
    data = json.loads(cli("format-profile", ref, "--format", "json").stdout)
    assert data["fonts"]["body"]["size"] == 14 and data["fonts"]["heading1"]["faces"] == ["宋体"]
    assert data["margins_mm"] == {"top": 30.0, "bottom": 30.0, "left": 25.0, "right": 25.0}
    assert data["page_number"]["position"] == "center"
    assert data["line_spacing"]["exact_min"] == 29.5 and data["indent_chars"] == 2


def test_format_from_a_missing_or_bad_template_exits_2(tmp_path, cli):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(save(formatted_docx()))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    for ref in (tmp_path / "missing.docx", bad):
        result = cli("check", draft, "--format-from", ref)
        assert result.exit_code == 2 and "--format-from" in result.stderr and ref.name in result.stderr
    assert cli("format-profile", bad).exit_code == 2


STYLES_ONLY = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
 <w:docDefaults>
  <w:rPrDefault><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/></w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr/></w:pPrDefault>
 </w:docDefaults>
 <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/>
  <w:pPr><w:spacing w:line="600" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="560"/></w:pPr>
  <w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="28"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
  <w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="宋体"/><w:b/><w:sz w:val="32"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/>
  <w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/><w:sz w:val="32"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="a0"><w:name w:val="Title"/><w:basedOn w:val="a"/>
  <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>
 <w:style w:type="paragraph" w:styleId="af"><w:name w:val="我的三级标题"/><w:basedOn w:val="a"/>
  <w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:b/></w:rPr></w:style>
 <w:style w:type="character" w:default="1" w:styleId="a1"><w:name w:val="Default Paragraph Font"/></w:style>
</w:styles>"""


def with_styles(raw: bytes, styles: bytes) -> bytes:
    """The package with word/styles.xml replaced (everything else copied as is)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, styles if item.filename == "word/styles.xml" else src.read(item.filename))
    return out.getvalue()


def styles_only_template(tmp_path, styles=STYLES_ONLY.encode("utf-8")):
    """A province's template holding only style definitions (no sample text), as Chinese
    Word writes them (style ids "a", "1", "a0"; built-in English names in w:name): body
    四号 仿宋 at exact 30 pt, level-1 headings 宋体 bold; page set up as GB/T 9704."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    path = tmp_path / "styles_only.docx"
    path.write_bytes(with_styles(save(d), styles))
    return path


def test_format_profile_reads_a_template_that_has_only_styles(tmp_path, cli):
    import json
    ref = styles_only_template(tmp_path)
    assert checker.load(ref.read_bytes(), "r.docx").text.strip() == ""  # no sample paragraphs
    text = cli("format-profile", ref)
    assert text.exit_code == 0, text.stderr
    assert "正文：仿宋_GB2312 四号（14磅）　〔样式“正文”〕" in text.stdout
    assert "一级标题：宋体 三号（16磅） 加粗　〔样式“标题 1”〕" in text.stdout
    assert "标题：方正小标宋简体 二号（22磅）　〔样式“标题”〕" in text.stdout
    assert "行距：固定值 29.5—30.5 磅" in text.stdout and "首行缩进：2 字符　〔样式“正文”〕" in text.stdout
    assert "页码：“— N —”，四号（14磅），单页居右、双页居左　〔GB/T 9704 默认〕" in text.stdout
    data = json.loads(cli("format-profile", ref, "--format", "json").stdout)
    assert data["fonts"]["body"] == {"faces": ["仿宋_GB2312"], "size": 14, "size_name": "四号", "bold": False}
    assert data["fonts"]["heading1"]["faces"] == ["宋体"] and data["fonts"]["heading1"]["bold"] is True
    # a level-3 style found by its outline level, not by a name or an id
    assert data["fonts"]["heading3"]["faces"] == ["仿宋_GB2312"] and data["sources"]["heading3"] == "样式“我的三级标题”"
    assert data["sources"]["body"] == data["sources"]["line_spacing"] == "样式“正文”"
    assert data["sources"]["heading1"] == "样式“标题 1”" and data["sources"]["margins"] == "页面设置（w:sectPr）"
    assert data["line_spacing"]["exact_min"] == 29.5


def test_format_from_a_styles_only_template_reports_differences(tmp_path, cli):
    import json
    ref = styles_only_template(tmp_path)
    draft = tmp_path / "draft.docx"
    draft.write_bytes(save(formatted_docx()))  # GB/T 9704 as it stands
    result = cli("check", draft, "--format-from", ref, "--select", "FMT", "--format", "json")
    messages = {}
    for f in json.loads(result.stdout)["files"][0]["findings"]:
        messages[f["code"]] = messages.get(f["code"], "") + f["message"] + "\n"
    assert "正文字号为三号，模板为四号" in messages["FMT003"]
    assert "一级标题字体为黑体，模板为宋体" in messages["FMT005"]
    assert "正文行距为固定值28.95磅，模板为固定值30磅" in messages["FMT008"]
    assert not {"FMT001", "FMT002", "FMT004"} & messages.keys()  # page, margins and title agree


def test_format_from_sample_paragraphs_win_over_styles(tmp_path, cli):
    """Styles say 小四 黑体 at exact 20 pt; the sample paragraphs show 四号 仿宋 at 30 pt:
    the samples are what the template's author applied."""
    import json
    d = formatted_docx(body_size=14, line_pt=30)
    normal = d.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    normal.paragraph_format.line_spacing_rule = 4
    normal.paragraph_format.line_spacing = Pt(20)
    ref = tmp_path / "both.docx"
    ref.write_bytes(save(d))
    data = json.loads(cli("format-profile", ref, "--format", "json").stdout)
    assert data["fonts"]["body"]["size"] == 14 and data["fonts"]["body"]["faces"] == ["仿宋_GB2312"]
    assert data["sources"]["body"] == data["sources"]["line_spacing"] == "示例段落"
    assert data["line_spacing"]["exact_min"] == 29.5


def test_format_from_a_broken_styles_part_exits_2(tmp_path, cli):
    ref = styles_only_template(tmp_path, STYLES_ONLY.encode("utf-8")[:-40])  # cut off mid-element
    draft = tmp_path / "draft.docx"
    draft.write_bytes(save(formatted_docx()))
    for result in (cli("format-profile", ref), cli("check", draft, "--format-from", ref)):
        assert result.exit_code == 2 and "styles.xml" in result.stderr and ref.name in result.stderr
        assert "Traceback" not in result.stderr

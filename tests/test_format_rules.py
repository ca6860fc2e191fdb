"""GB/T 9704 format rules on DOCX drafts: each fires on Word's defaults and stays quiet
on a properly formatted draft (the generator's output)."""
import io
import re
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
CODES = ["FMT001", "FMT002", "FMT003", "FMT004", "FMT005", "FMT006", "FMT007", "FMT008", "FMT009", "FMT012"]


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
    footers = [(sec.footer, A.CENTER if position == "center" else A.RIGHT)]
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


def set_theme_east_asia(raw, face):
    """The package with the theme's minor East Asian (zh-Hans) font set to face."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/theme/theme1.xml":
                data = data.replace('<a:font script="Hans" typeface="宋体"/>'.encode(),
                                    f'<a:font script="Hans" typeface="{face}"/>'.encode())
            z.writestr(info, data)
    return out.getvalue()


def formatted_docx(body_face="仿宋_GB2312", title_face="方正小标宋简体", h1="黑体", h2="楷体_GB2312", text=CLEAN,
                   title_align="center", title_lines=None, indent="chars", line="exact", page_number="outside",
                   page_number_form=("— ", " —"), page_number_size=14, body_size=16, textbox=None, body_theme=False,
                   margins=(37, 35, 28, 26)):
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
            pf.line_spacing = Pt(28.95)
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
                p.alignment = A.RIGHT
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

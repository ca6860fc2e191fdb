"""Build templates/government.docx and templates/department.docx (GB/T 9704-2012 layout).

    python templates/build_templates.py

Both start from python-docx's default template, which is US Letter and en-US, and change
it: A4; margins 37/28/35/26 mm (top/left/bottom/right); a document grid of 22 lines x 28
characters; body 仿宋_GB2312 16 pt; title 方正小标宋简体 22 pt centred; level-1 headings
黑体, level 2 楷体_GB2312, levels 3-4 仿宋_GB2312; page numbers "— 1 —" in 14 pt 宋体,
odd pages right, even pages left, one character from the edge. Every w:rFonts gets
explicit fonts and loses its theme attributes (asciiTheme, eastAsiaTheme, ...), else Word
shows the theme font. Paragraphs hold docxtpl tags; the placeholders are listed in the
README ("Template placeholders").
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
LATIN = "Times New Roman"
LINE = 579  # twips: 225 mm / 22 lines
CHAR_SPACE = -848  # 1/4096 pt: 156 mm / 28 characters at 16 pt
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def set_fonts(rpr, east_asia: str, latin: str = LATIN, size_pt: float | None = None, bold: bool | None = None):
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is not None:
                rpr.remove(el)
            if bold:
                rpr.append(OxmlElement(tag))


def strip_theme_fonts(styles_el):
    for fonts in styles_el.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
    for color in styles_el.iter(qn("w:color")):
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)


def paragraph_style(doc, name, east_asia, size_pt, align=None, first_line_chars=200, outline=None,
                    right_chars=None, keep_next=False):
    styles = doc.styles
    st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = styles["Normal"] if name != "Normal" else None
    st.quick_style = True
    rpr = st.element.get_or_add_rPr()
    set_fonts(rpr, east_asia, size_pt=size_pt, bold=False)
    ppr = st.element.get_or_add_pPr()
    for tag in ("w:ind", "w:jc", "w:spacing", "w:outlineLvl", "w:keepNext", "w:pBdr"):
        el = ppr.find(qn(tag))
        if el is not None:
            ppr.remove(el)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE))
    spacing.set(qn("w:lineRule"), "exact")
    ppr.append(spacing)
    ind = OxmlElement("w:ind")
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(first_line_chars))
        ind.set(qn("w:firstLine"), str(int(first_line_chars / 100 * size_pt * 20)))
    else:
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars))
        ind.set(qn("w:right"), str(int(right_chars / 100 * size_pt * 20)))
    ppr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), align or "both")
    ppr.append(jc)
    if outline is not None:
        ol = OxmlElement("w:outlineLvl")
        ol.set(qn("w:val"), str(outline))
        ppr.append(ol)
    if keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    return st


def doc_defaults(doc):
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT, size_pt=16)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for el in list(ppr):
        ppr.remove(el)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE))
    spacing.set(qn("w:lineRule"), "exact")
    ppr.append(spacing)


def page_setup(doc):
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(25)
    sectpr = sec._sectPr
    grid = sectpr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sectpr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    doc.settings.odd_and_even_pages_header_footer = True
    page_number(sec.footer.paragraphs[0], "right")
    page_number(sec.even_page_footer.paragraphs[0], "left")


def page_number(p, side: str):
    """'— PAGE —' in 14 pt 宋体, one character from the outer edge (GB/T 9704 7.5)."""
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    if side == "right":
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)

    def run(text=None, field=None):
        r = p.add_run()
        rpr = r._r.get_or_add_rPr()
        set_fonts(rpr, "宋体", latin="宋体", size_pt=14)
        if text is not None:
            r.text = text
        if field == "begin":
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), "begin")
            r._r.append(fc)
        elif field == "instr":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = " PAGE "
            r._r.append(it)
        elif field in ("separate", "end"):
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), field)
            r._r.append(fc)

    run("— ")
    run(field="begin")
    run(field="instr")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def build(kind: str, path: Path):
    doc = Document()
    doc_defaults(doc)
    strip_theme_fonts(doc.styles.element)
    paragraph_style(doc, "Normal", BODY_FONT, 16)
    paragraph_style(doc, "GW Title", TITLE_FONT, 22, align="center", first_line_chars=0, keep_next=True)
    paragraph_style(doc, "GW Addressee", BODY_FONT, 16, align="left", first_line_chars=0)
    paragraph_style(doc, "GW Heading 1", H1_FONT, 16, outline=0, keep_next=True)
    paragraph_style(doc, "GW Heading 2", H2_FONT, 16, outline=1, keep_next=True)
    paragraph_style(doc, "GW Heading 3", BODY_FONT, 16)
    paragraph_style(doc, "GW Signature", BODY_FONT, 16, align="right", first_line_chars=0, right_chars=400)
    paragraph_style(doc, "GW Date", BODY_FONT, 16, align="right", first_line_chars=0, right_chars=400)
    strip_theme_fonts(doc.styles.element)
    page_setup(doc)

    add = doc.add_paragraph
    add("{{ title }}", style="GW Title")
    add("", style="GW Addressee")
    add("{%p if addressee %}")
    add("{{ addressee }}：", style="GW Addressee")
    add("{%p endif %}")
    add("{%p for para in preamble %}")
    add("{{ para }}", style="Normal")
    add("{%p endfor %}")
    add("{%p for b in blocks %}")
    add("{%p if b.level == 1 %}")
    add("{{ b.text }}", style="GW Heading 1")
    add("{%p elif b.level == 2 %}")
    add("{{ b.text }}", style="GW Heading 2")
    add("{%p elif b.level == 3 %}")
    add("{{ b.text }}", style="GW Heading 3")
    add("{%p else %}")
    add("{{ b.text }}", style="Normal")
    add("{%p endif %}")
    add("{%p endfor %}")
    add("", style="Normal")
    add("{{ signature }}", style="GW Signature")
    add("{{ date }}", style="GW Date")
    props = doc.core_properties
    props.title = "法治政府建设年度报告"
    props.subject = f"fzbg 模板（{'政府' if kind == 'government' else '部门'}）"
    props.author = "fzbg"
    props.language = "zh-CN"
    props.keywords = kind
    doc.save(path)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for kind in ("government", "department"):
        build(kind, out / f"{kind}.docx")
        print("wrote", out / f"{kind}.docx")

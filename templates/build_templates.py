"""Build templates/government.docx and templates/department.docx (GB/T 9704-2012 layout).

    python templates/build_templates.py

Both start from python-docx's default template, which is US Letter and en-US, and change
it: A4; margins 37/28/35/26 mm (top/left/bottom/right); 22 lines x 28 characters a page
(see GRID below); body 仿宋_GB2312 16 pt; title 方正小标宋简体 22 pt centred; level-1 headings
黑体, level 2 楷体_GB2312, levels 3-4 仿宋_GB2312; page numbers "— 1 —" in 14 pt 宋体,
odd pages right, even pages left, one character from the edge. Every w:rFonts gets
explicit fonts and loses its theme attributes (asciiTheme, eastAsiaTheme, ...), else Word
shows the theme font. Paragraphs hold docxtpl tags; the placeholders are listed in the
README ("Template placeholders").

GRID. Word's character grid (docGrid type="linesAndChars") sets the character pitch to
the Normal font size plus charSpace/4096 pt (ECMA-376 17.6.5); 28 characters of 16 pt on
the 156 mm line need charSpace=-848, a 15.79 pt pitch. LibreOffice (and the office suites
built on it) imports that grid as a cell of 15.75 pt and gives every 16 pt character that
does not fit one cell two cells: 14 widely spaced characters a line. So the templates use
a line grid (type="lines", 28.95 pt: 22 lines on 225 mm) and condense every character by
0.25 pt (w:spacing -5 on the document defaults): 28 x 15.75 pt = 441 pt fits the 442.25 pt
line and 29 characters do not, in Word, WPS and LibreOffice alike. Half-width digits and
Latin letters keep their own width, as on a Word grid with "snap to grid" off.

The package is cleaned of what python-docx's default template brings along (a Mac Word
2010 document from 2013): its thumbnail, custom XML, stylesWithEffects, web settings,
numbering and theme parts, every style the report does not use (the blue "Heading 1..9",
"Title", list and table styles), a Japanese theme font language, its revision ids and
extended properties. The font table lists the fonts used with their PANOSE, charset and
alternative names (仿宋_GB2312 -> 仿宋, 楷体_GB2312 -> 楷体, 方正小标宋简体 -> 华文中宋, 宋体) so
a desktop without the GB2312-era fonts shows the same family.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
LATIN = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"
LINE = 579  # twips: 225 mm / 22 lines = 28.95 pt
CONDENSE = -5  # twentieths of a point: 16 pt - 0.25 pt = 15.75 pt a character, 28 on 442.25 pt
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

# The font table: name -> (alternative names, PANOSE, charset, family, pitch, signature).
# Word looks a missing font up by its alternative names, then by PANOSE/charset/family;
# the values are those Windows' own fonts carry (simfang.ttf, simkai.ttf, simhei.ttf,
# simsun.ttc; 方正小标宋简体 as FZ fonts declare it).
_CJK_SIG = dict(usb0="00000001", usb1="080E0000", usb2="00000010", usb3="00000000", csb0="00040000", csb1="00000000")
FONTS = {
    BODY_FONT: ("仿宋,FangSong", "02010609030101010101", "86", "modern", "fixed", _CJK_SIG),
    H2_FONT: ("楷体,KaiTi", "02010609030101010101", "86", "modern", "fixed", _CJK_SIG),
    TITLE_FONT: ("华文中宋,宋体,STZhongsong,SimSun", "02010600010101010101", "86", "roman", "variable", _CJK_SIG),
    H1_FONT: ("SimHei", "02010609060101010101", "86", "modern", "fixed", _CJK_SIG),
    PAGE_NUMBER_FONT: ("SimSun", "02010600030101010101", "86", "auto", "variable",
                       dict(_CJK_SIG, usb0="00000003", usb1="288F0000", usb2="00000016", csb0="00040001")),
    LATIN: ("", "02020603050405020304", "00", "roman", "variable",
            dict(usb0="E0002EFF", usb1="C000785B", usb2="00000009", usb3="00000000", csb0="000001FF", csb1="00000000")),
}
# styles kept from python-docx's default template (besides those this script defines)
KEEP_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Footer"}
# parts of python-docx's default template the report does not use (relationship types)
DROP_PARTS = {"thumbnail", "customXml", "stylesWithEffects", "webSettings", "numbering", "theme",
              "extended-properties"}


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
                    right_chars=None, keep_next=False, snap_to_grid=True):
    styles = doc.styles
    st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = styles["Normal"] if name != "Normal" else None
    st.quick_style = True
    rpr = st.element.get_or_add_rPr()
    set_fonts(rpr, east_asia, size_pt=size_pt, bold=False)
    ppr = st.element.get_or_add_pPr()
    for tag in ("w:keepNext", "w:snapToGrid", "w:pBdr", "w:spacing", "w:ind", "w:jc", "w:outlineLvl"):
        el = ppr.find(qn(tag))
        if el is not None:
            ppr.remove(el)
    if keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    if not snap_to_grid:
        # a 22 pt title line would take two grid lines in LibreOffice; Word keeps the
        # exact spacing either way
        off = OxmlElement("w:snapToGrid")
        off.set(qn("w:val"), "0")
        ppr.append(off)
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
    condense = OxmlElement("w:spacing")  # character spacing: 28 characters a line (see GRID)
    condense.set(qn("w:val"), str(CONDENSE))
    rpr.insert(list(rpr).index(rpr.find(qn("w:sz"))), condense)
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
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE))
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
        set_fonts(rpr, PAGE_NUMBER_FONT, latin=PAGE_NUMBER_FONT, size_pt=14)
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
    paragraph_style(doc, "GW Title", TITLE_FONT, 22, align="center", first_line_chars=0, keep_next=True,
                    snap_to_grid=False)
    paragraph_style(doc, "GW Addressee", BODY_FONT, 16, align="left", first_line_chars=0)
    paragraph_style(doc, "GW Heading 1", H1_FONT, 16, outline=0, keep_next=True)
    paragraph_style(doc, "GW Heading 2", H2_FONT, 16, outline=1, keep_next=True)
    paragraph_style(doc, "GW Heading 3", BODY_FONT, 16)
    paragraph_style(doc, "GW Signature", BODY_FONT, 16, align="right", first_line_chars=0, right_chars=400)
    paragraph_style(doc, "GW Date", BODY_FONT, 16, align="right", first_line_chars=0, right_chars=400)
    strip_theme_fonts(doc.styles.element)
    page_setup(doc)

    add = doc.add_paragraph
    add("{%p for line in title_lines %}")
    add("{{ line }}", style="GW Title")
    add("{%p endfor %}")
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
    clean_package(doc)
    props = doc.core_properties
    props.title = "法治政府建设年度报告"  # the generator sets title, author and dates of each report
    props.author = props.last_modified_by = ""
    props.subject = props.keywords = props.comments = props.category = ""
    props.language = "zh-CN"
    props.revision = 1
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    doc.save(path)


def clean_package(doc):
    """Drop what python-docx's default template brings and the report does not use."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROP_PARTS:
                rels.pop(rid)
    styles = doc.styles.element
    used = {p.get(qn("w:val")) for p in doc.element.iter(qn("w:pStyle"))}
    for part in (doc.sections[0].footer.part, doc.sections[0].even_page_footer.part):
        used |= {p.get(qn("w:val")) for p in part.element.iter(qn("w:pStyle"))}
    keep = set()
    for st in styles.findall(qn("w:style")):
        name = st.find(qn("w:name")).get(qn("w:val"))
        if name in KEEP_STYLES or name.startswith("GW ") or st.get(qn("w:styleId")) in used:
            keep.add(st.get(qn("w:styleId")))
    for st in styles.findall(qn("w:style")):
        if st.get(qn("w:styleId")) not in keep:
            styles.remove(st)
        else:
            for el in st.findall(qn("w:link")) + st.findall(qn("w:rsid")):  # "Footer Char" is gone
                st.remove(el)
            for el in st.findall(f"{qn('w:pPr')}/{qn('w:tabs')}"):  # US Letter centre/right tabs
                el.getparent().remove(el)
    settings = doc.settings.element
    for tag in ("w:rsids", "w:attachedTemplate", "w:proofState", "w:savePreviewPicture", "w:doNotAutoCompressPictures"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.findall("{http://schemas.microsoft.com/office/word/2010/wordml}docId"):
        settings.remove(el)  # the same id in every document made from the template
    for el in settings.findall(qn("w:themeFontLang")):
        el.attrib.clear()
        el.set(qn("w:val"), "en-US")
        el.set(qn("w:eastAsia"), "zh-CN")
    for el in doc.element.iter():
        for attr in [a for a in el.attrib if a.startswith(qn("w:rsid"))]:
            del el.attrib[attr]
    font_table(doc)


def font_table(doc):
    """word/fontTable.xml: the fonts used, each with what Word needs to find a substitute."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = OxmlElement("w:fonts")
    for name, (alt, panose, charset, family, pitch, sig) in FONTS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:panose1", panose), ("w:charset", charset),
                         ("w:family", family), ("w:pitch", pitch)):
            if val:
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                font.append(el)
        el = OxmlElement("w:sig")
        for key, val in sig.items():
            el.set(qn(f"w:{key}"), val)
        font.append(el)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for kind in ("government", "department"):
        build(kind, out / f"{kind}.docx")
        print("wrote", out / f"{kind}.docx")

"""GB/T 9704 format rules on DOCX drafts: each fires on Word's defaults and stays quiet
on a properly formatted draft (the generator's output)."""
import io

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

import checker
from conftest import FIXTURES

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
CODES = ["FMT001", "FMT002", "FMT003", "FMT004", "FMT005"]


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


def set_font(run, face, size):
    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), face)


def formatted_docx(body_face="仿宋_GB2312", title_face="方正小标宋简体", h1="黑体", h2="楷体_GB2312", text=CLEAN):
    """Direct run formatting on Word's default template, page set up by hand."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    for i, line in enumerate(text.splitlines()):
        p = d.add_paragraph()
        if i == 0:
            set_font(p.add_run(line), title_face, 22)
        elif line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            set_font(p.add_run(line), h1, 16)
        elif line.startswith("（"):
            head, _, rest = line.partition("。")
            set_font(p.add_run(head + "。"), h2, 16)
            set_font(p.add_run(rest), body_face, 16)
        else:
            set_font(p.add_run(line), body_face, 16)
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

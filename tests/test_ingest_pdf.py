"""PDF with a text layer: the same outline as the .docx it was made from, paragraphs
joined from lines, running heads and page numbers dropped, no spaces inside Chinese text,
layout data, and the PDFs that cannot be read (scans, an opening password) refused.

The committed PDFs in fixtures/converted/ were made by LibreOffice (fixtures/build_converted.py);
these tests read them and need no LibreOffice. Other PDFs are built here (converted_helpers)."""
from __future__ import annotations

import re

import pytest

import checker
from conftest import FIXTURES
from converted_helpers import build_pdf, cjk_page, outline_summary

CONVERTED = FIXTURES / "converted"


@pytest.mark.parametrize("pdf,docx", [
    ("converted/example.pdf", "example.docx"),
    ("converted/clean_report.pdf", "converted/clean_report.docx"),
])
def test_pdf_gives_the_outline_of_the_docx_it_was_made_from(pdf, docx):
    from_pdf = outline_summary(checker.load(FIXTURES / pdf))
    from_docx = outline_summary(checker.load(FIXTURES / docx))
    assert from_pdf == from_docx
    assert len(from_pdf["sections"]) == 5


def test_pdf_findings_are_the_docx_findings_at_the_same_places():
    """Paragraphs are joined as in the .docx, so every finding (format rules aside: a PDF
    carries no Word styles) lands on the same paragraph and characters."""
    def found(path):
        return sorted((f.code, f.location.paragraph, f.location.start, f.location.end)
                      for f in checker.check(path).findings if not f.code.startswith("FMT"))

    from_pdf = found(FIXTURES / "converted/example.pdf")
    assert from_pdf == found(FIXTURES / "example.docx")
    assert {"YEAR002", "DATA001", "PUN001", "OUT004"} <= {c for c, *_ in from_pdf}


def test_running_header_and_page_numbers_are_not_text():
    doc = checker.load(CONVERTED / "clean_report.pdf")
    assert doc.format == "pdf" and doc.layout["pages"] >= 2
    texts = [b.text for b in doc.blocks]
    assert "青溪县人民政府办公室" not in texts  # the running header on every page
    assert not any(re.fullmatch(r"[—\-\s\d]+", t) for t in texts)  # "— 1 —" footers
    assert not any("办公室" in t for t in texts)


def test_chinese_text_has_no_spaces_between_characters():
    doc = checker.load(CONVERTED / "clean_report.pdf")
    cjk_space = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]\s+[\u4e00-\u9fff\d]|\d\s+[\u4e00-\u9fff]")
    assert [b.text for b in doc.blocks if cjk_space.search(b.text)] == []
    assert "“放管服”改革" in doc.text  # quotation marks drawn in another font stay in place


def test_layout_is_page_size_and_text_area():
    """The build script sets A4 and margins 37/35/28/26 mm (top/bottom/left/right)."""
    layout = checker.load(CONVERTED / "clean_report.pdf").layout
    assert (layout["page_width_mm"], layout["page_height_mm"]) == (210.0, 297.0)
    area = layout["text_area_mm"]
    assert abs(area["left"] - 28) < 1.5 and abs(area["right"] - 26) < 1.5 and abs(area["top"] - 37) < 2.5
    assert layout["body_font_size_pt"] == 16
    assert len(layout["block_pages"]) == len(checker.load(CONVERTED / "clean_report.pdf").blocks)


FULL = "法治政府建设取得新成效全面落实行政执法三项制度全"  # 24 characters


def test_lines_are_joined_into_paragraphs_and_headings_keep_their_line():
    lines = [
        "某某县2023年法治政府建设情况的报告",
        "\u3000\u3000" + FULL[:22],                 # indented first line, fills the measure
        FULL,                                       # fills the measure: continues
        "评查案卷60卷。",                            # ends the paragraph
        "一、主要举措和成效",                         # a heading: its own line
        "（一）依法行政。" + FULL[:16],               # a run-in heading starts a paragraph
        "全年审核行政规范性文件23件。",                 # short: ends it
        "\u3000\u3000" + FULL[:21] + "。",           # ends in 。 at the measure ...
        FULL[:10] + "。",                           # ... but the next line is not indented: continues
        "\u3000\u3000执法不规范。",
    ]
    doc = checker.load(build_pdf([cjk_page(lines)]), "r.pdf")
    assert [b.text for b in doc.blocks] == [
        "某某县2023年法治政府建设情况的报告",
        FULL[:22] + FULL + "评查案卷60卷。",
        "一、主要举措和成效",
        "（一）依法行政。" + FULL[:16] + "全年审核行政规范性文件23件。",
        FULL[:21] + "。" + FULL[:10] + "。",
        "执法不规范。",
    ]


def test_a_title_over_two_lines_is_one_paragraph():
    page = [("某某县人民政府关于2023年度法治政府", 120, 760, 22), ("建设情况的报告", 220, 730, 22)]
    page += [(FULL, 80, 680 - 29 * i, 16) for i in range(4)]
    doc = checker.load(build_pdf([page]), "r.pdf")
    assert doc.blocks[0].text == "某某县人民政府关于2023年度法治政府建设情况的报告"


@pytest.mark.parametrize("folio", ["— {n} —", "- {n} -", "第{n}页 共3页", "第{n}页          共3页", "{n}", "{n}/3",
                                   "第 {n} 页"])
def test_page_number_forms_are_dropped(folio):
    pages = [cjk_page(["\u3000\u3000第{}页的正文。".format(n)], header="某某县人民政府办公室", footer=folio.format(n=n))
             for n in (1, 2, 3)]
    doc = checker.load(build_pdf(pages), "r.pdf")
    assert [b.text for b in doc.blocks] == ["第1页的正文。", "第2页的正文。", "第3页的正文。"]


def test_a_number_in_the_body_is_kept():
    """Only the top and bottom bands of the page hold page numbers."""
    page = [("2023", 80, 500, 16), ("全年办理行政复议案件43件。", 80, 470, 16)]
    doc = checker.load(build_pdf([page]), "r.pdf")
    assert [b.text for b in doc.blocks] == ["2023", "全年办理行政复议案件43件。"]


def test_gaps_between_chinese_glyphs_are_not_spaces_but_latin_words_keep_theirs():
    """A gap is not a character; a space the text itself contains is."""
    page = [("法治", 80, 600, 16), ("政府", 80 + 32 + 6, 600, 16), ("建设", 80 + 64 + 12, 600, 16),
            ("Word", 80, 560, 16), ("2016", 80 + 32 + 8, 560, 16),
            ("发布日期: 2024-03-07", 80, 520, 16), ("报 告", 80, 480, 16)]
    doc = checker.load(build_pdf([page]), "r.pdf")
    assert [b.text for b in doc.blocks] == ["法治政府建设", "Word 2016", "发布日期: 2024-03-07", "报 告"]


def test_scanned_pdf_without_text_is_refused(tmp_path, cli):
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(build_pdf([[], []]))
    result = cli("check", path)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "文字层" in result.stderr and "OCR" in result.stderr
    assert "Traceback" not in result.output


def test_pdf_whose_text_is_unmapped_glyphs_is_refused(tmp_path, cli):
    """A font without a Unicode map gives private-use or replacement characters."""
    path = tmp_path / "乱码.pdf"
    path.write_bytes(build_pdf([cjk_page(["\ue000\ue001\ue002\ue003。", "\ufffd\ufffd\ufffd报告"])]))
    result = cli("check", path)
    assert result.exit_code == 2 and str(path) in result.stderr and "乱码" in result.stderr


def test_pdf_with_an_opening_password_is_refused(cli):
    path = CONVERTED / "open_password.pdf"
    result = cli("outline", path)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "密码" in result.stderr


def test_pdf_with_only_a_permissions_password_is_read():
    doc = checker.load(CONVERTED / "owner_password.pdf")
    assert [b.text for b in doc.blocks] == ["某某县2023年法治政府建设情况的报告", "2023年，我县深入践行习近平法治思想。"]


def test_annotate_and_fix_say_they_need_a_docx(tmp_path, cli):
    pdf = CONVERTED / "example.pdf"
    result = cli("check", pdf, "--annotate", tmp_path / "a.docx")
    assert result.exit_code == 2 and ".docx" in result.stderr
    result = cli("fix", pdf, "-o", tmp_path / "b.pdf")
    assert result.exit_code == 2 and ".docx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_two_columns_are_read_left_column_first():
    """A title across the page, then two columns of four lines each."""
    half = FULL[:12]
    page = [("某某县2023年法治政府建设情况的报告", 150, 760, 22)]
    left = [half, half, half, "左栏结束。"]
    right = [half, half, half, "右栏结束。"]
    for i, (a, b) in enumerate(zip(left, right)):
        page += [(a, 60, 700 - 29 * i, 16), (b, 330, 700 - 29 * i, 16)]
    doc = checker.load(build_pdf([page]), "r.pdf")
    assert [b.text for b in doc.blocks] == [
        "某某县2023年法治政府建设情况的报告", half * 3 + "左栏结束。", half * 3 + "右栏结束。"]


def test_reading_past_the_time_limit_is_stopped(monkeypatch, cli):
    from checker.ingest import pdf

    monkeypatch.setattr(pdf, "MAX_SECONDS", 0)
    path = CONVERTED / "example.pdf"
    result = cli("outline", path)
    assert result.exit_code == 2 and str(path) in result.stderr and "超过 0 秒" in result.stderr

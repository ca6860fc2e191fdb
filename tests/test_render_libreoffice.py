"""The generated report as LibreOffice lays it out: 28 characters a line, 22 lines a page,
the title broken in 梯形 shape, page numbers outside. One conversion (soffice, its own
profile) for every assertion; skipped when LibreOffice or poppler-utils is missing."""
import os
import re
import shutil
import subprocess

import pytest
import yaml
from lxml import etree

import checker
from checker.data import templates_dir
from checker.generator.skeleton import skeleton_context
from checker.generator import render, template_path

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed")

XHTML = "{http://www.w3.org/1999/xhtml}"
PITCH = 579 / 20  # points: the line grid, 225 mm / 22
# a long paragraph without punctuation or digits: every line but its last is a full line
FILLER = "坚持以习近平法治思想为指导全面推进严格规范公正文明执法不断提升行政执法质量和效能" * 48
LEFT, RIGHT = 28 / 25.4 * 72, (210 - 26) / 25.4 * 72  # the text area, in points
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


def _pages(pdf):
    """[[(text, x0, x1, y), ...] per page], lines top to bottom, from pdftotext -bbox-layout."""
    html = pdf.with_suffix(".html")
    subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(html)], check=True, timeout=60)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(html), parser).getroot()
    pages = []
    for page in root.iter(f"{XHTML}page"):
        assert (round(float(page.get("width"))), round(float(page.get("height")))) == (595, 842)  # A4
        lines = []
        for line in page.iter(f"{XHTML}line"):
            text = "".join(w.text or "" for w in line.iter(f"{XHTML}word"))
            lines.append((text, float(line.get("xMin")), float(line.get("xMax")), float(line.get("yMax"))))
        pages.append(sorted(lines, key=lambda x: x[3]))
    return pages


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    data = yaml.safe_load((templates_dir() / "example.yaml").read_text(encoding="utf-8"))
    data["measures"][0]["items"].append(FILLER)
    (tmp / "government.docx").write_bytes(checker.generate(data))
    dept = dict(data, reporter="青溪县司法局", reporter_kind="department", addressees=["青溪县人民政府"])
    (tmp / "department.docx").write_bytes(checker.generate(dept))
    (tmp / "skeleton.docx").write_bytes(render(skeleton_context("青溪县司法局", 2024, "department"),
                                               template_path(None, "department")))
    names = ["government", "department", "skeleton"]
    env = dict(os.environ, HOME=str(tmp))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp), *[str(tmp / f"{n}.docx") for n in names]],
                   capture_output=True, timeout=240, check=True, env=env)
    return {n: _pages(tmp / f"{n}.pdf") for n in names}


def _body(page):
    return [line for line in page if not PAGE_NUMBER.match(line[0])]


def test_full_lines_hold_28_characters(rendered):
    lines = [text for page in rendered["government"] for text, *_ in page]
    full = [t for t in lines if t and set(t) <= set(FILLER)]
    # the filler paragraph: first line indented two characters, then full lines
    assert len(full) >= 30
    assert len(full[0]) == 26
    assert [len(t) for t in full[1:-1]] == [28] * (len(full) - 2)
    assert "".join(full) == FILLER


def test_22_lines_a_page_on_a_28_95_pt_grid(rendered):
    pages = rendered["government"]
    assert len(pages) >= 4
    for page in pages:
        body = _body(page)
        assert len(body) <= 22
        # 16 pt body lines sit on the grid: multiples of the pitch from the page's first one
        ys = [y for text, x0, x1, y in body if set(text) <= set(FILLER)]
        assert all(abs((y - ys[0]) / PITCH - round((y - ys[0]) / PITCH)) < 0.05 for y in ys)
    # a page that is all filler text is full: 22 lines
    filler_pages = [p for p in pages if _body(p) and all(set(t) <= set(FILLER) for t, *_ in _body(p))]
    assert filler_pages and {len(_body(p)) for p in filler_pages} == {22}


@pytest.mark.parametrize("name,first,second", [
    ("government", "青溪县人民政府关于", "2023年度法治政府建设情况的报告"),
    ("department", "青溪县司法局关于", "2023年度法治政府建设情况的报告"),
    ("skeleton", "青溪县司法局关于", "2024年度法治政府建设情况的报告"),
])
def test_title_in_two_centred_lines_shorter_first(rendered, name, first, second):
    page = rendered[name][0]
    (t1, a0, a1, _), (t2, b0, b1, _) = page[0], page[1]
    assert (t1, t2) == (first, second)
    centre = (LEFT + RIGHT) / 2  # of the text area (left margin 28 mm, right 26 mm)
    assert abs((a0 + a1) / 2 - centre) < 1.5 and abs((b0 + b1) / 2 - centre) < 1.5
    assert a1 - a0 < b1 - b0


def test_page_numbers_odd_right_even_left(rendered):
    pages = rendered["government"]
    for n, page in enumerate(pages, start=1):
        numbers = [(int(PAGE_NUMBER.match(t).group(1)), x0, x1) for t, x0, x1, _ in page if PAGE_NUMBER.match(t)]
        assert [x[0] for x in numbers] == [n]
        _, x0, x1 = numbers[0]
        assert (x0 > 595.3 / 2) if n % 2 else (x1 < 595.3 / 2)


def test_no_line_overflows_in_any_report(rendered):
    # punctuation may hang one character past the right margin
    for name, pages in rendered.items():
        for page in pages:
            for text, x0, x1, _ in _body(page):
                assert x0 >= LEFT - 0.5 and x1 <= RIGHT + 16.5, (name, text)

"""10,000 findings in one annotated copy: every comment written and anchored (no timing
assertion; the work is linear, bench/ measures it)."""
import zipfile

import docx
from lxml import etree

import checker
from checker.engine import Finding, Location
from checker.outputs.annotate import annotate_docx
from docx_helpers import to_bytes
from ooxml_helpers import W, digest

LINE = "全年办理行政复议案件四十三件纠正违法行为十二起整改问题五个"  # 30 characters


def test_ten_thousand_findings(tmp_path):
    d = docx.Document()
    for i in range(400):
        p = d.add_paragraph()
        p.add_run(LINE[:13]).bold = True
        p.add_run(LINE[13:])
    src = tmp_path / "d.docx"
    src.write_bytes(to_bytes(d))
    before = digest(src)
    report = checker.check(src)
    report.findings = [Finding("PUN001", "warning", "示例", None, Location(paragraph=i, start=k, end=k + 1), LINE[k])
                       for i in range(400) for k in range(0, 25)]
    data = annotate_docx(report)
    out = tmp_path / "a.docx"
    out.write_bytes(data)
    assert len(docx.Document(str(out)).comments) == 10_000
    body = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    first = body.find(f"{W}body/{W}p")
    runs = [r for r in first.iter(f"{W}r") if r.find(f"{W}t") is not None]
    assert "".join(r.findtext(f"{W}t") for r in runs) == LINE  # text unchanged
    assert [r.find(f"{W}rPr/{W}b") is not None for r in runs] == [True] * 13 + [False] * 13  # 25 one-character runs and the rest
    assert digest(src) == before

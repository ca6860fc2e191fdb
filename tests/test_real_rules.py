"""Rules on shapes of real drafts: profile settings, numbered lists that are not
headings, tracked changes and comments left in a .docx."""
import copy

import pytest

import checker
import checker.engine as engine
from conftest import FIXTURES

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
NO_OTHER = CLEAN.replace("五、其他需要报告的情况\n无。\n", "")


def _out001_other(text):
    report = checker.check(text.encode("utf-8"), name="r.txt", select=["OUT001"])
    return [f.severity for f in report.findings if f.data.get("kind") == "other"]


@pytest.mark.parametrize("level", ["warning", "error"])
def test_profile_other_required_raises_missing_other(monkeypatch, level):
    assert _out001_other(NO_OTHER) == ["info"]
    raised = copy.deepcopy(engine.profiles())
    for prof in raised.values():
        prof["other_required"] = level
    monkeypatch.setattr(engine.run, "profiles", lambda: raised)
    assert _out001_other(NO_OTHER) == [level]
    assert _out001_other(CLEAN) == []


# ---------------------------------------------------------------- META006 (DOCX)

from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402
from docx_helpers import add_deleted_paragraph, add_deleted_text, add_inserted_text, new_document, to_bytes  # noqa: E402


def _clean_docx(upto=None):
    doc = new_document()
    paragraphs = [doc.add_paragraph(line) for line in CLEAN.splitlines()]
    return doc, paragraphs


def _index(lines, start):
    return next(i for i, line in enumerate(lines) if line.startswith(start))


def test_tracked_changes_and_comments_are_reported_once_with_where():
    lines = CLEAN.splitlines()
    doc, ps = _clean_docx()
    four = _index(lines, "（四）依法化解矛盾纠纷")
    # the reviewer changed 38 into 43 and made a phrase bold, then commented on a figure
    add_deleted_text(ps[four], "38")
    add_inserted_text(ps[four], "另有复议建议书5份。")
    run = ps[four].runs[0]
    run._r.get_or_add_rPr().append(parse_xml(
        f'<w:rPrChange {nsdecls("w")} w:id="9" w:author="审核人" w:date="2024-03-01T00:00:00Z"><w:rPr/></w:rPrChange>'))
    two = _index(lines, "（二）健全依法行政制度体系")
    doc.add_comment(ps[two].runs, text="备案审查率请司法局核实", author="审核人")
    report = checker.check(to_bytes(doc), name="draft.docx", ignore=["FMT"])

    d = report.document
    assert sorted(r.kind for r in d.revisions) == ["deletion", "formatting", "insertion"]
    assert {r.paragraph for r in d.revisions} == {four}
    assert [(c.paragraph, c.text, c.author) for c in d.comments] == [(two, "备案审查率请司法局核实", "审核人")]
    # the rules read the accepted view: inserted text in, deleted text out
    assert d.blocks[four].text.endswith("另有复议建议书5份。") and "38" not in d.blocks[four].text

    found = [f for f in report.findings if f.code == "META006"]
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and f.location.paragraph == two
    assert "修订 3 处" in f.message and "批注 1 条" in f.message
    assert f"第 {two + 1}、{four + 1} 段" in f.message
    assert f.data == {"revisions": {"deletion": 1, "insertion": 1, "formatting": 1}, "comments": 1,
                      "paragraphs": [two, four]}


def test_deleted_paragraph_counts_where_its_text_went():
    doc = new_document()
    for line in CLEAN.splitlines()[:3]:
        doc.add_paragraph(line)
    add_deleted_paragraph(doc, "今年以来，全县办理案件38件。")
    doc.add_paragraph("一、党政主要负责人履行推进法治建设第一责任人职责情况")
    d = checker.load(to_bytes(doc), "draft.docx")
    assert [r.kind for r in d.revisions] == ["deletion", "deletion"]
    assert {r.paragraph for r in d.revisions} == {3}  # merged into the paragraph after it
    assert "今年以来" not in d.text  # deleted text is not read by the rules


def test_final_docx_and_text_formats_have_no_review_marks():
    doc, _ps = _clean_docx()
    report = checker.check(to_bytes(doc), name="final.docx", select=["META006"])
    assert report.document.revisions == [] and report.document.comments == []
    assert report.findings == []
    report = checker.check(CLEAN.encode("utf-8"), name="final.txt", select=["META006"])
    assert report.findings == []


# ---------------------------------------------------------------- labels

@pytest.mark.parametrize("text,label", [
    ("1.14大战略性新兴产业产值同比增长12%。", None),  # a decimal, not label "1."
    ("1.5万人次参加法治讲座。", None),
    ("2.3%的增幅位居全市前列。", None),
    ("1.谋划安排全市法治政府建设工作。", "1."),
    ("（1）完善行政决策机制。", "（1）"),
])
def test_a_digit_right_after_the_dot_is_a_decimal(text, label):
    from checker.model import Block
    from checker.outline import detect_heading
    h = detect_heading(Block(index=0, text=text))
    assert (h.label if h else None) == label


# ---------------------------------------------------------------- one defect, one finding

def _texts():
    import yaml
    from conftest import SEEDS
    from test_rule_cases import CASES, case_text
    out = [pytest.param(p.read_bytes(), id=p.name[:3]) for p in sorted(SEEDS.glob("*.txt"))]
    for f in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8"))):
            if case["rule"].startswith(("OUT", "NUM")):
                out.append(pytest.param(case_text(case).encode("utf-8"), id=f"{f.stem}-{i}"))
    return out


@pytest.mark.parametrize("data", _texts())
def test_no_defect_is_reported_twice(data):
    report = checker.check(data, name="r.txt")
    spots = [(f.code, f.location.paragraph, f.location.start, f.location.end) for f in report.findings
             if f.location.start is not None]
    assert len(spots) == len(set(spots))
    # a part is missing (OUT001), folded (OUT008), unheaded (OUT002) or empty of the
    # leaders' duty (OUT006): at most one of them for one part
    kinds = [f.data["kind"] for f in report.findings if f.code in ("OUT001", "OUT002", "OUT006", "OUT008")]
    assert len(kinds) == len(set(kinds)), [(f.code, f.data) for f in report.findings if f.code.startswith("OUT")]

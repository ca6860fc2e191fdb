"""An annotated copy of a DOCX: a Word comment at each finding (python-docx >= 1.2).

The copy is made from the input's bytes; the input file is not touched. A finding is
anchored on the runs that hold its span, or on the whole paragraph when the span cannot
be mapped to runs (a numbering label, a field); findings about the whole document are
anchored on the first paragraph."""
from __future__ import annotations

import io

from ..engine import SEVERITY_NAMES, Report
from ..errors import FzbgError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _runs_for_span(paragraph, start: int, end: int, label_len: int):
    runs = [r for r in paragraph.runs if r.text]
    pos = label_len
    hit = []
    for r in runs:
        a, b = pos, pos + len(r.text)
        if a < max(end, start + 1) and start < b:
            hit.append(r)
        pos = b
    return hit


def annotate_docx(report: Report, author: str = "fzbg") -> bytes:
    from docx import Document as open_docx
    from docx.text.paragraph import Paragraph

    doc = report.document
    if doc.format != "docx" or doc.raw is None:
        raise FzbgError(f"{doc.path}：只有 .docx 文件可以生成带批注的副本")
    ours = list(doc.parts["document"].find(W + "body").iter(W + "p"))
    ordinal = {id(p): i for i, p in enumerate(ours)}
    word = open_docx(io.BytesIO(doc.raw))
    theirs = list(word.element.body.iter(W + "p"))
    if len(theirs) != len(ours):
        raise FzbgError(f"{doc.path}：无法对应段落，未生成批注副本")

    def paragraph_of(block):
        return Paragraph(theirs[ordinal[id(block.element)]], word._body)

    first_with_runs = next((b for b in doc.blocks if b.element is not None and paragraph_of(b).runs), None)
    for f in report.findings:
        block = doc.blocks[f.location.paragraph] if f.location.paragraph is not None else first_with_runs
        if block is None or block.element is None:
            continue
        para = paragraph_of(block)
        runs = []
        if f.location.start is not None and f.location.end is not None:
            runs = _runs_for_span(para, f.location.start, f.location.end, len(block.label))
        if not runs:
            runs = [r for r in para.runs if r.text] or para.runs
        if not runs:
            continue
        text = f"【{f.code} {SEVERITY_NAMES[f.severity]}】{f.message}"
        if f.fix:
            text += f"\n建议：{f.fix}"
        word.add_comment(runs, text=text, author=author, initials="fz")
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()

"""Build small DOCX drafts with python-docx for the tests."""
from __future__ import annotations

import io

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def new_document():
    return Document()


def add_chinese_numbering(doc, fmt="chineseCounting", text="%1、", abstract_id=90, num_id=90,
                          level2=("chineseCounting", "（%2）")):
    """Add an abstract numbering (level 0: 一、, level 1: （一）) and a num pointing to it."""
    numbering = doc.part.numbering_part.element
    lvl2 = ""
    if level2:
        lvl2 = (f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{level2[0]}"/>'
                f'<w:lvlText w:val="{level2[1]}"/></w:lvl>')
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>{lvl2}</w:abstractNum>'
    )
    # abstractNum elements must precede num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    numbering.append(num)
    return num_id


def numbered(paragraph, num_id, ilvl=0):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def add_deleted_paragraph(doc, text):
    """A paragraph that exists only as a tracked deletion (text and paragraph mark)."""
    p = doc.add_paragraph()
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="审核人" w:date="2024-03-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'))
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="2" w:author="审核人" w:date="2024-03-01T00:00:00Z"/></w:rPr>'))
    return p


def add_inserted_text(paragraph, text):
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="3" w:author="起草人" w:date="2024-03-01T00:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'))
    return paragraph


def add_deleted_text(paragraph, text):
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="4" w:author="起草人" w:date="2024-03-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'))
    return paragraph


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


PREAMBLE = "2023年，我县坚持以习近平新时代中国特色社会主义思想为指导，深入践行习近平法治思想。现将有关情况报告如下："

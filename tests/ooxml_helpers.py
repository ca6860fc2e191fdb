"""Build DOCX paragraphs with hyperlinks, fields, content controls, tracked insertions,
and read back where Word comments are anchored."""
from __future__ import annotations

import hashlib
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def add_paragraph_xml(doc, inner: str):
    """Append a paragraph whose content is the given WordprocessingML (w:, r: prefixes)."""
    p = doc.add_paragraph()
    for el in parse_xml(f'<w:p {nsdecls("w", "r")}>{inner}</w:p>'):
        p._p.append(el)
    return p


def wrap(doc, kind: str, inner: str) -> str:
    """inner (runs) inside a wrapper of the given kind, as Word writes it."""
    if kind == "plain":
        return inner
    if kind == "hyperlink":
        rid = doc.part.relate_to("https://www.example.gov.cn/", RT.HYPERLINK, is_external=True)
        return f'<w:hyperlink r:id="{rid}">{inner}</w:hyperlink>'
    if kind == "fldSimple":
        return f'<w:fldSimple w:instr=" MERGEFIELD 内容 ">{inner}</w:fldSimple>'
    if kind == "complex_field":
        return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD 内容 '
                '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'{inner}<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    if kind == "sdt":
        return f'<w:sdt><w:sdtPr><w:alias w:val="内容"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'
    if kind == "ins":
        return f'<w:ins w:id="901" w:author="起草人" w:date="2024-03-01T00:00:00Z">{inner}</w:ins>'
    if kind == "smartTag":
        return f'<w:smartTag w:uri="urn:x" w:element="place">{inner}</w:smartTag>'
    raise ValueError(kind)


WRAPPERS = ("plain", "hyperlink", "fldSimple", "complex_field", "sdt", "ins", "smartTag")


def anchored_texts(docx_path) -> dict[str, str]:
    """comment text -> the body text between its commentRangeStart and commentRangeEnd."""
    with zipfile.ZipFile(docx_path) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        comments = etree.fromstring(zf.read("word/comments.xml"))
    texts = {c.get(W + "id"): "".join(t.text or "" for t in c.iter(W + "t")) for c in comments.iter(W + "comment")}
    open_ids: set[str] = set()
    spans: dict[str, str] = {}
    for el in body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(el.get(W + "id"))
            spans[el.get(W + "id")] = ""
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(el.get(W + "id"))
        elif el.tag == W + "t":
            for i in open_ids:
                spans[i] += el.text or ""
    return {texts[i]: s for i, s in spans.items()}


def start_marker_ancestors(docx_path) -> list[list[str]]:
    with zipfile.ZipFile(docx_path) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    return [[a.tag.split("}")[1] for a in m.iterancestors()] for m in body.iter(W + "commentRangeStart")]


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()

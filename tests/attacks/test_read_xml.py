"""Hostile XML inside a .docx given to `fzbg check` / `fzbg text`: entity expansion in
every part the reader parses, external entities (XXE), deep nesting, malformed and huge
numbers in every attribute the reader or the format rules read, cyclic and very long
basedOn chains, looping list-style links, huge numbering start values, one large header
part referenced many times, and text whose regexes used to be quadratic: a paragraph
of 200k Chinese characters (.txt), 30k unclosed brackets (.txt), unclosed links (.md).

Each file is refused with a Chinese message naming the file and the cause, or read
correctly; never a traceback; within a generous time and memory limit; the input file
is left unchanged. The files are checked in one run, each asserted on its JSON entry."""
from __future__ import annotations

import base64
import random

import pytest

import checker
from hostile_docx import (W_NS, check_json, document, document_rels, fzbg, has_chinese, package, paragraph,
                          report_body, report_docx, sha256)

ENTITIES = ('<!ENTITY l0 "lollollollollollollollollollol">'
            + "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10)))
NUMBERED = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def styles(*items: str, doctype: str = "") -> str:
    return f'{XML}{doctype}<w:styles xmlns:w="{W_NS}">{"".join(items)}</w:styles>'


def style(sid: str, inner: str = "", kind: str = "paragraph") -> str:
    return f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{sid}"/>{inner}</w:style>'


def numbering(*items: str, doctype: str = "") -> str:
    return f'{XML}{doctype}<w:numbering xmlns:w="{W_NS}">{"".join(items)}</w:numbering>'


def abstract(aid: str, levels: str = "", link: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{link}{levels}</w:abstractNum>'


def level(ilvl="0", start="1", fmt="decimal", text="%1.", extra="") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def num(nid: str, aid: str, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def numbered_report(numbering_xml: str) -> bytes:
    body = report_body(paragraph("深化“放管服”改革。", NUMBERED) + paragraph("推进严格规范公正文明执法。", NUMBERED))
    return report_docx(body, {"word/numbering.xml": numbering_xml})


def header_report(header_xml: str, references: int = 1) -> bytes:
    rels = [(f"rH{i}", "header", "header1.xml") for i in range(references)]
    return report_docx(parts={"word/_rels/document.xml.rels": document_rels(*rels), "word/header1.xml": header_xml})


def header(text: str, doctype: str = "") -> str:
    return f'{XML}{doctype}<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:hdr>'


def nested(depth: int) -> str:
    return "<w:sdt><w:sdtContent>" * depth + paragraph("嵌套段落。") + "</w:sdtContent></w:sdt>" * depth


BAD_NUMBERS = ["abc", "²", "-5", "1e9", "99999999999999999999", "9" * 5000, ""]


def bad_numbers_report() -> bytes:
    """Every number attribute the reader and the FMT rules read, malformed or huge."""
    paras, styles_, levels = [], [], []
    for i, v in enumerate(BAD_NUMBERS):
        ppr = (f'<w:pStyle w:val="S{i}"/><w:numPr><w:ilvl w:val="{v}"/><w:numId w:val="{v or 1}"/></w:numPr>'
               f'<w:outlineLvl w:val="{v}"/><w:ind w:left="{v}" w:firstLine="{v}"/><w:spacing w:line="{v}"/>')
        paras.append(paragraph(f"第{i}段正文。", ppr, f'<w:sz w:val="{v}"/><w:szCs w:val="{v}"/>'))
        styles_.append(style(f"S{i}", f'<w:basedOn w:val="S{i + 1}"/><w:pPr><w:outlineLvl w:val="{v}"/>'
                                      f'<w:numPr><w:ilvl w:val="{v}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                                      f'<w:rPr><w:sz w:val="{v}"/></w:rPr>'))
        levels.append(level(ilvl=v, start=v, extra=f'<w:lvlRestart w:val="{v}"/>'))
    grid = "".join(f'<w:gridCol w:w="{v}"/>' for v in BAD_NUMBERS)
    table = (f'<w:tbl><w:tblPr><w:tblW w:w="abc" w:type="dxa"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
             f'<w:tr><w:tc><w:tcPr><w:tcW w:w="-1"/><w:gridSpan w:val="abc"/></w:tcPr>{paragraph("表格")}</w:tc></w:tr></w:tbl>')
    sects = "".join(f'<w:pgSz w:w="{v}" w:h="{v}"/><w:pgMar w:top="{v}" w:bottom="{v}" w:left="{v}" w:right="{v}"/>'
                    for v in BAD_NUMBERS[:1])
    sect = (f'<w:sectPr>{sects}<w:cols w:num="abc"/><w:docGrid w:linePitch="abc"/></w:sectPr>'
            + "".join(f'<w:p><w:pPr><w:sectPr><w:pgSz w:w="{v}" w:h="{v}"/>'
                      f'<w:pgMar w:top="{v}" w:bottom="{v}" w:left="{v}" w:right="{v}"/></w:sectPr></w:pPr></w:p>'
                      for v in BAD_NUMBERS[1:]))
    overrides = "".join(f'<w:lvlOverride w:ilvl="{v}"><w:startOverride w:val="{v}"/></w:lvlOverride>' for v in BAD_NUMBERS)
    return report_docx(report_body("".join(paras) + table) + sect, {
        "word/styles.xml": styles(*styles_),
        "word/numbering.xml": numbering(abstract("1", "".join(levels)), num("1", "1", overrides)),
    })


def long_chain_report(chain: int = 20000, paragraphs: int = 2000) -> bytes:
    items = [style(f"c{i}", f'<w:basedOn w:val="c{i + 1}"/>' if i + 1 < chain else '<w:rPr><w:sz w:val="32"/></w:rPr>')
             for i in range(chain)]
    body = report_body("".join(paragraph(f"全年办理案件{i}件。", '<w:pStyle w:val="c0"/>') for i in range(paragraphs)))
    return report_docx(body, {"word/styles.xml": styles(*items)})


def big_header_report() -> bytes:
    """A 2 MB header (text that does not compress) referenced by 400 relationships."""
    text = base64.b64encode(random.Random(7).randbytes(1_500_000)).decode()
    return header_report(header(text), references=400)


def long_paragraph() -> bytes:
    text = ("中国特色社会主义法治体系建设" * 15000)[:200_000]
    return ("示例县人民政府关于2023年度法治政府建设情况的报告\n" + text + "。\n").encode("utf-8")


# name -> (bytes, None when the file is read, or words the refusal must contain)
CASES = {
    "laughs-document.docx": (report_docx(report_body(paragraph("&l9;")), doctype=f"<!DOCTYPE w:document [{ENTITIES}]>"),
                             ["word/document.xml", "实体展开过多"]),
    "laughs-styles.docx": (report_docx(report_body(paragraph("正文。", '<w:pStyle w:val="A"/>')), {
        "word/styles.xml": styles(style("A", '<w:rPr><w:rFonts w:eastAsia="&l9;"/></w:rPr>'),
                                  doctype=f"<!DOCTYPE w:styles [{ENTITIES}]>")}), None),
    "laughs-numbering.docx": (numbered_report(numbering(abstract("1", level(text="&l9;")), num("1", "1"),
                                                        doctype=f"<!DOCTYPE w:numbering [{ENTITIES}]>")),
                              ["word/numbering.xml", "实体展开过多"]),
    "laughs-header.docx": (header_report(header("&l9;", f"<!DOCTYPE w:hdr [{ENTITIES}]>")),
                           ["word/header1.xml", "实体展开过多"]),
    "deep-300.docx": (report_docx(report_body(nested(300))), ["word/document.xml", "嵌套过深"]),
    "deep-120.docx": (report_docx(report_body(nested(120))), None),
    "bad-numbers.docx": (bad_numbers_report(), None),
    "cyclic-basedon.docx": (report_docx(report_body(paragraph("正文一。", '<w:pStyle w:val="A"/>')
                                                    + paragraph("正文二。", '<w:pStyle w:val="C"/>')), {
        "word/styles.xml": styles(style("A", '<w:basedOn w:val="B"/>'), style("B", '<w:basedOn w:val="A"/>'),
                                  style("C", '<w:basedOn w:val="C"/>'))}), None),
    "long-basedon.docx": (long_chain_report(), None),
    "numstylelink-loop.docx": (numbered_report(numbering(
        abstract("1", link='<w:numStyleLink w:val="ListA"/>'), abstract("2", link='<w:styleLink w:val="ListA"/>'
                                                                                  '<w:numStyleLink w:val="ListB"/>'),
        abstract("3", link='<w:styleLink w:val="ListB"/><w:numStyleLink w:val="ListA"/>'),
        num("1", "1"), num("2", "2"), num("3", "3"))), None),
    "huge-start.docx": (numbered_report(numbering(
        abstract("1", level(start="1000000000000", fmt="upperRoman")), num("1", "1"))), None),
    "big-header.docx": (big_header_report(), None),
    "long-paragraph.txt": (long_paragraph(), None),
    "unclosed-brackets.txt": (("示例县人民政府关于2023年度法治政府建设情况的报告\n" + "（2023年" * 30000 + "《" * 50000
                               + "\n").encode("utf-8"), None),
    "unclosed-links.md": (("示例县人民政府关于2023年度法治政府建设情况的报告\n\n" + "[a](" * 30000).encode("utf-8"), None),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xml")
    paths = {name: folder / name for name in CASES}
    for name, (data, _words) in CASES.items():
        paths[name].write_bytes(data)
    hashes = {name: sha256(p) for name, p in paths.items()}
    result, entries = check_json(*paths.values())
    return result, {name: entries[str(p)] for name, p in paths.items()}, hashes, paths


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_xml_is_refused_or_read(batch, name):
    result, entries, hashes, paths = batch
    entry = entries[name]
    words = CASES[name][1]
    if words is None:
        assert entry["status"] == "ok", entry
        assert entry["report"]["title"].startswith("示例县人民政府关于2023年度")
    else:
        assert entry["status"] == "error", entry
        message = entry["error"]["message"]
        assert name in message and has_chinese(message)
        for word in words:
            assert word in message
    assert "lollollol" not in result.stdout
    assert sha256(paths[name]) == hashes[name]


def test_text_shows_bounded_labels_and_linked_lists(tmp_path):
    """A start value of 10**12 is ignored (Word's largest is 32767): the list starts at
    I; 32767 in roman numerals is written in decimal; a list style's numbering
    (numStyleLink) takes the levels of the definition it links to."""
    files = {
        "huge.docx": numbered_report(numbering(abstract("1", level(start="1000000000000", fmt="upperRoman")), num("1", "1"))),
        "max.docx": numbered_report(numbering(abstract("1", level(start="32767", fmt="upperRoman")), num("1", "1"))),
        "linked.docx": numbered_report(numbering(
            abstract("1", link='<w:numStyleLink w:val="List"/>'),
            abstract("2", level(fmt="chineseCounting", text="%1、"), link='<w:styleLink w:val="List"/>'),
            num("1", "1"), num("2", "2"))),
    }
    out = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        result = fzbg("text", tmp_path / name)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        out[name] = result.stdout.splitlines()
    assert "I.深化“放管服”改革。" in out["huge.docx"] and "II.推进严格规范公正文明执法。" in out["huge.docx"]
    assert "32767.深化“放管服”改革。" in out["max.docx"] and "32768.推进严格规范公正文明执法。" in out["max.docx"]
    assert "一、深化“放管服”改革。" in out["linked.docx"] and "二、推进严格规范公正文明执法。" in out["linked.docx"]


def test_external_entities_are_never_read(tmp_path):
    """XXE: an external entity, an external DTD and a parameter entity pointing to a
    local file; its content appears nowhere, in any part."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7f3a9", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY title SYSTEM "file://{secret}">', encoding="utf-8")
    doctypes = [f'<!DOCTYPE w:document [<!ENTITY title SYSTEM "file://{secret}">]>',
                f'<!DOCTYPE w:document SYSTEM "file://{dtd}">',
                f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file://{dtd}">%p;]>']
    paths = []
    for i, doctype in enumerate(doctypes):
        body = report_body(paragraph("&title;"))
        parts = {"word/_rels/document.xml.rels": document_rels(("rH", "header", "header1.xml")),
                 "word/header1.xml": header("&title;", doctype.replace("w:document", "w:hdr")),
                 "word/styles.xml": styles(style("A", '<w:rPr><w:rFonts w:eastAsia="&title;"/></w:rPr>'),
                                           doctype=doctype.replace("w:document", "w:styles"))}
        paths.append(tmp_path / f"xxe{i}.docx")
        paths[-1].write_bytes(package({"word/document.xml": document(body, doctype), **parts}))
    hashes = [sha256(p) for p in paths]
    result, entries = check_json(*paths)
    assert "SECRET" not in result.stdout + result.stderr
    # an internal declaration: read, the entity left out; an external DTD is not
    # loaded, so its entity is undeclared and the part is refused as invalid XML
    assert [entries[str(p)]["status"] for p in paths] == ["ok", "error", "error"]
    assert all("word/document.xml" in entries[str(p)]["error"]["message"] for p in paths[1:])
    text = fzbg("text", paths[0])
    assert text.returncode == 0 and "SECRET" not in text.stdout + text.stderr
    assert text.stdout.startswith("示例县人民政府关于2023年度")
    assert [sha256(p) for p in paths] == hashes
    doc = checker.load(paths[0])  # headers are read too, though no command prints them
    assert doc.headers and not any("SECRET" in h for h in doc.headers) and "SECRET" not in doc.text


def test_twenty_thousand_parts_are_checked_in_bounded_time(tmp_path):
    """20k one-line parts (220 KB of text): finding each paragraph's part and heading
    scanned every part, so this took about a minute; now about a second."""
    draft = tmp_path / "parts.txt"
    draft.write_bytes(("示例县人民政府关于2023年度法治政府建设情况的报告\n" + "一、主要举措和成效\n" * 20000).encode("utf-8"))
    result = fzbg("check", "--format", "json", draft, timeout=30)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert '"status": "ok"' in result.stdout

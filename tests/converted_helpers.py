"""Helpers for the tests of converted inputs (PDF, .doc, .wps, .rtf).

outline_summary: what must not change when a draft is saved in another format.
build_pdf / cjk_page: a minimal PDF writer: pages of text lines placed at given
positions, in the predefined CJK font STSong-Light (UniGB-UCS2-H, not embedded), so
tests can build PDFs with Chinese text, running heads and page numbers without LibreOffice."""
from __future__ import annotations

import checker

A4 = (595.28, 841.89)


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text)


def build_pdf(pages: list[list[tuple[str, float, float, float]]], size=A4) -> bytes:
    """pages: for each page, lines (text, x, y from the bottom, font size in points)."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    catalog = add(b"")  # placeholders, filled below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               b"/DescendantFonts [" + str(len(objs) + 2).encode() + b" 0 R] >>")
    add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor " + str(len(objs) + 2).encode() + b" 0 R /DW 1000 /W [1 95 500] >>")
    add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    kids = []
    for lines in pages:
        ops = []
        for text, x, y, fs in lines:
            ops.append(f"BT /F1 {fs:g} Tf {x:g} {y:g} Td <{_hex(text)}> Tj ET")
        stream = "\n".join(ops).encode("ascii")
        content = add(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {size[0]:g} {size[1]:g}] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()))
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objs[pages_id - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                          + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    return assemble(objs, catalog)


def assemble(objs: list[bytes], root: int = 1) -> bytes:
    """A PDF file of the numbered objects (1, 2, ...) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def cjk_page(lines: list[str], *, header: str | None = None, footer: str | None = None,
             size: float = 16, left: float = 80, top: float = 730, leading: float = 29) -> list:
    """One A4 page: body lines from the top, each a full string at the left margin (a line
    starting with two ideographic spaces is drawn indented instead), plus a header and a
    footer centred in the page's top and bottom bands."""
    out = []
    if header:
        out.append((header, 297.6 - len(header) * 7, 800, 14))
    for i, text in enumerate(lines):
        indent = 2 * size if text.startswith("\u3000\u3000") else 0
        out.append((text.lstrip("\u3000"), left + indent, top - i * leading, size))
    if footer:
        out.append((footer, 297.6 - len(footer) * 4, 40, 14))
    return out


def outline_summary(doc) -> dict:
    """What a reviewer sees of the outline: title, addressee, parts with their kinds and
    headings, numbered sub-headings, signature, date, report and plan years."""
    d = checker.outline(doc).to_dict()
    report = d["report"]

    def tree(nodes):
        return [(n.get("label"), n.get("heading"), tree(n.get("children", []))) for n in nodes]

    return {
        "title": report["title"], "signature": report["signature"], "date": report["date"],
        "report_year": report["report_year"], "plan_year": report["plan_year"],
        "addressee": report["addressee"], "missing": d["missing"],
        "sections": [(s["kind"], s["heading"], tree(s.get("children", []))) for s in d["sections"]],
    }

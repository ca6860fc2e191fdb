"""Apply the certain fixes of a Report to a copy of the draft.

.txt: line by line in the original encoding and line endings; .md: an edit is applied
where its text (with a little context) is found on the source line; .docx: the w:t
texts of the paragraph's runs are edited, so runs and their formatting stay. The input
file is never written unless the caller asks for it (fzbg fix --in-place)."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from .engine import Report
from .ingest.docx import paragraph_segments
from .errors import FzbgError
from .model import Block

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class Applied:
    code: str
    block: Block
    start: int
    old: str
    new: str


def planned_edits(report: Report, codes: set[str] | None = None):
    """Per block index: non-overlapping (start, end, new, code), in order."""
    per_block: dict[int, list[tuple[int, int, str, str]]] = {}
    for f in report.findings:
        if not f.edits or f.location.paragraph is None:
            continue
        if codes and f.code not in codes:
            continue
        for s, e, new in f.edits:
            per_block.setdefault(f.location.paragraph, []).append((s, e, new, f.code))
    out = {}
    for idx, edits in per_block.items():
        edits.sort(key=lambda x: (x[0], x[1]))
        kept: list[tuple[int, int, str, str]] = []
        for ed in edits:
            if kept and ed[0] < kept[-1][1]:
                continue  # overlaps an earlier edit: keep the first
            if kept and ed[0] == kept[-1][0] == kept[-1][1] == ed[1] and ed[2] == kept[-1][2]:
                continue  # the same insertion twice
            kept.append(ed)
        out[idx] = kept
    return out


def _apply_text(text: str, edits) -> str:
    for s, e, new, _c in sorted(edits, key=lambda x: x[0], reverse=True):
        text = text[:s] + new + text[e:]
    return text


def fix_report(report: Report, codes: set[str] | None = None) -> tuple[bytes, list[Applied], list[Applied]]:
    """Return (new file bytes, applied, skipped)."""
    doc = report.document
    plan = planned_edits(report, codes)
    if doc.format == "txt":
        return _fix_txt(report, plan)
    if doc.format == "md":
        return _fix_md(report, plan)
    if doc.format == "docx":
        return _fix_docx(report, plan)
    raise FzbgError(f"{doc.path}：fzbg fix 只能修改 .docx、.txt 和 .md 文件（网页请先另存为文本）。")


def _records(report, plan, ok_blocks: set[int]):
    applied, skipped = [], []
    for idx, edits in plan.items():
        block = report.document.blocks[idx]
        for s, e, new, code in edits:
            rec = Applied(code, block, s, block.text[s:e], new)
            (applied if idx in ok_blocks else skipped).append(rec)
    return applied, skipped


def _fix_txt(report, plan):
    doc = report.document
    enc = doc.encoding or "utf-8"
    text = doc.raw.decode(enc)
    lines = text.splitlines(keepends=True)
    done = set()
    for idx, edits in plan.items():
        block = doc.blocks[idx]
        i = block.line - 1
        body = lines[i].rstrip("\r\n")
        ending = lines[i][len(body):]
        if not body.startswith(block.text):
            continue
        lines[i] = _apply_text(block.text, edits) + body[len(block.text):] + ending
        done.add(idx)
    out = "".join(lines)
    data = out.encode(enc)
    applied, skipped = _records(report, plan, done)
    return data, applied, skipped


def _fix_md(report, plan):
    doc = report.document
    enc = doc.encoding or "utf-8"
    lines = doc.raw.decode(enc).splitlines(keepends=True)
    applied, skipped = [], []
    for idx, edits in plan.items():
        block = doc.blocks[idx]
        i = block.line - 1
        if not 0 <= i < len(lines):
            continue
        line = lines[i]
        if block.text and line.count(block.text) == 1:  # the paragraph is on the line as typed
            lines[i] = line.replace(block.text, _apply_text(block.text, edits))
            applied += [Applied(code, block, s, block.text[s:e], new) for s, e, new, code in edits]
            continue
        for s, e, new, code in sorted(edits, key=lambda x: x[0], reverse=True):
            before, old, after = block.text[max(0, s - 4):s], block.text[s:e], block.text[e:e + 4]
            needle = before + old + after
            rec = Applied(code, block, s, old, new)
            if needle and line.count(needle) == 1:
                line = line.replace(needle, before + new + after)
                applied.append(rec)
            else:
                skipped.append(rec)
        lines[i] = line
    return "".join(lines).encode(enc), applied, skipped


def _edit_paragraph(p, label_len: int, expected: str, edits) -> bool:
    """Apply edits (offsets in the block text, label included) to the paragraph's w:t
    texts. Edits go from the last to the first, so an edit never moves the text that an
    earlier one still has to find: original segment offsets stay valid throughout."""
    segs = paragraph_segments(p)
    if "".join(t for _e, t in segs) != expected[label_len:]:
        return False  # e.g. text merged from a paragraph whose mark was deleted
    bounds = []
    pos = 0
    for _el, t in segs:
        bounds.append((pos, pos + len(t)))
        pos += len(t)
    current = [t for _el, t in segs]
    for s, e, new, _code in sorted(edits, key=lambda x: x[0], reverse=True):
        s, e = s - label_len, e - label_len
        if s < 0:
            return False  # inside an automatic numbering label, which is not text
        if s < e:
            targets = [k for k, (a, b) in enumerate(bounds) if a < e and s < b]
        else:
            targets = [next((k for k, (a, b) in enumerate(bounds) if a <= s <= b and segs[k][0] is not None), None)]
            if targets[0] is None:
                return False
        if not targets or any(segs[k][0] is None for k in targets):
            return False  # a tab or line break inside the span
        for j, k in enumerate(targets):
            a, b = bounds[k]
            ls, le = max(s - a, 0), min(e, b) - a
            current[k] = current[k][:ls] + (new if j == 0 else "") + current[k][le:]
    for (el, old), new_text in zip(segs, current):
        if el is not None and old != new_text:
            el.text = new_text
            el.set(XML_SPACE, "preserve")
    return True


def _fix_docx(report, plan):
    doc = report.document
    done = set()
    for idx, edits in plan.items():
        block = doc.blocks[idx]
        if block.element is None:
            continue
        if _edit_paragraph(block.element, len(block.label), block.text, edits):
            done.add(idx)
    root = doc.parts["document"]
    main = doc.parts["main"]
    new_main = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    src = zipfile.ZipFile(io.BytesIO(doc.raw))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = new_main if info.filename == main else src.read(info.filename)
            out.writestr(info, data)
    applied, skipped = _records(report, plan, done)
    return buf.getvalue(), applied, skipped

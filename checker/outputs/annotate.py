"""An annotated copy of a DOCX: a Word comment at each finding.

The comments are written straight into the package through checker.ooxml (no second
reader of the input): word/comments.xml is added or extended (existing comments kept,
ids never reused), with its relationship and content type. A finding with a span is
anchored on exactly that text, runs split at the span's edges as needed, also inside
hyperlinks, fields, content controls and tracked insertions; a finding about a whole
paragraph (or a span that cannot be mapped, such as a numbering label) is anchored on
the paragraph; findings about the whole document on the first paragraph with text.
Work is linear in the number of findings. The input bytes are never modified."""
from __future__ import annotations

import posixpath
import re
from datetime import datetime, timezone

from lxml import etree

from ..engine import Report
from ..errors import FzbgError
from ..ooxml import (CT, CT_COMMENTS, PKG_REL, PKG_REL_NS, REL_COMMENTS, W, W_NS, Package,
                     RunMap, block_paragraphs, rels_name, resolve_target, serialize)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def comment_text(finding) -> str:
    text = f"[{finding.code}] {finding.message}"
    if finding.fix:
        text += f" 建议：{finding.fix}"
    return _NOT_XML.sub("\ufffd", text)


def annotate_docx(report: Report, author: str = "fzbg") -> bytes:
    """The bytes of a copy of the report's .docx with one comment per finding."""
    doc = report.document
    if doc.format != "docx" or doc.raw is None:
        raise FzbgError(f"{doc.path}：只有 .docx 文件可以生成带批注的副本")
    pkg = Package(doc.raw, doc.path)
    groups = block_paragraphs(pkg.body)
    comments = _Comments(pkg, author)

    fallback = next((i for i, b in enumerate(doc.blocks) if b.text.strip() and i < len(groups)),
                    0 if groups else None)
    per_block: dict[int, list] = {}
    for f in report.findings:
        idx = f.location.paragraph
        if idx is None or idx >= len(groups):
            idx = fallback
        if idx is None:
            continue  # a document without any paragraph: nothing to anchor on
        per_block.setdefault(idx, []).append(f)

    for idx, findings in per_block.items():
        paragraphs = groups[idx]
        runmap = RunMap(paragraphs)
        block = doc.blocks[idx] if idx < len(doc.blocks) else None
        mapped = block is not None and runmap.text == block.text[len(block.label):]
        spans = []
        for f in findings:
            span = None
            if mapped and f.location.paragraph == idx:
                span = _span(f.location.start, f.location.end, len(block.label), len(runmap.text))
            spans.append((f, span))
        runmap = runmap.split(x for _f, sp in spans if sp for x in sp)
        field_ends = _field_ends(paragraphs)
        for f, span in spans:
            cid = comments.add(comment_text(f))
            runs = runmap.runs(*span) if span else []
            if runs:
                _mark_runs(runs[0], runs[-1], cid, field_ends)
            else:
                _mark_paragraphs(paragraphs, cid)

    replaced = {pkg.main: serialize(pkg.document)}
    replaced.update(comments.parts())
    data = pkg.build(replaced)
    expected = [RunMap(g).text for g in groups]
    if [RunMap(g).text for g in block_paragraphs(Package(data, doc.path).body)] != expected:
        raise FzbgError(f"{doc.path}：带批注的副本未通过校验，未写入任何文件。")
    return data


def _span(start, end, label_len: int, length: int):
    """The finding's span in run-map offsets, or None (label only, or unknown)."""
    if start is None or end is None:
        return None
    s, e = max(start - label_len, 0), min(end - label_len, length)
    if e <= s:  # an empty span (a place, not text): the character at it, or the one before
        if end - label_len < 0:
            return None
        s = min(max(start - label_len, 0), length - 1)
        e = s + 1
    return (s, e) if 0 <= s < e <= length else None


def _marker(tag: str, cid: int):
    el = etree.Element(W + tag, nsmap={"w": W_NS})
    el.set(W + "id", str(cid))
    return el


def _reference(cid: int):
    run = etree.Element(W + "r", nsmap={"w": W_NS})
    run.append(_marker("commentReference", cid))
    return run


def _field_ends(paragraphs) -> dict:
    """For each child of the paragraphs inside a complex field (between its begin and end
    w:fldChar), the run holding the end of the outermost field: one pass from the end."""
    out: dict = {}
    for p in paragraphs:
        stack: list = []
        for child in reversed(p):
            kinds = [c.get(W + "fldCharType") for c in child.iter(W + "fldChar")] if child.tag == W + "r" else []
            if "end" in kinds:
                stack.append(child)
            elif stack:
                out[child] = stack[0]
            if "begin" in kinds and stack:
                stack.pop()
    return out


def _mark_runs(first, last, cid: int, field_ends: dict) -> None:
    first.addprevious(_marker("commentRangeStart", cid))
    end = _marker("commentRangeEnd", cid)
    last.addnext(end)
    # The reference mark goes after the hyperlink / content control / tracked insertion
    # / field that holds the last run, so it is neither a link, nor part of a revision,
    # nor lost when the field is updated.
    outer = last
    while outer.getparent() is not None and outer.getparent().tag != W + "p":
        outer = outer.getparent()
    if outer in field_ends:
        outer = field_ends[outer]
    (end if outer is last else outer).addnext(_reference(cid))


def _mark_paragraphs(paragraphs, cid: int) -> None:
    first, last = paragraphs[0], paragraphs[-1]
    start = _marker("commentRangeStart", cid)
    ppr = first.find(W + "pPr")
    if ppr is not None:
        ppr.addnext(start)
    else:
        first.insert(0, start)
    last.append(_marker("commentRangeEnd", cid))
    last.append(_reference(cid))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class _Comments:
    """word/comments.xml (existing or new), its relationship and content type."""

    def __init__(self, pkg: Package, author: str):
        self.pkg = pkg
        self.author = author
        self.initials = author[:2]
        self.date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.rels_name = rels_name(pkg.main)
        self.rels = pkg.xml(self.rels_name)
        self.rels_changed = self.rels is None
        if self.rels is None:
            self.rels = etree.Element(PKG_REL + "Relationships", nsmap={None: PKG_REL_NS})
        self.name, self.root = self._find_part()
        ids = [_int(c.get(W + "id")) for c in self.root.iter(W + "comment")]
        ids += [_int(m.get(W + "id")) for tag in ("commentRangeStart", "commentRangeEnd", "commentReference")
                for m in pkg.document.iter(W + tag)]
        self.next_id = max(ids, default=-1) + 1

    def _find_part(self):
        broken = None
        for rel in self.rels.iter(PKG_REL + "Relationship"):
            if rel.get("Type") != REL_COMMENTS:
                continue
            name = None if rel.get("TargetMode") == "External" else resolve_target(self.pkg.main, rel.get("Target", ""))
            if name and name in self.pkg.names:
                root = self.pkg.xml(name)
                if root is not None and root.tag == W + "comments":
                    return name, root
            broken = rel  # points outside the package or to nothing usable: repointed below
        name = posixpath.join(posixpath.dirname(self.pkg.main), "comments.xml")
        n = 1
        while name in self.pkg.names:
            name = posixpath.join(posixpath.dirname(self.pkg.main), f"comments{n}.xml")
            n += 1
        target = posixpath.relpath(name, posixpath.dirname(self.pkg.main) or ".")
        rel = broken
        if rel is None:
            taken = {r.get("Id") for r in self.rels.iter(PKG_REL + "Relationship")}
            rid = next(f"rId{k}" for k in range(1, len(taken) + 2) if f"rId{k}" not in taken)
            rel = etree.SubElement(self.rels, PKG_REL + "Relationship", Id=rid, Type=REL_COMMENTS)
        rel.set("Target", target)
        rel.attrib.pop("TargetMode", None)
        self.rels_changed = True
        self.new_part = True
        return name, etree.Element(W + "comments", nsmap={"w": W_NS})

    def add(self, text: str) -> int:
        cid = self.next_id
        self.next_id += 1
        c = etree.SubElement(self.root, W + "comment")
        c.set(W + "id", str(cid))
        c.set(W + "author", self.author)
        c.set(W + "date", self.date)
        c.set(W + "initials", self.initials)
        for i, line in enumerate(text.split("\n")):
            p = etree.SubElement(c, W + "p")
            if i == 0:
                etree.SubElement(etree.SubElement(p, W + "r"), W + "annotationRef")
            t = etree.SubElement(etree.SubElement(p, W + "r"), W + "t")
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return cid

    def parts(self) -> dict[str, bytes]:
        out = {self.name: serialize(self.root)}
        if self.rels_changed:
            out[self.rels_name] = serialize(self.rels)
        if getattr(self, "new_part", False):
            out.update(self._content_types())
        return out

    def _content_types(self) -> dict[str, bytes]:
        name = "[Content_Types].xml"
        root = self.pkg.xml(name)
        if root is None:
            raise FzbgError(f"{self.pkg.path}：压缩包中没有 [Content_Types].xml，无法添加批注。")
        part = "/" + self.name
        if not any(o.get("PartName", "").lower() == part.lower() for o in root.iter(CT + "Override")):
            o = etree.SubElement(root, CT + "Override")
            o.set("PartName", part)
            o.set("ContentType", CT_COMMENTS)
        return {name: serialize(root)}

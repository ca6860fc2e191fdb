"""Apply the certain fixes of a Report to a copy of the draft.

.txt: line by line in the original encoding and line endings; .md: an edit is applied
where its text (with a little context) is found on the source line; .docx: through
the run map of checker.ooxml, only the characters that change are edited, runs split at
their edges, so no untouched character changes formatting; the new package is re-read
and checked before it is returned. The input file is never written unless the caller
asks for it (fzbg fix --in-place), and then only by replacing it atomically."""
from __future__ import annotations

import copy
from dataclasses import dataclass

from .engine import Report, rules
from .errors import FzbgError
from .model import Block
from .ooxml import Package, RunMap, block_paragraphs, drop_segment, serialize, set_text


@dataclass
class Applied:
    code: str
    block: Block
    start: int
    old: str
    new: str


def fixable_codes() -> set[str]:
    """The codes of the rules that declare their edits certain (Rule.fixable)."""
    return {code for code, rule in rules().items() if rule.fixable}


def planned_edits(report: Report, codes: set[str] | None = None):
    """Per block index: non-overlapping (start, end, new, code), in order; only the
    edits of fixable rules (of those in codes, when given)."""
    fixable = fixable_codes()
    per_block: dict[int, list[tuple[int, int, str, str]]] = {}
    for f in report.findings:
        if not f.edits or f.location.paragraph is None or f.code not in fixable:
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


def _minimal(text: str, s: int, e: int, new: str) -> tuple[int, int, str]:
    """The edit reduced to the characters that really change: a rule may replace a span
    with context around the change ("23 个" -> "23个"); that context keeps its runs."""
    old = text[s:e]
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    q = 0
    while q < min(len(old), len(new)) - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
        q += 1
    return s + p, e - q, new[p:len(new) - q]


def _edit_block(paragraphs, label_len: int, expected: str, edits) -> bool:
    """Apply edits (offsets in the block text, label included) to the block's w:t texts.
    Runs are split at the edges of each change, so the changed characters keep the
    formatting they had and no other character changes run. All or nothing: on any
    doubt the paragraphs are restored and False is returned."""
    runmap = RunMap(paragraphs)
    if runmap.text != expected[label_len:]:
        return False  # the reader and the run map disagree: do not guess
    small = []
    for s, e, new, _code in edits:
        if s < label_len:
            return False  # inside an automatic numbering label, which is not text
        s, e, new = _minimal(runmap.text, s - label_len, e - label_len, new)
        if s < e or new:
            small.append((s, e, new))
    if not small:
        return True
    wanted = runmap.text
    for s, e, new in sorted(small, reverse=True):
        wanted = wanted[:s] + new + wanted[e:]
    backup = [(p, copy.deepcopy(p)) for p in paragraphs]
    runmap = runmap.split(x for s, e, _n in small for x in (s, e))
    ok = all(_apply(runmap, s, e, new) for s, e, new in sorted(small, key=lambda x: (x[0], x[1]), reverse=True))
    if ok and RunMap(paragraphs).text == wanted:
        return True
    for i, (p, saved) in enumerate(backup):
        p.getparent().replace(p, saved)
        paragraphs[i] = saved
    return False


def _apply(runmap: RunMap, s: int, e: int, new: str) -> bool:
    segs = runmap.covered(s, e)
    if s == e:  # an insertion joins the text before it (or the text after it at the start)
        before = [g for g in runmap.segments if g.end == s and g.end > g.start]
        after = [g for g in runmap.segments if g.start == s and g.end > g.start]
        if before and before[-1].is_text and before[-1].run is not None:
            set_text(before[-1], before[-1].el.text + new)
            return True
        if after and after[0].is_text and after[0].run is not None:
            set_text(after[0], new + after[0].el.text)
            return True
        return False
    if not segs or any(not g.is_text or g.run is None for g in segs):
        return False  # a tab, a line break or an unusual element inside the change
    if len(new) == e - s:  # same length: every character stays in its own run
        for g in segs:
            set_text(g, new[g.start - s:g.end - s])
        return True
    set_text(segs[0], new)
    for g in segs[1:]:
        drop_segment(g)
    return True


def _fix_docx(report, plan):
    doc = report.document
    pkg = Package(doc.raw, doc.path)
    groups = block_paragraphs(pkg.body)
    done = set()
    for idx, edits in plan.items():
        block = doc.blocks[idx]
        if idx < len(groups) and _edit_block(groups[idx], len(block.label), block.text, edits):
            done.add(idx)
    data = pkg.build({pkg.main: serialize(pkg.document)})
    expected = [RunMap(g).text for g in groups]
    if [RunMap(g).text for g in block_paragraphs(Package(data, doc.path).body)] != expected:
        raise FzbgError(f"{doc.path}：修改后的副本未通过校验，未写入任何文件。")
    applied, skipped = _records(report, plan, done)
    return data, applied, skipped

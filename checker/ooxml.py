"""The one OOXML module: namespaces, safe parsing, the paragraph walk, the package, the run map.

The .docx reader walks paragraphs with ``paragraph_groups`` and ``segments`` from here;
``fzbg fix`` and ``--annotate`` change a copy of a .docx through the same functions, never
by re-opening the input with another library, so offsets agree by construction:

- ``parse_xml`` parses with entities, DTD loading and the network off, and a bounded
  depth; ``xml_int`` reads a number attribute tolerantly (None when malformed).

- ``parse_part`` parses a part with entities, DTD loading and the network off, and refuses
  a part whose DOCTYPE declares entities (writing such a part back would leave ``&name;``
  references without their declaration: a corrupt file).
- ``Package`` reads the zip once, finds the main part, and ``Package.build`` writes a new
  package: every member copied (a damaged member is refused with a message, never a
  traceback), replaced parts swapped in, the result re-read and checked before anyone
  writes it to disk.
- ``block_paragraphs`` lists the w:p elements of each Block in the reader's order (body
  paragraphs, table cells, content controls, tracked insertions; a paragraph whose mark
  was deleted joins the next one), so ``Block.index`` addresses them.
- ``RunMap`` maps text offsets of a block to its w:t elements and their w:r runs, also
  inside hyperlinks, simple and complex fields, content controls, smart tags and tracked
  insertions; ``RunMap.split`` cuts runs at span boundaries (copying w:rPr), so that an
  edit or a comment covers exactly the span and nothing around it.
"""
from __future__ import annotations

import bisect
import copy
import io
import lzma
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from .errors import InputError
from .limits import limits, mb

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
PKG_REL = "{%s}" % PKG_REL_NS
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CT = "{%s}" % CT_NS
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True,
                          huge_tree=False,  # also bounds nesting depth (libxml2: 256 levels)
                          load_dtd=False, dtd_validation=False, remove_blank_text=False)
_INT = re.compile(r"[+-]?[0-9]{1,12}")

_BROKEN_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                  NotImplementedError, RuntimeError)

# Subtrees whose text is not part of the accepted paragraph text.
SKIP = {
    W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "instrText", W + "delText",
    W + "delInstrText", W + "txbxContent", MC + "Fallback", W + "footnoteReference",
    W + "endnoteReference", W + "commentReference",
}


def parse_xml(data: bytes):
    """Parse XML bytes safely (no entities, no network, bounded depth); lxml errors pass."""
    return etree.fromstring(data, parser=_PARSER)


def xml_int(value, low: int | None = None, high: int | None = None) -> int | None:
    """A WordprocessingML number attribute ("240", "-5") as an int, or None when it is
    missing, not an ASCII integer ("abc", "²", "1e9", 5000 digits) or outside
    [low, high]. Every reader and rule parses attribute numbers through this, so a
    malformed value is ignored, as Word ignores it, instead of raising."""
    if value is None:
        return None
    match = _INT.fullmatch(value.strip())
    if match is None:
        return None
    number = int(match.group(0))
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def parse_part(data: bytes, name: str, path: str):
    """Parse one XML part safely. A DOCTYPE declaring entities is refused (InputError):
    the references cannot be resolved safely, and writing the part back without them
    would corrupt it."""
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(path, f"文档部件 {name} 不是有效的 XML（{exc.__class__.__name__}），文件可能已损坏。")
    dtd = root.getroottree().docinfo.internalDTD
    has_entities = dtd is not None and next(iter(dtd.iterentities()), None) is not None
    if has_entities or next(root.iter(etree.Entity), None) is not None:
        raise InputError(path, f"文档部件 {name} 含有 DTD 实体声明（<!DOCTYPE … [<!ENTITY …>]>），"
                               "Word 不会写出这样的文件，fzbg 不修改它。请在 Word/WPS 中打开并另存为 .docx 后再试。")
    return root


def serialize(root) -> bytes:
    """The part's bytes: UTF-8 with declaration; a DOCTYPE without declarations is kept."""
    tree = root.getroottree()
    target = tree if tree.docinfo.doctype else root
    return etree.tostring(target, xml_declaration=True, encoding="UTF-8", standalone=True)


def resolve_target(source_part: str, target: str) -> str | None:
    """The part name a relationship target points to, or None when outside the package."""
    if target.startswith("/"):
        name = posixpath.normpath(target.lstrip("/"))
    else:
        folder = posixpath.dirname(source_part)
        name = posixpath.normpath(posixpath.join(folder, target))
    if name.startswith("../") or name == ".." or name.startswith("/"):
        return None
    return name


def main_part(package_rels) -> str:
    """The main document part named by the package relationships (_rels/.rels, parsed;
    None when absent): "word/document.xml" unless the officeDocument relationship says
    otherwise ("/word/document.xml", "./word/document.xml", "word/main.xml" ...)."""
    if package_rels is not None:
        for rel in package_rels.iter(PKG_REL + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
                name = resolve_target("", rel.get("Target"))
                if name:
                    return name
    return "word/document.xml"


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


class Package:
    """A .docx opened for writing a changed copy. The input bytes are never modified."""

    def __init__(self, raw: bytes, path: str):
        self.path = path
        self.zip = open_zip(raw, path)  # the reader's limits: member count, sizes, ratios
        self.infos = self.zip.infolist()
        self.names = {i.filename for i in self.infos}
        self.main = self._main_part()
        if self.main not in self.names:
            raise InputError(path, f"压缩包中没有 Word 正文（{self.main}），不是有效的 .docx 文档。")
        self.document = self.xml(self.main)
        self.body = self.document.find(W + "body")
        if self.body is None:
            raise InputError(path, "Word 文档没有正文（w:body），文件可能已损坏。")

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        try:
            return self.zip.read(name)
        except _BROKEN_MEMBER:
            raise InputError(self.path, f"文档部件 {name} 已损坏（无法解压或校验失败），fzbg 不能写出完整的副本。"
                                        "请在 Word/WPS 中打开并另存为 .docx 后再试。")

    def xml(self, name: str):
        data = self.read(name)
        return None if data is None else parse_part(data, name, self.path)

    def _main_part(self) -> str:
        return main_part(self.xml("_rels/.rels"))

    def build(self, replaced: dict[str, bytes]) -> bytes:
        """A new package: the members copied in order, those in ``replaced`` swapped in
        (new names appended). The result is re-read (every member decompressed and its
        CRC checked, every replaced part parsed) before it is returned."""
        buf = io.BytesIO()
        seen: set[str] = set()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                if info.filename in seen:
                    continue  # a duplicate entry: the reader sees one of them only
                seen.add(info.filename)
                data = replaced[info.filename] if info.filename in replaced else self.read(info.filename)
                clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                clone.compress_type = zipfile.ZIP_STORED if info.compress_type == zipfile.ZIP_STORED \
                    else zipfile.ZIP_DEFLATED
                clone.external_attr = info.external_attr
                out.writestr(clone, data)
            for name, data in replaced.items():
                if name not in seen:
                    out.writestr(name, data)
        result = buf.getvalue()
        self.verify(result, replaced)
        return result

    def verify(self, data: bytes, replaced: dict[str, bytes]) -> None:
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            bad = zf.testzip()
            for name in replaced:
                parse_part(zf.read(name), name, self.path)
        except (InputError, *_BROKEN_MEMBER) as exc:
            raise InputError(self.path, f"写出的副本未通过校验（{exc}），未写入任何文件。")
        if bad is not None:
            raise InputError(self.path, f"写出的副本中 {bad} 校验失败，未写入任何文件。")


def mark_deleted(p) -> bool:
    """True when the paragraph's mark is a tracked deletion (it joins the next paragraph)."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        return False
    rpr = ppr.find(W + "rPr")
    return rpr is not None and (rpr.find(W + "del") is not None or rpr.find(W + "moveFrom") is not None)


def row_of(tr, tbl) -> bool:
    """True when tr belongs to tbl directly (possibly through sdt/customXml wrappers)."""
    parent = tr.getparent()
    while parent is not None and parent is not tbl:
        if parent.tag == W + "tbl":
            return False
        parent = parent.getparent()
    return parent is tbl


def textboxes(p) -> list:
    """The w:txbxContent elements anchored in paragraph p, in document order, each once:
    of an mc:AlternateContent only the Choice counts (its Fallback repeats the same text
    as VML); a text box inside a text box is listed by the walk of its own container."""
    out: list = []

    def walk(el):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == MC + "Fallback":
                continue
            if tag == W + "txbxContent":
                out.append(child)
            elif tag != W + "p":
                walk(child)

    walk(p)
    return out


@dataclass(frozen=True, slots=True)
class Where:
    """Where a paragraph group sits: table ordinal / row / cell, and whether in a text box."""
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    textbox: bool = False


def paragraph_groups(container) -> list[tuple[list, Where]]:
    """The w:p elements of each block, in reading order, with where they sit (index =
    Block.index): body paragraphs, table cells, content controls, tracked insertions,
    and the paragraphs of text boxes (placed before the paragraph that anchors them). A
    paragraph whose mark is deleted joins the next group, as in the accepted view; a
    group of such paragraphs left at the end stands alone. The reader builds its blocks
    from these groups; fix and annotate address the same paragraphs."""
    groups: list[tuple[list, Where]] = []
    pending: list = []
    tables = [0]

    def add(p, where):
        for box in textboxes(p):
            walk(box, Where(where.table, where.row, where.cell, True))
        if mark_deleted(p):
            if any(t for _s, t in segments(p)):
                pending.append(p)
            return
        groups.append((pending + [p], where))
        pending.clear()

    def walk(el_container, where):
        for el in el_container:
            tag = el.tag
            if tag == W + "p":
                add(el, where)
            elif tag == W + "tbl":
                walk_table(el, where.textbox)
            elif tag == W + "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    walk(content, where)
            elif tag in (W + "customXml", W + "ins", W + "moveTo", W + "smartTag"):
                walk(el, where)
            elif tag == MC + "AlternateContent":
                choice = el.find(MC + "Choice")
                if choice is not None:
                    walk(choice, where)

    def walk_table(tbl, textbox):
        t = tables[0]
        tables[0] += 1
        r = 0
        for tr in tbl.iter(W + "tr"):
            if not row_of(tr, tbl):
                continue
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue  # deleted row
            c = 0
            for tc in tr:
                cells = [tc] if tc.tag == W + "tc" else []
                if tc.tag == W + "sdt":
                    content = tc.find(W + "sdtContent")
                    cells = [x for x in (content if content is not None else []) if x.tag == W + "tc"]
                for cell in cells:
                    walk(cell, Where(t, r, c, textbox))
                    c += 1
            r += 1

    walk(container, Where())
    if pending:
        groups.append((list(pending), Where()))
    return groups


def block_paragraphs(body) -> list[list]:
    """The w:p elements of each block, in the reader's order (index = Block.index)."""
    return [ps for ps, _where in paragraph_groups(body)]


def sym_char(code: str | None) -> str | None:
    """The character of a w:sym (hex code point), None when it is not a valid one."""
    if not code or len(code) > 8:
        return None
    try:
        n = int(code, 16)
    except ValueError:
        return None
    if not 0 < n <= 0x10FFFF or 0xD800 <= n <= 0xDFFF:
        return None
    return chr(n)


def segments(p) -> list[tuple[object, str]]:
    """The paragraph's accepted text as (element, text) in reading order: a w:t with its
    text, or the w:tab / w:br / w:sym element standing for one character. Deleted text,
    field codes, note and comment references, and text boxes (read as blocks of their
    own) are not the paragraph's text. The reader joins the texts; fix and annotate
    edit the same elements at the same offsets."""
    out: list[tuple[object, str]] = []

    def walk(el):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP:
                continue
            if tag == W + "t":
                out.append((child, child.text or ""))
            elif tag == W + "tab" or tag == W + "ptab":
                out.append((child, "\t"))
            elif tag == W + "br" or tag == W + "cr":
                if child.get(W + "type") not in ("page", "column"):
                    out.append((child, "\n"))
            elif tag == W + "noBreakHyphen":
                out.append((child, "-"))
            elif tag == W + "sym":
                char = sym_char(child.get(W + "char"))
                if char:
                    out.append((child, char))
            elif tag == W + "p":
                continue  # nested paragraphs (text boxes) are not this paragraph's text
            else:
                walk(child)

    walk(p)
    return out


@dataclass
class Segment:
    start: int
    end: int
    el: object  # w:t, or the element of a tab / break / symbol
    run: object  # the w:r holding el directly, None when unusual (e.g. inside mc:Choice)

    @property
    def is_text(self) -> bool:
        return self.el.tag == W + "t"


class RunMap:
    """Text offsets of one block (label excluded) <-> its source elements."""

    def __init__(self, paragraphs: list):
        self.paragraphs = paragraphs
        self.segments: list[Segment] = []
        pos = 0
        parts = []
        for p in paragraphs:
            for el, text in segments(p):
                parent = el.getparent()
                run = parent if parent is not None and parent.tag == W + "r" else None
                self.segments.append(Segment(pos, pos + len(text), el, run))
                parts.append(text)
                pos += len(text)
        self.text = "".join(parts)
        self._starts = [s.start for s in self.segments]

    def split(self, positions) -> "RunMap":
        """Cut runs so that every position is a run boundary (w:rPr copied to the new
        run, w:t split in two); returns the new map. Positions that fall inside an
        element standing for one character, or in an unusual run, are left alone."""
        for pos in sorted(set(positions), reverse=True):
            if pos <= 0 or pos >= len(self.text):
                continue
            i = bisect.bisect_right(self._starts, pos) - 1
            seg = self.segments[i]
            if seg.run is None:
                continue
            if pos == seg.start:
                _split_run_before(seg.run, seg.el)
            elif seg.is_text:
                cut = pos - seg.start
                tail = seg.el.makeelement(W + "t", {})
                tail.text = seg.el.text[cut:]
                seg.el.text = seg.el.text[:cut]
                _preserve(seg.el)
                _preserve(tail)
                seg.el.addnext(tail)
                _split_run_before(seg.run, tail)
        return RunMap(self.paragraphs)

    def covered(self, start: int, end: int) -> list[Segment]:
        """Segments lying inside [start, end) (after ``split`` at start and end these
        are exactly the span)."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.segments) and self.segments[i].end <= end:
            seg = self.segments[i]
            if seg.end > seg.start:
                out.append(seg)
            i += 1
        return out

    def runs(self, start: int, end: int) -> list:
        """The distinct w:r elements holding the span, in order."""
        out = []
        for seg in self.covered(start, end):
            if seg.run is not None and (not out or out[-1] is not seg.run):
                out.append(seg.run)
        return out


def _preserve(t) -> None:
    t.set(XML_SPACE, "preserve")


def _split_run_before(run, child) -> None:
    """Move ``child`` (a direct child of ``run``) and everything after it into a new run
    placed right after ``run``, with a copy of its w:rPr. Nothing happens when no content
    precedes ``child``."""
    if child.getparent() is not run:
        return
    idx = run.index(child)
    if all(c.tag == W + "rPr" for c in run[:idx]):
        return
    new = run.makeelement(run.tag, run.attrib)
    rpr = run.find(W + "rPr")
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    moving = list(run)[idx:]
    run.addnext(new)
    for c in moving:
        new.append(c)


def drop_segment(seg: Segment) -> None:
    """Remove a w:t (and its run when nothing else is left in it)."""
    run = seg.run
    run.remove(seg.el)
    if all(c.tag == W + "rPr" for c in run):
        run.getparent().remove(run)


def set_text(seg: Segment, text: str) -> None:
    seg.el.text = text
    _preserve(seg.el)


# ------------------------------------------------------------ reading a package within limits

_CORRUPT = "文件已损坏或不完整（不是有效的 .docx 压缩包），可能是下载或复制中断。请在 Word/WPS 中重新打开并另存为 .docx。"
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_CENTRAL = b"PK\x01\x02"
_CENTRAL_ENTRY = 46  # fixed bytes of a central directory entry


def _central_directory(data: bytes) -> tuple[int, int, int] | None:
    """(entries, size, offset) as the End Of Central Directory record declares them
    (its zip64 form when present), or None when there is no such record. Read before
    zipfile parses the directory, whose cost grows with the entries (1M: 700 MB)."""
    pos = data.rfind(_EOCD, max(0, len(data) - 22 - 65535))
    if pos < 0 or len(data) < pos + 22:
        return None
    _sig, _disk, _cd_disk, _n_disk, entries, size, offset, _clen = struct.unpack("<4s4H2LH", data[pos:pos + 22])
    loc = pos - 20
    if loc >= 0 and data[loc:loc + 4] == _ZIP64_LOCATOR:
        (rec,) = struct.unpack("<Q", data[loc + 8:loc + 16])
        if data[rec:rec + 4] == b"PK\x06\x06" and len(data) >= rec + 56:
            entries, size, offset = struct.unpack("<QQQ", data[rec + 32:rec + 56])
            return entries, size, offset
    return entries, size, pos - size


def _count_entries(data: bytes, start: int, size: int, stop: int) -> int:
    """Central directory entries in data[start:start+size], counting at most stop."""
    n = 0
    pos = start
    end = min(start + size, len(data))
    while pos + _CENTRAL_ENTRY <= end and n < stop and data[pos:pos + 4] == _CENTRAL:
        name_len, extra_len, comment_len = struct.unpack("<3H", data[pos + 28:pos + 34])
        pos += _CENTRAL_ENTRY + name_len + extra_len + comment_len
        n += 1
    return n


def _check_member_count(data: bytes, path: str, max_members: int) -> None:
    cd = _central_directory(data)
    if cd is None:
        return  # zipfile reports the damage
    entries, size, offset = cd
    many = entries > max_members
    if not many and size > _CENTRAL_ENTRY * max_members:
        # the declared count may lie: count the entries zipfile would parse (it reads
        # `size` bytes), stopping past the limit
        start = offset if 0 <= offset < len(data) and data[offset:offset + 4] == _CENTRAL else len(data) - size
        many = _count_entries(data, max(start, 0), size, max_members + 1) > max_members
    if many:
        raise InputError(path, f"压缩包内文件过多（超过 {max_members} 个），不像正常的 Word 文档，已拒绝读取。")


def open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    """The zip of a .docx (a draft or a template), refused with an InputError naming the
    file when it is damaged or its member count, total size, part sizes or ratios pass
    the reading limits (checker/limits.py)."""
    lim = limits()
    _check_member_count(data, path, lim.max_members)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, struct.error):
        raise InputError(path, _CORRUPT)
    infos = zf.infolist()
    if len(infos) > lim.max_members:
        raise InputError(path, f"压缩包内文件过多（{len(infos)} 个，上限 {lim.max_members} 个），不像正常的 Word 文档，已拒绝读取。")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > lim.max_part and info.filename.lower().endswith((".xml", ".rels")):
            raise InputError(path, f"文档部件 {info.filename} 过大（解压后 {mb(info.file_size)}，上限 {mb(lim.max_part)}），已拒绝读取。")
        _check_ratio(info, path, lim.max_ratio)
    if total > lim.max_unzipped:
        raise InputError(path, f"文档解压后过大（{mb(total)}，上限 {mb(lim.max_unzipped)}），已拒绝读取。")
    return zf


def _check_ratio(info: zipfile.ZipInfo, path: str, max_ratio: int) -> None:
    if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
        raise InputError(path, f"文档部件 {info.filename} 压缩比异常（疑似压缩炸弹），已拒绝读取。")


def read_member(zf: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    """One part's bytes (None when absent), its declared size checked first whatever its
    name (the main part may be "word/document.XML" or have no .xml suffix at all)."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    lim = limits()
    if info.file_size > lim.max_part:
        raise InputError(path, f"文档部件 {name} 过大（解压后 {mb(info.file_size)}，上限 {mb(lim.max_part)}），已拒绝读取。")
    _check_ratio(info, path, lim.max_ratio)
    try:
        return zf.read(info)
    except NotImplementedError:  # a compression method zipfile lacks (a RuntimeError: first)
        raise InputError(path, f"文档部件 {name} 使用了不支持的压缩方式，不是 Word/WPS 保存的 .docx。请在 Word/WPS 中重新打开并另存为 .docx。")
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise InputError(path, f"文档部件 {name} 已加密（压缩包设置了密码），无法读取。请在 Word/WPS 中打开后另存为不加密的 .docx。")
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, struct.error):
        raise InputError(path, f"文档部件 {name} 已损坏（文件可能被截断），请在 Word/WPS 中重新打开并另存为 .docx。")

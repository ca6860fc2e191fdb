"""Read a .docx straight from its XML (zipfile + lxml), in reading order.

python-docx is not used here: its Document() costs 10-30 ms and ``paragraph.style``
about 0.5 ms a paragraph, and it does not render numbering or accept tracked changes.
What this reader does:
- body order including tables (and content controls / customXml wrappers);
- Word automatic numbering rendered to labels ("一、", "（一）", "1.");
- heading level from outlineLvl or heading styles (following basedOn);
- tracked changes as the accepted view (w:ins kept, w:del / w:moveFrom dropped,
  a deleted paragraph mark merges the paragraph into the next one);
- text in hyperlinks, smart tags, content controls and field results kept; field
  codes, comments and footnotes are not body text; headers and footers separately.
"""
from __future__ import annotations

import io
import posixpath
import lzma
import re
import struct
import zipfile
import zlib

from ..errors import InputError
from ..model import Block, Comment, Document, ParagraphFormat, Revision, Section, Span, Story
from ..ooxml import (main_part, open_zip, read_member, PKG_REL, R_NS, W, W_NS, mark_deleted, paragraph_groups, parse_xml, resolve_target,
                     segments, xml_int)
from ..limits import MAX_XML_DEPTH, limits, mb
from .numbering import Numbering

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R_ID = "{%s}id" % R_NS

MAX_STYLE_CHAIN = 64  # basedOn links followed from one style (Word's chains are a few deep)
MAX_FONT_HALF_POINTS = 3276  # Word's largest font size, 1638 pt
MAX_TWIPS = 31680  # 22 inches, Word's largest page side; a larger or malformed value is ignored

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


_STYLE_ID = re.compile(rb'w:styleId="([^"]*)"')
_STYLE_WRAP = (b'<w:styles xmlns:w="' + W_NS.encode() + b'">', b"</w:styles>")


def _uses_w_prefix(data: bytes) -> bool:
    head = data[:4096]
    return b"<w:styles" in head and b'xmlns:w="' + W_NS.encode() + b'"' in head


def _style_span(data: bytes, start: int) -> tuple[int, int] | None:
    """Byte range of the <w:style> element that starts at start."""
    gt = data.find(b">", start)
    if gt < 0:
        return None
    if data[gt - 1:gt] == b"/":
        return start, gt + 1
    close = data.find(b"</w:style>", gt)
    return (start, close + len(b"</w:style>")) if close >= 0 else None


class _StyleFinder:
    """Byte ranges of styles by styleId. Word's styles.xml can hold hundreds of styles
    (python-docx's template: 349 KB, 10 ms to parse whole) of which a report uses a
    handful; only those are located (bytes.find) and parsed (lxml). Past a few lookups
    (a long basedOn chain) one pass indexes every styleId, so locating N styles never
    scans the file N times."""

    FIND_LIMIT = 32

    def __init__(self, data: bytes):
        self.data = data
        self.finds = 0
        self.index: dict[bytes, int] | None = None

    def span(self, sid: bytes) -> tuple[int, int] | None:
        data = self.data
        if self.index is None and self.finds >= self.FIND_LIMIT:
            self.index = {}
            for m in _STYLE_ID.finditer(data):
                self.index.setdefault(m.group(1), m.start())
        if self.index is not None:
            i = self.index.get(sid, -1)
        else:
            self.finds += 1
            i = data.find(b'w:styleId="' + sid + b'"')
        if i < 0:
            return None
        start = data.rfind(b"<w:style ", 0, i)
        return _style_span(data, start) if start >= 0 else None


def _default_paragraph_style(data: bytes) -> bytes | None:
    pos = 0
    while True:
        i = data.find(b'w:default="1"', pos)
        if i < 0:
            return None
        pos = i + 1
        start = data.rfind(b"<", 0, i)
        head = data[start:data.find(b">", i)]
        if head.startswith(b"<w:style ") and b'w:type="paragraph"' in head:
            m = _STYLE_ID.search(head)
            if m:
                return m.group(1)


_OFF = ("0", "false", "off")


def run_props(rpr) -> dict:
    """What a w:rPr sets of the properties the model carries: the East Asian face
    (("name", face) or ("theme", slot); a theme attribute wins over a named face at the
    same level, as in Word), size in points, bold."""
    out: dict = {}
    if rpr is None:
        return out
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        if fonts.get(W + "eastAsiaTheme"):
            out["face"] = ("theme", fonts.get(W + "eastAsiaTheme"))
        elif fonts.get(W + "eastAsia"):
            out["face"] = ("name", fonts.get(W + "eastAsia"))
    sz = rpr.find(W + "sz")
    half_points = xml_int(sz.get(W + "val"), 1, MAX_FONT_HALF_POINTS) if sz is not None else None
    if half_points is not None:
        out["size"] = half_points / 2
    b = rpr.find(W + "b")
    if b is not None:
        out["bold"] = b.get(W + "val", "1").lower() not in _OFF
    return out


def para_props(ppr) -> dict:
    """What a w:pPr sets of the paragraph formatting the model carries."""
    out: dict = {}
    if ppr is None:
        return out
    jc = ppr.find(W + "jc")
    if jc is not None and jc.get(W + "val"):
        out["align"] = {"start": "left", "end": "right"}.get(jc.get(W + "val"), jc.get(W + "val"))
    ind = ppr.find(W + "ind")
    if ind is not None:
        for key, first_attr, hanging_attr, high in (("first_line_chars", "firstLineChars", "hangingChars", 10000),
                                                    ("first_line", "firstLine", "hanging", MAX_TWIPS)):
            first = xml_int(ind.get(W + first_attr), 0, high)
            hanging = xml_int(ind.get(W + hanging_attr), 0, high)
            if hanging:  # a hanging indent is a negative first-line indent
                out[key] = -hanging
            elif first is not None:
                out[key] = first
        left = xml_int(ind.get(W + "left") or ind.get(W + "start"), -31680, 31680)
        if left is not None:
            out["left"] = left
    sp = ppr.find(W + "spacing")
    if sp is not None:
        line = xml_int(sp.get(W + "line"), 0, 31680)
        if line is not None:
            out["line"] = line
            out["line_rule"] = sp.get(W + "lineRule") or "auto"
    snap = ppr.find(W + "snapToGrid")
    if snap is not None:
        out["snap"] = snap.get(W + "val", "1").lower() not in _OFF
    return out


def _doc_defaults(data: bytes) -> tuple[dict, dict]:
    a = data.find(b"<w:docDefaults")
    b = data.find(b"</w:docDefaults>", a)
    if a < 0 or b < 0:
        return {}, {}
    try:
        el = parse_xml(_STYLE_WRAP[0] + data[a:b + len(b"</w:docDefaults>")] + _STYLE_WRAP[1])[0]
    except Exception:
        return {}, {}
    return run_props(el.find(f"{W}rPrDefault/{W}rPr")), para_props(el.find(f"{W}pPrDefault/{W}pPr"))


class _Styles:
    def __init__(self, data: bytes | None, needed: set[str], path: str):
        self.by_id: dict[str, dict] = {}
        self.default_para: str | None = None
        self.any_numbering = False
        self._level_cache: dict[str, int | None] = {}
        self._num_cache: dict[str, tuple | None] = {}
        self._run_cache: dict[str | None, dict] = {}
        self._para_cache: dict[str | None, dict] = {}
        self.defaults: dict = {}
        self.para_defaults: dict = {}
        if not data:
            return
        self.defaults, self.para_defaults = _doc_defaults(data)
        if not _uses_w_prefix(data):
            root = _parse_part(data, "styles.xml", path)
            elements = list(root.iterchildren(W + "style"))
        else:
            default = _default_paragraph_style(data)
            if default is not None:
                self.default_para = default.decode("utf-8", "replace")
                needed = needed | {self.default_para}
            self.any_numbering = b"<w:numPr" in data
            elements = []
            finder = _StyleFinder(data)
            todo = [(x.encode("utf-8"), 0) for x in needed]
            seen: set[bytes] = set()
            while todo:
                sid, depth = todo.pop()
                if sid in seen:
                    continue
                seen.add(sid)
                span = finder.span(sid)
                if span is None:
                    continue
                try:
                    el = parse_xml(_STYLE_WRAP[0] + data[span[0]:span[1]] + _STYLE_WRAP[1])[0]
                except Exception:
                    continue  # an unreadable style is treated as absent
                elements.append(el)
                based = el.find(W + "basedOn")
                if based is not None and based.get(W + "val") and depth < MAX_STYLE_CHAIN:
                    todo.append((based.get(W + "val").encode("utf-8"), depth + 1))
        for st in elements:
            self._add(st)
        if not _uses_w_prefix(data):
            self.any_numbering = any(st["num"] is not None for st in self.by_id.values())

    def _add(self, st) -> None:
        sid = st.get(W + "styleId")
        if sid is None:
            return
        name_el = st.find(W + "name")
        based = st.find(W + "basedOn")
        ppr = st.find(W + "pPr")
        outline = None
        num = None
        if ppr is not None:
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                outline = xml_int(ol.get(W + "val", "9"), 0, 9)
            num = _num_pr(ppr)
        name = name_el.get(W + "val") if name_el is not None else sid
        if name and name.isascii() and name[:1].islower():
            name = name[0].upper() + name[1:]  # built-in "heading 1" is shown as "Heading 1"
        self.by_id[sid] = {"name": name, "based": based.get(W + "val") if based is not None else None,
                           "outline": outline, "num": num, "type": st.get(W + "type"),
                           "run": run_props(st.find(W + "rPr")), "para": para_props(ppr)}
        if self.default_para is None and st.get(W + "type") == "paragraph" \
                and st.get(W + "default") in ("1", "true", "on"):
            self.default_para = sid

    def run_props(self, sid: str | None) -> dict:
        """Run properties a style gives, following basedOn (nearest wins); resolved once
        per style (rules ask for every run)."""
        return self._merged(sid, "run", self._run_cache)

    def para_props(self, sid: str | None) -> dict:
        """Paragraph properties a style gives, following basedOn (nearest wins)."""
        return self._merged(sid, "para", self._para_cache)

    def _merged(self, sid: str | None, key: str, cache: dict) -> dict:
        if sid in cache:
            return cache[sid]
        out: dict = {}
        for st in self._chain(sid):
            for k, v in st.get(key, {}).items():
                out.setdefault(k, v)
        cache[sid] = out
        return out

    def name(self, sid: str | None) -> str | None:
        if sid is None:
            return None
        st = self.by_id.get(sid)
        return st["name"] if st else sid

    def _chain(self, sid: str | None):
        """The style and its basedOn ancestors, nearest first; cycles and chains longer
        than MAX_STYLE_CHAIN end the walk."""
        seen = set()
        while sid and sid in self.by_id and sid not in seen and len(seen) <= MAX_STYLE_CHAIN:
            seen.add(sid)
            yield self.by_id[sid]
            sid = self.by_id[sid]["based"]

    def heading_level(self, sid: str | None) -> int | None:
        """1-based heading level from the style (outlineLvl or a heading N / 标题 N name)."""
        if sid is None:
            return None
        if sid in self._level_cache:
            return self._level_cache[sid]
        level = None
        for st in self._chain(sid):
            if st["outline"] is not None:
                level = st["outline"] + 1 if st["outline"] < 9 else None
                break
            m = _HEADING_NAME.match((st["name"] or "").strip())
            if m:
                level = int(m.group(1))
                break
        self._level_cache[sid] = level
        return level

    def numbering(self, sid: str | None):
        if sid is None:
            return None
        if sid not in self._num_cache:
            found = None
            for st in self._chain(sid):
                if st["num"] is not None:
                    found = st["num"]
                    break
            self._num_cache[sid] = found
        return self._num_cache[sid]


def _num_pr(ppr):
    np_ = ppr.find(W + "numPr")
    if np_ is None:
        return None
    nid = np_.find(W + "numId")
    ilvl = np_.find(W + "ilvl")
    return (
        nid.get(W + "val") if nid is not None else None,
        (xml_int(ilvl.get(W + "val", "0"), 0, 8) or 0) if ilvl is not None else None,
    )


def _parse_part(data: bytes, name: str, path: str):
    try:
        return parse_xml(data)
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends
        if "amplification" in str(exc) or "entity reference loop" in str(exc).lower():
            raise InputError(path, f"文档部件 {name} 中的 XML 实体展开过多（疑似 XML 炸弹），已拒绝读取。")
        if "Excessive depth" in str(exc):
            raise InputError(path, f"文档部件 {name} 的 XML 嵌套过深（超过 {MAX_XML_DEPTH} 层），不像正常的 Word 文档，已拒绝读取。")
        raise InputError(path, f"文档部件 {name} 不是有效的 XML（{exc.__class__.__name__}），文件可能已损坏。")


def _xml(zf, name, path):
    data = read_member(zf, name, path)
    return None if data is None else _parse_part(data, name, path)


def _main_part(zf, path) -> str:
    """Find the main document part from _rels/.rels (usually word/document.xml)."""
    return main_part(_xml(zf, "_rels/.rels", path))


class _Formats:
    """Resolves the formatting of paragraphs and runs as Word does: direct formatting,
    then the character style, then the paragraph style (following basedOn), then the
    document defaults; theme fonts through the theme's East Asian fonts."""

    def __init__(self, styles: _Styles, theme: dict[str, str]):
        self.styles = styles
        self.theme = theme

    def paragraph(self, ppr, sid) -> ParagraphFormat:
        props = dict(self.styles.para_defaults)
        props.update(self.styles.para_props(sid))
        props.update(para_props(ppr))
        return ParagraphFormat(align=props.get("align"), first_line_chars=props.get("first_line_chars"),
                               first_line=props.get("first_line"), left=props.get("left"),
                               line=props.get("line"), line_rule=props.get("line_rule"),
                               snap_to_grid=props.get("snap", True))

    def run(self, own: dict, char_style: str | None, sid: str | None) -> tuple:
        """(font, size, bold, theme slot) of a run."""
        chain = (own, self.styles.run_props(char_style) if char_style else {},
                 self.styles.run_props(sid), self.styles.defaults)
        face = next((c["face"] for c in chain if "face" in c), None)
        size = next((c["size"] for c in chain if "size" in c), 10.5)
        bold = next((c["bold"] for c in chain if "bold" in c), False)
        if face is None:
            return None, size, bold, None
        if face[0] == "theme":
            return self.theme.get(face[1]), size, bold, face[1]
        return face[1], size, bold, None


def _field_names(p) -> list[str]:
    """Names of the fields in a paragraph ("PAGE", "NUMPAGES"), simple or complex."""
    names: list[str] = []
    buf: list[str] | None = None
    for el in p.iter(W + "fldSimple", W + "fldChar", W + "instrText"):
        if el.tag == W + "fldSimple":
            names += (el.get(W + "instr") or "").split()[:1]
        elif el.tag == W + "instrText":
            if buf is not None:
                buf.append(el.text or "")
        elif el.get(W + "fldCharType") == "begin":
            buf = []
        elif buf is not None:
            names += "".join(buf).split()[:1]
            buf = None
    return [n.upper() for n in names]


def _spans(ps, segs, label: str, fmt: _Formats, sid) -> list[Span]:
    """Resolved formatting over the block's text (label first, with the paragraph mark's
    properties), adjacent runs of equal formatting merged."""
    out: list[Span] = []

    def add(start, end, props):
        if end <= start:
            return
        if out and out[-1].end == start and (out[-1].font, out[-1].size, out[-1].bold, out[-1].theme) == props:
            out[-1].end = end
        else:
            out.append(Span(start, end, *props))

    last = ps[-1].find(W + "pPr")
    if label:
        add(0, len(label), fmt.run(run_props(last.find(W + "rPr") if last is not None else None), None, sid))
    pos = len(label)
    cache: dict[int, tuple] = {}  # id(run) -> (run, properties): the run held, so its id stays unique
    for el, text in segs:
        run = el.getparent()
        key = id(run)
        if key not in cache:
            rpr = run.find(W + "rPr") if run is not None and run.tag == W + "r" else None
            style = rpr.find(W + "rStyle") if rpr is not None else None
            cache[key] = (run, fmt.run(run_props(rpr), style.get(W + "val") if style is not None else None, sid))
        add(pos, pos + len(text), cache[key][1])
        pos += len(text)
    return out


def _blocks_of(groups, styles: _Styles, fmt: _Formats, numbering: Numbering | None, owner: dict | None = None,
               section_ends: set | None = None) -> list[Block]:
    """Blocks from paragraph groups (ooxml.paragraph_groups): text, label, style, heading
    level, resolved formatting. owner (id(p) -> block index) is filled for the review
    marks; section_ends (ids of paragraphs carrying a section break) numbers sections."""
    blocks: list[Block] = []
    section = 0
    for ps, where in groups:
        p = ps[-1]
        index = len(blocks)
        if owner is not None:
            for x in ps:
                owner[id(x)] = index
        segs = [seg for x in ps for seg in segments(x)]
        text = "".join(t for _el, t in segs)
        if mark_deleted(p):  # deleted marks left at the end: their text alone
            blocks.append(Block(index=index, text=text, line=index + 1, section=section))
            continue
        ppr = p.find(W + "pPr")
        sid = num = outline = None
        if ppr is not None:
            ps_el = ppr.find(W + "pStyle")
            if ps_el is not None:
                sid = ps_el.get(W + "val")
            num = _num_pr(ppr)
            ol = ppr.find(W + "outlineLvl")
            v = xml_int(ol.get(W + "val", "9"), 0, 9) if ol is not None else None
            if v is not None:
                outline = v + 1 if v < 9 else None
        if sid is None:
            sid = styles.default_para
        if outline is None:
            outline = styles.heading_level(sid)
        label = ""
        style_num = styles.numbering(sid)
        if num is None and style_num is not None:
            num = style_num
        elif num is not None and num[1] is None and style_num is not None:
            num = (num[0], style_num[1])
        if numbering is not None and num is not None and num[0] not in (None, "0"):
            label = numbering.next_label(num[0], num[1] or 0)
        blocks.append(Block(
            index=index, text=label + text, line=index + 1, label=label, style_id=sid,
            style_name=styles.name(sid), outline_level=outline, table=where.table, row=where.row,
            cell=where.cell, textbox=where.textbox, section=section, format=fmt.paragraph(ppr, sid),
            spans=_spans(ps, segs, label, fmt, sid), fields=_field_names(p),
        ))
        if section_ends is not None and id(p) in section_ends:
            section += 1
    return blocks


def read_docx(data: bytes, path: str) -> Document:
    zf = open_zip(data, path)
    names = set(zf.namelist())
    main = _main_part(zf, path)
    other = None if main in names and main.startswith("word/") else _other_package(zf, names, main, path)
    if other or main not in names:
        raise InputError(path, other or "压缩包中没有 Word 正文（word/document.xml），不是有效的 .docx 文档。")
    main_bytes = read_member(zf, main, path) or b""
    doc_root = _parse_part(main_bytes, main, path)
    if doc_root.tag != W + "document":
        raise InputError(path, _other_package(zf, names, main, path, doc_root.tag)
                         or f"文档部件 {main} 不是 Word 正文（根元素不是 w:document），文件可能已损坏。")
    base = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    rels = _relationships(zf, main, path)
    stories_xml = {}  # part name -> parsed root of headers/footers (styles they use are needed too)
    for kind in ("header", "footer", "footnotes", "endnotes"):
        for _rid, name in rels.get(kind, []):
            if name not in stories_xml:
                stories_xml[name] = _xml(zf, name, path)
    needed = {el.get(W + "val") for root in (doc_root, *stories_xml.values()) if root is not None
              for tag in ("pStyle", "rStyle") for el in root.iter(W + tag)} - {None}
    styles_bytes = read_member(zf, base + "styles.xml", path)
    styles = _Styles(styles_bytes, needed, path)
    fmt = _Formats(styles, _theme_fonts(zf, rels, path))
    # numbering.xml is only parsed when something uses numbering
    uses_numbering = b"numPr" in main_bytes or styles.any_numbering
    numbering = Numbering.from_xml(_xml(zf, base + "numbering.xml", path) if uses_numbering else None)
    body = doc_root.find(W + "body")
    if body is None:
        raise InputError(path, "Word 文档没有正文（w:body），文件可能已损坏。")

    owner: dict[int, int] = {}
    # element ids are only stable while the proxies live: groups and break_paras are held
    # until the review marks are read
    break_paras = [sp.getparent().getparent() for sp in body.iter(W + "sectPr")
                   if sp.getparent() is not None and sp.getparent().tag == W + "pPr"]
    groups = paragraph_groups(body)
    blocks = _blocks_of(groups, styles, fmt, numbering, owner, {id(p) for p in break_paras})
    stories, headers, footers, by_rel = _stories(rels, stories_xml, styles, fmt)
    sections = [_section(sp, by_rel) for sp in body.iter(W + "sectPr")
                if sp.getparent() is body or (sp.getparent().tag == W + "pPr")]
    for sec in sections:
        for refs in (sec.headers, sec.footers):
            for kind, idx in refs.items():
                stories[idx].type = stories[idx].type or kind
    revisions, comments = _review_marks(zf, rels, doc_root, owner, path)
    del groups, break_paras
    settings = next((_xml(zf, name, path) for _rid, name in rels.get("settings", [])), None)
    even_odd = settings is not None and settings.find(W + "evenAndOddHeaders") is not None \
        and settings.find(W + "evenAndOddHeaders").get(W + "val", "1").lower() not in _OFF
    return Document(path=path, format="docx", blocks=blocks, headers=headers, footers=footers,
                    raw=data, revisions=revisions, comments=comments, sections=sections,
                    stories=stories, even_and_odd_headers=even_odd, theme_fonts=fmt.theme)


def _relationships(zf, part: str, path: str) -> dict[str, list[tuple[str, str]]]:
    """The part's internal relationships by kind (last segment of the type): (id, part name)."""
    rels = _xml(zf, posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"), path)
    out: dict[str, list[tuple[str, str]]] = {}
    for rel in (rels.iter(PKG_REL + "Relationship") if rels is not None else ()):
        if rel.get("TargetMode") == "External":
            continue
        name = resolve_target(part, rel.get("Target", ""))
        if name:
            out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], []).append((rel.get("Id", ""), name))
    return out


def _theme_fonts(zf, rels, path) -> dict[str, str]:
    """Theme slot -> East Asian face from the theme (a:ea, or the zh-Hans script font
    when a:ea is empty, as Word picks it for Chinese text); Latin slots -> a:latin."""
    out: dict[str, str] = {}
    theme = next((_xml(zf, name, path) for _rid, name in rels.get("theme", [])), None)
    if theme is None:
        return out
    for which in ("major", "minor"):
        font = next(theme.iter(A + which + "Font"), None)
        if font is None:
            continue
        ea = font.find(A + "ea")
        face = ea.get("typeface") if ea is not None else None
        if not face:
            face = next((f.get("typeface") for f in font.iter(A + "font") if f.get("script") == "Hans"), None)
        if face:
            out[which + "EastAsia"] = face
        latin = font.find(A + "latin")
        if latin is not None and latin.get("typeface"):
            out[which + "HAnsi"] = out[which + "Ascii"] = latin.get("typeface")
    return out


_NOTE_SKIP = ("separator", "continuationSeparator", "continuationNotice")


def _stories(rels, roots, styles, fmt):
    """Headers, footers, footnotes and endnotes as stories (each part once), the plain
    texts of headers and footers (one per relationship, as before), and the story index
    of each header/footer relationship id."""
    stories: list[Story] = []
    headers: list[str] = []
    footers: list[str] = []
    index_of: dict[str, int] = {}
    by_rel: dict[str, int] = {}
    for kind in ("header", "footer"):
        for rid, name in rels.get(kind, []):
            root = roots.get(name)
            if root is None:
                continue
            if name not in index_of:
                index_of[name] = len(stories)
                stories.append(Story(kind=kind, part=name, blocks=_blocks_of(paragraph_groups(root), styles, fmt, None)))
            by_rel[rid] = index_of[name]
            text = "\n".join(b.text for b in stories[index_of[name]].blocks if b.text.strip())
            (headers if kind == "header" else footers).append(text)
    for kind in ("footnotes", "endnotes"):
        for _rid, name in rels.get(kind, []):
            root = roots.get(name)
            for note in (root.iterchildren(W + kind[:-1]) if root is not None else ()):
                if note.get(W + "type") in _NOTE_SKIP:
                    continue
                stories.append(Story(kind=kind[:-1], part=name,
                                     blocks=_blocks_of(paragraph_groups(note), styles, fmt, None)))
    return stories, headers, footers, by_rel


def _section(sect, by_rel) -> Section:
    size = sect.find(W + "pgSz")
    mar = sect.find(W + "pgMar")
    grid = sect.find(W + "docGrid")
    out = Section(title_page=sect.find(W + "titlePg") is not None
                  and sect.find(W + "titlePg").get(W + "val", "1").lower() not in _OFF)
    if size is not None:
        out.width = xml_int(size.get(W + "w"), 0, MAX_TWIPS)
        out.height = xml_int(size.get(W + "h"), 0, MAX_TWIPS)
    if mar is not None:
        for side in ("top", "bottom", "left", "right"):
            v = xml_int(mar.get(W + side), -MAX_TWIPS, MAX_TWIPS)
            if v is not None:
                out.margins[side] = v
    if grid is not None and grid.get(W + "type") not in (None, "default"):
        out.grid_type = grid.get(W + "type")
        out.line_pitch = xml_int(grid.get(W + "linePitch"), 1, MAX_TWIPS)
    for tag, target in (("footerReference", out.footers), ("headerReference", out.headers)):
        for ref in sect.iterchildren(W + tag):
            if ref.get(R_ID) in by_rel:
                target[ref.get(W + "type") or "default"] = by_rel[ref.get(R_ID)]
    return out


_REVISION_KIND = {
    W + "ins": "insertion", W + "del": "deletion", W + "moveFrom": "move", W + "moveTo": "move",
    W + "rPrChange": "formatting", W + "pPrChange": "formatting", W + "sectPrChange": "formatting",
    W + "tblPrChange": "formatting", W + "trPrChange": "formatting", W + "tcPrChange": "formatting",
}
_COMMENT_ANCHOR = (W + "commentRangeStart", W + "commentReference")


def _review_marks(zf, rels, doc_root, owner, path):
    """Tracked changes and comments still in the file, with the paragraph (block index)
    each sits in. A paragraph merged into the next (deleted mark) counts as the next."""
    para_of: dict[int, int | None] = {}
    following = None
    paras = list(doc_root.iter(W + "p"))  # held: lxml keeps one proxy per element while referenced
    for p in reversed(paras):
        following = owner.get(id(p), following)
        para_of[id(p)] = following

    def paragraph(el):
        node = el
        while node is not None and node.tag != W + "p":
            node = node.getparent()
        if node is None:  # a change that wraps whole paragraphs (w:ins around w:p)
            node = next(el.iter(W + "p"), None)
        return para_of.get(id(node)) if node is not None else None

    revisions = []
    for el in doc_root.iter(*_REVISION_KIND):
        text = "".join(t.text or "" for t in el.iter(W + "t", W + "delText"))
        revisions.append(Revision(kind=_REVISION_KIND[el.tag], paragraph=paragraph(el),
                                  author=el.get(W + "author"), date=el.get(W + "date"), text=text[:80]))
    anchors: dict[str, int | None] = {}
    for el in doc_root.iter(*_COMMENT_ANCHOR):
        anchors.setdefault(el.get(W + "id"), paragraph(el))
    comments = []
    names = [name for _rid, name in rels.get("comments", [])]
    part = _xml(zf, names[0] if names else "word/comments.xml", path)
    for c in (part.iter(W + "comment") if part is not None else ()):
        cid = c.get(W + "id")
        comments.append(Comment(paragraph=anchors.pop(cid, None), author=c.get(W + "author"),
                                date=c.get(W + "date"), text="".join(t.text or "" for t in c.iter(W + "t"))[:200]))
    comments += [Comment(paragraph=para) for para in anchors.values()]  # anchored, no comments part
    return revisions, comments


_NOT_WORD = "，不是 Word 文档。请提供报告的 .docx 文件"
_ODF = {
    "application/vnd.oasis.opendocument.text": "这是 OpenDocument 文本（.odt），不是 .docx。请在 WPS/LibreOffice 中另存为 .docx，或转换：soffice --headless --convert-to docx 文件名",
    "application/vnd.oasis.opendocument.spreadsheet": "这是 OpenDocument 电子表格（.ods）" + _NOT_WORD,
    "application/vnd.oasis.opendocument.presentation": "这是 OpenDocument 演示文稿（.odp）" + _NOT_WORD,
    "application/epub+zip": "这是 EPUB 电子书" + _NOT_WORD,
}


def _other_package(zf, names: set[str], main: str, path: str, root_tag: str = "") -> str | None:
    """What a zip that is not a Word document is, said so a user recognises it (an Excel
    workbook renamed .docx, an .odt, a zip of several drafts), or None."""
    if main.startswith("xl/") or "xl/workbook.xml" in names or "spreadsheetml" in root_tag:
        return "这是 Excel 工作簿（.xlsx）" + _NOT_WORD + "。"
    if main.startswith("ppt/") or "ppt/presentation.xml" in names or "presentationml" in root_tag:
        return "这是 PowerPoint 演示文稿（.pptx）" + _NOT_WORD + "。"
    if main.startswith("visio/") or "visio/document.xml" in names:
        return "这是 Visio 绘图（.vsdx）" + _NOT_WORD + "。"
    if "mimetype" in names:
        kind = (read_member(zf, "mimetype", path) or b"")[:100].decode("ascii", "replace").strip()
        if kind in _ODF:
            return _ODF[kind] + "。"
        if kind.startswith("application/vnd.oasis.opendocument"):
            return "这是 OpenDocument 文件" + _NOT_WORD + "。"
    if "[Content_Types].xml" not in names:
        drafts = sorted(n for n in names if n.lower().endswith(".docx"))
        if drafts:
            return f"这是一个 zip 压缩包，里面有 {len(drafts)} 个 .docx 文件（如 {drafts[0]}），请先解压，再检查其中的文件。"
        return "这是一个普通的 zip 压缩包" + _NOT_WORD + "。"
    return None


def read_paragraph_styles(data: bytes, path: str) -> list[dict]:
    """Every paragraph style of a .docx with the formatting it gives, resolved as for a
    paragraph in that style (basedOn chain, document defaults, theme fonts), and first an
    entry for the document defaults alone (id None). For reading a template's format
    profile (formatspec); the whole styles.xml is parsed, so a broken one is an InputError.
    Each entry: id, name (w:name as written), default, level (heading level), face,
    size, bold, format (ParagraphFormat)."""
    zf = open_zip(data, path)
    main = _main_part(zf, path)
    name = (main.rsplit("/", 1)[0] + "/" if "/" in main else "") + "styles.xml"
    raw = read_member(zf, name, path)
    if not raw:
        return []
    root = _parse_part(raw, name, path)
    if root.tag != W + "styles":
        raise InputError(path, f"文档部件 {name} 不是样式表（根元素不是 w:styles），文件可能已损坏。")
    styles = _Styles(None, set(), path)
    defaults = root.find(W + "docDefaults")
    if defaults is not None:
        styles.defaults = run_props(defaults.find(f"{W}rPrDefault/{W}rPr"))
        styles.para_defaults = para_props(defaults.find(f"{W}pPrDefault/{W}pPr"))
    written: dict[str, str | None] = {}  # styleId -> w:name as written (_Styles capitalises it)
    for st in root.iterchildren(W + "style"):
        styles._add(st)
        name_el = st.find(W + "name")
        written[st.get(W + "styleId")] = name_el.get(W + "val") if name_el is not None else None
    fmt = _Formats(styles, _theme_fonts(zf, _relationships(zf, main, path), path))
    out = []
    for sid in [None] + [k for k, v in styles.by_id.items() if v["type"] in (None, "paragraph")]:
        face, size, bold, _slot = fmt.run({}, None, sid)
        out.append({"id": sid, "name": (written.get(sid) or sid) if sid is not None else None,
                    "default": sid is not None and sid == styles.default_para, "level": styles.heading_level(sid),
                    "face": face, "size": size, "bold": bold, "format": fmt.paragraph(None, sid)})
    return out

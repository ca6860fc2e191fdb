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
import re
import zipfile
import zlib

from ..errors import InputError
from ..model import Block, Comment, Document, Revision
from .numbering import Numbering
from .xmlsafe import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

MAX_MEMBER = 64 * 1024 * 1024  # uncompressed bytes for one XML part
MAX_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MiB
MAX_MEMBERS = 5000

# Subtrees whose text is not part of the accepted body text.
_SKIP = {
    W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "instrText", W + "delText",
    W + "delInstrText", W + "txbxContent", MC + "Fallback", W + "footnoteReference",
    W + "endnoteReference", W + "commentReference",
}
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


def _find_style(data: bytes, sid: bytes) -> tuple[int, int] | None:
    """Byte range of the style with this styleId. Word's styles.xml can hold hundreds of
    styles (python-docx's template: 349 KB, 10 ms to parse whole) of which a report uses
    a handful; only those are located (bytes.find) and parsed (lxml)."""
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


def run_props(rpr) -> dict:
    """The run properties the format rules read: East Asian font (or theme), size."""
    out: dict = {}
    if rpr is None:
        return out
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        if fonts.get(W + "eastAsia"):
            out["east_asia"] = fonts.get(W + "eastAsia")
        elif fonts.get(W + "eastAsiaTheme"):
            out["east_asia"] = "（主题字体）"
        if fonts.get(W + "ascii"):
            out["ascii"] = fonts.get(W + "ascii")
    sz = rpr.find(W + "sz")
    if sz is not None and sz.get(W + "val", "").isdigit():
        out["size"] = int(sz.get(W + "val")) / 2
    return out


def _doc_defaults(data: bytes) -> dict:
    a = data.find(b"<w:docDefaults")
    b = data.find(b"</w:docDefaults>", a)
    if a < 0 or b < 0:
        return {}
    try:
        el = parse_xml(_STYLE_WRAP[0] + data[a:b + len(b"</w:docDefaults>")] + _STYLE_WRAP[1])[0]
    except Exception:
        return {}
    rpr = el.find(f"{W}rPrDefault/{W}rPr")
    return run_props(rpr)


class _Styles:
    def __init__(self, data: bytes | None, needed: set[str], path: str):
        self.by_id: dict[str, dict] = {}
        self.default_para: str | None = None
        self.any_numbering = False
        self._level_cache: dict[str, int | None] = {}
        self._num_cache: dict[str, tuple | None] = {}
        self.defaults: dict = {}
        if not data:
            return
        self.defaults = _doc_defaults(data)
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
            todo = [x.encode("utf-8") for x in needed]
            seen: set[bytes] = set()
            while todo:
                sid = todo.pop()
                if sid in seen:
                    continue
                seen.add(sid)
                span = _find_style(data, sid)
                if span is None:
                    continue
                try:
                    el = parse_xml(_STYLE_WRAP[0] + data[span[0]:span[1]] + _STYLE_WRAP[1])[0]
                except Exception:
                    continue  # an unreadable style is treated as absent
                elements.append(el)
                based = el.find(W + "basedOn")
                if based is not None and based.get(W + "val"):
                    todo.append(based.get(W + "val").encode("utf-8"))
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
                outline = int(ol.get(W + "val", "9"))
            num = _num_pr(ppr)
        name = name_el.get(W + "val") if name_el is not None else sid
        if name and name.isascii() and name[:1].islower():
            name = name[0].upper() + name[1:]  # built-in "heading 1" is shown as "Heading 1"
        self.by_id[sid] = {"name": name, "based": based.get(W + "val") if based is not None else None,
                           "outline": outline, "num": num, "type": st.get(W + "type"),
                           "run": run_props(st.find(W + "rPr"))}
        if self.default_para is None and st.get(W + "type") == "paragraph" \
                and st.get(W + "default") in ("1", "true", "on"):
            self.default_para = sid

    def run_props(self, sid: str | None) -> dict:
        """Run properties a style gives, following basedOn (nearest wins)."""
        out: dict = {}
        for st in self._chain(sid):
            for k, v in st.get("run", {}).items():
                out.setdefault(k, v)
        return out

    def name(self, sid: str | None) -> str | None:
        if sid is None:
            return None
        st = self.by_id.get(sid)
        return st["name"] if st else sid

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
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
        int(ilvl.get(W + "val", "0")) if ilvl is not None else None,
    )


def _read_zip(data: bytes, path: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise InputError(path, "文件已损坏或不完整（不是有效的 .docx 压缩包），可能是下载或复制中断。请在 Word/WPS 中重新打开并另存为 .docx。")
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(path, f"压缩包内文件过多（{len(infos)} 个），不像正常的 Word 文档，已拒绝读取。")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER and info.filename.endswith(".xml"):
            raise InputError(path, f"文档部件 {info.filename} 过大（{info.file_size} 字节），已拒绝读取。")
        if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise InputError(path, f"文档部件 {info.filename} 压缩比异常（疑似压缩炸弹），已拒绝读取。")
    if total > MAX_TOTAL:
        raise InputError(path, "文档解压后过大，已拒绝读取。")
    return zf


def _member(zf: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise InputError(path, f"文档部件 {name} 已损坏（文件可能被截断），请在 Word/WPS 中重新打开并另存为 .docx。")


def _parse_part(data: bytes, name: str, path: str):
    try:
        return parse_xml(data)
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends
        raise InputError(path, f"文档部件 {name} 不是有效的 XML（{exc.__class__.__name__}），文件可能已损坏。")


def _xml(zf, name, path):
    data = _member(zf, name, path)
    return None if data is None else _parse_part(data, name, path)


def _main_part(zf, path) -> str:
    """Find the main document part from _rels/.rels (usually word/document.xml)."""
    rels = _xml(zf, "_rels/.rels", path)
    if rels is not None:
        for rel in rels.iter(PKG_REL + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
                if target:
                    return target
    return "word/document.xml"


def paragraph_segments(p) -> list[tuple[object, str]]:
    """The paragraph's accepted text as (element, text) in reading order: a w:t element
    with its text, or None for what is not a w:t (tab, line break, symbol). The reader
    joins the texts; fzbg fix edits the w:t elements at the same offsets."""
    out: list[tuple[object, str]] = []

    def walk(el):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t":
                out.append((child, child.text or ""))
            elif tag == W + "tab" or tag == W + "ptab":
                out.append((None, "\t"))
            elif tag == W + "br" or tag == W + "cr":
                if child.get(W + "type") not in ("page", "column"):
                    out.append((None, "\n"))
            elif tag == W + "noBreakHyphen":
                out.append((None, "-"))
            elif tag == W + "sym":
                code = child.get(W + "char")
                if code:
                    try:
                        out.append((None, chr(int(code, 16))))
                    except ValueError:
                        pass
            elif tag == W + "p":
                continue  # nested paragraphs (text boxes) are not this paragraph's text
            else:
                walk(child)

    walk(p)
    return out


def _paragraph_text(p) -> str:
    return "".join(t for _el, t in paragraph_segments(p))


def _mark_deleted(p) -> bool:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return False
    rpr = ppr.find(W + "rPr")
    return rpr is not None and (rpr.find(W + "del") is not None or rpr.find(W + "moveFrom") is not None)


def read_docx(data: bytes, path: str) -> Document:
    zf = _read_zip(data, path)
    names = set(zf.namelist())
    main = _main_part(zf, path)
    if main not in names:
        if any(n.startswith("xl/") for n in names) or any(n.startswith("ppt/") for n in names):
            raise InputError(path, "这是 Excel 或 PowerPoint 文件，不是 Word 文档。请提供报告的 .docx 文件。")
        raise InputError(path, "压缩包中没有 Word 正文（word/document.xml），不是有效的 .docx 文档。")
    main_bytes = _member(zf, main, path) or b""
    doc_root = _parse_part(main_bytes, main, path)
    base = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    needed = {el.get(W + "val") for tag in ("pStyle", "rStyle") for el in doc_root.iter(W + tag)} - {None}
    styles_bytes = _member(zf, base + "styles.xml", path)
    styles = _Styles(styles_bytes, needed, path)
    # numbering.xml is only parsed when something uses numbering
    uses_numbering = b"numPr" in main_bytes or styles.any_numbering
    numbering = Numbering.from_xml(_xml(zf, base + "numbering.xml", path) if uses_numbering else None)
    body = doc_root.find(W + "body")
    if body is None:
        raise InputError(path, "Word 文档没有正文（w:body），文件可能已损坏。")

    blocks: list[Block] = []
    pending: list = []  # text of paragraphs whose mark was deleted (merged into the next)
    table_count = [0]

    def add_paragraph(p, table=None, row=None, cell=None):
        ppr = p.find(W + "pPr")
        sid = None
        num = None
        outline = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            if ps is not None:
                sid = ps.get(W + "val")
            num = _num_pr(ppr)
            ol = ppr.find(W + "outlineLvl")
            if ol is not None:
                v = int(ol.get(W + "val", "9"))
                outline = v + 1 if v < 9 else None
        if sid is None:
            sid = styles.default_para
        if outline is None:
            outline = styles.heading_level(sid)
        text = _paragraph_text(p)
        if _mark_deleted(p):
            # accepted view: this paragraph's text joins the next paragraph
            if text:
                pending.append(text)
            return
        if pending:
            text = "".join(pending) + text
            pending.clear()
        label = ""
        style_num = styles.numbering(sid)
        if num is None and style_num is not None:
            num = style_num
        elif num is not None and num[1] is None and style_num is not None:
            num = (num[0], style_num[1])
        if num is not None and num[0] not in (None, "0"):
            label = numbering.next_label(num[0], num[1] or 0)
        index = len(blocks)
        blocks.append(Block(
            index=index, text=label + text, line=index + 1, label=label, style_id=sid,
            style_name=styles.name(sid), outline_level=outline, table=table, row=row,
            cell=cell, element=p,
        ))

    def walk(container, table=None, row=None, cell=None):
        for el in container:
            tag = el.tag
            if tag == W + "p":
                add_paragraph(el, table, row, cell)
            elif tag == W + "tbl":
                walk_table(el)
            elif tag in (W + "sdt",):
                content = el.find(W + "sdtContent")
                if content is not None:
                    walk(content, table, row, cell)
            elif tag in (W + "customXml", W + "ins", W + "moveTo", W + "smartTag"):
                walk(el, table, row, cell)
            elif tag == MC + "AlternateContent":
                choice = el.find(MC + "Choice")
                if choice is not None:
                    walk(choice, table, row, cell)

    def walk_table(tbl):
        t = table_count[0]
        table_count[0] += 1
        r = 0
        for tr in tbl.iter(W + "tr"):
            if not _row_of(tr, tbl):
                continue
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue  # deleted row
            c = 0
            for tc in tr:
                if tc.tag == W + "tc":
                    walk(tc, t, r, c)
                    c += 1
                elif tc.tag == W + "sdt":
                    content = tc.find(W + "sdtContent")
                    for inner in (content if content is not None else []):
                        if inner.tag == W + "tc":
                            walk(inner, t, r, c)
                            c += 1
            r += 1

    walk(body)
    if pending:
        index = len(blocks)
        blocks.append(Block(index=index, text="".join(pending), line=index + 1))

    headers, footers = _headers_footers(zf, base, main, path)
    revisions, comments = _review_marks(zf, base, main, doc_root, blocks, path)
    parts = {"document": doc_root, "styles": styles, "styles_bytes": styles_bytes, "numbering": numbering,
             "sectPr": body.find(W + "sectPr"), "zip_names": sorted(names), "main": main}
    return Document(path=path, format="docx", blocks=blocks, headers=headers,
                    footers=footers, parts=parts, raw=data, revisions=revisions, comments=comments)


_REVISION_KIND = {
    W + "ins": "insertion", W + "del": "deletion", W + "moveFrom": "move", W + "moveTo": "move",
    W + "rPrChange": "formatting", W + "pPrChange": "formatting", W + "sectPrChange": "formatting",
    W + "tblPrChange": "formatting", W + "trPrChange": "formatting", W + "tcPrChange": "formatting",
}
_COMMENT_ANCHOR = (W + "commentRangeStart", W + "commentReference")


def _review_marks(zf, base, main, doc_root, blocks, path):
    """Tracked changes and comments still in the file, with the paragraph (block index)
    each sits in. A paragraph merged into the next (deleted mark) counts as the next."""
    index_of = {id(b.element): b.index for b in blocks if b.element is not None}
    para_of: dict[int, int | None] = {}
    following = None
    paras = list(doc_root.iter(W + "p"))  # held: lxml keeps one proxy per element while referenced
    for p in reversed(paras):
        following = index_of.get(id(p), following)
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
    part = _xml(zf, _comments_part(zf, base, main, path), path)
    for c in (part.iter(W + "comment") if part is not None else ()):
        cid = c.get(W + "id")
        comments.append(Comment(paragraph=anchors.pop(cid, None), author=c.get(W + "author"),
                                date=c.get(W + "date"), text="".join(t.text or "" for t in c.iter(W + "t"))[:200]))
    comments += [Comment(paragraph=para) for para in anchors.values()]  # anchored, no comments part
    return revisions, comments


def _comments_part(zf, base, main, path) -> str:
    """The comments part named in the main part's relationships (usually word/comments.xml)."""
    rels = _xml(zf, base + "_rels/" + main.rsplit("/", 1)[-1] + ".rels", path)
    for rel in (rels.iter(PKG_REL + "Relationship") if rels is not None else ()):
        if rel.get("Type", "").endswith("/comments") and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else base + target
    return base + "comments.xml"


def _row_of(tr, tbl) -> bool:
    """True when tr belongs to tbl directly (possibly through sdt/customXml wrappers)."""
    parent = tr.getparent()
    while parent is not None and parent is not tbl:
        if parent.tag == W + "tbl":
            return False
        parent = parent.getparent()
    return parent is tbl


def _headers_footers(zf, base, main, path):
    rels_name = base + "_rels/" + main.rsplit("/", 1)[-1] + ".rels"
    rels = _xml(zf, rels_name, path)
    headers, footers = [], []
    if rels is None:
        return headers, footers
    for rel in rels.iter(PKG_REL + "Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind not in ("header", "footer"):
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else base + target
        root = _xml(zf, name, path)
        if root is None:
            continue
        text = "\n".join(t for t in (_paragraph_text(p) for p in root.iter(W + "p")) if t.strip())
        (headers if kind == "header" else footers).append(text)
    return headers, footers

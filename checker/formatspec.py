"""The format profile the FMT rules enforce: GB/T 9704 by default (rules/format.yaml), or
one read from a province's own template (``fzbg check --format-from REF.docx``).

``profile_from`` reads a profile from a Document and its outline (plain data, no XML):
page size and margins of the first section, the dominant face and size of the title,
the body and each heading level, body line spacing and first-line indent, and the page
number's size and position. What the template does not show keeps the GB/T value.
"""
from __future__ import annotations

import copy
import re
from collections import Counter

from .data import load_yaml

TWIPS_PER_MM = 1440 / 25.4
# Chinese type sizes (字号) in points
SIZE_NAMES = {42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号",
              15: "小三", 14: "四号", 12: "小四", 10.5: "五号", 9: "小五", 7.5: "六号"}


def size_name(size: float | None) -> str:
    """三号 for 16 pt; "11磅" for a size without a Chinese name."""
    if size is None:
        return "（未设置）"
    for pt, name in SIZE_NAMES.items():
        if abs(size - pt) < 0.01:
            return name
    return f"{size:g}磅"


def default_spec() -> dict:
    """GB/T 9704 (rules/format.yaml), a fresh copy."""
    spec = copy.deepcopy(load_yaml("format.yaml"))
    spec["source"] = None  # None: GB/T 9704
    return spec


def _dominant(ranges) -> tuple[str | None, float | None]:
    """The face and size covering most characters of (block, start, end) ranges."""
    faces, sizes = Counter(), Counter()
    for b, start, end in ranges:
        for s in b.spans:
            piece = b.text[max(s.start, start):min(s.end, end)].strip()
            if not piece:
                continue
            if s.font:
                faces[s.font] += len(piece)
            if s.size:
                sizes[s.size] += len(piece)
    return (faces.most_common(1)[0][0] if faces else None, sizes.most_common(1)[0][0] if sizes else None)


def _font(spec_font: dict, face: str | None, size: float | None) -> dict:
    out = dict(spec_font)
    if face:
        out = {"size": out["size"], "names": [face]}
    if size:
        out["size"] = size
    return out


SAMPLE = "示例段落"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_STYLE_SHOWN = {"normal": "正文", "title": "标题"}  # Word's built-in names as Chinese Word shows them


def style_label(entry: dict) -> str:
    """Where a value came from, for a style entry of ingest.docx.read_paragraph_styles:
    样式“标题 1” (built-in English names as Chinese Word shows them), or 文档默认格式."""
    name = (entry.get("name") or "").strip()
    if entry.get("id") is None or not name:
        return "文档默认格式（w:docDefaults）"
    m = _HEADING_STYLE.match(name)
    return f"样式“{'标题 ' + m.group(1) if m else _STYLE_SHOWN.get(name.lower(), name)}”"


def _style_for(styles: list[dict], key: str) -> dict | None:
    """The style a template defines for title, body or heading N, found by w:name (Chinese
    Word keeps the built-in English names there and writes ids like "1" or "a") or by
    outline level, never by id; the body falls back to the document defaults."""
    named = [(st, (st.get("name") or "").strip().lower()) for st in styles if st["id"] is not None]
    if key == "body":
        return next((st for st, _n in named if st["default"]), None) \
            or next((st for st, n in named if n in ("normal", "正文")), None) \
            or next((st for st in styles if st["id"] is None), None)
    if key == "title":
        return next((st for st, n in named if n in ("title", "标题")), None)
    level = int(key[-1])
    for st, n in named:
        m = _HEADING_STYLE.match(n)
        if m and int(m.group(1)) == level:
            return st
    return next((st for st, _n in named if st["level"] == level), None)


def profile_from(document, outline, name: str, styles: list[dict] | None = None) -> dict:
    """The format profile a reference template shows (see the module docstring).
    ``styles`` (ingest.docx.read_paragraph_styles) gives what its styles define; sample
    paragraphs, when present, win over the styles. ``spec["read"]`` says, for each value
    read from the template, where it came from (示例段落, 样式“标题 1”, 页面设置)."""
    spec = default_spec()
    spec["source"] = name
    spec["read"] = read = {}
    styles = styles or []
    if document.sections:
        sec = document.sections[0]
        if sec.width and sec.height:
            spec["page"].update(width=round(sec.width / TWIPS_PER_MM, 1), height=round(sec.height / TWIPS_PER_MM, 1))
            read["page"] = PAGE_SETUP
        if sec.margins:
            for side, v in sec.margins.items():
                spec["margins"][side] = round(abs(v) / TWIPS_PER_MM, 1)
            read["margins"] = PAGE_SETUP
    body = [b for s in outline.sections for b in s.blocks if not b.in_table and outline.heading_on(b) is None]
    body += list(outline.preamble)
    body = [b for b in body if b.text.strip()]  # an empty paragraph is not a sample
    heads = {level: [(h.block, h.start, h.body_start) for h in outline.headings if h.level == level]
             for level in (1, 2, 3, 4)}
    run_in = [(h.block, h.body_start, len(h.block.text)) for h in outline.headings if h.level <= 2 and h.run_in]
    groups = {
        "title": [(b, 0, len(b.text)) for b in outline.title_blocks],
        "body": [(b, 0, len(b.text)) for b in body] + run_in,
        **{f"heading{n}": heads[n] for n in (1, 2, 3, 4)},
    }
    for key, ranges in groups.items():
        base = spec["fonts"].get(key) or spec["fonts"]["body"]  # GB/T: levels 3 and 4 as the body
        face, size = _dominant(ranges)
        if face or size:
            spec["fonts"][key] = _font(base, face, size)
            read[key] = SAMPLE
            continue
        st = _style_for(styles, key)
        if st is not None and (st["face"] or st["size"]):
            spec["fonts"][key] = dict(_font(base, st["face"], st["size"]), bold=st["bold"])
            read[key] = style_label(st)
    body_style = _style_for(styles, "body")
    indents = Counter(round(c, 1) for c in (indent_chars(b) for b in body) if c is not None)
    if indents:
        spec["indent_chars"] = indents.most_common(1)[0][0]
        read["indent"] = SAMPLE
    elif body_style is not None and (body_style["format"].first_line_chars or body_style["format"].first_line):
        spec["indent_chars"] = round(_indent(body_style["format"], body_style["size"]), 1)
        read["indent"] = style_label(body_style)
    fmts = Counter((b.format.line_rule, b.format.line) for b in body if b.format is not None and b.format.line)
    where = SAMPLE
    if not fmts and body_style is not None and body_style["format"].line:
        fmts = Counter([(body_style["format"].line_rule, body_style["format"].line)])
        where = style_label(body_style)
    if fmts:
        (rule, line), _n = fmts.most_common(1)[0]
        if rule == "exact":
            spec["line_spacing"] = {"exact_min": line / 20 - 0.5, "exact_max": line / 20 + 0.5,
                                    "grid_lines": spec["line_spacing"]["grid_lines"]}
            read["line_spacing"] = where
    pages = [b for st in document.stories if st.kind == "footer" for b in st.blocks if "PAGE" in b.fields]
    if pages:
        _face, size = _dominant([(b, 0, len(b.text)) for b in pages])
        if size:
            spec["page_number"]["size"] = size
        aligns = {b.format.align for b in pages if b.format is not None}
        spec["page_number"]["position"] = "center" if aligns == {"center"} else "outside"
        read["page_number"] = "页脚"
    return spec


PAGE_SETUP = "页面设置（w:sectPr）"


def indent_chars(block) -> float | None:
    """The first-line indent of a block in characters (firstLineChars, or the length over
    the block's main font size); 2 for two leading full-width spaces; None when unknown."""
    if block.format is None:
        return None
    if block.text[:2] in ("　　", "    ") or block.text[:1] == "\t":
        return 2.0
    sizes = Counter({s.size: s.end - s.start for s in block.spans if s.size}).most_common(1)
    return _indent(block.format, sizes[0][0] if sizes else None)


def _indent(fmt, size: float | None) -> float | None:
    """A ParagraphFormat's first-line indent in characters of the given size (16 pt when unknown)."""
    if fmt is None:
        return None
    if fmt.first_line_chars:
        return fmt.first_line_chars / 100
    if fmt.first_line:
        return fmt.first_line / 20 / (size or 16)
    return 0.0


def describe(spec: dict) -> dict:
    """What a profile enforces, as plain JSON-ready data (fzbg format-profile)."""
    fonts = {k: {"faces": v.get("names") or [f"含“{x}”" for x in v.get("contains", [])],
                 "size": v["size"], "size_name": size_name(v["size"]), **({"bold": v["bold"]} if "bold" in v else {})}
             for k, v in spec["fonts"].items()}
    read = spec.get("read", {})
    default = GBT if spec.get("source") else None
    return {
        "source": spec.get("source") or "GB/T 9704—2012",
        "read_from_template": sorted(spec.get("read", {})),
        "page_mm": {"width": spec["page"]["width"], "height": spec["page"]["height"]},
        "margins_mm": {k: spec["margins"][k] for k in ("top", "bottom", "left", "right")},
        "fonts": fonts,
        "line_spacing": spec["line_spacing"],
        "indent_chars": spec["indent_chars"],
        "page_number": spec["page_number"],
        # where each value came from: 示例段落, 样式“标题 1”, 页面设置, 页脚, or GB/T 默认
        "sources": {k: (read.get(k) if isinstance(read.get(k), str) else default) or GBT
                    for k in ("page", "margins", *fonts, "line_spacing", "indent", "page_number")},
    }


GBT = "GB/T 9704 默认"


_WHAT = {"title": "标题", "body": "正文", "heading1": "一级标题", "heading2": "二级标题", "heading3": "三级标题",
         "heading4": "四级标题"}


def describe_text(spec: dict) -> str:
    """The profile as lines a user reads."""
    d = describe(spec)
    src = d["sources"]

    def origin(key: str) -> str:
        return f"　〔{src[key]}〕" if spec.get("source") else ""

    lines = [f"格式规范来源：{d['source']}"]
    if spec.get("source"):
        lines.append("从模板读到：" + ("、".join(d["read_from_template"]) or "（无，全部沿用 GB/T 9704）"))
    lines.append(f"纸张：{d['page_mm']['width']:g}×{d['page_mm']['height']:g} 毫米{origin('page')}")
    m = d["margins_mm"]
    lines.append(f"页边距：上 {m['top']:g}、下 {m['bottom']:g}、左 {m['left']:g}、右 {m['right']:g} 毫米{origin('margins')}")
    for key, f in d["fonts"].items():
        size = f["size_name"] if f["size_name"].endswith("磅") else f"{f['size_name']}（{f['size']:g}磅）"
        bold = " 加粗" if f.get("bold") else ""
        lines.append(f"{_WHAT.get(key, key)}：{'/'.join(f['faces'])} {size}{bold}{origin(key)}")
    ls = d["line_spacing"]
    lines.append(f"行距：固定值 {ls['exact_min']:g}—{ls['exact_max']:g} 磅，或文档网格每页 {ls['grid_lines']} 行{origin('line_spacing')}")
    lines.append(f"首行缩进：{d['indent_chars']:g} 字符{origin('indent')}")
    pn = d["page_number"]
    where = "居中" if pn["position"] == "center" else "单页居右、双页居左"
    lines.append(f"页码：“— N —”，{size_name(pn['size'])}（{pn['size']:g}磅），{where}{origin('page_number')}")
    return "\n".join(lines)

"""The format profile the FMT rules enforce: GB/T 9704 by default (rules/format.yaml), or
one read from a province's own template (``fzbg check --format-from REF.docx``).

``profile_from`` reads a profile from a Document and its outline (plain data, no XML):
page size and margins of the first section, the dominant face and size of the title,
the body and each heading level, body line spacing and first-line indent, and the page
number's size and position. What the template does not show keeps the GB/T value.
"""
from __future__ import annotations

import copy
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


def profile_from(document, outline, name: str) -> dict:
    """The format profile a reference template shows (see the module docstring)."""
    spec = default_spec()
    spec["source"] = name
    spec["read"] = read = {}
    if document.sections:
        sec = document.sections[0]
        if sec.width and sec.height:
            spec["page"].update(width=round(sec.width / TWIPS_PER_MM, 1), height=round(sec.height / TWIPS_PER_MM, 1))
            read["page"] = True
        if sec.margins:
            for side, v in sec.margins.items():
                spec["margins"][side] = round(abs(v) / TWIPS_PER_MM, 1)
            read["margins"] = True
    body = [b for s in outline.sections for b in s.blocks if not b.in_table and outline.heading_on(b) is None]
    body += list(outline.preamble)
    heads = {level: [(h.block, h.start, h.body_start) for h in outline.headings if h.level == level] for level in (1, 2)}
    run_in = [(h.block, h.body_start, len(h.block.text)) for h in outline.headings if h.level <= 2 and h.run_in]
    groups = {
        "title": [(b, 0, len(b.text)) for b in outline.title_blocks],
        "body": [(b, 0, len(b.text)) for b in body] + run_in,
        "heading1": heads[1],
        "heading2": heads[2],
    }
    for key, ranges in groups.items():
        face, size = _dominant(ranges)
        if face or size:
            spec["fonts"][key] = _font(spec["fonts"][key], face, size)
            read[key] = True
    indents = Counter(round(c, 1) for c in (indent_chars(b) for b in body) if c is not None)
    if indents:
        spec["indent_chars"] = indents.most_common(1)[0][0]
        read["indent"] = True
    fmts = Counter((b.format.line_rule, b.format.line) for b in body if b.format is not None and b.format.line)
    if fmts:
        (rule, line), _n = fmts.most_common(1)[0]
        if rule == "exact":
            spec["line_spacing"] = {"exact_min": line / 20 - 0.5, "exact_max": line / 20 + 0.5,
                                    "grid_lines": spec["line_spacing"]["grid_lines"]}
            read["line_spacing"] = True
    pages = [b for st in document.stories if st.kind == "footer" for b in st.blocks if "PAGE" in b.fields]
    if pages:
        _face, size = _dominant([(b, 0, len(b.text)) for b in pages])
        if size:
            spec["page_number"]["size"] = size
        aligns = {b.format.align for b in pages if b.format is not None}
        spec["page_number"]["position"] = "center" if aligns == {"center"} else "outside"
        read["page_number"] = True
    return spec


def indent_chars(block) -> float | None:
    """The first-line indent of a block in characters (firstLineChars, or the length over
    the block's main font size); 2 for two leading full-width spaces; None when unknown."""
    fmt = block.format
    if fmt is None:
        return None
    if block.text[:2] in ("　　", "    ") or block.text[:1] == "\t":
        return 2.0
    if fmt.first_line_chars:
        return fmt.first_line_chars / 100
    if fmt.first_line:
        sizes = Counter({s.size: s.end - s.start for s in block.spans if s.size}).most_common(1)
        return fmt.first_line / 20 / (sizes[0][0] if sizes else 16)
    return 0.0


def describe(spec: dict) -> dict:
    """What a profile enforces, as plain JSON-ready data (fzbg format-profile)."""
    fonts = {k: {"faces": v.get("names") or [f"含“{x}”" for x in v.get("contains", [])],
                 "size": v["size"], "size_name": size_name(v["size"])} for k, v in spec["fonts"].items()}
    return {
        "source": spec.get("source") or "GB/T 9704—2012",
        "read_from_template": sorted(spec.get("read", {})),
        "page_mm": {"width": spec["page"]["width"], "height": spec["page"]["height"]},
        "margins_mm": {k: spec["margins"][k] for k in ("top", "bottom", "left", "right")},
        "fonts": fonts,
        "line_spacing": spec["line_spacing"],
        "indent_chars": spec["indent_chars"],
        "page_number": spec["page_number"],
    }


_WHAT = {"title": "标题", "body": "正文", "heading1": "一级标题", "heading2": "二级标题"}


def describe_text(spec: dict) -> str:
    """The profile as lines a user reads."""
    d = describe(spec)
    lines = [f"格式规范来源：{d['source']}"]
    if spec.get("source"):
        lines.append("从模板读到：" + ("、".join(d["read_from_template"]) or "（无，全部沿用 GB/T 9704）"))
    lines.append(f"纸张：{d['page_mm']['width']:g}×{d['page_mm']['height']:g} 毫米")
    m = d["margins_mm"]
    lines.append(f"页边距：上 {m['top']:g}、下 {m['bottom']:g}、左 {m['left']:g}、右 {m['right']:g} 毫米")
    for key, f in d["fonts"].items():
        size = f["size_name"] if f["size_name"].endswith("磅") else f"{f['size_name']}（{f['size']:g}磅）"
        lines.append(f"{_WHAT.get(key, key)}：{'/'.join(f['faces'])} {size}")
    ls = d["line_spacing"]
    lines.append(f"行距：固定值 {ls['exact_min']:g}—{ls['exact_max']:g} 磅，或文档网格每页 {ls['grid_lines']} 行")
    lines.append(f"首行缩进：{d['indent_chars']:g} 字符")
    pn = d["page_number"]
    where = "居中" if pn["position"] == "center" else "单页居右、双页居左"
    lines.append(f"页码：“— N —”，{size_name(pn['size'])}（{pn['size']:g}磅），{where}")
    return "\n".join(lines)

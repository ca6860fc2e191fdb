"""GB/T 9704 format rules for .docx drafts: page, margins, fonts and sizes.

Fonts are resolved as Word does for the text a reader sees: run properties, then the
run's character style, then the paragraph style (following basedOn), then the document
defaults; a theme font counts as not set to the required face. Only characters of the
right kind count (the East Asian font for Chinese characters)."""
from __future__ import annotations

import re
from collections import Counter

from ..data import load_yaml
from ..engine import Rule, register
from ..ingest.docx import paragraph_segments, run_props
from ..ingest.xmlsafe import xml_int

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_GBT = "GB/T 9704—2012《党政机关公文格式》"
_HAN = re.compile(r"[\u4e00-\u9fff]")
TWIPS_PER_MM = 1440 / 25.4
MAX_TWIPS = 31680  # 22 inches, Word's largest page side; a larger or malformed value is ignored


def _spec():
    return load_yaml("format.yaml")


def fonts_of(block, styles, start: int = 0, end: int | None = None) -> tuple[Counter, Counter]:
    """(East Asian fonts weighted by Chinese characters, sizes weighted by characters)
    for block.text[start:end] (offsets include the numbering label)."""
    faces, sizes = Counter(), Counter()
    if block.element is None:
        return faces, sizes
    para = styles.run_props(block.style_id)
    label = len(block.label)
    if block.label:  # an automatic label takes the paragraph mark's properties
        if start < label:
            n = len(_HAN.findall(block.label[start:min(label, end or label)]))
            mark = run_props(block.element.find(f"{W}pPr/{W}rPr"))
            face = mark.get("east_asia") or para.get("east_asia") or styles.defaults.get("east_asia")
            faces[face or "（未设置）"] += n
            sizes[mark.get("size") or para.get("size") or styles.defaults.get("size", 10.5)] += len(block.label)
    pos = label
    for el, text in paragraph_segments(block.element):
        a, b = pos, pos + len(text)
        pos = b
        if el is None or b <= start or (end is not None and a >= end):
            continue
        piece = text[max(start - a, 0):(end - a) if end is not None else None]
        if not piece.strip():
            continue
        run = el.getparent()
        rpr = run.find(W + "rPr")
        own = run_props(rpr)
        style = {}
        if rpr is not None and rpr.find(W + "rStyle") is not None:
            style = styles.run_props(rpr.find(W + "rStyle").get(W + "val"))
        face = own.get("east_asia") or style.get("east_asia") or para.get("east_asia") or styles.defaults.get("east_asia")
        size = own.get("size") or style.get("size") or para.get("size") or styles.defaults.get("size", 10.5)
        han = len(_HAN.findall(piece))
        if han:
            faces[face or "（未设置）"] += han
        sizes[size] += len(piece.strip())
    return faces, sizes


def _accepts(spec: dict, face: str) -> bool:
    if "names" in spec and face in spec["names"]:
        return True
    return any(x in face for x in spec.get("contains", []))


def _describe(faces: Counter, sizes: Counter) -> str:
    face = faces.most_common(1)[0][0] if faces else "（无）"
    size = sizes.most_common(1)[0][0] if sizes else 0
    return f"{face} {size:g}磅"


class _DocxRule(Rule):
    def applies(self, ctx) -> bool:
        return ctx.document.format == "docx" and "styles" in ctx.document.parts


@register
class PageSize(_DocxRule):
    code = "FMT001"
    name = "page-a4"
    severity = "warning"
    message = "纸张不是A4纵向（{w:.0f}×{h:.0f}毫米）"
    fix = "页面设置：纸张 A4（210×297毫米），纵向"
    doc = {
        "what": "节的纸张大小不是 A4 纵向（210×297 毫米，允差 1 毫米）。",
        "why": "公文用纸为 A4；Word 英文版默认是 Letter（216×279 毫米），打印和归档时版面会走样。",
        "bad": "纸张：Letter 216×279 毫米",
        "good": "纸张：A4 210×297 毫米，纵向",
        "source": _GBT + " 5.2.1（幅面尺寸）",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        spec = _spec()["page"]
        for sect in ctx.document.parts["document"].iter(W + "sectPr"):
            size = sect.find(W + "pgSz")
            if size is None:
                continue
            w_twips = xml_int(size.get(W + "w", "0"), 0, MAX_TWIPS)
            h_twips = xml_int(size.get(W + "h", "0"), 0, MAX_TWIPS)
            if w_twips is None or h_twips is None:
                continue
            w, h = w_twips / TWIPS_PER_MM, h_twips / TWIPS_PER_MM
            if abs(w - spec["width"]) > spec["tolerance"] or abs(h - spec["height"]) > spec["tolerance"]:
                yield self.at(ctx, None, message=self.message.format(w=w, h=h),
                              data={"width_mm": round(w, 1), "height_mm": round(h, 1)})
                return


@register
class Margins(_DocxRule):
    code = "FMT002"
    name = "page-margins"
    severity = "warning"
    message = "页边距不符合公文格式：{detail}"
    fix = "页面设置：上37毫米、下35毫米、左28毫米、右26毫米（版心156×225毫米）"
    doc = {
        "what": "页边距偏离 GB/T 9704：天头（上）37±1 毫米，订口（左）28±1 毫米，版心 156×225 毫米（即下 35、右 26 毫米）。",
        "why": "版心尺寸决定每页 22 行、每行 28 字；Word 默认边距（上下 25.4、左右 31.8 毫米）排出的版面与公文不同。",
        "bad": "上 25.4 毫米，左 31.8 毫米",
        "good": "上 37 毫米，下 35 毫米，左 28 毫米，右 26 毫米",
        "source": _GBT + " 5.2.2（版面尺寸）",
    }
    names = {"top": "上", "bottom": "下", "left": "左", "right": "右"}

    def check(self, ctx):
        if not self.applies(ctx):
            return
        spec = _spec()["margins"]
        for sect in ctx.document.parts["document"].iter(W + "sectPr"):
            mar = sect.find(W + "pgMar")
            if mar is None:
                continue
            off = {}
            for side in ("top", "bottom", "left", "right"):
                twips = xml_int(mar.get(W + side, "0"), -MAX_TWIPS, MAX_TWIPS)
                if twips is None:
                    continue
                mm = abs(twips) / TWIPS_PER_MM
                if abs(mm - spec[side]) > spec["tolerance"]:
                    off[side] = round(mm, 1)
            if off:
                detail = "，".join(f"{self.names[k]}{v:g}毫米（应为{spec[k]}）" for k, v in off.items())
                yield self.at(ctx, None, message=self.message.format(detail=detail), data={"margins_mm": off})
                return


def _font_finding(rule, ctx, blocks_spans, spec, what):
    bad = []
    for block, a, b in blocks_spans:
        faces, sizes = fonts_of(block, ctx.document.parts["styles"], a, b)
        if not faces and not sizes:
            continue
        face = faces.most_common(1)[0][0] if faces else None
        size = sizes.most_common(1)[0][0] if sizes else None
        if (face is not None and not _accepts(spec, face)) or (size is not None and abs(size - spec["size"]) > 0.25):
            bad.append((block, faces, sizes))
    if bad:
        block, faces, sizes = bad[0]
        seen = Counter(_describe(f, s) for _b, f, s in bad)
        return rule.at(ctx, block, message=rule.message.format(what=what, n=len(bad), found="、".join(seen)),
                       data={"paragraphs": [b.index for b, _f, _s in bad], "found": dict(seen)})
    return None


@register
class BodyFont(_DocxRule):
    code = "FMT003"
    name = "body-font"
    severity = "warning"
    message = "{what}应为三号仿宋（16磅），有 {n} 段不是：{found}"
    fix = "正文设为仿宋_GB2312（或仿宋）三号；可修改“正文”样式，不要逐段设置"
    doc = {
        "what": "正文段落（不含标题、各级小标题和表格）的中文字体不是仿宋，或字号不是三号（16 磅）。字体按 Word 的规则解析：文字格式、字符样式、段落样式、文档默认值；主题字体（如等线）视为不符合。",
        "why": "公文正文用三号仿宋；用 Word 默认的宋体五号或主题字体排出的报告，一看就不是正式公文。",
        "bad": "正文：等线 10.5 磅",
        "good": "正文：仿宋_GB2312 16 磅",
        "source": _GBT + " 5.3（字体和字号）；domain.md §3",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        spans = []
        for sec in ctx.outline.sections:
            for b in sec.blocks:
                if b.in_table or ctx.outline.is_residue(b):
                    continue
                if sec.heading is not None and b is sec.heading.block:
                    continue
                h = ctx.outline.heading_on(b)
                if h is not None:
                    if h.level <= 2:
                        if h.run_in:
                            spans.append((b, h.body_start, None))
                        continue
                spans.append((b, 0, None))
        spans += [(b, 0, None) for b in ctx.outline.preamble]
        f = _font_finding(self, ctx, spans, _spec()["fonts"]["body"], "正文")
        if f:
            yield f


@register
class TitleFont(_DocxRule):
    code = "FMT004"
    name = "title-font"
    severity = "warning"
    message = "{what}应为二号小标宋（22磅）：{found}"
    fix = "标题设为方正小标宋简体二号，居中"
    doc = {
        "what": "标题的中文字体不是小标宋（方正小标宋简体等），或字号不是二号（22 磅）。",
        "why": "公文标题一般用二号小标宋体字，居中排布。",
        "bad": "标题：宋体 16 磅 加粗",
        "good": "标题：方正小标宋简体 22 磅，居中",
        "source": _GBT + " 7.3.1（标题）",
    }

    def check(self, ctx):
        if not self.applies(ctx) or not ctx.outline.title_blocks:
            return
        f = _font_finding(self, ctx, [(b, 0, None) for b in ctx.outline.title_blocks], _spec()["fonts"]["title"], "标题")
        if f:
            yield f


@register
class HeadingFont(_DocxRule):
    code = "FMT005"
    name = "heading-font"
    severity = "warning"
    message = "{what}：{n} 处不符合，{found}"
    fix = "一级标题用黑体，二级标题用楷体（楷体_GB2312），均为三号"
    doc = {
        "what": "一级标题（“一、”）的字体不是黑体，或二级标题（“（一）”，与正文连写时只看标题部分）的字体不是楷体；字号应为三号（16 磅）。",
        "why": "GB/T 9704 规定结构层次序数第一层用黑体字、第二层用楷体字，审核人据此一眼看清层次。",
        "bad": "一、主要举措和成效（仿宋）",
        "good": "一、主要举措和成效（黑体）；（一）深化“放管服”改革（楷体）",
        "source": _GBT + " 7.3.3（结构层次序数的字体）",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        specs = _spec()["fonts"]
        level1 = [(s.heading.block, s.heading.start, s.heading.body_start) for s in ctx.outline.sections
                  if s.heading is not None and s.heading.level == 1]
        level2 = [(h.block, h.start, h.body_start) for h in ctx.outline.headings if h.level == 2]
        for spans, spec, what in ((level1, specs["heading1"], "一级标题应为三号黑体"),
                                  (level2, specs["heading2"], "二级标题应为三号楷体")):
            f = _font_finding(self, ctx, spans, spec, what)
            if f:
                yield f

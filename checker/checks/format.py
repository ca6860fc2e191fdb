"""GB/T 9704 format rules for .docx drafts: page, margins, fonts and sizes, title layout,
indents, line spacing, page numbers, the date line, text boxes and theme fonts.

Every rule reads the Document model only (``Block.format``, ``Block.spans``,
``Document.sections``, ``Document.stories``): the reader has resolved formatting as Word
does (run, character style, paragraph style following basedOn, document defaults; theme
fonts through theme1.xml). What is enforced is ``ctx.format_spec``: GB/T 9704 from
rules/format.yaml, or a province's template (``--format-from``), in which case messages
name both the draft's and the template's value. Text formats carry no formatting, so
these rules stay quiet on them."""
from __future__ import annotations

import re
from collections import Counter

from ..engine import Rule, register
from ..formatspec import TWIPS_PER_MM, indent_chars, size_name

_GBT = "GB/T 9704—2012《党政机关公文格式》"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _face(span) -> str:
    return span.font or ("（主题字体）" if span.theme else "（未设置）")


def fonts_of(block, start: int = 0, end: int | None = None) -> tuple[Counter, Counter]:
    """(East Asian fonts weighted by Chinese characters, sizes weighted by characters)
    for block.text[start:end] (offsets include the numbering label)."""
    faces, sizes = Counter(), Counter()
    for s in block.spans:
        if s.end <= start or (end is not None and s.start >= end):
            continue
        piece = block.text[max(s.start, start):min(s.end, end) if end is not None else s.end]
        if not piece.strip():
            continue
        han = len(_HAN.findall(piece))
        if han:
            faces[_face(s)] += han
        sizes[s.size] += len(piece.strip())
    return faces, sizes


def _accepts(spec: dict, face: str) -> bool:
    if "names" in spec and face in spec["names"]:
        return True
    return any(x in face for x in spec.get("contains", []))


def _describe(faces: Counter, sizes: Counter) -> str:
    face = faces.most_common(1)[0][0] if faces else "（无）"
    size = sizes.most_common(1)[0][0] if sizes else 0
    return f"{face} {size:g}磅"


def _spec_face(spec: dict) -> str:
    return "/".join(spec.get("names", [])[:1] or [f"含“{x}”的字体" for x in spec.get("contains", [])])


class _DocxRule(Rule):
    def applies(self, ctx) -> bool:
        return ctx.document.format == "docx" and bool(ctx.document.sections or ctx.document.blocks)

    def template(self, ctx) -> str | None:
        """The reference template's name when --format-from is in force, else None."""
        return ctx.format_spec.get("source")


def body_blocks(ctx) -> list:
    """Body paragraphs of the parts and the preamble (not tables, web residue, text boxes)."""
    out = [b for sec in ctx.outline.sections for b in sec.blocks
           if not (b.in_table or ctx.outline.is_residue(b) or b.textbox) and b.text.strip()]
    out += [b for b in ctx.outline.preamble if not b.textbox and b.text.strip()]
    return sorted(out, key=lambda b: b.index)


@register
class PageA4(_DocxRule):
    code = "FMT001"
    name = "page-a4"
    severity = "warning"
    message = "纸张不是A4纵向（{w:.0f}×{h:.0f}毫米）"
    fix = "页面设置：纸张 A4（210×297毫米），纵向"
    doc = {
        "what": "节的纸张大小不是 A4 纵向（210×297 毫米，允差 1 毫米）；用 --format-from 时与模板的纸张比较。",
        "why": "公文用纸为 A4；Word 英文版默认是 Letter（216×279 毫米），打印和归档时版面会走样。",
        "bad": "纸张：Letter 216×279 毫米",
        "good": "纸张：A4 210×297 毫米，纵向",
        "source": _GBT + " 5.2.1（幅面尺寸）",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        spec = ctx.format_spec["page"]
        for sect in ctx.document.sections:
            if sect.width is None or sect.height is None:
                continue
            w, h = sect.width / TWIPS_PER_MM, sect.height / TWIPS_PER_MM
            if abs(w - spec["width"]) > spec["tolerance"] or abs(h - spec["height"]) > spec["tolerance"]:
                message = self.message.format(w=w, h=h)
                if self.template(ctx):
                    message = f"纸张为{w:.0f}×{h:.0f}毫米，模板为{spec['width']:.0f}×{spec['height']:.0f}毫米"
                yield self.at(ctx, None, message=message, data={"width_mm": round(w, 1), "height_mm": round(h, 1)})
                return


@register
class PageMargins(_DocxRule):
    code = "FMT002"
    name = "page-margins"
    severity = "warning"
    message = "页边距不符合公文格式：{detail}"
    fix = "页面设置：上37毫米、下35毫米、左28毫米、右26毫米（版心156×225毫米）"
    doc = {
        "what": "页边距偏离 GB/T 9704：天头（上）37±1 毫米，订口（左）28±1 毫米，版心 156×225 毫米（即下 35、右 26 毫米）；用 --format-from 时与模板的页边距比较。",
        "why": "版心尺寸决定每页 22 行、每行 28 字；Word 默认边距（上下 25.4、左右 31.8 毫米）排出的版面与公文不同。",
        "bad": "上 25.4 毫米，左 31.8 毫米",
        "good": "上 37 毫米，下 35 毫米，左 28 毫米，右 26 毫米",
        "source": _GBT + " 5.2.2（版面尺寸）",
    }
    names = {"top": "上", "bottom": "下", "left": "左", "right": "右"}

    def check(self, ctx):
        if not self.applies(ctx):
            return
        spec = ctx.format_spec["margins"]
        for sect in ctx.document.sections:
            off = {}
            for side in ("top", "bottom", "left", "right"):
                if side not in sect.margins:
                    continue
                mm = abs(sect.margins[side]) / TWIPS_PER_MM
                if abs(mm - spec[side]) > spec["tolerance"]:
                    off[side] = round(mm, 1)
            if off:
                if self.template(ctx):
                    detail = "，".join(f"{self.names[k]}边距为{v:g}毫米，模板为{spec[k]:g}毫米" for k, v in off.items())
                    message = detail
                else:
                    detail = "，".join(f"{self.names[k]}{v:g}毫米（应为{spec[k]}）" for k, v in off.items())
                    message = self.message.format(detail=detail)
                yield self.at(ctx, None, message=message, data={"margins_mm": off})
                return


def _font_finding(rule, ctx, blocks_spans, key, what):
    spec = ctx.format_spec["fonts"][key]
    bad = []
    for block, a, b in blocks_spans:
        faces, sizes = fonts_of(block, a, b)
        if not faces and not sizes:
            continue
        face = faces.most_common(1)[0][0] if faces else None
        size = sizes.most_common(1)[0][0] if sizes else None
        if (face is not None and not _accepts(spec, face)) or (size is not None and abs(size - spec["size"]) > 0.25):
            bad.append((block, faces, sizes))
    if not bad:
        return None
    block, faces, sizes = bad[0]
    seen = Counter(_describe(f, s) for _b, f, s in bad)
    data = {"paragraphs": [b.index for b, _f, _s in bad], "found": dict(seen)}
    message = rule.message.format(what=what, n=len(bad), found="、".join(seen))
    if rule.template(ctx):
        name = {"title": "标题", "body": "正文", "heading1": "一级标题", "heading2": "二级标题"}[key]
        face = faces.most_common(1)[0][0] if faces else None
        size = sizes.most_common(1)[0][0] if sizes else None
        diffs = []
        if face is not None and not _accepts(spec, face):
            diffs.append(f"{name}字体为{face}，模板为{_spec_face(spec)}")
        if size is not None and abs(size - spec["size"]) > 0.25:
            diffs.append(f"{name}字号为{size_name(size)}，模板为{size_name(spec['size'])}")
        message = "；".join(diffs) + (f"（共 {len(bad)} 段）" if len(bad) > 1 else "")
        data["template"] = {"face": _spec_face(spec), "size": spec["size"]}
    return rule.at(ctx, block, message=message, data=data)


@register
class BodyFont(_DocxRule):
    code = "FMT003"
    name = "body-font"
    severity = "warning"
    message = "{what}应为三号仿宋（16磅），有 {n} 段不是：{found}"
    fix = "正文设为仿宋_GB2312（或仿宋）三号；可修改“正文”样式，不要逐段设置"
    doc = {
        "what": "正文段落（不含标题、各级小标题和表格）的中文字体不是仿宋，或字号不是三号（16 磅）。字体按 Word 的规则解析：文字格式、字符样式、段落样式、文档默认值；主题字体按文档主题（theme1.xml）解析成 Word 显示的字体。",
        "why": "公文正文用三号仿宋；用 Word 默认的宋体五号或等线排出的报告，一看就不是正式公文。",
        "bad": "正文：等线 10.5 磅",
        "good": "正文：仿宋_GB2312 16 磅",
        "source": _GBT + " 5.3（字体和字号）",
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
        f = _font_finding(self, ctx, spans, "body", "正文")
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
        f = _font_finding(self, ctx, [(b, 0, None) for b in ctx.outline.title_blocks], "title", "标题")
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
        level1 = [(s.heading.block, s.heading.start, s.heading.body_start) for s in ctx.outline.sections
                  if s.heading is not None and s.heading.level == 1]
        level2 = [(h.block, h.start, h.body_start) for h in ctx.outline.headings if h.level == 2]
        for spans, key, what in ((level1, "heading1", "一级标题应为三号黑体"),
                                 (level2, "heading2", "二级标题应为三号楷体")):
            f = _font_finding(self, ctx, spans, key, what)
            if f:
                yield f


def _width(text: str) -> float:
    """Display width in Chinese characters (ASCII counts half)."""
    return sum(0.5 if c.isascii() else 1 for c in text)


def _title_lines(blocks) -> list[str]:
    return [line.strip() for b in blocks for line in b.text.split("\n") if line.strip()]


@register
class TitleLayout(_DocxRule):
    code = "FMT006"
    name = "title-layout"
    severity = "warning"
    message = "标题排布不符合公文格式：{detail}"
    fix = "标题居中；回行时按词意完整断行，各行排成梯形（上短下长）或菱形"
    doc = {
        "what": "标题没有居中；或标题分多行时在词语中间断行（如把“法治”拆在两行），或各行长短不成梯形、菱形（如中间最短，或一行只剩一两个词）。上短下长的正梯形最常用，上长下短的倒梯形也不报。",
        "why": "GB/T 9704 要求标题居中排布，回行时要做到词意完整、排列对称、长短适宜、间距恰当，排成梯形或菱形。",
        "bad": "青溪县人民政府关于2023年度法 / 治政府建设情况的报告",
        "good": "青溪县人民政府关于 / 2023年度法治政府建设情况的报告（居中，上短下长）",
        "source": _GBT + " 7.3.1（标题）",
    }

    def check(self, ctx):
        blocks = [b for b in ctx.outline.title_blocks if b.format is not None]
        if not self.applies(ctx) or not blocks:
            return
        problems, data = [], {}
        uncentred = [b.index for b in blocks if b.format.align not in ("center", "distribute")]
        if uncentred:
            problems.append("没有居中")
            data["not_centred"] = uncentred
        lines = _title_lines(blocks)
        if len(lines) >= 2:
            broken = []
            for left, right in zip(lines, lines[1:]):
                joined = left + right
                for word in ctx.format_spec.get("title_words", []):
                    i = joined.find(word)
                    while i >= 0:
                        if i < len(left) < i + len(word):
                            broken.append(word)
                        i = joined.find(word, i + 1)
            if broken:
                problems.append("回行拆开了词语“" + "”“".join(dict.fromkeys(broken)) + "”")
                data["broken_words"] = list(dict.fromkeys(broken))
            widths = [_width(x) for x in lines]
            peak = widths.index(max(widths))
            # a 梯形 may stand either way up (上短下长 is the usual, 上长下短 is common in
            # published reports and not sent back); a 菱形 peaks in the middle
            trapezoid = all(a <= b for a, b in zip(widths, widths[1:])) \
                or all(a >= b for a, b in zip(widths, widths[1:]))
            diamond = len(widths) >= 3 and all(a <= b for a, b in zip(widths[:peak], widths[1:peak + 1])) \
                and all(a >= b for a, b in zip(widths[peak:], widths[peak + 1:]))
            # a last word or two left alone on a line is never 长短适宜
            stub = min(widths) * 4 < max(widths)
            if (not trapezoid and not diamond) or stub:
                problems.append("各行长短不成梯形或菱形（" + "/".join(f"{w:g}" for w in widths) + " 字）")
                data["line_widths"] = widths
        if problems:
            yield self.at(ctx, blocks[0], message=self.message.format(detail="；".join(problems)), data=data)


def _indent_ok(block, chars_wanted: float) -> tuple[bool, str]:
    chars = indent_chars(block)
    if not chars:
        return False, "无首行缩进"
    return abs(chars - chars_wanted) <= 0.3, f"首行缩进{chars:.1f}字符"


@register
class FirstLineIndent(_DocxRule):
    code = "FMT007"
    name = "first-line-indent"
    severity = "warning"
    message = "正文段落首行应缩进{n_chars}字符，有 {n} 段不是：{found}"
    fix = "段落格式：特殊格式“首行缩进”2字符（可在“正文”样式中设置）"
    doc = {
        "what": "正文段落和各级小标题（一、（一）1.）的首行没有缩进两个字符（firstLineChars=200，或等于两个字宽的长度，如三号字 32 磅）。居中、居右的段落和表格不查；“（一）……。”与正文连写的段落整段缩进两字，其楷体标题部分不受影响。",
        "why": "公文正文每自然段首行缩进二字，小标题与正文同样缩进；顶格或缩进不一的段落，审核时一眼可见。",
        "bad": "一、主要举措和成效（顶格）",
        "good": "　　一、主要举措和成效（首行缩进2字符）",
        "source": _GBT + " 5.2.3（行数和字数）、7.3.3（正文，结构层次序数）",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        want = ctx.format_spec.get("indent_chars", 2)
        bad = []
        for b in body_blocks(ctx):
            if b.format is None or b.format.align in ("center", "right"):
                continue
            if b in ctx.outline.preamble and _ADDRESSEE_LIKE.match(b.text.strip()):
                continue  # an addressee the outline did not name (a placeholder): 顶格 is right
            ok, found = _indent_ok(b, want)
            if not ok:
                bad.append((b, found))
        if bad:
            seen = Counter(f for _b, f in bad)
            message = self.message.format(n_chars=_num(want), n=len(bad), found="、".join(seen))
            if self.template(ctx):
                message = f"正文段落{'、'.join(seen)}，模板为首行缩进{want:g}字符（共 {len(bad)} 段）"
            yield self.at(ctx, bad[0][0], message=message,
                          data={"paragraphs": [b.index for b, _f in bad], "found": dict(seen)})


_ADDRESSEE_LIKE = re.compile(r"^[^。；！？]{2,60}[：:]$")


def _num(x: float) -> str:
    return "两" if x == 2 else f"{x:g}"


def _spacing(fmt) -> str:
    if fmt.line is None:
        return "单倍行距"
    if fmt.line_rule == "exact":
        return f"固定值{fmt.line / 20:g}磅"
    if fmt.line_rule == "atLeast":
        return f"最小值{fmt.line / 20:g}磅"
    return "单倍行距" if fmt.line == 240 else f"{fmt.line / 240:g}倍行距"


@register
class LineSpacing(_DocxRule):
    code = "FMT008"
    name = "line-spacing"
    severity = "warning"
    message = "正文行距应使每页排22行（固定值28—29.5磅，或文档网格每页22行），有 {n} 段不是：{found}"
    fix = "段落格式：行距“固定值”28.95磅；或页面设置“文档网格”指定行网格，每页22行"
    doc = {
        "what": "正文段落的行距排不出每页 22 行：既不是固定值 28—29.5 磅，也没有用每页 22 行的文档网格（单倍行距并对齐网格）。",
        "why": "GB/T 9704 规定每面排 22 行、每行排 28 个字；Word 默认的单倍行距或 1.5 倍行距排出的行数不对，页数和版面都与公文不同。",
        "bad": "正文：单倍行距，无文档网格（每页约 30 行）",
        "good": "正文：固定值 28.95 磅；或文档网格每页 22 行",
        "source": _GBT + " 5.2.3（行数和字数）",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        spec = ctx.format_spec["line_spacing"]
        sections = ctx.document.sections
        bad = []
        for b in body_blocks(ctx):
            fmt = b.format
            if fmt is None:
                continue
            if fmt.line_rule == "exact" and fmt.line is not None \
                    and spec["exact_min"] - 0.01 <= fmt.line / 20 <= spec["exact_max"] + 0.01:
                continue
            sec = sections[min(b.section, len(sections) - 1)] if sections else None
            if sec is not None and _grid_lines(sec) == spec["grid_lines"] and fmt.snap_to_grid \
                    and (fmt.line is None or (fmt.line_rule in (None, "auto") and fmt.line == 240)):
                continue
            bad.append((b, _spacing(fmt)))
        if bad:
            seen = Counter(f for _b, f in bad)
            message = self.message.format(n=len(bad), found="、".join(seen))
            if self.template(ctx):
                want = (spec["exact_min"] + spec["exact_max"]) / 2
                message = f"正文行距为{'、'.join(seen)}，模板为固定值{want:g}磅（共 {len(bad)} 段）"
            yield self.at(ctx, bad[0][0], message=message,
                          data={"paragraphs": [b.index for b, _f in bad], "found": dict(seen)})


def _grid_lines(sec) -> int | None:
    if sec.grid_type not in ("lines", "linesAndChars", "snapToChars") or not sec.line_pitch or sec.height is None:
        return None
    text = sec.height - abs(sec.margins.get("top", 0)) - abs(sec.margins.get("bottom", 0))
    return int(text // sec.line_pitch) if text > 0 else None


_PAGE_FORM = re.compile(r"^[—－–-]{1,2}\s*[0-9]*\s*[—－–-]{1,2}$")


@register
class PageNumber(_DocxRule):
    code = "FMT009"
    name = "page-number"
    severity = "warning"
    message = "页码不符合公文格式：{detail}"
    fix = "页脚插入页码，格式“— 1 —”（一字线、半角数字），4号；设置奇偶页不同，单页居右、双页居左"
    doc = {
        "what": "页脚中没有页码（PAGE 域）；或页码不是“— N —”形式（一字线、半角阿拉伯数字）；或不是 4 号（14 磅）；或位置不对：双面印刷（奇偶页不同）单页居右、双页居左，单面印刷居中或居右（配置的格式模板页码居中时，应居中）。",
        "why": "公文页码用 4 号半角宋体阿拉伯数字，数字左右各放一条一字线，单页码居右空一字，双页码居左空一字；没有页码的多页报告无法装订核对。",
        "bad": "页脚：第1页 共8页（居中）",
        "good": "页脚：— 1 —（单页居右、双页居左）",
        "source": _GBT + " 7.5（页码）",
    }

    def check(self, ctx):
        if not self.applies(ctx) or not ctx.document.sections:
            return
        doc = ctx.document
        spec = ctx.format_spec["page_number"]
        pages = {}  # story index -> page-number blocks
        for i, st in enumerate(doc.stories):
            if st.kind == "footer":
                found = [b for b in st.blocks if "PAGE" in b.fields]
                if found:
                    pages[i] = found
        if not pages:
            yield self.at(ctx, None, message=self.message.format(detail="页脚中没有页码"), data={"missing": True})
            return
        problems = []
        blocks = [b for bs in pages.values() for b in bs]
        if any(not _PAGE_FORM.match(b.text.strip()) for b in blocks):
            problems.append("应为“— N —”形式（一字线、半角数字），现为“" + blocks[0].text.strip() + "”")
        sizes = {s.size for b in blocks for s in b.spans if b.text[s.start:s.end].strip()}
        if sizes and any(abs(x - spec["size"]) > 0.25 for x in sizes):
            problems.append(f"字号应为{size_name(spec['size'])}（{spec['size']:g}磅），现为"
                            + "、".join(size_name(x) for x in sorted(sizes)))
        aligns = {}
        for sec in doc.sections:
            for kind, idx in sec.footers.items():
                if idx in pages:
                    aligns[kind] = {b.format.align or "left" for b in pages[idx] if b.format is not None}
        if spec.get("position") == "center":
            if any(a != {"center"} for a in aligns.values()):
                problems.append("应居中")
        elif not doc.even_and_odd_headers or "even" not in aligns:
            # one footer for every page: printed single-sided, where a centred or right
            # page number is the common and accepted form; only other placements are wrong
            if any(not a or not a <= {"center", "right"} for a in aligns.values()):
                problems.append("单面印刷页码应居中或居右；双面印刷应单页居右、双页居左（设置奇偶页不同）")
        else:
            if aligns.get("default") != {"right"}:
                problems.append("单页页码应居右")
            if aligns.get("even") != {"left"}:
                problems.append("双页页码应居左")
        if problems:
            yield self.at(ctx, None, message=self.message.format(detail="；".join(problems)),
                          data={"problems": problems})


_CN_DIGITS = re.compile(r"[〇○零一二三四五六七八九十]")


@register
class DateLine(_DocxRule):
    code = "FMT010"
    name = "date-line"
    severity = "warning"
    message = "成文日期格式不符合公文格式：{detail}"
    fix = "成文日期用阿拉伯数字，年份写全，月、日不编虚位（如“2024年3月8日”），在发文机关署名下一行"
    doc = {
        "what": "成文日期用了汉字数字（二〇二四年三月八日）、全角数字或虚位（03月08日），或没有紧接在署名之下居右编排（顶格排在左边）。",
        "why": "GB/T 9704 规定成文日期用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位（即 1 不编为 01）；成文日期在发文机关署名之下，右空四字编排。",
        "bad": "2024年03月08日；二〇二四年三月八日",
        "good": "2024年3月8日",
        "source": _GBT + " 7.3.5.1（成文日期）",
    }

    def check(self, ctx):
        ol = ctx.outline
        block = ol.date_block
        if not self.applies(ctx) or block is None or block.format is None:
            return
        text = block.text.strip()
        problems = []
        if _CN_DIGITS.search(text):
            problems.append("应使用阿拉伯数字")
        elif re.search(r"[０-９]", text):
            problems.append("应使用半角阿拉伯数字")
        if re.search(r"(?:年|^)\s*0\d\s*月|月\s*0\d\s*日", text):
            problems.append("月、日不编虚位（如 3月8日，不写 03月08日）")
        sig = ol.signature_block
        if sig is not None and any(b.text.strip() for b in ctx.document.blocks[sig.index + 1:block.index]):
            problems.append("应紧接在发文机关署名之下")
        flush_left = block.format.align in (None, "left", "both") and not (block.format.left or 0) > 0 \
            and block.text[:1] not in (" ", "　", "\t")
        if sig is not None and flush_left:
            problems.append("应在署名之下居右编排（右空四字），不应顶格")
        if problems:
            yield self.at(ctx, block, message=self.message.format(detail="；".join(problems)), data={"problems": problems})


@register
class TextInTextBox(_DocxRule):
    code = "FMT011"
    name = "text-in-text-box"
    severity = "info"
    message = "有 {n} 段正文放在文本框或图形中：{excerpt}"
    fix = "把正文移出文本框，直接排在页面中；文本框只用于版头等固定内容"
    doc = {
        "what": "正文段落或小标题放在文本框、图形里。fzbg 读出文本框中的文字（mc:AlternateContent 只读一次），与其他文字一样检查；标题或红头放在文本框中不报。",
        "why": "文本框中的文字不随正文排版：增删内容时不会移动，换到 WPS 或转成 PDF 后容易错位、遮挡，屏幕阅读器和公文系统也可能读不到。",
        "bad": "“一、主要举措和成效”一段放在浮动文本框中",
        "good": "正文直接排在页面中；红头可用文本框",
        "source": _GBT + " 5.2.3（版面）；7.2（版头）",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        bad = [b for b in ctx.document.blocks if b.textbox and b.text.strip()
               and ctx.outline.role_of(b) in ("body", "heading", "preamble")]
        if bad:
            yield self.at(ctx, bad[0], message=self.message.format(n=len(bad), excerpt=bad[0].text.strip()[:20]),
                          data={"paragraphs": [b.index for b in bad]})


@register
class ThemeFont(_DocxRule):
    code = "FMT012"
    name = "theme-font"
    severity = "info"
    message = "有 {n} 段文字的字体取自文档主题（{found}），换主题或在其他软件中打开时可能显示为别的字体"
    fix = "在“正文”等样式中直接选定字体（如仿宋_GB2312），不用“+中文正文”等主题字体"
    doc = {
        "what": "标题、正文或小标题的中文字体取自文档主题（eastAsiaTheme，如 Word 的“+中文正文”），fzbg 按 theme1.xml 解析出 Word 显示的字体（主题的东亚字体，为空时用简体中文脚本字体）来检查 FMT003—FMT005，并在此提示。",
        "why": "主题字体随文档主题变化，WPS 和 LibreOffice 对主题字体的处理也与 Word 不同，同一份报告在不同电脑上可能显示为等线、宋体等；公文字体应直接指定。",
        "bad": "正文字体：+中文正文（主题：等线）",
        "good": "正文字体：仿宋_GB2312",
        "source": _GBT + " 5.3（字体和字号）；ECMA-376 第 1 部分 17.3.2.26（rFonts 的 eastAsiaTheme）",
    }

    def check(self, ctx):
        if not self.applies(ctx):
            return
        blocks = list(ctx.outline.title_blocks) + [h.block for h in ctx.outline.headings] + body_blocks(ctx)
        bad, seen = [], Counter()
        for b in dict.fromkeys(blocks):
            themed = [s for s in b.spans if s.theme and _HAN.search(b.text[s.start:s.end])]
            if themed:
                bad.append(b)
                seen.update(f"{s.theme} → {s.font or '未解析'}" for s in themed)
        if bad:
            bad.sort(key=lambda b: b.index)
            yield self.at(ctx, bad[0], message=self.message.format(n=len(bad), found="、".join(seen)),
                          data={"paragraphs": [b.index for b in bad], "themes": dict(seen)})

"""The outline as a tree for a terminal: plain text, whatever the stream."""
from __future__ import annotations

from ..outline import KIND_NAMES, Outline
from .safe import printable

KIND_LABELS = {"duty": "第一责任人职责", "measures": "举措和成效", "problems": "不足和原因",
               "plans": "下一年度安排", "other": "其他情况"}


def outline_lines(ol: Outline) -> list[str]:
    r = ol.report_dict()
    kind = {"government": "政府", "department": "部门", "township": "乡镇、街道"}.get(r["reporter_kind"] or "", "未知")
    lines = [
        f"文件：{ol.document.path}（{ol.document.format}" + (f"，由 .{ol.document.converted_from} 经 LibreOffice 转换" if ol.document.converted_from else "") + (f"，编码 {ol.document.encoding}" if ol.document.encoding else "") + "）",
        f"标题：{r['title'] or '（无）'}",
        f"报告单位：{r['reporter'] or '（未识别）'}（{kind}）  报告年度：{r['report_year'] or '？'}  安排年度：{r['plan_year'] or '？'}",
        f"主送机关：{r['addressee'] or '（无）'}",
        f"落款：{r['signature'] or '（无）'}  成文日期：{r['date'] or '（无）'}",
        "结构：",
    ]
    for sec in ol.sections:
        flag = "" if sec.headed else "［无标题段落］"
        lines.append(f"  [{KIND_LABELS[sec.kind]}]{flag} {sec.heading_text}  （第{sec.paragraph + 1}段）")

        def walk(children, depth):
            for h in children:
                run = "（标题与正文连写）" if h.run_in else ""
                lines.append("  " * (depth + 1) + f"{h.label}{h.text}{run}  （第{h.block.index + 1}段）")
                walk(h.children, depth + 1)

        walk(sec.children, 1)
    if ol.missing:
        lines.append("缺少部分：" + "、".join(f"{KIND_LABELS[k]}（{KIND_NAMES[k]}）" for k in ol.missing))
    else:
        lines.append("缺少部分：无")
    if ol.residue:
        lines.append("网页残留：" + "、".join(f"第{b.index + 1}段“{b.text.strip()[:20]}”" for b in ol.residue))
    return lines


def render_outline(ol: Outline, stream) -> None:
    """Plain text, control characters from the draft shown escaped (rich added nothing
    here but the risk of turning ":x:" into an emoji)."""
    stream.write("\n".join(printable(line) for line in outline_lines(ol)) + "\n")

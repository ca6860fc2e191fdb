"""Terminal output in the manner of ruff and Vale: location, code, severity, message,
the excerpt with the span marked, the fix; a summary per file and overall."""
from __future__ import annotations

import unicodedata

from ..engine import SEVERITY_NAMES, Finding, Report

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _snippet(report: Report, f: Finding) -> tuple[str, str] | None:
    """The paragraph around the span, and a marker line under the span."""
    loc = f.location
    if loc.paragraph is None or loc.start is None or loc.end is None:
        return None
    text = report.document.blocks[loc.paragraph].text
    a = max(0, loc.start - 20)
    b = min(len(text), loc.end + 20)
    before = ("…" if a > 0 else "") + text[a:loc.start]
    span = text[loc.start:loc.end] or " "
    after = text[loc.end:b] + ("…" if b < len(text) else "")
    line = (before + span + after).replace("\t", " ").replace("\n", " ")
    marker = " " * _width(before.replace("\t", " ")) + "^" * max(1, _width(span))
    return line, marker


def summary_text(counts: dict[str, int]) -> str:
    return f"{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示"


def render_report(report: Report, console, plain: bool) -> None:
    path = report.document.path
    for f in report.findings:
        loc = f.location
        where = f"{path}:{loc.line}:{(loc.start or 0) + 1}" if loc.line else f"{path}"
        sev = SEVERITY_NAMES[f.severity]
        if plain:
            console.print(f"{where}: {f.code} [{sev}] {f.message}", markup=False, highlight=False)
        else:
            from rich.text import Text

            t = Text()
            t.append(where, style="bold")
            t.append(": ")
            t.append(f.code, style=STYLES[f.severity])
            t.append(f" [{sev}] ", style=STYLES[f.severity])
            t.append(f.message)
            console.print(t)
        snip = _snippet(report, f)
        if snip:
            console.print(f"    | {snip[0]}", markup=False, highlight=False)
            console.print(f"    | {snip[1]}", markup=False, highlight=False, style=None if plain else STYLES[f.severity])
        elif f.excerpt:
            console.print(f"    | {f.excerpt}", markup=False, highlight=False)
        if loc.path:
            console.print(f"    位置：{loc.path}", markup=False, highlight=False)
        if f.fix:
            for i, line in enumerate(f.fix.splitlines()):
                console.print(("    = 建议：" if i == 0 else "            ") + line, markup=False, highlight=False)
    console.print(f"{path}：{summary_text(report.counts())}", markup=False, highlight=False)

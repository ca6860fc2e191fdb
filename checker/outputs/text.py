"""Terminal output in the manner of ruff and Vale: location, code, severity, message,
the excerpt with the span marked, the fix; a summary per file and overall.

Plain output (no colour: --no-color, NO_COLOR, a pipe) is written directly as text;
colour goes through rich with markup and emoji off, so "[bold]" or ":x:" in a draft is
printed as typed. Everything taken from the draft passes through ``printable``."""
from __future__ import annotations

import unicodedata

from ..engine import SEVERITY_NAMES, Finding
from .safe import printable

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def snippet(document, f: Finding) -> tuple[str, str, str] | None:
    """The text before the span (up to 20 characters), the span and the text after it,
    control characters escaped (made while the document is at hand, so that the document
    can be freed)."""
    loc = f.location
    if loc.paragraph is None or loc.start is None or loc.end is None:
        return None
    text = document.blocks[loc.paragraph].text
    a = max(0, loc.start - 20)
    b = min(len(text), loc.end + 20)
    before = printable(("…" if a > 0 else "") + text[a:loc.start])
    span = printable(text[loc.start:loc.end]) or " "
    after = printable(text[loc.end:b] + ("…" if b < len(text) else ""))
    return before, span, after


def summary_text(counts: dict[str, int]) -> str:
    return f"{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示"


def finding_lines(path: str, f: Finding, snip) -> list[tuple[str, str | None]]:
    """(line, style) pairs of one finding; the first line's style is the severity's."""
    loc = f.location
    where = f"{path}:{loc.line}:{(loc.start or 0) + 1}" if loc.line else path
    out: list[tuple[str, str | None]] = [
        (f"{where}: {f.code} [{SEVERITY_NAMES[f.severity]}] {printable(f.message)}", "head")]
    if snip:
        before, span, after = snip
        out.append((f"    | {before}{span}{after}", None))
        out.append((f"    | {' ' * _width(before)}{'^' * max(1, _width(span))}", STYLES[f.severity]))
    elif f.excerpt:
        out.append((f"    | {printable(f.excerpt)}", None))
    if loc.path:
        out.append((f"    位置：{printable(loc.path)}", None))
    if f.fix:
        for i, line in enumerate(f.fix.splitlines()):
            out.append((("    = 建议：" if i == 0 else "            ") + printable(line), None))
    return out


def render_result(result, write, console=None) -> None:
    """One checked file (a batch.FileResult). ``write`` takes plain text; ``console`` (rich)
    when colour is on."""
    path = printable(result.path)
    for f, snip in zip(result.findings, result.snippets):
        for line, style in finding_lines(path, f, snip):
            if console is None:
                write(line + "\n")
            elif style == "head":
                from rich.text import Text

                where, rest = line.split(f": {f.code} ", 1)
                t = Text()
                t.append(where, style="bold")
                t.append(": ")
                t.append(f.code, style=STYLES[f.severity])
                sev, message = rest.split("] ", 1)
                t.append(f" {sev}] ", style=STYLES[f.severity])
                t.append(message)
                console.print(t)
            else:
                console.print(line, markup=False, highlight=False, emoji=False, style=style)
    tail = f"{path}：{summary_text(result.counts())}"
    if console is None:
        write(tail + "\n")
    else:
        console.print(tail, markup=False, highlight=False, emoji=False)

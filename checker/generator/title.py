"""Breaking a long title into lines as GB/T 9704 7.3.3 asks: at a word boundary, never
inside a word ("法治|政府", "情|况") or between a number and its 年度, in 梯形 shape (each
line no longer than the next: "青溪县人民政府关于" / "2023年度法治政府建设情况的报告"), or
菱形 (longest in the middle) when three lines are needed."""
from __future__ import annotations

import itertools
import re

# 二号 (22 pt) characters condensed by 0.25 pt on the 442.25 pt line: 20 a line
MAX_EM = 20
MAX_LINES = 3
_OPEN = "（(“‘《〈【"
_CLOSE = "）)”’》〉】，、。；：！？"
_GLUE = {"的", "之"}  # never at a line's start or end: "情况|的报告", "情况的|报告"


def width(text: str) -> float:
    """Width in ems: half-width characters (digits, Latin) count a half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _segment(title: str, names: list[str]) -> list[str]:
    """Words of the title: the reporter's names kept whole, the rest cut by jieba."""
    from ..checks.nlp import tokenizer

    names = [*names, *_bracketed(title)]  # a note, a document's name
    names = sorted({n for n in names if n and width(n) <= MAX_EM}, key=len, reverse=True)
    pieces: list[tuple[str, bool]] = [(title, False)]
    for name in names:
        out = []
        for text, whole in pieces:
            if whole or name not in text:
                out.append((text, whole))
                continue
            parts = text.split(name)
            for i, part in enumerate(parts):
                if i:
                    out.append((name, True))
                if part:
                    out.append((part, False))
        pieces = out
    words: list[str] = []
    for text, whole in pieces:
        words += [text] if whole else [w for w in tokenizer().lcut(text) if w]
    return _glue(words)


def _bracketed(text: str) -> list[str]:
    """Outermost （…）, 《…》, “…” spans (nested ones inside them)."""
    pairs = {"（": "）", "(": ")", "《": "》", "“": "”"}
    spans, stack, start = [], [], 0
    for i, c in enumerate(text):
        if c in pairs:
            if not stack:
                start = i
            stack.append(pairs[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                spans.append(text[start:i + 1])
    return spans


def _glue(words: list[str]) -> list[str]:
    out: list[str] = []
    join_next = False
    for w in words:
        if out and (join_next or w[0] in _CLOSE or w in _GLUE
                    or (re.fullmatch(r"\d+", out[-1]) and w.startswith("年"))
                    or (w[0].isdigit() and re.search(r"(\d[年月]?|[—－-])$", out[-1]))):
            out[-1] += w
        else:
            out.append(w)
        join_next = w in _GLUE or w[-1] in _OPEN
    return out


def _cost(lines: list[str]) -> tuple[int, float]:
    """(shape class, raggedness): 梯形, then 菱形, then any other shape; a break after 关于
    or before the year is preferred, then lines as even as the shape allows."""
    ws = [width(x) for x in lines]
    if all(a <= b for a, b in zip(ws, ws[1:])):
        shape = 0
    elif len(ws) == 3 and ws[0] <= ws[1] >= ws[2]:
        shape = 1
    else:
        shape = 2
    natural = sum(2 for x in lines[:-1] if not x.endswith("关于")) + \
        sum(1 for x in lines[1:] if not re.match(r"\d", x))
    return shape, natural + max(ws) - min(ws)


def _best(words: list[str], shapes: int) -> list[str] | None:
    for n in range(2, MAX_LINES + 1):
        best = None
        for cuts in itertools.combinations(range(1, len(words)), n - 1):
            bounds = (0, *cuts, len(words))
            lines = ["".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
            if any(width(x) > MAX_EM for x in lines):
                continue
            cost = _cost(lines)
            if cost[0] <= shapes and (best is None or cost < best[0]):
                best = cost, lines
        if best is not None:
            return best[1]
    return None


def _inside(text: str, name: str, cut: int) -> bool:
    """True when cutting text at cut splits an occurrence of name."""
    return any(m.start() < cut < m.end() for m in re.finditer(re.escape(name), text)) if name else False


def split_title(title: str, names: list[str] = ()) -> list[str]:
    """The title's lines: one line when it fits (20 characters of 22 pt), else two or
    three lines broken between words in 梯形 or 菱形 shape. The reporter's name is kept
    on one line unless no such shape is possible otherwise; when no shape is, the best
    break between words; a title that cannot be broken so stays one line (Word wraps)."""
    if width(title) <= MAX_EM:
        return [title]
    # most titles break after 关于 or before the year: no need to load jieba (0.4 s)
    cuts = {m.end() for m in re.finditer("关于", title)} | {m.start() for m in re.finditer(r"\d{4}年", title)}
    quick = [[title[:i], title[i:]] for i in sorted(cuts) if 0 < i < len(title)]
    quick = [x for x in quick if all(width(y) <= MAX_EM for y in x) and _cost(x)[0] == 0
             and not any(_inside(title, n, len(x[0])) for n in [*names, *_bracketed(title)])
             and not title[len(x[0]) - 1].isdigit()]
    if quick:
        return min(quick, key=_cost)
    whole = _segment(title, list(names))
    for words, shapes in ((whole, 1), (_segment(title, []), 1), (whole, 2)):
        lines = _best(words, shapes)
        if lines:
            return lines
    return [title]

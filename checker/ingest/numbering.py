"""Render Word automatic numbering (numbering.xml) to the labels a reader sees.

Word keeps one set of counters per abstract numbering definition; every ``w:num``
that points to the same abstractNum continues the same list unless it overrides the
start value (``w:lvlOverride/w:startOverride``), in which case it gets counters of
its own. Advancing a level resets the deeper levels (unless ``w:lvlRestart`` says 0).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..numerals import CN_DIGITS as _CN_DIGITS, chinese_counting
from ..ooxml import xml_int

__all__ = ["Numbering", "chinese_counting", "format_number"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Bounds on label work: a hostile start value (10**12) must not build a gigantic label.
MAX_START = 32767  # the largest start value Word accepts
MAX_ROMAN = 3999  # larger numbers are written in decimal, as there is no roman numeral
MAX_LETTER = 26 * 30  # "a".."z", "aa".."zz", ... up to 30 repeats, then decimal
MAX_LEVEL_TEXT = 255  # characters of w:lvlText kept

def _roman(n: int) -> str:
    if not 0 < n <= MAX_ROMAN:
        return str(n)
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz
    if n <= 0:
        return ""
    if n > MAX_LETTER:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt in ("chineseCounting", "japaneseCounting", "taiwaneseCounting", "koreanCounting"):
        return chinese_counting(n)
    if fmt in ("chineseCountingThousand", "japaneseDigitalTenThousand", "taiwaneseCountingThousand"):
        return chinese_counting(n, thousand=True)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(c)] for c in str(n))
    if fmt == "chineseLegalSimplified":
        legal = "零壹贰叁肆伍陆柒捌玖"
        s = chinese_counting(n)
        return "".join(legal[_CN_DIGITS.index(c)] if c in _CN_DIGITS else {"十": "拾", "百": "佰", "千": "仟"}.get(c, c) for c in s)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    if fmt == "decimalHalfWidth":
        return str(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "ideographEnclosedCircle":
        return "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"[n - 1] if 1 <= n <= 10 else chinese_counting(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart
    is_lgl: bool = False


@dataclass
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # abstractNum id -> numStyleLink style
    defines: dict[str, str] = field(default_factory=dict)  # styleLink style -> abstractNum id

    @classmethod
    def from_xml(cls, root) -> "Numbering":
        self = cls()
        if root is None:
            return self
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            levels = {}
            for lvl in an.iter(W + "lvl"):
                ilvl = xml_int(lvl.get(W + "ilvl", "0"), 0, 8)
                if ilvl is not None:
                    levels[ilvl] = _level(lvl)
            self.abstract[aid] = levels
            link, defines = an.find(W + "numStyleLink"), an.find(W + "styleLink")
            if link is not None and link.get(W + "val"):
                self.links[aid] = link.get(W + "val")
            if defines is not None and defines.get(W + "val"):
                self.defines.setdefault(defines.get(W + "val"), aid)
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            aid = ref.get(W + "val") if ref is not None else None
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for ov in num.iter(W + "lvlOverride"):
                ilvl = xml_int(ov.get(W + "ilvl", "0"), 0, 8)
                if ilvl is None:
                    continue
                so = ov.find(W + "startOverride")
                start = xml_int(so.get(W + "val", "1"), 0, MAX_START) if so is not None else None
                if start is not None:
                    starts[ilvl] = start
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self.nums[nid] = (aid, starts, levels)
        return self

    def level(self, num_id: str, ilvl: int) -> Level | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        aid, _starts, overrides = entry
        if ilvl in overrides:
            return overrides[ilvl]
        return self.abstract.get(self._resolve(aid), {}).get(ilvl)

    def _resolve(self, aid: str | None) -> str | None:
        """The abstract numbering that defines the levels: a list style's numbering
        (numStyleLink) is defined by the abstractNum whose styleLink names that style.
        Loops (A links to B, B to A) and long chains end at the last one reached."""
        seen = {aid}
        while aid in self.links and not self.abstract.get(aid):
            target = self.defines.get(self.links[aid])
            if target is None or target in seen or len(seen) > 8:
                break
            seen.add(target)
            aid = target
        return aid

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter for (num_id, ilvl) and return the rendered label."""
        entry = self.nums.get(num_id)
        if entry is None or num_id == "0":
            return ""
        aid, starts, _ = entry
        key = f"num:{num_id}" if starts else f"abs:{self._resolve(aid)}"
        counters = self.counters.setdefault(key, {})
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return ""
        start = starts.get(ilvl, lvl.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            dl = self.level(num_id, deeper)
            if dl is not None and dl.restart == 0:
                continue
            del counters[deeper]
        out = lvl.text
        for i in range(9):
            token = f"%{i + 1}"
            if token not in out:
                continue
            li = self.level(num_id, i)
            if li is None:
                value = counters.get(i, 1)
                out = out.replace(token, str(value))
                continue
            value = counters.get(i, starts.get(i, li.start))
            fmt = "decimal" if (lvl.is_lgl and i < ilvl) else li.fmt
            out = out.replace(token, format_number(value, fmt))
        if lvl.fmt == "bullet":
            return ""  # bullets are not numbering labels a rule can read
        return out


def _level(lvl) -> Level:
    def val(tag, default=None):
        el = lvl.find(W + tag)
        return el.get(W + "val", default) if el is not None else default

    start = xml_int(val("start", "1"), 0, MAX_START)
    return Level(
        start=1 if start is None else start,
        fmt=val("numFmt", "decimal") or "decimal",
        text=(val("lvlText", "") or "")[:MAX_LEVEL_TEXT],
        restart=xml_int(val("lvlRestart"), 0, 9),
        is_lgl=lvl.find(W + "isLgl") is not None,
    )

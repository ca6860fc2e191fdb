"""Chinese numerals, defined once: the readers render Word numbering with them, rules
renumber headings with them."""
from __future__ import annotations

from decimal import Decimal

CN_DIGITS = "〇一二三四五六七八九"
_CN_DIGITS = CN_DIGITS


def chinese_counting(n: int, thousand: bool = False) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百〇五, 110 -> 一百一十."""
    if n <= 0 or n >= 10000:
        return str(n)
    digits = [int(c) for c in str(n)]
    names = ["千", "百", "十", ""][-len(digits):]
    out: list[str] = []
    pending_zero = False
    for d, name in zip(digits, names):
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("〇")
            pending_zero = False
        if not (name == "十" and d == 1 and not out):
            out.append(_CN_DIGITS[d])
        out.append(name)
    return "".join(out)


def figure_value(digits: str, multiplier: str = "") -> Decimal:
    """The value of a figure as written: "1,300" -> 1300, "1.2" with 万 -> 12000,
    "3.5" with 亿 -> 350000000 (half-width thousands commas, an optional 万 or 亿)."""
    value = Decimal(digits.replace(",", ""))
    return value * _MULTIPLIERS.get(multiplier, 1)


_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}

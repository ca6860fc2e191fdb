"""Text from a draft is untrusted: printed to a terminal or a CI log it must not carry
escape sequences (ESC/CSI/OSC: window titles, screen clearing, fake colours), other
control characters or bidirectional overrides. They are shown escaped ("\\x1b",
"\\u202e"), so the reader sees that they are there and the terminal does not act on them."""
from __future__ import annotations

import re

# C0 controls (tab and newline only where a caller allows them), DEL, C1 controls,
# bidirectional embeddings/overrides/isolates and marks, line/paragraph separators
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_UNSAFE_NO_TAB = re.compile("[\t\n" + _UNSAFE.pattern[1:])


def _escape(m: re.Match) -> str:
    c = ord(m.group(0))
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def printable(text: str, keep_tabs: bool = False) -> str:
    """text with every control character escaped; tabs and newlines kept only when
    keep_tabs (the `fzbg text` table cells) - newlines then stay as line breaks."""
    if not text:
        return text
    return (_UNSAFE if keep_tabs else _UNSAFE_NO_TAB).sub(_escape, text)

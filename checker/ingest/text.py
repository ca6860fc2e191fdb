"""Plain text (.txt) and the shared decoding of text formats."""
from __future__ import annotations

import codecs
import re

from ..errors import InputError
from ..model import Block, Document

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026]")
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")


def _plausible(text: str) -> bool:
    """A GB18030 decode of a non-Chinese file yields private-use or rare characters."""
    sample = text[:20000]
    if not sample.strip():
        return True
    if len(_BAD.findall(sample)) > max(2, len(sample) // 1000):
        return False
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return True
    ok = sum(1 for c in visible if c.isascii() or _CJK.match(c))
    return ok / len(visible) >= 0.95


def decode(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK."""
    if data.startswith(codecs.BOM_UTF8):
        enc = "utf-8-sig"
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        enc = "utf-16"
    else:
        enc = None
    if enc:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            raise InputError(path, f"文件声明为 {enc} 编码，但内容无法按该编码解码，请另存为 UTF-8 编码的文本。")
    candidates = []
    if declared:
        candidates.append(declared.lower())
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        if enc in ("gbk", "gb2312", "gb_2312-80", "x-gbk"):
            enc = "gb18030"
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if enc == "gb18030" and not _plausible(text):
            continue
        if "\x00" in text:
            continue
        return text, enc
    raise InputError(path, "无法识别文件编码（不是 UTF-8、UTF-16 或 GB18030/GBK 编码的中文文本），请在记事本或 WPS 中另存为 UTF-8 编码。")


def lines_to_blocks(lines: list[str]) -> list[Block]:
    blocks = []
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n").rstrip()
        if not text.strip():
            continue
        blocks.append(Block(index=len(blocks), text=text, line=number))
    return blocks


def read_txt(data: bytes, path: str) -> Document:
    text, enc = decode(data, path)
    blocks = lines_to_blocks(text.splitlines())
    return Document(path=path, format="txt", blocks=blocks, encoding=enc, raw=data)

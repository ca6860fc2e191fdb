"""Readers: bytes of a draft -> Document. Dispatch on content (magic bytes), then suffix."""
from __future__ import annotations

import io
import os
from pathlib import Path

from ..errors import InputError
from ..model import Document

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT = "请在 Word/WPS 中打开后“另存为” .docx，或用 LibreOffice 转换：soffice --headless --convert-to docx 文件名"


def _ole_kind(data: bytes) -> str:
    """'encrypted', 'doc', or 'ole' for an OLE compound file (via olefile)."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:
        return "ole"
    try:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            return "encrypted"
        if ole.exists("WordDocument"):
            return "doc"
        if ole.exists("Workbook") or ole.exists("PowerPoint Document"):
            return "office"
        return "ole"
    finally:
        ole.close()


def _sniff_text_format(data: bytes, suffix: str) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in (".html", ".htm") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    return "txt"


def load_bytes(data: bytes, path: str = "<bytes>", suffix: str | None = None) -> Document:
    if suffix is None:
        suffix = os.path.splitext(path)[1].lower()
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(path, "文件为空，没有可检查的内容。")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        from .docx import read_docx

        return read_docx(data, path)
    if data.startswith(_OLE):
        kind = _ole_kind(data)
        if kind == "encrypted":
            raise InputError(path, "文档已加密（设置了打开密码），无法读取。请在 Word/WPS 中取消密码（文件→信息→保护文档）后另存为 .docx 再检查。")
        if kind == "doc":
            raise InputError(path, "这是旧版 Word 97-2003 文档（.doc），不是 .docx。" + _CONVERT)
        if kind == "office":
            raise InputError(path, "这是 Excel 或 PowerPoint 文件，不是 Word 文档。请提供报告的 .docx 文件。")
        raise InputError(path, "这是旧版 Office 复合文档，无法识别为报告。" + _CONVERT)
    if data.startswith(b"%PDF"):
        raise InputError(path, "这是 PDF 文件，暂不支持。请提供报告的 .docx 原稿（或复制正文另存为 .txt）。")
    if data.startswith(b"{\\rtf"):
        raise InputError(path, "这是 RTF 文件，暂不支持。" + _CONVERT)
    if data[:4] in (b"\x89PNG", b"GIF8") or data[:3] == b"\xff\xd8\xff" or data[:2] == b"MZ" or data[:4] == b"\x7fELF":
        raise InputError(path, "这不是文字文档（图片或程序文件），无法检查。")
    if suffix == ".docx":
        raise InputError(path, "文件扩展名是 .docx，但内容不是 Word 文档（缺少 .docx 的压缩包结构）。" + _CONVERT)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:8192] and not utf16:
        raise InputError(path, "无法识别的二进制文件，不是支持的报告格式（.docx、.txt、.md、.html）。")
    fmt = _sniff_text_format(data, suffix)
    if fmt == "html":
        from .html import read_html

        return read_html(data, path)
    if fmt == "md":
        from .markdown import read_md

        return read_md(data, path)
    from .text import read_txt

    return read_txt(data, path)


def load(source, name: str | None = None) -> Document:
    """Read a draft from a path or from bytes. Raises InputError on bad input."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return load_bytes(data, name or "<bytes>")
    path = Path(source)
    display = name or str(source)
    if not path.exists():
        raise InputError(display, "文件不存在。")
    if path.is_dir():
        raise InputError(display, "这是一个文件夹，不是文件。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(display, f"无法读取文件（{exc.strerror or exc}）。")
    return load_bytes(data, display, path.suffix.lower())

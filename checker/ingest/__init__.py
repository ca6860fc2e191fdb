"""Readers: bytes of a draft -> Document. Dispatch on content (magic bytes), then suffix."""
from __future__ import annotations

import io
import os
from pathlib import Path

from ..errors import InputError, UnsupportedFormat
from ..model import Document
from ..limits import limits, mb

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
            fib = ole.openstream("WordDocument").read(12)
            if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & 0x0100:
                return "encrypted"  # FIB fEncrypted: a .doc with an opening password
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


def load_bytes(data: bytes, path: str = "<bytes>", suffix: str | None = None, formats=None) -> Document:
    """formats: when given, the formats (Document.format values; "doc", "wps", "rtf" for
    those LibreOffice converts) that may be read; any other detected format raises
    UnsupportedFormat before its reader (or LibreOffice) runs."""

    def allow(kind: str) -> None:
        if formats is not None and kind not in formats:
            shown = " ".join(DIRECT_SHOWN.get(f, "." + f) for f in formats)
            raise UnsupportedFormat(path, f"文件内容是 {KIND_NAMES.get(kind, kind)}，这里不支持（支持 {shown}）。", kind)

    if suffix is None:
        suffix = os.path.splitext(path)[1].lower()
    _check_size(len(data), path)
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(path, "文件为空，没有可检查的内容。")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        allow("docx")
        from .docx import read_docx

        return read_docx(data, path)
    if data.startswith(_OLE):
        kind = _ole_kind(data)
        if kind == "encrypted":
            raise InputError(path, "文档已加密（设置了打开密码），无法读取。请在 Word/WPS 中取消密码（文件→信息→保护文档）后另存为 .docx 再检查。")
        if kind == "doc":
            allow("wps" if suffix == ".wps" else "doc")
            return _converted(data, path, "wps" if suffix == ".wps" else "doc")
        if kind == "office":
            raise InputError(path, "这是 Excel 或 PowerPoint 文件，不是 Word 文档。请提供报告的 .docx 文件。")
        if suffix == ".wps":
            allow("wps")
            return _converted(data, path, "wps")  # Microsoft Works / WPS: LibreOffice knows them
        raise InputError(path, "这是旧版 Office 复合文档，无法识别为报告。" + _CONVERT)
    if data.startswith(b"%PDF"):
        allow("pdf")
        from .pdf import read_pdf

        return read_pdf(data, path)
    if data.startswith(b"{\\rtf"):
        allow("rtf")
        return _converted(data, path, "rtf")
    if data[:4] in (b"\x89PNG", b"GIF8") or data[:3] == b"\xff\xd8\xff" or data[:2] == b"MZ" or data[:4] == b"\x7fELF":
        raise InputError(path, "这不是文字文档（图片或程序文件），无法检查。")
    if suffix == ".pdf":
        raise InputError(path, "文件扩展名是 .pdf，但内容不是 PDF 文件（缺少 %PDF 文件头）。请提供报告的 .docx 原稿。")
    if suffix == ".docx":
        raise InputError(path, "文件扩展名是 .docx，但内容不是 Word 文档（缺少 .docx 的压缩包结构）。" + _CONVERT)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:8192] and not utf16:
        raise InputError(path, "无法识别的二进制文件，不是支持的报告格式（.docx、.txt、.md、.html、.pdf，以及经 LibreOffice 转换的 .doc、.wps、.rtf）。")
    fmt = _sniff_text_format(data, suffix)
    allow(fmt)
    if fmt == "html":
        from .html import read_html

        return read_html(data, path)
    if fmt == "md":
        from .markdown import read_md

        return read_md(data, path)
    from .text import read_txt

    return read_txt(data, path)


def _converted(data: bytes, path: str, kind: str) -> Document:
    """A .doc/.wps/.rtf read as the .docx LibreOffice makes of it (locations refer to it)."""
    from .convert import to_docx
    from .docx import read_docx

    doc = read_docx(to_docx(data, path, kind), path)
    doc.converted_from = kind
    return doc


# the formats whose result can be written back in kind (.docx, .txt, .md) or shown as is:
# what fzbg serve accepts (PDF and the converted formats are for check/outline only there)
DIRECT = {"docx": (".docx",), "txt": (".txt",), "md": (".md", ".markdown"), "html": (".html", ".htm")}
DIRECT_FORMATS = tuple(DIRECT)
DIRECT_SUFFIXES = tuple(s for suffixes in DIRECT.values() for s in suffixes)
DIRECT_SHOWN = {f: suffixes[0] for f, suffixes in DIRECT.items()}
KIND_NAMES = {"docx": "Word 文档（.docx）", "txt": "纯文本", "md": "Markdown", "html": "网页（HTML）",
              "pdf": "PDF", "doc": "旧版 Word 文档（.doc）", "wps": "WPS 文档（.wps）", "rtf": "RTF 文档"}


def supported_suffixes() -> frozenset[str]:
    """Suffixes a folder walk should check: DIRECT_SUFFIXES and .pdf always,
    .doc/.wps/.rtf only when LibreOffice is installed to convert them. The one list
    of what the checker reads (fzbg check FOLDER uses it)."""
    from .convert import soffice

    base = set(DIRECT_SUFFIXES) | {".pdf"}
    if soffice() is not None:
        base |= {".doc", ".wps", ".rtf"}
    return frozenset(base)


def _check_size(size: int, path: str) -> None:
    limit = limits().max_input
    if size > limit:
        raise InputError(path, f"文件过大（超过 {mb(limit)}），不像一份报告，已拒绝读取。"
                               "如确需检查，可设置环境变量 FZBG_MAX_INPUT_MB 放宽上限。")


_KINDS = {"folder": "这是一个文件夹，不是文件。",
          "fifo": "这是一个命名管道（FIFO），不是普通文件，已拒绝读取。",
          "device": "这是一个设备文件，不是普通文件，已拒绝读取。",
          "socket": "这是一个套接字，不是普通文件，已拒绝读取。"}


def read_input(path: Path | str, display: str | None = None) -> bytes:
    """The bytes of a regular file, at most the input size limit (FZBG_MAX_INPUT_MB).

    A FIFO, a device (/dev/zero), a socket or a folder is refused without reading (the
    file is opened non-blocking, so a FIFO with no writer does not hang, and checked
    with fstat, so a path swapped between check and open changes nothing); a file larger
    than the limit is refused before it is read, and a file that grows while being read
    (or under-reports its size, as /proc files do) is read to the limit and one byte."""
    from ..fsio import NotRegular, TooLarge, read_regular

    display = display or str(path)
    limit = limits().max_input
    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        raise InputError(display, "文件不存在。") from None
    except NotRegular as exc:
        raise InputError(display, _KINDS.get(exc.kind, "不是普通文件，已拒绝读取。")) from None
    except TooLarge:
        _check_size(limit + 1, display)
        raise
    except OSError as exc:
        raise InputError(display, f"无法读取文件（{exc.strerror or exc}）。") from None


def load(source, name: str | None = None, formats=None) -> Document:
    """Read a draft from a path or from bytes. Raises InputError on bad input
    (UnsupportedFormat for a format not in formats, when given)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return load_bytes(data, name or "<bytes>", formats=formats)
    path = Path(source)
    display = name or str(source)
    data = read_input(path, display)
    return load_bytes(data, display, path.suffix.lower(), formats=formats)

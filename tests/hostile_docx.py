"""Building hostile .docx packages and running fzbg on them in a bounded subprocess
(tests/attacks/test_read_*.py)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TITLE = "示例县人民政府关于2023年度法治政府建设情况的报告"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>")


def root_rels(main: str = "word/document.xml") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{main}"/></Relationships>')


def document_rels(*rels: tuple[str, str, str]) -> str:
    """(id, kind, target) relationships of the main part, e.g. ("rH", "header", "header1.xml")."""
    items = "".join(f'<Relationship Id="{i}" Type="{REL}/{k}" Target="{t}"/>' for i, k, t in rels)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>')


def paragraph(text: str, ppr: str = "", rpr: str = "") -> str:
    return (f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}"
            f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")


def document(body: str, doctype: str = "", sect: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{sect}</w:body></w:document>')


def report_body(extra: str = "") -> str:
    """A short report: title, addressee, one part with a heading and a body paragraph."""
    return (paragraph(TITLE) + paragraph("示例市人民政府：") + extra
            + paragraph("一、主要举措和成效") + paragraph("全年办理行政复议案件43件，纠正违法行为12起。"))


def package(parts: dict[str, str | bytes], main: str = "word/document.xml",
            compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A .docx: content types, package relationships, and the given parts."""
    files: dict[str, str | bytes] = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": root_rels(main)}
    files.update(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in files.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def report_docx(body: str | None = None, parts: dict[str, str | bytes] | None = None,
                doctype: str = "", sect: str = "") -> bytes:
    """A report package: word/document.xml from body (default: report_body()) plus parts."""
    files: dict[str, str | bytes] = {"word/document.xml": document(body if body is not None else report_body(),
                                                                     doctype, sect)}
    files.update(parts or {})
    return package(files)


def rewrite_parts(data: bytes, change) -> bytes:
    """The package zipped again (valid CRCs) with each member's bytes passed through
    change(name, data); a member for which change returns None is left out."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = change(info.filename, src.read(info))
            if new is not None:
                dst.writestr(info.filename, new)
    return out.getvalue()


def patch_member(data: bytes, name: str, *, flag: int | None = None, method: int | None = None) -> bytes:
    """Set general-purpose flag bits or the compression method of one member, in its
    local header and its central directory entry (what zipfile trusts)."""
    buf = bytearray(data)
    encoded = name.encode("utf-8")
    for sig, flag_at, method_at, name_len_at, head in ((b"PK\x03\x04", 6, 8, 26, 30), (b"PK\x01\x02", 8, 10, 28, 46)):
        pos = 0
        while (pos := buf.find(sig, pos)) >= 0:
            (n,) = struct.unpack("<H", buf[pos + name_len_at:pos + name_len_at + 2])
            if bytes(buf[pos + head:pos + head + n]) == encoded:
                if flag is not None:
                    (bits,) = struct.unpack("<H", buf[pos + flag_at:pos + flag_at + 2])
                    buf[pos + flag_at:pos + flag_at + 2] = struct.pack("<H", bits | flag)
                if method is not None:
                    buf[pos + method_at:pos + method_at + 2] = struct.pack("<H", method)
            pos += 4
    return bytes(buf)


def sha256(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


MEMORY_LIMIT = 3 * 1024 ** 3  # address space of one fzbg run: a bomb that inflates fails


def _limit_memory():  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def fzbg(*args, timeout: float = 120, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    """Run the fzbg command line in a child process with a generous time limit and an
    address-space limit: a hang fails the test by timing out, an unbounded allocation
    by MemoryError (a traceback)."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-c", "from checker.cli import main; main()", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env=full_env, cwd=cwd,
        preexec_fn=_limit_memory if sys.platform.startswith("linux") else None)


def check_json(*paths, **kw) -> tuple[subprocess.CompletedProcess, dict]:
    """fzbg check --format json over paths: (process, {path: file entry})."""
    result = fzbg("check", "--format", "json", *paths, **kw)
    assert "Traceback" not in result.stderr, result.stderr
    payload = json.loads(result.stdout)
    return result, {entry["path"]: entry for entry in payload["files"]}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)

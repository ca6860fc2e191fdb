"""Byte-level mutation fuzz (bounded): whatever hypothesis does to a valid .docx (the
zip as it is, or one XML part inside it zipped again with valid CRCs) or to a .txt,
`checker.check()` either reports or raises the project's own InputError. The long run
over thousands of mutants is bench/fuzz_docx.py."""
from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.errors import InputError
from conftest import FIXTURES

DOCX = (FIXTURES / "example.docx").read_bytes()
TXT = (FIXTURES / "clean_report.txt").read_bytes()
PARTS = ["word/document.xml", "word/styles.xml", "word/numbering.xml", "_rels/.rels",
         "word/_rels/document.xml.rels", "[Content_Types].xml"]
HOSTILE = [b"abc", b"-1", b"99999999999999999999", b"\xc2\xb2", b"", b"&x;", b"<", b'"', b"\x00", b"\xff"]

edits = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 4),
                           st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(HOSTILE))),
                 min_size=1, max_size=4)


def apply(data: bytes, ops) -> bytes:
    """Edits at relative positions: overwrite, insert, delete, truncate, or replace the
    next attribute value."""
    buf = bytearray(data)
    for where, op, chunk in ops:
        i = int(where * len(buf)) if buf else 0
        if op == 0:
            buf[i:i + len(chunk)] = chunk
        elif op == 1:
            buf[i:i] = chunk
        elif op == 2:
            del buf[i:i + 1 + len(chunk) * 8]
        elif op == 3:
            del buf[i:]
        else:
            q = buf.find(b'="', i)
            end = buf.find(b'"', q + 2) if q >= 0 else -1
            if end >= 0:
                buf[q + 2:end] = chunk
    return bytes(buf)


def rezip(part: str, ops) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(DOCX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, apply(body, ops) if info.filename == part else body)
    return out.getvalue()


def only_input_error(data: bytes, name: str) -> None:
    try:
        checker.check(data, name=name).to_dict()
    except InputError as exc:
        assert name in str(exc)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(edits)
def test_mutated_docx_bytes(ops):
    only_input_error(apply(DOCX, ops), "mutant.docx")


@FUZZ
@given(st.sampled_from(PARTS), edits)
def test_mutated_docx_part(part, ops):
    only_input_error(rezip(part, ops), "mutant.docx")


@FUZZ
@given(edits)
def test_mutated_txt(ops):
    only_input_error(apply(TXT, ops), "mutant.txt")

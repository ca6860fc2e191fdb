"""Byte-level mutation fuzz (bounded): whatever hypothesis does to a valid .docx (the
zip as it is, or one XML part inside it zipped again with valid CRCs) or to a .txt,
`checker.check()` either reports or raises the project's own InputError. The long run
over thousands of mutants is bench/fuzz_docx.py."""
from __future__ import annotations

import io
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.errors import InputError
from conftest import FIXTURES
from hostile_docx import rewrite_parts

DOCX = (FIXTURES / "example.docx").read_bytes()
TXT = (FIXTURES / "clean_report.txt").read_bytes()
PARTS = ["word/document.xml", "word/document.xml", "word/styles.xml", "word/numbering.xml", "_rels/.rels",
         "word/_rels/document.xml.rels", "[Content_Types].xml"]
HOSTILE = [b"abc", b"-1", b"99999999999999999999", b"\xc2\xb2", b"", b"&x;", b"<", b'"', b"\x00", b"\xff"]

ATTRIBUTE = re.compile(rb'="([^"<>]*)"')
edits = st.lists(st.tuples(st.integers(0, 2 ** 20), st.integers(0, 4),
                           st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(HOSTILE))),
                 min_size=1, max_size=4)


def apply(data: bytes, ops) -> bytes:
    """Edits at positions (taken modulo the length): overwrite, insert, delete,
    truncate, or replace an attribute value (most numbers the reader parses are)."""
    buf = bytearray(data)
    for where, op, chunk in ops:
        i = where % len(buf) if buf else 0
        if op == 0:
            buf[i:i + len(chunk)] = chunk
        elif op == 1:
            buf[i:i] = chunk
        elif op == 2:
            del buf[i:i + 1 + len(chunk) * 8]
        elif op == 3:
            del buf[i:]
        else:
            values = list(ATTRIBUTE.finditer(buf))
            if values:
                value = values[where % len(values)]
                buf[value.start(1):value.end(1)] = chunk
    return bytes(buf)


def rezip(part: str, edit) -> bytes:
    """The package with edit(bytes) applied to one part, zipped again (valid CRCs)."""
    return rewrite_parts(DOCX, lambda name, body: edit(body) if name == part else body)


def _values(part: str) -> list:
    return list(ATTRIBUTE.finditer(zipfile.ZipFile(io.BytesIO(DOCX)).read(part)))


NUMBERED_PARTS = {part: len(_values(part)) for part in ("word/document.xml", "word/numbering.xml")}


def only_input_error(data: bytes, name: str) -> None:
    try:
        checker.check(data, name=name).to_dict()
    except InputError as exc:
        assert name in str(exc)


FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(edits)
def test_mutated_docx_bytes(ops):
    only_input_error(apply(DOCX, ops), "mutant.docx")


@FUZZ
@given(st.sampled_from(PARTS), edits)
def test_mutated_docx_part(part, ops):
    only_input_error(rezip(part, lambda body: apply(body, ops)), "mutant.docx")


@FUZZ
@given(st.sampled_from(sorted(NUMBERED_PARTS)), st.data())
def test_hostile_attribute_values(part, data):
    """Attribute values (sizes, levels, margins, start values...) replaced by malformed
    or huge numbers; every value of the part is as likely to be picked."""
    picks = data.draw(st.lists(st.tuples(
        st.integers(0, NUMBERED_PARTS[part] - 1),
        st.one_of(st.sampled_from(HOSTILE), st.text("0123456789-+ea²", max_size=12).map(str.encode))),
        min_size=1, max_size=3))

    def edit(body: bytes) -> bytes:
        values = list(ATTRIBUTE.finditer(body))
        for k, value in sorted(picks, reverse=True):  # from the end: earlier offsets stay valid
            if k < len(values):
                body = body[:values[k].start(1)] + value + body[values[k].end(1):]
                values = list(ATTRIBUTE.finditer(body))
        return body

    only_input_error(rezip(part, edit), "mutant.docx")


@FUZZ
@given(edits)
def test_mutated_txt(ops):
    only_input_error(apply(TXT, ops), "mutant.txt")

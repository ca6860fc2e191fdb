"""Long mutation fuzz of the reader and the rules (issue 16): mutate valid inputs byte by
byte and run ``checker.check()`` on each mutant; anything raised other than the project's
own InputError is a defect. Counts are printed per exception type, with one example each.

    python bench/fuzz_docx.py [--count 3000] [--seed 1] [--save DIR]

Inputs: fixtures/example.docx as it is (deflated: most mutants break the zip layer), the
same package re-zipped without compression (the zip structure and CRCs are hit), one XML
part of it mutated and zipped again with valid CRCs ("member.docx": mutations reach the
XML parsers and the numeric attributes), and fixtures/clean_report.txt. The normal suite runs a bounded
version of this (tests/attacks/test_read_fuzz.py).
"""
from __future__ import annotations

import argparse
import collections
import io
import random
import sys
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import checker  # noqa: E402
from checker.errors import InputError  # noqa: E402
from hostile_docx import rewrite_parts  # noqa: E402

DIGITS = [b"0", b"-1", b"abc", b"99999999999999999999", b"1e9", b"\xc2\xb2", b"", b"4294967296"]


def stored_copy(data: bytes) -> bytes:
    """The same package with every member stored (no compression)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return out.getvalue()


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: flip, overwrite, insert, delete, truncate, duplicate a
    slice, or replace an attribute value by a hostile number."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        i = rng.randrange(max(len(buf), 1))
        if op == 0 and buf:
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1 and buf:
            buf[i] = rng.randrange(256)
        elif op == 2:
            alphabet = rng.choice((range(256), range(0x20, 0x7f)))
            buf[i:i] = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        elif op == 3:
            del buf[i:i + rng.randint(1, 64)]
        elif op == 4:
            del buf[i:]
        elif op == 5:
            j = rng.randrange(max(len(buf), 1))
            buf[j:j] = buf[i:i + rng.randint(1, 256)]
        else:
            q = buf.find(b'="', i)
            if q >= 0:
                end = buf.find(b'"', q + 2)
                if end >= 0:
                    buf[q + 2:end] = rng.choice(DIGITS)
    return bytes(buf)


def mutate_member(data: bytes, rng: random.Random) -> bytes:
    """Mutate one XML part inside the package and zip it again with valid CRCs, so the
    mutation reaches the XML parser and the code that reads attribute values."""
    xml = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith((".xml", ".rels"))]
    main = [n for n in xml if n in ("word/document.xml", "word/styles.xml", "word/numbering.xml")]
    victim = rng.choice(main if main and rng.random() < 0.7 else xml)
    return rewrite_parts(data, lambda name, body: mutate(body, rng) if name == victim else body)


def run(inputs: dict[str, bytes], count: int, seed: int, save: Path | None) -> collections.Counter:
    rng = random.Random(seed)
    outcomes: collections.Counter = collections.Counter()
    examples: dict[str, str] = {}
    names = sorted(inputs)
    slowest = (0.0, "")
    for n in range(count):
        name = names[n % len(names)]
        mutant = mutate_member(inputs[name], rng) if name == "member.docx" else mutate(inputs[name], rng)
        t = time.perf_counter()
        try:
            checker.check(mutant, name=name).to_dict()
            outcomes[f"{name}: ok"] += 1
        except InputError:
            outcomes[f"{name}: InputError"] += 1
        except Exception as exc:  # noqa: BLE001 - counting what escapes is the point
            key = f"{name}: {type(exc).__module__}.{type(exc).__name__}"
            outcomes[key] += 1
            if key not in examples:
                examples[key] = traceback.format_exc(limit=-3)
                if save:
                    save.mkdir(parents=True, exist_ok=True)
                    (save / f"{n}-{name}").write_bytes(mutant)
        took = time.perf_counter() - t
        if took > slowest[0]:
            slowest = (took, f"mutant {n} of {name}")
    for key, tb in examples.items():
        print(f"--- first {key}\n{tb}")
    print(f"slowest: {slowest[0]:.2f} s ({slowest[1]})")
    return outcomes


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save", type=Path, default=None, help="folder for the first mutant of each escaping exception")
    args = ap.parse_args()
    docx = (ROOT / "fixtures" / "example.docx").read_bytes()
    inputs = {"deflated.docx": docx, "stored.docx": stored_copy(docx), "member.docx": docx,
              "report.txt": (ROOT / "fixtures" / "clean_report.txt").read_bytes()}
    t = time.perf_counter()
    outcomes = run(inputs, args.count, args.seed, args.save)
    for key, n in sorted(outcomes.items()):
        print(f"{n:6d}  {key}")
    bad = sum(n for k, n in outcomes.items() if not k.endswith((": ok", ": InputError")))
    print(f"{args.count} mutants in {time.perf_counter() - t:.1f} s; escaped: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

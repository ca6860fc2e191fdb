"""Benchmark: reading + outlining a ~15,000-character DOCX in-process, as a ratio to
the bare cost of zipfile + lxml parsing of its document.xml, measured in the same run.

    python bench/bench_read.py [--repeat 30] [--docx PATH]

The target (issue 3) is a ratio of at most 10. Figures are medians over --repeat runs.
"""
from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import checker  # noqa: E402
from _timing import median_time  # noqa: E402


def make_docx(chars: int = 15000) -> bytes:
    """A report-shaped DOCX from the seed texts when present, else synthetic text."""
    from docx import Document

    seeds = ROOT.parent / "shared" / "seeds"
    lines: list[str] = []
    if seeds.exists():
        for f in sorted(seeds.glob("*.txt")):
            lines += [x for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    if not lines:
        lines = ["一、主要举措和成效"] + [f"（{i}）全年办理行政复议案件{i}件，纠正违法行为{i}起。" for i in range(1, 400)]
    doc = Document()
    total = 0
    i = 0
    while total < chars:
        line = lines[i % len(lines)]
        doc.add_paragraph(line)
        total += len(line)
        i += 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--docx")
    args = ap.parse_args()
    data = Path(args.docx).read_bytes() if args.docx else make_docx()

    def baseline():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            etree.fromstring(zf.read("word/document.xml"))

    def read_outline():
        checker.outline(checker.load(data, "bench.docx"))

    read_outline()  # warm caches (rule data, regexes)
    base = median_time(baseline, args.repeat)
    ours = median_time(read_outline, args.repeat)
    chars = len(checker.load(data).text)
    print(f"document: {chars} characters, {len(data)} bytes")
    print(f"baseline zipfile+lxml parse: {base * 1000:.2f} ms")
    print(f"load + outline:              {ours * 1000:.2f} ms")
    print(f"ratio: {ours / base:.1f}x (target <= 10x)")


if __name__ == "__main__":
    main()

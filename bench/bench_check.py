"""Benchmark: a full `check` (read, outline, every rule) in-process, per report, as a
ratio to the bare zipfile + lxml parse of the same report's DOCX, measured in the same
run. Reports: the five seeds (as DOCX built from their text) when ../shared/seeds exists,
and fixtures/example.docx.

    python bench/bench_check.py [--repeat 15]

jieba (OUT005) is warmed once first: its one-off load is reported separately. OUT005
keeps the segmentation of the texts it saw: "check ms" is a report checked again (after
an edit, say), "unseen ms" a report never seen (that cache emptied before each check).
$FZBG_BENCH_SRC measures another checkout's code (see bench_batch.py).
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(os.environ.get("FZBG_BENCH_SRC") or ROOT).resolve()))

import checker  # noqa: E402
from _timing import median_time  # noqa: E402


def docx_from_text(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        if line.strip():
            doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    reports = {"example.docx": (ROOT / "fixtures" / "example.docx").read_bytes()}
    seeds = ROOT.parent / "shared" / "seeds"
    for f in sorted(seeds.glob("*.txt")) if seeds.exists() else []:
        reports[f.stem[:3] + ".docx"] = docx_from_text(f.read_text(encoding="utf-8"))

    t = time.perf_counter()
    checker.check(reports["example.docx"], name="warm.docx")
    print(f"first check in this process (rule data + jieba load): {(time.perf_counter() - t) * 1000:.0f} ms")
    try:
        from checker.checks.nlp import _segments

        forget = _segments.cache_clear
    except ImportError:  # code without that cache
        forget = lambda: None  # noqa: E731
    print(f"{'report':<14}{'chars':>7}{'parse ms':>10}{'check ms':>10}{'ratio':>8}{'unseen ms':>11}{'ratio':>8}")
    for name, data in reports.items():
        def base():
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                etree.fromstring(zf.read("word/document.xml"))

        b = median_time(base, args.repeat)
        c = median_time(lambda: checker.check(data, name=name), args.repeat)
        u = median_time(lambda: (forget(), checker.check(data, name=name)), args.repeat)
        chars = len(checker.load(data).text)
        print(f"{name:<14}{chars:>7}{b * 1000:>10.2f}{c * 1000:>10.1f}{c / b:>8.0f}x{u * 1000:>11.1f}{u / b:>8.0f}x")


if __name__ == "__main__":
    main()

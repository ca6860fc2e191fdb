"""Benchmark: reading a PDF draft vs reading the .docx it was made from, in the same run.

    python bench/bench_read_pdf.py [--repeat 20] [--pdf PATH --docx PATH]

Default pair: fixtures/converted/example.pdf and fixtures/example.docx (one page), and
fixtures/converted/clean_report.pdf / .docx (two pages, running header and footers).
Prints the median time of checker.load for each file and the ratio PDF / DOCX. With
LibreOffice installed, also the .doc and .rtf conversions (one run each: a LibreOffice
start dominates them)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import checker  # noqa: E402
from _timing import median_time  # noqa: E402
from checker.ingest.convert import soffice  # noqa: E402

FIX = ROOT / "fixtures"
PAIRS = [(FIX / "converted" / "example.pdf", FIX / "example.docx"),
         (FIX / "converted" / "clean_report.pdf", FIX / "converted" / "clean_report.docx")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--pdf")
    ap.add_argument("--docx")
    args = ap.parse_args()
    pairs = [(Path(args.pdf), Path(args.docx))] if args.pdf and args.docx else PAIRS
    for pdf, docx in pairs:
        pdf_data, docx_data = pdf.read_bytes(), docx.read_bytes()
        checker.load(pdf_data, "b.pdf"), checker.load(docx_data, "b.docx")  # warm imports
        t_pdf = median_time(lambda: checker.load(pdf_data, "b.pdf"), args.repeat)
        t_docx = median_time(lambda: checker.load(docx_data, "b.docx"), args.repeat)
        pages = checker.load(pdf_data, "b.pdf").layout["pages"]
        print(f"{pdf.name} ({pages} pages, {len(pdf_data)} bytes): {t_pdf * 1000:.2f} ms; "
              f"{docx.name}: {t_docx * 1000:.2f} ms; ratio PDF/DOCX {t_pdf / t_docx:.2f}x")
    if soffice() is not None and not args.pdf:
        t_docx = median_time(lambda: checker.load(FIX / "example.docx"), args.repeat)
        for name in ("example.doc", "example.rtf"):
            t = time.perf_counter()
            checker.load(FIX / "converted" / name)
            t = time.perf_counter() - t
            print(f"{name} through LibreOffice: {t * 1000:.0f} ms; ratio to example.docx {t / t_docx:.0f}x")


if __name__ == "__main__":
    main()

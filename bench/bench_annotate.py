"""Benchmark: --annotate cost as findings grow, as a ratio to 1,000 findings on the same
document in the same run (linear work gives a ratio near 10 for 10,000 findings; the
python-docx version was quadratic: 162 s for 10,000).

    python bench/bench_annotate.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import checker  # noqa: E402
from checker.engine import Finding, Location  # noqa: E402
from checker.outputs.annotate import annotate_docx  # noqa: E402
from _timing import median_time  # noqa: E402

LINE = "全年办理行政复议案件四十三件纠正违法行为十二起整改问题五个"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from docx import Document

    d = Document()
    for _ in range(400):
        p = d.add_paragraph()
        p.add_run(LINE[:13]).bold = True
        p.add_run(LINE[13:])
    buf = io.BytesIO()
    d.save(buf)
    path = Path("/tmp") / "fzbg_bench_annotate.docx"
    path.write_bytes(buf.getvalue())
    report = checker.check(path)

    def run(n: int) -> float:
        per = n // 400
        report.findings = [Finding("PUN001", "warning", "示例", None, Location(paragraph=i, start=k, end=k + 1), "")
                           for i in range(400) for k in range(per)]
        return median_time(lambda: annotate_docx(report), args.repeat)

    base = run(1000)
    big = run(10000)
    print(f"1,000 findings: {base:.3f} s; 10,000 findings: {big:.3f} s; ratio {big / base:.1f} (linear: ~10)")
    path.unlink()


if __name__ == "__main__":
    main()

"""Benchmark: `generate` (validate + build context + docxtpl render + save) against a
bare docxtpl render + save of the same template with the same context, in the same run.
Target (issue 6): at most 1.3x.

    python bench/bench_generate.py [--repeat 20]
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _timing import median_time  # noqa: E402
from checker.data import templates_dir  # noqa: E402
from checker.generator import build_context, generate_bytes, validate  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    data = yaml.safe_load((templates_dir() / "example.yaml").read_text(encoding="utf-8"))
    template = templates_dir() / "government.docx"
    context = build_context(validate(data))

    def bare():
        from docxtpl import DocxTemplate

        tpl = DocxTemplate(str(template))
        tpl.render(context, autoescape=True)
        tpl.save(io.BytesIO())

    def ours():
        generate_bytes(data)

    bare()
    ours()
    # interleave the two so that machine noise hits both alike
    b = min(median_time(bare, args.repeat) for _ in range(3))
    o = min(median_time(ours, args.repeat) for _ in range(3))
    print(f"bare docxtpl render + save: {b * 1000:.1f} ms")
    print(f"fzbg generate:              {o * 1000:.1f} ms")
    print(f"ratio: {o / b:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()

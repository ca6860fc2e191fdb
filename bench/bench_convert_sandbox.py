"""Benchmark: a LibreOffice conversion in each confinement mode, in the same run.

    python bench/bench_convert_sandbox.py [--repeat 3] [--file fixtures/converted/clean_report.doc]

Converts the file with checker.ingest.convert in the mode this system allows (normally
"namespaces": the sandbox) and in the weaker modes ("network": `unshare -rn` only;
"none": the profile's settings only), alternating so that load on the machine hits all
alike, and prints the median time of each and its ratio to "none". Also the time of the
one-off check that picks the mode (`sandbox()`)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import statistics  # noqa: E402

from checker.ingest import convert  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--file", default=str(ROOT / "fixtures" / "converted" / "clean_report.doc"))
    args = ap.parse_args()
    if convert.soffice() is None:
        sys.exit("LibreOffice (soffice) is not installed")
    t = time.perf_counter()
    best = convert.sandbox()
    print(f"mode check: {best} in {(time.perf_counter() - t) * 1000:.0f} ms")
    path = Path(args.file)
    data = path.read_bytes()
    modes = {"namespaces": ["namespaces", "network", "none"], "network": ["network", "none"]}.get(best, ["none"])
    samples: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(args.repeat):
        for mode in modes:
            convert._SANDBOX = mode
            t = time.perf_counter()
            convert.to_docx(data, str(path), path.suffix.lstrip(".") or "doc")
            samples[mode].append(time.perf_counter() - t)
    base = statistics.median(samples["none"])
    for mode in modes:
        med = statistics.median(samples[mode])
        print(f"{mode}: {med * 1000:.0f} ms (median of {args.repeat}); ratio to none {med / base:.2f}x")


if __name__ == "__main__":
    main()

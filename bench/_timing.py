"""Shared by the benchmark scripts: the median of repeated timings of a callable."""
from __future__ import annotations

import statistics
import time


def median_time(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)

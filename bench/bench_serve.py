"""Load check of fzbg serve on loopback: 200 check requests from 8 concurrent clients
against a server started for the run, every answer checked (status 200 and the same
findings as an in-process check), p50/p95 latency reported as ratios to the CLI's
per-file time (`fzbg check FILE --format json` as a process) measured in the same run.

    python bench/bench_serve.py [--requests 200] [--clients 8] [--workers 2]

Drafts: fixtures/example.docx and, when ../shared/seeds exists, the seed reports (.txt).
Bounded: loopback only, each request has a 120 s client timeout, the server is stopped
at the end.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import checker  # noqa: E402
from _timing import median_time  # noqa: E402

FZBG = [sys.executable, "-c", "import sys; from checker.cli import main; sys.argv[0] = 'fzbg'; main()"]


def drafts() -> list[tuple[str, bytes]]:
    out = [("example.docx", (ROOT / "fixtures" / "example.docx").read_bytes())]
    seeds = ROOT.parent / "shared" / "seeds"
    for f in sorted(seeds.glob("*.txt")) if seeds.exists() else []:
        out.append((f"seed{len(out)}.txt", f.read_bytes()))
    return out


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode("utf-8")
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def start_server(workers: int):
    proc = subprocess.Popen(FZBG + ["serve", "--port", "0", "--workers", str(workers), "--timeout", "120"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline())
    if not match:
        proc.kill()
        raise SystemExit("fzbg serve did not start: " + proc.stderr.read())
    url = f"http://127.0.0.1:{match.group(1)}/"
    urllib.request.urlopen(url + "healthz", timeout=120).read()  # waits for the workers
    return proc, url


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5, help="CLI runs per draft for its median")
    args = ap.parse_args()
    files = drafts()

    # baselines, same run: the CLI as a process per file, and an in-process check
    tmp = Path(__import__("tempfile").mkdtemp(prefix="fzbg-bench-"))
    cli_times, inproc_times, expected = {}, {}, {}
    for name, data in files:
        (tmp / name).write_bytes(data)
        cli_times[name] = median_time(lambda: subprocess.run(FZBG + ["check", str(tmp / name), "--format", "json"],
                                                             capture_output=True, check=False), args.repeat)
        checker.check(data, name=name)
        inproc_times[name] = median_time(lambda: checker.check(data, name=name), args.repeat)
        expected[name] = [f.code for f in checker.check(data, name=name).findings]
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()

    proc, url = start_server(args.workers)
    bodies = [(name, *multipart(name, data)) for name, data in files]

    def one(i: int):
        name, body, ctype = bodies[i % len(bodies)]
        req = urllib.request.Request(url + "api/v1/check", data=body, headers={"Content-Type": ctype})
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                status, payload = r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            status, payload = exc.code, None
        elapsed = time.perf_counter() - t
        ok = status == 200 and [f["code"] for f in payload["files"][0]["findings"]] == expected[name]
        return name, elapsed, ok, status

    try:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(one, range(args.requests)))
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(15)

    bad = [(n, s) for n, _e, ok, s in results if not ok]
    lat = sorted(e for _n, e, _ok, _s in results)
    p50 = statistics.median(lat)
    p95 = lat[max(0, int(round(0.95 * len(lat))) - 1)]
    cli = statistics.median(cli_times.values())
    inproc = statistics.median(inproc_times.values())
    print(f"drafts: {', '.join(n for n, _ in files)}")
    print(f"CLI per file (process, median over drafts): {cli * 1000:.0f} ms; in-process check: {inproc * 1000:.0f} ms")
    print(f"{args.requests} requests, {args.clients} clients, {args.workers} workers: {len(bad)} errors, "
          f"{wall:.1f} s wall, {args.requests / wall:.1f} req/s")
    print(f"latency p50 {p50 * 1000:.0f} ms ({p50 / cli:.2f}x CLI)  p95 {p95 * 1000:.0f} ms ({p95 / cli:.2f}x CLI)")
    if bad:
        print("errors:", bad[:10])
        raise SystemExit(1)


if __name__ == "__main__":
    main()

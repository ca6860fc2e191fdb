"""Checking many files: found in folders without leaving them, checked in worker
processes (or in this process), results handed back one by one in input order as soon
as they are ready, each document freed once its result is made.

``check_files`` is a generator: the first result is available while later files are
still being checked, and memory does not grow with the number of files (only a small
window of results ahead of the one being handed out is kept).

Time limit: a file whose check runs longer than ``timeout`` seconds gets status error.
In a worker process that is enforced by killing the worker (a new one takes its place),
which stops anything, even a regular expression or an XML parse running in C. That is why
a time limit runs the check in a worker even with ``jobs=1``: a signal (SIGALRM) in this
process would only be handled between Python bytecodes, so a hostile input stuck in one C
call would not be stopped. ``jobs=1`` with no limit (``timeout=0``) checks in this process;
so does ``keep_reports`` (the annotated copy needs the parsed document), where the limit is
a SIGALRM on the main thread: best effort, as just said.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import InputError, JobTimeout, UsageError

# what a user would expect the checker to read, with why it does not when LibreOffice is
# missing; what it does read is checker.ingest.supported_suffixes()
_NO_SOFFICE = "本机没有安装 LibreOffice（sudo apt install libreoffice-writer-nogui），或在 Word/WPS 中“另存为” .docx 后再检查"
SKIPPED_SUFFIXES = {
    ".doc": "旧版 Word 97-2003 文档（.doc），未检查：" + _NO_SOFFICE,
    ".wps": "WPS 文字文档（.wps），未检查：" + _NO_SOFFICE,
    ".rtf": "RTF 文件，未检查：" + _NO_SOFFICE,
}
DEFAULT_TIMEOUT = 30.0
RECYCLE_AFTER = 200  # a worker is replaced after this many files: memory stays flat


@dataclass
class Entry:
    """A file to check, or one found and skipped (reason set)."""
    path: Path
    skip: str | None = None


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _walk(root: Path) -> Iterator[Entry]:
    """Files under root, sorted, never leaving root: a symbolic link whose target is
    outside it (or missing) is listed as skipped with the reason."""
    from .ingest import supported_suffixes

    checked = supported_suffixes()
    real_root = root.resolve()
    found: list[Entry] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        here = Path(folder)
        for d in dirs:
            p = here / d
            if p.is_symlink():
                reason = _link_outside(p, real_root)
                if reason:
                    found.append(Entry(p, reason))
        for name in names:
            if _hidden(name):
                continue
            p = here / name
            suffix = p.suffix.lower()
            if suffix not in checked and suffix not in SKIPPED_SUFFIXES:
                continue
            if p.is_symlink():
                reason = _link_outside(p, real_root)
                if reason:
                    found.append(Entry(p, reason))
                    continue
            if not p.is_file():  # a FIFO or a device would block or never end
                found.append(Entry(p, "不是普通文件（管道、设备等），未检查"))
            elif suffix not in checked:
                found.append(Entry(p, SKIPPED_SUFFIXES[suffix]))
            else:
                found.append(Entry(p))
    found.sort(key=lambda e: str(e.path))
    yield from found


def _link_outside(p: Path, real_root: Path) -> str | None:
    try:
        target = p.resolve(strict=True)
    except (OSError, RuntimeError):
        return "符号链接指向的文件不存在（或链接成环），未检查"
    if target != real_root and real_root not in target.parents:
        return f"符号链接指向文件夹之外（{target}），未检查"
    return None  # inside the folder (a folder link is not followed: it is walked where it is)


def expand_paths(paths: Iterable[Path]) -> list[Entry]:
    """Files as given; folders recursively for the formats the checker reads (Word's
    lock files "~$x.docx" and hidden files and folders skipped silently; .doc .wps .rtf
    when LibreOffice is missing and links out of the folder listed as skipped)."""
    out: list[Entry] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(_walk(p))
        else:
            out.append(Entry(p))
    return out


@dataclass
class FileResult:
    """What is kept of one checked file: no document, only what the outputs need."""
    index: int
    path: str
    status: str  # ok | error
    error: str | None = None
    skipped: bool = False
    data: dict | None = None  # Report.to_dict()
    findings: list = field(default_factory=list)  # Finding objects (SARIF, text)
    snippets: list = field(default_factory=list)  # per finding: (line, marker) or None
    paragraphs: int = 0
    failed: bool = False
    seconds: float = 0.0
    report: Any = None  # the full Report, only when asked for (keep_reports)
    usage_error: str | None = None  # a configuration mistake: ends the whole run

    def counts(self) -> dict[str, int]:
        if self.data is None:
            return {"info": 0, "warning": 0, "error": 0}
        return dict(self.data["counts"])

    def to_dict(self) -> dict:
        if self.status == "ok":
            return self.data
        d = {"path": self.path, "status": "error", "error": {"message": self.error},
             "report": None, "outline": None, "findings": []}
        if self.skipped:
            d["skipped"] = True
        return d


def check_one(index: int, path: Path, config, options: dict, keep_report: bool = False) -> FileResult:
    """Read and check one file; never raises for a bad file."""
    from .api import load
    from .engine import check_document
    from .outputs.text import snippet

    t = time.perf_counter()
    name = str(path)
    try:
        doc = load(path)
        report = check_document(doc, config=config, **options)
    except InputError as exc:
        return FileResult(index, name, "error", error=str(exc), seconds=time.perf_counter() - t)
    except UsageError as exc:
        return FileResult(index, name, "error", error=str(exc), usage_error=str(exc))
    except RecursionError:
        return FileResult(index, name, "error", error=f"{name}：文档结构嵌套过深，无法检查。",
                          seconds=time.perf_counter() - t)
    except MemoryError:
        return FileResult(index, name, "error", error=f"{name}：文档过大，检查时内存不足。",
                          seconds=time.perf_counter() - t)
    except JobTimeout:
        raise
    except Exception as exc:  # a defect must not stop the batch: the file is reported
        return FileResult(index, name, "error",
                          error=f"{name}：检查时发生内部错误（{type(exc).__name__}），请将该文件报告给维护者。",
                          seconds=time.perf_counter() - t)
    return FileResult(index, name, "ok", data=report.to_dict(), findings=report.findings,
                      snippets=[snippet(report.document, f) for f in report.findings],
                      paragraphs=len(doc.blocks), failed=report.failed(),
                      seconds=time.perf_counter() - t, report=report if keep_report else None)


def timeout_message(path: str, seconds: float) -> str:
    return f"{path}：检查超过 {seconds:g} 秒仍未完成，已中止（文件可能过大或构造异常；可用 --timeout 调整时限）。"


def _skipped(index: int, entry: Entry) -> FileResult:
    return FileResult(index, str(entry.path), "error", error=f"{entry.path}：{entry.skip}", skipped=True)


# ---------------------------------------------------------------- in this process

def _alarm(_signum, _frame):
    raise JobTimeout()


def _in_process(tasks, options, timeout, keep_reports) -> Iterator[FileResult]:
    use_alarm = bool(timeout) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    for index, entry, config in tasks:
        if entry.skip:
            yield _skipped(index, entry)
            continue
        if not use_alarm:
            yield check_one(index, entry.path, config, options, keep_reports)
            continue
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            result = check_one(index, entry.path, config, options, keep_reports)
        except JobTimeout:
            result = FileResult(index, str(entry.path), "error", error=timeout_message(str(entry.path), timeout))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        yield result


# ---------------------------------------------------------------- worker processes

def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the thread that started it ends (the
    parent killed, say), even in the middle of a check that holds the GIL."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn, parent_end, options, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent
    _die_with_parent()
    if os.getppid() != parent:  # died before the line above took effect
        return
    if parent_end is not None:
        parent_end.close()  # inherited by fork: without this the pipe never reports EOF
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:  # the parent died (killed): do not linger
                    return
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, path, config = msg
        conn.send(check_one(index, path, config, options))


class _Worker:
    def __init__(self, ctx, options):
        parent, child = ctx.Pipe()
        forked = ctx.get_start_method() == "fork"
        self.proc = ctx.Process(target=_worker_main, args=(child, parent if forked else None, options, os.getpid()),
                                daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        self.task: tuple[int, Entry] | None = None
        self.started = 0.0
        self.done = 0

    def send(self, index, entry, config) -> None:
        self.task = (index, entry)
        self.started = time.monotonic()
        self.conn.send((index, entry.path, config))

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork: a worker starts in milliseconds with the rules already loaded by the parent
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _in_workers(tasks, options, jobs, timeout) -> Iterator[FileResult]:
    from multiprocessing.connection import wait

    ctx = _context()
    tasks = iter(tasks)
    window = max(4, jobs * 4)  # results kept ahead of the one being handed out
    pending: deque = deque()
    ready: dict[int, FileResult] = {}
    next_out = 0
    exhausted = False
    workers = [_Worker(ctx, options) for _ in range(jobs)]

    def refill():
        nonlocal exhausted
        while not exhausted and len(pending) + len(ready) + sum(w.task is not None for w in workers) < window:
            try:
                item = next(tasks)
            except StopIteration:
                exhausted = True
                return
            index, entry, _config = item
            if entry.skip:
                ready[index] = _skipped(index, entry)
            else:
                pending.append(item)

    def replace(i, kill):
        workers[i].stop(kill=kill)
        workers[i] = _Worker(ctx, options)

    try:
        while True:
            refill()
            while next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
                refill()
            for i, w in enumerate(workers):
                if w.task is None and pending:
                    if w.done >= RECYCLE_AFTER:
                        replace(i, kill=False)
                        w = workers[i]
                    w.send(*pending.popleft())
            busy = [w for w in workers if w.task is not None]
            if not busy:
                if exhausted and not pending and not ready:
                    return
                continue
            wait_for = None
            if timeout:
                wait_for = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], wait_for)
            now = time.monotonic()
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                index, entry = w.task
                result = None
                if w.conn.poll():
                    try:
                        result = w.conn.recv()
                        w.task = None
                        w.done += 1
                    except (EOFError, OSError):
                        result = None
                if result is None and not w.proc.is_alive():
                    result = FileResult(index, str(entry.path), "error",
                                        error=f"{entry.path}：检查时进程意外退出（文件可能过大或构造异常）。")
                    replace(i, kill=True)
                elif result is None and timeout and now - w.started >= timeout:
                    result = FileResult(index, str(entry.path), "error", error=timeout_message(str(entry.path), timeout),
                                        seconds=now - w.started)
                    replace(i, kill=True)
                if result is not None:
                    ready[result.index] = result
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)


def check_files(entries: Iterable[Entry | Path | str], configs=None, jobs: int = 1,
                timeout: float | None = DEFAULT_TIMEOUT, keep_reports: bool = False,
                **options) -> Iterator[FileResult]:
    """Check files one by one and yield a FileResult for each, in input order, as soon as
    it is ready. ``entries`` is consumed lazily. ``configs`` maps a path to its Config
    (default: found upward from the file, as fzbg check does). ``options`` are those of
    ``engine.check_document`` (profile, year, select, ignore, fail_on)."""
    from .engine import find_config

    def tasks():
        for index, e in enumerate(entries):
            e = e if isinstance(e, Entry) else Entry(Path(e))
            config = None
            if not e.skip:
                config = configs(e.path) if callable(configs) else find_config(e.path)
            yield index, e, config

    in_process = keep_reports or (jobs <= 1 and not timeout)
    if options.get("previous") is not None and _context().get_start_method() != "fork":
        in_process = True  # a parsed document (lxml) reaches a worker only by fork
    if in_process:
        return _in_process(tasks(), options, timeout, keep_reports)
    return _in_workers(tasks(), options, max(1, jobs), timeout)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)

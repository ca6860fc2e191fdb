"""The work a request asks for, run in a bounded worker pool (processes by default) so
that one large upload does not hold up the others.

Each job is a module-level function (picklable), calls only checker.api, and returns a
plain tuple: ("ok", value) or ("error", status, message, extra). Exceptions are turned
into that tuple inside the worker, since the package's exceptions do not all survive
pickling, and a traceback never reaches a response."""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import JobTimeout

log = logging.getLogger("fzbg.serve")


class Busy(Exception):
    pass


def _paragraphs(doc, outline) -> list[dict]:
    return [{"index": b.index, "line": b.line, "text": b.text, "role": outline.role_of(b), "cell": b.cell_ref()}
            for b in doc.blocks]


def check(data: bytes, name: str, options: dict, paragraphs: bool = False, previous: tuple | None = None):
    """What `fzbg check --format json` prints for this one file (tests/test_serve_api.py
    keeps the two equal). previous: last year's report as (bytes, name), as --previous."""
    from .. import __version__, api

    doc = api.load_upload(data, name)
    report = api.check(doc, previous=_previous(previous), **options)
    payload = api.json_document(__version__, [report.to_dict()])
    if paragraphs:  # the page shows the text; not part of the CLI's JSON unless asked
        payload["files"][0]["paragraphs"] = _paragraphs(doc, report.outline)
    return payload


def _previous(previous: tuple | None):
    from .. import api

    return None if previous is None else api.load_upload(*previous, field="previous")


class _Refused(Exception):
    def __init__(self, response: tuple):
        self.response = response


def _load_for(data: bytes, name: str, formats: tuple, refusal: str):
    """The upload read if its content is one of formats (plus the converted formats when
    LibreOffice is here: written back as .docx, as the CLI does); else a 415 saying
    what the file is and `refusal` (what this endpoint can take)."""
    from .. import api
    from ..errors import UnsupportedFormat

    converted = api.converted_formats() if api.conversion_available() else ()
    try:
        return api.load_upload(data, name, formats=formats + converted)
    except UnsupportedFormat as exc:
        if exc.kind in api.converted_formats():
            raise  # no LibreOffice here: its own message
        what = api.KIND_NAMES.get(exc.kind, "其他格式")
        raise _Refused(("error", 415, f"{name}：这个文件是{what}，{refusal}。", None)) from None


def annotate(data: bytes, name: str, options: dict, previous: tuple | None = None):
    from .. import api

    try:
        doc = _load_for(data, name, ("docx",), "只有 Word 文档（.docx）可以生成带批注的副本（请用“检查”查看问题，"
                                               "或在 Word/WPS 中另存为 .docx 后再生成批注副本）")
    except _Refused as exc:
        return exc.response
    return api.annotate(doc, previous=_previous(previous), **options)


def fix(data: bytes, name: str, options: dict):
    from .. import api

    try:
        doc = _load_for(data, name, ("docx", "txt", "md"), "只能修改 .docx、.txt 和 .md 文件（网页请先另存为文本）")
    except _Refused as exc:
        return exc.response
    fixed, applied, skipped = api.fix(doc, **options)
    return fixed, len(applied), len(skipped), doc.format


def generate(data, template: str | None):
    from .. import api

    if isinstance(data, dict):
        errors = api.input_errors(data)
        if errors:
            return ("error", 422, "输入内容有误：\n" + "\n".join(f"{e['field']}：{e['message']}" for e in errors), errors)
        return api.generate(data, template=template)
    raw, name = data
    return api.generate_upload(raw, name, template=template)


def skeleton(reporter: str, year: int, kind: str):
    from .. import api

    return api.skeleton(reporter, year, kind)


def warm():
    """Load the rule data and jieba once per worker, before the first request."""
    from .. import api

    api.check("青溪县2023年度法治政府建设情况的报告\n".encode(), name="warm.txt")
    return "ok"


def _on_alarm(signum, frame):
    raise JobTimeout()


def run_job(fn, args: tuple, timeout: float | None):
    """Run fn(*args) and return ("ok", value) or ("error", status, message, extra). In a
    worker process the time limit is enforced here too (SIGALRM), so a job that runs
    too long frees its worker."""
    from ..errors import FzbgError, InputDataError, InputError, UnsupportedFormat, UsageError

    alarm = bool(timeout) and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        value = fn(*args)
        if isinstance(value, tuple) and value and value[0] == "error":
            return value
        return ("ok", value)
    except JobTimeout:
        return ("error", 504, f"处理超时（超过 {timeout:g} 秒），请拆分文件或稍后再试", None)
    except UnsupportedFormat as exc:
        return ("error", 415, str(exc), None)
    except InputDataError as exc:
        return ("error", 422, str(exc), None)
    except (InputError, UsageError) as exc:
        return ("error", 400, str(exc), None)
    except FzbgError as exc:
        return ("error", 400, str(exc), None)
    except Exception:  # a bug: logged here, the response says only that it failed
        log.exception("fzbg serve: job %s failed", getattr(fn, "__name__", fn))
        return ("error", 500, "服务器内部错误，请将该文件反馈给维护人员", None)
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


class Pool:
    """A bounded pool: `workers` processes (or threads when processes=False), at most
    `queue` jobs waiting or running at once (more: Busy, answered with 503)."""

    def __init__(self, workers: int, processes: bool = True, timeout: float | None = 60.0, queue: int | None = None):
        self.workers = max(1, workers)
        self.processes = processes
        self.timeout = timeout
        self._slots = asyncio.Semaphore(queue or self.workers * 8)
        self._executor: Executor | None = None
        self._retry = asyncio.Lock()
        self._tasks: set = set()

    def start(self) -> None:
        if self.processes:
            # spawn: a worker never inherits the server's threads or sockets
            self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        else:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="fzbg-serve")

    async def warm(self) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._executor, run_job, warm, (), None)
                               for _ in range(self.workers)))

    def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _restart(self, broken: Executor) -> None:
        """Start a new pool in place of `broken`, unless that was done already (every
        job of a broken pool fails with it: the first one to see it restarts)."""
        if self._executor is not broken:
            return
        log.error("fzbg serve: a worker process died; restarting the pool")
        self.stop()
        self.start()
        task = asyncio.get_running_loop().create_task(self._warm_quietly())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _warm_quietly(self) -> None:
        try:
            await self.warm()
        except BrokenProcessPool:
            pass  # broken again meanwhile: the job that saw it restarts it

    async def _submit(self, fn, args):
        loop = asyncio.get_running_loop()
        executor = self._executor
        future = loop.run_in_executor(executor, run_job, fn, args, self.timeout)
        # the worker stops itself at the limit; this is the backstop (threads, or a
        # job stuck in C code)
        limit = None if not self.timeout else self.timeout + (2 if self.processes else 0)
        try:
            return await asyncio.wait_for(future, limit)
        except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh
            self._restart(executor)
            raise

    async def run(self, fn, *args):
        if self._slots.locked():
            raise Busy()
        async with self._slots:
            try:
                try:
                    return await self._submit(fn, args)
                except BrokenProcessPool:
                    # which job killed the worker is not known: each job of the broken pool
                    # is tried once more, one at a time, so the one that kills a worker
                    # again fails alone and the others are answered
                    async with self._retry:
                        return await self._submit(fn, args)
            except BrokenProcessPool:
                return ("error", 500, "处理该文件时工作进程异常退出，请稍后重试或将文件反馈给维护人员", None)
            except asyncio.TimeoutError:
                return ("error", 504, f"处理超时（超过 {self.timeout:g} 秒），请拆分文件或稍后再试", None)

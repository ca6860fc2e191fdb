"""Running fzbg on hostile input in a child process, with a memory limit and a timeout
(shared by tests/attacks/: the child must refuse cleanly, not exhaust the machine)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MEMORY_LIMIT = 2 * 1024 ** 3  # address space of the child; a bomb would need far more
TIMEOUT = 120  # generous: a refused input takes about a second


def _limit_memory():  # pragma: no cover - runs in the child
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass


def run_fzbg(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """fzbg ARGS in a child process; returns its exit code, stdout and stderr (text)."""
    code = "import sys; from checker.cli import main; sys.argv[0] = 'fzbg'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd,
        preexec_fn=_limit_memory if sys.platform != "win32" else None,
    )


def refused(result: subprocess.CompletedProcess, *words: str) -> bool:
    """Exit 2, a one-line-per-problem Chinese message naming what is wrong, no traceback."""
    err = result.stderr
    return (result.returncode == 2 and err.startswith("fzbg: 错误：") and "Traceback" not in err
            and all(w in err for w in words))

"""Writing output files: atomically, never onto an input.

``write_atomic`` writes to a temporary file in the target folder and renames it over
the target (os.replace), so a reader sees either the old file or the complete new one,
and a failed write leaves nothing behind. ``same_file`` tells whether two paths are the
same file by identity (device and inode): a hard link or a symlink to an input is the
input."""
from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def same_file(a: Path, b: Path) -> bool:
    """True when both paths exist and are the same file (symlinks followed)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and a rename.
    An existing file keeps its permission bits; a new one gets the usual 0666 & ~umask.
    Raises OSError; on any failure the temporary file is removed."""
    with atomic_writer(path) as fh:
        fh.write(data)


@contextmanager
def atomic_writer(path: Path, text: bool = False):
    """A file object (binary, or UTF-8 text when text is true) writing to a temporary file
    beside path; on a normal exit it is flushed, synced, given path's permission bits (or
    0666 & ~umask for a new file) and renamed over path. On an exception the temporary
    file is removed and path is left as it was. Raises OSError."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except (OSError, ValueError):
        mode = 0o666 & ~_UMASK
    # the name is cut: a long (but legal) target name must not make the temporary one too long
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") if text else os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class NotRegular(OSError):
    """read_regular: the path is not a regular file; kind is "folder", "fifo", "device",
    "socket" or "other"."""

    def __init__(self, path, kind: str):
        super().__init__(f"not a regular file ({kind}): {path}")
        self.kind = kind


class TooLarge(OSError):
    """read_regular: the file is larger than the limit."""

    def __init__(self, path, limit: int):
        super().__init__(f"larger than {limit} bytes: {path}")
        self.limit = limit


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def read_regular(path, limit: int) -> bytes:
    """The bytes of a regular file of at most limit bytes. Opened non-blocking (a FIFO with
    no writer does not hang) and checked with fstat (a path swapped between a check and
    the open changes nothing); a file larger than the limit is refused before it is read,
    one that grows (or under-reports its size, as /proc files do) is read to the limit
    and one byte. Raises NotRegular, TooLarge, or OSError (FileNotFoundError, ...):
    plain errors, each caller words them in its own message."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise NotRegular(path, "folder") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(path, _kind(st.st_mode))
        if st.st_size > limit:
            raise TooLarge(path, limit)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb", buffering=0) as fh:
        chunks, size = [], 0
        while size <= limit:
            chunk = fh.read(min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise TooLarge(path, limit)
    return b"".join(chunks)

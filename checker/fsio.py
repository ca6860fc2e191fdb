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

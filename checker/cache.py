"""The fzbg cache folder: jieba's trimmed dictionary and prefix cache (checker/checks/nlp.py),
the marks of YAML rule files already validated (checker/engine/discovery.py) and the
rule data of rules/*.yaml in marshal form (checker/data.py).

``$XDG_CACHE_HOME/fzbg`` (else ~/.cache/fzbg); when that is not writable, one folder per
user in the temporary folder (``fzbg-cache-<uid>``, used only when it is the user's own
and nobody else can write to it); None when neither can be used (then nothing is cached).
`existing_cache_dir` is the same folder only when it exists already: what is cheap to
recompute (the marks) never creates a folder in the user's home by itself.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _writable(folder: str) -> bool:
    try:
        probe = os.path.join(folder, ".probe")
        with open(probe, "w") as fh:
            fh.write("")
        os.remove(probe)
        return True
    except OSError:
        return False


def _private_folder(folder: str) -> bool:
    """folder is a real folder (not a link) of this user that no one else can write to:
    in a shared temporary folder, another user could otherwise plant the cache."""
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    uid = os.getuid() if hasattr(os, "getuid") else st.st_uid
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == uid
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _folders() -> tuple[str, str]:
    """The user's cache folder and the per-user fallback in the temporary folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return os.path.join(base, "fzbg"), os.path.join(tempfile.gettempdir(), f"fzbg-cache-{uid}")


def cache_dir() -> str | None:
    """The cache folder, or None when no folder can be used safely."""
    user, shared = _folders()
    try:
        os.makedirs(user, exist_ok=True)
        if _writable(user):
            return user
    except OSError:
        pass
    if _private_folder(shared) and _writable(shared):
        return shared
    return None


def existing_cache_dir() -> str | None:
    """The folder cache_dir() returns, when it exists already (else None: nothing is
    created)."""
    user, shared = _folders()
    if os.path.isdir(user):
        if _writable(user):
            return user
    if os.path.isdir(shared) and _private_folder(shared) and _writable(shared):
        return shared
    return None

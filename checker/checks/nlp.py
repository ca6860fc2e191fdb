"""jieba, loaded lazily, fast and silently.

Only rules that set ``needs_jieba`` call ``tokenizer()``; a check that runs none of them
never imports jieba. jieba's full dictionary (349k words) costs about 1 s to load even
from its marshal cache, so the tokenizer uses a trimmed dictionary: the 36k words of
frequency >= 100 (same segmentation of report text in our measurements, 0.07 s to load
from cache) plus the domain dictionary rules/terms.txt. The trimmed dictionary and
jieba's prefix cache live in ``$XDG_CACHE_HOME/fzbg`` (else ~/.cache/fzbg); when that
is not writable, in one folder per user in the temporary folder (``fzbg-cache-<uid>``,
used only when it is the user's own and nobody else can write to it); when neither
can be used, in a temporary folder removed as soon as jieba is loaded (no cache, and
nothing left behind); the folder is found by checker/cache.py. jieba's logger is
silenced. The segmentation of the last texts seen is kept (`_segments`): a report
checked again, or text repeated across reports, is not segmented twice.
"""
from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache

from ..data import rules_dir
from ..cache import cache_dir as _cache_dir

_TOKENIZER = []


MIN_FREQ = 100


def _trimmed_dictionary(jieba, cache: str) -> str:
    name = os.path.join(cache, f"fzbg-jieba-{getattr(jieba, '__version__', 'x')}-f{MIN_FREQ}.txt")
    if os.path.exists(name):
        return name
    src = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    keep = []
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= MIN_FREQ:
                keep.append(line)
    fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.writelines(keep)
    os.replace(tmp, name)  # atomic: a concurrent run sees the old state or the whole file
    return name


def _import_jieba():
    """jieba without pkg_resources: jieba._compat imports it only to open its own data
    files and falls back to plain open() when it is missing; importing pkg_resources
    costs more than jieba itself (and warns of its deprecation)."""
    import sys

    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


def tokenizer():
    if not _TOKENIZER:
        jieba = _import_jieba()

        jieba.setLogLevel(logging.ERROR)
        logging.getLogger("jieba").setLevel(logging.ERROR)
        cache = _cache_dir()
        if cache is None:
            with tempfile.TemporaryDirectory(prefix="fzbg-") as scratch:
                _TOKENIZER.append(_load(jieba, scratch))
        else:
            _TOKENIZER.append(_load(jieba, cache))
    return _TOKENIZER[0]


def _load(jieba, cache: str):
    """A loaded tokenizer; after this, jieba reads nothing more from cache."""
    tk = jieba.Tokenizer(dictionary=_trimmed_dictionary(jieba, cache))
    tk.tmp_dir = cache
    tk.initialize()
    tk.load_userdict(str(rules_dir() / "terms.txt"))
    return tk


@lru_cache(maxsize=1024)
def _segments(text: str) -> tuple[str, ...]:
    """The search-mode segmentation of a text (kept for the texts seen last: checking a
    report again after an edit, or the same boilerplate in many reports, costs nothing)."""
    return tuple(tokenizer().lcut_for_search(text))


def terms(text: str, stop: set[str]) -> set[str]:
    """Content words of two or more Chinese characters; compound dictionary words also
    give their parts (search mode: "普法宣传" -> 普法, 宣传, 普法宣传)."""
    out = set()
    for w in _segments(text):
        w = w.strip()
        if len(w) >= 2 and w not in stop and all("\u4e00" <= c <= "\u9fff" for c in w):
            out.add(w)
    return out

"""jieba, loaded lazily, fast and silently.

Only rules that set ``needs_jieba`` call ``tokenizer()``; a check that runs none of them
never imports jieba. jieba's full dictionary (349k words) costs about 1 s to load even
from its marshal cache, so the tokenizer uses a trimmed dictionary: the 36k words of
frequency >= 100 (same segmentation of report text in our measurements, 0.07 s to load
from cache) plus the domain dictionary rules/terms.txt. The trimmed dictionary and
jieba's prefix cache live in ``$XDG_CACHE_HOME/fzbg`` (else ~/.cache/fzbg), falling back
to a temporary folder when that is not writable. jieba's logger is silenced.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from ..data import rules_dir

_TOKENIZER = []


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    for candidate in (os.path.join(base, "fzbg"), os.path.join(tempfile.gettempdir(), "fzbg-cache")):
        try:
            os.makedirs(candidate, exist_ok=True)
            probe = os.path.join(candidate, ".probe")
            with open(probe, "w") as fh:
                fh.write("")
            os.remove(probe)
            return candidate
        except OSError:
            continue
    return tempfile.mkdtemp(prefix="fzbg-")


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


def tokenizer():
    if not _TOKENIZER:
        import jieba

        jieba.setLogLevel(logging.ERROR)
        logging.getLogger("jieba").setLevel(logging.ERROR)
        cache = _cache_dir()
        tk = jieba.Tokenizer(dictionary=_trimmed_dictionary(jieba, cache))
        tk.tmp_dir = cache
        tk.initialize()
        tk.load_userdict(str(rules_dir() / "terms.txt"))
        _TOKENIZER.append(tk)
    return _TOKENIZER[0]


def terms(text: str, stop: set[str]) -> set[str]:
    """Content words of two or more Chinese characters; compound dictionary words also
    give their parts (search mode: "普法宣传" -> 普法, 宣传, 普法宣传)."""
    out = set()
    for w in tokenizer().lcut_for_search(text):
        w = w.strip()
        if len(w) >= 2 and w not in stop and all("\u4e00" <= c <= "\u9fff" for c in w):
            out.add(w)
    return out

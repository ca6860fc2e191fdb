"""jieba, loaded lazily and silently, with its dictionary cache in the user cache dir.

Only rules that set ``needs_jieba`` call ``tokenizer()``; a check that runs none of them
never pays jieba's dictionary load. The prefix dictionary is cached by jieba itself in
``$XDG_CACHE_HOME/fzbg`` (else ~/.cache/fzbg), falling back to a temporary folder when
that is not writable; its logger is silenced so nothing reaches stderr.
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


def tokenizer():
    if not _TOKENIZER:
        import jieba

        jieba.setLogLevel(logging.ERROR)
        logging.getLogger("jieba").setLevel(logging.ERROR)
        tk = jieba.Tokenizer()
        tk.tmp_dir = _cache_dir()
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

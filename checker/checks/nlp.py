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
silenced. Texts are segmented run by run (`runs`, the pieces jieba segments one by
one anyway) by `search_words`, jieba's algorithm with less overhead; the segmentation of
the last runs seen is kept (`_segments`): a report checked again, or text repeated
across reports, is not segmented twice.
"""
from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from math import log

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
    _read_prefix_cache(tk)
    tk.initialize()  # builds (and caches) the prefix dictionary unless read above
    tk.load_userdict(str(rules_dir() / "terms.txt"))
    return tk


def _read_prefix_cache(tk) -> None:
    """Fill tk from jieba's own prefix cache, when jieba would read it (the file and the
    freshness test of Tokenizer.initialize), from its bytes: marshal.load on a file object
    (what jieba calls) reads it piece by piece, four times slower than marshal.loads of
    the whole file (about 30 ms against 7 ms of a cold check). Anything unexpected leaves
    tk as it was, for initialize() to do as before."""
    import marshal
    from hashlib import md5

    path = os.path.join(tk.tmp_dir, "jieba.u%s.cache" % md5(tk.dictionary.encode("utf-8", "replace")).hexdigest())
    try:
        if not os.path.getmtime(path) > os.path.getmtime(tk.dictionary):
            return
        with open(path, "rb") as fh:
            freq, total = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if type(freq) is dict and type(total) is int:
        tk.FREQ, tk.total, tk.initialized = freq, total, True


@lru_cache(maxsize=8192)
def _segments(run: str) -> tuple[str, ...]:
    """The search-mode segmentation of one run (see runs()), kept for the runs seen last:
    checking a report again after an edit, or the same boilerplate in many reports, costs
    nothing."""
    return tuple(search_words(tokenizer(), run))


def search_words(tk, run: str) -> list[str]:
    """tk.lcut_for_search(run) for one run (see runs()), computed the same way with less
    interpretive overhead: jieba's route through the word graph (Tokenizer.get_DAG and
    calc: for each start, the best of log(frequency) - log(total) + the best from there,
    ties going to the longer word) in one loop without the graph, then its __cut_DAG
    (single characters gathered and passed to its HMM, jieba.finalseg) and
    cut_for_search (the dictionary's 2- and 3-character parts of longer words) as written
    there. tests/test_jieba_loading.py compares the two on real report text."""
    import sys

    finalseg = sys.modules["jieba.finalseg"]
    freq = tk.FREQ
    logtotal = log(tk.total)
    n = len(run)
    route = [(0, 0)] * (n + 1)
    get = freq.get
    for k in range(n - 1, -1, -1):
        best = None
        i, frag = k, run[k]
        while i < n:
            f = get(frag)  # None: no word starts so; 0: a prefix of words only
            if f is None:
                break
            if f:
                cand = (log(f) - logtotal + route[i + 1][0], i)
                if best is None or cand > best:
                    best = cand
            i += 1
            frag = run[k:i + 1]
        route[k] = best if best is not None else (log(1) - logtotal + route[k + 1][0], k)
    words: list[str] = []
    buf = ""
    x = 0
    while x <= n:
        y = route[x][1] + 1 if x < n else None
        if x < n and y - x == 1:
            buf += run[x]
            x = y
            continue
        if buf:
            if len(buf) == 1:
                words.append(buf)
            elif not freq.get(buf):
                words += finalseg.cut(buf)
            else:
                words += buf
            buf = ""
        if x == n:
            break
        words.append(run[x:y])
        x = y
    out: list[str] = []
    for w in words:
        if len(w) > 2:
            out += [g for g in (w[i:i + 2] for i in range(len(w) - 1)) if freq.get(g)]
        if len(w) > 3:
            out += [g for g in (w[i:i + 3] for i in range(len(w) - 2)) if freq.get(g)]
        out.append(w)
    return out


def runs(text: str) -> list[str]:
    """The runs of a text jieba segments one by one, each once, in order: jieba splits a
    text at every character outside its word pattern (jieba.re_han_default: CJK, Latin
    letters, digits, +#&._%-) and segments each run on its own, yielding the other
    characters one by one, so the segmentation of a text is that of its runs in turn and
    its terms are the union of theirs (search mode only adds parts of a word)."""
    tokenizer()
    import sys

    return list(dict.fromkeys(sys.modules["jieba"].re_han_default.findall(text)))


def run_terms(run: str, stop: set[str]) -> set[str]:
    """The terms (see terms()) of one run."""
    out = set()
    for w in _segments(run):
        w = w.strip()
        if len(w) >= 2 and w not in stop and all("\u4e00" <= c <= "\u9fff" for c in w):
            out.add(w)
    return out


def terms(text: str, stop: set[str]) -> set[str]:
    """Content words of two or more Chinese characters; compound dictionary words also
    give their parts (search mode: "普法宣传" -> 普法, 宣传, 普法宣传). The characters
    between runs are single-character or blank words, never terms."""
    out = set()
    for run in runs(text):
        out |= run_terms(run, stop)
    return out

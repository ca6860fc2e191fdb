"""Faster scans of the data rules' regular expressions, with the same matches.

Python's `re` skips ahead quickly only when a pattern starts with a literal or a set of
characters; a data rule's alternation of named groups or of lookbehinds (TERM002,
YEAR002, RES002) is instead tried branch by branch at every position of every paragraph.
Two facts about a pattern, read from its parse tree, make the same scan cheaper:

- the characters a match can start with (what its first consumed character can be;
  lookarounds consume nothing): the pattern is compiled as ``(?=[those])(?:pattern)``,
  which fails at once at any other position. A match starts where its first character
  is, so the matches (spans, groups, names) are the same;
- strings one of which any match needs in the text (a literal of every branch, lookahead
  contents included): a paragraph holding none of them has no match and is not scanned.

Anything the analysis does not know (case-insensitive or verbose flags, a negated set
or any character first, a pattern that can match the empty string) is not used: the
result is the same, only not faster.

Cold start: analysing and compiling the data rules' patterns costs about 25 ms of a
cold `fzbg check` (re's compiler walks every CJK range such as [\u4e00-\u9fff]
character by character, ~0.7 ms each). What a Scan is made of (the pattern compiled,
the needles, and re's compiled form: its code, groups and group names) is kept in the
fzbg cache folder (when that exists, see checker/cache.py), one file per Python build,
and a Scan of a pattern found there is rebuilt from it with `_sre.compile`, which
validates the code. An entry is written only when the pattern it rebuilds equals
(`==`: same text, flags and code) the one re.compile gives; anything unexpected (another
Python, a changed `_sre`, an unreadable file) compiles as before. The patterns in re's
own cache when the rules are loaded (the rule modules' re.compile calls, ~20 ms more)
are kept the same way and put back into re's cache before the rule modules are imported
(warm_re_cache), where re.compile finds them first; when re keeps no such dict cache,
nothing is put there.
"""
from __future__ import annotations

import os
import re
import sys
from re import _constants as C
from re import _parser as P

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_MAX_SET = 8  # a set of more characters is no needle worth testing for
_MAX_NEEDLES = 32  # more tests than that cost more than the scan they save


class Unknown(Exception):
    """A construct the analysis does not model."""


def _first_of(items) -> tuple[list, bool]:
    """(class items the first consumed character may match, whether the sequence may
    consume nothing)."""
    out: list = []
    for op, av in items:
        got, empty = _first_item(op, av)
        out += got
        if not empty:
            return out, False
    return out, True


def _first_item(op, av) -> tuple[list, bool]:
    if op is C.LITERAL:
        return [(av, av)], False
    if op is C.IN:
        got = []
        for o, a in av:
            if o is C.LITERAL:
                got.append((a, a))
            elif o is C.RANGE:
                got.append(a)
            elif o is C.CATEGORY and a in _CATEGORIES:
                got.append(_CATEGORIES[a])
            else:  # NEGATE and the rest
                raise Unknown
        return got, False
    if op is C.SUBPATTERN:
        if av[1] or av[2]:  # local flags
            raise Unknown
        return _first_of(av[3].data)
    if op is C.ATOMIC_GROUP:
        return _first_of(av.data)
    if op is C.BRANCH:
        got, empty = [], False
        for alt in av[1]:
            g, e = _first_of(alt.data)
            got += g
            empty = empty or e
        return got, empty
    if op in _REPEATS:
        low, high, sub = av
        if high == 0:
            return [], True
        got, empty = _first_of(sub.data)
        return got, empty or low == 0
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
        return [], True  # consumes nothing
    raise Unknown


def _has_prefix(items) -> bool:
    """Whether re skips ahead by itself: the pattern starts with a literal or a set (in
    groups without flags), or with alternatives that each start with a literal."""
    if not items:
        return False
    op, av = items[0]
    if op is C.SUBPATTERN and not (av[1] or av[2]):
        return _has_prefix(av[3].data)
    if op is C.BRANCH:
        return all(alt.data and alt.data[0][0] is C.LITERAL for alt in av[1])
    return op in (C.LITERAL, C.IN)


def _narrow(items: list) -> bool:
    """Whether a first-character class is rare enough to be worth testing: no class of
    letters or of CJK characters (which match most positions of a report)."""
    return all(x in (r"\d", r"\s") if isinstance(x, str) else x[1] - x[0] < 256 for x in items)


def _class(items: list) -> str:
    parts = []
    for x in sorted(set(items), key=str):
        if isinstance(x, str):
            parts.append(x)
        else:
            lo, hi = x
            parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
    return "[" + "".join(parts) + "]"


def _best(options: list[frozenset]) -> frozenset | None:
    """The most telling of several needle sets (each: one of its strings must occur)."""
    if not options:
        return None
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def _needles_of(items) -> frozenset | None:
    """Strings one of which must occur in the text for the sequence to match, or None."""
    options: list[frozenset] = []
    run = ""
    for op, av in items:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append(frozenset([run]))
            run = ""
        got = None
        if op is C.IN and all(o is C.LITERAL for o, _a in av) and len(av) <= _MAX_SET:
            got = frozenset(chr(a) for _o, a in av)
        elif op is C.SUBPATTERN and not (av[1] or av[2]):
            got = _needles_of(av[3].data)
        elif op is C.ATOMIC_GROUP:
            got = _needles_of(av.data)
        elif op in _REPEATS and av[0] >= 1:
            got = _needles_of(av[2].data)
        elif op is C.ASSERT:  # a lookahead's or lookbehind's text must be there too
            got = _needles_of(av[1].data)
        elif op is C.BRANCH:
            alts = [_needles_of(alt.data) for alt in av[1]]
            if all(alts):
                got = frozenset().union(*alts)
        if got:
            options.append(got)
    if run:
        options.append(frozenset([run]))
    return _best(options)


def needles(pattern: str, flags: int = 0) -> frozenset | None:
    """Strings one of which every match of a pattern without groups needs in the text
    (None when unknown, or when the pattern has groups: see kinds.DataRule._hits)."""
    try:
        tree = P.parse(pattern, flags)
    except (re.error, RecursionError):
        return None
    if (flags | tree.state.flags) & (re.I | re.X) or tree.state.groups > 1:
        return None
    found = _needles_of(tree.data)
    return found if found is not None and len(found) <= _MAX_NEEDLES else None


class Scan:
    """A compiled pattern whose finditer/search give exactly the matches of
    re.compile(pattern, flags), skipping what cannot match (see the module's doc)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.written = pattern
        key = (pattern, int(flags))
        kept = _kept().get(key)
        if kept is not None:
            try:
                self.needles, self.regex = _rebuild(kept)
                _USED[key] = kept
                return
            except Exception:  # not what this Python's re makes: compiled below
                pass
        start = self.needles = None
        try:
            tree = P.parse(pattern, flags)
            if not ((flags | tree.state.flags) & (re.I | re.X) or _GLOBAL_FLAGS.match(pattern)):
                self.needles = _needles_of(tree.data)
                if not _has_prefix(tree.data):
                    first, empty = _first_of(tree.data)
                    start = _class(first) if first and not empty and _narrow(first) else None
        except (Unknown, re.error, RecursionError):
            pass  # left as written; a broken pattern fails in re.compile below
        if self.needles is not None and len(self.needles) > _MAX_NEEDLES:
            self.needles = None
        # global flags ("(?s)") must stay first: such a pattern is left as written
        self.regex = re.compile(f"(?={start})(?:{pattern})" if start else pattern, flags)
        _remember(key, self.needles, self.regex)

    def possible(self, text: str) -> bool:
        """False when no match can be in text (none of the needles is there)."""
        return self.needles is None or any(n in text for n in self.needles)

    def finditer(self, text: str):
        return self.regex.finditer(text) if self.possible(text) else iter(())

    def search(self, text: str):
        return self.regex.search(text) if self.possible(text) else None

    def __getattr__(self, name):  # pattern, flags, groupindex, ... of the compiled regex
        if name == "regex":
            raise AttributeError(name)
        return getattr(self.regex, name)


# -- the cache of Scans (see the module's doc)
_KEPT: list = []  # (the cache file or None, its entries), read once
_USED: dict = {}  # (pattern, flags) -> entry, of the Scans made in this process
_NEW: list[bool] = []  # an entry not in the file was made
_SAVED: list[bool] = []  # save_cache() ran: the rules are loaded


def _cache_file() -> str | None:
    from ..cache import existing_cache_dir

    folder = existing_cache_dir()
    if folder is None:
        return None
    import hashlib

    import _sre

    build = f"fzbg-scan-1\0{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{_sre.MAXREPEAT}\0{_sre.MAXGROUPS}"
    return os.path.join(folder, f"scan-{hashlib.sha256(build.encode()).hexdigest()[:32]}.marshal")


def _kept() -> dict:
    """The kept entries, by (pattern, flags) ({} when there are none)."""
    if not _KEPT:
        path = data = None
        try:
            path = _cache_file()
            if path is not None:
                import marshal

                with open(path, "rb") as fh:
                    data = marshal.loads(fh.read())
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            pass
        _KEPT[:] = [path, data if type(data) is dict else {}]
    return _KEPT[1]


def _rebuild(entry) -> tuple[frozenset | None, re.Pattern]:
    """(needles, compiled pattern) of a kept entry (raises when it does not fit)."""
    import _sre

    needles, text, flags, code, groups, groupindex, indexgroup = entry
    if not (needles is None or type(needles) is frozenset) or type(code) is not list:
        raise TypeError("not an entry")
    return needles, _sre.compile(text, flags, code, groups, groupindex, indexgroup)


def _entry(needles, flags: int, regex: re.Pattern):
    """What rebuilds regex, re.compile(regex.pattern, flags) (as re._compiler.compile
    makes it), or None when the rebuilt pattern would not be the same."""
    try:
        from re import _compiler

        tree = P.parse(regex.pattern, flags)
        code = [int(x) for x in _compiler._code(tree, flags)]  # opcodes are int subclasses
        indexgroup = [None] * tree.state.groups
        for name, i in tree.state.groupdict.items():
            indexgroup[i] = name
        entry = (needles, regex.pattern, int(flags | tree.state.flags), code, tree.state.groups - 1,
                 dict(tree.state.groupdict), tuple(indexgroup))
        return entry if _rebuild(entry)[1] == regex else None
    except Exception:  # re's internals are not those of this code: nothing is kept
        return None


def _remember(key: tuple[str, int], needles, regex: re.Pattern) -> None:
    _kept()
    if _KEPT[0] is None or _SAVED:  # no cache folder; the rules are loaded (what is
        return                       # compiled now depends on the report: not kept)
    entry = _entry(needles, key[1], regex)
    if entry is not None:
        _USED[key] = entry
        _NEW.append(True)


def warm_re_cache() -> None:
    """Put the kept patterns of plain re.compile calls (the rule modules' own, compiled
    when they are imported) into re's cache, where re.compile looks first: those calls
    then return the kept pattern, equal (`==`) to the one they would compile. Nothing
    is done when re keeps its cache otherwise than this code knows."""
    cache = getattr(re, "_cache", None)
    if type(cache) is not dict:
        return
    for key, entry in _kept().items():
        if len(key) == 3 and key[0] == "re":
            try:
                if (str, key[1], key[2]) not in cache:  # else compiled already (kept as well)
                    cache[str, key[1], key[2]] = _rebuild(entry)[1]
                _USED[key] = entry
            except Exception:
                pass


def _remember_re_cache() -> None:
    """Keep what re's cache holds now (the patterns compiled so far) for warm_re_cache."""
    cache = getattr(re, "_cache", None)
    if type(cache) is not dict or _KEPT[0] is None:
        return
    for key, regex in list(cache.items()):
        if (type(key) is tuple and len(key) == 3 and key[0] is str and type(key[2]) is int
                and type(regex) is re.Pattern and not key[2] & re.DEBUG and ("re", key[1], key[2]) not in _USED):
            entry = _entry(None, key[2], regex)
            if entry is not None:
                _USED["re", key[1], key[2]] = entry
                _NEW.append(True)


def save_cache() -> None:
    """Write the entries of the Scans made so far when some were not kept yet (with the
    kept ones, unless they are many: patterns edited away are dropped then). Called
    once the rules are loaded; Scans made later (for one report) are not kept."""
    _kept()
    _remember_re_cache()
    _SAVED.append(True)
    if not _NEW:
        return
    _NEW.clear()
    path = _KEPT[0]
    try:
        import marshal
        import tempfile

        # the kept ones too (another checkout may share the folder), while they are few
        entries = {**_kept(), **_USED} if len(_kept()) <= 4 * len(_USED) else dict(_USED)
        blob = marshal.dumps(entries)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)  # atomic: a concurrent run reads all of it or nothing
        _KEPT[1] = entries
    except (OSError, ValueError):
        pass

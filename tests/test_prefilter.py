"""The data rules' regular expressions are scanned through engine.prefilter.Scan (a
lookahead on the characters a match can start with, and a test for strings every match
needs): the matches must be exactly those of the pattern as written."""
import os
import re

import pytest
from conftest import FIXTURES, ROOT, SEEDS
from test_rule_cases import all_cases, case_text

from checker.engine import rules
from checker.engine.kinds import DataRule
from checker.engine.prefilter import Scan


def _paragraphs() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "tests" / "real" / "openings").glob("*.txt")) \
        + sorted(FIXTURES.rglob("*.txt"))
    out = {line for f in files for line in f.read_text(encoding="utf-8").splitlines()}
    for _name, _i, case in all_cases():  # every rule's fire and quiet cases
        if "text" in case or "edits" in case:
            out.update(case_text(case).splitlines())
    return sorted(out)


def _found(rx, text):
    return [(m.span(), m.lastgroup, m.groups()) for m in rx.finditer(text)]


def _scans() -> list[tuple[str, Scan]]:
    out = []
    for code, rule in rules().items():
        if isinstance(rule, DataRule):
            out += [(code, s) for s in ([rule.pattern] if hasattr(rule, "pattern") else [rule.first, *rule.second])]
    return out


def test_data_rule_scans_match_as_written():
    paragraphs = _paragraphs()
    assert len(paragraphs) > 500
    scans = _scans()
    assert any(s.needles for _c, s in scans) and any(s.regex.pattern != s.written for _c, s in scans)
    for code, scan in scans:
        plain = re.compile(scan.written, scan.flags)
        for text in paragraphs:
            assert _found(scan, text) == _found(plain, text), (code, text)
            assert scan.possible(text) or not plain.search(text), (code, text)


@pytest.mark.parametrize("pattern, flags, texts", [
    ("(?P<a>今年)|(?P<b>(?<!本)年度)", 0, ["今年度本年度年度", "今年"]),      # named groups kept
    ("(?<![A-Za-z])[xX]{2,}|某某(?=[市县])", 0, ["XX市某某县", "xxx", "aXX"]),
    ("(?s)今.年", 0, ["今\n年"]),                                          # global flags first
    ("fazhi|(?i:FAZHI)", 0, ["FaZhi fazhi FAZHI"]),                       # local flags
    ("abc", re.I, ["ABC abc"]),                                           # ignorecase
    ("x*", 0, ["axxb", ""]),                                              # empty matches
    ("(?=严格执法)严|《[^》]+》", 0, ["严格执法《法》", "严格", "无"]),        # lookahead text needed
    (r"(\d)年\1", 0, ["1年1 2年3"]),                                       # backreference
    (r"[^年]年|\w+度", 0, ["今年年度", "度"]),                               # negated set, \w
])
def test_scan_matches_as_written(pattern, flags, texts):
    scan, plain = Scan(pattern, flags), re.compile(pattern, flags)
    for text in texts:
        assert _found(scan, text) == _found(plain, text)
        assert (scan.search(text) is None) == (plain.search(text) is None)


def _fresh_cache(monkeypatch):
    from checker.engine import prefilter

    monkeypatch.setattr(prefilter, "_KEPT", [])
    monkeypatch.setattr(prefilter, "_USED", {})
    monkeypatch.setattr(prefilter, "_NEW", [])
    monkeypatch.setattr(prefilter, "_SAVED", [])
    monkeypatch.setattr(prefilter, "_remember_re_cache", lambda: None)  # Scans only
    return prefilter


def test_scans_rebuilt_from_the_cache_are_the_ones_compiled(tmp_path, monkeypatch):
    """A Scan read back from the fzbg cache folder has the same compiled pattern (text,
    flags, code), groups and needles as one analysed and compiled from scratch; a broken
    or foreign cache file is ignored (compiled as before)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "fzbg").mkdir()
    cases = sorted({(s.written, s.regex.flags) for _c, s in _scans()}) + [
        ("(?P<a>今年)|(?P<b>(?<!本)年度)", 0), ("(?s)今.年", 0), ("abc", re.I), (r"(\d)年\1", 0)]

    def same(a, b):
        return (a.regex == b.regex and a.needles == b.needles and a.groupindex == b.groupindex
                and a.regex.groups == b.regex.groups and a.written == b.written)

    prefilter = _fresh_cache(monkeypatch)
    first = [Scan(p, f) for p, f in cases]
    assert prefilter._NEW  # nothing was kept: compiled, to be kept
    prefilter.save_cache()
    (cached,) = (tmp_path / "fzbg").glob("scan-*.marshal")
    prefilter = _fresh_cache(monkeypatch)
    second = [Scan(p, f) for p, f in cases]
    assert len(prefilter._kept()) == len(set(cases)) and not prefilter._NEW  # all read back
    assert all(same(a, b) for a, b in zip(first, second))
    text = "今年度本年度年度，XX市某某县2024年1年1"
    assert all(_found(a, text) == _found(b, text) for a, b in zip(first, second))

    import marshal

    entries = marshal.loads(cached.read_bytes())
    key = next(iter(entries))
    entries[key] = entries[key][:3] + ([1, 2, 3],) + entries[key][4:]  # code _sre refuses
    for blob in (marshal.dumps(entries), b"not marshal", marshal.dumps([1, 2])):
        cached.write_bytes(blob)
        prefilter = _fresh_cache(monkeypatch)
        assert all(same(a, Scan(p, f)) for a, (p, f) in zip(first, cases))


def test_scan_cache_keeps_other_entries_while_few(tmp_path, monkeypatch):
    """Entries of patterns this code does not use (another checkout's, or edited away)
    are kept beside its own while they are few, and dropped once they are many."""
    import marshal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "fzbg").mkdir()
    prefilter = _fresh_cache(monkeypatch)
    Scan("今年|明年")
    prefilter.save_cache()
    (cached,) = (tmp_path / "fzbg").glob("scan-*.marshal")
    entry = next(iter(marshal.loads(cached.read_bytes()).values()))
    for others, kept in ((3, 5), (40, 2)):
        cached.write_bytes(marshal.dumps({(f"x{i}", 0): entry for i in range(others)}))
        prefilter = _fresh_cache(monkeypatch)
        Scan("今年|明年"), Scan("去年")
        prefilter.save_cache()
        assert len(marshal.loads(cached.read_bytes())) == kept


def test_rule_modules_patterns_kept_are_those_re_compiles(tmp_path):
    """The patterns of plain re.compile calls kept in the cache (put into re's cache
    before the rule modules are imported) are, every one, equal (text, flags, code) to
    what re's compiler makes of them, and a check gives the same findings with them."""
    import marshal
    import subprocess
    import sys

    from re import _compiler

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    (tmp_path / "fzbg").mkdir()
    code = ("import checker, json; r = checker.check({!r}); "
            "print(json.dumps([(f.code, f.message) for f in r.findings], ensure_ascii=False))")
    code = code.format(str(FIXTURES / "clean_report.txt"))
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                           timeout=120) for _ in range(2)]
    assert runs[0].returncode == 0 and runs[0].stdout == runs[1].stdout, runs[0].stderr
    (cached,) = (tmp_path / "fzbg").glob("scan-*.marshal")
    from checker.engine.prefilter import _rebuild

    kept = [(k, e) for k, e in marshal.loads(cached.read_bytes()).items() if k[0] == "re"]
    assert len(kept) > 50
    for (_re, pattern, flags), entry in kept:
        assert _rebuild(entry)[1] == _compiler.compile(pattern, flags), pattern

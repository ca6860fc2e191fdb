"""jieba is loaded only by rules that need it, silently, with a cache that works even
when the user cache folder is not writable."""
import os
import subprocess
import sys

from conftest import FIXTURES, ROOT, SEEDS

SCRIPT = """
import sys, checker
report = checker.check({path!r}, ignore={ignore!r})
print('jieba' in sys.modules, len(report.findings))
"""


def run(ignore, env_extra):
    env = dict(os.environ, **env_extra)
    code = SCRIPT.format(path=str(FIXTURES / "clean_report.txt"), ignore=ignore)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_check_without_jieba_rules_never_imports_it(tmp_path):
    result = run(["OUT005"], {"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
    assert not (tmp_path / "fzbg").exists()


def test_jieba_is_silent_and_cached_in_user_cache(tmp_path):
    for _ in range(2):
        result = run([], {"XDG_CACHE_HOME": str(tmp_path)})
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[0] == "True"
        assert result.stderr == ""
    names = os.listdir(tmp_path / "fzbg")
    assert any(n.endswith(".cache") for n in names)
    assert any(n.startswith("fzbg-jieba-") for n in names)


def test_unwritable_cache_folder_falls_back(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    result = run([], {"XDG_CACHE_HOME": str(blocked)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_fallback_cache_is_per_user_and_never_leaks(tmp_path):
    """User cache not writable, and the temporary folder's fzbg-cache-<uid> taken by
    another user (as root can stage it): runs load jieba from a scratch folder they
    remove, leaving nothing; with no such folder they create it (0700) and reuse it."""
    if not hasattr(os, "getuid"):
        return
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {"XDG_CACHE_HOME": str(blocked), "TMPDIR": str(tmp)}
    for _ in range(2):
        result = run([], env)
        assert result.returncode == 0 and result.stderr == "", result.stderr
    ours = tmp / f"fzbg-cache-{os.getuid()}"
    assert os.listdir(tmp) == [ours.name]
    assert oct(ours.stat().st_mode & 0o777) == oct(0o700)
    assert any(n.endswith(".cache") for n in os.listdir(ours))
    if os.getuid() == 0:
        for name in os.listdir(ours):
            os.remove(ours / name)
        os.chown(ours, 65534, 65534)  # now someone else's
        for _ in range(2):
            result = run([], env)
            assert result.returncode == 0 and result.stderr == "", result.stderr
            assert result.stdout.split()[0] == "True"
        assert os.listdir(tmp) == [ours.name] and os.listdir(ours) == []


def _report_texts() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "tests" / "real" / "openings").glob("*.txt")) \
        + sorted(FIXTURES.rglob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def test_segmentation_run_by_run_is_jiebas():
    """OUT005 segments a text run by run with nlp.search_words (jieba's algorithm without
    its overhead): the same words as jieba's own lcut_for_search of every run, and the
    same terms as segmenting the whole text at once."""
    from checker.checks import nlp

    tk = nlp.tokenizer()
    texts = _report_texts()
    assert texts
    runs = list(dict.fromkeys(r for t in texts for r in nlp.runs(t)))
    assert sum(map(len, runs)) > 20_000
    assert [r for r in runs if nlp.search_words(tk, r) != tk.lcut_for_search(r)] == []
    stop = {"工作", "推进"}
    for text in texts:
        whole = {w.strip() for w in tk.lcut_for_search(text)}
        expected = {w for w in whole if len(w) >= 2 and w not in stop and all("\u4e00" <= c <= "\u9fff" for c in w)}
        assert nlp.terms(text, stop) == expected


def test_prefix_cache_read_as_jieba_reads_it(tmp_path):
    """The prefix dictionary read from jieba's cache file by nlp._read_prefix_cache is
    the one jieba's own initialize() builds; a cache older than its dictionary is not
    read (jieba rebuilds it)."""
    import jieba

    from checker.checks import nlp

    words = tmp_path / "dict.txt"
    words.write_text("法治 500 n\n法治政府 300 n\n建设 800 v\n", encoding="utf-8")
    built = jieba.Tokenizer(dictionary=str(words))
    built.tmp_dir = str(tmp_path)
    built.initialize()  # builds and writes the cache
    read = jieba.Tokenizer(dictionary=str(words))
    read.tmp_dir = str(tmp_path)
    nlp._read_prefix_cache(read)
    assert read.initialized and (read.FREQ, read.total) == (built.FREQ, built.total)
    newer = os.path.getmtime(words) + 10
    os.utime(words, (newer, newer))  # the dictionary changed after the cache was made
    stale = jieba.Tokenizer(dictionary=str(words))
    stale.tmp_dir = str(tmp_path)
    nlp._read_prefix_cache(stale)
    assert not stale.initialized and stale.FREQ == {}

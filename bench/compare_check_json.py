"""Before/after: `fzbg check --format json` (and `fzbg outline --format json` of every
file, and `fzbg --help`) of a git ref against this working tree.

    python bench/compare_check_json.py [REF]        # REF defaults to main

Inputs: every seed (../shared/seeds/*.txt) and its DOCX (one paragraph a line, as the
benchmarks build it), every file in fixtures/ (and its subfolders) the checker reads, the
real report openings (tests/real/openings, one folder, one invocation), the text of every
rule case in tests/cases/*.yaml (one folder), and each folder named in
$FZBG_COMPARE_EXTRA (os.pathsep-separated; one invocation each), e.g. the drafts a test
run leaves under `pytest --basetemp=DIR` collected into a folder. The
ref's checker/ and rules/ are exported with `git archive` into a temporary folder and run
from there with the same interpreter, so both sides see the same inputs and packages.
Prints one line per input and exits 1 when any output differs (a one-off check for
refactorings that must not change behaviour; not a snapshot test).
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
READ = (".txt", ".docx", ".md", ".html")


def export(ref: str, target: Path) -> None:
    data = subprocess.run(["git", "archive", ref, "checker", "rules", "templates"], cwd=ROOT,
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(target, filter="data")


def case_folder(target: Path) -> Path:
    """Each rule case's text as a .txt file (the case files' own edit convention)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_rule_cases import CASES, case_text  # noqa: E402

    folder = target / "cases"
    folder.mkdir()
    for f in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8"))):
            if "text" in case or "edits" in case:
                (folder / f"{f.stem}_{i:03d}.txt").write_text(case_text(case), encoding="utf-8")
    return folder


def seed_docx(target: Path) -> list[Path]:
    """Each seed as a DOCX, one paragraph a non-blank line (bench/bench_batch.py's way)."""
    from docx import Document

    out = []
    for f in sorted(SEEDS.glob("*.txt")):
        doc = Document()
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc.add_paragraph(line)
        path = target / (f.stem + ".docx")
        doc.save(path)
        out.append(path)
    return out


def run(code_root: Path, *args: str) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(code_root))
    # the code under test must come from code_root, not from an editable install
    code = (f"import checker; assert checker.__file__.startswith({str(code_root)!r}), checker.__file__\n"
            "from checker.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", code, *args],
                          cwd=code_root, env=env, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def main() -> int:
    ref = sys.argv[1] if len(sys.argv) > 1 else "main"
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        before.mkdir()
        export(ref, before)
        inputs = sorted(SEEDS.glob("*.txt")) + seed_docx(Path(tmp)) + sorted(
            p for p in (ROOT / "fixtures").rglob("*") if p.suffix in READ)
        inputs.append(case_folder(Path(tmp)))
        inputs.append(ROOT / "tests" / "real" / "openings")
        inputs += [Path(x) for x in os.environ.get("FZBG_COMPARE_EXTRA", "").split(os.pathsep) if x]
        runs = [("check", ["check", "--format", "json", str(p)], p.name) for p in inputs]
        runs += [("outline", ["outline", "--format", "json", str(p)], p.name) for p in inputs if p.is_file()]
        runs += [("help", ["--help"], "fzbg")]
        differ = 0
        for what, args, name in runs:
            a, b = run(before, *args), run(ROOT, *args)
            same = a == b
            differ += not same
            print(f"{'same' if same else 'DIFFERENT'}  {what:7}  exit {a[0]}/{b[0]}  {len(a[1])} bytes  {name}")
        print(f"{len(runs)} runs ({len(inputs)} inputs), {differ} different")
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

"""Every rule case in tests/cases/*.yaml, run by one parametrised test."""
from pathlib import Path

import pytest
import yaml

import checker
from conftest import FIXTURES

CASES = Path(__file__).parent / "cases"
CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")


def load_cases():
    out = []
    for f in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8"))):
            out.append(pytest.param(case, id=f"{case['rule']}-{f.stem}-{i}-{case.get('name', '')}"))
    return out


def case_text(case) -> str:
    text = case.get("text", CLEAN)
    for old, new in case.get("edits", []):
        assert old in text, f"edit target not found: {old[:30]}"
        text = text.replace(old, new)
    return text


def _subset(want, got) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and _subset(v, got[k]) for k, v in want.items())
    return want == got


@pytest.mark.parametrize("case", load_cases())
def test_rule_case(case):
    text = case_text(case)
    report = checker.check(text.encode("utf-8"), name=case.get("file", "case.txt"),
                           select=[case["rule"]], **case.get("options", {}))
    found = [f for f in report.findings if f.code == case["rule"]]
    if case.get("quiet"):
        assert found == [], [(f.message, f.excerpt) for f in found]
        return
    fire = case["fire"]
    if isinstance(fire, int):
        assert len(found) == fire, [(f.message, f.excerpt) for f in found]
        return
    assert len(found) == len(fire), [(f.message, f.excerpt) for f in found]
    for want in fire:
        ok = [f for f in found
              if want.get("span", "") in f.excerpt
              and _subset(want.get("data", {}), f.data)
              and f.severity == want.get("severity", f.severity)]
        assert ok, (want, [(f.excerpt, f.data, f.severity) for f in found])
        f = ok[0]
        if want.get("span") and f.location.start is not None:
            block = report.document.blocks[f.location.paragraph]
            assert want["span"] in block.text[f.location.start:f.location.end] or want["span"] in f.excerpt


@pytest.mark.parametrize("scope", ["text", "body", "headings", "title", "preamble", "part:problems"])
def test_data_rule_scopes_list_each_paragraph_once(scope):
    from checker.checks.data_rules import scope_blocks
    from checker.engine import Context
    doc = checker.load(CLEAN.encode("utf-8"), "clean.txt")
    blocks = scope_blocks(Context(doc, checker.outline(doc), {}, "government", None), scope)
    assert blocks and len({b.index for b in blocks}) == len(blocks)

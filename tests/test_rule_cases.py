"""Every rule case in tests/cases/*.yaml, run by one parametrised test, and a meta-test
that every registered rule has its cases.

A case (see the header of tests/cases/outline.yaml) edits fixtures/clean_report.txt
(`edits`) or gives its own `text`, and says either `quiet: true` (the rule finds
nothing) or `fire`: exactly the findings the rule must report, each

    paragraph: the block index of the finding (null: the whole document)
    span:      the exact text at the finding's start:end; left out when the finding
               marks the whole paragraph (then `excerpt` may name text its excerpt holds)
    data:      a subset of the finding's data;  severity: the finding's severity

Cases written the old way (a count, or a span the excerpt merely contains) are converted
by `python tests/state_case_locations.py` (review the diff).

`fixed: [[old, new], ...]`, applied to the case text, gives exactly the text
`fzbg fix` writes with this rule's edits: every fixable rule has such a case.

`base:` a file under fixtures/ that `edits` apply to instead of clean_report.txt;
`previous: {base: ..., edits: [...]}` last year's report (built the same way), for the
rules that compare two years (CROSS; `fzbg check --previous`).

`docx:` builds a DOCX from the case text (for rules that read what only a DOCX has):
`plain` is one paragraph per line on Word's default template (Letter paper, Calibri);
`{plain: {inserted: [[start, text]], deleted: [[start, text]]}}` adds tracked
insertions / deletions of text to the paragraph starting with `start`;
`{formatted: {...}}` is a GB/T 9704 draft by direct formatting, the keys being the
arguments of test_format_rules.formatted_docx (body_face, title_face, h1, h2).
"""
from pathlib import Path

import pytest
import yaml

import checker
from checker.engine import rules
from conftest import FIXTURES

CASES = Path(__file__).parent / "cases"
CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")


def all_cases() -> list[tuple[str, int, dict]]:
    return [(f.stem, i, case) for f in sorted(CASES.glob("*.yaml"))
            for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8")))]


def load_cases():
    return [pytest.param(case, id=f"{case['rule']}-{stem}-{i}-{case.get('name', '')}")
            for stem, i, case in all_cases()]


def case_text(case) -> str:
    text = case.get("text") or ((FIXTURES / case["base"]).read_text(encoding="utf-8") if "base" in case else CLEAN)
    for old, new in case.get("edits", []):
        assert old in text, f"edit target not found: {old[:30]}"
        text = text.replace(old, new)
    return text


def case_input(case) -> tuple[bytes, str]:
    """The bytes the case checks and their file name."""
    text = case_text(case)
    how = case.get("docx")
    if how is None:
        return text.encode("utf-8"), case.get("file", "case.txt")
    from docx_helpers import add_deleted_text, add_inserted_text
    from test_format_rules import formatted_docx, plain_docx, save

    if how == "plain" or "plain" in how:
        d = plain_docx(text)
        marks = how["plain"] if isinstance(how, dict) else {}
        for kind, add in (("inserted", add_inserted_text), ("deleted", add_deleted_text)):
            for start, words in marks.get(kind, []):
                add(next(p for p in d.paragraphs if p.text.startswith(start)), words)
        return save(d), "case.docx"
    return save(formatted_docx(text=text, **how["formatted"])), "case.docx"


def _subset(want, got) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and _subset(v, got[k]) for k, v in want.items())
    return want == got


def located(f, blocks) -> dict:
    """Where a finding is, in the terms a case states it."""
    loc = f.location
    out = {"paragraph": loc.paragraph}
    if loc.start is not None:
        out["span"] = blocks[loc.paragraph].text[loc.start:loc.end]
    return out


def matches(want: dict, f, blocks) -> bool:
    where = located(f, blocks)
    return (where["paragraph"] == want["paragraph"]
            and where.get("span") == want.get("span")
            and want.get("excerpt", "") in f.excerpt
            and _subset(want.get("data", {}), f.data)
            and f.severity == want.get("severity", f.severity))


def replaced(text: str, pairs) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, f"fixed: {old!r} should occur once in the case text"
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("case", load_cases())
def test_rule_case(case):
    raw, name = case_input(case)
    options = dict(case.get("options", {}))
    if "previous" in case:
        options.update(previous=case_text(case["previous"]).encode("utf-8"), previous_name="previous.txt")
    report = checker.check(raw, name=name, select=[case["rule"]], **options)
    blocks = report.document.blocks
    found = [f for f in report.findings if f.code == case["rule"]]
    shown = [(located(f, blocks), f.excerpt[:30], f.data) for f in found]
    if any(f.edits for f in found):
        assert is_fixable(rules()[case["rule"]]), "a rule with edits is not seen as fixable"
    if case.get("quiet"):
        assert found == [], shown
        return
    left = list(found)
    for want in case["fire"]:
        assert "paragraph" in want, f"state the location: {want} (findings: {shown})"
        hit = next((f for f in left if matches(want, f, blocks)), None)
        assert hit is not None, (want, shown)
        left.remove(hit)
    assert left == [], ("findings the case does not list", shown)
    if "fixed" in case:
        from checker.fix import fix_report

        data, _applied, skipped = fix_report(report, {case["rule"]})
        assert skipped == []
        assert data.decode("utf-8") == replaced(case_text(case), case["fixed"])


# ---------------------------------------------------------------- every rule has its cases

def is_fixable(rule) -> bool:
    """The rule declares that its findings carry certain edits (`fzbg fix` applies them)."""
    return rule.fixable


def test_every_rule_has_fire_and_quiet_cases_and_fixable_rules_a_fixed_text():
    cases = [case for _s, _i, case in all_cases()]
    missing = []
    for code, rule in rules().items():
        mine = [c for c in cases if c["rule"] == code]
        if not any(c.get("quiet") for c in mine):
            missing.append(f"{code}: no quiet case")
        if not any(c.get("fire") for c in mine):
            missing.append(f"{code}: no fire case")
        if is_fixable(rule) and not any("fixed" in c for c in mine):
            missing.append(f"{code}: fixable, no case with the fixed text")
    assert missing == []


def test_fixable_rules_are_recognised():
    from checker.fix import fixable_codes

    fixable = {code for code, rule in rules().items() if is_fixable(rule)}
    assert {"PUN001", "NUM004", "NUM005", "TERM001", "DATA002", "YEAR004"} <= fixable
    assert not fixable & {"OUT001", "RES002", "YEAR002", "FMT001", "DATA005"}
    assert fixable_codes() == fixable


def test_fix_applies_only_the_edits_of_rules_declared_fixable():
    """An edit a rule that is not declared fixable attaches is left alone by fzbg fix;
    the same edit under a fixable rule's code is applied."""
    from checker.fix import fix_report

    text = CLEAN.replace("（一）依法全面履行政府职能。", "(一)依法全面履行政府职能。")
    report = checker.check(text.encode("utf-8"), name="r.txt", select=["NUM004"])
    (found,) = report.findings
    assert found.edits and fix_report(report)[0].decode("utf-8") == CLEAN
    found.code = "OUT001"  # a rule whose fixes are not certain
    data, applied, skipped = fix_report(report)
    assert (data.decode("utf-8"), applied, skipped) == (text, [], [])


@pytest.mark.parametrize("scope", ["text", "body", "headings", "title", "preamble", "part:problems"])
def test_data_rule_scopes_list_each_paragraph_once(scope):
    from checker.engine.kinds import scope_blocks
    from checker.engine import Context
    doc = checker.load(CLEAN.encode("utf-8"), "clean.txt")
    blocks = scope_blocks(Context(doc, checker.outline(doc), {}, "government", None), scope)
    assert blocks and len({b.index for b in blocks}) == len(blocks)

"""A rule is found in one step: rule PUN003 `enumeration-without-stop` is the class
EnumerationWithoutStop in checker/checks/pun.py, its cases are in tests/cases/pun.yaml, a
data rule of the family lives in rules/checks/pun.yaml (the stems: FAMILY_STEMS)."""
import re
from pathlib import Path

from checker.engine import rules
from checker.engine.base import FAMILIES, FAMILY_STEMS

CASES = Path(__file__).parent / "cases"

NOT_YET: set = set()  # rules not yet where their name and family say


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", name))


def misplaced() -> set:
    out = set()
    for code, rule in rules().items():
        stem = FAMILY_STEMS[rule.family]
        if hasattr(rule, "spec"):  # a data rule: its YAML file
            if Path(rule.source_file).stem != stem:
                out.add((code, "yaml"))
        else:
            if type(rule).__name__ != camel(rule.name):
                out.add((code, "class"))
            if type(rule).__module__ != f"checker.checks.{stem}":
                out.add((code, "module"))
        if not (CASES / f"{stem}.yaml").is_file():
            out.add((code, "cases"))
    return out


def test_camel_case_of_a_rule_name():
    assert camel("problems-without-causes") == "ProblemsWithoutCauses"
    assert camel("level3-label-dot") == "Level3LabelDot"


def test_every_family_has_a_stem():
    assert set(FAMILY_STEMS) == set(FAMILIES)


def test_class_module_data_and_cases_of_every_rule_follow_its_name_and_family():
    assert misplaced() <= NOT_YET
    assert misplaced() == NOT_YET, "a waiting rule is in place now: remove it from NOT_YET"


def test_every_case_file_belongs_to_a_family_and_its_cases_to_it():
    import yaml
    stems = {v: k for k, v in FAMILY_STEMS.items()}
    for f in CASES.glob("*.yaml"):
        assert f.stem in stems, f
        for case in yaml.safe_load(f.read_text(encoding="utf-8")):
            assert re.match(r"[A-Z]+", case["rule"]).group(0) == stems[f.stem], (f.name, case["rule"])

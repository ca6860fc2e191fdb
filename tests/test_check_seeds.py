"""fzbg check on the five real reports agrees with the hand annotation."""
import json

import pytest

from conftest import SEEDS, seed_params

# codes whose errors the annotation supports, and how
def supported_error(finding, expected):
    if finding["code"] == "OUT001":
        return finding["data"]["kind"] in expected["missing"]
    if finding["code"] == "RES001":  # web residue is annotated for the pages that have it
        return bool(expected.get("web_residue"))
    return False


@pytest.fixture(scope="module")
def seed_reports():
    import checker
    from conftest import seed_annotations
    ann = seed_annotations()
    return {name: checker.check(SEEDS / name).to_dict() for name in ann}


@pytest.mark.parametrize("name,expected", seed_params())
def test_outline_rules_on_seed(seed_reports, name, expected):
    rep = seed_reports[name]
    codes = [f["code"] for f in rep["findings"]]
    # a part with no part of its own is reported once: missing (OUT001), or written
    # inside another part (OUT008: the duty inside the measures of 000, 003 and 004)
    missing = sorted(f["data"]["kind"] for f in rep["findings"] if f["code"] in ("OUT001", "OUT008"))
    assert missing == sorted(expected["missing"])
    assert rep["outline"]["missing"] == expected["missing"]
    assert not ("OUT006" in codes and "duty" in expected["missing"])
    # none of the five analyses the causes of its shortcomings
    assert (codes.count("OUT004") == 1) == (expected["problems_give_causes"] is False)
    unheaded = sorted(s["kind"] for s in expected["sections"] if not s["headed"])
    assert sorted(f["data"]["kind"] for f in rep["findings"] if f["code"] == "OUT002") == unheaded
    # META001: 004 calls itself a 总结; 000 and 002 have no title at all
    assert ("META001" in codes) == (expected["title"] is None or "总结" in expected["title"])
    # only 003 is signed and dated
    assert ("META002" in codes) == (expected["signature"] is None)
    for f in rep["findings"]:
        if f["severity"] == "error":
            assert supported_error(f, expected), f


@pytest.mark.parametrize("name,expected", seed_params())
def test_annotated_shortcoming_plan_pairs_raise_no_out005(seed_reports, name, expected):
    pairs = expected.get("shortcoming_to_plan") or {}
    flagged = [f["data"]["shortcoming"] for f in seed_reports[name]["findings"] if f["code"] == "OUT005"]
    for shortcoming in pairs:
        key = shortcoming.replace("(", "（").replace(")", "）")
        assert not any(key[3:9] in s or shortcoming[3:9] in s for s in flagged), (shortcoming, flagged)


@pytest.mark.parametrize("name,expected", seed_params())
def test_check_json_via_cli(cli, name, expected):
    result = cli("check", SEEDS / name, "--format", "json")
    assert result.exit_code in (0, 1)
    data = json.loads(result.stdout)
    f = data["files"][0]
    assert f["status"] == "ok"
    assert f["report"]["report_year"] == expected["report_year"]
    assert f["outline"]["missing"] == expected["missing"]
    has_error = any(x["severity"] == "error" for x in f["findings"])
    assert result.exit_code == (1 if has_error else 0)

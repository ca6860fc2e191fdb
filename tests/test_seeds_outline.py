"""The outline agrees with the hand annotation of the five real reports."""
import json

import pytest

from checker.outline import fold
from conftest import SEEDS, seed_params


def merged_sections(sections):
    """Consecutive level-1 parts of the same kind are one part of the annotation
    (seed 003 has five themed measures parts)."""
    out = []
    for s in sections:
        if out and out[-1]["kind"] == s["kind"] and out[-1]["headed"] == s["headed"]:
            continue
        out.append(s)
    return out


@pytest.mark.parametrize("name,expected", seed_params())
def test_outline_json_matches_annotation(cli, name, expected):
    result = cli("outline", SEEDS / name, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    report = data["report"]
    for key in ("reporter", "reporter_kind", "report_year", "plan_year"):
        assert report[key] == expected[key], key
    for key in ("title", "addressee", "signature"):
        want = expected.get(key)
        got = report[key]
        assert (fold(got) if got else None) == (fold(str(want)) if want else None), key
    sections = merged_sections(data["sections"])
    assert [s["kind"] for s in sections] == [s["kind"] for s in expected["sections"]]
    for got, want in zip(sections, expected["sections"]):
        assert got["headed"] == want["headed"]
        assert fold(got["heading"]).startswith(fold(want["starts_with"])), (got["heading"], want["starts_with"])
    assert data["missing"] == expected["missing"]


@pytest.mark.parametrize("name,expected", seed_params())
def test_web_residue_is_marked_and_kept_out_of_parts(cli, name, expected):
    data = json.loads(cli("outline", SEEDS / name, "--format", "json").stdout)
    text = cli("text", SEEDS / name).stdout.splitlines()
    residue_text = [fold(text[i]) for i in data["residue"]]
    for line in expected.get("web_residue", []):
        assert fold(line) in residue_text, line
    part_paragraphs = {s["paragraph"] for s in data["sections"]}
    assert not part_paragraphs & set(data["residue"])

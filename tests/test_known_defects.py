"""Every known defect annotated in ../shared/seeds/expected.yaml is found by a rule.

DEFECTS maps each annotation entry (by a phrase it contains) to the rule code that
finds it and a piece of text the finding must quote (None: a finding about the whole
document or part). A new annotation entry fails the test until it is mapped here."""
import pytest

import checker
from conftest import SEEDS, seed_params

DEFECTS = {
    "000": [
        ("relative time words", "YEAR002", "今年以来"),
        ("relative time words", "YEAR002", "截至目前"),
        ("half-width punctuation", "PUN001", ","),
        ("stray space", "PUN005", "。 一是"),
    ],
    "001": [
        ("2021一2025", "YEAR004", "2021一2025"),
        ("numbering level skip", "NUM001", "1."),
        ("heading runs into the body", "NUM003", "(五)纵深推进行政执法工作在"),
        ("ends without a full stop", "PUN004", "有力提升基层治理能力"),
        ("relative time words", "YEAR002", "今年以来"),
    ],
    "002": [
        ("relative time words", "YEAR002", "今年以来"),
        ("1062多人", "DATA001", "1062多"),
        ("no signature", "META002", None),
    ],
    "003": [
        ("sentences run together", "PUN003", "二是"),
        ("100﹪", "DATA002", "﹪"),
        ("unbalanced quotes", "PUN002", "”"),
        ("3 个", "PUN005", "3 个"),
        ("plans are one paragraph", "OUT007", "2024年"),
        ("signature unit differs", "META004", "中共邵阳市委全面依法治市委员会办公室"),
    ],
    "004": [
        ("总结 rather than a 报告", "META001", "工作总结"),
        ("6228余条", "DATA001", "6228余"),
        ("no signature and no date", "META002", None),
    ],
}


@pytest.mark.parametrize("name,expected", seed_params())
def test_every_known_defect_is_found(name, expected):
    report = checker.check(SEEDS / name)
    mapping = DEFECTS[name[:3]]
    for entry in expected.get("known_defects", []):
        rows = [row for row in mapping if row[0] in entry]
        assert rows, f"annotation entry not mapped to a rule: {entry}"
        for _key, code, span in rows:
            found = [f for f in report.findings if f.code == code]
            assert found, (entry, code)
            if span is not None:
                assert any(span in f.excerpt for f in found), (entry, code, [f.excerpt for f in found])

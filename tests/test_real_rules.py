"""Rules on shapes of real drafts: profile settings, numbered lists that are not
headings, tracked changes and comments left in a .docx."""
import copy

import pytest

import checker
import checker.engine as engine
from conftest import FIXTURES

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
NO_OTHER = CLEAN.replace("五、其他需要报告的情况\n无。\n", "")


def _out001_other(text):
    report = checker.check(text.encode("utf-8"), name="r.txt", select=["OUT001"])
    return [f.severity for f in report.findings if f.data.get("kind") == "other"]


@pytest.mark.parametrize("level", ["warning", "error"])
def test_profile_other_required_raises_missing_other(monkeypatch, level):
    assert _out001_other(NO_OTHER) == ["info"]
    raised = copy.deepcopy(engine.profiles())
    for prof in raised.values():
        prof["other_required"] = level
    monkeypatch.setattr(engine, "profiles", lambda: raised)
    assert _out001_other(NO_OTHER) == [level]
    assert _out001_other(CLEAN) == []

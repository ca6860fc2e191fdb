"""DATA005 (conflicting-figures) on real text: silent on the published reports, whose
annotations (../shared/seeds/expected.yaml) list no conflicting figures, and on the real
openings; a real report whose one restated figure is changed is reported, pointing to
the first statement."""
from pathlib import Path

import pytest

import checker
from conftest import SEEDS, seed_params

OPENINGS = sorted((Path(__file__).parent / "real" / "openings").glob("*.txt"))


def _data005(text: str) -> list:
    report = checker.check(text.encode("utf-8"), name="r.txt", select=["DATA005"])
    return [(f.location.paragraph, f.excerpt, f.data) for f in report.findings]


@pytest.mark.parametrize("name, expected", seed_params())
def test_silent_on_published_reports(name, expected):
    assert _data005((SEEDS / name).read_text(encoding="utf-8")) == []


def test_silent_on_real_openings():
    assert OPENINGS
    assert [(p.name, found) for p in OPENINGS if (found := _data005(p.read_text(encoding="utf-8")))] == []


SEED_002 = SEEDS / "002_478849a1b0a3b0b9.txt"


@pytest.mark.skipif(not SEED_002.exists(), reason="../shared/seeds is absent")
def test_a_restated_figure_changed_in_a_real_report_is_reported():
    text = SEED_002.read_text(encoding="utf-8")
    stated = "受理群众来信140件"
    assert text.count(stated) == 2  # the report states it twice, the same both times
    second = text.index(stated, text.index(stated) + 1)
    changed = text[:second] + "受理群众来信142件" + text[second + len(stated):]
    (found,) = _data005(changed)
    paragraph, excerpt, data = found
    assert excerpt == "受理群众来信142件"
    assert (data["value"], data["previous"]) == ("142", "140")
    blocks = checker.load(changed.encode("utf-8"), "r.txt").blocks
    assert stated in blocks[data["previous_paragraph"]].text and paragraph > data["previous_paragraph"]

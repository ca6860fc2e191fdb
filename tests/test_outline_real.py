"""Real report openings (tests/real/openings.yaml): the outline and RES001 agree with a
reviewer's hand annotation of each."""
from pathlib import Path

import pytest
import yaml

import checker

HERE = Path(__file__).parent / "real"
ANNOTATIONS = yaml.safe_load((HERE / "openings.yaml").read_text(encoding="utf-8"))


def _kinds(outline):
    out = []
    for s in outline.sections:
        if not out or out[-1] != s.kind:
            out.append(s.kind)
    return out


@pytest.mark.parametrize("name", sorted(ANNOTATIONS))
def test_real_opening(name):
    want = ANNOTATIONS[name]
    data = (HERE / "openings" / f"{name}.txt").read_bytes()
    ol = checker.outline(checker.load(data, f"{name}.txt"))
    assert ol.title == want["title"]
    # null: only a generic form ("全县", "区司法局") names the reporter, and the outline
    # must not take that form for a name
    assert ol.reporter == want["reporter"]
    assert ol.reporter_kind == want["reporter_kind"]
    assert ol.report_year == want["report_year"]
    assert ol.addressee == want["addressee"]
    if "issuer" in want:
        assert ol.issuer == want["issuer"]
    if "doc_number" in want:  # the 发文字号 is the document's, never residue
        assert ol.doc_number == want["doc_number"]
    assert _kinds(ol) == want["parts"]
    report = checker.check(data, name=f"{name}.txt")
    fired = sorted(f.excerpt.strip() for f in report.findings if f.code == "RES001")
    # RES001 quotes a line's first 60 characters (a long crumb is cut)
    assert fired == sorted(t.strip()[:60] for t in want["residue"])
    # text pasted twice (RES003) and years that contradict the report year (YEAR005):
    # only where the annotation says so
    repeated = sorted(f.excerpt for f in report.findings if f.code == "RES003")
    assert repeated == sorted(want.get("repeated", []))
    mismatched = sorted(f.data["year"] for f in report.findings if f.code == "YEAR005")
    assert mismatched == sorted(want.get("year_mismatch", []))
    if "placeholders" in want:
        # a paragraph's placeholders of one kind are one finding listing them all
        marked = {m.strip() for f in report.findings if f.code == "RES002"
                  for m in [f.excerpt] + f.data.get("matches", [])}
        assert set(want["placeholders"]) <= marked


def test_regression_set_is_broad():
    reporters = {(a["reporter"] or name.rsplit("_", 1)[0]) for name, a in ANNOTATIONS.items()}
    kinds = {a["reporter_kind"] for a in ANNOTATIONS.values()}
    assert len(ANNOTATIONS) >= 20 and len(reporters) >= 15 and kinds == {"government", "department", "township"}
    assert all(a["url"].startswith("http") for a in ANNOTATIONS.values())

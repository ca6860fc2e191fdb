"""SARIF output and the annotated DOCX copy."""
import json
import zipfile

import docx
import pytest
from lxml import etree

import checker
from conftest import FIXTURES
from docx_helpers import to_bytes
from ooxml_helpers import WRAPPERS, add_paragraph_xml, anchored_texts, digest, run, start_marker_ancestors, wrap

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE = FIXTURES / "example.docx"


def test_sarif(cli, tmp_path):
    bad = tmp_path / "old.docx"
    bad.write_bytes(b"")
    result = cli("check", EXAMPLE, bad, "--format", "sarif")
    assert result.exit_code == 2
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    findings = json.loads(cli("check", EXAMPLE, "--format", "json").stdout)["files"][0]["findings"]
    assert len(run["results"]) == len(findings)
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
    year = next(r for r in run["results"] if r["ruleId"] == "YEAR002")
    region = year["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 7 and region["snippet"]["text"] == "今年以来"
    assert run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error"


def test_annotated_copy_has_a_comment_per_finding(cli, tmp_path):
    out = tmp_path / "批注.docx"
    before = EXAMPLE.read_bytes()
    result = cli("check", EXAMPLE, "--annotate", out, "--format", "json")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    comments = docx.Document(str(out)).comments
    assert len(list(comments)) == len(findings)
    texts = [c.text for c in comments]
    assert any(t.startswith("[YEAR002] ") and " 建议：" in t for t in texts)
    assert EXAMPLE.read_bytes() == before


def test_comment_is_anchored_on_the_run_holding_the_span(cli, tmp_path):
    d = docx.Document()
    d.add_paragraph("青溪县人民政府关于2023年度法治政府建设情况的报告")
    p = d.add_paragraph()
    p.add_run("全年办理案件43件")
    p.add_run(",")
    p.add_run("纠正违法行为12起。")
    src = tmp_path / "d.docx"
    d.save(str(src))
    out = tmp_path / "a.docx"
    cli("check", src, "--annotate", out, "--select", "PUN001")
    body = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    para = list(body.iter(f"{W}p"))[1]
    children = [c.tag.split("}")[1] for c in para]
    start = children.index("commentRangeStart")
    end = children.index("commentRangeEnd")
    runs_inside = [c for c in list(para)[start + 1:end] if c.tag == f"{W}r"]
    assert ["".join(t.text for t in r.iter(f"{W}t")) for r in runs_inside] == [","]


def test_annotate_several_files_into_a_folder(cli, tmp_path):
    txt = tmp_path / "r.txt"
    txt.write_text("一、主要举措和成效\n全年办理案件43件。\n", encoding="utf-8")
    folder = tmp_path / "out"
    cli("check", EXAMPLE, txt, "--annotate", folder)
    assert [p.name for p in folder.iterdir()] == ["example.批注.docx"]
    result = cli("check", txt, "--annotate", tmp_path / "x.docx")
    assert result.exit_code == 2 and ".docx" in result.stderr


TITLE = "青溪县人民政府关于2023年度法治政府建设情况的报告"


@pytest.mark.parametrize("kind", WRAPPERS)
def test_comment_lands_on_the_exact_text_inside_links_fields_controls_and_insertions(cli, tmp_path, kind):
    d = docx.Document()
    d.add_paragraph(TITLE)
    add_paragraph_xml(d, run("全年") + wrap(d, kind, run("办理案件43件,纠正违法") + run("行为")) + run("12起。"))
    src = tmp_path / "d.docx"
    src.write_bytes(to_bytes(d))
    before = digest(src)
    out = tmp_path / "a.docx"
    result = cli("check", src, "--annotate", out, "--select", "PUN001")
    assert result.exit_code in (0, 1), result.output
    anchored = anchored_texts(out)
    assert list(anchored.values()) == [","]
    assert all(t.startswith("[PUN001] ") for t in anchored)
    if kind not in ("plain", "complex_field"):
        assert kind in start_marker_ancestors(out)[0]  # the comment starts inside the wrapper
    body = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    order = [el.tag.split("}")[1] + (el.get(f"{W}fldCharType") or "") for el in body.iter()
             if el.tag in (f"{W}fldChar", f"{W}commentReference", f"{W}commentRangeStart")]
    if kind == "complex_field":  # the mark is not inside the field result (lost on update)
        assert order == ["fldCharbegin", "fldCharseparate", "commentRangeStart", "fldCharend", "commentReference"]
    assert [b.text for b in checker.load(out).blocks] == [b.text for b in checker.load(src).blocks]
    assert len(docx.Document(str(out)).comments) == 1
    assert digest(src) == before


def test_existing_comments_are_kept_and_ids_do_not_collide(cli, tmp_path):
    d = docx.Document()
    d.add_paragraph(TITLE)
    p = d.add_paragraph()
    first = p.add_run("全年办理案件43件,纠正违法行为12起,整改问题5个。")
    d.add_comment([first], text="审核人的意见", author="审核人")
    src = tmp_path / "d.docx"
    src.write_bytes(to_bytes(d))
    out = tmp_path / "a.docx"
    result = cli("check", src, "--annotate", out, "--select", "PUN001", "--format", "json")
    found = json.loads(result.stdout)["files"][0]["findings"]
    assert found
    comments = list(docx.Document(str(out)).comments)
    ids = [c.comment_id for c in comments]
    assert len(ids) == len(set(ids)) == 1 + len(found)
    assert [c.text for c in comments if c.author == "审核人"] == ["审核人的意见"]
    anchored = anchored_texts(out)
    assert anchored["审核人的意见"] == "全年办理案件43件,纠正违法行为12起,整改问题5个。"
    assert [v for k, v in anchored.items() if k.startswith("[PUN001]")] == [","] * len(found)


def test_document_and_paragraph_findings_anchor_on_a_paragraph(cli, tmp_path):
    out = tmp_path / "a.docx"
    result = cli("check", EXAMPLE, "--annotate", out, "--format", "json")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    anchored = anchored_texts(out)
    blocks = checker.load(EXAMPLE).blocks
    for f in findings:
        text = next(v for k, v in anchored.items() if k.startswith(f"[{f['code']}] {f['message']}"))
        loc = f["location"]
        if loc["paragraph"] is None:
            assert text and text in {b.text for b in blocks}
        elif loc["start"] is not None and loc["start"] >= len(blocks[loc["paragraph"]].label):
            assert text == f["excerpt"] or text == blocks[loc["paragraph"]].text[loc["start"]:loc["end"]]


def test_annotate_folder_keeps_drafts_of_the_same_name_apart(cli, tmp_path):
    for sub in ("甲", "乙"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "报告.docx").write_bytes(EXAMPLE.read_bytes())
    folder = tmp_path / "out"
    result = cli("check", tmp_path / "甲", tmp_path / "乙", "--annotate", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["报告.批注-2.docx", "报告.批注.docx"]
    assert "同名" in result.stderr


def test_annotate_one_unreadable_file_reports_why(cli, tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    result = cli("check", bad, "--annotate", tmp_path / "a.docx")
    assert result.exit_code == 2 and "只适用于" not in result.stderr and "损坏" in result.stderr
    assert not (tmp_path / "a.docx").exists()


def test_annotate_is_a_folder_when_a_folder_is_checked_even_with_one_docx(cli, tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "example.docx").write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out"
    assert cli("check", drafts, "--annotate", out).exit_code in (0, 1)
    assert out.is_dir() and [p.name for p in out.iterdir()] == ["example.批注.docx"]
    # an existing folder, or a name ending with a separator, is a folder too
    existing = tmp_path / "existing"
    existing.mkdir()
    assert cli("check", drafts / "example.docx", "--annotate", existing).exit_code in (0, 1)
    assert [p.name for p in existing.iterdir()] == ["example.批注.docx"]
    assert cli("check", drafts / "example.docx", "--annotate", f"{tmp_path / 'new'}/").exit_code in (0, 1)
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["example.批注.docx"]

"""SARIF output and the annotated DOCX copy."""
import json
import zipfile

import docx
from lxml import etree

from conftest import FIXTURES

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
    assert any(t.startswith("【YEAR002 警告】") and "建议：" in t for t in texts)
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

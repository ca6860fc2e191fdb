"""fzbg generate / example / schema / skeleton."""
import io
import json
import os
import shutil
import zipfile

import docx
import pytest
import yaml
from lxml import etree

import checker
from checker.data import templates_dir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def example_data():
    return yaml.safe_load((templates_dir() / "example.yaml").read_text(encoding="utf-8"))


def test_example_generates_a_report_that_passes_the_checker(tmp_path, cli):
    src = tmp_path / "in.yaml"
    result = cli("example")
    assert result.exit_code == 0
    src.write_text(result.stdout, encoding="utf-8")
    out = tmp_path / "out.docx"
    assert cli("generate", src, "-o", out).exit_code == 0
    check = cli("check", out, "--format", "json")
    assert check.exit_code == 0, check.stdout
    findings = json.loads(check.stdout)["files"][0]["findings"]
    assert [f for f in findings if f["severity"] in ("error", "warning")] == []
    report = json.loads(check.stdout)["files"][0]["report"]
    assert report["report_year"] == 2023 and report["plan_year"] == 2024
    assert report["addressee"] == "中共云州市委、云州市人民政府"
    assert report["signature"] == "青溪县人民政府" and report["date"] == "2024年3月10日"


def test_parts_follow_the_chosen_order_and_labels_are_numbered():
    data = example_data()
    for order, kinds in (("duty_first", ["duty", "measures", "problems", "plans", "other"]),
                         ("regulation", ["measures", "problems", "duty", "plans", "other"])):
        data["order"] = order
        ol = checker.outline(checker.load(checker.generate(data)))
        assert [s.kind for s in ol.sections] == kinds
        assert [s.heading.label for s in ol.sections] == ["一、", "二、", "三、", "四、", "五、"]
        measures = ol.sections_of("measures")[0]
        assert [c.label for c in measures.children] == ["（一）", "（二）", "（三）", "（四）"]
        assert [c.label for c in measures.children[0].children] == ["1.", "2."]


def test_causes_are_marked_and_newlines_start_paragraphs():
    data = example_data()
    data["problems"][0]["causes"] = "乡镇执法人员培训不足。"
    data["measures"][2]["items"][0] = "第一段文字。\n第二段文字。"
    doc = checker.load(checker.generate(data))
    texts = [b.text for b in doc.blocks]
    assert "主要原因是乡镇执法人员培训不足。" in texts
    i = texts.index("第一段文字。")
    assert texts[i + 1] == "第二段文字。"


def test_special_characters_come_out_literally():
    data = example_data()
    tricky = "A&B<C>D \"引号\" {{ title }} {% if x %}不应执行{% endif %} &amp;"
    data["measures"][0]["items"][0]["text"] = tricky
    doc = docx.Document(io.BytesIO(checker.generate(data)))
    assert any(tricky in p.text for p in doc.paragraphs)


def test_output_xml_meets_gbt_9704():
    raw = checker.generate(example_data())
    z = zipfile.ZipFile(io.BytesIO(raw))
    document = etree.fromstring(z.read("word/document.xml"))
    styles = etree.fromstring(z.read("word/styles.xml"))
    sect = document.find(f"{W}body/{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)  # A4 in twips
    mar = sect.find(f"{W}pgMar")
    mm = {k: round(int(mar.get(f"{W}{k}")) / 56.6929) for k in ("top", "left", "bottom", "right")}
    assert mm == {"top": 37, "left": 28, "bottom": 35, "right": 26}
    grid = sect.find(f"{W}docGrid")
    # a line grid (LibreOffice gives a 16 pt character two cells of Word's 15.79 pt
    # character grid) and characters condensed so that 28 fit the line, 29 do not
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}linePitch") == "579"
    assert grid.get(f"{W}charSpace") is None
    twips = {k: int(mar.get(f"{W}{k}")) for k in ("top", "left", "bottom", "right")}
    line_pt = (int(size.get(f"{W}w")) - twips["left"] - twips["right"]) / 20
    height_pt = (int(size.get(f"{W}h")) - twips["top"] - twips["bottom"]) / 20
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    advance = int(defaults.find(f"{W}sz").get(f"{W}val")) / 2 + int(defaults.find(f"{W}spacing").get(f"{W}val")) / 20
    assert int(line_pt // advance) == 28
    assert int(height_pt // (579 / 20)) == 22

    def style(name):
        for st in styles.iter(f"{W}style"):
            if st.find(f"{W}name").get(f"{W}val") == name:
                return st
        raise AssertionError(name)

    def font(st):
        return st.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia"), int(st.find(f"{W}rPr/{W}sz").get(f"{W}val")) / 2

    assert font(style("Normal")) == ("仿宋_GB2312", 16)
    assert font(style("GW Title")) == ("方正小标宋简体", 22)
    assert style("GW Title").find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    assert font(style("GW Heading 1"))[0] == "黑体"
    assert font(style("GW Heading 2"))[0] == "楷体_GB2312"
    assert font(style("GW Heading 3"))[0] == "仿宋_GB2312"
    for fonts in styles.iter(f"{W}rFonts"):
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")], fonts.attrib
    # the paragraphs use these styles
    used = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in document.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}pStyle") is not None}
    ids = {st.find(f"{W}name").get(f"{W}val"): st.get(f"{W}styleId") for st in styles.iter(f"{W}style")}
    assert {ids["GW Title"], ids["GW Heading 1"], ids["GW Heading 2"]} <= used
    # footer: "— PAGE —" in 14 pt, odd and even pages
    footers = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/footer")]
    assert len(footers) == 2
    for f in footers:
        text = "".join(t.text or "" for t in f.iter(f"{W}t"))
        assert text.startswith("— ") and text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in f.iter(f"{W}instrText"))
        assert {s.get(f"{W}val") for s in f.iter(f"{W}sz")} == {"28"}


def test_validation_errors_name_file_field_and_line(tmp_path, cli):
    data = example_data()
    data["measures"][2]["items"][0] = ""
    data["date"] = "2024年3月10日"
    data["colour"] = "red"
    del data["reporter"]
    src = tmp_path / "bad.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "o.docx"
    result = cli("generate", src, "-o", out)
    assert result.exit_code == 2
    err = result.stderr
    assert f"{src}：" in err
    assert "measures[2].items[0]：不能为空" in err
    assert "reporter：缺少必填项" in err
    assert "date：应为日期" in err
    assert "colour：未知字段" in err
    line = next(i for i, l in enumerate(src.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("date:"))
    assert f"第 {line} 行，date" in err
    assert not out.exists()
    assert "Traceback" not in result.output


def test_typed_labels_and_unknown_answers_are_refused(tmp_path, cli):
    data = example_data()
    data["measures"][0]["heading"] = "（一）依法全面履行政府职能"
    data["plans"][0]["answers"] = "没有这一项"
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    result = cli("generate", src, "-o", tmp_path / "o.docx")
    assert result.exit_code == 2
    assert "measures[0].heading：" in result.stderr and "编号" in result.stderr


@pytest.mark.parametrize("content,words", [
    ("reporter: [unclosed\n", "YAML 格式错误"),
    ("- just\n- a list\n", "顶层应为"),
    ("", "文件为空"),
])
def test_malformed_input_files(tmp_path, cli, content, words):
    src = tmp_path / "bad.yaml"
    src.write_text(content, encoding="utf-8")
    result = cli("generate", src, "-o", tmp_path / "o.docx")
    assert result.exit_code == 2 and words in result.stderr, result.stderr


def test_refuses_to_overwrite_without_force(tmp_path, cli):
    src = tmp_path / "in.yaml"
    src.write_text(cli("example").stdout, encoding="utf-8")
    out = tmp_path / "o.docx"
    out.write_bytes(b"keep")
    result = cli("generate", src, "-o", out)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"keep"
    assert cli("generate", src, "-o", out, "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_department_and_user_templates(tmp_path, cli):
    data = example_data()
    data.update(reporter="青溪县司法局", reporter_kind="department", addressees=["青溪县人民政府"])
    raw = checker.generate(data)
    ol = checker.outline(checker.load(raw))
    assert ol.title == "青溪县司法局关于2023年度法治政府建设情况的报告"
    assert ol.reporter_kind == "department" and ol.signature == "青溪县司法局"
    custom = tmp_path / "mine.docx"
    shutil.copy(templates_dir() / "government.docx", custom)
    assert checker.generate(data, template=str(custom))[:2] == b"PK"
    broken = tmp_path / "broken.docx"
    d = docx.Document()
    d.add_paragraph("{{ title ")
    d.save(broken)
    src = tmp_path / "in.yaml"
    src.write_text(cli("example").stdout, encoding="utf-8")
    result = cli("generate", src, "-o", tmp_path / "x.docx", "--template", broken)
    assert result.exit_code == 2 and "模板无法渲染" in result.stderr


def test_schema_is_json_schema(cli):
    result = cli("schema")
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"reporter", "report_year", "measures", "problems", "plans", "date"} <= set(schema["required"])


def test_skeleton_has_five_parts_and_is_reported_unfinished(tmp_path, cli):
    out = tmp_path / "draft.docx"
    result = cli("skeleton", "--reporter", "青溪县", "--year", "2024", "-o", out)
    assert result.exit_code == 0
    outline = json.loads(cli("outline", out, "--format", "json").stdout)
    assert [s["kind"] for s in outline["sections"]] == ["duty", "measures", "problems", "plans", "other"]
    assert outline["missing"] == [] and outline["report"]["report_year"] == 2024
    check = json.loads(cli("check", out, "--format", "json").stdout)
    placeholders = [f for f in check["files"][0]["findings"] if f["code"] == "RES002"]
    assert len(placeholders) >= 10
    dept = tmp_path / "dept.docx"
    assert cli("skeleton", "--reporter", "青溪县司法局", "--year", "2024", "--kind", "department", "-o", dept).exit_code == 0
    assert json.loads(cli("outline", dept, "--format", "json").stdout)["report"]["reporter_kind"] == "department"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_generate_refuses_a_named_pipe_without_waiting(cli, tmp_path):
    import threading

    fifo = tmp_path / "in.yaml"
    os.mkfifo(fifo)
    args = [fifo, "-o", tmp_path / "r.docx"]
    box = []
    worker = threading.Thread(target=lambda: box.append(cli("generate", *args)), daemon=True)
    worker.start()
    worker.join(30)
    if not box:  # unblock the reader so the thread ends
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        worker.join(5)
        pytest.fail("generate waited on a named pipe")
    assert box[0].exit_code == 2 and "不是普通文件" in box[0].output and str(fifo) in box[0].output

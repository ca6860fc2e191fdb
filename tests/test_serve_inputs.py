"""fzbg serve reads what `fzbg check` reads and answers with its JSON: PDF, .doc/.wps/.rtf
through LibreOffice (a clear message when the server has none), last year's report as the
`previous` upload (the CROSS rules, as --previous), and messages that name the form field
a user filled in, never a command-line flag."""
import json
import shutil

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

import checker  # noqa: E402
from checker.ingest import convert  # noqa: E402
from checker.outputs.jsonl import JsonDocument, document, dumps  # noqa: E402
from checker.serve import Settings, create_app  # noqa: E402
from conftest import FIXTURES  # noqa: E402

EXAMPLE = (FIXTURES / "example.docx").read_bytes()
PDF = (FIXTURES / "converted" / "example.pdf").read_bytes()
DOC = (FIXTURES / "converted" / "example.doc").read_bytes()
THIS = (FIXTURES / "yoy" / "qingxi_2023.txt").read_text(encoding="utf-8")
LAST = (FIXTURES / "yoy" / "qingxi_2022.txt").read_text(encoding="utf-8")
# this year's report written as the CROSS rules want it (tests/cases/cross.yaml, quiet
# cases): the copied paragraph rewritten, last year's plans reported on, the repeated
# shortcoming explained
QUIET = THIS
for old, new in (
        ("县司法局联合县纪委监委对全县32个行政执法单位开展专项督查，随机抽取执法案卷并逐卷反馈问题清单，督促限期整改。",
         "评查行政处罚案卷60卷，发现问题23个，全部整改到位；对去年督查发现的问题开展“回头看”。"),
        ("修订突发事件应急预案12部。", "修订突发事件应急预案12部。行政执法监督信息系统7月上线，归集执法数据3.2万条，发出预警46次。"
                                      "县公共法律服务中心建成运行，法律援助、人民调解、公证窗口集中办理。"),
        ("个别乡镇执法文书不规范，案卷质量有待提升。主要原因是",
         "去年已列出这一问题，虽经轮训，个别乡镇执法文书仍不规范。主要原因是乡镇执法人员流动大，")):
    assert old in QUIET
    QUIET = QUIET.replace(old, new)

has_soffice = convert.soffice() is not None
needs_soffice = pytest.mark.skipif(not has_soffice, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(workers=2, processes=False))) as c:
        yield c


def cli_json(tmp_path, monkeypatch, cli, files: dict, *args):
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def api_json(response) -> dict:
    """The CLI's document out of the API's answer (which repeats the file's entry at the top)."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: v for k, v in body.items() if k not in ("version", "files", "summary")} == body["files"][0]
    return {k: body[k] for k in ("version", "files", "summary")}


def assert_error(response, status, *words):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and "Traceback" not in response.text
    for w in words:
        assert w in body["message"], body["message"]
    return body


# ---------------------------------------------------------------- one JSON document

def test_the_streamed_document_is_the_built_document():
    """`fzbg check --format json` streams what checker.outputs.jsonl.document() builds
    (the API's answer): the same text as dumping it whole, summary included."""
    ok = checker.check(EXAMPLE, name="r.docx").to_dict()
    bad = {"path": "x.docx", "status": "error", "error": {"message": "x.docx：文件为空"}, "report": None,
           "outline": None, "findings": []}
    for entries in ([], [ok], [ok, bad, ok]):
        out = []
        writer = JsonDocument(out.append, {"version": checker.__version__})
        for e in entries:
            writer.file(e)
        writer.end()
        built = document({"version": checker.__version__}, entries)
        assert "".join(out) == dumps(built, indent=2) + "\n"
    c = ok["counts"]
    assert built["summary"] == {"files": 3, "errors": 2 * c["error"], "warnings": 2 * c["warning"],
                                "infos": 2 * c["info"], "bad_inputs": 1}


@pytest.mark.parametrize("case", ["docx+options", "pdf", "txt+previous"])
def test_api_json_is_the_cli_json(client, tmp_path, monkeypatch, cli, case):
    """The same file and options give the same JSON. The one field that legitimately
    differs is files[].path: the CLI writes the path it was given, the API the uploaded
    file's name (equal here, as the CLI is run on the bare name)."""
    if case == "docx+options":
        files, flags = {"r.docx": EXAMPLE}, {"profile": "government", "year": "2023", "select": "OUT,YEAR", "ignore": "OUT005"}
    elif case == "pdf":
        files, flags = {"草稿.pdf": PDF}, {}
    else:
        files, flags = {"2023.txt": THIS.encode(), "2022.txt": LAST.encode()}, {}
    name = next(iter(files))
    args = [name] + [a for k, v in flags.items() for a in (f"--{k}", v)]
    uploads = {"file": (name, files[name])}
    if case == "txt+previous":
        args += ["--previous", "2022.txt"]
        uploads["previous"] = ("2022.txt", files["2022.txt"])
    expected = cli_json(tmp_path, monkeypatch, cli, files, *args)
    assert api_json(client.post("/api/v1/check", files=uploads, data=flags)) == expected
    assert expected["files"][0]["findings"]  # something was compared
    if case == "pdf":
        assert expected["files"][0]["format"] == "pdf"
    if case == "txt+previous":
        assert {f["code"] for f in expected["files"][0]["findings"]} >= {"CROSS001", "CROSS002", "CROSS003"}


def test_only_the_path_differs_when_the_cli_is_given_a_folder(client, tmp_path, monkeypatch, cli):
    expected = cli_json(tmp_path, monkeypatch, cli, {"稿件/r.docx": EXAMPLE}, "稿件/r.docx")
    got = api_json(client.post("/api/v1/check", files={"file": ("r.docx", EXAMPLE)}))
    assert expected["files"][0].pop("path") == "稿件/r.docx" and got["files"][0].pop("path") == "r.docx"
    assert got == expected


# ---------------------------------------------------------------- messages name the field

@pytest.mark.parametrize("field,value", [("year", "1999"), ("year", "20233"), ("year", "abc"), ("select", "NOPE9"),
                                         ("ignore", "OUT,XYZ1"), ("profile", "county")])
@pytest.mark.parametrize("endpoint", ["check", "annotate", "fix"])
def test_a_bad_option_is_named_by_its_field_not_a_cli_flag(client, endpoint, field, value):
    if endpoint == "fix" and field in ("ignore", "profile"):
        pytest.skip("fix takes select and year only")
    body = assert_error(client.post(f"/api/v1/{endpoint}", files={"file": ("r.docx", EXAMPLE)}, data={field: value}), 400,
                        f"{field}：", value.split(",")[-1])
    assert "--" not in body["message"] and "fzbg " not in body["message"]
    assert body["errors"] == [{"field": field, "loc": [field], "message": body["errors"][0]["message"]}]


# ---------------------------------------------------------------- uploads the CLI reads

def test_a_pdf_is_checked_by_content_not_by_name(client):
    named_docx = api_json(client.post("/api/v1/check", files={"file": ("r.docx", PDF)}))
    assert named_docx["files"][0]["format"] == "pdf"
    assert_error(client.post("/api/v1/check", files={"file": ("r.pdf", "青溪县2023年度报告".encode())}), 400,
                 "r.pdf", "不是 PDF")
    assert_error(client.post("/api/v1/annotate", files={"file": ("r.pdf", PDF)}), 415, "r.pdf：这个文件是PDF", "只有 Word 文档（.docx）")
    assert_error(client.post("/api/v1/fix", files={"file": ("r.pdf", PDF)}), 415, "r.pdf：这个文件是PDF", "只能修改 .docx、.txt 和 .md")


def test_without_libreoffice_a_doc_is_refused_saying_the_server_needs_it(monkeypatch):
    monkeypatch.setattr(convert, "soffice", lambda: None)
    with TestClient(create_app(Settings(workers=1, processes=False))) as c:
        for name in ("r.doc", "r.docx"):  # its content says what it is, whatever its name
            body = assert_error(c.post("/api/v1/check", files={"file": (name, DOC)}), 415, name, "服务器", "LibreOffice")
            assert "sudo" not in body["message"] and "本机" not in body["message"]
        assert_error(c.post("/api/v1/annotate", files={"file": ("r.doc", DOC)}), 415, "LibreOffice")
        health = c.get("/healthz").json()
        assert health["libreoffice"] is False and ".doc" not in health["formats"] and ".pdf" in health["formats"]
        page = c.get("/").text
        assert 'accept=".docx,.txt,.md,.markdown,.html,.htm,.pdf"' in page and ".wps" not in page


def test_conversion_runs_under_the_request_time_limit(monkeypatch):
    import threading

    release = threading.Event()
    monkeypatch.setattr(convert, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(convert, "run_soffice", lambda *a, **k: release.wait(10))
    try:
        with TestClient(create_app(Settings(workers=1, processes=False, timeout=0.3))) as c:
            assert_error(c.post("/api/v1/check", files={"file": ("r.doc", DOC)}), 504, "超时")
    finally:
        release.set()


@needs_soffice
def test_a_doc_is_checked_and_annotated_through_libreoffice(client, tmp_path, monkeypatch, cli):
    expected = cli_json(tmp_path, monkeypatch, cli, {"r.doc": DOC}, "r.doc")
    assert api_json(client.post("/api/v1/check", files={"file": ("r.doc", DOC)})) == expected
    response = client.post("/api/v1/annotate", files={"file": ("r.doc", DOC)})
    assert response.status_code == 200 and "r.%E6%89%B9%E6%B3%A8.docx" in response.headers["content-disposition"]
    annotated = checker.load(response.content, "a.docx")
    assert len(annotated.comments) == len(expected["files"][0]["findings"])
    fixed = client.post("/api/v1/fix", files={"file": ("r.doc", DOC)})  # as `fzbg fix r.doc -o r.docx`
    assert fixed.status_code == 200 and "fixed.docx" in fixed.headers["content-disposition"]
    assert int(fixed.headers["x-fzbg-applied"]) > 0 and checker.load(fixed.content, "f.docx").format == "docx"


def test_the_upload_limit_counts_last_years_report_too():
    body = THIS.encode()
    with TestClient(create_app(Settings(workers=1, processes=False, max_upload=len(body) + 2000))) as c:
        assert c.post("/api/v1/check", files={"file": ("2023.txt", body)}).status_code == 200
        assert_error(c.post("/api/v1/check", files={"file": ("2023.txt", body), "previous": ("2022.txt", body)}), 413)


# ---------------------------------------------------------------- last year's report

def cross(response) -> list:
    return sorted(f["code"] for f in api_json(response)["files"][0]["findings"] if f["code"].startswith("CROSS"))


def test_previous_finds_the_copied_paragraph_and_the_plans_not_reported(client):
    got = cross(client.post("/api/v1/check", files={"file": ("2023.txt", THIS.encode()), "previous": ("2022.txt", LAST.encode())}))
    assert got == ["CROSS001", "CROSS002", "CROSS002", "CROSS003"]
    # the annotated copy carries them too (the page's download matches what it shows)
    docx = checker.generate(checker.extract(THIS.encode(), "2023.txt"))
    response = client.post("/api/v1/annotate", files={"file": ("2023.docx", docx), "previous": ("2022.txt", LAST.encode())})
    assert response.status_code == 200
    assert any("[CROSS001]" in c.text for c in checker.load(response.content, "a.docx").comments)


def test_previous_quiet_cases(client):
    # last year's report of the right year and reporter, everything reported on
    assert cross(client.post("/api/v1/check", files={"file": ("2023.txt", QUIET.encode()),
                                                     "previous": ("2022.txt", LAST.encode())})) == []
    # no previous report: no CROSS rule runs; a form's empty file input is no report
    assert cross(client.post("/api/v1/check", files={"file": ("2023.txt", THIS.encode())})) == []
    assert cross(client.post("/api/v1/check", files={"file": ("2023.txt", THIS.encode()), "previous": ("", b"")})) == []


def test_the_wrong_previous_report_is_cross004(client):
    other = LAST.replace("青溪县", "云岭县").encode()
    response = client.post("/api/v1/check", files={"file": ("2023.txt", THIS.encode()), "previous": ("云岭县.txt", other)},
                           data={"select": "CROSS004"})
    findings = api_json(response)["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["CROSS004"] and "云岭县" in findings[0]["message"]


@pytest.mark.parametrize("name,data,words", [
    ("2022.txt", b"", ("文件为空",)),
    ("2022.docx", b"PK\x03\x04broken", ("2022.docx",)),
    ("2022.xls", b"x", (".xls",)),
    ("2022.txt", b"\x00\x01" * 100, ("二进制",)),
])
@pytest.mark.parametrize("endpoint", ["check", "annotate"])
def test_a_bad_previous_report_is_400_naming_the_field(client, endpoint, name, data, words):
    body = assert_error(client.post(f"/api/v1/{endpoint}", files={"file": ("2023.docx", EXAMPLE), "previous": (name, data)}),
                        400, "previous（去年的报告）", *words)
    assert "--previous" not in body["message"]


def test_previous_is_documented_in_the_openapi_description(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/check", "/api/v1/annotate"):
        props = spec["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
        assert "去年的报告" in props["previous"]["description"] and "CROSS" in props["previous"]["description"]
        assert ".pdf" in props["file"]["description"] and "LibreOffice" in props["file"]["description"]

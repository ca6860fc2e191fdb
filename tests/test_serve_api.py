"""fzbg serve's HTTP API, driven with the framework's test client: every endpoint, every
error status, and the same JSON as `fzbg check --format json` for the same file."""
import fnmatch
import io
import json
import shutil
import threading
import tomllib
import zipfile

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

import checker  # noqa: E402
from checker.serve import Settings, create_app  # noqa: E402
from checker.serve import work  # noqa: E402
from conftest import FIXTURES, ROOT  # noqa: E402

EXAMPLE = (FIXTURES / "example.docx").read_bytes()
CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def client():
    # the real worker pool (processes), as fzbg serve runs it
    with TestClient(create_app(Settings(workers=2, processes=True))) as c:
        yield c


def threaded(**settings):
    return TestClient(create_app(Settings(workers=2, processes=False, **settings)))


def cli_json(tmp_path, monkeypatch, cli, name, data, *options):
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    result = cli("check", name, "--format", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def without_entry(body):
    """The API answers the CLI's document with the file's entry repeated at the top:
    check that repetition, and return the document alone."""
    entry = body["files"][0]
    top = {k: v for k, v in body.items() if k not in ("version", "files", "summary")}
    assert top == {k: v for k, v in entry.items() if k != "paragraphs"}
    assert top["findings"] == entry["findings"] and top["path"] == entry["path"]
    return {k: body[k] for k in ("version", "files", "summary")}


def assert_error(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body  # a Chinese message
    assert "Traceback" not in response.text
    return body


# ---------------------------------------------------------------- check: the CLI's JSON

@pytest.mark.parametrize("name,data", [("r.docx", EXAMPLE), ("r.txt", CLEAN.replace("2024年", "今年").encode("utf-8")),
                                       ("r.md", ("# " + CLEAN).encode("utf-8"))])
def test_check_returns_the_json_of_fzbg_check(client, tmp_path, monkeypatch, cli, name, data):
    expected = cli_json(tmp_path, monkeypatch, cli, name, data)
    response = client.post("/api/v1/check", files={"file": (name, data)})
    assert response.status_code == 200
    assert without_entry(response.json()) == expected
    assert expected["files"][0]["findings"] or name != "r.docx"


def test_check_options_are_the_cli_flags(client, tmp_path, monkeypatch, cli):
    flags = ["--profile", "department", "--year", "2022", "--select", "OUT,YEAR,FMT001", "--ignore", "OUT005"]
    expected = cli_json(tmp_path, monkeypatch, cli, "r.docx", EXAMPLE, *flags)
    response = client.post("/api/v1/check", files={"file": ("r.docx", EXAMPLE)},
                           data={"profile": "department", "year": "2022", "select": "OUT,YEAR,FMT001", "ignore": "OUT005"})
    assert without_entry(response.json()) == expected
    assert {f["code"][:3] for f in expected["files"][0]["findings"]} <= {"OUT", "YEA", "FMT"}
    # the same options as query parameters (scripts that cannot add form fields)
    response = client.post("/api/v1/check?profile=department&year=2022&select=OUT,YEAR,FMT001&ignore=OUT005",
                           files={"file": ("r.docx", EXAMPLE)})
    assert without_entry(response.json()) == expected


def test_last_years_report_reaches_the_worker_processes(client):
    yoy = FIXTURES / "yoy"
    response = client.post("/api/v1/check", data={"select": "CROSS"},
                           files={"file": ("2023.txt", (yoy / "qingxi_2023.txt").read_bytes()),
                                  "previous": ("2022.txt", (yoy / "qingxi_2022.txt").read_bytes())})
    assert sorted(f["code"] for f in response.json()["findings"]) == ["CROSS001", "CROSS002", "CROSS002", "CROSS003"]


def test_check_adds_the_paragraphs_only_when_asked(client):
    plain = client.post("/api/v1/check", files={"file": ("r.docx", EXAMPLE)}).json()["files"][0]
    assert "paragraphs" not in plain
    entry = client.post("/api/v1/check", files={"file": ("r.docx", EXAMPLE)}, data={"paragraphs": "1"}).json()["files"][0]
    texts = [p["text"] for p in entry["paragraphs"]]
    assert [p["role"] for p in entry["paragraphs"]][0] == "title"
    spans = 0
    for f in entry["findings"]:
        loc = f["location"]
        if loc["start"] is not None:  # the page highlights text[start:end] of that paragraph
            marked = texts[loc["paragraph"]][loc["start"]:loc["end"]]
            assert marked and marked in f["excerpt"], (f["code"], marked, f["excerpt"])
            spans += 1
    assert spans  # the example has findings with a span: the check above ran


# ---------------------------------------------------------------- annotate, fix

def comment_texts(docx: bytes) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return ["".join(c.itertext()) for c in root.iter(w + "comment")]


def test_annotate_returns_the_copy_fzbg_check_annotate_writes(client, tmp_path, monkeypatch, cli):
    (tmp_path / "草稿.docx").write_bytes(EXAMPLE)
    monkeypatch.chdir(tmp_path)
    assert cli("check", "草稿.docx", "--annotate", "cli.docx").exit_code in (0, 1)
    response = client.post("/api/v1/annotate", files={"file": ("草稿.docx", EXAMPLE)})
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    texts = comment_texts(response.content)
    assert texts and texts == comment_texts((tmp_path / "cli.docx").read_bytes())
    findings = checker.check(EXAMPLE, name="草稿.docx").findings
    assert all(any(f.message in t for t in texts) for f in findings)


def test_fix_returns_the_corrected_copy(client):
    draft = CLEAN.replace("全面落实", "全面落实,").encode("utf-8")
    before = [f.code for f in checker.check(draft, name="r.txt").findings if f.edits]
    assert before
    response = client.post("/api/v1/fix", files={"file": ("r.txt", draft)})
    assert response.status_code == 200
    assert int(response.headers["x-fzbg-applied"]) == len(before)
    after = checker.check(response.content, name="r.txt")
    assert not [f for f in after.findings if f.edits]
    docx = client.post("/api/v1/fix", files={"file": ("r.docx", EXAMPLE)})
    assert docx.headers["content-type"] == DOCX
    assert checker.load(docx.content, "fixed.docx").format == "docx"


# ---------------------------------------------------------------- generate, skeleton, rules

def test_generate_from_json_per_the_schema(client):
    data = client.get("/api/v1/example").json()
    response = client.post("/api/v1/generate", json=data)
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    report = checker.check(response.content, name="g.docx")
    assert report.outline.reporter == data["reporter"]
    assert [f for f in report.findings if f.severity == "error"] == []
    dept = client.post("/api/v1/generate?template=department", json=data)
    assert dept.status_code == 200
    assert client.get("/api/v1/schema").json() == checker.api.input_schema()


def test_generate_invalid_input_is_422_with_each_field(client):
    data = client.get("/api/v1/example").json()
    data["measures"][0]["heading"] = ""
    data["date"] = "2024-13-40"
    del data["preamble"]
    body = assert_error(client.post("/api/v1/generate", json=data), 422)
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"measures[0].heading", "date", "preamble"}
    assert fields["preamble"] == "缺少必填项"
    assert ["measures", 0, "heading"] in [e["loc"] for e in body["errors"]]
    assert_error(client.post("/api/v1/generate", json=[1, 2]), 422)


def test_generate_from_an_uploaded_yaml_file(client):
    example = (ROOT / "templates" / "example.yaml").read_bytes()
    ok = client.post("/api/v1/generate", files={"file": ("青溪县.yaml", example)})
    assert ok.status_code == 200 and ok.headers["content-type"] == DOCX
    broken = example.replace(b"report_year: 2023", b"report_year: abc")
    body = assert_error(client.post("/api/v1/generate", files={"file": ("青溪县.yaml", broken)}), 422)
    assert "青溪县.yaml：第 6 行，report_year" in body["message"]


def test_skeleton(client):
    response = client.post("/api/v1/skeleton", json={"reporter": "青溪县", "year": 2024, "kind": "government"})
    assert response.status_code == 200
    codes = {f.code for f in checker.check(response.content, name="s.docx").findings}
    assert "RES002" in codes  # its 【待补充】 placeholders
    body = assert_error(client.post("/api/v1/skeleton", json={"reporter": " ", "year": 99, "kind": "x"}), 422)
    assert {e["field"] for e in body["errors"]} == {"reporter", "year", "kind"}


def test_rules_and_health(client, cli):
    assert client.get("/api/v1/rules").json() == json.loads(cli("rules", "--format", "json").stdout)
    health = client.get("/healthz").json()
    assert {k: health[k] for k in ("status", "version")} == {"status": "ok", "version": checker.__version__}
    assert health["libreoffice"] is ((shutil.which("soffice") or shutil.which("libreoffice")) is not None)
    assert ".pdf" in health["formats"] and (".doc" in health["formats"]) is health["libreoffice"]


def test_openapi_description_and_docs_page(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/check", "/api/v1/annotate", "/api/v1/fix", "/api/v1/generate", "/api/v1/rules", "/healthz"):
        assert path in spec["paths"]
    assert "ReportInput" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text


# ---------------------------------------------------------------- errors

def test_bad_input_is_400(client):
    assert "文件为空" in assert_error(client.post("/api/v1/check", files={"file": ("r.txt", b"")}), 400)["message"]
    assert_error(client.post("/api/v1/check", files={"file": ("r.docx", b"PK\x03\x04broken")}), 400)
    assert_error(client.post("/api/v1/check", files={"other": ("r.txt", b"x")}), 400)
    assert_error(client.post("/api/v1/check", files={"file": ("r.txt", b"x")}, data={"year": "abc"}), 400)
    assert "未知的规则代码" in assert_error(
        client.post("/api/v1/check", files={"file": ("r.txt", CLEAN.encode())}, data={"select": "NOPE9"}), 400)["message"]
    assert_error(client.post("/api/v1/check", files={"file": ("r.txt", CLEAN.encode())}, data={"profile": "x"}), 400)
    assert_error(client.post("/api/v1/generate", content=b"{not json", headers={"content-type": "application/json"}), 400)
    assert_error(client.post("/api/v1/generate?template=/etc/passwd", json={}), 400)


def test_too_large_is_413():
    with threaded(max_upload=1000) as c:
        body = assert_error(c.post("/api/v1/check", files={"file": ("r.txt", b"x" * 2000)}), 413)
        assert "上限" in body["message"]
        assert_error(c.post("/api/v1/generate", content=b"{" + b" " * 2000 + b"}",
                            headers={"content-type": "application/json"}), 413)
        assert c.post("/api/v1/check", files={"file": ("r.txt", CLEAN[:200].encode())}).status_code == 200


def test_unsupported_type_is_415(client):
    assert ".pdf" in assert_error(client.post("/api/v1/check", files={"file": ("r.exe", b"MZ...")}), 415)["message"]
    assert_error(client.post("/api/v1/check", content=CLEAN.encode(), headers={"content-type": "text/plain"}), 415)
    assert_error(client.post("/api/v1/annotate", files={"file": ("r.txt", CLEAN.encode())}), 415)
    html = b"<html><body><p>x</p></body></html>"
    assert_error(client.post("/api/v1/fix", files={"file": ("r.html", html)}), 415)
    assert_error(client.post("/api/v1/generate", content=b"a: 1", headers={"content-type": "text/yaml"}), 415)
    assert_error(client.post("/api/v1/generate", files={"file": ("in.txt", b"a: 1")}), 415)


def test_unknown_address_is_json_404(client):
    assert_error(client.get("/api/v1/nothing"), 404)
    assert_error(client.get("/api/v1/check"), 405)


def test_token_guards_the_api_only():
    with threaded(token="s3cret") as c:
        assert_error(c.get("/api/v1/rules"), 401)
        assert_error(c.get("/api/v1/rules", headers={"Authorization": "Bearer wrong"}), 401)
        assert c.get("/api/v1/rules", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/healthz").status_code == 200
        page = c.get("/")
        assert page.status_code == 200 and '"tokenRequired": true' in page.text


def test_a_failing_job_is_500_without_traceback(monkeypatch):
    def boom(*args):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(work, "check", boom)
    with threaded() as c:
        body = assert_error(c.post("/api/v1/check", files={"file": ("r.txt", CLEAN.encode())}), 500)
        assert "internal detail" not in json.dumps(body)


def test_time_limit_is_504(monkeypatch):
    release = threading.Event()

    def slow(*args, **kwargs):
        release.wait(10)
        return {}

    monkeypatch.setattr(work, "check", slow)
    try:
        with threaded(timeout=0.2) as c:
            assert "超时" in assert_error(c.post("/api/v1/check", files={"file": ("r.txt", b"x")}), 504)["message"]
    finally:
        release.set()


def test_the_worker_enforces_the_time_limit_itself():
    import time

    result = work.run_job(time.sleep, (5,), 0.1)  # in the main thread, as in a worker process
    assert result[:2] == ("error", 504)


def test_the_time_limit_is_not_swallowed_by_code_that_catches_exception():
    """Readers and the generator word defects with `except Exception`: the limit passes
    through them (it would otherwise be taken for a defect and the job carry on)."""
    import time

    def careful():
        end = time.monotonic() + 1.5
        while time.monotonic() < end:
            try:
                time.sleep(0.02)
            except Exception:
                pass
        return "went on past the limit"

    assert work.run_job(careful, (), 0.1)[:2] == ("error", 504)


# ---------------------------------------------------------------- the page is served offline

def test_page_and_static_files_load_nothing_from_outside(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    config = json.loads(page.text.split('type="application/json">')[1].split("</script>")[0])
    assert config["profiles"] == checker.api.profile_names() and config["maxUpload"] == 20 * 1024 * 1024
    for name in ("app.js", "app.css", "docs.js"):
        assert client.get(f"/static/{name}").status_code == 200
    static = ROOT / "checker" / "serve" / "static"
    for f in static.iterdir():
        text = f.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, f.name
    assert client.get("/static/../app.py").status_code == 404


def test_static_files_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setup = config["tool"]["setuptools"]
    assert "checker.serve" in setup["packages"]
    patterns = setup["package-data"]["checker.serve"]
    for f in (ROOT / "checker" / "serve" / "static").iterdir():
        assert any(fnmatch.fnmatch(f"static/{f.name}", p) for p in patterns), f.name
    deps = " ".join(config["project"]["dependencies"])
    assert "fastapi" in deps and "uvicorn" in deps and "python-multipart" in deps


# ---------------------------------------------------------------- the command

def test_serve_refuses_a_port_in_use(cli):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        result = cli("serve", "--port", s.getsockname()[1])
    assert result.exit_code == 2
    assert "端口" in result.output


def test_serve_warns_loudly_off_loopback(cli, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: started.append(sockets))
    result = cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 0 and started
    assert "警告" in result.output and "--token" in result.output
    for s in started[0]:
        s.close()
    quiet = cli("serve", "--port", "0")
    assert "警告" not in quiet.output
    for s in started[1]:
        s.close()


# ---------------------------------------------------------------- the pool, the disk

def test_a_slow_job_does_not_hold_up_the_others(monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    started, release = threading.Event(), threading.Event()
    real = work.check

    def check(data, name, options, paragraphs=False, previous=None):
        if name == "slow.txt":
            started.set()
            release.wait(30)
        return real(data, name, options, paragraphs, previous)

    monkeypatch.setattr(work, "check", check)
    with threaded() as c, ThreadPoolExecutor(1) as pool:
        try:
            slow = pool.submit(c.post, "/api/v1/check", files={"file": ("slow.txt", CLEAN.encode())})
            assert started.wait(30)
            fast = c.post("/api/v1/check", files={"file": ("fast.txt", CLEAN.encode())})
            assert fast.status_code == 200 and not slow.done()
        finally:
            release.set()
        assert slow.result(30).status_code == 200


def test_uploads_never_touch_the_disk(monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("a temporary file was created")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big = b"\x01\x00" * 1_500_000  # above any spooling threshold; read, parsed, then refused as binary
    with threaded() as c:
        assert "二进制" in assert_error(c.post("/api/v1/check", files={"file": ("big.txt", big)}), 400)["message"]
        assert c.post("/api/v1/fix", files={"file": ("r.docx", EXAMPLE)}).status_code == 200


RTF = b"{\\rtf1\\ansi " + CLEAN.encode("ascii", "ignore") + b"}"


def test_content_an_endpoint_cannot_use_is_415_before_any_reader_or_converter_runs(monkeypatch):
    """Formats are told by content, not by name: a PDF named r.txt is refused by
    /annotate and /fix (they write Word or text) before the PDF reader runs, and without
    LibreOffice an RTF named r.txt is refused by every endpoint, saying the server needs
    LibreOffice, before any conversion is tried."""
    import checker.ingest.convert
    import checker.ingest.pdf

    ran = []
    monkeypatch.setattr(checker.ingest.convert, "soffice", lambda: None)
    monkeypatch.setattr(checker.ingest.convert, "run_soffice", lambda *a, **k: ran.append("soffice"))
    monkeypatch.setattr(checker.ingest.pdf, "read_pdf", lambda *a, **k: ran.append("pdf"))
    with threaded() as c:
        for endpoint in ("annotate", "fix"):
            body = assert_error(c.post(f"/api/v1/{endpoint}", files={"file": ("r.txt", b"%PDF-1.4\n" + b"x" * 100)}), 415)
            assert "r.txt" in body["message"] and ".docx" in body["message"] and "PDF" in body["message"]
        for endpoint in ("check", "annotate", "fix"):
            body = assert_error(c.post(f"/api/v1/{endpoint}", files={"file": ("r.txt", RTF)}), 415)
            assert "r.txt" in body["message"] and "RTF" in body["message"]
            assert "服务器" in body["message"] and "LibreOffice" in body["message"]
    assert ran == []


def test_fix_names_its_result_by_what_it_writes(client):
    response = client.post("/api/v1/fix", files={"file": ("r.txt", EXAMPLE)})  # a Word file named .txt
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    assert "fixed.docx" in response.headers["content-disposition"]


def test_the_formats_named_are_the_formats_read(client):
    page = client.get("/").text
    if (shutil.which("soffice") or shutil.which("libreoffice")) is not None:
        named, accept = ".docx、.txt、.md、.html、.pdf、.doc、.wps、.rtf", ".docx,.txt,.md,.markdown,.html,.htm,.pdf,.doc,.wps,.rtf"
    else:
        named, accept = ".docx、.txt、.md、.html、.pdf", ".docx,.txt,.md,.markdown,.html,.htm,.pdf"
    assert f"支持 {named}；" in page and page.count(f'accept="{accept}"') == 2  # the draft and last year's
    assert "{{" not in page
    message = assert_error(client.post("/api/v1/check", files={"file": ("r.xls", b"x")}), 415)["message"]
    assert message == f"r.xls：不支持的文件类型 .xls（支持 {' '.join(accept.split(','))}）"


def test_a_worker_crash_fails_only_its_job_and_restarts_the_pool_once():
    """A job that kills its worker breaks the process pool and every job in it: the others
    are answered (tried again on the new pool), the pool is restarted once per crash and
    warmed again."""
    import asyncio
    import os
    import time

    async def scenario():
        pool = work.Pool(2, processes=True, timeout=20)
        starts, warms = [], []
        start = pool.start
        pool.start = lambda: (starts.append(1), start())[1]

        async def warm():
            warms.append(1)

        pool.warm = warm
        pool.start()
        try:
            innocent = asyncio.ensure_future(pool.run(time.sleep, 2))
            await asyncio.sleep(0)
            crash = await pool.run(os._exit, 3)
            innocent = await innocent
            await asyncio.sleep(0)  # the warm-up of the last restart runs in the background
            return innocent, crash, len(starts), len(warms)
        finally:
            pool.stop()

    innocent, crash, starts, warms = asyncio.run(scenario())
    assert innocent == ("ok", None)
    assert crash[:2] == ("error", 500) and "工作进程异常退出" in crash[2]
    # the first start, then one restart per crash (the crashing job is tried twice)
    assert starts == 3 and warms == 2


def test_on_loopback_a_foreign_host_header_is_refused():
    """DNS rebinding: a page from evil.example whose name now resolves to 127.0.0.1 sends
    Host: evil.example; the server bound to loopback answers 400."""
    hosts = ("127.0.0.1", "localhost", "[::1]", "::1")
    with TestClient(create_app(Settings(workers=1, processes=False, allowed_hosts=hosts))) as c:
        assert c.get("/healthz", headers={"host": "evil.example:8765"}).status_code == 400
        for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"):
            assert c.get("/healthz", headers={"host": host}).status_code == 200, host

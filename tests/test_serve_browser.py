"""The page of fzbg serve, driven in headless Chromium (selenium + chromedriver): upload a
draft, see the findings, click one, download the annotated copy, generate from the form.
Skipped when selenium, chromium or chromedriver is absent. Screenshots of each step go to
$FZBG_SCREENSHOTS when set (to look at them), else to the test's temporary folder."""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

import checker
from checker.serve.work import check as job_check
from conftest import FIXTURES

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = os.environ.get("FZBG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = os.environ.get("FZBG_CHROMEDRIVER") or shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium or chromedriver is absent")


@pytest.fixture(scope="module")
def server():
    """fzbg serve as a user starts it, on a free loopback port."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from checker.cli import main; sys.argv[0] = 'fzbg'; main()",
         "serve", "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        pytest.fail(f"fzbg serve did not start: {line}{proc.stderr.read()}")
    url = f"http://127.0.0.1:{match.group(1)}/"
    deadline = time.monotonic() + 60
    while True:  # ready when the worker pool has started
        try:
            with urllib.request.urlopen(url + "healthz", timeout=30) as r:
                if r.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"fzbg serve did not answer: {proc.stderr.read()}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--window-size=1440,1000", "--lang=zh-CN"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as exc:  # a driver that does not match the browser, a sandbox refusal
        pytest.skip(f"headless chromium could not start: {exc}")
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ["FZBG_SCREENSHOTS"]) if os.environ.get("FZBG_SCREENSHOTS") else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return lambda driver, name: driver.save_screenshot(str(folder / f"{name}.png"))


def wait(driver, condition, timeout=30):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def downloaded(folder: Path, suffix: str, before: set) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        new = [p for p in folder.iterdir() if p.name not in before and p.name.endswith(suffix)]
        # Chromium may show the final name before the bytes are all written: wait until
        # the file is non-empty and its size holds still across two polls
        if new and new[0].stat().st_size > 0:
            size = new[0].stat().st_size
            time.sleep(0.2)
            if new[0].stat().st_size == size:
                return new[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded; folder has {[p.name for p in folder.iterdir()]}")


def test_check_a_draft_in_the_page(server, browser, downloads, shots):
    d = browser
    d.get(server)
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("法治政府建设年度报告")
    shots(d, "01-page")

    d.find_element(By.ID, "file").send_keys(str(FIXTURES / "example.docx"))
    expected = checker.check(FIXTURES / "example.docx", name="example.docx")
    cards = wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "button.finding"))
    assert len(cards) == len(expected.findings)
    counts = expected.counts()
    for sev in ("error", "warning", "info"):
        assert d.find_element(By.ID, f"count-{sev}").text == str(counts[sev])
    tree = d.find_element(By.ID, "outline-tree").text
    assert "示例县人民政府关于2023年度法治政府建设情况的报告" in tree and "三、存在的不足和原因" in tree
    shots(d, "02-findings")

    # click a finding about a span: its text is marked and scrolled into the text pane
    target = next(i for i, f in enumerate(expected.findings) if f.code == "YEAR002")
    d.find_element(By.ID, f"finding-{target}").click()
    mark = wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#doc-text mark.current"))[0]
    f = expected.findings[target]
    block = expected.document.blocks[f.location.paragraph]
    assert mark.text == block.text[f.location.start:f.location.end]
    time.sleep(0.8)  # smooth scrolling
    inside = d.execute_script(
        "const m = arguments[0].getBoundingClientRect(), p = document.getElementById('doc-text')"
        ".closest('.pane').getBoundingClientRect(); return m.top >= p.top && m.bottom <= p.bottom"
        " && m.top >= 0 && m.bottom <= window.innerHeight;", mark)
    assert inside
    shots(d, "03-finding-clicked")

    # the severity filter hides the warnings
    d.find_element(By.CSS_SELECTOR, "label[for=f-sev-warning]").click()
    assert len(d.find_elements(By.CSS_SELECTOR, "button.finding")) == counts["error"] + counts["info"]
    d.find_element(By.CSS_SELECTOR, "label[for=f-sev-warning]").click()
    assert len(d.find_elements(By.CSS_SELECTOR, "button.finding")) == len(expected.findings)

    before = {p.name for p in downloads.iterdir()}
    d.find_element(By.ID, "dl-annotated").click()
    path = downloaded(downloads, ".docx", before)
    assert path.name == "example.批注.docx"
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert comments.count("<w:comment ") == len(expected.findings)
    wait(d, lambda d: "已下载" in d.find_element(By.ID, "check-status").text)
    shots(d, "04-annotated-downloaded")


def test_generate_from_the_form(server, browser, downloads, shots):
    d = browser
    d.get(server)
    d.find_element(By.ID, "tab-generate").click()
    wait(d, lambda d: d.find_element(By.ID, "panel-generate").is_displayed())

    # an empty form: each problem is shown next to its field
    d.find_element(By.ID, "gen-submit").click()
    wait(d, lambda d: d.find_element(By.ID, "gen-errors").is_displayed())
    reporter = d.find_element(By.ID, "g-reporter")
    assert reporter.get_attribute("aria-invalid") == "true"
    note = d.find_element(By.ID, reporter.get_attribute("aria-describedby"))
    assert note.text == "不能为空"
    assert d.find_element(By.ID, "g-duty-0-heading").get_attribute("aria-invalid") == "true"
    assert d.find_element(By.ID, "g-year").get_attribute("aria-invalid") == "true"
    shots(d, "05-generate-errors")

    def fill(element_id, text):
        el = d.find_element(By.ID, element_id)
        el.clear()
        el.send_keys(text)

    fill("g-reporter", "青溪县")
    assert reporter.get_attribute("aria-invalid") is None  # the note goes once the field is edited
    fill("g-year", "2023")
    d.execute_script("const e = document.getElementById('g-date'); e.value = '2024-03-10';"
                     "e.dispatchEvent(new Event('input', {bubbles: true}));")
    fill("g-preamble", "2023年，青溪县深入学习贯彻习近平法治思想，法治政府建设取得新成效。现将有关情况报告如下。")
    fill("g-duty-0-heading", "带头学法用法")
    fill("g-duty-0-items-0-text", "县政府主要负责人履行推进法治建设第一责任人职责，全年主持会前学法12次。")
    fill("g-measures-0-heading", "依法全面履行政府职能")
    fill("g-measures-0-items-0-heading", "深化“放管服”改革")
    fill("g-measures-0-items-0-text", "1498项审批事项进驻政务服务大厅。")
    fill("g-problems-0-heading", "基层执法规范化水平不高")
    fill("g-problems-0-causes", "乡镇执法人员培训不足。")
    fill("g-plans-0-heading", "提升基层执法规范化水平")
    fill("g-plans-0-text", "开展乡镇执法人员轮训，全年组织案卷评查2次。")
    # a section added, focused, and removed again (keyboard users land on the new field)
    d.find_element(By.ID, "add-measures").click()
    assert d.switch_to.active_element.get_attribute("id") == "g-measures-1-heading"
    assert d.find_element(By.ID, "g-measures-0-heading").get_attribute("value") == "依法全面履行政府职能"
    d.find_element(By.XPATH, "//div[@data-loc='measures.1']//button[text()='删除第 2 节']").click()
    assert not d.find_elements(By.ID, "g-measures-1-heading")
    shots(d, "06-generate-filled")

    before = {p.name for p in downloads.iterdir()}
    d.find_element(By.ID, "gen-submit").click()
    path = downloaded(downloads, ".docx", before)
    report = checker.check(path.read_bytes(), name=path.name)
    assert report.outline.title.startswith("青溪县人民政府关于2023年度法治政府建设情况的报告")
    assert report.outline.missing == []
    assert not d.find_element(By.ID, "gen-errors").is_displayed()
    wait(d, lambda d: "已生成" in d.find_element(By.ID, "gen-status").text)
    shots(d, "07-generated")


def test_paste_text_and_download_the_json(server, browser, downloads, shots):
    d = browser
    d.get(server)
    text = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8").replace("全面落实", "今年以来全面落实", 1)
    d.find_element(By.CSS_SELECTOR, "#paste-box summary").click()
    box = d.find_element(By.ID, "paste")
    d.execute_script("arguments[0].value = arguments[1];", box, text)  # send_keys types slowly
    d.find_element(By.ID, "paste-check").click()
    wait(d, lambda d: "检查完成" in d.find_element(By.ID, "check-status").text)
    expected = job_check(text.encode("utf-8"), "粘贴的文字.txt", {})  # what /api/v1/check answers
    assert len(d.find_elements(By.CSS_SELECTOR, "button.finding")) == len(expected["files"][0]["findings"])
    assert d.find_element(By.ID, "dl-annotated").get_attribute("disabled") is not None  # .docx only
    before = {p.name for p in downloads.iterdir()}
    d.find_element(By.ID, "dl-json").click()
    path = downloaded(downloads, ".json", before)
    assert json.loads(path.read_text(encoding="utf-8")) == expected  # the JSON of fzbg check --format json
    shots(d, "08-pasted")


def test_check_a_pdf_then_a_docx_against_last_years_report(server, browser, downloads, shots, tmp_path):
    """The formats fzbg check reads are read by the page too (a PDF here), and last year's
    report chosen in 去年的报告（可选） runs the CROSS rules, shown, marked and annotated."""
    d = browser
    d.get(server)
    assert ".pdf" in d.find_element(By.ID, "file").get_attribute("accept")
    pdf = FIXTURES / "converted" / "example.pdf"
    d.find_element(By.ID, "file").send_keys(str(pdf))
    expected = checker.check(pdf, name="example.pdf")
    wait(d, lambda d: "检查完成" in d.find_element(By.ID, "check-status").text
         and "example.pdf" in d.find_element(By.ID, "res-facts").text)
    assert len(d.find_elements(By.CSS_SELECTOR, "button.finding")) == len(expected.findings) > 0
    assert "示例县人民政府关于2023年度法治政府建设情况的报告" in d.find_element(By.ID, "outline-tree").text
    assert d.find_element(By.ID, "dl-annotated").get_attribute("disabled") is not None  # Word comments need a .docx
    shots(d, "09-pdf-checked")

    this = (FIXTURES / "yoy" / "qingxi_2023.txt").read_text(encoding="utf-8")
    draft = tmp_path / "青溪县2023年度报告.docx"
    draft.write_bytes(checker.generate(checker.extract(this.encode("utf-8"), "2023.txt")))
    last = FIXTURES / "yoy" / "qingxi_2022.txt"
    assert not d.find_element(By.ID, "previous-clear").is_displayed()
    d.find_element(By.ID, "previous").send_keys(str(last))  # re-checks the PDF against it
    assert d.find_element(By.ID, "previous-clear").is_displayed()
    assert d.find_element(By.ID, "previous-name").text == "qingxi_2022.txt"
    d.find_element(By.ID, "file").send_keys(str(draft))
    expected = checker.check(draft, name=draft.name, previous=last, previous_name=last.name)
    cross = [f for f in expected.findings if f.code.startswith("CROSS")]
    assert {f.code for f in cross} >= {"CROSS001", "CROSS002"}
    wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "button.finding")) == len(expected.findings)
         and draft.name in d.find_element(By.ID, "res-facts").text)
    assert "对照去年的报告：qingxi_2022.txt" in d.find_element(By.ID, "res-facts").text
    assert "CROSS" in d.find_element(By.ID, "filter-family").text
    shots(d, "10-docx-with-previous")

    # the copied paragraph is marked in the text
    target = next(i for i, f in enumerate(expected.findings) if f.code == "CROSS001")
    d.find_element(By.ID, f"finding-{target}").click()
    mark = wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#doc-text mark.current"))[0]
    f = expected.findings[target]
    assert mark.text == expected.document.blocks[f.location.paragraph].text[f.location.start:f.location.end]
    time.sleep(0.8)  # smooth scrolling
    shots(d, "11-copied-paragraph")

    before = {p.name for p in downloads.iterdir()}
    d.find_element(By.ID, "dl-annotated").click()
    path = downloaded(downloads, ".docx", before)
    comments = checker.load(path.read_bytes(), path.name).comments
    assert len(comments) == len(expected.findings) and any("[CROSS001]" in c.text for c in comments)

    # without last year's report again: no CROSS finding
    d.find_element(By.ID, "previous-clear").click()
    plain = checker.check(draft, name=draft.name)
    wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "button.finding")) == len(plain.findings)
         and "对照去年的报告" not in d.find_element(By.ID, "res-facts").text)
    assert "CROSS" not in d.find_element(By.ID, "filter-family").text
    assert not d.find_element(By.ID, "previous-clear").is_displayed()
    assert d.find_element(By.ID, "previous-name").text == "未选择"
    shots(d, "12-previous-removed")

    # a last year's report that cannot be read: the reason, naming it
    bad = tmp_path / "去年.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    d.find_element(By.ID, "previous").send_keys(str(bad))
    alert = wait(d, lambda d: d.find_element(By.ID, "check-error").is_displayed() and d.find_element(By.ID, "check-error"))
    assert alert.text.startswith("previous（去年的报告）去年.docx：")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", alert)
    shots(d, "13-bad-previous")

"""Drafts that LibreOffice converts must not make it read other files or run code: an RTF
with INCLUDETEXT/INCLUDEPICTURE/DDE fields to a secret file, flat and packaged ODF with a
section and an image linked to it and a Basic macro bound to opening (lo_attacks.py). For
each, the secret's marker is nowhere in what LibreOffice made nor in what fzbg prints, and
the macro's file is not written; with the sandbox, and in the fallback without namespaces
(configuration, plus RTF field instructions emptied). A permissive LibreOffice shows the
fixtures are live: it does embed the secret. LibreOffice runs are few (about 1 s each):
one conversion serves several assertions."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import checker
from checker.ingest import convert
from conftest import FIXTURES
from converted_helpers import outline_summary
from lo_attacks import fodt, make_secret, odt, package_text, rtf_fields

needs_soffice = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice (soffice) is not installed")
needs_sandbox = pytest.mark.skipif(convert.soffice() is None or convert.sandbox() != "namespaces",
                                   reason="no LibreOffice, or this system does not allow user namespaces")
DOCX = "docx:MS Word 2007 XML"
PERMISSIVE = (  # what a careless setup would have: macros allowed, /tmp trusted, links always updated
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", 0),
    ("/org.openoffice.Office.Common/Security/Scripting", "SecureURL", "string-list", ("file:///tmp/",)),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "int", 2),
)


@pytest.fixture
def secret(tmp_path):
    return make_secret(tmp_path / "secret")


@pytest.fixture
def fallback(monkeypatch):
    """As on a system without user namespaces: configuration only."""
    monkeypatch.setattr(convert, "_SANDBOX", "none")


def assert_nothing_read(secret, *outputs: str) -> None:
    for out in outputs:
        assert secret.marker not in out
        assert secret.macro_marker not in out
    assert not secret.macro_file.exists()


def convert_raw(data: bytes, suffix: str) -> str:
    """LibreOffice's .docx of the bytes (no neutralizing), every part as text."""
    return package_text(convert.run_soffice(data, "attack" + suffix, suffix, "docx", DOCX))


@needs_soffice
def test_rtf_fields_read_nothing_and_the_shown_results_remain(secret, fallback, cli):
    """Through fzbg, in the weakest mode (the sandbox only takes more away): the fields'
    instructions are emptied and LibreOffice's configuration refuses the rest."""
    src = secret.folder.parent / "报告.rtf"
    src.write_bytes(rtf_fields(secret))
    result = cli("text", src)
    assert result.exit_code == 0, result.output
    assert "关于2023年度法治政府建设情况的报告" in result.stdout and "以上为正文。" in result.stdout
    assert all(f"PLACEHOLDER{i}" in result.stdout for i in range(1, 7))
    assert_nothing_read(secret, result.stdout, result.stderr)
    # the .docx that fix, --annotate and serve's /fix hand back: no picture came in
    assert_nothing_read(secret, package_text(convert.to_docx(src.read_bytes(), str(src), "rtf")))


@needs_sandbox
def test_the_sandbox_alone_stops_the_raw_rtf_fields(secret):
    """The RTF as sent (no field emptied): the linked picture that LibreOffice embeds
    unconfined is not there to read."""
    out = convert_raw(rtf_fields(secret), ".rtf")
    assert "PLACEHOLDER3" in out
    assert_nothing_read(secret, out)


@needs_soffice
@pytest.mark.parametrize("build,suffix", [(fodt, ".fodt"), (odt, ".odt")])
def test_odf_linked_section_image_and_onload_macro_read_and_run_nothing(secret, fallback, build, suffix):
    """Configuration alone (the fallback; the sandbox only takes more away). The document
    asks for automatic link updates in its own settings; the Basic macro would write a
    file and add text. (LibreOffice packages without a Basic provider cannot run it at
    all; the flat ODF's linked section is live, see the permissive test.)"""
    out = convert_raw(build(secret), suffix)
    assert "PLACEHOLDER7" in out and "以上为正文。" in out  # converted, the section's stored text kept
    assert_nothing_read(secret, out)


@needs_soffice
def test_word97_linked_picture_reads_nothing(secret, fallback):
    """A .doc (the usual route: Word 97 goes to LibreOffice as it is, no cleaning) with an
    INCLUDEPICTURE field linking the secret picture, made by LibreOffice itself from the
    flat ODF's linked image. LibreOffice 7.4 keeps such a picture as a link (a path in
    the .docx, never the file's bytes), even in the fallback."""
    data = convert.run_soffice(fodt(secret), "made.fodt", ".fodt", "doc", "doc:MS Word 97")
    assert f'INCLUDEPICTURE  "{secret.png.as_uri()}" \\d'.encode("utf-16-le") in data  # the attack is there
    converted = convert.to_docx(data, "draft.doc", "doc")  # what fzbg reads, annotates and fixes
    assert "以上为正文。" in checker.load(converted, "draft.docx").text
    assert_nothing_read(secret, package_text(converted))


@needs_soffice
def test_fallback_still_converts_a_real_doc(fallback):
    doc = checker.load(FIXTURES / "converted" / "clean_report.doc")
    assert doc.converted_from == "doc"
    assert outline_summary(doc) == outline_summary(checker.load(FIXTURES / "converted" / "clean_report.docx"))


@needs_soffice
def test_fixtures_are_live_in_a_permissive_libreoffice(secret, fallback, monkeypatch):
    """Without the sandbox and with a careless configuration, LibreOffice does pull the
    secret in (so the tests above could fail): the picture of the RTF's INCLUDEPICTURE and
    the text of the flat ODF's linked section."""
    monkeypatch.setattr(convert, "HARDENING", PERMISSIVE)
    assert secret.marker in convert_raw(rtf_fields(secret), ".rtf")
    assert secret.marker in convert_raw(fodt(secret), ".fodt")


# ---------------------------------------------------------------- no LibreOffice run

@needs_sandbox
def test_inside_the_sandbox_only_the_system_and_the_run_folder_exist(tmp_path, secret):
    """What LibreOffice would see: no /home, /root, /work, the secret's folder under /tmp;
    the system read-only (when the system lets a namespace remount it so) with stand-ins
    for the account files, the run's folder writable, no network interface but loopback."""
    job = tmp_path / "job"
    job.mkdir()
    install = os.path.realpath(convert.soffice())
    hidden = [p for p in ("/home", "/root", "/work", "/srv", "/mnt", "/media", "/opt", "/run", str(secret.folder),
                          str(Path.home())) if not install.startswith(p + "/")]
    script = (f'for p in {" ".join(map(repr, hidden))}; do '
              '[ -e "$p" ] && echo "VISIBLE $p"; done; '
              f'echo ok > "{job}/written" && echo JOB-WRITABLE; '
              'touch /usr/fzbg-probe 2>/dev/null && echo USR-WRITABLE; '
              'grep -q "^daemon:" /etc/passwd && echo ACCOUNTS-VISIBLE; '
              'cat /proc/net/dev 2>/dev/null | tail -n +3 | cut -d: -f1; true')
    cmd = [*convert._prefix("namespaces", tmp_path, job, convert.soffice()), "/bin/sh", "-c", script]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "VISIBLE" not in result.stdout
    assert "JOB-WRITABLE" in result.stdout and (job / "written").read_text() == "ok\n"
    assert "USR-WRITABLE" not in result.stdout
    assert "ACCOUNTS-VISIBLE" not in result.stdout or not _has_daemon_account()
    assert [line.strip() for line in result.stdout.splitlines()[1:] if line.strip()] in ([], ["lo"])


def _has_daemon_account() -> bool:
    try:
        return any(line.startswith("daemon:") for line in open("/etc/passwd", encoding="utf-8", errors="replace"))
    except OSError:
        return False


def test_profile_disables_macros_and_link_updates(tmp_path):
    import xml.etree.ElementTree as ET

    convert.write_profile(tmp_path)
    root = ET.parse(tmp_path / "user" / "registrymodifications.xcu").getroot()
    oor = "{http://openoffice.org/2001/registry}"
    values = {(item.get(oor + "path"), prop.get(oor + "name")): "".join(prop.itertext())
              for item in root for prop in item}
    scripting = "/org.openoffice.Office.Common/Security/Scripting"
    assert values[(scripting, "DisableMacrosExecution")] == "true"
    assert values[(scripting, "MacroSecurityLevel")] == "3"
    assert values[(scripting, "BlockUntrustedRefererLinks")] == "true"
    assert values[("/org.openoffice.Office.Writer/Content/Update", "Link")] == "0"  # never
    assert values[("/org.openoffice.Office.Writer/Content/Update", "Field")] == "false"


@pytest.mark.parametrize("instruction", [
    rb'INCLUDEPICTURE "/etc/x.png" \\d', rb" INCL\'55DEPICTURE x", rb"{IN}{CLUDE}TEXT x", rb"\u73?NCLUDETEXT x",
    rb"{\rtlch\b  IMPORT x}", rb"LINK Excel.Sheet.8 x", rb"DDEAUTO soffice x", rb"DATABASE \\d x", rb"\'",
    # the name made by a nested field (Word evaluates it before the outer field)
    rb'{\field{\*\fldinst QUOTE "INCLUDEPICTURE"}{\fldrslt INCLUDEPICTURE}} "/etc/x.png"',
])
def test_rtf_fields_that_read_files_lose_their_instruction(instruction):
    rtf = rb"{\rtf1 {\field{\*\fldinst " + instruction + rb"}{\fldrslt shown}} after}"
    assert convert.neutralize_rtf(rtf) == rb"{\rtf1 {\field{\*\fldinst }{\fldrslt shown}} after}"


def test_rtf_fields_computed_from_the_document_are_kept_also_inside_a_dropped_one():
    keep = rb"{\field{\*\fldinst {\rtlch PAGE \\* MERGEFORMAT}}{\fldrslt 1}}"
    nested = rb"{\field{\rtlch\fldinst INCLUDETEXT {\field{\*\fldinst PAGE}{\fldrslt 2}} x}{\fldrslt r}}"
    hyperlink = rb'{\field{\*\fldinst HYPERLINK "http://a" {\field{\*\fldinst INCLUDEPICTURE x}{\fldrslt p}}}{\fldrslt h}}'
    rtf = rb"{\rtf1 " + keep + nested + hyperlink + b"}"
    assert convert.neutralize_rtf(rtf) == (
        rb"{\rtf1 " + keep + rb"{\field{\*\fldinst }{\fldrslt r}}"
        + rb'{\field{\*\fldinst HYPERLINK "http://a" {\field{\*\fldinst }{\fldrslt p}}}{\fldrslt h}}' + b"}")
    for name in ("clean_report.rtf", "example.rtf"):  # real drafts: unchanged
        data = (FIXTURES / "converted" / name).read_bytes()
        assert convert.neutralize_rtf(data) == data


def test_without_user_namespaces_the_mode_falls_back(monkeypatch):
    monkeypatch.setattr(convert, "_SANDBOX", None)
    monkeypatch.setattr(convert, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(convert, "_runs", lambda cmd, cwd: cmd[-1] == "true")  # only `unshare -rn true` works
    monkeypatch.setattr(convert.shutil, "which", lambda name, path=None: "/usr/bin/" + name)
    assert convert.sandbox() == "network"
    monkeypatch.setattr(convert, "_SANDBOX", None)
    monkeypatch.setattr(convert, "_runs", lambda cmd, cwd: False)
    assert convert.sandbox() == "none"

"""Legacy formats (.doc, .wps, .rtf) converted to .docx through LibreOffice.

LibreOffice runs headless in its own temporary profile (so it neither reads nor locks the
user's profile, and two conversions never share one; a fresh profile has macro security
at its default, high, so document macros do not run), without network: in a new network
namespace with no interfaces (`unshare -rn`) where the system allows it, and with the
proxy variables pointing at a closed port in any case (linked images are not fetched),
in its own process group, under a time limit after which the whole group is killed. The input is written to a
private temporary folder, and that folder, the output and the profile are deleted once
the .docx bytes are read. Nothing is written next to the input.

Time limit: FZBG_CONVERT_TIMEOUT seconds (default 25: under the 30 s per-file limit of
fzbg check, so that this module kills LibreOffice's process group before the checking
worker itself is killed, which would leave LibreOffice running)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError, UsageError

INSTALL_HINT = ("如需直接检查，请安装 LibreOffice（如 Debian/Ubuntu：sudo apt install libreoffice-writer-nogui），"
                "或在 Word/WPS 中打开后“另存为” .docx。")
DEFAULT_TIMEOUT = 25.0  # under fzbg check's per-file --timeout (30 s), so our kill of the group comes first
NAMES = {"doc": "旧版 Word 97-2003 文档（.doc）", "wps": "WPS 文字文档（.wps）", "rtf": "RTF 文档"}


def soffice() -> str | None:
    """The LibreOffice program on PATH (soffice or libreoffice), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


_ISOLATE: list[str] | None = None


def _isolate() -> list[str]:
    """["unshare", "-rn", "--"] when this system lets us start a process without network
    (a user and network namespace), else [] (checked once)."""
    global _ISOLATE
    if _ISOLATE is None:
        _ISOLATE = []
        unshare = shutil.which("unshare")
        if unshare:
            try:
                ok = subprocess.run([unshare, "-rn", "true"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, timeout=10).returncode == 0
            except (OSError, subprocess.SubprocessError):
                ok = False
            if ok:
                _ISOLATE = [unshare, "-rn", "--"]
    return _ISOLATE


def timeout() -> float:
    raw = os.environ.get("FZBG_CONVERT_TIMEOUT")
    if raw is None or not raw.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise UsageError(f"环境变量 FZBG_CONVERT_TIMEOUT 应为 0 到 3600 之间的秒数，不能是“{raw}”")
    return value


def to_docx(data: bytes, path: str, kind: str) -> bytes:
    """The .docx bytes LibreOffice makes of a .doc/.wps/.rtf; InputError when it cannot."""
    what = NAMES.get(kind, "旧版文档")
    if soffice() is None:
        raise InputError(path, f"这是{what}，不是 .docx；本机没有安装 LibreOffice，无法自动转换。" + INSTALL_HINT)
    return run_soffice(data, path, "." + kind if kind in NAMES else ".doc", "docx", "docx:MS Word 2007 XML", what)


def run_soffice(data: bytes, path: str, suffix: str, out_ext: str, target: str, what: str = "文档") -> bytes:
    """Convert bytes with LibreOffice (--convert-to TARGET) and return the output's bytes.

    Also used by fixtures/build_converted.py to make the PDF/.doc/.rtf fixtures."""
    program = soffice()
    if program is None:
        raise InputError(path, "本机没有安装 LibreOffice。" + INSTALL_HINT)
    limit = timeout()
    with tempfile.TemporaryDirectory(prefix="fzbg-convert-") as tmp:
        work = Path(tmp)
        src = work / ("input" + suffix)
        src.write_bytes(data)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = work / "profile"
        cmd = [*_isolate(), program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--nologo", "--nodefault", "--norestore", "--nolockcheck", "--nofirststartwizard",
               "--convert-to", target, "--outdir", str(out_dir), str(src)]
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")}
        env.update(HOME=str(work), TMPDIR=str(work), SAL_USE_VCLPLUGIN="svp")
        for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            env[var] = "http://127.0.0.1:9"  # no network: any fetch fails at once
        try:
            proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    start_new_session=True)
        except OSError as exc:
            raise InputError(path, f"这是{what}，启动 LibreOffice 转换失败（{exc.strerror or exc}）。" + INSTALL_HINT)
        try:
            _out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise InputError(path, f"这是{what}，LibreOffice 转换超过 {limit:g} 秒仍未完成，已中止。"
                                   "请在 Word/WPS 中打开后“另存为” .docx 再检查（或设置 FZBG_CONVERT_TIMEOUT 放宽时限）。")
        finally:
            _kill_group(proc)  # helpers it left behind
        out = out_dir / ("input." + out_ext)
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            raise InputError(path, f"这是{what}，LibreOffice 无法转换（文件可能已损坏或加密）。"
                                   "请在 Word/WPS 中打开后“另存为” .docx 再检查。")
        return out.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass

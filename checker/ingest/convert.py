"""Legacy formats (.doc, .wps, .rtf) converted to .docx through LibreOffice.

The files are untrusted (in fzbg serve they come from anyone), and a document can ask
LibreOffice to read other files while it loads: an INCLUDETEXT or INCLUDEPICTURE field, a
DDE link, a section or image linked to a local file, a macro bound to opening. Whatever
LibreOffice pulls in ends up in the converted .docx, which fzbg shows. So every run is
confined in layers:

- Configuration (always): a fresh temporary profile per run, its registrymodifications.xcu
  written before LibreOffice starts (`HARDENING`): macros disabled outright and macro
  security at "very high", no trusted locations or authors, links and fields never updated
  when a document loads (Writer and Calc), links from an untrusted referer (any document
  we convert) blocked, Java and plug-ins off. A document's own settings cannot undo this
  for macros; for links it can ask for automatic updates (Writer's LinkUpdateMode), which
  is why the file system is confined as well where the system allows it.
- RTF (always): field instructions that are not computed from the document itself
  (INCLUDEPICTURE, INCLUDETEXT, DDE, ...) are emptied before conversion (`neutralize_rtf`):
  LibreOffice 7.4 embeds an INCLUDEPICTURE's file whatever the configuration says.
- File system and network (where the system allows user namespaces, checked once per
  process, `sandbox()`): LibreOffice runs in new user, mount, PID and network namespaces
  (util-linux `unshare`) with its own root: an empty tmpfs holding read-only binds of the
  system directories only (/usr, /etc, /bin, /lib*, /sbin, /var/cache/fontconfig, the
  LibreOffice installation when it lives elsewhere) with stand-ins for the account files
  (/etc/passwd, group, shadow, ...), a few device nodes, a fresh /proc of its own PID
  namespace, and the run's private folder (input, profile, output), writable.
  /home, /root, /work, /mnt, /media, /srv, /opt, /run and the rest of /var do not exist
  there, /tmp is empty, and there is no network interface. When the sandbox cannot be set
  up but `unshare -rn` works, only the network is cut; without user namespaces neither
  (configuration and RTF cleaning only).
- Always: a scrubbed environment (HOME and TMPDIR inside the private folder, proxies
  pointing at a closed port), its own process group, and a time limit after which the
  whole group is killed. The input is written to the private folder, which is deleted
  with the profile and output once the .docx bytes are read. Nothing is written next to
  the input.

Time limit: FZBG_CONVERT_TIMEOUT seconds (default 25: under the 30 s per-file limit of
fzbg check, so that this module kills LibreOffice's process group before the checking
worker itself is killed, which would leave LibreOffice running)."""
from __future__ import annotations

import os
import re
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


# Settings written into each run's fresh profile before LibreOffice starts:
# (node path, property, type, value). Names as in LibreOffice's configuration schema
# (officecfg/registry/schema/org/openoffice/Office/Common.xcs, Writer.xcs, Calc.xcs).
HARDENING: tuple[tuple[str, str, str, object], ...] = (
    # no macro runs: not document macros (whatever their signature), nor any other
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "boolean", True),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", 3),  # 3 = very high
    ("/org.openoffice.Office.Common/Security/Scripting", "OfficeBasic", "int", 0),  # 0 = never run Basic
    ("/org.openoffice.Office.Common/Security/Scripting", "SecureURL", "string-list", ()),  # no trusted folder
    ("/org.openoffice.Office.Common/Security/Scripting", "ExecutePlugins", "boolean", False),
    # linked content (images, sections, OLE/DDE) from a document's untrusted referer is not loaded
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "boolean", True),
    # Writer's enumeration (sw/inc/linkenum.hxx): 0 = never, 1 = on request, 2 = always
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "int", 0),
    ("/org.openoffice.Office.Writer/Content/Update", "Field", "boolean", False),
    ("/org.openoffice.Office.Writer/Content/Update", "Chart", "boolean", False),
    # Calc's own enumeration (ScLkUpdMode): 0 = always, 1 = never, 2 = on request
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "int", 1),
    ("/org.openoffice.Office.Java/VirtualMachine", "Enable", "boolean", False),
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "boolean", False),
)


def write_profile(profile: Path) -> None:
    """The fresh profile's user/registrymodifications.xcu with HARDENING in it (values
    marked finalized: nothing later in the run may change them)."""
    from xml.sax.saxutils import escape, quoteattr

    items = []
    for node, name, kind, value in HARDENING:
        if kind == "string-list":
            body = "<value>" + "".join(f"<it>{escape(str(v))}</it>" for v in value) + "</value>"
        elif kind == "boolean":
            body = f"<value>{'true' if value else 'false'}</value>"
        else:
            body = f"<value>{escape(str(value))}</value>"
        items.append(f'<item oor:path={quoteattr(node)}><prop oor:name={quoteattr(name)} oor:op="fuse" '
                     f'oor:finalized="true">{body}</prop></item>')
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + "\n".join(items) + "\n</oor:items>\n",
        encoding="utf-8")


# What LibreOffice sees of the file system inside the sandbox: these, read-only (the
# top-level ones that are symbolic links, such as /lib -> usr/lib, are recreated as links)
SYSTEM_PATHS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/var/cache/fontconfig")
# run by sh inside the new namespaces: $1 the new root (an empty folder), $2 the run's
# private folder, $3 and $4 the mount and chroot programs, then the system paths, "--",
# and LibreOffice's command line
_SANDBOX_SH = r"""set -eu
root=$1; job=$2; mount=$3; chroot=$4; shift 4
mount() { "$mount" "$@"; }
mount -t tmpfs -o mode=0755,size=8m fzbg-root "$root"
while [ "$1" != "--" ]; do
  if [ -L "$1" ]; then ln -s "$(readlink "$1")" "$root$1"
  elif [ -d "$1" ]; then
    mkdir -p "$root$1"; mount --rbind "$1" "$root$1"
    mount -o remount,bind,ro "$root$1" 2>/dev/null || mount -o remount,bind,ro,nosuid,nodev "$root$1" 2>/dev/null || true
  fi
  shift
done
shift
mkdir -p "$root/dev/shm" "$root/proc" "$root/tmp" "$root$job" "$root/.fzbg"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/nonexistent:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "$root/.fzbg/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/.fzbg/group"
: > "$root/.fzbg/empty"
for f in passwd group shadow gshadow subuid subgid; do  # the accounts: a stand-in, or nothing
  if [ -f "$root/etc/$f" ] && [ ! -L "$root/etc/$f" ]; then
    if [ -f "$root/.fzbg/$f" ]; then mount --bind "$root/.fzbg/$f" "$root/etc/$f"
    else mount --bind "$root/.fzbg/empty" "$root/etc/$f"; fi
  fi
done
for n in null zero full random urandom; do : > "$root/dev/$n"; mount --bind "/dev/$n" "$root/dev/$n"; done
mount -t tmpfs -o mode=1777,size=64m fzbg-shm "$root/dev/shm"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc" 2>/dev/null || true
mount --bind "$job" "$root$job"
exec "$chroot" "$root" /bin/sh -c 'cd "$0" && exec "$@"' "$job" "$@"
"""

_SANDBOX: str | None = None


def sandbox() -> str:
    """How LibreOffice is confined on this system, checked once per process: "namespaces"
    when a LibreOffice started inside the sandbox (own root file system, no network)
    answers, else "network" when only a network namespace is possible (`unshare -rn`),
    else "none" (the profile's configuration only)."""
    global _SANDBOX
    if _SANDBOX is None:
        _SANDBOX = "none"
        program = soffice()
        if program and all(_tool(t) for t in ("unshare", "sh", "mount", "chroot")):
            with tempfile.TemporaryDirectory(prefix="fzbg-probe-") as tmp:
                job = Path(tmp) / "job"
                job.mkdir()
                if _runs([*_prefix("namespaces", Path(tmp), job, program), program, "--version"], job):
                    _SANDBOX = "namespaces"
        if _SANDBOX == "none" and _tool("unshare") and _runs(_prefix("network") + ["true"], None):
            _SANDBOX = "network"
    return _SANDBOX


def _prefix(mode: str, tmp: Path | None = None, job: Path | None = None, program: str = "") -> list[str]:
    """The command line that starts a program confined as `mode` says; for "namespaces",
    with tmp/root as the new root and job (inside tmp) as the only writable folder."""
    if mode == "network":
        return [_tool("unshare") or "unshare", "-rn", "--"]
    if mode != "namespaces":
        return []
    root = tmp / "root"
    root.mkdir(exist_ok=True)
    paths = [p for p in SYSTEM_PATHS if os.path.lexists(p)]
    install = os.path.dirname(os.path.dirname(os.path.realpath(program)))  # .../libreoffice/program/soffice
    if not any(install == p or install.startswith(p.rstrip("/") + "/") for p in paths):
        paths.append(install)  # e.g. /opt/libreoffice7.6
    return [_tool("unshare") or "unshare", "--user", "--map-root-user", "--mount", "--net", "--pid",
            "--fork", "--kill-child", "--", _tool("sh") or "sh", "-c", _SANDBOX_SH, "fzbg-sandbox",
            str(root), str(job), _tool("mount") or "mount", _tool("chroot") or "chroot", *paths, "--"]


def _tool(name: str) -> str | None:
    """A system program on PATH or in the sbin folders (not on a user's PATH everywhere)."""
    extra = os.pathsep.join(("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
    return shutil.which(name, path=os.environ.get("PATH", "") + os.pathsep + extra)


def _runs(cmd: list[str], cwd: Path | None) -> bool:
    try:
        return subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


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


# RTF field instructions kept as they are: fields that compute from the document itself.
# Any other (INCLUDEPICTURE, INCLUDETEXT, INCLUDE, IMPORT, LINK, DDE, DDEAUTO, DATABASE,
# AUTOTEXT, ...: the ones that read other files) loses its instruction and becomes the
# text of its last result, which is what Word showed when the draft was saved.
RTF_FIELDS = frozenset("""PAGE NUMPAGES SECTIONPAGES SECTION TOC TC REF PAGEREF NOTEREF STYLEREF SEQ LISTNUM
    DATE TIME CREATEDATE SAVEDATE PRINTDATE EDITTIME TITLE SUBJECT AUTHOR KEYWORDS COMMENTS LASTSAVEDBY
    NUMWORDS NUMCHARS REVNUM HYPERLINK SYMBOL EQ XE INDEX FORMTEXT FORMCHECKBOX FORMDROPDOWN
    BIDIOUTLINE ADVANCE QUOTE = IF COMPARE""".split())
_RTF_TOKEN = re.compile(rb"\\(?:([a-zA-Z]{1,32})(-?\d{1,10})? ?|'([0-9a-fA-F]{2})|(.))|([{}])|([^\\{}]+)", re.S)


def neutralize_rtf(data: bytes) -> bytes:
    """The RTF with every field instruction outside RTF_FIELDS emptied: the group holding
    a \\fldinst becomes {\\*\\fldinst }, so LibreOffice keeps the field's shown result and
    never follows it to another file. The instruction's first word is decoded the way a
    reader would (escapes, \\'hh, \\uN, split over groups) before it is compared, so
    spelling it in pieces does not hide it; a name made by a nested field, or anything
    else that is not plainly an allowed name, is dropped. Linear in the size."""
    if not re.search(rb"\\fldinst", data, re.I):
        return data
    out = bytearray()
    pos = 0
    opened: list[int] = []  # offsets of the "{" of the groups we are in
    i = 0
    while i < len(data):
        m = _RTF_TOKEN.match(data, i)
        if m is None:
            break
        i = m.end()
        word = m.group(1)
        if word and word.lower() == b"bin" and m.group(2):
            i += max(0, int(m.group(2)))  # raw bytes follow \binN
        elif m.group(5) == b"{":
            opened.append(m.start())
        elif m.group(5) == b"}":
            if opened:
                opened.pop()
        elif word and word.lower() == b"fldinst" and opened and _first_word(data, i) not in RTF_FIELDS:
            start = opened.pop()
            out += data[pos:start] + b"{\\*\\fldinst }"
            pos = i = _group_end(data, start)
    return bytes(out + data[pos:])


def _group_end(data: bytes, start: int) -> int:
    """The index after the "}" that closes the group opened at data[start] (or len(data))."""
    depth = 0
    i = start
    while i < len(data):
        m = _RTF_TOKEN.match(data, i)
        if m is None:
            return len(data)
        i = m.end()
        if m.group(1) and m.group(1).lower() == b"bin" and m.group(2):
            i += max(0, int(m.group(2)))  # raw bytes follow \binN
        elif m.group(5) == b"{":
            depth += 1
        elif m.group(5) == b"}":
            depth -= 1
            if depth == 0:
                return i
    return len(data)


def _first_word(data: bytes, i: int) -> str:
    """The first word of the field instruction that starts at data[i], upper-cased ("="
    for a formula; "" when there is none, or a nested field comes before it). Reads only
    as far as that word."""
    word: list[str] = []
    depth = 0
    skip = 0  # the fallback character after \uN (one, as with the default \uc1)
    while i < len(data):
        m = _RTF_TOKEN.match(data, i)
        if m is None:
            break
        i = m.end()
        control, num, hexa, char, brace, plain = m.groups()
        if brace:
            depth += 1 if brace == b"{" else -1
            if depth < 0:
                break  # the end of the instruction
            continue
        if control is not None:
            control = control.lower()
            if control in (b"field", b"fldinst") and not word:
                return ""  # the name would come from a nested field
            if control == b"u" and num:
                piece, skip = chr(int(num) % 65536), 1
            elif control in (b"tab", b"par", b"line", b"cell", b"row"):
                piece = " "
            else:
                if control == b"bin" and num:
                    i += max(0, int(num))
                continue
        else:
            piece = (plain or (bytes.fromhex(hexa.decode()) if hexa else char) or b"").decode("latin-1")
            if skip and piece:
                piece, skip = piece[1:], 0
        for c in piece:
            if c.isspace() or c in '"\\{}':
                if word:
                    return "=" if word[0] == "=" else "".join(word).upper()
            else:
                word.append(c)
                if word[0] == "=":
                    return "="
    return "=" if word[:1] == ["="] else "".join(word).upper()


def to_docx(data: bytes, path: str, kind: str) -> bytes:
    """The .docx bytes LibreOffice makes of a .doc/.wps/.rtf; InputError when it cannot."""
    what = NAMES.get(kind, "旧版文档")
    if soffice() is None:
        raise InputError(path, f"这是{what}，不是 .docx；本机没有安装 LibreOffice，无法自动转换。" + INSTALL_HINT)
    if kind == "rtf":
        data = neutralize_rtf(data)
    return run_soffice(data, path, "." + kind if kind in NAMES else ".doc", "docx", "docx:MS Word 2007 XML", what)


def run_soffice(data: bytes, path: str, suffix: str, out_ext: str, target: str, what: str = "文档") -> bytes:
    """Convert bytes with LibreOffice (--convert-to TARGET) and return the output's bytes.

    Also used by fixtures/build_converted.py to make the PDF/.doc/.rtf fixtures."""
    program = soffice()
    if program is None:
        raise InputError(path, "本机没有安装 LibreOffice。" + INSTALL_HINT)
    limit = timeout()
    with tempfile.TemporaryDirectory(prefix="fzbg-convert-") as tmp:
        work = Path(tmp) / "job"  # all LibreOffice sees of the file system in the sandbox (with the system)
        work.mkdir()
        src = work / ("input" + suffix)
        src.write_bytes(data)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = work / "profile"
        write_profile(profile)
        cmd = [*_prefix(sandbox(), Path(tmp), work, program), program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
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

"""fzbg check / fzbg rules."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .. import __version__
from .app import app, fail
from ..errors import FzbgError, InputError, UsageError

@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="报告文件或文件夹（递归检查 .docx .txt .md .html .pdf；装有 LibreOffice 时还有 .doc .wps .rtf）"),
    format: str = typer.Option("text", "--format", "-f", help="输出格式：text、json、jsonl、sarif、html"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="输出写到这个文件（默认标准输出）；--format html 时常用"),
    annotate: Optional[str] = typer.Option(None, "--annotate", help="为 .docx 生成带批注（每个问题一条 Word 批注）的副本：检查一个文件时为输出文件；检查文件夹或多个文件、或给出已有文件夹或以 / 结尾时为输出文件夹"),
    profile: Optional[str] = typer.Option(None, "--profile", help="配置方案：government（政府）、department（部门）或 township（乡镇、街道）；默认按报告单位自动选择"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度（默认从标题等处识别）"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只检查这些规则或规则族，如 OUT,YEAR001"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="不检查这些规则或规则族"),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="达到该级别即以退出码 1 结束：error（默认）、warning、info"),
    no_color: bool = typer.Option(False, "--no-color", help="不使用颜色"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件（默认向上查找 .fzbg.toml 或 pyproject.toml 的 [tool.fzbg]）"),
    previous: Optional[Path] = typer.Option(None, "--previous", help="上一年度的报告：对照检查照抄段落、去年安排的落实、重复的不足、年度和单位（CROSS 规则）"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="同时检查的进程数（默认：CPU 核数；1 = 逐个检查）"),
    timeout: float = typer.Option(30.0, "--timeout", help="每个文件的检查时限（秒），超时的文件记为错误，其余文件继续；0 = 不限"),
    format_from: Optional[Path] = typer.Option(None, "--format-from", help="以这份 .docx 格式模板（页面、字体字号、行距、缩进、页码）代替 GB/T 9704 检查格式（FMT 规则）"),
):
    """检查报告：结构、年份、编号、标点、表述、数据与格式，给出问题位置和修改建议。"""
    from ..batch import check_files, default_jobs, expand_paths
    from ..engine import SEVERITIES, find_config, load_config_file

    if format not in FORMATS:
        fail(f"--format 只能是 text、json、jsonl、sarif 或 html，不能是 {format}")
    if fail_on is not None and fail_on not in SEVERITIES:
        fail("--fail-on 只能是 error、warning 或 info")
    if jobs is not None and jobs < 1:
        fail("--jobs 应为正整数")
    if not timeout >= 0 or timeout == float("inf"):  # negative, nan or inf
        fail("--timeout 应为不小于 0 的秒数（0 = 不限）")
    entries = expand_paths(paths)
    if not entries:
        fail("没有找到可检查的文件（支持 .docx .txt .md .html .pdf；装有 LibreOffice 时还有 .doc .wps .rtf）")
    if output is not None:
        inputs = [e.path for e in entries] + [p for p in (config, previous, format_from) if p is not None]
        if any(_same_path(output, p) for p in inputs):
            fail(f"{output}：输出文件不能是被检查的文件或其他输入文件（会覆盖它）")

    explicit = None
    if config is not None:
        try:
            explicit = load_config_file(config)
        except UsageError as exc:
            fail(str(exc))
        if explicit is None:
            fail(f"{config}：没有 [tool.fzbg] 配置")
    last_year = None
    if previous is not None:
        from ..api import load

        try:
            last_year = load(previous)
        except InputError as exc:
            fail(f"--previous：{exc}")
    # every configuration is read (and a mistake in one reported) before any output
    folder_configs: dict[Path, object] = {}
    try:
        for e in entries:
            if explicit is None and not e.skip and e.path.parent not in folder_configs:
                folder_configs[e.path.parent] = find_config(e.path)
        _validate_options(profile, select, ignore)
    except UsageError as exc:
        fail(str(exc))

    template = None
    if format_from is not None:
        from ..engine import load_format_profile
        try:
            template = load_format_profile(format_from)
        except InputError as exc:
            fail(f"--format-from：{exc}")

    def config_of(path: Path):
        return explicit or folder_configs[path.parent]

    jobs = min(jobs or default_jobs(), len(entries))
    # the workers are forked: last year's document reaches them without being pickled
    options = dict(profile=profile, year=year, select=select, ignore=ignore, fail_on=fail_on, previous=last_year,
                   format_from=template)
    if jobs > 1:
        _preload(select, ignore)
    results = check_files(entries, configs=config_of, jobs=jobs, timeout=timeout,
                          keep_reports=annotate is not None, **options)

    sink = _Sink(output)
    try:
        stats = _emit(results, entries, format, sink, no_color or output is not None, keep=annotate is not None)
    except UsageError as exc:
        sink.discard()
        fail(str(exc))
    sink.commit()

    # a folder whenever several files may be checked, or the user said so (existing folder, trailing /)
    import os

    as_folder = annotate is not None and (len(paths) > 1 or any(p.is_dir() for p in paths) or Path(annotate).is_dir()
                                          or annotate.endswith(("/", os.sep)))
    if annotate is not None and not _write_annotated(stats["kept"], Path(annotate), as_folder):
        stats["bad"] += 1
    if stats["bad"]:
        raise typer.Exit(2)
    raise typer.Exit(1 if stats["failed"] else 0)


FORMATS = ("text", "json", "jsonl", "sarif", "html")


def _preload(select, ignore) -> None:
    """Rule data (and jieba, when a rule that needs it may run) loaded once here: the
    forked workers, and those that replace them, start with it and share its memory."""
    from ..engine import Config, parse_codes, rules, selected_rules

    rules()
    flags = Config(select=parse_codes(select, "--select") or None, ignore=parse_codes(ignore, "--ignore"))
    if any(r.needs_jieba for r in selected_rules(flags)):
        from ..checks.nlp import tokenizer

        tokenizer()


def _validate_options(profile, select, ignore) -> None:
    from ..engine import parse_codes, profiles, validate_codes

    validate_codes(parse_codes(select, "--select") + parse_codes(ignore, "--ignore"))
    if profile is not None and profile not in profiles():
        raise UsageError(f"未知的配置方案（profile）：{profile}（可用：{', '.join(profiles())}）")


class _Sink:
    """Standard output, or a file written beside its target and renamed into place at the
    end (checker.fsio.atomic_writer: a run that fails leaves nothing behind)."""

    def __init__(self, target: Path | None):
        self.target = target
        self.writer = None
        self.fh = None
        if target is not None:
            from ..fsio import atomic_writer

            self.writer = atomic_writer(target, text=True)
            try:
                self.fh = self.writer.__enter__()
            except OSError as exc:
                fail(f"{target}：无法写入（{exc.strerror or exc}）")

    def write(self, text: str) -> None:
        if self.fh is not None:
            self.fh.write(text)
        else:
            sys.stdout.write(text)  # looked up each time: the progress bar may redirect it

    def commit(self) -> None:
        if self.writer is not None:
            writer, self.writer, self.fh = self.writer, None, None
            try:
                writer.__exit__(None, None, None)
            except OSError as exc:
                fail(f"{self.target}：无法写入（{exc.strerror or exc}）")
        else:
            sys.stdout.flush()

    def discard(self) -> None:
        if self.writer is not None:
            writer, self.writer, self.fh = self.writer, None, None
            try:
                writer.__exit__(UsageError, UsageError(), None)
            except UsageError:
                pass


def _same_path(a: Path, b: Path) -> bool:
    from ..fsio import same_file

    try:
        if a.resolve() == b.resolve():
            return True
    except (OSError, RuntimeError):
        pass
    return same_file(a, b)


def _colour(no_color: bool) -> bool:
    import os

    return not no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _show_progress(count: int) -> bool:
    import os

    return count > 1 and sys.stderr.isatty() and not os.environ.get("CI")


def _emit(results, entries, format: str, sink: _Sink, no_color: bool, keep: bool = False) -> dict:
    """Write each result as it arrives; return the totals (and, for --annotate, the reports)."""
    import time

    from ..outputs.jsonl import Totals
    from ..outputs.safe import printable

    started = time.perf_counter()
    counted = Totals()  # the JSON "summary", also behind the text and HTML summaries
    totals = counted.data
    stats = {"bad": 0, "failed": 0, "ok": 0, "kept": []}
    console = None
    if format == "text" and _colour(no_color):
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True, emoji=False, markup=False)
    writer = None
    if format == "json":
        from ..outputs.jsonl import JsonDocument

        writer = JsonDocument(sink.write, {"version": __version__})
    elif format == "jsonl":
        from ..outputs.jsonl import JsonLines

        writer = JsonLines(sink.write)
    elif format == "html":
        from ..outputs.html import HtmlReport

        writer = HtmlReport(sink.write)
    sarif_items = []

    progress = None
    if _show_progress(len(entries)):
        progress = _progress(len(entries))
    try:
        for r in results:
            if r.usage_error:
                raise UsageError(r.usage_error)
            entry = r.to_dict()
            counted.add(entry)
            if r.status != "ok":
                stats["bad"] += 1
            else:
                stats["failed" if r.failed else "ok"] += 1
            if keep:  # --annotate: the parsed documents are needed afterwards
                stats["kept"].append((Path(r.path), r.report, r.error))
            if format == "text":
                if r.status != "ok":
                    typer.echo(f"fzbg: 错误：{printable(r.error)}", err=True)
                else:
                    from ..outputs.text import render_result

                    render_result(r, sink.write, console)
            elif format == "sarif":
                sarif_items.append((r.path, r if r.status == "ok" else None, r.error))
            elif format == "html":
                writer.file(entry, r.snippets)
            else:
                writer.file(entry)
            if progress is not None:
                progress[0].advance(progress[1])
    finally:
        if progress is not None:
            progress[0].stop()
    elapsed = time.perf_counter() - started

    if format == "text":
        if totals["files"] > 1:
            from ..outputs.text import summary_text

            bad = totals["bad_inputs"]
            extra = f"，{bad} 个文件无法读取" if bad else ""
            line = f"共检查 {totals['files']} 个文件：{summary_text({'error': totals['errors'], 'warning': totals['warnings'], 'info': totals['infos']})}{extra}"
            sink.write(line + "\n")
            _summary_table(stats, totals, elapsed, sink.write, console)
    elif format == "sarif":
        from ..outputs.jsonl import dumps
        from ..outputs.sarif import to_sarif

        sink.write(dumps(to_sarif(sarif_items), indent=2) + "\n")
    elif format == "json":
        writer.end()
    elif format == "jsonl":
        writer.end({"version": __version__}, totals)
    elif format == "html":
        writer.end(totals, elapsed)
    if format != "text" and totals["files"] > 1 and sys.stderr.isatty():
        _summary_table(stats, totals, elapsed, lambda s: sys.stderr.write(s), None)
    return stats


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(stderr=True), transient=True,
                        redirect_stdout=sys.stdout.isatty(), redirect_stderr=True)
    task = progress.add_task("check", total=total)
    progress.start()
    return progress, task


def _summary_table(stats: dict, totals: dict, elapsed: float, write, console) -> None:
    """The closing table of a batch: files, passed, failed, unreadable, time."""
    head = ("文件", "通过", "未通过", "无法检查", "用时")
    row = (str(totals["files"]), str(stats["ok"]), str(stats["failed"]), str(stats["bad"]), f"{elapsed:.1f} 秒")
    if console is not None:
        from rich.table import Table

        table = Table(*head, title=None)
        table.add_row(*row)
        console.print(table)
        return
    from ..outputs.text import _width

    widths = [max(_width(h), _width(v)) for h, v in zip(head, row)]
    pad = lambda s, w: s + " " * (w - _width(s))
    write("  ".join(pad(h, w) for h, w in zip(head, widths)).rstrip() + "\n")
    write("  ".join(pad(v, w) for v, w in zip(row, widths)).rstrip() + "\n")


def _write_annotated(results, target: Path, as_folder: bool = False) -> bool:
    """Write the annotated copies; False when one could not be made (exit code 2)."""
    from ..fsio import same_file, write_atomic
    from ..outputs.annotate import annotate_docx

    docx_results = [(f, r) for f, r, _e in results if r is not None and r.document.format == "docx"]
    several = as_folder or len(results) > 1
    if several:
        if target.exists() and not target.is_dir():
            fail(f"{target}：检查多个文件时 --annotate 应为文件夹")
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"{target}：无法创建文件夹（{exc.strerror or exc}）")
    elif results[0][2] is not None:
        fail(f"{results[0][2]}（未生成批注副本）")  # the real reason the input was not read
    elif not docx_results:
        fail("--annotate 只适用于 .docx 文件")
    inputs = [f for f, _r, _e in results]
    ok = True
    for (f, report), out in zip(docx_results, _annotated_names(docx_results, target, several)):
        out = _as_converted_docx(report.document, f, out, "批注副本")
        if any(out.resolve() == i.resolve() or same_file(out, i) for i in inputs):
            fail(f"{out}：不能覆盖被检查的文件（同一文件、硬链接或符号链接）")
        try:
            write_atomic(out, annotate_docx(report))
        except FzbgError as exc:
            typer.echo(f"fzbg: 错误：{exc}（未生成批注副本）", err=True)
            ok = False
        except OSError as exc:
            fail(f"{out}：无法写入（{exc.strerror or exc}）")
    return ok


def _as_converted_docx(doc, source: Path, out: Path, what: str) -> Path:
    """A .doc/.wps/.rtf was read as the .docx LibreOffice made of it: what is written is
    that .docx, so OUT gets the .docx suffix (never the input's format), and we say so."""
    if not doc.converted_from:
        return out
    if out.suffix.lower() != ".docx":
        out = out.with_suffix(".docx")
    typer.echo(f"fzbg: 注意：{source} 已由 LibreOffice 转换为 .docx 后检查，{what}为 .docx 文件：{out}", err=True)
    return out


def _annotated_names(docx_results, target: Path, several: bool) -> list[Path]:
    """Output paths: the target itself for one file; in a folder "<stem>.批注.docx",
    with "-2", "-3"... when drafts of the same name come from different folders."""
    if not several:
        return [target]
    taken: set[str] = set()
    names = []
    for f, _r in docx_results:
        name, n = f"{f.stem}.批注.docx", 1
        while name.casefold() in taken:
            n += 1
            name = f"{f.stem}.批注-{n}.docx"
        if n > 1:
            typer.echo(f"fzbg: 注意：{f} 与前面的文件同名，批注副本写为 {target / name}", err=True)
        taken.add(name.casefold())
        names.append(target / name)
    return names


rules_app = typer.Typer(help="列出规则，或查看某条规则的说明。", invoke_without_command=True,
                        no_args_is_help=False)
app.add_typer(rules_app, name="rules")


@rules_app.callback()
def rules_list(
    ctx: typer.Context,
    format: str = typer.Option("text", "--format", "-f", help="text、json 或 markdown（README 的规则表）"),
):
    """列出全部规则：代码、默认级别、名称、说明。"""
    if ctx.invoked_subcommand is not None:
        return
    from ..engine import rules

    all_rules = rules()
    if format == "json":
        typer.echo(json.dumps([rule_dict(r) for r in all_rules.values()], ensure_ascii=False, indent=2))
    elif format == "markdown":
        typer.echo(rules_table_markdown())
    elif format == "text":
        from ..engine import SEVERITY_NAMES

        for r in all_rules.values():
            typer.echo(f"{r.code:<8} {SEVERITY_NAMES[r.severity]:<3} {r.name:<34} {first_line(r)}")
    else:
        fail(f"--format 只能是 text、json 或 markdown，不能是 {format}")


def first_line(rule) -> str:
    text = rule.doc.get("what") or rule.message
    return text.split("\n")[0].split("。")[0]


def rule_dict(r) -> dict:
    return {"code": r.code, "name": r.name, "severity": r.severity, "message": r.message,
            "fix": r.fix, "doc": r.doc}


def rules_table_markdown() -> str:
    from ..engine import SEVERITY_NAMES, rules

    lines = ["| 代码 | 级别 | 名称 | 检查什么 |", "|---|---|---|---|"]
    for r in rules().values():
        lines.append(f"| {r.code} | {SEVERITY_NAMES[r.severity]} | {r.name} | {first_line(r).replace('|', '｜')} |")
    return "\n".join(lines)


@rules_app.command("explain")
def rules_explain(code: str = typer.Argument(..., help="规则代码，如 OUT004")):
    """显示一条规则的说明：检查什么、为什么、错误示例、正确示例、依据。"""
    from ..engine import SEVERITY_NAMES, rules

    r = rules().get(code.upper())
    if r is None:
        fail(f"未知的规则代码：{code}（用 fzbg rules 查看全部规则）")
    d = r.doc
    out = [f"{r.code} {r.name}（默认级别：{SEVERITY_NAMES[r.severity]}）", ""]
    for key, title in (("what", "检查什么"), ("why", "为什么"), ("bad", "错误示例"), ("good", "正确示例"),
                       ("source", "依据")):
        if d.get(key):
            out.append(f"{title}：")
            out += ["  " + line for line in str(d[key]).splitlines()]
            out.append("")
    if r.fix:
        out.append("修改建议：" + r.fix.replace("\n", " "))
    typer.echo("\n".join(out).rstrip())


@app.command()
def fix(
    file: Path = typer.Argument(..., help="要修改的报告（.docx .txt .md）"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="修改后的副本写到这里"),
    in_place: bool = typer.Option(False, "--in-place", help="直接修改原文件（请先备份）"),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只做这些规则的修改，如 PUN001,NUM004"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度（默认从标题等处识别）"),
):
    """修改确定无疑的问题（半角标点、﹪、“(一)”、多余空格、“2021一2025”、规范表述等），写出修改后的副本。"""
    from ..api import load
    from ..engine import parse_codes, check_document, find_config
    from ..fix import fix_report

    if output is None and not in_place:
        fail("请用 -o 指定输出文件，或用 --in-place 直接修改原文件")
    if output is not None and in_place:
        fail("-o 与 --in-place 只能选一个")
    from ..fsio import same_file, write_atomic

    target = file.resolve() if in_place else output  # in place: the draft a symlink points to
    if not in_place and (output.resolve() == file.resolve() or same_file(output, file)):
        fail(f"{output}：输出文件就是输入文件（同一文件、硬链接或符号链接）；如确需覆盖原文件，请用 --in-place")
    try:
        doc = load(file)
        if doc.converted_from:
            if in_place:
                fail(f"{file}：这是 .{doc.converted_from} 文件，修改结果只能写成 .docx，不能原地修改；请用 -o 指定输出文件")
            target = _as_converted_docx(doc, file, output, "修改后的副本")
            if target.resolve() == file.resolve() or same_file(target, file):
                fail(f"{target}：输出文件就是输入文件")
        elif not in_place:
            # the copy is written in the draft's own format: a Word file named .txt (or text
            # named .docx) would not open where the user expects it to
            wrote_docx = doc.format == "docx"
            if wrote_docx != (output.suffix.lower() == ".docx"):
                kind = "Word 文档（.docx）" if wrote_docx else f"文本文件（.{doc.format}）"
                fail(f"{output}：修改后的副本是{kind}，与输出文件名的后缀“{output.suffix or '（无）'}”不符；"
                     f"请改用 {output.with_suffix('.docx' if wrote_docx else file.suffix).name}")
        report = check_document(doc, config=find_config(file), year=year)
        data, applied, skipped = fix_report(report, set(parse_codes(select, "--select")) or None)
    except (InputError, UsageError, FzbgError) as exc:
        fail(str(exc))
    for a in applied:
        typer.echo(f"{file}:{a.block.line}:{a.start + 1}: {a.code} “{a.old}” → “{a.new}”")
    for a in skipped:
        typer.echo(f"{file}:{a.block.line}:{a.start + 1}: {a.code} 未修改（该处文字跨越编号、制表符或无法定位，请手工修改）“{a.old}” → “{a.new}”")
    try:
        target.parent.mkdir(parents=True, exist_ok=True) if target.parent != Path("") else None
        write_atomic(target, data)
    except OSError as exc:
        fail(f"{target}：无法写入（{exc.strerror or exc}）")
    typer.echo(f"已修改 {len(applied)} 处" + (f"，{len(skipped)} 处需手工修改" if skipped else "") + f"，写入 {target}")

"""What other Python code calls (also exported as checker.load / outline / check / generate / extract).

    import checker
    report = checker.check("report.docx", select=["OUT", "YEAR001"])
    for finding in report.findings:
        print(finding.code, finding.location.line, finding.message)
    json_ready = report.to_dict()

Errors: checker.errors.InputError for a file that cannot be read as a draft,
checker.errors.UsageError for a bad option, rule code or configuration; both are
checker.errors.FzbgError and carry a Chinese message naming the file.
"""
from __future__ import annotations

from .ingest import DIRECT, DIRECT_FORMATS, DIRECT_SHOWN, DIRECT_SUFFIXES, KIND_NAMES  # noqa: F401 (re-exported for fzbg serve)
from .ingest import load as _load
from .model import Document
from .outline import Outline, build_outline


def load(source, name: str | None = None, formats=None) -> Document:
    """Read a draft into a Document (paragraphs and table cells as blocks, with their text).

    source: a path (str or Path) or the file's bytes; with bytes, `name` (e.g. "r.docx")
    says which format it is. Reads .docx, .txt, .md, .html and PDF; .doc, .wps and .rtf
    through LibreOffice when it is installed. formats: when given, only these formats
    are read (e.g. DIRECT_FORMATS; format names as in Document.format, "doc", "wps" and
    "rtf" for the converted ones): any other detected format raises
    checker.errors.UnsupportedFormat (an InputError) before its reader or LibreOffice
    runs. Raises InputError."""
    return _load(source, name, formats)


def outline(document: Document) -> Outline:
    """Build the outline of a Document: title, the five parts the regulation requires,
    headings with their levels, reporter, report year, signature date."""
    return build_outline(document)


def check(source, previous=None, **options):
    """Check a draft and return a checker.engine.Report (findings sorted by position).

    source: a path, bytes (with name="x.docx") or a Document. Options, as on the command
    line: config (a checker.engine.Config; default: none, not searched for), profile
    ("government", "department" or "township"), year (the report year, 2000..2100), select / ignore
    (rule codes or families, a list or "OUT,YEAR001"), fail_on ("error", "warning",
    "info"; used by Report.failed()), previous (last year's report: a path, bytes with
    previous_name="x.docx", or a Document; turns on the CROSS rules). Raises InputError
    or UsageError."""
    from .engine import check_document

    name = options.pop("name", None)  # also when source is a Document already
    doc = source if isinstance(source, Document) else load(source, name)
    prev_name = options.pop("previous_name", None)
    if previous is not None and not isinstance(previous, Document):
        previous = load(previous, prev_name)
    return check_document(doc, previous=previous, **options)


def generate(data, template: str | None = None) -> bytes:
    """Render structured input to the bytes of a DOCX report.

    data: a dict (the fields of `fzbg schema`) or a path (str or Path) to a .yaml/.json
    file; template: "government" or "department" (default: by the reporter's kind).
    Raises InputDataError (a FzbgError) naming the field when the input is invalid."""
    from .generator import generate_bytes

    return generate_bytes(data, template=template)


def extract(source, name: str | None = None) -> dict:
    """The generator's input (a dict: the fields of `fzbg schema`, plus ``notes`` for what
    could not be placed) filled from a draft: a path, bytes (with name="x.docx") or a
    Document. Raises InputError for a file that cannot be read as a draft."""
    from .generator.extract import extract as _extract

    return _extract(source if isinstance(source, Document) else load(source, name))


# ---------------------------------------------------------------- for services (fzbg serve)
# Thin wrappers over the functions the commands use, so that a service gives the same
# results as the command line without reaching into the package's internals.

def annotate(source, name: str | None = None, **options) -> bytes:
    """The copy of a .docx with a Word comment at each finding (fzbg check --annotate)."""
    from .outputs.annotate import annotate_docx

    return annotate_docx(check(source, name=name, **options))


def fix(source, name: str | None = None, select=None, year: int | None = None):
    """(fixed bytes, applied, skipped) as `fzbg fix` writes and lists them."""
    from .engine import parse_codes
    from .fix import fix_report

    report = check(source, name=name, year=year)
    return fix_report(report, set(parse_codes(select, "select")) or None)


def json_document(version: str, entries: list[dict]) -> dict:
    """The document `fzbg check --format json` prints, for these files' entries
    (Report.to_dict()): {"version", "files", "summary"} (built by checker.outputs.jsonl,
    as the command line streams it)."""
    from .outputs.jsonl import document

    return document({"version": version}, entries)


def converted_formats() -> tuple[str, ...]:
    """The formats read through LibreOffice ("doc", "wps", "rtf"), installed or not."""
    from .ingest.convert import NAMES

    return tuple(NAMES)


def conversion_available() -> bool:
    """Whether LibreOffice is installed here to convert .doc/.wps/.rtf."""
    from .ingest.convert import soffice

    return soffice() is not None


def readable_formats() -> tuple[str, ...]:
    """What `fzbg check` reads here: the direct formats, PDF, and the converted formats
    when LibreOffice is installed."""
    return DIRECT_FORMATS + ("pdf",) + (converted_formats() if conversion_available() else ())


def readable_suffixes(formats=None) -> tuple[str, ...]:
    """The file name suffixes of those formats (of `formats`, when given)."""
    out = []
    for f in formats or readable_formats():
        out.extend(DIRECT.get(f, ("." + f,)))
    return tuple(out)


def suffixes_text(formats=None) -> str:
    """The formats for messages: ".docx .txt .md .html .pdf"."""
    return " ".join(DIRECT_SHOWN.get(f, "." + f) for f in formats or readable_formats())


def load_upload(data: bytes, name: str, formats=None, field: str = "file") -> Document:
    """An uploaded draft read as `fzbg check` reads it (content sniffed, not trusted to
    its name): formats as in load(), default readable_formats(). Messages speak to
    someone who uploads, not to a terminal: a .doc/.wps/.rtf without LibreOffice says
    the server needs it; `field` names the form field of a file other than "file"."""
    from .errors import InputError, UnsupportedFormat

    formats = tuple(formats or readable_formats())
    try:
        try:
            return load(data, name, formats=formats)
        except UnsupportedFormat as exc:
            if exc.kind in converted_formats() and not conversion_available():
                raise UnsupportedFormat(name, f"文件内容是{KIND_NAMES.get(exc.kind, exc.kind)}，需要在服务器上安装 "
                                              "LibreOffice 转换后才能检查，本服务器没有安装。请在 Word/WPS 中打开后"
                                              "“另存为” .docx 再上传。", exc.kind) from None
            raise
    except InputError as exc:
        if field == "file":
            raise
        # another upload (last year's report): a bad input, whatever its kind, named by its field
        raise InputError(f"{field}（{UPLOAD_FIELDS.get(field, field)}）{name}", exc.reason) from None


UPLOAD_FIELDS = {"file": "报告文件", "previous": "去年的报告"}


def check_option_errors(profile=None, year=None, select=None, ignore=None) -> list[dict]:
    """The problems of check options as a form or an API sends them (strings), one per
    field, named by the field, not by a command-line flag: {"field": "year", "loc":
    ["year"], "message": "应为 2000—2100 之间的四位年份，如 2023，不能是“1999”"}; [] when
    they are all valid."""
    from .engine import YEAR_MAX, YEAR_MIN, parse_codes, profiles, validate_codes
    from .errors import UsageError

    errors = []

    def error(field, message):
        errors.append({"field": field, "loc": [field], "message": message})

    if profile not in (None, "") and profile not in profiles():
        error("profile", f"未知的配置方案“{profile}”（可用：{'、'.join(profiles())}）")
    if year not in (None, ""):
        text = str(year).strip()
        if not (text.isascii() and text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX):
            error("year", f"应为 {YEAR_MIN}—{YEAR_MAX} 之间的四位年份，如 2023，不能是“{year}”")
    for field, value in (("select", select), ("ignore", ignore)):
        unknown = []
        for code in parse_codes(value or None, field):
            try:
                validate_codes([code])
            except UsageError:
                unknown.append(code)
        if unknown:
            error(field, f"未知的规则代码：{'、'.join(unknown)}（全部规则见 /api/v1/rules）")
    return errors


def generate_upload(data: bytes, name: str, template: str | None = None) -> bytes:
    """generate() for the bytes of a YAML/JSON input file named name (messages give its lines)."""
    from .generator import generate_bytes

    return generate_bytes(data, template=template, source=name)


def input_errors(data) -> list[dict]:
    """The problems of generator input, one per field: {"field": "measures[0].heading",
    "loc": ["measures", 0, "heading"], "message": "不能为空"}; [] when it is valid."""
    from pydantic import ValidationError

    from .generator.schema import ReportInput, error_path, friendly_errors

    try:
        ReportInput.model_validate(data)
    except ValidationError as exc:
        return [{"field": error_path(loc), "loc": list(loc), "message": msg} for loc, msg in friendly_errors(exc)]
    return []


def skeleton(reporter: str, year: int, kind: str = "government") -> bytes:
    """The guided blank draft of `fzbg skeleton`."""
    from .generator import render, template_path
    from .generator.skeleton import skeleton_context

    return render(skeleton_context(reporter.strip(), year, kind), template_path(None, kind))


def example() -> dict:
    """The complete example input of `fzbg example`, as data."""
    import yaml

    from .data import templates_dir

    return yaml.safe_load((templates_dir() / "example.yaml").read_text(encoding="utf-8"))


def input_schema() -> dict:
    """The JSON Schema of generator input (`fzbg schema`)."""
    from .generator.schema import json_schema

    return json_schema()


def rules_json() -> list[dict]:
    """What `fzbg rules --format json` prints (tests/test_serve_api.py keeps them equal)."""
    from .engine import rules

    return [{"code": r.code, "name": r.name, "severity": r.severity, "message": r.message, "fix": r.fix,
             "doc": r.doc} for r in rules().values()]


def families() -> dict[str, str]:
    """Rule families: prefix -> Chinese name."""
    from .engine import FAMILIES

    return dict(FAMILIES)


def profile_names() -> list[str]:
    """The configuration profiles --profile accepts."""
    from .engine import profiles

    return list(profiles())

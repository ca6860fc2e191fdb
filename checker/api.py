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

from .ingest import load as _load
from .model import Document
from .outline import Outline, build_outline


def load(source, name: str | None = None) -> Document:
    """Read a draft into a Document (paragraphs and table cells as blocks, with their text).

    source: a path (str or Path) or the file's bytes; with bytes, `name` (e.g. "r.docx")
    says which format it is. Reads .docx, .txt, .md and .html. Raises InputError."""
    return _load(source, name)


def outline(document: Document) -> Outline:
    """Build the outline of a Document: title, the five parts the regulation requires,
    headings with their levels, reporter, report year, signature date."""
    return build_outline(document)


def check(source, previous=None, **options):
    """Check a draft and return a checker.engine.Report (findings sorted by position).

    source: a path, bytes (with name="x.docx") or a Document. Options, as on the command
    line: config (a checker.engine.Config; default: none, not searched for), profile
    ("government" or "department"), year (the report year, 2000..2100), select / ignore
    (rule codes or families, a list or "OUT,YEAR001"), fail_on ("error", "warning",
    "info"; used by Report.failed()), previous (last year's report: a path, bytes with
    previous_name="x.docx", or a Document; turns on the CROSS rules). Raises InputError
    or UsageError."""
    from .engine import check_document

    doc = source if isinstance(source, Document) else load(source, options.pop("name", None))
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

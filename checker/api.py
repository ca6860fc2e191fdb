"""What other Python code calls."""
from __future__ import annotations

from .ingest import load as _load
from .model import Document
from .outline import Outline, build_outline


def load(source, name: str | None = None) -> Document:
    """Read a draft (path or bytes) into a Document. Raises checker.errors.InputError."""
    return _load(source, name)


def outline(document: Document) -> Outline:
    """Build the outline (title, parts, headings, report facts) of a Document."""
    return build_outline(document)


def check(source, **options):
    """Check a draft (path, bytes or Document) and return a Report."""
    from .engine import check_document

    doc = source if isinstance(source, Document) else load(source, options.pop("name", None))
    return check_document(doc, **options)


def generate(data, template: str | None = None) -> bytes:
    """Render structured input (dict, YAML/JSON text or path) to DOCX bytes."""
    from .generator import generate_bytes

    return generate_bytes(data, template=template)

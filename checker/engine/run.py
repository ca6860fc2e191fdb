"""Running the rules on a Document: profile, selection, context, report."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..data import load_yaml
from ..errors import UsageError
from ..formatspec import default_spec, profile_from
from ..model import Block, Document
from ..outline import Outline, build_outline
from .base import SEVERITIES, SEVERITY_RANK, Finding, Location, Rule, code_key
from .config import Config, parse_codes
from .discovery import rules, validate_codes


def profiles() -> dict:
    """The profiles of rules/profiles.yaml (government, department, township), by name."""
    return load_yaml("profiles.yaml")


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code == p or (p.isalpha() and code.startswith(p)) or p == "ALL" for p in patterns)


@dataclass
class Previous:
    """Last year's report as plain data, for the rules that compare two years (CROSS)."""
    document: Document
    outline: Outline

    def location(self, block: Block | None) -> dict:
        """Where a block of last year's report is, as a finding's data reports it."""
        if block is None:
            return {"path": self.document.path, "paragraph": None, "line": None, "part": ""}
        return {"path": self.document.path, "paragraph": block.index, "line": block.line,
                "part": self.outline.path_of(block)}


class Context:
    """What a rule's check() reads: the document, its outline, the profile, the
    report year N (given, else recognised by the outline) and, with --previous, last
    year's report (``previous``, else None)."""

    def __init__(self, document: Document, outline: Outline, profile: dict, profile_name: str,
                 year: int | None, previous: Previous | None = None, format_spec: dict | None = None):
        self.document = document
        self.outline = outline
        self.profile = profile
        self.profile_name = profile_name
        self.year = year or outline.report_year  # report year N
        self.previous = previous  # last year's report (fzbg check --previous), or None
        self.format_spec = format_spec or default_spec()  # what the FMT rules enforce
        self._cache: dict[str, Any] = {}

    def location(self, block: Block | None, start: int | None = None, end: int | None = None) -> Location:
        """The Location of block[start:end] (the whole document when block is None)."""
        if block is None:
            return Location()
        return Location(paragraph=block.index, line=block.line, start=start, end=end,
                        path=self.outline.path_of(block), cell=block.cell_ref())

    def text_blocks(self) -> list[Block]:
        """Blocks a writing rule reads: everything but web residue."""
        return [b for b in self.document.blocks if not self.outline.is_residue(b)]

    def part_blocks(self, kind: str) -> list[Block]:
        """The blocks of every part of that kind (duty, measures, problems, plans, other)."""
        return [b for s in self.outline.sections_of(kind) for b in s.blocks]

    def memo(self, key: str, fn):
        """fn() computed once per document and key (shared by rules)."""
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]


@dataclass
class Report:
    """The result of checking one document; `to_dict` is the JSON contract of a file."""

    document: Document
    outline: Outline
    findings: list[Finding]
    profile: str
    config: Config

    def counts(self) -> dict[str, int]:
        """Findings per severity (every severity present, 0 when none)."""
        out = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def failed(self, fail_on: str | None = None) -> bool:
        """True when a finding is at or above fail_on (default: the configuration's)."""
        level = SEVERITY_RANK[fail_on or self.config.fail_on]
        return any(SEVERITY_RANK[f.severity] >= level for f in self.findings)

    def to_dict(self) -> dict:
        """One entry of the JSON "files" list of `fzbg check --format json`."""
        ol = self.outline.to_dict()
        return {
            "path": self.document.path,
            "status": "ok",
            "format": self.document.format,
            "encoding": self.document.encoding,
            "profile": self.profile,
            "report": ol["report"],
            "outline": {"sections": ol["sections"], "missing": ol["missing"], "residue": ol["residue"]},
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts(),
        }


def choose_profile(outline: Outline, name: str | None) -> tuple[str, dict]:
    """The named profile, or by reporter: the profile named as the reporter's kind
    (department, township), government when the kind is unknown."""
    all_profiles = profiles()
    if name is None:
        name = outline.reporter_kind if outline.reporter_kind in all_profiles else "government"
    if name not in all_profiles:
        raise UsageError(f"未知的配置方案（profile）：{name}（可用：{', '.join(all_profiles)}）")
    return name, all_profiles[name]


def selected_rules(config: Config, path: str | None = None) -> list[Rule]:
    """The rules config runs on the file at path (select, ignore, per-file-ignores, off)."""
    chosen = []
    ignore = list(config.ignore)
    if path:
        for pattern, codes in config.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                ignore += codes
    for code, rule in rules().items():
        if config.select is not None and not _matches(code, config.select):
            continue
        if ignore and _matches(code, ignore):
            continue
        if config.severity.get(code) == "off":
            continue
        chosen.append(rule)
    return chosen


def load_format_profile(path) -> dict:
    """The format profile a reference template (.docx) shows (fzbg check --format-from):
    its sample paragraphs, and its styles where it has no sample of a kind."""
    from ..ingest import load
    from ..ingest.docx import read_paragraph_styles

    doc = load(Path(path))
    raw = doc.raw if doc.format == "docx" and doc.raw else None
    styles = read_paragraph_styles(raw, str(path)) if raw and raw[:2] == b"PK" else []
    return profile_from(doc, build_outline(doc), str(path), styles)


def check_document(document: Document, config: Config | None = None, profile: str | None = None,
                   year: int | None = None, select=None, ignore=None, fail_on: str | None = None,
                   previous: Document | None = None, format_from=None) -> Report:
    """Run the selected rules on a Document and return the Report (findings sorted by
    position). Options given here win over `config`; a bad option or code raises UsageError.
    ``previous`` (last year's report) turns on the rules that compare two years (CROSS).
    ``format_from`` (a reference template: a path, or a profile from load_format_profile)
    replaces GB/T 9704 as what the FMT rules enforce; else ``format-from`` in the config."""
    config = config or Config()
    config = config.merged(profile=profile, year=year, fail_on=fail_on,
                           select=parse_codes(select, "--select") if select else None)
    if ignore:
        config = config.merged(ignore=list(config.ignore) + parse_codes(ignore, "--ignore"))
    for codes in ([config.select] if config.select else []) + [config.ignore]:
        validate_codes(codes)
    outline = build_outline(document)
    profile_name, prof = choose_profile(outline, config.profile)
    prev = Previous(previous, build_outline(previous)) if previous is not None else None
    if format_from is None and config.format_from:
        source = Path(config.format_from)
        if config.source and not source.is_absolute():
            source = Path(config.source).parent / source
        format_from = source
    spec = format_from if isinstance(format_from, dict) or format_from is None else load_format_profile(format_from)
    ctx = Context(document, outline, prof, profile_name, config.year, previous=prev, format_spec=spec)
    findings: list[Finding] = []
    for rule in selected_rules(config, document.path):
        if rule.needs_previous and prev is None:
            continue
        for f in rule.check(ctx):
            level = config.severity.get(f.code)
            if level and level != "off":
                f.severity = level
            findings.append(f)
    findings.sort(key=lambda f: (f.location.paragraph if f.location.paragraph is not None else -1,
                                 f.location.start or 0, code_key(f.code)))
    return Report(document=document, outline=outline, findings=findings, profile=profile_name, config=config)

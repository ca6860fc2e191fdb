"""What every rule imports: the Rule base class, Finding and Location, severities,
families and the registry. This module imports nothing else from the engine, so a rule
module can import it without pulling in the code that discovers and runs the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Block
    from .run import Context

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}

FAMILIES = {
    "OUT": "结构（报告提纲）",
    "YEAR": "年份与时间",
    "META": "标题、落款与日期",
    "NUM": "标题编号",
    "PUN": "标点符号",
    "DATA": "数据表述",
    "TERM": "规范表述",
    "RES": "网页残留与占位符",
    "FMT": "公文格式（GB/T 9704）",
    "COV": "纲要领域覆盖",
    "CROSS": "与上一年度报告对照（需提供去年的报告）",
}

# The stem every family's files share: checker/checks/<stem>.py (Python rules),
# rules/checks/<stem>.yaml (data rules) and tests/cases/<stem>.yaml (cases).
FAMILY_STEMS = {
    "OUT": "outline", "YEAR": "year", "META": "meta", "NUM": "num", "PUN": "pun",
    "DATA": "data", "TERM": "term", "RES": "res", "FMT": "format", "COV": "cov",
    "CROSS": "cross",
}


@dataclass
class Location:
    """Where a finding is: a block (paragraph or table cell) and a span of its text."""

    paragraph: int | None = None  # block index (0-based), None for the whole document
    line: int | None = None  # line shown to users (1-based)
    start: int | None = None  # character offsets in the block text
    end: int | None = None
    path: str = ""  # part path: "三、存在的不足 > （二）……"
    cell: dict | None = None

    def to_dict(self) -> dict:
        return {"paragraph": self.paragraph, "line": self.line, "start": self.start,
                "end": self.end, "path": self.path, "cell": self.cell}


@dataclass
class Finding:
    """One problem a rule found; `to_dict` is the JSON contract of a finding."""

    code: str
    severity: str
    message: str
    fix: str | None
    location: Location
    excerpt: str
    name: str = ""
    data: dict = field(default_factory=dict)
    # machine-applicable corrections: (start, end, replacement) in the paragraph of
    # location; only rules whose fix is certain set them (fzbg fix applies them)
    edits: list[tuple[int, int, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "severity": self.severity,
                "message": self.message, "fix": self.fix, "location": self.location.to_dict(),
                "excerpt": self.excerpt, "data": self.data, "fixable": bool(self.edits)}


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement
    `check(ctx)`, yielding Findings (made with `at`)."""

    code: str = ""
    name: str = ""
    severity: str = "warning"
    message: str = ""
    fix: str | None = None
    doc: dict = {}  # what, why, bad, good, source
    needs_jieba: bool = False
    needs_previous: bool = False  # runs only when last year's report is given (ctx.previous)
    # its findings may carry edits, certain corrections that `fzbg fix` applies; the edits
    # of a rule that does not say so are never applied
    fixable: bool = False

    @property
    def family(self) -> str:
        return re.match(r"[A-Z]+", self.code).group(0)

    def check(self, ctx: "Context") -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    # helpers for subclasses
    def at(self, ctx: "Context", block: "Block | None" = None, start: int | None = None,
           end: int | None = None, message: str | None = None, fix: str | None = None,
           data: dict | None = None, excerpt: str | None = None, severity: str | None = None,
           edits: list[tuple[int, int, str]] | None = None) -> Finding:
        """A Finding of this rule at `block[start:end]` (the whole block when no span,
        the whole document when no block); unset fields take the rule's defaults."""
        loc = ctx.location(block, start, end)
        if excerpt is None:
            if block is None:
                excerpt = ""
            elif start is not None and end is not None:
                excerpt = block.text[start:end]
            else:
                excerpt = block.text.strip()[:60]
        return Finding(code=self.code, severity=severity or self.severity,
                       message=message or self.message, fix=fix if fix is not None else self.fix,
                       location=loc, excerpt=excerpt, name=self.name, data=data or {},
                       edits=edits or [])


REGISTRY: dict[str, Rule] = {}


def add_rule(rule: Rule) -> None:
    """Register a rule instance (data rules); a code may be registered once."""
    if rule.code in REGISTRY:
        raise ValueError(f"duplicate rule code {rule.code}")
    REGISTRY[rule.code] = rule


def register(cls):
    """Class decorator: instantiate and register a Python rule."""
    add_rule(cls())
    return cls


@lru_cache(maxsize=4096)
def code_key(code: str):
    """Sort key of a rule code: family in FAMILIES order, then number (cached: every
    check sorts the rules and the findings by it)."""
    m = re.match(r"([A-Z]+)(\d+)", code)
    fam = list(FAMILIES).index(m.group(1)) if m and m.group(1) in FAMILIES else 99
    return (fam, m.group(1) if m else code, int(m.group(2)) if m else 0)

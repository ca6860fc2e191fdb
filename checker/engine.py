"""Rule engine: rules, findings, profiles, configuration, running the rules.

A rule is a small object with a stable code (family prefix + number), a name, a
default severity, a Chinese message, a fix hint and its documentation. Python rules
subclass Rule in checker/checks/ and are registered with @register; data rules are
YAML files in rules/checks/ of four types (existence, substitution, occurrence,
conditional), each type implemented once in checker/checks/data_rules.py.
"""
from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .data import load_yaml
from .errors import UsageError
from .model import Block, Document
from .outline import Outline, build_outline

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
}


@dataclass
class Location:
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
    code: str = ""
    name: str = ""
    severity: str = "warning"
    message: str = ""
    fix: str | None = None
    doc: dict = {}  # what, why, bad, good, source
    needs_jieba: bool = False

    @property
    def family(self) -> str:
        return re.match(r"[A-Z]+", self.code).group(0)

    def check(self, ctx: "Context") -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    # helpers for subclasses
    def at(self, ctx: "Context", block: Block | None = None, start: int | None = None,
           end: int | None = None, message: str | None = None, fix: str | None = None,
           data: dict | None = None, excerpt: str | None = None, severity: str | None = None,
           edits: list[tuple[int, int, str]] | None = None) -> Finding:
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


def register(cls):
    """Class decorator: instantiate and register a Python rule."""
    rule = cls()
    if rule.code in REGISTRY:
        raise ValueError(f"duplicate rule code {rule.code}")
    REGISTRY[rule.code] = rule
    return cls


def add_rule(rule: Rule) -> None:
    if rule.code in REGISTRY:
        raise ValueError(f"duplicate rule code {rule.code}")
    REGISTRY[rule.code] = rule


_LOADED = []


def rules() -> dict[str, Rule]:
    """Every rule, by code (Python rules and data rules), loaded once."""
    if not _LOADED:
        from . import checks  # noqa: F401  (registers the Python rules)
        from .checks.data_rules import load_data_rules

        for rule in load_data_rules():
            add_rule(rule)
        _LOADED.append(True)
    return dict(sorted(REGISTRY.items(), key=lambda kv: _code_key(kv[0])))


def _code_key(code: str):
    m = re.match(r"([A-Z]+)(\d+)", code)
    fam = list(FAMILIES).index(m.group(1)) if m and m.group(1) in FAMILIES else 99
    return (fam, m.group(1) if m else code, int(m.group(2)) if m else 0)


# ---------------------------------------------------------------- profiles and config

def profiles() -> dict:
    return load_yaml("profiles.yaml")


@dataclass
class Config:
    select: list[str] | None = None  # codes or family prefixes; None = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    profile: str | None = None
    year: int | None = None
    fail_on: str = "error"
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    source: str | None = None  # the file the configuration came from

    def merged(self, **overrides) -> "Config":
        data = dict(self.__dict__)
        for k, v in overrides.items():
            if v is not None:
                data[k] = v
        return Config(**data)


def parse_codes(value, where: str) -> list[str]:
    """Rule codes from a string or a list of strings, each possibly "OUT,YEAR001"."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}：规则代码应为字符串列表")
    return [c.upper() for v in value for c in re.split(r"[,，\s]+", v) if c]


def config_from_mapping(data: dict, source: str) -> Config:
    known = {"select", "ignore", "severity", "profile", "year", "report-year", "fail-on",
             "per-file-ignores", "extend-ignore"}
    unknown = set(data) - known
    if unknown:
        raise UsageError(f"{source}：未知的配置项 {', '.join(sorted(unknown))}（可用：{', '.join(sorted(known))}）")
    cfg = Config(source=source)
    if "select" in data:
        cfg.select = parse_codes(data["select"], source)
    cfg.ignore = parse_codes(data.get("ignore"), source) + parse_codes(data.get("extend-ignore"), source)
    sev = data.get("severity") or {}
    if not isinstance(sev, dict):
        raise UsageError(f"{source}：severity 应为“代码 = 级别”的表")
    for code, level in sev.items():
        if level not in SEVERITIES + ("off",):
            raise UsageError(f"{source}：{code} 的级别 {level!r} 无效（可用：error、warning、info、off）")
        cfg.severity[code.upper()] = level
    if data.get("profile") is not None:
        cfg.profile = str(data["profile"])
    year = data.get("year", data.get("report-year"))
    if year is not None:
        if not isinstance(year, int):
            raise UsageError(f"{source}：year 应为整数年份")
        cfg.year = year
    if data.get("fail-on") is not None:
        if data["fail-on"] not in SEVERITIES:
            raise UsageError(f"{source}：fail-on 只能是 error、warning 或 info")
        cfg.fail_on = data["fail-on"]
    pfi = data.get("per-file-ignores") or {}
    if not isinstance(pfi, dict):
        raise UsageError(f"{source}：per-file-ignores 应为“文件模式 = [代码]”的表")
    cfg.per_file_ignores = {k: parse_codes(v, source) for k, v in pfi.items()}
    return cfg


def load_config_file(path: Path) -> Config | None:
    """A .fzbg.toml (top-level keys, or [tool.fzbg]) or a pyproject.toml ([tool.fzbg];
    None when it has no such table)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}：无法读取配置文件（{exc.strerror or exc}）")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}：配置文件不是有效的 TOML（{exc}）")
    if "tool" in data and "fzbg" in data["tool"]:
        data = data["tool"]["fzbg"]
    elif path.name == "pyproject.toml":
        return None
    return config_from_mapping(data, str(path))


def find_config(start: Path) -> Config:
    """.fzbg.toml, or [tool.fzbg] in pyproject.toml, in the file's folder or above."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for d in [folder, *folder.parents]:
        for name in (".fzbg.toml", "pyproject.toml"):
            f = d / name
            if f.is_file():
                cfg = load_config_file(f)
                if cfg is not None:
                    return cfg
    return Config()


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code == p or (p.isalpha() and code.startswith(p)) or p == "ALL" for p in patterns)


# ---------------------------------------------------------------- running

class Context:
    def __init__(self, document: Document, outline: Outline, profile: dict, profile_name: str,
                 year: int | None):
        self.document = document
        self.outline = outline
        self.profile = profile
        self.profile_name = profile_name
        self.year = year or outline.report_year  # report year N
        self._cache: dict[str, Any] = {}

    def location(self, block: Block | None, start: int | None = None, end: int | None = None) -> Location:
        if block is None:
            return Location()
        return Location(paragraph=block.index, line=block.line, start=start, end=end,
                        path=self.outline.path_of(block), cell=block.cell_ref())

    def text_blocks(self) -> list[Block]:
        """Blocks a writing rule reads: everything but web residue."""
        return [b for b in self.document.blocks if not b.residue]

    def part_blocks(self, kind: str) -> list[Block]:
        return [b for s in self.outline.sections_of(kind) for b in s.blocks]

    def memo(self, key: str, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]


@dataclass
class Report:
    document: Document
    outline: Outline
    findings: list[Finding]
    profile: str
    config: Config

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def failed(self, fail_on: str | None = None) -> bool:
        level = SEVERITY_RANK[fail_on or self.config.fail_on]
        return any(SEVERITY_RANK[f.severity] >= level for f in self.findings)

    def to_dict(self) -> dict:
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
    all_profiles = profiles()
    if name is None:
        name = "department" if outline.reporter_kind == "department" else "government"
    if name not in all_profiles:
        raise UsageError(f"未知的配置方案（profile）：{name}（可用：{', '.join(all_profiles)}）")
    return name, all_profiles[name]


def selected_rules(config: Config, path: str | None = None) -> list[Rule]:
    chosen = []
    ignore = list(config.ignore)
    if path:
        for pattern, codes in config.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                ignore += codes
    for code, rule in rules().items():
        if config.select is not None and not _matches(code, config.select):
            continue
        if _matches(code, ignore):
            continue
        if config.severity.get(code) == "off":
            continue
        chosen.append(rule)
    return chosen


def validate_codes(codes: Iterable[str]) -> None:
    known = rules()
    families = {r.family for r in known.values()}
    for c in codes:
        if c not in known and c not in families and c != "ALL":
            raise UsageError(f"未知的规则代码：{c}（用 fzbg rules 查看全部规则）")


def check_document(document: Document, config: Config | None = None, profile: str | None = None,
                   year: int | None = None, select=None, ignore=None, fail_on: str | None = None) -> Report:
    config = config or Config()
    config = config.merged(profile=profile, year=year, fail_on=fail_on,
                           select=parse_codes(select, "--select") if select else None)
    if ignore:
        config = config.merged(ignore=list(config.ignore) + parse_codes(ignore, "--ignore"))
    for codes in ([config.select] if config.select else []) + [config.ignore]:
        validate_codes(codes)
    outline = build_outline(document)
    profile_name, prof = choose_profile(outline, config.profile)
    ctx = Context(document, outline, prof, profile_name, config.year)
    findings: list[Finding] = []
    for rule in selected_rules(config, document.path):
        for f in rule.check(ctx):
            level = config.severity.get(f.code)
            if level and level != "off":
                f.severity = level
            findings.append(f)
    findings.sort(key=lambda f: (f.location.paragraph if f.location.paragraph is not None else -1,
                                 f.location.start or 0, _code_key(f.code)))
    return Report(document=document, outline=outline, findings=findings, profile=profile_name, config=config)

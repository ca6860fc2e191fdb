"""Validation of the YAML (data) rules in rules/checks/*.yaml.

Each rule names one of four kinds with `extends` (the Vale convention); each kind has a
pydantic model listing exactly the fields it takes. A file is validated completely
when the rules are loaded, so a mistake (`severity: warn`, a mistyped scope, a field
the kind does not know, a broken regular expression) stops every command with a
Chinese message naming the file, the rule and the field -- never a traceback, never a
rule that silently does nothing. The kinds themselves run in checker/engine/kinds.py.
"""
from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Union

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError,
                      ValidationInfo, field_validator, model_validator)

from ..data import load_yaml
from ..errors import UsageError

SCOPES = ("text", "body", "headings", "title", "preamble", "residue")
KINDS = ("existence", "substitution", "occurrence", "conditional")
# placeholders every kind fills from the context: the keys of engine.kinds.ctx_values
# (tests/test_engine_config.py fails when the two differ)
CONTEXT = {"year", "prev_year", "next_year", "submit_when", "when_read"}
# placeholders each kind fills in `message` and `fix` (conditional messages are not formatted)
PLACEHOLDERS = {"existence": CONTEXT | {"match"}, "substitution": CONTEXT | {"bad", "good"},
                "occurrence": {"count"}, "conditional": None}


def part_kinds() -> list[str]:
    """The part kinds of rules/parts.yaml (the `part:<kind>` scopes)."""
    return list(load_yaml("parts.yaml")["order"])


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"不是有效的正则表达式（{exc}）") from None
    return value


def _scope(value: str) -> str:
    kinds = part_kinds()
    if value in SCOPES or (value.startswith("part:") and value[5:] in kinds):
        return value
    allowed = "、".join([*SCOPES, *(f"part:{k}" for k in kinds)])
    raise ValueError(f"范围 {value!r} 无效（可用：{allowed}）")


Regex = Annotated[str, AfterValidator(_regex)]
Scope = Annotated[str, AfterValidator(_scope)]


class RuleDoc(BaseModel):
    """The documentation every rule carries (shown by `fzbg rules explain`)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    what: str
    why: str
    bad: str
    good: str
    source: str


class _DataRuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    code: str = Field(pattern=r"^[A-Z]+[0-9]{3}$")
    name: str = Field(None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    severity: Literal["info", "warning", "error"] = "warning"
    scope: Scope = "text"
    message: str = Field(min_length=1)
    fix: str | None = None
    doc: RuleDoc
    exceptions: list[Regex] = []
    ignorecase: bool = False
    data: dict[str, Any] = {}
    since_year: int | None = None   # only for reports on this year or later (a renamed body)

    KIND: ClassVar[str] = ""

    @field_validator("message", "fix")
    @classmethod
    def _placeholders(cls, value: str | None) -> str | None:
        allowed = PLACEHOLDERS[cls.KIND]
        if allowed is None or value is None:
            return value
        try:
            names = {n for _t, n, _f, _c in string.Formatter().parse(value) if n is not None}
        except ValueError as exc:
            raise ValueError(f"花括号不成对（{exc}）") from None
        unknown = sorted(names - allowed)
        if unknown:
            raise ValueError(f"占位符 {'、'.join('{' + n + '}' for n in unknown)} 无效（{cls.KIND} 规则可用："
                             f"{'、'.join('{' + n + '}' for n in sorted(allowed))}）")
        return value


class ExistenceSpec(_DataRuleSpec):
    """Tokens (regular expressions) that must not appear in the scope."""

    KIND: ClassVar[str] = "existence"
    extends: Literal["existence"]
    tokens: list[Regex] = Field(min_length=1)
    group: Literal["paragraph"] | None = None  # one finding per token per paragraph, with a count


class SubstitutionSpec(_DataRuleSpec):
    """Say B, not A: `swap` maps a regular expression to its replacement."""

    KIND: ClassVar[str] = "substitution"
    extends: Literal["substitution"]
    swap: dict[Regex, str] = Field(min_length=1)
    part_swap: dict[str, dict[str, str]] = {}
    certain: bool = False  # fzbg fix may apply the replacement by itself

    @field_validator("part_swap")
    @classmethod
    def _part_swap_keys(cls, value: dict, info: ValidationInfo) -> dict:
        kinds, swap = part_kinds(), info.data.get("swap") or {}
        for kind, swaps in value.items():
            if kind not in kinds:
                raise ValueError(f"部分 {kind!r} 无效（可用：{'、'.join(kinds)}）")
            unknown = [k for k in swaps if k not in swap]
            if unknown:
                raise ValueError(f"{kind} 中的 {'、'.join(unknown)} 不在 swap 中")
        return value


class OccurrenceSpec(_DataRuleSpec):
    """A token that may appear at most `max` / at least `min` times in the scope."""

    KIND: ClassVar[str] = "occurrence"
    extends: Literal["occurrence"]
    token: Regex
    max: int | None = Field(None, ge=0)
    min: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _a_bound(self):
        if self.max is None and self.min is None:
            raise ValueError("occurrence 规则至少要有 max 或 min")
        return self


class ConditionalSpec(_DataRuleSpec):
    """If `first` appears in the scope, one of `second` must appear too."""

    KIND: ClassVar[str] = "conditional"
    extends: Literal["conditional"]
    first: Regex
    second: list[Regex] = Field(min_length=1)


DataRuleSpec = Annotated[Union[ExistenceSpec, SubstitutionSpec, OccurrenceSpec, ConditionalSpec],
                         Field(discriminator="extends")]
_ADAPTER = TypeAdapter(DataRuleSpec)

_TYPES = {"string_type": "字符串", "bool_type": "true 或 false", "int_type": "整数",
          "list_type": "列表", "dict_type": "表（键: 值）", "model_type": "表（键: 值）"}


def _reason(err: dict) -> str:
    kind = err["type"]
    given = repr(err.get("input"))
    given = given if len(given) <= 40 else given[:37] + "..."
    if kind == "missing":
        return "缺少这个字段"
    if kind == "extra_forbidden":
        return "没有这个字段（拼写错误？或不属于这种 extends）"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"应为 {'、'.join(KINDS)} 之一"
    if kind == "literal_error":
        expected = err["ctx"]["expected"].replace(" or ", "、").replace(", ", "、")
        return f"值 {given} 无效（可用：{expected}）"
    if kind == "string_pattern_mismatch":
        return f"值 {given} 格式不对（应匹配 {err['ctx']['pattern']}）"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind in _TYPES:
        return f"值 {given} 类型不对（应为{_TYPES[kind]}）"
    if kind in ("too_short", "string_too_short"):
        return "不能为空"
    if kind in ("greater_than_equal", "greater_than"):
        return f"值 {given} 太小"
    return err["msg"]


def _field(err: dict) -> str:
    loc = [str(x) for x in err["loc"] if x != "[key]"]
    if loc and loc[0] in KINDS:  # the discriminated union puts the kind first
        loc = loc[1:]
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return "extends"
    return ".".join(loc) if loc else "（整条规则）"


def validate_rules(data: Any, source: str) -> list[dict]:
    """The rule specs of one YAML file's content, each validated against the model of its
    `extends` kind; a UsageError names the file, the rule and the field of every mistake."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise UsageError(f"{source}：规则文件应为规则的列表（每条以“- code: ...”开始）")
    problems, specs, seen = [], [], set()
    for i, spec in enumerate(data, 1):
        code = spec.get("code") if isinstance(spec, dict) else None
        label = f"第 {i} 条规则" + (f" {code}" if isinstance(code, str) else "")
        if not isinstance(spec, dict):
            problems.append(f"{label}：应为“字段: 值”的表")
            continue
        try:
            _ADAPTER.validate_python(spec)
        except ValidationError as exc:
            problems += [f"{label} 的字段 {_field(e)}：{_reason(e)}" for e in exc.errors()]
            continue
        if code in seen:
            problems.append(f"{label}：规则代码重复")
        seen.add(code)
        specs.append(spec)
    if problems:
        raise UsageError(f"{source}：规则定义有误：\n  " + "\n  ".join(problems))
    return specs


def validate_rule_file(path: Path) -> list[dict]:
    """Read and validate one rules/checks/*.yaml file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}：无法读取规则文件（{exc}）") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}：规则文件不是有效的 YAML（{exc}）") from None
    return validate_rules(data, str(path))

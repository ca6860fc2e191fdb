"""The generator's input: the facts of a report as structured data (pydantic v2).

Labels ("一、", "（一）", "1.") are numbered by the generator, never typed by the user.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator

# Characters that cannot be typed into a Word document as text: C0 controls other than
# tab and line breaks (docxtpl would turn "\a" into a paragraph and "\f" into a page
# break, XML drops the rest), DEL, lone surrogates, U+FFFE/U+FFFF.
_UNTYPABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def plain_text(v):
    """Refuse text that would not come out as typed (checked before stripping)."""
    if isinstance(v, str):
        m = _UNTYPABLE.search(v)
        if m:
            raise ValueError(f"含有控制字符或无效字符 U+{ord(m.group()):04X}（第 {m.start() + 1} 个字符），无法写入文档，请删除")
    return v


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), BeforeValidator(plain_text)]

_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))")


def official_name(reporter: str, kind: str) -> str:
    """The name a report is issued under: a government reports as "××人民政府"."""
    if kind == "government" and not reporter.endswith(("政府", "办事处")):
        return reporter + "人民政府"
    return reporter


def default_title(official: str, year: int) -> str:
    return f"{official}关于{year}年度法治政府建设情况的报告"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _no_label(v: str | None) -> str | None:
    if v is not None and _LABEL.match(v):
        raise ValueError("不要手工输入编号（“一、”“（一）”“1.”由生成器自动编号）")
    return v


class Item(_Model):
    """One numbered item: "1.heading。text" (heading optional)."""
    heading: Text | None = Field(None, description="小标题（可选），如“深化放管服改革”")
    text: Text = Field(..., description="正文；换行另起一段")

    _check = field_validator("heading")(classmethod(lambda cls, v: _no_label(v)))


class Section(_Model):
    """A level-2 section "（一）heading" with its items or paragraphs."""
    heading: Text = Field(..., description="二级标题，如“依法全面履行政府职能”")
    items: list[Union[Item, Text]] = Field(default_factory=list, description="条目（带小标题的编号为 1. 2. …）或段落")

    _check = field_validator("heading")(classmethod(lambda cls, v: _no_label(v)))


Content = list[Union[Section, Text]]


class Shortcoming(_Model):
    heading: Text = Field(..., description="不足的概括，如“基层执法规范化水平不高”")
    text: Text | None = Field(None, description="具体表现")
    causes: Text | None = Field(None, description="原因分析（规定要求写明原因；没有时 fzbg check 报告 OUT004）")

    _check = field_validator("heading")(classmethod(lambda cls, v: _no_label(v)))


class PlanItem(_Model):
    heading: Text = Field(..., description="安排的概括，如“提升基层执法规范化水平”")
    text: Text = Field(..., description="具体措施：做什么、做到什么程度")
    answers: Text | None = Field(None, description="回应的不足（填写该不足的 heading）")

    _check = field_validator("heading")(classmethod(lambda cls, v: _no_label(v)))


class ReportInput(_Model):
    """法治政府建设年度报告的内容。"""
    reporter: Text = Field(..., description="报告单位，如“青溪县”“青溪县司法局”")
    reporter_kind: Literal["government", "department"] = Field("government", description="government（政府）或 department（部门）")
    report_year: int = Field(..., ge=2000, le=2100, description="报告年度 N")
    title: Text | None = Field(None, description="标题；默认“{单位}关于{N}年度法治政府建设情况的报告”")
    addressees: list[Text] = Field(default_factory=list, description="主送机关，如[“中共云州市委”, “云州市人民政府”]")
    preamble: Text = Field(..., description="开头段落；换行另起一段")
    duty: Content = Field(..., min_length=1, description="党政主要负责人履行推进法治建设第一责任人职责情况")
    measures: Content = Field(..., min_length=1, description="主要举措和成效")
    problems: list[Shortcoming] = Field(..., min_length=1, description="存在的不足和原因")
    plans: list[PlanItem] = Field(..., min_length=1, description="下一年度主要安排")
    other: Text = Field("无。", description="其他需要报告的情况；没有时写“无。”")
    signature: Text | None = Field(None, description="发文机关署名；默认报告单位（政府为“××人民政府”）")
    date: dt.date = Field(..., description="成文日期，如 2024-03-10")
    order: Literal["regulation", "duty_first"] = Field(
        "duty_first", description="部分顺序：regulation（规定顺序：举措、不足、第一责任人、安排、其他）或 duty_first（第一责任人职责在前）")
    notes: list[Text] = Field(default_factory=list, description="备注（不写入报告）：fzbg extract 无法归入各字段的内容")

    @model_validator(mode="after")
    def _answers_exist(self):
        names = {p.heading for p in self.problems}
        for i, plan in enumerate(self.plans):
            if plan.answers is not None and plan.answers not in names:
                raise ValueError(f"plans[{i}].answers：“{plan.answers}”不是 problems 中任何一项的 heading")
        return self

    @property
    def full_title(self) -> str:
        return self.title or default_title(self.official_name, self.report_year)

    @property
    def official_name(self) -> str:
        return official_name(self.reporter, self.reporter_kind)

    @property
    def signature_text(self) -> str:
        return self.signature or self.official_name


def json_schema() -> dict:
    schema = ReportInput.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "法治政府建设年度报告（fzbg generate 输入）"
    return schema


# ---------------------------------------------------------------- error messages

_MESSAGES = {
    "missing": "缺少必填项",
    "string_too_short": "不能为空",
    "too_short": "至少要有一项",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "date_type": "应为日期，如 2024-03-10",
    "date_parsing": "应为日期，如 2024-03-10",
    "date_from_datetime_parsing": "应为日期，如 2024-03-10",
    "date_from_datetime_inexact": "应为日期（不带时间），如 2024-03-10",
    "date_future": "应为日期，如 2024-03-10",
    "literal_error": "取值无效",
    "extra_forbidden": "未知字段（拼写错误？用 fzbg schema 查看可用字段）",
    "list_type": "应为列表",
    "dict_type": "应为对象（键: 值）",
    "model_type": "应为对象（键: 值）",
    "model_attributes_type": "应为对象（键: 值）",
}


_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def error_path(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("Item", "Section", "str", "constrained-str", "function-after[_no_label(), constrained-str]"):
            continue  # union branch names
        elif str(part).startswith(("function-", "constrained-")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "（顶层）"


def _is_branch(part) -> bool:
    return isinstance(part, str) and (part in ("Item", "Section", "str") or part.startswith(("function-", "constrained-")))


def friendly_errors(exc) -> list[tuple[tuple, str]]:
    """(location, Chinese message) for each pydantic error. A union (section or text)
    fails in every branch; only the branch that fits the input is reported: the deepest
    error wins, and at one location the error that matches the input's type."""
    errors = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_branch(p))
        errors.append((loc, err))
    locs = {loc for loc, _ in errors}
    kept: dict[tuple, dict] = {}
    for loc, err in errors:
        if any(other != loc and other[:len(loc)] == loc for other in locs):
            continue  # a deeper error explains this one
        prev = kept.get(loc)
        if prev is None or _fits(err) > _fits(prev):
            kept[loc] = err
    out = []
    for loc, err in kept.items():
        kind = err["type"]
        if kind == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif kind.startswith("date_") and isinstance(err.get("input"), str) and _DATE_SHAPE.match(err["input"]):
            msg = f"日期“{err['input']}”不存在，应为有效日期，如 2024-03-10"
        elif kind == "literal_error":
            msg = "只能是 " + str(err.get("ctx", {}).get("expected", ""))
        else:
            msg = _MESSAGES.get(kind, err["msg"])
        out.append((loc, msg))
    return out


def _fits(err) -> int:
    """How well an error's branch fits its input: a text error for a text input, a field
    error for a mapping input."""
    value = err.get("input")
    kind = err["type"]
    if isinstance(value, str):
        return 2 if kind.startswith("string_") or kind == "value_error" else 0
    if isinstance(value, dict):
        return 0 if kind in ("string_type", "model_type", "dict_type") else 2
    return 1

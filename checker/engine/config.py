"""Configuration: which rules run, at which severity, for which report year.

`ConfigFile` (pydantic) is the table a user writes (.fzbg.toml top level, or [tool.fzbg]
in pyproject.toml / a --config file), with the user's spelling of the keys; `Config` is
what the engine runs with. Every mistake becomes a UsageError whose Chinese message names
the file (or the option) and the key.

pydantic is imported only when something needs validating that a plain check cannot
vouch for: a configuration file, or an option value outside what `_plainly_valid`
accepts (that one is then validated by the pydantic model `_ConfigModel`, so the message
is the same). `fzbg check` with no configuration file never imports it (cold start).
"""
from __future__ import annotations

import re
from pathlib import Path
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

from ..errors import UsageError

# Report years the checker accepts (--year, `year` in a configuration file). Annual
# reports on building law-based government exist since the 2004 Outline (全面推进依法
# 行政实施纲要); 2000..2100 covers every report there is or will be for decades, and keeps
# the year arithmetic of the rules (N-1, N+1, 31 December of N+1) far inside what
# datetime can represent (1..9999), so a typo such as 20233 is an error, not a crash.
YEAR_MIN, YEAR_MAX = 2000, 2100
# A configuration file is a few lines; anything larger is not one (and is not read).
CONFIG_MAX_BYTES = 1 << 20

Level = Literal["info", "warning", "error", "off"]
Severity = Literal["info", "warning", "error"]
LEVELS = ("info", "warning", "error", "off")

_CODES_HELP = "应为规则代码或规则族，或它们的列表，如 [\"OUT\", \"YEAR001\"]"
_HELP = {
    "select": _CODES_HELP,
    "ignore": _CODES_HELP,
    "extend-ignore": _CODES_HELP,
    "severity": "应为“代码 = 级别”的表，级别为 error、warning、info 或 off",
    "profile": "应为配置方案名称，如 government 或 department",
    "year": f"应为 {YEAR_MIN}—{YEAR_MAX} 之间的整数年份",
    "report-year": f"应为 {YEAR_MIN}—{YEAR_MAX} 之间的整数年份",
    "fail-on": "只能是 error、warning 或 info",
    "per-file-ignores": "应为“文件模式 = [代码]”的表",
    "format-from": "应为格式模板（.docx）的路径，相对于配置文件所在文件夹",
}
# Config field -> the command-line option that sets it (for messages about options)
_OPTIONS = {"year": "--year", "fail_on": "--fail-on", "profile": "--profile",
            "select": "--select", "ignore": "--ignore"}


def parse_codes(value, where: str) -> list[str]:
    """Rule codes from a string or a list of strings, each possibly "OUT,YEAR001"."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}：规则代码应为字符串列表")
    return [c.upper() for v in value for c in re.split(r"[,，\s]+", v) if c]


@dataclass
class Config:
    """The configuration the engine runs with (codes already split and upper-cased)."""

    select: list[str] | None = None  # codes or family prefixes; None = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Level] = field(default_factory=dict)
    profile: str | None = None
    year: int | None = None  # YEAR_MIN..YEAR_MAX
    fail_on: Severity = "error"
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    format_from: str | None = None  # a reference template whose format the FMT rules enforce
    source: str | None = None  # the file the configuration came from

    def model_dump(self) -> dict:
        """The fields as a dict (deep copies of the lists and tables)."""
        return asdict(self)

    def merged(self, **overrides) -> "Config":
        """A copy with the overrides that are not None (command-line options win)."""
        data = self.model_dump()
        data.update({k: v for k, v in overrides.items() if v is not None})
        return validated_config(data)


def _strs(value) -> bool:
    return type(value) is list and all(type(x) is str for x in value)


def _plainly_valid(data: dict) -> bool:
    """True when data is a Config exactly as _ConfigModel would return it (no coercion,
    no error): the common case, checked without pydantic."""
    year = data.get("year")
    return (set(data) <= _CONFIG_FIELDS
            and (data.get("select") is None or _strs(data["select"]))
            and _strs(data.get("ignore", []))
            and type(data.get("severity", {})) is dict
            and all(type(k) is str and type(v) is str and v in LEVELS for k, v in data.get("severity", {}).items())
            and (data.get("profile") is None or type(data["profile"]) is str)
            and (year is None or (type(year) is int and YEAR_MIN <= year <= YEAR_MAX))
            and data.get("fail_on", "error") in SEVERITY_VALUES and type(data.get("fail_on", "error")) is str
            and type(data.get("per_file_ignores", {})) is dict
            and all(type(k) is str and _strs(v) for k, v in data.get("per_file_ignores", {}).items())
            and (data.get("format_from") is None or type(data["format_from"]) is str)
            and (data.get("source") is None or type(data["source"]) is str))


SEVERITY_VALUES = ("info", "warning", "error")
_CONFIG_FIELDS = {"select", "ignore", "severity", "profile", "year", "fail_on", "per_file_ignores", "format_from",
                  "source"}


def validated_config(data: dict) -> Config:
    """A Config from a dict of its fields; an invalid value raises the UsageError naming
    the option (validated by pydantic only when the plain check cannot vouch for it)."""
    if _plainly_valid(data):
        return Config(**data)
    from pydantic import ValidationError

    try:
        return Config(**_models()["Config"].model_validate(data).model_dump())
    except ValidationError as exc:
        raise UsageError(_explain(exc, None)) from None


@lru_cache(maxsize=None)
def _models() -> dict:
    """The pydantic models (built on first use): `Config` validates option overrides,
    `ConfigFile` a configuration table as users write it."""
    from typing import Annotated, Union

    from pydantic import BaseModel, ConfigDict, Field, field_validator

    Year = Annotated[int, Field(strict=True, ge=YEAR_MIN, le=YEAR_MAX)]
    Codes = Union[str, list[str]]

    class _ConfigModel(BaseModel):
        model_config = ConfigDict(extra="forbid")

        select: list[str] | None = None
        ignore: list[str] = []
        severity: dict[str, Level] = {}
        profile: str | None = None
        year: Year | None = None
        fail_on: Severity = "error"
        per_file_ignores: dict[str, list[str]] = {}
        format_from: str | None = None
        source: str | None = None

    class ConfigFile(BaseModel):
        """A configuration table as users write it (validated, then turned into a Config)."""

        model_config = ConfigDict(extra="forbid", populate_by_name=True)

        select: Codes | None = None
        ignore: Codes | None = None
        extend_ignore: Codes | None = Field(None, alias="extend-ignore")
        severity: dict[str, Level] = {}
        profile: str | None = None
        year: Year | None = None
        report_year: Year | None = Field(None, alias="report-year")
        fail_on: Severity | None = Field(None, alias="fail-on")
        per_file_ignores: dict[str, Codes] = Field({}, alias="per-file-ignores")
        format_from: str | None = Field(None, alias="format-from")

        @field_validator("severity", "per_file_ignores", mode="before")
        @classmethod
        def _none_is_empty(cls, value: Any) -> Any:
            return {} if value is None else value

        def to_config(self, source: str) -> Config:
            cfg = Config(source=source)
            if self.select is not None:
                cfg.select = parse_codes(self.select, source)
            cfg.ignore = parse_codes(self.ignore, source) + parse_codes(self.extend_ignore, source)
            cfg.severity = {code.upper(): level for code, level in self.severity.items()}
            cfg.profile = self.profile
            cfg.year = self.year if self.year is not None else self.report_year
            if self.fail_on is not None:
                cfg.fail_on = self.fail_on
            cfg.per_file_ignores = {k: parse_codes(v, source) for k, v in self.per_file_ignores.items()}
            cfg.format_from = self.format_from
            return cfg

    return {"Config": _ConfigModel, "ConfigFile": ConfigFile}


def __getattr__(name: str):
    if name == "ConfigFile":  # the pydantic model, built when first asked for
        return _models()["ConfigFile"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _explain(exc, source: str | None) -> str:
    """A pydantic error as a Chinese message naming the file (or option) and the key."""
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err["loc"] if not isinstance(x, int)]
        key = loc[0] if loc else ""
        if source is None:  # a command-line override of a Config field
            option = _OPTIONS.get(key, key)
            parts.append(f"{option} 的值 {_shown(err.get('input'))} 无效（{_HELP.get(option.lstrip('-'), '')}）")
        elif err["type"] == "extra_forbidden":
            known = ", ".join(sorted(_HELP))
            parts.append(f"{source}：未知的配置项 {key}（可用：{known}）")
        else:
            where = key + "".join(f" 中的 {x}" for x in loc[1:2] if x not in ("str", "list[str]"))
            parts.append(f"{source}：配置项 {where} 的值 {_shown(err.get('input'))} 无效（{_HELP.get(key, '')}）")
    return "；".join(dict.fromkeys(parts))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def config_from_mapping(data: Any, source: str) -> Config:
    """Validate a configuration table (from a file named `source`) into a Config."""
    if not isinstance(data, dict):
        raise UsageError(f"{source}：[tool.fzbg] 应为一个表")
    from pydantic import ValidationError

    try:
        return _models()["ConfigFile"].model_validate(data).to_config(source)
    except ValidationError as exc:
        raise UsageError(_explain(exc, source)) from None


def read_config_text(path: Path) -> str:
    """The text of a configuration file: a regular file of at most CONFIG_MAX_BYTES, UTF-8.
    Opened non-blocking, so a FIFO or device given as --config is refused, not waited on."""
    from ..fsio import NotRegular, TooLarge, read_regular

    try:
        raw = read_regular(path, CONFIG_MAX_BYTES)
    except NotRegular:
        raise UsageError(f"{path}：配置文件应为普通文件（不能是文件夹、管道或设备）") from None
    except TooLarge:
        raise UsageError(f"{path}：配置文件过大（上限 {CONFIG_MAX_BYTES // 1024} KB），不像是 fzbg 的配置") from None
    except OSError as exc:
        raise UsageError(f"{path}：无法读取配置文件（{exc.strerror or exc}）") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}：配置文件不是 UTF-8 编码的 TOML（{exc}）") from None


def load_config_file(path: Path) -> Config | None:
    """A .fzbg.toml (top-level keys, or [tool.fzbg]) or a pyproject.toml ([tool.fzbg];
    None when it has no such table)."""
    import tomllib  # only when there is a configuration file (cold start)

    text = read_config_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}：配置文件不是有效的 TOML（{exc}）") from None
    except RecursionError:
        raise UsageError(f"{path}：配置文件嵌套过深，不是有效的 fzbg 配置") from None
    tool = data.get("tool")
    if isinstance(tool, dict) and "fzbg" in tool:
        data = tool["fzbg"]
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


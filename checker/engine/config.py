"""Configuration: which rules run, at which severity, for which report year.

Two pydantic models. `ConfigFile` is the table a user writes (.fzbg.toml top level, or
[tool.fzbg] in pyproject.toml / a --config file), with the user's spelling of the keys;
`Config` is what the engine runs with. Every mistake becomes a UsageError whose Chinese
message names the file (or the option) and the key.
"""
from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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
Year = Annotated[int, Field(strict=True, ge=YEAR_MIN, le=YEAR_MAX)]
Codes = Union[str, list[str]]

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


class Config(BaseModel):
    """The configuration the engine runs with (codes already split and upper-cased)."""

    model_config = ConfigDict(extra="forbid")

    select: list[str] | None = None  # codes or family prefixes; None = all
    ignore: list[str] = []
    severity: dict[str, Level] = {}
    profile: str | None = None
    year: Year | None = None
    fail_on: Severity = "error"
    per_file_ignores: dict[str, list[str]] = {}
    format_from: str | None = None  # a reference template whose format the FMT rules enforce
    source: str | None = None  # the file the configuration came from

    def merged(self, **overrides) -> "Config":
        """A copy with the overrides that are not None (command-line options win)."""
        data = self.model_dump()
        data.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return Config.model_validate(data)
        except ValidationError as exc:
            raise UsageError(_explain(exc, None)) from None


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


def _explain(exc: ValidationError, source: str | None) -> str:
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
    try:
        return ConfigFile.model_validate(data).to_config(source)
    except ValidationError as exc:
        raise UsageError(_explain(exc, source)) from None


def read_config_text(path: Path) -> str:
    """The text of a configuration file: a regular file of at most CONFIG_MAX_BYTES, UTF-8.
    Opened non-blocking, so a FIFO or device given as --config is refused, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UsageError(f"{path}：无法读取配置文件（{exc.strerror or exc}）") from None
    info = os.fstat(fd)  # before fdopen, which raises IsADirectoryError on a folder
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UsageError(f"{path}：配置文件应为普通文件（不能是文件夹、管道或设备）")
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(CONFIG_MAX_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{path}：无法读取配置文件（{exc.strerror or exc}）") from None
    if len(raw) > CONFIG_MAX_BYTES:
        raise UsageError(f"{path}：配置文件过大（上限 {CONFIG_MAX_BYTES // 1024} KB），不像是 fzbg 的配置")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}：配置文件不是 UTF-8 编码的 TOML（{exc}）") from None


def load_config_file(path: Path) -> Config | None:
    """A .fzbg.toml (top-level keys, or [tool.fzbg]) or a pyproject.toml ([tool.fzbg];
    None when it has no such table)."""
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


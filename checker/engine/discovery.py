"""Finding the rules: every module of the rule package (Python rules register themselves
with @register when imported) and every YAML file in rules/checks/ (validated first).

The rule modules import checker.engine.base (directly or through checker.engine); this
module imports them by name at the first call of `rules()`, never at import time, so
no module that a rule imports imports the rules back.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Iterable

from ..data import rules_dir
from ..errors import UsageError
from .base import REGISTRY, Rule, add_rule, code_key
from .yamlrules import validate_rule_file

RULE_PACKAGE = "checker.checks"  # every module in it is imported
DATA_RULES = "checker.engine.kinds"  # load_data_rules() builds the YAML rules
_LOADED: list[bool] = []


def rule_files() -> list[Path]:
    """The YAML rule files, rules/checks/*.yaml."""
    return sorted((rules_dir() / "checks").glob("*.yaml"))


def _import_rule_modules() -> None:
    package = importlib.import_module(RULE_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__, RULE_PACKAGE + "."):
        importlib.import_module(info.name)


def rules() -> dict[str, Rule]:
    """Every rule, by code (Python rules and data rules) in family order, loaded once.
    Raises UsageError (file, rule, field) when a YAML rule is invalid."""
    if not _LOADED:
        _import_rule_modules()
        for path in rule_files():
            for spec in validate_rule_file(path):
                if spec["code"] in REGISTRY:
                    raise UsageError(f"{path}：规则 {spec['code']} 的代码与已有规则重复")
        for rule in importlib.import_module(DATA_RULES).load_data_rules():
            add_rule(rule)
        _LOADED.append(True)
    return dict(sorted(REGISTRY.items(), key=lambda kv: code_key(kv[0])))


def validate_codes(codes: Iterable[str]) -> None:
    """Refuse a code that is neither a rule, a family nor ALL (--select, --ignore, config)."""
    known = rules()
    families = {r.family for r in known.values()}
    for c in codes:
        if c not in known and c not in families and c != "ALL":
            raise UsageError(f"未知的规则代码：{c}（用 fzbg rules 查看全部规则）")

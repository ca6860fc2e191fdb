"""Finding the rules: every module of the rule package (Python rules register themselves
with @register when imported) and every YAML file in rules/checks/ (validated first).

Validating a YAML file needs pydantic (checker/engine/yamlrules.py), which costs more
than the rest of a cold `fzbg check`. A file that passed is marked in the fzbg cache
folder (when that exists: see checker/cache.py) by the SHA-256 of its content, of
rules/parts.yaml and of yamlrules.py; a file whose mark is there is not validated again.
A changed file, a changed validator, or no cache: validated as before, same messages.

The rule modules import checker.engine.base (directly or through checker.engine); this
module imports them by name at the first call of `rules()`, never at import time, so
no module that a rule imports imports the rules back.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
from pathlib import Path
from typing import Iterable

from ..cache import existing_cache_dir
from ..data import rules_dir, yaml_data
from ..errors import UsageError
from .base import REGISTRY, Rule, add_rule, code_key
from .prefilter import save_cache, warm_re_cache

RULE_PACKAGE = "checker.checks"  # every module in it is imported
DATA_RULES = "checker.engine.kinds"  # load_data_rules() builds the YAML rules
_LOADED: list[bool] = []
_ORDER: list[str] = []  # the codes of REGISTRY in family order (sorted again when they change)


def rule_files() -> list[Path]:
    """The YAML rule files, rules/checks/*.yaml."""
    return sorted((rules_dir() / "checks").glob("*.yaml"))


def _import_rule_modules() -> None:
    package = importlib.import_module(RULE_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__, RULE_PACKAGE + "."):
        importlib.import_module(info.name)


def _mark(raw: bytes) -> str | None:
    """Where the mark of a valid rule file with this content is (None: no cache)."""
    folder = existing_cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(b"fzbg-yaml-rules-1")
    try:
        for dependency in (Path(__file__).with_name("yamlrules.py"), rules_dir() / "parts.yaml"):
            digest.update(dependency.read_bytes())
    except OSError:
        return None
    digest.update(raw)
    return os.path.join(folder, f"rules-ok-{digest.hexdigest()[:32]}")


def rule_specs(path: Path) -> list[dict]:
    """The rules of one YAML file, validated (pydantic) unless marked valid already."""
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    mark = _mark(raw) if raw is not None else None
    if mark is not None and os.path.exists(mark):
        try:
            return yaml_data(raw) or []
        except Exception:  # unreadable after all (cannot be, it was validated): validate
            pass
    from .yamlrules import validate_rule_file

    specs = validate_rule_file(path)
    if mark is not None:
        try:
            open(mark, "xb").close()
        except OSError:
            pass  # another run marked it, or the folder is read-only: validated next time
    return specs


def rules() -> dict[str, Rule]:
    """Every rule, by code (Python rules and data rules) in family order, loaded once.
    Raises UsageError (file, rule, field) when a YAML rule is invalid."""
    if not _LOADED:
        warm_re_cache()  # the rule modules' compiled patterns, kept by save_cache
        _import_rule_modules()
        for path in rule_files():
            for spec in rule_specs(path):
                if spec["code"] in REGISTRY:
                    raise UsageError(f"{path}：规则 {spec['code']} 的代码与已有规则重复")
        for rule in importlib.import_module(DATA_RULES).load_data_rules():
            add_rule(rule)
        save_cache()  # the data rules' compiled patterns, for the next cold start
        _LOADED.append(True)
    if len(_ORDER) != len(REGISTRY) or not REGISTRY.keys() == set(_ORDER):
        _ORDER[:] = sorted(REGISTRY, key=code_key)
    return {code: REGISTRY[code] for code in _ORDER}


def validate_codes(codes: Iterable[str]) -> None:
    """Refuse a code that is neither a rule, a family nor ALL (--select, --ignore, config)."""
    known = rules()
    families = {r.family for r in known.values()}
    for c in codes:
        if c not in known and c not in families and c != "ALL":
            raise UsageError(f"未知的规则代码：{c}（用 fzbg rules 查看全部规则）")

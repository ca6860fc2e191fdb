"""Rule engine: rules, findings, configuration, running the rules.

A rule is a small object with a stable code (family prefix + number), a name, a
default severity, a Chinese message, a fix hint and its documentation. Python rules
subclass Rule in checker/checks/ and are registered with @register; data rules are
YAML files in rules/checks/ of four kinds (existence, substitution, occurrence,
conditional), validated when loaded and each kind implemented once in
checker/engine/kinds.py.

Layout (each module imports only those above it):

    base.py       Rule, Finding, Location, severities, families, registry (rules import this)
    config.py     Config, ConfigFile (pydantic, built on first use), reading .fzbg.toml and pyproject.toml
    yamlrules.py  pydantic models of the YAML rules, one per `extends` kind (imported only
                  when a rule file is not known to be valid, see discovery.py)
    discovery.py  rules(): imports the rule modules and loads the YAML rules on first use
    run.py        Context, Report, check_document()

Everything other code imports is re-exported here: `from checker.engine import Rule`.
"""
from .base import (FAMILIES, REGISTRY, SEVERITIES, SEVERITY_NAMES, SEVERITY_RANK, Finding,
                   Location, Rule, add_rule, code_key, register)
from .config import (YEAR_MAX, YEAR_MIN, Config, config_from_mapping, find_config, load_config_file,
                     parse_codes)
from .discovery import rules, validate_codes
from .run import (Context, Previous, Report, check_document, choose_profile, load_format_profile,
                  profiles, selected_rules)

__all__ = [
    "FAMILIES", "REGISTRY", "SEVERITIES", "SEVERITY_NAMES", "SEVERITY_RANK", "Finding", "Location",
    "Rule", "add_rule", "code_key", "register", "YEAR_MAX", "YEAR_MIN", "Config", "ConfigFile",
    "config_from_mapping", "find_config", "load_config_file", "parse_codes", "rules",
    "validate_codes", "Context", "Previous", "Report", "check_document", "choose_profile",
    "load_format_profile", "profiles",
    "selected_rules",
]


def __getattr__(name: str):
    if name == "ConfigFile":  # a pydantic model: imported only when asked for (cold start)
        from .config import _models

        return _models()["ConfigFile"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

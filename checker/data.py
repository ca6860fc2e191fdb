"""Access to the declarative data in rules/ and the templates in templates/.

In a source checkout (and an editable install) they are the top-level folders of the
repository; in a wheel they are shipped as checker.rules_data / checker.templates_data.
"""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

# libyaml's loader when PyYAML was built with it: the same safe subset, several times faster
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_REPO = Path(__file__).resolve().parent.parent


def _folder(name: str, package: str) -> Path:
    local = _REPO / name
    if local.is_dir() and (local / ("profiles.yaml" if name == "rules" else "example.yaml")).exists():
        return local  # a source checkout or an editable install
    return Path(__file__).resolve().parent / package.rsplit(".", 1)[1]  # inside the wheel


def rules_dir() -> Path:
    return _folder("rules", "checker.rules_data")


def templates_dir() -> Path:
    return _folder("templates", "checker.templates_data")


@functools.cache
def load_yaml(name: str):
    """Load rules/<name> (cached). Rule data is trusted repository content, read with safe_load."""
    with open(rules_dir() / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SafeLoader)

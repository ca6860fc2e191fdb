"""Access to the declarative data in rules/ and the templates in templates/.

In a source checkout (and an editable install) they are the top-level folders of the
repository; in a wheel they are shipped as checker.rules_data / checker.templates_data.
"""
from __future__ import annotations

import functools
import marshal
import os
import sys
from pathlib import Path

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


def __getattr__(name: str):
    if name == "SafeLoader":  # libyaml's loader when PyYAML was built with it: the same
        import yaml           # safe subset, several times faster

        return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def load_yaml(name: str):
    """Load rules/<name> (cached). Rule data is trusted repository content, read with safe_load."""
    return yaml_data((rules_dir() / name).read_bytes())


def yaml_data(raw: bytes):
    """The data of a YAML document (UTF-8, the safe subset). Importing PyYAML costs about
    10 ms of a cold `fzbg check` (its modules compile large regular expressions), so the
    data is also kept in marshal form in the fzbg cache folder (when that exists, see
    checker/cache.py) by the SHA-256 of the text and the Python version, and read from
    there. YAML dates are kept as ("date", "YYYY-MM-DD") (safe_load never makes tuples);
    data kept any other way would not read back equal (checked) is not kept."""
    from .cache import existing_cache_dir

    folder = existing_cache_dir()
    kept = None
    if folder is not None:
        import hashlib

        key = hashlib.sha256(b"fzbg-yaml-1\0" + sys.version.encode() + b"\0" + raw).hexdigest()[:32]
        kept = os.path.join(folder, f"yaml-{key}.marshal")
        try:
            with open(kept, "rb") as fh:
                dated, data = marshal.load(fh)
            if type(dated) is bool:
                return _undate(data) if dated else data
        except (OSError, EOFError, ValueError, TypeError):
            pass
    import yaml

    data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if kept is not None:
        try:
            plain = _date(data)
            blob = marshal.dumps((plain is not data, plain))
            if _undate(marshal.loads(blob)[1]) == data:
                import tempfile

                fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, kept)  # atomic: a concurrent run reads all of it or nothing
        except (ValueError, OSError):
            pass
    return data


def _date(data):
    """data with every date as ("date", iso) (data itself when it has none)."""
    import datetime

    if type(data) is datetime.date:
        return ("date", data.isoformat())
    if type(data) is list:
        out = [_date(x) for x in data]
        return data if all(a is b for a, b in zip(out, data)) else out
    if type(data) is dict:
        out = {k: _date(v) for k, v in data.items()}
        return data if all(out[k] is v for k, v in data.items()) else out
    return data


def _undate(data):
    if type(data) is tuple and len(data) == 2 and data[0] == "date":
        import datetime

        return datetime.date.fromisoformat(data[1])
    if type(data) is list:
        return [_undate(x) for x in data]
    if type(data) is dict:
        return {k: _undate(v) for k, v in data.items()}
    return data

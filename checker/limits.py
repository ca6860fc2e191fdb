"""Reading limits: how much a draft may cost before it is refused.

Every draft may come from a stranger (uploads, mail attachments, unpacked archives), so
each limit is checked before the work it bounds: the input size before the file is read,
the member count before zipfile parses the central directory, a part's declared size and
compression ratio before it is inflated. Each limit can be changed with an environment
variable (a positive number; a bad value is a usage error):

| variable | default | what |
|---|---|---|
| FZBG_MAX_INPUT_MB | 50 | size of the input file |
| FZBG_MAX_UNZIPPED_MB | 256 | total uncompressed size of a .docx package |
| FZBG_MAX_PART_MB | 64 | uncompressed size of one part that is read |
| FZBG_MAX_RATIO | 200 | uncompressed/compressed ratio of a part over 1 MiB |
| FZBG_MAX_MEMBERS | 5000 | number of members of a .docx package |

XML nesting is bounded by the parser (libxml2: 256 levels without huge_tree) and not
configurable.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import UsageError

MB = 1024 * 1024
MAX_XML_DEPTH = 256  # libxml2's limit without XML_PARSE_HUGE (lxml huge_tree=False)


@dataclass(frozen=True)
class Limits:
    max_input: int = 50 * MB
    max_unzipped: int = 256 * MB
    max_part: int = 64 * MB
    max_ratio: int = 200
    max_members: int = 5000


_ENV = {
    "FZBG_MAX_INPUT_MB": ("max_input", MB),
    "FZBG_MAX_UNZIPPED_MB": ("max_unzipped", MB),
    "FZBG_MAX_PART_MB": ("max_part", MB),
    "FZBG_MAX_RATIO": ("max_ratio", 1),
    "FZBG_MAX_MEMBERS": ("max_members", 1),
}


def limits() -> Limits:
    """The limits in force: defaults, overridden by the FZBG_MAX_* environment variables."""
    values = {}
    for var, (field_name, unit) in _ENV.items():
        raw = os.environ.get(var)
        if raw is None or not raw.strip():
            continue
        try:
            number = float(raw)
        except ValueError:
            number = -1.0
        if not 0 < number < 1e9:
            raise UsageError(f"环境变量 {var} 应为正数，不能是“{raw}”")
        values[field_name] = max(1, int(number * unit))
    return Limits(**values)


def mb(n: int) -> str:
    """A byte count as users read it: "50 MB", "0.5 MB"."""
    return f"{n / MB:g} MB"

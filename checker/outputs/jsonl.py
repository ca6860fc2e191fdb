"""JSON written as results arrive: `--format jsonl` (one object per file, then one
summary object) and `--format json` (the same document json.dumps(indent=2) would give,
written file by file, so nothing but the summary is kept until the end).

JSON escapes C0 control characters itself; C1 controls and bidirectional overrides,
which it would leave raw, are escaped too, so a log that shows the output is safe."""
from __future__ import annotations

import json
import re

_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def dumps(obj, indent: int | None = None) -> str:
    return _RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(obj, ensure_ascii=False, indent=indent))


class JsonLines:
    def __init__(self, write):
        self.write = write

    def file(self, entry: dict) -> None:
        self.write(dumps(entry) + "\n")

    def end(self, head: dict, summary: dict) -> None:
        self.write(dumps({**head, "summary": summary}) + "\n")


class JsonDocument:
    """{"version": ..., "files": [...], "summary": {...}} with indent=2, streamed."""

    def __init__(self, write, head: dict):
        self.write = write
        self.count = 0
        text = dumps(head, indent=2)
        # the head's keys, then the files list opened
        self.write(text[:-2] + ",\n" if head else "{\n")
        self.write('  "files": [')

    def file(self, entry: dict) -> None:
        body = "\n".join("    " + line for line in dumps(entry, indent=2).splitlines())
        self.write(("\n" if self.count == 0 else ",\n") + body)
        self.count += 1

    def end(self, summary: dict) -> None:
        self.write("\n  ]" if self.count else "]")
        summary_text = "\n".join(("  " + line) if i else line for i, line in enumerate(dumps(summary, indent=2).splitlines()))
        self.write(',\n  "summary": ' + summary_text + "\n}\n")

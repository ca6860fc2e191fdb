"""The JSON of `fzbg check`, built here only (the command line and fzbg serve's
/api/v1/check both use it): each file's entry is Report.to_dict() (or the error entry of
a file that could not be read), the summary counts those entries (Totals), and the
document is {"version", "files", "summary"} (document()). Written as results arrive:
`--format jsonl` (one object per file, then one summary object) and `--format json`
(JsonDocument: the same text json.dumps(document(...), indent=2) gives, written file by
file, so nothing but the summary is kept until the end).

JSON escapes C0 control characters itself; C1 controls and bidirectional overrides,
which it would leave raw, are escaped too, so a log that shows the output is safe."""
from __future__ import annotations

import json
import re

_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def dumps(obj, indent: int | None = None) -> str:
    return _RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(obj, ensure_ascii=False, indent=indent))


class Totals:
    """The "summary" object: files, findings by severity, files that could not be read."""

    def __init__(self):
        self.data = {"files": 0, "errors": 0, "warnings": 0, "infos": 0, "bad_inputs": 0}

    def add(self, entry: dict) -> None:
        self.data["files"] += 1
        if entry.get("status") != "ok":
            self.data["bad_inputs"] += 1
            return
        counts = entry["counts"]
        self.data["errors"] += counts["error"]
        self.data["warnings"] += counts["warning"]
        self.data["infos"] += counts["info"]


def document(head: dict, entries: list[dict]) -> dict:
    """The whole `fzbg check --format json` document as data. head: {"version": ...}."""
    totals = Totals()
    for entry in entries:
        totals.add(entry)
    return {**head, "files": list(entries), "summary": totals.data}


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
        self.totals = Totals()
        text = dumps(head, indent=2)
        # the head's keys, then the files list opened
        self.write(text[:-2] + ",\n" if head else "{\n")
        self.write('  "files": [')

    def file(self, entry: dict) -> None:
        body = "\n".join("    " + line for line in dumps(entry, indent=2).splitlines())
        self.write(("\n" if self.count == 0 else ",\n") + body)
        self.count += 1
        self.totals.add(entry)

    def end(self) -> None:
        self.write("\n  ]" if self.count else "]")
        summary = self.totals.data
        summary_text = "\n".join(("  " + line) if i else line for i, line in enumerate(dumps(summary, indent=2).splitlines()))
        self.write(',\n  "summary": ' + summary_text + "\n}\n")

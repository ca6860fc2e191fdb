"""SARIF 2.1.0 output, for code-review and CI tools that show findings inline."""
from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..engine import rules

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def to_sarif(results) -> dict:
    """results: (path, report | None, error message | None) as in fzbg check."""
    all_rules = rules()
    used = sorted({f.code for _p, r, _e in results if r for f in r.findings})
    rule_index = {code: i for i, code in enumerate(used)}
    sarif_rules = []
    for code in used:
        r = all_rules[code]
        sarif_rules.append({
            "id": code,
            "name": r.name,
            "shortDescription": {"text": r.doc.get("what", r.message)},
            "fullDescription": {"text": r.doc.get("why", "")},
            "help": {"text": f"错误示例：{r.doc.get('bad', '')}\n正确示例：{r.doc.get('good', '')}\n依据：{r.doc.get('source', '')}"},
            "defaultConfiguration": {"level": LEVEL[r.severity]},
        })
    out_results = []
    notifications = []
    for path, report, err in results:
        uri = Path(path).as_posix()
        if report is None:
            notifications.append({"level": "error", "message": {"text": err},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            continue
        for f in report.findings:
            loc = f.location
            physical = {"artifactLocation": {"uri": uri}}
            if loc.line:
                region = {"startLine": loc.line}
                if loc.start is not None:
                    region["startColumn"] = loc.start + 1
                    region["endColumn"] = (loc.end or loc.start) + 1
                if f.excerpt:
                    region["snippet"] = {"text": f.excerpt}
                physical["region"] = region
            item = {
                "ruleId": f.code,
                "ruleIndex": rule_index[f.code],
                "level": LEVEL[f.severity],
                "message": {"text": f.message + (f"（建议：{f.fix}）" if f.fix else "")},
                "locations": [{"physicalLocation": physical,
                               "logicalLocations": [{"name": loc.path}] if loc.path else []}],
                "properties": {"data": f.data, "paragraph": loc.paragraph},
            }
            out_results.append(item)
    run = {
        "tool": {"driver": {"name": "fzbg", "version": __version__,
                            "rules": sarif_rules}},
        "results": out_results,
        "columnKind": "unicodeCodePoints",
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}

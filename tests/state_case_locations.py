"""Rewrite rule cases written the old way (`fire: N`, or fire items whose `span` is only
contained in the excerpt) so that every fire item states its location, as
tests/test_rule_cases.py requires:  python tests/state_case_locations.py

Only inline `fire: [...]` / `fire: N` lines without `paragraph` are touched; check the
diff (the location written is where the rule reports today).
"""
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker  # noqa: E402
import test_rule_cases as t  # noqa: E402

def items(s):
    out, depth, q, start = [], 0, None, None
    for i, ch in enumerate(s):
        if q:
            if ch == q: q = None
            continue
        if ch in "\"'" and (i == 0 or s[i-1] in " [{,:"): q = ch; continue
        if ch == "{":
            if depth == 0: start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0: out.append((start, i + 1))
    return out

def flow(d):
    return yaml.safe_dump(d, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False).strip()

def new_item(want, f, blocks):
    where = t.located(f, blocks)
    out = {"paragraph": where["paragraph"]}
    if "span" in where:
        out["span"] = where["span"]
    elif want.get("span"):
        out["excerpt"] = want["span"]
    for k in ("data", "severity"):
        if k in want: out[k] = want[k]
    return out

for f in sorted(t.CASES.glob("*.yaml")):
    cases = yaml.safe_load(f.read_text(encoding="utf-8"))
    lines = f.read_text(encoding="utf-8").split("\n")
    ci = -1
    changed = False
    for n, line in enumerate(lines):
        if line.startswith("- rule:"): ci += 1
        m = re.match(r"^  fire: (.*)$", line)
        if not m: continue
        case = cases[ci]
        fire = case["fire"]
        if isinstance(fire, list) and all("paragraph" in w for w in fire): continue
        raw, name = t.case_input(case)
        rep = checker.check(raw, name=name, select=[case["rule"]], **case.get("options", {}))
        blocks = rep.document.blocks
        found = [x for x in rep.findings if x.code == case["rule"]]
        if isinstance(fire, int):
            assert len(found) == fire, (f, ci)
            lines[n] = "  fire: [" + ", ".join(flow(new_item({}, x, blocks)) for x in found) + "]"
        else:
            spans = items(line)
            assert len(spans) == len(fire), (f, ci, line)
            new = line
            for (a, b), want in reversed(list(zip(spans, fire))):
                if "paragraph" in want: continue
                ok = [x for x in found if want.get("span", "") in x.excerpt and t._subset(want.get("data", {}), x.data)
                      and x.severity == want.get("severity", x.severity)]
                assert ok, (f, ci, want)
                new = new[:a] + flow(new_item(want, ok[0], blocks)) + new[b:]
            lines[n] = new
        changed = True
        print(f.name, ci, case["rule"], "->", lines[n][:160])
    if changed:
        f.write_text("\n".join(lines), encoding="utf-8")

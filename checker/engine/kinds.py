"""Data rules (Vale style): YAML files in rules/checks/, four types, each implemented once.

    code: TERM001
    name: fazhi-not-fazhi
    extends: substitution        # existence | substitution | occurrence | conditional
    severity: warning
    scope: text                  # text | body | part:<kind> | headings | title | preamble
    message: "应为“{good}”，不是“{bad}”"
    fix: "改为“{good}”"
    swap: {法制政府: 法治政府}    # substitution: regex -> replacement
    tokens: [...]                # existence: regexes that must not appear
    token: ...; max: 3; min: 1   # occurrence
    first: ...; second: [...]    # conditional: if first appears in scope, one of second must
    exceptions: [...]            # regexes; a match inside an exception match is skipped
    group: paragraph             # existence: one finding per token per paragraph, at its first
                                 # match, with "（本段共 N 处）", data.count and data.matches when N > 1
    since_year: 2020             # only for reports on that year or later (unknown year: silent)
    doc: {what, why, bad, good, source}
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..data import load_yaml, rules_dir
from .base import Rule
from .prefilter import Scan, needles

def ctx_values(ctx) -> dict:
    """Values a data rule's message may use. With no report year known, placeholders
    that read as text ("××××") rather than formulas ("N+1")."""
    y = ctx.year
    date = ctx.outline.date_value
    # the year the report is submitted in: its 成文日期, else N+1
    submit = date[0] if date else (y + 1 if y else None)
    return {"year": y if y else "××××", "prev_year": y - 1 if y else "××××",
            "next_year": y + 1 if y else "××××",
            "submit_when": f"{submit}年" if submit else "报告年度的下一年",
            # why a relative word is unclear, without asserting a year nobody knows
            "when_read": f"报告在{submit}年报送和公开" if submit else "如为年度报告，读者读到时已是下一年"}


def scope_blocks(ctx, scope: str):
    ol = ctx.outline
    if scope == "text":
        return ctx.text_blocks()
    if scope == "body":
        return [b for s in ol.sections for b in s.blocks] + list(ol.preamble)
    if scope.startswith("part:"):
        return ctx.part_blocks(scope[5:])
    if scope == "headings":
        return [h.block for h in ol.headings]  # part headings included
    if scope == "title":
        return list(ol.title_blocks)
    if scope == "preamble":
        return list(ol.preamble)
    if scope == "residue":
        return list(ol.residue)
    raise ValueError(f"unknown scope {scope}")


class DataRule(Rule):
    def __init__(self, spec: dict, source: str):
        self.spec = spec
        self.source_file = source
        self.code = spec["code"]
        self.name = spec.get("name", self.code.lower())
        self.severity = spec.get("severity", "warning")
        self.message = spec["message"]
        self.fix = spec.get("fix")
        self.doc = spec.get("doc", {})
        self.kind = spec["extends"]
        self.scope = spec.get("scope", "text")
        flags = re.I if spec.get("ignorecase") else 0
        self.exceptions = [re.compile(x, flags) for x in spec.get("exceptions", [])]
        self.flags = flags
        self.token_needles = None
        self.grouped = False
        if self.kind == "existence":
            # with "group: paragraph" a paragraph's matches of one token are one finding: a
            # named group per token says which token matched (otherwise none, so that a
            # token's own backreferences keep their numbers)
            self.grouped = spec.get("group") == "paragraph"
            self.pattern = _tokens_scan(tuple(spec["tokens"]), tuple(range(len(spec["tokens"]))), flags, self.grouped)
            # what each token needs: tokens whose needles a report lacks are left out of
            # its scan (kept when any token is unknown; see _hits)
            found = [needles(t, flags) for t in spec["tokens"]] if len(spec["tokens"]) > 1 else []
            self.token_needles = found if found and all(n is not None for n in found) else None
        elif self.kind == "substitution":
            # one alternation, in the order written: "今年以来" before "今年"
            self.swaps = list(spec["swap"].items())
            self.pattern = Scan("|".join(f"(?P<s{i}>{bad})" for i, (bad, _g) in enumerate(self.swaps)), flags)
            self.certain = bool(spec.get("certain"))
            self.fixable = self.certain
        elif self.kind == "occurrence":
            self.pattern = Scan(spec["token"], flags)
        elif self.kind == "conditional":
            self.first = Scan(spec["first"], flags)
            self.second = [Scan(x, flags) for x in spec["second"]]
        else:
            raise ValueError(f"{source}: {self.code}: unknown type {self.kind}")

    def _exception_test(self, text: str):
        """A function (start, end) -> True when the span lies inside an exception match.
        The exception regexes run once per paragraph, not once per match: starts sorted,
        with the furthest end reached by any span starting at or before each start."""
        spans = sorted((m.start(), m.end()) for rx in self.exceptions for m in rx.finditer(text))
        if not spans:
            return lambda start, end: False
        starts = [a for a, _ in spans]
        reach = []
        furthest = -1
        for _, b in spans:
            furthest = max(furthest, b)
            reach.append(furthest)

        def excepted(start: int, end: int) -> bool:
            i = bisect_right(starts, start) - 1
            return i >= 0 and reach[i] >= end

        return excepted

    def _hits(self, ctx, blocks):
        """(block, match) for each match of the pattern in the blocks; none at all, without
        a scan, when the text of the scope lacks what every match needs (Scan.possible)."""
        regex = self.pattern.regex
        if self.pattern.needles is not None or self.token_needles:
            text = ctx.memo(f"scope-text:{self.scope}", lambda: "\n".join(b.text for b in blocks))
            if not self.pattern.possible(text):
                return
            if self.token_needles:
                # an alternative that cannot match anywhere in the text changes no match
                # of the alternation (the tokens have no groups to renumber)
                keep = tuple(i for i, n in enumerate(self.token_needles) if any(x in text for x in n))
                if not keep:
                    return
                if len(keep) < len(self.token_needles):
                    regex = _tokens_scan(tuple(self.spec["tokens"]), keep, self.flags, self.grouped).regex
        finditer = regex.finditer
        for b in blocks:
            for m in finditer(b.text):
                yield b, m

    def _matches(self, ctx, blocks):
        """(block, match) for each match of the pattern outside the rule's exceptions; the
        exception spans of a paragraph are computed once, and only when it has a match."""
        last, excepted = None, None
        for b, m in self._hits(ctx, blocks):
            if b is not last:
                last, excepted = b, None
            excepted = excepted or self._exception_test(b.text)
            if not excepted(m.start(), m.end()):
                yield b, m

    def _existence_hits(self, ctx, blocks):
        """(block, match, later matches): each match, or with "group: paragraph" the first
        match of each token in a paragraph with that token's later matches there."""
        if not self.grouped:
            for b, m in self._matches(ctx, blocks):
                yield b, m, []
            return
        groups: dict = {}
        for b, m in self._matches(ctx, blocks):
            groups.setdefault((b.index, m.lastgroup), (b, m, []))[2].append(m)
        for b, m, hits in groups.values():
            yield b, m, hits[1:]

    def check(self, ctx):
        since = self.spec.get("since_year")
        if since and not (ctx.year and ctx.year >= since):
            return
        blocks = scope_blocks(ctx, self.scope)
        data = dict(self.spec.get("data", {}))
        if self.kind == "existence":
            values = ctx_values(ctx)
            for b, m, more in self._existence_hits(ctx, blocks):
                fmt = dict(values, match=m.group(0))
                message = self.message.format(**fmt)
                extra = {}
                if more:  # grouped: the paragraph's other matches of the same token
                    message += f"（本段共 {len(more) + 1} 处）"
                    extra = {"count": len(more) + 1, "matches": [m.group(0)] + [x.group(0) for x in more]}
                yield self.at(ctx, b, m.start(), m.end(), message=message,
                              fix=self.fix.format(**fmt) if self.fix else None,
                              data={**data, "match": m.group(0), **extra})
        elif self.kind == "substitution":
            values = ctx_values(ctx)
            part_swap = self.spec.get("part_swap")
            for b, m in self._matches(ctx, blocks):
                i = int(m.lastgroup[1:])
                bad = m.group(0)
                good = self.swaps[i][1]
                if part_swap:
                    sec = ctx.outline.section_of(b)
                    good = part_swap.get(sec.kind if sec else "", {}).get(self.swaps[i][0], good)
                if "{year}" in good or "{prev_year}" in good or "{next_year}" in good:
                    good = good.format(**values)
                repl = m.expand(good) if "\\" in good else good
                if repl == bad:
                    continue
                fmt = dict(values, bad=bad, good=repl)
                yield self.at(ctx, b, m.start(), m.end(), message=self.message.format(**fmt),
                              fix=(self.fix or "改为“{good}”").format(**fmt),
                              data={**data, "bad": bad, "good": repl},
                              edits=[(m.start(), m.end(), repl)] if self.certain else None)
        elif self.kind == "occurrence":
            hits = list(self._hits(ctx, blocks))
            too_many = "max" in self.spec and len(hits) > self.spec["max"]
            too_few = "min" in self.spec and len(hits) < self.spec["min"] and blocks
            if too_many:
                b, m = hits[self.spec["max"]]
                yield self.at(ctx, b, m.start(), m.end(), message=self.message.format(count=len(hits)),
                              data={**data, "count": len(hits)})
            elif too_few:
                yield self.at(ctx, blocks[0], message=self.message.format(count=len(hits)),
                              data={**data, "count": len(hits)})
        elif self.kind == "conditional":
            if not blocks:
                return
            text = "\n".join(b.text for b in blocks)
            if self.first.search(text) and not any(rx.search(text) for rx in self.second):
                yield self.at(ctx, blocks[0], message=self.message, data=data)


@lru_cache(maxsize=256)
def _tokens_scan(tokens: tuple[str, ...], keep: tuple[int, ...], flags: int, named: bool = False) -> Scan:
    """The existence pattern of some of the tokens, in their order; with named, each token
    in a group named after its place in the full list (t0, t1 ...), whatever is left out."""
    wrap = "(?P<t{i}>{t})" if named else "(?:{t})"
    return Scan("|".join(wrap.format(i=i, t=tokens[i]) for i in keep), flags)


def load_data_rules() -> list[DataRule]:
    folder = rules_dir() / "checks"
    out = []
    for path in sorted(folder.glob("*.yaml")):
        for spec in load_yaml(f"checks/{path.name}") or []:
            out.append(DataRule(spec, str(path)))
    return out

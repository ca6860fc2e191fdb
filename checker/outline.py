"""Build the outline of a report from its Document.

Steps, each a small function:
1. mark web residue lines (rules/residue.yaml);
2. find headings at four levels ("一、" / "（一）" / "1." / "（1）"), typed, produced by
   Word numbering, or given by heading styles; a heading may run into its paragraph;
3. the front matter (title, addressee, preamble) and the end (signature, date);
4. the parts and their kinds (rules/parts.yaml), headed or opened by an unheaded
   paragraph; the report's facts: reporter, reporter kind, report year, plan year.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .data import load_yaml
from .model import Block, Document

KINDS = ("duty", "measures", "problems", "plans", "other")
KIND_NAMES = {
    "duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "measures": "推进法治政府建设的主要举措和成效",
    "problems": "存在的不足和原因",
    "plans": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}

_CN_NUM = "一二三四五六七八九十"
_WS = None  # str.strip(None): every Unicode space (\u3000, \xa0, \u2002 ...)

# label patterns by level; group 1 is the number
LABELS = [
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、，,．.]\s*")),
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)][\s、，,]*")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?![\d．.])\s*")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)][\s、，,]*")),
]
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_YEAR = re.compile(r"(20\d\d)\s*年")
_DATE = re.compile(r"^\s*((?:19|20)\d\d|[〇○零一二三四五六七八九]{4})\s*年\s*([0-9０-９〇○一二三四五六七八九十]{1,3})\s*月\s*([0-9０-９〇○一二三四五六七八九十]{1,3})\s*日\s*$")
_ADMIN = re.compile(r"(.{2,8}?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|县|区|旗))")
_NOT_ADMIN = {"城市", "都市", "超市", "城区", "园区", "社区", "景区", "街区", "小区", "辖区", "片区", "市区", "县区", "地区"}
_DEPT_END = re.compile(r"(局|厅|委|办|办公室|中心|院|所|署|会|处|站|队|部|委员会|管委会)$")
_SELF_GOV = re.compile(r"我(省|市|县|区|州|旗|盟)")
_SELF_DEPT = re.compile(r"我(局|委|厅|办|中心|院|署|部|队)")


def cn_to_int(s: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_NUM.index(ch) + 1 if ch in _CN_NUM else 0
    return total + current


def fold(text: str) -> str:
    """Fold full-width ASCII punctuation/digits to half-width and drop spaces."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        out.append(ch)
    return re.sub(r"\s", "", "".join(out))


@dataclass
class Heading:
    block: Block
    level: int
    label: str  # the label as it appears ("一、", "(一)", "1.")
    number: int | None  # numeric value of the label
    text: str  # heading text without the label, up to the end of its first sentence
    body_start: int  # offset in block.text where the body starts (len(text) when whole)
    source: str  # typed | numbering | style
    start: int  # offset in block.text where the label starts (after leading spaces)
    children: list["Heading"] = field(default_factory=list)
    parent: "Heading | None" = field(default=None, repr=False)

    @property
    def line(self) -> str:
        return self.label + self.text

    @property
    def run_in(self) -> bool:
        return self.body_start < len(self.block.text.rstrip())

    def path(self) -> str:
        parts = []
        node: Heading | None = self
        while node is not None:
            parts.append(_short(node.line))
            node = node.parent
        return " > ".join(reversed(parts))

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "heading": self.text,
            "level": self.level,
            "paragraph": self.block.index,
            "run_in": self.run_in,
            "body_start": self.body_start,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Section:
    kind: str
    headed: bool
    heading: Heading | None  # None for an unheaded part
    opening: Block  # the heading block or the paragraph that opens the part
    blocks: list[Block] = field(default_factory=list)  # every block of the part, opening included
    children: list[Heading] = field(default_factory=list)

    @property
    def heading_text(self) -> str:
        if self.heading is not None:
            return self.heading.line
        return _first_sentence(self.opening.text.strip(_WS))

    @property
    def paragraph(self) -> int:
        return self.opening.index

    def body(self) -> list[Block]:
        """The part's blocks after its own heading paragraph."""
        return [b for b in self.blocks if self.heading is None or b is not self.heading.block]

    def child_blocks(self, child: Heading) -> list[Block]:
        """The blocks of a direct child heading, up to the next child."""
        i = self.children.index(child)
        stop = self.children[i + 1].block.index if i + 1 < len(self.children) else None
        return [b for b in self.blocks if b.index >= child.block.index and (stop is None or b.index < stop)]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "headed": self.headed,
            "heading": self.heading_text,
            "paragraph": self.paragraph,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Outline:
    document: Document
    title: str | None = None
    title_blocks: list[Block] = field(default_factory=list)
    addressee: str | None = None
    addressee_block: Block | None = None
    issuer: str | None = None  # an issuer line above a title that does not begin with 关于
    masthead: str | None = None  # 发文机关标志 ("××县人民政府文件")
    doc_number: str | None = None  # 发文字号 ("×政〔2024〕5号")
    signer: str | None = None  # 签发人
    masthead_blocks: list[Block] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)
    signature: str | None = None
    signature_block: Block | None = None
    date: str | None = None  # as written
    date_value: tuple[int, int, int] | None = None
    date_block: Block | None = None
    sections: list[Section] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)  # every heading, document order
    residue: list[Block] = field(default_factory=list)
    reporter: str | None = None
    reporter_kind: str | None = None
    report_year: int | None = None
    report_year_source: str | None = None
    plan_year: int | None = None
    plan_year_source: str | None = None  # heading | text | default
    missing: list[str] = field(default_factory=list)
    heading_by_block: dict[int, Heading] = field(default_factory=dict, repr=False)
    _index: tuple | None = field(default=None, repr=False, compare=False)

    def heading_on(self, block: Block) -> Heading | None:
        """The heading that this paragraph is (or starts with), if any."""
        return self.heading_by_block.get(block.index)

    def sections_of(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]

    def _lookup(self):
        """(section starts, sections, section ends, heading indexes) for bisection, or
        None where a list is not in document order (then the lookups scan). Rules ask
        for every paragraph: a scan each time made 100k one-line parts quadratic."""
        key = (id(self.sections), len(self.sections), id(self.headings), len(self.headings))
        if self._index is None or self._index[0] != key:
            spans = [(s.blocks[0].index, s.blocks[-1].index, s) for s in self.sections if s.blocks]
            ordered = all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
            marks = [h.block.index for h in self.headings]
            self._index = (key, ([a for a, _b, _s in spans], [s for _a, _b, s in spans], [b for _a, b, _s in spans])
                           if ordered else None, marks if marks == sorted(marks) else None)
        return self._index[1], self._index[2]

    def section_of(self, block: Block) -> Section | None:
        sections, _marks = self._lookup()
        if sections is not None:
            starts, found, ends = sections
            k = bisect_right(starts, block.index) - 1
            return found[k] if k >= 0 and block.index <= ends[k] else None
        for s in self.sections:
            if s.blocks and s.blocks[0].index <= block.index <= s.blocks[-1].index:
                return s
        return None

    def heading_of(self, block: Block) -> Heading | None:
        """The innermost heading whose scope contains the block."""
        _sections, marks = self._lookup()
        found = None
        if marks is not None:
            k = bisect_right(marks, block.index) - 1
            found = self.headings[k] if k >= 0 else None
        else:
            for h in self.headings:
                if h.block.index <= block.index:
                    found = h
                else:
                    break
        if found is None:
            return None
        sec = self.section_of(block)
        if sec is None or (sec.blocks and found.block.index < sec.blocks[0].index):
            return None
        return found

    def path_of(self, block: Block) -> str:
        sec = self.section_of(block)
        if sec is None:
            return {"title": "标题", "title_note": "标题", "addressee": "主送机关", "preamble": "开头", "signature": "落款",
                    "date": "成文日期", "residue": "网页残留"}.get(block.role, "")
        h = self.heading_of(block)
        if h is not None:
            return h.path()
        return _short(sec.heading_text)

    def report_dict(self) -> dict:
        return {
            "reporter": self.reporter,
            "reporter_kind": self.reporter_kind,
            "report_year": self.report_year,
            "plan_year": self.plan_year,
            "title": self.title,
            "addressee": self.addressee,
            "issuer": self.issuer,
            "masthead": self.masthead,
            "doc_number": self.doc_number,
            "signer": self.signer,
            "signature": self.signature,
            "date": self.date,
        }

    def to_dict(self) -> dict:
        doc = self.document
        return {
            "path": doc.path,
            "format": doc.format,
            "converted_from": doc.converted_from,
            "encoding": doc.encoding,
            "report": self.report_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "missing": list(self.missing),
            "residue": [b.index for b in self.residue],
        }


def _short(text: str, n: int = 30) -> str:
    text = text.strip(_WS)
    return text if len(text) <= n else text[:n] + "……"


def _first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text)
    return text[: m.end()] if m else text


# ---------------------------------------------------------------- residue

@functools.cache
def _residue_patterns():
    data = load_yaml("residue.yaml")
    return data["max_length"], re.compile("|".join(f"(?:{p})" for p in data["patterns"]))


def is_residue_line(text: str) -> bool:
    max_len, pattern = _residue_patterns()
    t = text.strip(_WS)
    return len(t) <= max_len and pattern.search(t) is not None


# ---------------------------------------------------------------- headings

def detect_heading(block: Block) -> Heading | None:
    if block.in_table or block.residue:
        return None
    raw = block.text
    stripped = raw.lstrip(_WS)
    lead = len(raw) - len(stripped)
    if not stripped:
        return None
    for level, pattern in LABELS:
        m = pattern.match(stripped)
        if not m:
            continue
        number = cn_to_int(m.group(1))
        if number <= 0:
            continue
        label = stripped[: m.end()].rstrip(_WS)
        rest = stripped[m.end():]
        if not rest.strip(_WS):
            continue
        source = "numbering" if block.label and stripped.startswith(block.label.strip(_WS)) else "typed"
        return _make_heading(block, level, label, number, rest, lead + m.end(), source, lead)
    # a heading style with no label (Word "Heading 1" / 标题 1 ...)
    if block.outline_level and block.outline_level <= 4 and len(stripped) <= 80:
        return _make_heading(block, block.outline_level, "", None, stripped, lead, "style", lead)
    return None


def _make_heading(block, level, label, number, rest, rest_offset, source, start) -> Heading:
    m = _SENTENCE_END.search(rest)
    if m is None or m.end() >= len(rest.rstrip(_WS)):
        text = rest.rstrip(_WS)
        body_start = len(block.text.rstrip(_WS))
    else:
        text = rest[: m.end()]
        body_start = rest_offset + m.end()
    return Heading(block=block, level=level, label=label, number=number, text=text,
                   body_start=body_start, source=source, start=start)


# ---------------------------------------------------------------- classification

class _Patterns:
    def __init__(self):
        data = load_yaml("parts.yaml")
        self.order = data["order"]
        self.default = data["default"]
        self.headed = {k: [re.compile(p) for p in v] for k, v in data["headed"].items()}
        self.unheaded = {k: [re.compile(p) for p in v] for k, v in data["unheaded"].items()}


@functools.cache
def patterns() -> _Patterns:
    return _Patterns()


def classify_heading(text: str) -> str:
    p = patterns()
    for kind in p.order:
        if any(rx.search(text) for rx in p.headed.get(kind, ())):
            return kind
    return p.default


def classify_opening(text: str, report_year: int | None) -> str | None:
    """Kind of a part that an unheaded paragraph opens, or None."""
    p = patterns()
    t = text.strip(_WS)
    for kind in ("problems", "plans"):
        for rx in p.unheaded.get(kind, ()):
            m = rx.search(t)
            if not m:
                continue
            year = m.groupdict().get("year")
            if year and report_year and int(year) <= report_year:
                continue
            return kind
    return None


# ---------------------------------------------------------------- front and end

_TITLE_WORDS = re.compile(r"(报告|总结|汇报|情况|报\s*告)$")
_STRONG_TITLE = re.compile(r"20\d\d\s*年.{0,30}(法治政府|依法行政|法治建设).{0,20}(报告|总结|汇报)")
_TITLE_HINT = re.compile(r"法治|依法|报告|总结")


def _is_title_line(text: str) -> bool:
    t = text.strip(_WS)
    return 4 <= len(t) <= 60 and not re.search(r"[。；;！!？?]$", t) and not t.endswith(("：", ":")) \
        and not re.search(r"[>＞]", t) and bool(_TITLE_HINT.search(t))


@functools.cache
def _front_terms() -> dict:
    data = load_yaml("outline_terms.yaml")
    return {
        "masthead": {k: [re.compile(p) for p in v] for k, v in data["masthead"].items()},
        "organ": re.compile(data["organ_suffix"]),
        "verbs": data["subject_verbs"],
    }


def _is_addressee(text: str) -> bool:
    """A line naming one or more organs, joined by 、 or ，, ending in ：
    ("中共青溪县委、青溪县人大常委会、云州市人民政府：")."""
    t = text.strip(_WS)
    if not (3 <= len(t) <= 120 and t.endswith(("：", ":"))):
        return False
    body = t.rstrip("：:").strip(_WS)
    if re.search(r"[。；;！？!?“”\"《》]", body):
        return False
    organ = _front_terms()["organ"]
    names = [n.strip(_WS) for n in re.split(r"[、，,]", body)]
    return all(2 <= len(n) <= 30 and organ.search(n) for n in names)


def _masthead_kind(text: str) -> str | None:
    """Which 红头 element a line above the title is (masthead / doc_number / signer /
    other), or None."""
    t = text.strip(_WS)
    for kind, patterns in _front_terms()["masthead"].items():
        if any(rx.search(t) for rx in patterns):
            return kind
    return None


_TITLE_TAG = re.compile(r"^【[^】]{1,12}】\s*")


def _compact(text: str) -> str:
    return re.sub(r"[\s\u3000的]", "", text)


def _front_matter(outline: Outline, front: list[Block]) -> None:
    """front: non-residue blocks before the first part. Sets title, addressee, preamble."""
    i = 0
    n = len(front)
    title_idx = None
    # the title: a line that names the report with its year, anywhere before the first
    # part (a web page may put its navigation first); else the first short line that
    # names 法治/报告/总结 among the first lines
    for j, b in enumerate(front):
        t = b.text.strip(_WS)
        if _STRONG_TITLE.search(t) and _is_title_line(t):
            title_idx = j
            break
    for j, b in enumerate(front[:6] if title_idx is None else []):
        t = b.text.strip(_WS)
        if _is_title_line(t) and not _is_addressee(t) and not _DATE.match(t):
            title_idx = j
            break
        if len(t) > 60:
            break
    if title_idx is not None:
        lines = [front[title_idx]]
        first = front[title_idx].text.strip(_WS)
        # a preceding issuer line joins when the title continues it ("XX县人民政府" / "关于……");
        # above a title that does not begin with 关于 it names the reporter ("赵县人民政府")
        if title_idx > 0:
            prev = front[title_idx - 1].text.strip(_WS)
            if len(prev) <= 30 and not _is_addressee(prev) and (first.startswith("关于") or prev.endswith("关于")):
                lines.insert(0, front[title_idx - 1])
            elif len(prev) <= 30 and _is_issuer(prev):
                front[title_idx - 1].role = "issuer"
                outline.issuer = prev
        # following lines join while the title has not ended
        k = title_idx + 1
        while k < n and len(lines) < 4 and not _TITLE_WORDS.search(_compact("".join(x.text for x in lines))):
            nxt = front[k].text.strip(_WS)
            if len(nxt) > 40 or _is_addressee(nxt) or _SENTENCE_END.search(nxt):
                break
            lines.append(front[k])
            k += 1
        for x in front[:front.index(lines[0])]:
            if x.role == "body":
                x.role = "masthead"  # lines above the title: issuer, document number, site navigation
        outline.title_blocks = lines
        outline.title = _TITLE_TAG.sub("", "".join(x.text.strip(_WS) for x in lines))
        for x in lines:
            x.role = "title"
        _above_title(outline, [x for x in front[:front.index(lines[0])]], lines[0])
        i = title_idx + len(lines) if lines[0] is front[title_idx] else title_idx + len(lines) - 1
        i = _below_title(outline, front, i)
    # a note in brackets under the title ("（2024年3月12日区政府常务会议审议通过）")
    if outline.title and i + 1 < n and re.fullmatch(r"[（(][^（()）]{2,60}[)）]", front[i].text.strip(_WS)) \
            and _is_addressee(front[i + 1].text):
        front[i].role = "title_note"
        i += 1
    # addressee
    if i < n and _is_addressee(front[i].text):
        outline.addressee = front[i].text.strip(_WS).rstrip("：:").strip(_WS)
        outline.addressee_block = front[i]
        front[i].role = "addressee"
        i += 1
    for b in front[i:]:
        if b.role == "body":
            b.role = "preamble"
            outline.preamble.append(b)


def _is_furniture_shape(text: str) -> bool:
    """A short line that is not a sentence: what an unrecognised web-page line looks like."""
    t = text.strip(_WS)
    return 0 < len(t) <= 40 and not _SENTENCE_END.search(t) and not _is_addressee(t)


def _mark_residue(blocks: list[Block]) -> None:
    for b in blocks:
        b.residue = True
        b.role = "residue"


def _below_title(outline: Outline, front: list[Block], i: int) -> int:
    """Lines right below the title on a web page: the title printed again is residue, and
    so are the short lines between the title and its repeat (source, date, tools) even
    when no pattern knows them; on such a page, short lines between the title block and
    the addressee are too. Returns the index of the first line after them."""
    n = len(front)
    title_c = _compact(_TITLE_TAG.sub("", outline.title or ""))

    def is_repeat(b: Block) -> bool:
        t = _compact(_TITLE_TAG.sub("", b.text.strip(_WS)))
        return bool(t) and len(t) < len(title_c) + 2 and t in title_c and not _is_addressee(b.text)

    j = i
    while j < n and j - i < 6 and _is_furniture_shape(front[j].text) and not is_repeat(front[j]):
        j += 1
    if j < n and j > i and is_repeat(front[j]):
        _mark_residue(front[i:j])
        i = j
    while i < n and is_repeat(front[i]):
        _mark_residue([front[i]])
        i += 1
    if i >= n or _is_addressee(front[i].text):
        return i
    web = any(b.residue for b in outline.document.blocks if b.index < front[i].index)
    if web:
        k = i
        while k < n and k - i < 2 and _is_furniture_shape(front[k].text):
            k += 1
        if k < n and k > i and _is_addressee(front[k].text):
            _mark_residue(front[i:k])
            i = k
    return i


def _is_issuer(text: str) -> bool:
    """An organ's name alone on a line ("赵县人民政府", "中共青溪县委 青溪县人民政府")."""
    t = text.strip(_WS)
    return 2 <= len(t) <= 30 and _masthead_kind(t) is None and not re.search(r"\d|[:：，,。]", t) \
        and all(_front_terms()["organ"].search(n) or reporter_from_name(n)[1] == "government"
                for n in t.split())


def _above_title(outline: Outline, above: list[Block], title_block: Block) -> None:
    """Lines above the title (residue already removed): the 红头 elements are recorded as
    what they are; on a web page (residue above the title) the remaining lines other than
    the issuer are website furniture too (column names, site names)."""
    web = any(b.residue for b in outline.document.blocks if b.index < title_block.index)
    for b in above:
        t = b.text.strip(_WS)
        kind = _masthead_kind(t)
        if kind is not None:
            b.role = "masthead"
            outline.masthead_blocks.append(b)
            if kind in ("masthead", "doc_number") and getattr(outline, kind) is None:
                setattr(outline, kind, t)
            elif kind == "signer" and outline.signer is None:
                outline.signer = re.sub(r"^签\s*发\s*人\s*[:：]\s*", "", t)
        elif b.role == "issuer":
            continue
        elif web and len(t) <= 40:
            b.residue = True
            b.role = "residue"


_AFTER_DATE = re.compile(r"^(?:[（(]此件|抄送|抄报|分送|附件|附表)|印发$")
_APPENDIX = re.compile(r"^(?:附\s*[件表]\s*\d*\s*[:：]?|附\s*[件表]\s*\d*\s*[:：]?.{0,60})$")


def _find_date(tail: list[Block]) -> int | None:
    """The 成文日期: the last date line among the last 16 lines outside tables with only
    notes or the imprint after it, or a date line that a table or an attachment
    (附件, 附表) follows, however long that attachment is."""
    text_idx = [j for j in range(len(tail)) if not tail[j].in_table]
    for j in reversed(text_idx[-16:]):
        t = tail[j].text.strip(_WS)
        if _DATE.match(t) and (j == len(tail) - 1 or _AFTER_DATE.search(tail[j + 1].text.strip(_WS))
                               or tail[j + 1].in_table):
            return j
    for j in reversed(text_idx):
        if _DATE.match(tail[j].text.strip(_WS)) and j + 1 < len(tail) and (
                tail[j + 1].in_table or _APPENDIX.match(tail[j + 1].text.strip(_WS))):
            return j
    return None


def _end_matter(outline: Outline, tail: list[Block]) -> int:
    """tail: non-residue blocks in document order. Finds the 成文日期 (the last date line
    near the end that only notes, the imprint or attachments follow) and the signature
    above it. Returns how many blocks at the end are not part of the report's parts."""
    n = len(tail)
    start = n  # first block of the end matter
    date_idx = _find_date(tail)
    if date_idx is not None:
        m = _DATE.match(tail[date_idx].text.strip(_WS))
        outline.date = tail[date_idx].text.strip(_WS)
        outline.date_block = tail[date_idx]
        outline.date_value = _date_value(m)
        tail[date_idx].role = "date"
        notes_from = date_idx + 1
        start = date_idx
    else:
        notes_from = n
        while notes_from > 0 and _AFTER_DATE.search(tail[notes_from - 1].text.strip(_WS)):
            notes_from -= 1
        start = notes_from
    for x in tail[notes_from:]:
        x.role = "endnote"  # 附注, 版记, attachments: not part of the report's parts
    k = start - 1
    if k >= 0:
        t = tail[k].text.strip(_WS)
        if 2 <= len(t) <= 40 and not re.search(r"[，。；：,;:！？]", t) and not LABELS[0][1].match(t) \
                and re.search(r"(政府|局|厅|委|办|办公室|委员会|中心|院|部|署|队|司法所|县|市|区)$", t):
            outline.signature = t
            outline.signature_block = tail[k]
            tail[k].role = "signature"
            start = k
    return n - start


def _date_value(m) -> tuple[int, int, int] | None:
    def num(s: str) -> int:
        s = fold(s)
        if s.isdigit():
            return int(s)
        if all(c in "〇○零一二三四五六七八九" for c in s):
            return int("".join(str("〇一二三四五六七八九".index(c.replace("○", "〇").replace("零", "〇"))) for c in s))
        return cn_to_int(s)

    try:
        return num(m.group(1)), num(m.group(2)), num(m.group(3))
    except (ValueError, IndexError):
        return None


# ---------------------------------------------------------------- reporter and years

_ALIAS = re.compile(r"[（(][^（()）]{1,10}[)）]")
_ZONE_ORGAN = re.compile(r"^(党工委|党委)?(管委会|管理委员会)$")
_ZONE = re.compile(r"^(.{2,24}?(?:开发区|高新区|新区|园区|试验区|合作区))(?:党工委|党委)?(?:管委会|管理委员会)$")


def reporter_from_name(name: str) -> tuple[str | None, str | None]:
    """'邵阳市武冈市' -> ('武冈市', 'government'); '高平市司法局' -> ('高平市司法局', 'department');
    '赵县人民政府' -> ('赵县', 'government'); '××经济技术开发区管委会' -> ('××经济技术开发区',
    'government'): a development zone's 管委会 governs its area; '高新区(新市区)人民政府' ->
    ('高新区(新市区)', 'government')."""
    name = name.strip(_WS)
    name = re.sub(r"^(中共|中国共产党)", "", name)
    alias = _ALIAS.search(name)
    if alias and alias.start() > 0:
        who, kind = reporter_from_name(name[:alias.start()] + name[alias.end():])
        if who and kind == "government" and name[:alias.start()].endswith(who):
            return who + alias.group(0), kind
        return who, kind
    zone = _ZONE.match(name)
    if zone:
        return zone.group(1), "government"
    pos = 0
    last_unit = None
    one = re.match(r"^[\u4e00-\u9fff](县|旗)(?=人民政府|政府|$)|^[\u4e00-\u9fff](县|旗)(?=[\u4e00-\u9fff]{1,10}(局|委|办|办公室|中心)$)", name)
    if one and not _ADMIN.match(name):
        last_unit, pos = one.group(0), 2  # one-character counties: 赵县, 沛县, 岷县
    while True:
        m = _ADMIN.match(name, pos)
        if not m or m.group(1) in _NOT_ADMIN or any(m.group(1).endswith(x) for x in _NOT_ADMIN if len(m.group(1)) == len(x)):
            break
        last_unit = m.group(1)
        pos = m.end()
    rest = name[pos:]
    rest = re.sub(r"^(人民政府|政府)$", "", rest)
    if last_unit and _ZONE_ORGAN.match(rest) and re.search(r"(开发区|高新区|新区|园区|试验区|合作区)$", last_unit):
        return last_unit, "government"
    if last_unit is None and not rest:
        return None, None
    if rest:
        if _DEPT_END.search(rest) or rest.endswith("部门"):
            return (last_unit or "") + rest, "department"
        return (last_unit or "") + rest if last_unit else rest, "department" if _DEPT_END.search(rest) else None
    return last_unit, "government"


def _reporter_from_title(title: str) -> tuple[str | None, str | None]:
    t = re.sub(r"[（(][^（(）)]*[）)]$", "", title.strip(_WS))
    # "2020年静海区法治政府建设情况报告": the reporter follows the year
    lead = re.match(r"^20\d\d\s*年度?(?P<name>[^\d]{2,30}?)(?:关于)?(?:法治政府|依法行政|法治建设)", t)
    if lead:
        return reporter_from_name(lead.group("name"))
    m = re.search(r"关于|20\d\d\s*年|法治政府", t)
    if not m or m.start() == 0:
        return None, None
    return reporter_from_name(t[: m.start()])


_ORGAN_NAME = (r"[\u4e00-\u9fff()（）]{1,24}?(?:人民政府|政府|管委会|委员会|局|厅|部|署|办公室|办|委|中心"
               r"|新区|高新区|开发区|自治区|自治州|自治县|省|市|州|县|区|旗|盟)")


@functools.cache
def _subject_patterns():
    verbs = _front_terms()["verbs"]
    return (
        # "现将2023年度枣庄市教育局法治政府建设工作情况报告如下"
        re.compile(rf"现将\s*(?:20\d\d\s*年度?)?\s*(?P<name>{_ORGAN_NAME})\s*(?:20\d\d\s*年度?)?\s*的?(?:法治政府|依法行政|法治建设)"),
        # "2023年，前进区教育局深入开展……", "……的指导下，两江新区坚持……"
        re.compile(rf"(?:^|[。；;，,])\s*(?:20\d\d\s*年度?\s*[，,]\s*)?(?P<name>{_ORGAN_NAME})(?:党组|党委|党工委)?{verbs}"),
    )


def _reporter_from_preamble(blocks: list[Block]) -> tuple[str | None, str | None]:
    """The organ the preamble speaks as: the subject of its sentences, or the one that
    "现将……情况报告如下". A generic name ("市教育局", "县人民政府", "我局") gives only the kind."""
    generic_kind = None
    for b in blocks[:2]:
        text = b.text.strip(_WS)
        for rx in _subject_patterns():
            for m in rx.finditer(text):
                name = m.group("name")
                generic = name[0] in "我本" or (name[0] in "省市县区州旗" and len(name) > 1
                                                and (reporter_from_name(name[1:])[1] == "department"
                                                     or name[1:] in ("人民政府", "政府")))
                if generic:
                    generic_kind = generic_kind or (
                        "government" if re.search(r"(政府|[省市县区州旗])$", name) else "department")
                    continue
                who, kind = reporter_from_name(name)
                if who and kind:
                    return who, kind
    return None, generic_kind


_PLACE_STOP = re.compile(r"^(全|本|我|各|该|每|此|外|邻|兄|省|市|县|区|乡|镇|示范|样板|法治|依法|城乡|县乡|市县|区县)")


def _reporter_from_text(text: str) -> tuple[str | None, str | None]:
    gov = _SELF_GOV.findall(text)
    dept = _SELF_DEPT.findall(text)
    if dept and len(dept) > len(gov):
        return None, "department"
    if not gov:
        return None, None
    suffix = max(set(gov), key=gov.count)
    counts: dict[str, int] = {}
    # a place name starts a word (after punctuation, 《, or a higher-level unit) and is
    # not a common word ending in the suffix ("落实县直单位", "在全县")
    pos = text.find(suffix, 2)
    while pos >= 0:
        name = text[pos - 2:pos]
        before = text[pos - 3] if pos >= 3 else ""
        after = text[pos + 1:pos + 2]
        pos = text.find(suffix, pos + 1)
        if not all("\u4e00" <= c <= "\u9fff" for c in name):
            continue
        if "\u4e00" <= before <= "\u9fff" and before not in "省市州":
            continue  # not the start of a word
        if _PLACE_STOP.match(name) or re.search(r"[法治全本各该我此]", name):
            continue
        if after and after in "直委级域纪政人党法检公财":  # "县委", "县纪委监委": the suffix is a modifier
            continue
        weight = 3 if before == "《" else 1
        counts[name] = counts.get(name, 0) + weight
    if not counts:
        return None, "government"
    best = max(counts, key=lambda k: (counts[k], text.count(k)))
    return best + suffix, "government"


def _year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _own_year_in(text: str) -> int | None:
    """The first year of a sentence that is not inside a cited document's name or a
    bracket ("根据《纲要（2021—2025年）》，现将2022年……" -> 2022)."""
    # an opener ends the inner run too: a scan stops at the next bracket, so a line of
    # 100k unclosed "(" costs one pass instead of one pass per bracket
    return _year_in(re.sub(r"《[^《》]*》|[（(][^（(）)]*[)）]|〔[^〔〕]*〕", "", text))


# ---------------------------------------------------------------- building

def build_outline(doc: Document) -> Outline:
    outline = Outline(document=doc)
    blocks = doc.blocks
    for b in blocks:
        b.role = "body"
        b.residue = False
    for b in blocks:
        if not b.in_table and is_residue_line(b.text):
            b.residue = True
            b.role = "residue"

    live = [b for b in blocks if not b.residue and b.text.strip()]  # blank lines carry no structure
    headings: list[Heading] = []
    for b in live:
        h = detect_heading(b)
        if h is not None:
            headings.append(h)
    # a title styled as a heading (Markdown "#", Word "Heading 1") is the title, not a part
    if headings and headings[0].source == "style" and headings[0].block in live[:4] \
            and re.search(r"(报告|总结|汇报)$", headings[0].text) and _is_title_line(headings[0].text):
        headings.pop(0)
    # parts are the headings at the shallowest level present
    top = min((h.level for h in headings), default=None)

    first_top = next((h for h in headings if h.level == top), None)
    front_end = first_top.block.index if first_top else None

    # report year from a title candidate, before parts (needed for unheaded openers)
    prelim_year = None
    for b in live[:8]:
        if front_end is not None and b.index >= front_end:
            break
        if _is_title_line(b.text):
            prelim_year = _year_in(b.text)
            if prelim_year:
                break
    if prelim_year is None:
        for h in headings:
            if h.level == top and classify_heading(h.text) != "plans":
                prelim_year = _year_in(h.text)
                if prelim_year:
                    break

    # end matter (signature/date) from the tail of the live blocks
    tail_used = _end_matter(outline, live)
    end_limit = len(live) - tail_used
    body_live = live[:end_limit]

    # front: everything before the first top-level heading; when there is none, the
    # front ends at the first unheaded opener (or holds only the title/addressee)
    front: list[Block] = []
    if front_end is not None:
        front = [b for b in body_live if b.index < front_end]
    else:
        for b in body_live:
            if classify_opening(b.text, prelim_year):
                break
            front.append(b)
    _front_matter(outline, front)

    if outline.title:
        outline.report_year = _year_in(outline.title)
        if outline.report_year:
            outline.report_year_source = "title"
    if outline.report_year is None and prelim_year and first_top is not None:
        outline.report_year = prelim_year
        outline.report_year_source = "heading"
    if outline.report_year is None:
        for b in outline.preamble:
            y = _own_year_in(b.text)
            if y:
                outline.report_year, outline.report_year_source = y, "preamble"
                break
    if outline.report_year is None:
        _year_without_title(outline, headings, top)
    year = outline.report_year

    # parts
    sections: list[Section] = []
    heading_by_block = {h.block.index: h for h in headings}
    current: Section | None = None
    for b in body_live:
        if b.role in ("title", "title_note", "addressee", "preamble", "issuer", "masthead", "residue") or b.residue:
            continue
        h = heading_by_block.get(b.index)
        if h is not None and h.level == top:
            b.role = "heading"
            current = Section(kind=classify_heading(h.text), headed=True, heading=h, opening=b)
            sections.append(current)
            current.blocks.append(b)
            continue
        if h is None and not b.in_table and (current is None or current.kind in ("measures", "duty", "problems")):
            kind = classify_opening(b.text, year)
            if kind and (current is None or _kind_rank(kind) > _kind_rank(current.kind)) \
                    and not (current and current.kind == kind):
                current = Section(kind=kind, headed=False, heading=None, opening=b)
                sections.append(current)
        if h is not None:
            b.role = "heading"
        if current is not None:
            current.blocks.append(b)
        elif b.role == "body":
            b.role = "preamble"
            outline.preamble.append(b)

    # children trees, per section
    for sec in sections:
        inside = [heading_by_block[b.index] for b in sec.blocks
                  if b.index in heading_by_block and heading_by_block[b.index] is not sec.heading]
        stack: list[Heading] = []
        for h in inside:
            while stack and stack[-1].level >= h.level:
                stack.pop()
            if stack:
                h.parent = stack[-1]
                stack[-1].children.append(h)
            else:
                h.parent = sec.heading
                sec.children.append(h)
            stack.append(h)
    sections = _split_combined(sections)
    outline.sections = sections
    in_parts = {b.index for s in sections for b in s.blocks}
    outline.headings = [h for h in headings if h.block.index in in_parts]
    outline.heading_by_block = {h.block.index: h for h in outline.headings}
    outline.residue = [b for b in blocks if b.residue]

    # reporter
    reporter, kind = (None, None)
    if outline.title:
        reporter, kind = _reporter_from_title(outline.title)
    if reporter is None and outline.issuer:
        reporter, kind = reporter_from_name(outline.issuer)
    if reporter is None and outline.signature and outline.signature_block is not None:
        reporter, kind = reporter_from_name(outline.signature)
    if reporter is None:
        who, how = _reporter_from_preamble(outline.preamble)
        reporter, kind = who, kind or how
    if reporter is None or kind is None:
        text_reporter, text_kind = _reporter_from_text("\n".join(b.text for b in live))
        if reporter is None and kind in (None, text_kind):
            reporter = text_reporter  # never a place's name for a department
        if kind is None:
            kind = text_kind or ("government" if reporter else None)
    outline.reporter, outline.reporter_kind = reporter, kind

    # plan year
    plans = outline.sections_of("plans")
    if plans:
        first = plans[0]
        y = _year_in(first.heading.text) if first.heading else None
        if y:
            outline.plan_year, outline.plan_year_source = y, "heading"
        else:
            opener = first.blocks[1] if first.heading and len(first.blocks) > 1 else first.opening
            m = re.match(r"^\s*(20\d\d)\s*年", opener.text)
            if m:
                outline.plan_year, outline.plan_year_source = int(m.group(1)), "text"
    if outline.plan_year is None and year:
        outline.plan_year, outline.plan_year_source = year + 1, "default"

    present = {s.kind for s in sections}
    outline.missing = [k for k in KINDS if k not in present]
    return outline


def _year_without_title(outline: Outline, headings: list[Heading], top: int | None) -> None:
    """No year in the title or preamble: the year the plans heading names is N+1; a
    成文日期 in the first half of a year is in N+1, a later one in N."""
    for h in headings:
        if h.level == top and classify_heading(h.text) == "plans":
            y = _year_in(h.text)
            if y:
                outline.report_year, outline.report_year_source = y - 1, "plans"
                return
    if outline.date_value:
        y, m, _d = outline.date_value
        outline.report_year, outline.report_year_source = (y - 1 if m <= 6 else y), "date"


def _split_combined(sections: list[Section]) -> list[Section]:
    """A part headed as both problems and plans ("三、存在的问题和下一步工作打算") is split
    at its first child headed as plans ("（二）下一步工作打算")."""
    p = patterns()
    out = []
    for sec in sections:
        out.append(sec)
        if sec.kind != "problems" or sec.heading is None:
            continue
        if not any(rx.search(sec.heading.text) for rx in p.headed["plans"]):
            continue
        idx = next((i for i, c in enumerate(sec.children) if i > 0 and classify_heading(c.text) == "plans"), None)
        if idx is None:
            continue
        child = sec.children[idx]
        at = sec.blocks.index(child.block)
        plans = Section(kind="plans", headed=True, heading=child, opening=child.block,
                        blocks=sec.blocks[at:], children=child.children + sec.children[idx + 1:])
        sec.blocks = sec.blocks[:at]
        sec.children = sec.children[:idx]
        out.append(plans)
    return out


_RANK = {"duty": 0, "measures": 1, "problems": 2, "plans": 3, "other": 4}


def _kind_rank(kind: str) -> int:
    return _RANK[kind]

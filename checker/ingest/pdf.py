"""PDF with a text layer -> Document (one block per paragraph).

Library: pypdfium2 (Google's PDFium, the engine of Chrome's viewer, fuzzed continuously):
it gives each character with its box and font size, says which characters it made up
itself (the spaces and line breaks it inserts between glyphs; dropping them keeps CJK text
free of spurious spaces), opens PDFs protected only by an owner password, and walks
the characters of a page about 7x faster than pdfminer.six (measured on the fixtures).

What is read:
- characters grouped into lines by position, each line left to right; a line in the top or
  bottom band of the page is dropped when it is a page number ("— 3 —", "- 3 -",
  "第3页 共8页", "3/8", a lone number) or when the same text (digits aside) repeats in that
  band on at least half of the pages (a running header or footer);
- lines joined into paragraphs: a line that fills the measure continues the paragraph
  (also one that stops short by less than the next line's first word or number: it was
  wrapped); one ending in 。：；！？ or stopping short of the measure ends it; a line starting
  with a heading label ("一、", "（一）", "1.", "第一章") or indented as a first line starts
  a new one; consecutive lines in the same large size (a title over two lines) are one;
- layout (Document.layout, plain data for format rules): page size in mm, the text area of
  the body on full pages (its distance from each page edge in mm, an approximation of
  the margins: text positions, not the page setup), the body font size in points, and
  the page of each block.

Reading order is top to bottom; a page whose rows are split by one gutter is read left
column first. No OCR: a PDF whose pages carry no text (a scan), or whose text is mostly
unmapped glyphs (a font without a Unicode map), is refused with a message. Bounded: at
most MAX_PAGES pages, MAX_CHARS characters, and MAX_SECONDS of extraction time.
"""
from __future__ import annotations

import ctypes
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Block, Document

MAX_PAGES = 1000
MAX_CHARS = 2_000_000
MAX_SECONDS = 60.0
PT_PER_MM = 72 / 25.4
GUTTER = 2.5  # a gap wider than this many characters splits a row
BAND = 0.12  # share of the page height at top and bottom where running heads and folios sit

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、．.]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"
                      r"|\d{1,2}\s*[.．、](?![\d．.])|第[一二三四五六七八九十\d]{1,3}[章节部分条])")
_ENDS = tuple("。：；！？:;!?")
_NO_START = set("，。、；：！？）》」』”’〕】%‰,.;:!?)]}·…—")  # may not begin a line (they drag a character down)
_FOLIO = re.compile(r"^(?:[—\-－–―~～•·]*\s*\d{1,4}\s*[—\-－–―~～•·]*"
                    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
                    r"|共\s*\d{1,4}\s*页(?:\s*第\s*\d{1,4}\s*页)?"
                    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
                    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.I)


@dataclass
class Line:
    page: int
    row: int = 0  # visual row on the page (two columns: two lines share a row)
    column: int | None = None  # 0 / 1 on a two-column page
    chars: list[str] = field(default_factory=list)
    x0: float = 1e9
    x1: float = -1e9
    bottom: float = 1e9
    top: float = -1e9
    sizes: list[float] = field(default_factory=list)
    glyphs: list[tuple[str, float, float]] = field(default_factory=list)  # (char, left, right)

    @property
    def text(self) -> str:
        return "".join(self.chars).strip()

    @property
    def size(self) -> float:
        return statistics.median(self.sizes) if self.sizes else 0.0

    def add(self, ch: str, box, size: float) -> None:
        self.chars.append(ch)
        if ch.strip():
            left, right, bottom, top = box
            self.x0, self.x1 = min(self.x0, left), max(self.x1, right)
            self.bottom, self.top = min(self.bottom, bottom), max(self.top, top)
            self.sizes.append(size)
            self.glyphs.append((ch, left, right))


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]


def read_pdf(data: bytes, path: str) -> Document:
    pages = _extract(data, path)
    nchars = sum(len(ln.text) for p in pages for ln in p.lines)
    if nchars == 0:
        raise InputError(path, "这个 PDF 没有文字层（可能是扫描件或图片），无法检查；本工具不做文字识别（OCR）。"
                               "请提供报告的 .docx 原稿，或先用 OCR 软件识别为文字后另存为 .docx。")
    unreadable = sum(1 for p in pages for ln in p.lines for ch in ln.text
                     if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    if unreadable > 0.3 * nchars:
        raise InputError(path, "这个 PDF 的文字层无法识别（字体没有提供文字编码，提取出来的是乱码），无法检查。"
                               "请提供报告的 .docx 原稿。")
    _drop_running(pages)
    body = [ln for p in pages for ln in p.lines if ln.text]
    if not body:
        raise InputError(path, "这个 PDF 只有页眉、页脚或页码，没有正文文字，无法检查。")
    size = _body_size(body)
    paragraphs = _paragraphs(pages, body, size)
    blocks, block_pages = [], []
    for i, (text, page) in enumerate(paragraphs):
        blocks.append(Block(index=i, text=text, line=i + 1))
        block_pages.append(page + 1)
    layout = _layout(pages, size)
    layout["block_pages"] = block_pages
    return Document(path=path, format="pdf", blocks=blocks, raw=data, layout=layout)


def _extract(data: bytes, path: str) -> list[Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise InputError(path, "这个 PDF 设置了打开密码，无法读取。请取消密码后再检查，或提供报告的 .docx 原稿。")
        raise InputError(path, "PDF 文件已损坏或格式无法识别，无法读取。请提供报告的 .docx 原稿。")
    except Exception:
        raise InputError(path, "PDF 文件已损坏或格式无法识别，无法读取。请提供报告的 .docx 原稿。")
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise InputError(path, f"PDF 有 {count} 页（超过 {MAX_PAGES} 页），不像一份报告，已拒绝读取。")
        start, total, pages = time.monotonic(), 0, []
        rect = raw.FS_RECTF()
        for index in range(count):
            if time.monotonic() - start > MAX_SECONDS:
                raise _too_slow(path, index)
            try:
                page = pdf[index]
                width, height = page.get_size()
                textpage = page.get_textpage()
            except Exception:
                raise InputError(path, f"PDF 第 {index + 1} 页已损坏，无法读取。请提供报告的 .docx 原稿。")
            try:
                n = raw.FPDFText_CountChars(textpage.raw)
                total += max(n, 0)
                if total > MAX_CHARS:
                    raise InputError(path, f"PDF 的文字超过 {MAX_CHARS} 个字符，不像一份报告，已拒绝读取。")
                lines = _lines(raw, textpage.raw, n, index, rect, start + MAX_SECONDS)
                if lines is None:
                    raise _too_slow(path, index)
                pages.append(Page(width, height, lines))
            finally:
                textpage.close()
                page.close()
        return pages
    finally:
        pdf.close()


def _too_slow(path: str, index: int) -> InputError:
    return InputError(path, f"读取 PDF 超过 {MAX_SECONDS:g} 秒（第 {index + 1} 页），已中止。请提供报告的 .docx 原稿。")


def _lines(raw, tp, n: int, page: int, rect, deadline: float) -> list[Line] | None:
    """The page's characters grouped into lines by position: top to bottom, each line
    left to right (content order is not reading order: producers draw a line's runs
    font by font, so a quotation mark in a fallback font comes after the line)."""
    chars = []  # (left, right, bottom, top, size, ch)
    high = 0
    for i in range(n):
        if i % 20000 == 19999 and time.monotonic() > deadline:
            return None  # past the time limit
        code = raw.FPDFText_GetUnicode(tp, i)
        if 0xD800 <= code < 0xDC00:
            high = code
            continue
        if 0xDC00 <= code < 0xE000:
            if not high:
                continue
            code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), 0
        if code in (0, 0xFFFE, 0xFFFF) or code < 0x20 or raw.FPDFText_IsGenerated(tp, i) == 1:
            continue  # line breaks and the spaces PDFium makes up between glyphs
        ch = chr(code)
        if ch.isspace() and ch not in (" ", "\u3000"):
            continue
        if not raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect)):
            continue
        if rect.top <= rect.bottom or rect.right < rect.left:
            continue
        chars.append((rect.left, rect.right, rect.bottom, rect.top, raw.FPDFText_GetFontSize(tp, i), ch))
    chars.sort(key=lambda c: -(c[2] + c[3]))  # by vertical centre, top first
    rows: list[list[tuple]] = []
    bottom = top = 0.0
    for c in chars:
        if not rows or (c[2] + c[3]) / 2 < bottom:
            rows.append([])
            bottom, top = c[2], c[3]
        rows[-1].append(c)
        bottom, top = min(bottom, c[2]), max(top, c[3])
    lines: list[Line] = []
    for number, row in enumerate(rows):
        row.sort(key=lambda c: c[0])
        start = 0
        for k in range(1, len(row) + 1):  # a wide gap splits a row (two columns, a tab stop)
            if k == len(row) or row[k][0] - row[k - 1][1] > GUTTER * max(row[k][4], 1):
                line = Line(page, row=number)
                _fill(line, row[start:k])
                if line.text:
                    lines.append(line)
                start = k
    return _columns(lines)


def _columns(lines: list[Line]) -> list[Line]:
    """Two columns on a page: when at least three rows (and two fifths of the rows) are
    split by a gap around one common x, the left column is read before the right one;
    lines across the gutter stay before (or after) the columns."""
    by_row: dict[int, list[Line]] = {}
    for ln in lines:
        by_row.setdefault(ln.row, []).append(ln)
    gaps = [(r[0].x1, r[1].x0) for r in by_row.values() if len(r) == 2]
    if len(gaps) < 3 or len(gaps) < 0.4 * len(by_row):
        return lines
    gutter = statistics.median((a + b) / 2 for a, b in gaps)
    if sum(1 for a, b in gaps if a < gutter < b) < 0.8 * len(gaps):
        return lines
    first = min(row for row, r in by_row.items() if len(r) == 2)
    before, left, right, after = [], [], [], []
    for ln in lines:
        if ln.x1 <= gutter:
            ln.column = 0
            left.append(ln)
        elif ln.x0 >= gutter:
            ln.column = 1
            right.append(ln)
        else:
            (before if ln.row < first else after).append(ln)
    return before + left + right + after


def _fill(line: Line, members: list[tuple]) -> None:
    """Left to right; a space only where a visible gap separates two Latin letters/digits."""
    members.sort(key=lambda c: c[0])
    line.bottom, line.top = 1e9, -1e9
    prev = None
    for c in members:
        left, right, bottom, top, size, ch = c
        if ch.isspace():  # a space in the text itself (not one PDFium made up): kept
            if line.chars:
                line.chars.append(ch)
            continue
        if prev is not None:
            if left < prev[0] + 0.3 * max(prev[1] - prev[0], 0.1) and ch == prev[5]:
                continue  # the same glyph drawn twice (fake bold)
            if (left - prev[1] > 0.2 * max(size, 1) and ch.isascii() and ch.isalnum()
                    and prev[5].isascii() and prev[5].isalnum() and not line.chars[-1].isspace()):
                line.chars.append(" ")
        line.add(ch, (left, right, bottom, top), size)
        prev = c


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_running(pages: list[Page]) -> None:
    """Remove page numbers and running headers/footers from the top and bottom bands."""
    def in_band(p: Page, ln: Line) -> bool:
        return ln.bottom > p.height * (1 - BAND) or ln.top < p.height * BAND

    seen: Counter[str] = Counter()
    for p in pages:
        seen.update({_norm(ln.text) for ln in p.lines if in_band(p, ln)})
    need = max(2, (len(pages) + 1) // 2)
    for p in pages:
        p.lines = [ln for ln in p.lines
                   if not (in_band(p, ln) and (_FOLIO.match(_norm_space(ln.text))
                                               or (len(pages) > 1 and seen[_norm(ln.text)] >= need)))]


def _norm_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for ln in lines:
        for s in ln.sizes:
            sizes[round(s * 2) / 2] += 1
    return sizes.most_common(1)[0][0] if sizes else 12.0


def _measure(body: list[Line], size: float) -> tuple[float, float | None]:
    """(left, right) of the text block, from lines in the body size. The right edge is
    taken only where at least three lines reach it (within 1.5 characters, as ragged
    lines do); a short draft with no such edge has no measure, and then no line is known
    to fill it."""
    lines = [ln for ln in body if abs(ln.size - size) <= 0.6] or body
    left = min(ln.x0 for ln in lines)
    ends = sorted((ln.x1 for ln in lines), reverse=True)
    for i, v in enumerate(ends):
        if sum(1 for e in ends[i:i + 3] if e >= v - 1.5 * size) >= 3:
            return left, v
    return left, None


def _paragraphs(pages: list[Page], body: list[Line], size: float) -> list[tuple[str, int]]:
    groups: dict[tuple | None, list[Line]] = {}
    for ln in body:
        groups.setdefault(None if ln.column is None else (ln.page, ln.column), []).append(ln)
    measures = {key: _measure(lines, size) for key, lines in groups.items()}

    def measure_of(ln: Line) -> tuple[float, float | None]:
        return measures[None if ln.column is None else (ln.page, ln.column)]

    starts_indented = sum(1 for ln in body if ln.x0 > measure_of(ln)[0] + 1.5 * size)
    indented_doc = starts_indented >= 2
    out: list[tuple[str, int]] = []
    buf: list[Line] = []

    def flush():
        if buf:
            text = buf[0].text
            for ln in buf[1:]:
                t = ln.text
                if text and t and text[-1].isascii() and text[-1].isalnum() and t[0].isascii() and t[0].isalnum():
                    text += " "
                text += t
            out.append((text, buf[0].page))
            buf.clear()

    for k, ln in enumerate(body):
        if buf:
            prev = buf[-1]
            left, right = measure_of(prev)
            large = prev.size > size * 1.15
            same_large = large and abs(ln.size - prev.size) <= 0.6 and ln.page == prev.page
            full = right is not None and prev.x0 <= left + 2.5 * size and (
                prev.x1 >= right - 1.2 * size or right - prev.x1 < _lead_width(ln) + 0.5 * size)
            starts = (_HEADING.match(ln.text) is not None
                      or (indented_doc and ln.x0 > measure_of(ln)[0] + 1.5 * size)
                      or abs(ln.size - prev.size) > 0.6)
            ended = prev.text.endswith(_ENDS) and not (indented_doc and full and not starts)
            if same_large and not _HEADING.match(ln.text):
                pass  # a title set over two or more lines
            elif starts or ended or not full:
                flush()
        buf.append(ln)
    flush()
    return out


def _lead_width(line: Line) -> float:
    """Width of what the line starts with that could not be broken: a Latin word or number,
    or one character, with the punctuation that may not begin a line after it. A line
    that stopped short by less than this was wrapped, not ended."""
    g = line.glyphs
    if not g:
        return 0.0
    k = 1
    if g[0][0].isascii() and g[0][0].isalnum():
        while k < len(g) and g[k][0].isascii() and (g[k][0].isalnum() or g[k][0] in ".,%-"):
            k += 1
    while k < len(g) and g[k][0] in _NO_START:
        k += 1
    if k < len(g) and g[k - 1][0] in "年月日" and g[k][0] in _NO_START:
        k += 1
    return g[k - 1][2] - g[0][1]


def _layout(pages: list[Page], size: float) -> dict:
    """Page size and the body text area in mm (medians over pages full of body text)."""
    def mm(v: float) -> float:
        return round(v / PT_PER_MM, 1)

    first = pages[0]
    sizes = Counter((mm(p.width), mm(p.height)) for p in pages)
    (width, height), _n = sizes.most_common(1)[0]
    full = [p for p in pages if (mm(p.width), mm(p.height)) == (width, height)
            and sum(1 for ln in p.lines if abs(ln.size - size) <= 0.6) >= 5]
    full = full[:-1] if len(full) > 1 else full  # the last page is seldom full
    area = None
    if full:
        area = {
            "left": mm(statistics.median(min(ln.x0 for ln in p.lines) for p in full)),
            "right": mm(statistics.median(p.width - max(ln.x1 for ln in p.lines) for p in full)),
            "top": mm(statistics.median(p.height - max(ln.top for ln in p.lines) for p in full)),
            "bottom": mm(statistics.median(min(ln.bottom for ln in p.lines) for p in full)),
        }
    return {"pages": len(pages), "page_width_mm": width, "page_height_mm": height,
            "first_page_mm": [mm(first.width), mm(first.height)],
            "text_area_mm": area, "body_font_size_pt": size}

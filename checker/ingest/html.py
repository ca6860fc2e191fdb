"""A saved web page (.html/.htm) of a published report.

The article is the deepest element holding most of the page's Chinese text; its
block-level descendants become blocks. Residue lines that sit inside the article
("分享到：", "扫一扫在手机打开当前页", "发布日期：……") are kept so that the outline marks them
and a rule can flag them. Parsed with lxml.html, comments dropped, no network.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import InputError
from ..model import Block, Document
from .text import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")

# The WHATWG Encoding Standard's labels (https://encoding.spec.whatwg.org/#names-and-labels)
# and the Python codec that decodes each encoding. A <meta charset> is honoured only when
# it is one of these labels, as a browser does: a page cannot pick an arbitrary Python
# codec ("punycode" is quadratic, "unicode_escape" and "utf-7" are no web encodings).
# UTF-16 and x-user-defined in a <meta> mean UTF-8 and windows-1252 (HTML prescan);
# the "replacement" encodings (ISO-2022-KR/CN, HZ) decode nothing: fall back to detection.
_WHATWG = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8 "
             "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le unicodefffe utf-16be",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
                 "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 "
                 "iso88597 iso_8859-7 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 "
                 "iso88598 iso_8859-8 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
              "iso88591 iso_8859-1 l1 latin1 us-ascii windows-1252 x-cp1252 x-user-defined",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 l5 latin5 "
              "windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
             "ksc_5601 windows-949",
}
WEB_ENCODINGS = {label: codec for codec, labels in _WHATWG.items() for label in labels.split()}


def web_encoding(label: str | None) -> str | None:
    """The Python codec for a WHATWG encoding label, or None (unknown: detect instead)."""
    if not label:
        return None
    key = label.strip().lower()
    return WEB_ENCODINGS.get(key) or WEB_ENCODINGS.get(re.sub(r":19\d\d$", "", key))
_DROP = {"script", "style", "noscript", "template", "head", "iframe", "svg", "select",
         "option", "button", "input", "textarea", "object", "embed"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
          "article", "header", "footer", "ul", "ol", "dl", "dt", "dd", "blockquote",
          "pre", "center", "form", "nav", "aside", "main", "address", "hr", "figure",
          "figcaption", "caption", "tbody", "thead", "tfoot"}
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def _cjk_count(el) -> int:
    return len(_CJK.findall(el.text_content() or ""))


def _article_root(body):
    total = _cjk_count(body)
    if total == 0:
        return body
    node = body
    while True:
        best = None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if _cjk_count(child) >= 0.8 * total:
                best = child
                break
        if best is None:
            return node
        node = best


def read_html(data: bytes, path: str) -> Document:
    m = _META_CHARSET.search(data[:4096])
    text, enc = decode(data, path, declared=web_encoding(m.group(1).decode("ascii")) if m else None)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(path, f"无法解析网页文件（{exc}）。")
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that followed the element
    body = root.find("body")
    if body is None:
        body = root
    article = _article_root(body)

    lines: list[tuple[str, object, tuple | None]] = []
    current: list[str] = []
    state = {"el": article, "cell": None}

    def flush():
        line = "".join(current).replace("\xa0", " ")
        current.clear()
        line = re.sub(r"[ \t\r\n]+", " ", line).strip()
        if line:
            lines.append((line, state["el"], state["cell"]))

    table_no = [-1]

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            flush()
            if el.tail:
                current.append(el.tail)
            return
        if tag == "table":
            flush()
            table_no[0] += 1
            t = table_no[0]
            for r, tr in enumerate(el.iter("tr")):
                for c, cell in enumerate(x for x in tr if x.tag in ("td", "th")):
                    state["el"], state["cell"] = cell, (t, r, c)
                    current.append(cell.text_content())
                    flush()
            state["cell"] = None
            if el.tail:
                current.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            flush()
            state["el"] = el
        if el.text:
            current.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            current.append(el.tail)

    if article.text:
        current.append(article.text)
    for child in article:
        walk(child)
    flush()
    blocks = []
    for line_text, el, cell in lines:
        kw = {}
        if cell:
            kw = {"table": cell[0], "row": cell[1], "cell": cell[2]}
        blocks.append(Block(index=len(blocks), text=line_text, line=len(blocks) + 1, **kw))
    return Document(path=path, format="html", blocks=blocks, encoding=enc, raw=data)

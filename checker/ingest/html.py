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

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
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
    text, enc = decode(data, path, declared=m.group(1).decode("ascii") if m else None)
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
        blocks.append(Block(index=len(blocks), text=line_text, line=len(blocks) + 1, element=el, **kw))
    return Document(path=path, format="html", blocks=blocks, encoding=enc, raw=data)

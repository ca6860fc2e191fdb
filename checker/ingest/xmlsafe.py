"""Safe XML parsing: no entity resolution, no network, no huge trees; tolerant numbers."""
from __future__ import annotations

import re

from lxml import etree

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,  # also bounds nesting depth (libxml2: 256 levels)
    load_dtd=False,
    dtd_validation=False,
    remove_blank_text=False,
)

_INT = re.compile(r"[+-]?[0-9]{1,12}")


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser=_PARSER)


def xml_int(value, low: int | None = None, high: int | None = None) -> int | None:
    """A WordprocessingML number attribute ("240", "-5") as an int, or None when it is
    missing, not an ASCII integer ("abc", "²", "1e9", 5000 digits) or outside
    [low, high]. Every reader and rule parses attribute numbers through this, so a
    malformed value is ignored, as Word ignores it, instead of raising."""
    if value is None:
        return None
    match = _INT.fullmatch(value.strip())
    if match is None:
        return None
    number = int(match.group(0))
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number

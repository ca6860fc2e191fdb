"""Safe XML parsing and tolerant numbers for the readers (defined once, in checker.ooxml)."""
from __future__ import annotations

from ..ooxml import parse_xml, xml_int

__all__ = ["parse_xml", "xml_int"]

"""The outline of a report, built from its Document by `build_outline` (builder.py):

1. web residue lines (residue.py, rules/residue.yaml);
2. headings at four levels ("一、" / "（一）" / "1." / "（1）"), typed, produced by Word
   numbering, or given by heading styles; a heading may run into its paragraph (headings.py);
3. the end matter (signature, date; end.py) and the front matter (title, 红头 lines,
   addressee, preamble; front.py);
4. the parts and their kinds (rules/parts.yaml), headed or opened by an unheaded
   paragraph (parts.py); the report's facts: reporter, reporter kind, report year, plan
   year (reporter.py).

The result (result.py) is the Outline: it says what each block is (`role_of`,
`is_residue`) and never writes onto the Document's blocks.
"""
from __future__ import annotations

from .builder import build_outline
from .headings import detect_heading, LABELS
from .parts import classify_heading, classify_opening, KIND_NAMES, KINDS, patterns
from .reporter import reporter_from_name, signing_name, title_names_organ
from .residue import is_residue_line
from .result import Heading, Outline, Section
from .text import cn_to_int, fold

__all__ = ["build_outline", "Outline", "Section", "Heading", "KINDS", "KIND_NAMES", "LABELS",
           "classify_heading", "classify_opening", "detect_heading", "patterns",
           "reporter_from_name", "signing_name", "title_names_organ", "is_residue_line", "cn_to_int", "fold"]

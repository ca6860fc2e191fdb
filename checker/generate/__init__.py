"""Generator: structured input -> DOCX report, and a guided skeleton (see issue 6)."""

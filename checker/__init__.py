"""fzbg: checker and generator for 法治政府建设年度报告."""
from __future__ import annotations

__version__ = "0.1.0"

from .api import check, extract, generate, load, outline  # noqa: E402

__all__ = ["__version__", "load", "outline", "check", "generate", "extract"]

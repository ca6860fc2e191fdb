"""Keep the README's generated parts in step with the code: python -m checker.readme"""
from __future__ import annotations

from pathlib import Path

START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def update(readme: Path) -> bool:
    from .cli.check import rules_table_markdown

    text = readme.read_text(encoding="utf-8")
    a = text.index(START) + len(START)
    b = text.index(END)
    new = text[:a] + "\n" + rules_table_markdown() + "\n" + text[b:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":
    path = Path(__file__).resolve().parent.parent / "README.md"
    print("updated" if update(path) else "up to date", path)

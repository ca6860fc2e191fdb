"""Data rules: an exception-list regex runs once per paragraph, not once per match
(O(matches x length) made a long paragraph of "今年" quadratic; issue 17)."""
import checker
from checker.engine import rules


class CountingPattern:
    """A compiled regex that counts how often it is run over a text."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.runs = 0

    def finditer(self, text):
        self.runs += 1
        return self.pattern.finditer(text)


def test_exceptions_run_once_per_paragraph_and_still_except(monkeypatch):
    rule = rules()["YEAR002"]
    counting = [CountingPattern(rx) for rx in rule.exceptions]
    monkeypatch.setattr(rule, "exceptions", counting)
    paragraph = "今年度，" + "今年完成，" * 5000 + "今年度结束。"
    text = "示例县人民政府关于2023年度法治政府建设情况的报告\n" + paragraph + "\n" + paragraph + "\n"
    report = checker.check(text.encode("utf-8"), select=["YEAR002"])
    found = [f for f in report.findings if f.code == "YEAR002"]
    assert len(found) == 2 * 5000  # every "今年" but the two "今年度" of each paragraph
    assert all(f.data["bad"] == "今年" for f in found)
    assert all(c.runs <= 2 for c in counting)  # once for each of the two paragraphs

"""Property: for any valid input (Chinese text with punctuation, & < > and braces), the
DOCX opens with python-docx, holds every input text exactly once and in order, and its
outline has every part with the right kind."""
import io
import itertools

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.generator import ORDERS

# Han characters that cannot form a numbering label, a residue line or an unheaded
# part opener on their own, plus the punctuation and markup characters that break naive
# templating.
ALPHABET = "法治政府建设推进工作完善制度执法监督服务群众企业改革审批数据平台规范管理考核学习宣传教育依法行政决策公开透明效率质量" \
           "，。；：、“”《》（）&<>{}%#'\"ABCxyz "


def texts():
    counter = itertools.count()
    # a unique marker makes "exactly once" meaningful
    return st.text(alphabet=ALPHABET, min_size=1, max_size=25).map(
        lambda s: f"〔{next(counter)}〕{s}".strip())


@st.composite
def report_input(draw):
    t = texts()

    def content():
        sections = []
        for _ in range(draw(st.integers(1, 2))):
            items = []
            for _ in range(draw(st.integers(1, 2))):
                if draw(st.booleans()):
                    items.append({"heading": draw(t), "text": draw(t)})
                else:
                    items.append(draw(t))
            sections.append({"heading": draw(t), "items": items})
        return sections

    problems = [{"heading": draw(t), "text": draw(t), "causes": draw(t)} for _ in range(draw(st.integers(1, 3)))]
    plans = [{"heading": draw(t), "text": draw(t)} for _ in range(draw(st.integers(1, 3)))]
    return {
        "reporter": "青溪县", "report_year": 2023, "preamble": draw(t),
        "duty": content(), "measures": content(), "problems": problems, "plans": plans,
        "other": draw(t), "date": "2024-03-10", "order": draw(st.sampled_from(sorted(ORDERS))),
    }


def expected_texts(data):
    def content(c):
        out = []
        for sec in c:
            out.append(sec["heading"])
            for item in sec["items"]:
                out += [item["heading"], item["text"]] if isinstance(item, dict) else [item]
        return out

    parts = {
        "duty": content(data["duty"]),
        "measures": content(data["measures"]),
        "problems": [x for p in data["problems"] for x in (p["heading"], p["text"], p["causes"])],
        "plans": [x for p in data["plans"] for x in (p["heading"], p["text"])],
        "other": [data["other"]],
    }
    return [data["preamble"]] + [x for kind in ORDERS[data["order"]] for x in parts[kind]]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_input())
def test_generated_docx_holds_every_text_once_in_order(data):
    raw = checker.generate(data)
    document = docx.Document(io.BytesIO(raw))
    full = "\n".join(p.text for p in document.paragraphs)
    position = -1
    for text in expected_texts(data):
        assert full.count(text) == 1, text
        found = full.index(text)
        assert found > position, text
        position = found
    outline = checker.outline(checker.load(raw))
    assert [s.kind for s in outline.sections] == ORDERS[data["order"]]
    assert outline.missing == []

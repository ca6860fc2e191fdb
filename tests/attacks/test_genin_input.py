"""Generator input (YAML/JSON) is untrusted: alias and merge-key bombs, huge integers,
impossible dates, deep nesting and untypable characters are refused with the file and
the line or field, never a traceback (issue 17)."""
import json

import pytest
import yaml

import checker
from checker.data import templates_dir
from untrusted import refused, run_fzbg


def example_text():
    return (templates_dir() / "example.yaml").read_text(encoding="utf-8")


def alias_bomb(levels=12, fanout=9):
    """billion laughs: each level lists the previous one nine times (9**12 strings)."""
    lines = ['l0: &l0 ["' + "法" * 1000 + '"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fanout) + "]")
    return example_text() + "\n".join(lines) + "\n"


def string_bomb(chars=300_000, uses=20_000):
    """one long text used 20000 times: 1 MB of YAML, 6 GB of text once validated."""
    items = ", ".join(["*big"] * uses)
    return example_text().replace(
        "\nmeasures:\n", f"\nmeasures:\n  - heading: 别名\n    items: [&big \"{'法' * chars}\"]\n"
        f"  - heading: 大量别名\n    items: [{items}]\n", 1)


def merge_bomb(levels=40):
    """each mapping merges the previous one twice: flattening doubles at every level."""
    lines = ["m0: &m0 {k0: 1}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: 1}}")
    return "\n".join(lines) + "\n" + example_text()


@pytest.mark.parametrize("name, text, words", [
    ("bomb.yaml", alias_bomb(), ["锚点和别名", "第 "]),
    ("merge.yaml", merge_bomb(), ["锚点和别名", "第 "]),
    ("strings.yaml", string_bomb(), ["锚点和别名", "第 "]),
    ("cycle.yaml", "a: &a [*a]\n", ["循环引用"]),
    ("deep.yaml", "reporter: " + "[" * 100000 + "]" * 100000 + "\n", ["嵌套层数过多"]),
    ("deep.json", '{"reporter": ' + "[" * 100000 + "]" * 100000 + "}", ["嵌套层数过多"]),
    ("bigint.yaml", example_text().replace("report_year: 2023", "report_year: " + "9" * 5000),
     ["整数位数过多", f"第 {example_text().splitlines().index('report_year: 2023') + 1} 行"]),
    ("bigint.json", '{"report_year": ' + "9" * 5000 + "}", ["整数位数过多"]),
    ("huge.yaml", "preamble: " + "法" * (2 * 1024 * 1024) + "\n", ["文件过大"]),
])
def test_hostile_input_is_refused_quickly(tmp_path, name, text, words):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.docx"
    result = run_fzbg("generate", src, "-o", out)
    assert refused(result, name, *words), result.stderr[-500:]
    assert not out.exists()


def test_a_few_anchors_still_work(tmp_path, cli):
    text = example_text().replace("reporter: 青溪县", "reporter: &who 青溪县").replace(
        "# signature: 可省略，默认“青溪县人民政府”", "signature: *who")
    assert "*who" in text
    src = tmp_path / "in.yaml"
    src.write_text(text, encoding="utf-8")
    assert cli("generate", src, "-o", tmp_path / "out.docx").exit_code == 0


def test_impossible_date_names_the_field_and_line(tmp_path, cli):
    text = example_text()
    lines = text.splitlines()
    line = next(i for i, x in enumerate(lines, 1) if x.startswith("date:"))
    src = tmp_path / "in.yaml"
    src.write_text(text.replace(lines[line - 1], "date: 2024-02-30"), encoding="utf-8")
    result = cli("generate", src, "-o", tmp_path / "out.docx")
    assert result.exit_code == 2
    assert f"in.yaml：第 {line} 行，date：日期“2024-02-30”不存在" in result.stderr


@pytest.mark.parametrize("char", ["\a", "\f", "\x1b", "\x00", "\x0b", "\ud800"])
def test_untypable_characters_are_refused(tmp_path, cli, char):
    """docxtpl turns "\\a" into a paragraph and "\\f" into a page break; XML drops the
    rest: text must come out as typed, so it is refused with the field's line."""
    data = yaml.safe_load(example_text())
    data["measures"][0]["items"][0]["text"] = "前" + char + "后"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(data, ensure_ascii=True, default=str), encoding="utf-8")
    result = cli("generate", src, "-o", tmp_path / "out.docx")
    assert result.exit_code == 2 and "measures[0].items[0].text" in result.stderr
    assert f"U+{ord(char):04X}" in result.stderr and not (tmp_path / "out.docx").exists()


def test_blank_reporter_is_refused(tmp_path, cli):
    for reporter in ("", "   ", "\u3000"):
        out = tmp_path / "out.docx"
        result = cli("skeleton", "--reporter", reporter, "--year", "2024", "-o", out)
        assert result.exit_code == 2 and "--reporter 不能为空" in result.stderr and not out.exists()
    data = yaml.safe_load(example_text())
    data["reporter"] = "  "
    with pytest.raises(checker.generator.InputDataError, match="reporter：不能为空"):
        checker.generate(data)


@pytest.mark.skipif(not __import__("os").path.exists("/dev/zero"), reason="no /dev/zero")
def test_endless_input_is_read_only_up_to_the_limit(tmp_path, cli):
    result = cli("generate", "/dev/zero", "-o", tmp_path / "out.docx")
    # refused without reading, as check and --config refuse it (one reader: checker.fsio.read_regular)
    assert result.exit_code == 2 and "/dev/zero：不是普通文件" in result.stderr

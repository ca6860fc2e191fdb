"""A template passed with --template is untrusted: it renders in a sandbox, within bounds,
and is read with the same zip limits as a draft (issue 17)."""
import zipfile

import docx
import pytest

import checker
from untrusted import refused, run_fzbg

POPEN = "{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def template(path, *paragraphs, title=None):
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    if title is not None:
        d.core_properties.title = title
    d.save(path)
    return path


@pytest.fixture
def example(tmp_path, cli):
    src = tmp_path / "in.yaml"
    src.write_text(cli("example").stdout, encoding="utf-8")
    return src


@pytest.mark.parametrize("where", ["body", "core-properties"])
def test_template_cannot_run_commands(tmp_path, example, cli, where):
    marker = tmp_path / "PWNED"
    payload = POPEN.format(marker=marker)
    tpl = template(tmp_path / "evil.docx", payload if where == "body" else "{{ title }}",
                   title=payload if where != "body" else None)
    out = tmp_path / "out.docx"
    result = cli("generate", example, "-o", out, "--template", tpl)
    assert result.exit_code == 2 and "evil.docx" in result.stderr and "不允许的操作" in result.stderr
    assert not marker.exists() and not out.exists()
    result = cli("skeleton", "--reporter", "青溪县", "--year", "2024", "-o", out, "--template", tpl)
    assert result.exit_code == 2 and not marker.exists() and not out.exists()


@pytest.mark.parametrize("payload", [
    "{% include '/etc/passwd' %}",
    "{% import '/etc/passwd' as p %}",
    "{{ lipsum.__globals__['os'].open('/etc/passwd').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    # an external entity smuggled into the rendered XML (docxtpl re-parses the body)
    """{{ '</w:t></w:r></w:p><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:p><w:r><w:t>&e;'|safe }}""",
])
def test_template_cannot_read_files_or_reach_python(tmp_path, example, cli, payload):
    tpl = template(tmp_path / "evil.docx", payload, "{{ title }}")
    out = tmp_path / "out.docx"
    result = cli("generate", example, "-o", out, "--template", tpl)
    if result.exit_code == 0:  # an unknown name renders empty: then nothing leaked either
        text = "\n".join(b.text for b in checker.load(out).blocks)
        assert "root:" not in text and "__" not in text and "class" not in text
    else:
        assert result.exit_code == 2 and "evil.docx" in result.stderr and "Traceback" not in result.stderr
        assert "root:" not in result.stderr and not out.exists()
        if "include" in payload or "import" in payload:
            assert "不能引用其他文件" in result.stderr


@pytest.mark.parametrize("payload, why", [
    ("{% for i in range(10**9) %}x{% endfor %}", "数值过大"),
    ("{% for i in range(9999) %}{% for j in range(9999) %}{% for k in range(9999) %}{% endfor %}{% endfor %}{% endfor %}", "计算量"),
    ("{% for b in blocks %}{% for a in range(9999) %}{% for c in range(9999) %}{{ a }}{% endfor %}{% endfor %}{% endfor %}", "超出限制"),
    ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}", "计算量"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "值过大"),
    ("{{ 'a' * 10**9 }}", "超出限制"),
    ("{{ 10 ** (10 ** 10) }}", "整数过大"),
    ("{{ ([title] * 100000)|join }}", "超出限制"),
    ("{{ ('\t' * 100000).expandtabs(99999) }}", "不允许的操作"),
    ("{{ '{:>999999999}'.format(1) }}", "不允许的操作"),
    ("{{ '%999999999d' % 1 }}", "不允许的操作"),
    ("{{ title|center(999999999) }}", "不支持过滤器“center”"),
    ("{{" + "{" * 200_000, "标签"),  # docxtpl's tag clean-up regex is quadratic in a paragraph
])
def test_template_bombs_are_refused_within_bounds(tmp_path, payload, why):
    tpl = template(tmp_path / "bomb.docx", payload)
    out = tmp_path / "out.docx"
    result = run_fzbg("skeleton", "--reporter", "青溪县", "--year", "2024", "-o", out, "--template", tpl)
    assert refused(result, "bomb.docx", why), result.stderr[-500:]
    assert not out.exists()


def test_zip_bomb_template_is_refused_before_inflating(tmp_path):
    tpl = template(tmp_path / "bomb.docx", "{{ title }}")
    with zipfile.ZipFile(tpl, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("word/media/image1.png", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, about 300 KB compressed
                member.write(chunk)
    assert tpl.stat().st_size < 1_000_000
    out = tmp_path / "out.docx"
    result = run_fzbg("skeleton", "--reporter", "青溪县", "--year", "2024", "-o", out, "--template", tpl)
    assert refused(result, "bomb.docx", "模板文件无法使用"), result.stderr
    assert not out.exists()


@pytest.mark.parametrize("content, why", [
    (b"just text, renamed to .docx\n", "不是 .docx"),
    (b"PK\x03\x04" + b"\0" * 100, "模板文件无法使用"),
    ("xlsx", "不是有效的 Word 文档"),
    ("{{ title ", "语法错误"),
    ("{% for x in blocks %}no end", "语法错误"),
])
def test_bad_templates_are_named(tmp_path, example, cli, content, why):
    tpl = tmp_path / "mine.docx"
    if content == "xlsx":
        with zipfile.ZipFile(tpl, "w") as zf:
            zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
            zf.writestr("xl/workbook.xml", "<workbook/>")
    elif isinstance(content, bytes):
        tpl.write_bytes(content)
    else:
        template(tpl, content)
    result = cli("generate", example, "-o", tmp_path / "out.docx", "--template", tpl)
    assert result.exit_code == 2 and "mine.docx" in result.stderr and why in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_user_text_comes_out_as_typed(tmp_path):
    """docxtpl rewrites "{_{" to "{{" after rendering; input text is escaped against it."""
    import yaml
    from checker.data import templates_dir

    data = yaml.safe_load((templates_dir() / "example.yaml").read_text(encoding="utf-8"))
    typed = "字面{_{ x }_}与{{ y }}、{% if z %}、{_% w %_}、{# c #}、a&b<c>、100%完成。"
    data["preamble"] = typed
    data["other"] = "制表\t符。"
    texts = [b.text for b in checker.load(checker.generate(data)).blocks]
    assert typed in texts
    assert "制表\t符。" in texts


def test_user_template_text_and_properties_come_out_as_typed(tmp_path, cli):
    """A user's template: body and docProps/core.xml get the text exactly as typed (the
    properties are plain text: not XML-escaped, no brace references)."""
    import yaml
    from checker.data import templates_dir

    data = yaml.safe_load((templates_dir() / "example.yaml").read_text(encoding="utf-8"))
    data["title"] = "青溪县人民政府关于2023年度法治政府建设情况的报告（A&B {_{ x }_}）"
    src = tmp_path / "in.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    tpl = template(tmp_path / "mine.docx", "{{ title }}", "{{ title|e }}", "{{ reporter }}{{ report_year }}",
                   title="{{ title }}")
    out = tmp_path / "out.docx"
    assert cli("generate", src, "-o", out, "--template", tpl).exit_code == 0
    d = docx.Document(out)
    assert [p.text for p in d.paragraphs] == [data["title"], data["title"], "青溪县2023"]
    assert d.core_properties.title == data["title"]

"""Generator: structured input -> a DOCX report in the regulation's outline and the
GB/T 9704 layout, rendered with docxtpl (autoescape on) from templates/; and a guided
skeleton that the checker reports as unfinished until it is filled in."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..data import templates_dir
from ..errors import FzbgError, InputDataError  # noqa: F401 (InputDataError: raised here, also imported from here)
from ..numerals import chinese_counting
from .sandbox import SafeEnvironment
from .schema import Item, PlanItem, ReportInput, Section, error_path, friendly_errors
from .title import split_title

TEMPLATES = ("government", "department")


# ---------------------------------------------------------------- reading input

MAX_INPUT_BYTES = 4 * 1024 * 1024  # a whole year's report is about 50 KB of YAML
MAX_NODES = 200_000  # YAML/JSON values after expanding aliases and merge keys
MAX_CHARS = 8 * 1024 * 1024  # characters of text, aliases expanded
MAX_DEPTH = 50  # nesting of lists and mappings (the schema needs 5)


class _Refused(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses what would make construction explode: deep nesting,
    integers beyond Python's 4300-digit limit, impossible dates (kept as text, so the
    schema reports the field and its line)."""

    def compose_node(self, parent, index):
        self._depth = getattr(self, "_depth", 0) + 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"嵌套层数过多（超过 {MAX_DEPTH} 层）", self.peek_event().start_mark.line + 1)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise _Refused("整数位数过多（超过 4300 位）", node.start_mark.line + 1)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)  # "2024-02-30": the schema says it is no date


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _expanded_size(root) -> tuple[int, int]:
    """(values, characters) of the YAML tree with every alias expanded (a shared node
    counts each time it is used). Refuses past MAX_NODES values or MAX_CHARS characters
    of text without expanding anything, and refuses an alias to itself."""
    sizes: dict[int, tuple[int, int]] = {}
    active: set[int] = set()

    def size(node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _Refused("锚点（&）引用了自身（循环引用）", node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return 1, len(node.value)
        active.add(key)
        children = node.value if isinstance(node, yaml.SequenceNode) else [x for kv in node.value for x in kv]
        values, chars = 1, 0
        for child in children:
            v, c = size(child)
            values += v
            chars += c
            if values > MAX_NODES or chars > MAX_CHARS:
                raise _Refused(f"展开锚点和别名（&/*/<<）后内容过多（超过 {MAX_NODES} 项或 {MAX_CHARS} 个字符），已拒绝",
                               child.start_mark.line + 1)
        active.discard(key)
        sizes[key] = values, chars
        return values, chars

    return size(root)


def _load_yaml(text: str):
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _expanded_size(node)
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def _read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most limit bytes (checker.fsio.read_regular: a
    FIFO, a device or a folder is refused, never waited on)."""
    from ..fsio import NotRegular, TooLarge, read_regular

    try:
        return read_regular(path, limit)
    except NotRegular:
        raise InputDataError(f"{path}：不是普通文件（不能是文件夹、管道或设备），已拒绝读取") from None
    except TooLarge:
        raise InputDataError(f"{path}：文件过大（超过 {limit // (1024 * 1024)} MB），{what}") from None
    except OSError as exc:
        raise InputDataError(f"{path}：无法读取（{exc.strerror or exc}）") from None


def read_input(path: Path) -> tuple[dict, object | None]:
    """(data, yaml node tree or None). YAML (.yaml/.yml) or JSON (.json)."""
    return parse_input(_read_bounded(path, MAX_INPUT_BYTES, "不像报告的输入内容"), str(path))


def parse_input(raw: bytes, path: str) -> tuple[dict, object | None]:
    """read_input on bytes already read (an upload); path names it in messages and its
    suffix (.json or not) chooses the parser."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputDataError(f"{path}：文件过大（超过 {MAX_INPUT_BYTES // (1024 * 1024)} MB），不像报告的输入内容")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputDataError(f"{path}：不是 UTF-8 编码的文本，请另存为 UTF-8")
    if not text.strip():
        raise InputDataError(f"{path}：文件为空")
    if Path(path).suffix.lower() == ".json":
        try:
            return json.loads(text), None
        except json.JSONDecodeError as exc:
            raise InputDataError(f"{path}：第 {exc.lineno} 行：JSON 格式错误（{exc.msg}）")
        except RecursionError:
            raise InputDataError(f"{path}：嵌套层数过多")
        except ValueError:  # an integer over Python's 4300-digit limit
            raise InputDataError(f"{path}：整数位数过多（超过 4300 位）")
    try:
        data, node = _load_yaml(text)
    except _Refused as exc:
        where = f"第 {exc.line} 行：" if exc.line else ""
        raise InputDataError(f"{path}：{where}{exc}")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputDataError(f"{path}：{where}YAML 格式错误（{problem}）")
    except RecursionError:
        raise InputDataError(f"{path}：嵌套层数过多")
    if not isinstance(data, dict):
        raise InputDataError(f"{path}：顶层应为“字段: 值”的映射（参考 fzbg example 的输出）")
    return data, node


def _yaml_line(node, loc) -> int | None:
    line = None
    for part in loc:
        if node is None:
            break
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            nxt = None
            for k, v in node.value:
                if k.value == part:
                    line = k.start_mark.line + 1
                    nxt = v
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                node = None
        else:
            break
    return line


def validate(data: dict, source: str = "<输入>", node=None) -> ReportInput:
    try:
        return ReportInput.model_validate(data)
    except ValidationError as exc:
        lines = []
        for loc, msg in friendly_errors(exc):
            line = _yaml_line(node, loc) if node is not None else None
            where = f"第 {line} 行，" if line else ""
            lines.append(f"{source}：{where}{error_path(loc)}：{msg}")
        raise InputDataError("输入内容有误：\n" + "\n".join(lines))


# ---------------------------------------------------------------- context

PART_HEADINGS = {
    "duty": "{y}年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    "measures": "{y}年度推进法治政府建设的主要举措和成效",
    "problems": "{y}年度推进法治政府建设存在的不足和原因",
    "plans": "{n}年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}
ORDERS = {
    "regulation": ["measures", "problems", "duty", "plans", "other"],
    "duty_first": ["duty", "measures", "problems", "plans", "other"],
}
_CAUSE = ("原因", "由于", "归因于", "根源", "症结", "之所以")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def _end(text: str) -> str:
    return text if text[-1:] in "。！？；：…”" else text + "。"


def _content_blocks(content) -> list[dict]:
    blocks = []
    n2 = 0
    for entry in content:
        if isinstance(entry, Section):
            n2 += 1
            blocks.append({"level": 2, "text": f"（{chinese_counting(n2)}）{entry.heading}"})
            n3 = 0
            for item in entry.items:
                if isinstance(item, Item) and item.heading:
                    n3 += 1
                    paras = _paragraphs(item.text)
                    blocks.append({"level": 3, "text": f"{n3}.{_end(item.heading)}{paras[0]}"})
                    blocks += [{"level": 0, "text": p} for p in paras[1:]]
                else:
                    text = item.text if isinstance(item, Item) else item
                    blocks += [{"level": 0, "text": p} for p in _paragraphs(text)]
        else:
            blocks += [{"level": 0, "text": p} for p in _paragraphs(entry)]
    return blocks


def _problem_blocks(problems) -> list[dict]:
    blocks = []
    for i, p in enumerate(problems, start=1):
        blocks.append({"level": 2, "text": f"（{chinese_counting(i)}）{p.heading}"})
        paras = _paragraphs(p.text) if p.text else []
        causes = _paragraphs(p.causes) if p.causes else []
        if causes and not any(w in causes[0] for w in _CAUSE):
            causes[0] = "主要原因是" + causes[0].lstrip("：:")
        blocks += [{"level": 0, "text": x} for x in paras + causes]
    return blocks


def _plan_blocks(plans) -> list[dict]:
    blocks = []
    for i, p in enumerate(plans, start=1):
        blocks.append({"level": 2, "text": f"（{chinese_counting(i)}）{p.heading}"})
        blocks += [{"level": 0, "text": x} for x in _paragraphs(p.text)]
    return blocks


def build_context(report: ReportInput) -> dict:
    y, n = report.report_year, report.report_year + 1
    parts = {
        "duty": _content_blocks(report.duty),
        "measures": _content_blocks(report.measures),
        "problems": _problem_blocks(report.problems),
        "plans": _plan_blocks(report.plans),
        "other": [{"level": 0, "text": p} for p in _paragraphs(report.other)],
    }
    blocks = []
    for i, kind in enumerate(ORDERS[report.order], start=1):
        blocks.append({"level": 1, "text": f"{chinese_counting(i)}、{PART_HEADINGS[kind].format(y=y, n=n)}"})
        blocks += parts[kind]
    d = report.date
    return {
        "title": report.full_title,
        "title_lines": split_title(report.full_title, [report.official_name, report.reporter, report.signature_text]),
        "addressee": "、".join(report.addressees),
        "preamble": _paragraphs(report.preamble),
        "blocks": blocks,
        "signature": report.signature_text,
        "date": f"{d.year}年{d.month}月{d.day}日",
        "reporter": report.reporter,
        "report_year": y,
        "plan_year": n,
    }


# ---------------------------------------------------------------- rendering

def template_path(template: str | None, kind: str = "government") -> Path:
    name = template or kind
    if name in TEMPLATES:
        return templates_dir() / f"{name}.docx"
    path = Path(name)
    if not path.is_file():
        raise InputDataError(f"{name}：模板文件不存在（内置模板：government、department）")
    return path


def _template_error(template: Path, exc: Exception) -> InputDataError:
    """A Chinese message naming the template for whatever stopped its rendering."""
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SecurityError

    from .sandbox import TemplateLimitError

    if isinstance(exc, TemplateLimitError):
        return InputDataError(f"{template}：模板无法渲染：超出限制，已拒绝（{exc}）")
    if isinstance(exc, SecurityError):
        attr = re.search(r"attribute '([^']+)'", str(exc))
        what = f"“{attr.group(1)}”：" if attr else ""
        return InputDataError(f"{template}：模板无法渲染：含有不允许的操作（{what}访问内部属性、不安全的调用或不支持的写法），已拒绝")
    unsupported = re.match(r"No (filter|test) named '([^']+)'", getattr(exc, "message", "") or "")
    if isinstance(exc, TemplateSyntaxError) and unsupported:
        kind = "过滤器" if unsupported.group(1) == "filter" else "测试"
        return InputDataError(f"{template}：模板无法渲染：不支持{kind}“{unsupported.group(2)}”（模板在沙箱中渲染，可用的写法见 README 的 Security 一节）")
    if isinstance(exc, TemplateSyntaxError):
        near = " ".join(t.strip() for t in getattr(exc, "docx_context", []) if t.strip())[:60]
        where = f"，位置在“{near}”附近" if near else ""
        return InputDataError(f"{template}：模板无法渲染：标签有语法错误（{exc.message}）{where}")
    if isinstance(exc, TypeError) and "no loader" in str(exc):
        return InputDataError(f"{template}：模板无法渲染：模板不能引用其他文件（include、import、extends），已拒绝")
    if isinstance(exc, RecursionError):
        return InputDataError(f"{template}：模板无法渲染：嵌套或递归过深，已拒绝")
    if isinstance(exc, MemoryError):
        return InputDataError(f"{template}：模板无法渲染：所需内存过大，已拒绝")
    return InputDataError(f"{template}：模板无法渲染（{exc.__class__.__name__}：{exc}）")


MAX_TAG_SCAN = 50_000_000
MAX_TEMPLATE_BYTES = 64 * 1024 * 1024
_OPENER = re.compile(rb"\{(?=[{%])")


def _tag_scan_cost(zf) -> int:
    """What docxtpl's tag clean-up (a lazy regex per "{{"/"{%" up to the end of the
    paragraph) costs on this template: openers x length, per paragraph. A paragraph of
    20000 "{" takes 7 s, 200 KB of them 10 minutes; real templates stay far below."""
    cost = 0
    for info in zf.infolist():
        if info.filename.startswith("word/") and info.filename.lower().endswith(".xml"):
            for para in zf.read(info).split(b"<w:p"):
                if b"{" in para:
                    cost += len(_OPENER.findall(para)) * len(para)
    return cost


def _open_template(template: Path):
    """A DocxTemplate, after the same zip checks as a draft (size, ratio, member count)."""
    from docxtpl import DocxTemplate

    from ..errors import InputError
    from ..ooxml import open_zip

    class _Template(DocxTemplate):
        def render_properties(self, context, jinja_env=None):
            # core properties are plain text: a sandbox without XML escaping
            super().render_properties(context, SafeEnvironment(autoescape=False))

    data = _read_bounded(template, MAX_TEMPLATE_BYTES, "不像报告模板")
    if not data.startswith(b"PK\x03\x04"):
        raise InputDataError(f"{template}：模板不是 .docx 文件（请提供 Word .docx 格式的模板）")
    try:
        with open_zip(data, str(template)) as zf:
            cost = _tag_scan_cost(zf)
    except InputError as exc:
        raise InputDataError(f"{template}：模板文件无法使用：{exc.reason}")
    except Exception as exc:  # a damaged member (zlib, CRC)
        raise InputDataError(f"{template}：模板文件已损坏（{exc.__class__.__name__}），请在 Word/WPS 中重新另存为 .docx")
    if cost > MAX_TAG_SCAN:
        raise InputDataError(f"{template}：模板无法渲染：段落中的标签（{{{{ 或 {{%）过多过长，疑似恶意构造，已拒绝")
    try:
        tpl = _Template(io.BytesIO(data))
        tpl.init_docx()
    except Exception as exc:  # python-docx: not a Word package, a broken part
        raise InputDataError(f"{template}：模板不是有效的 Word 文档（{exc.__class__.__name__}），请在 Word/WPS 中另存为 .docx")
    return tpl


def _set_properties(props, context: dict) -> None:
    """A new document's properties: its title, the reporting organ as author, made now.
    What a template's own author or tool left there (an old date, "generated by
    python-docx") does not carry over."""
    props.title = context["title"]
    props.author = props.last_modified_by = context.get("signature") or context.get("reporter") or ""
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.revision = 1
    for field in ("comments", "keywords", "subject", "category"):
        if re.search(r"python-docx|docxtpl|generated by|fzbg", getattr(props, field) or "", re.I):
            setattr(props, field, "")


def render(context: dict, template: Path) -> bytes:
    """Render in the sandbox (checker.generator.sandbox): no code runs, no file is read."""
    tpl = _open_template(template)
    context = {"title_lines": [context["title"]], **context}
    try:
        tpl.render(context, jinja_env=SafeEnvironment(autoescape=True))
        _set_properties(tpl.docx.core_properties, context)
        buf = io.BytesIO()
        tpl.save(buf)
    except Exception as exc:  # a user's template: broken tags, forbidden access, limits
        raise _template_error(template, exc)
    return buf.getvalue()


def generate_bytes(data, template: str | None = None, source: str | None = None) -> bytes:
    """data: a dict, a ReportInput, a path to a YAML/JSON file, or the bytes of one
    (source: its name, for messages and the .json/.yaml choice)."""
    node = None
    if isinstance(data, (str, Path)):
        source = str(data)
        data, node = read_input(Path(data))
    elif isinstance(data, (bytes, bytearray)):
        source = source or "<输入>.yaml"
        data, node = parse_input(bytes(data), source)
    source = source or "<输入>"
    report = data if isinstance(data, ReportInput) else validate(data, source, node)
    return render(build_context(report), template_path(template, report.reporter_kind))

"""The Jinja2 environment a template (ours or a user's --template) renders in.

A template is untrusted input: a "provincial template" passed around by mail may carry
``{{ cycler.__init__.__globals__.os.popen(...) }}`` or ``{% for i in range(10**9) %}``.
Templates therefore render in Jinja2's ``ImmutableSandboxedEnvironment`` (no access to
``_``-attributes, no mutation of lists and dicts, no loader: include/import/extends fail),
with bounds on the work a render may do:

- one work budget per render (WORK_LIMIT units): each loop iteration, filter and
  attribute access costs one unit, a call CALL_COST units, each value or piece of
  output made its length;
- ``range`` makes at most MAX_RANGE items; a value made in the template (``~``, ``+``, ``*``,
  a filter or method result) holds at most MAX_VALUE characters or items; an integer at
  most MAX_INT_BITS bits; numbers passed to a call or filter at most MAX_ARG;
- rendered text (the document part, a macro, a block) at most MAX_OUTPUT characters;
- only filters and string methods that cannot blow up a value are available
  (no ``center``, ``indent``, ``replace``, ``format``, ``str.expandtabs``, ``str.join`` ...).

Text from the input is escaped for XML, and ``{`` ``}`` as character references, so that
docxtpl's post-processing (``{_{`` -> ``{{``) cannot change it.
"""
from __future__ import annotations

import functools

from jinja2 import nodes
from jinja2.filters import FILTERS
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

WORK_LIMIT = 3_000_000  # 1-3 s at worst; the built-in template needs about 11 000
CALL_COST = 25  # a call (a macro above all) costs about 25 loop iterations
MAX_RANGE = 10_000
MAX_VALUE = 1_000_000
MAX_OUTPUT = 32_000_000
MAX_INT_BITS = 16_000  # about 4800 decimal digits
MAX_ARG = 100_000

_FILTERS = {
    "abs", "attr", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first",
    "float", "forceescape", "groupby", "int", "items", "join", "last", "length", "list", "lower",
    "map", "max", "min", "reject", "rejectattr", "reverse", "round", "safe", "select",
    "selectattr", "sort", "string", "striptags", "sum", "title", "trim", "truncate", "unique",
    "upper", "wordcount",
}
_STR_METHODS = {
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha",
    "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "lower",
    "lstrip", "partition", "removeprefix", "removesuffix", "rfind", "rindex", "rpartition",
    "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper",
}
_LOOP = "fzbg_loop"
_CHECKED = "fzbg_checked"


class TemplateLimitError(SecurityError):
    """A render exceeded one of the bounds above (message in Chinese)."""


def _size(value) -> int:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def xml_text(value):
    """finalize for the document XML: text escaped, braces as character references, also
    in markup (``|e``, ``|safe``, a macro's output): a brace is never XML syntax, and
    docxtpl's post-processing must not see one that came from a value."""
    if value is None:
        return ""
    text = value.__html__() if hasattr(value, "__html__") else escape(str(value))
    # str.replace, not Markup.replace (which would escape the "&" of the references)
    return Markup(str.replace(str.replace(text, "{", "&#123;"), "}", "&#125;"))


class SafeEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, autoescape: bool = True):
        super().__init__(autoescape=autoescape, finalize=xml_text if autoescape else None)
        self.work = 0
        self.globals = {k: v for k, v in self.globals.items() if k in ("cycler", "joiner", "namespace", "dict")}
        self.globals["range"] = self._range
        self.filters = {name: self._checked_filter(FILTERS[name]) for name in _FILTERS}
        self.filters["join"] = self._checked_filter(self._join)
        self.filters[_LOOP] = self._loop
        self.filters[_CHECKED] = self._check
        self.concat = self._concat

    # ------------------------------------------------------------ budget

    def spend(self, units: int) -> None:
        self.work += units
        if self.work > WORK_LIMIT:
            raise TemplateLimitError(f"模板渲染的计算量超过上限（{WORK_LIMIT} 步），疑似无限循环或递归")

    def _check(self, value):
        n = _size(value)
        if n > MAX_VALUE:
            raise TemplateLimitError(f"模板生成的值过大（{n} 个字符或元素，上限 {MAX_VALUE}）")
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise TemplateLimitError(f"模板中的整数过大（上限 {MAX_INT_BITS} 位二进制）")
        self.spend(1 + n)
        return value

    def _check_args(self, args, kwargs) -> None:
        for a in (*args, *kwargs.values()):
            if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_ARG:
                raise TemplateLimitError(f"模板中传给函数或过滤器的数值过大（{MAX_ARG} 以内）")

    # ------------------------------------------------------------ hooks

    def _range(self, *args):
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise TemplateLimitError(f"模板中的 range() 过大（{len(rng)} 项，上限 {MAX_RANGE}）")
        self.spend(len(rng))
        return rng

    def _loop(self, iterable):
        for item in iterable:
            self.spend(1)
            yield item

    def _join(self, eval_ctx, value, d="", attribute=None):
        items = list(value)
        self.spend(len(items))
        total = sum(len(str(x)) for x in items) + len(str(d)) * len(items)
        if total > MAX_VALUE:
            raise TemplateLimitError(f"模板生成的值过大（{total} 个字符，上限 {MAX_VALUE}）")
        return FILTERS["join"](eval_ctx, items, d, attribute)

    _join.jinja_pass_arg = FILTERS["join"].jinja_pass_arg  # type: ignore[attr-defined]

    def _checked_filter(self, func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            self._check_args(args[1:], kwargs)
            return self._check(func(*args, **kwargs))

        return run

    def _concat(self, parts) -> str:
        out = []
        total = 0
        for part in parts:  # the render's chunks as they are made: each costs its length
            total += len(part)
            if total > MAX_OUTPUT:
                raise TemplateLimitError(f"模板渲染结果过大（超过 {MAX_OUTPUT} 个字符）")
            self.spend(1 + len(part))
            out.append(part)
        return "".join(out)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        __self._check_args(args, kwargs)
        __self.spend(CALL_COST + sum(_size(a) for a in args))
        return __self._check(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        if operator == "%" and isinstance(left, str):
            raise SecurityError("模板中不支持用 % 格式化字符串")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if max(left.bit_length(), 1) * right > MAX_INT_BITS and abs(left) > 1:
                raise TemplateLimitError(f"模板中的整数过大（上限 {MAX_INT_BITS} 位二进制）")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(n, int) and _size(seq) * max(n, 0) > MAX_VALUE:
                    raise TemplateLimitError(f"模板生成的值过大（上限 {MAX_VALUE} 个字符或元素）")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimitError(f"模板中的整数过大（上限 {MAX_INT_BITS} 位二进制）")
        if operator == "+" and _size(left) + _size(right) > MAX_VALUE:
            raise TemplateLimitError(f"模板生成的值过大（上限 {MAX_VALUE} 个字符或元素）")
        return self._check(super().call_binop(context, operator, left, right))

    def getattr(self, obj, attribute):
        self.spend(1)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.spend(1)
        return super().getitem(obj, argument)

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, str) and attr not in _STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value):
        return None  # str.format / format_map: refused by is_safe_attribute instead

    # ------------------------------------------------------------ parse

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP, [], [], None, None, lineno=loop.lineno)
        _wrap_concat(tree)
        return tree


def _checked(node):
    return nodes.Filter(node, _CHECKED, [], [], None, None, lineno=node.lineno)


def _wrap_concat(node) -> None:
    """Every ``a ~ b`` (Concat node) becomes ``(a ~ b)|fzbg_checked``: its size is bounded."""
    for field, value in node.iter_fields():
        if isinstance(value, nodes.Node):
            _wrap_concat(value)
            if isinstance(value, nodes.Concat):
                setattr(node, field, _checked(value))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, nodes.Node):
                    _wrap_concat(item)
                    if isinstance(item, nodes.Concat):
                        value[i] = _checked(item)

"""The package's import graph: no cycles, and the flow runs one way
(file -> reader -> Document -> outline -> rules -> findings -> outputs).

The graph is built from the source (ast), with every import statement counted, also
those inside functions: a lazy import is still a dependency. `from .pkg import name`
is an edge to the module pkg.name when that is a module, else to pkg (its __init__).
Imports under `if TYPE_CHECKING:` are left out: they never run.
"""
import ast
import tomllib

import pytest

from conftest import ROOT

PACKAGE = ROOT / "checker"


def module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def _nodes(tree):
    """ast.walk without the bodies of `if TYPE_CHECKING:`."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))


def imports_of(name: str, path, known) -> set:
    """Modules of the package that the module `name` (file `path`) imports."""
    is_package = path.name == "__init__.py"
    out = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        out |= {t for t in targets if t in known and t != name}
    return out


def graph() -> dict:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(g: dict) -> list:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_relative_and_lazy_imports():
    g = graph()
    assert "checker.engine.run" not in g["checker.engine.base"]  # under TYPE_CHECKING
    assert "checker.engine.base" in g["checker.engine"]  # from .base import ...
    assert "checker.engine" in g["checker.api"]  # inside check()
    assert "checker.cli.check" in g["checker.cli"]  # from . import check
    assert "checker.engine" in g["checker.checks.outline"]  # from ..engine import ...


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_cycle_detection_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


LAYERS_ABOVE_READERS = ("checker.checks", "checker.outputs", "checker.generator", "checker.fix")


def ingest_importers() -> set:
    return {name for name, deps in graph().items()
            if name.startswith(LAYERS_ABOVE_READERS) and any(d.startswith("checker.ingest") for d in deps)}


def test_rules_fix_outputs_and_generator_do_not_import_readers():
    """Rules, fix, outputs and the generator get what they need from the model, the OOXML
    layer (checker/ooxml.py), checker/numerals.py and checker/limits.py, never a reader."""
    assert ingest_importers() == set()


def test_rules_read_plain_data_not_xml():
    """Rule modules import neither lxml nor the OOXML layer: the reader puts what they
    need into the Document model."""
    g = graph()
    for name, path in modules().items():
        if name.startswith("checker.checks"):
            assert "checker.ooxml" not in g[name], name
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
            assert "lxml" not in imported and "docx" not in imported, name


def test_every_package_is_shipped():
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    for init in PACKAGE.rglob("__init__.py"):
        assert module_name(init) in packages, module_name(init)


def test_the_server_calls_the_api_only():
    """fzbg serve (checker/serve/) reads drafts, checks and generates through checker.api
    (and names its errors from checker.errors): what it accepts is decided in one place."""
    allowed = {"checker", "checker.api", "checker.errors"}
    g = graph()
    for name, deps in g.items():
        if name.startswith("checker.serve"):
            assert {d for d in deps if not d.startswith("checker.serve")} <= allowed, name

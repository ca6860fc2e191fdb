"""Every data file the package reads at run time is shipped in the wheel."""
import fnmatch
import tomllib

from conftest import ROOT


def test_rules_and_templates_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package, folder in config["package-dir"].items():
        patterns = config["package-data"][package]
        for f in (ROOT / folder).rglob("*"):
            if f.is_file() and f.suffix in (".yaml", ".txt", ".docx") and "__pycache__" not in f.parts:
                rel = f.relative_to(ROOT / folder).as_posix()
                assert any(fnmatch.fnmatch(rel, p) and rel.count("/") == p.count("/") for p in patterns), rel

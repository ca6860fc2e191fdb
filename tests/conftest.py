import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))


def seed_annotations():
    path = SEEDS / "expected.yaml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def seed_params():
    ann = seed_annotations()
    if not ann:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="../shared/seeds is absent"))]
    return [pytest.param(name, data, id=name[:3]) for name, data in ann.items()]


@pytest.fixture
def cli():
    from typer.testing import CliRunner

    from checker.cli import app

    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [str(a) for a in args])

    return run

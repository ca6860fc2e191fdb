"""An output path that is the input by identity (hard link, symlink) is refused."""
import os

import pytest

from conftest import FIXTURES
from ooxml_helpers import digest

EXAMPLE = FIXTURES / "example.docx"


def draft(tmp_path):
    src = tmp_path / "d.docx"
    src.write_bytes(EXAMPLE.read_bytes())
    return src


@pytest.mark.parametrize("link", ["hard", "sym"])
@pytest.mark.parametrize("command", ["fix", "annotate"])
def test_output_linked_to_the_input_is_refused(cli, tmp_path, link, command):
    src = draft(tmp_path)
    before = digest(src)
    out = tmp_path / "out.docx"
    (os.link if link == "hard" else os.symlink)(src, out)
    result = cli("fix", src, "-o", out) if command == "fix" else cli("check", src, "--annotate", out)
    assert result.exit_code == 2 and ("输入文件" if command == "fix" else "不能覆盖") in result.stderr
    assert digest(src) == before


def test_fix_in_place_through_a_symlink_keeps_the_link(cli, tmp_path):
    src = tmp_path / "d.txt"
    src.write_text("一、主要举措和成效\n2023年,我县坚持依法行政。\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    assert cli("fix", link, "--in-place").exit_code == 0
    assert link.is_symlink() and "2023年，我县" in src.read_text(encoding="utf-8")

"""The outline is its own result: it says what each paragraph is (role_of, is_residue)
and leaves the Document it reads untouched."""
import dataclasses

import checker
from conftest import FIXTURES

CLEAN = (FIXTURES / "clean_report.txt").read_text(encoding="utf-8")


def _page() -> str:
    title, rest = CLEAN.split("\n", 1)
    return f"{title}\n【打印】【关闭】\n{rest}"


def test_roles_of_the_front_matter_parts_end_matter_and_residue():
    doc = checker.load(_page().encode("utf-8"), "page.txt")
    ol = checker.outline(doc)
    blocks = doc.blocks
    assert ol.role_of(blocks[0]) == "title" and blocks[0] in ol.title_blocks
    assert ol.is_residue(blocks[1]) and ol.role_of(blocks[1]) == "residue" and ol.residue == [blocks[1]]
    assert ol.role_of(ol.addressee_block) == "addressee"
    assert ol.role_of(ol.signature_block) == "signature" and ol.role_of(ol.date_block) == "date"
    assert all(ol.role_of(s.heading.block) == "heading" for s in ol.sections if s.heading)
    assert not any(ol.is_residue(b) for s in ol.sections for b in s.blocks)
    assert ol.path_of(blocks[1]) == "网页残留" and ol.path_of(ol.date_block) == "成文日期"


def test_building_the_outline_leaves_the_blocks_as_read():
    doc = checker.load(_page().encode("utf-8"), "page.txt")
    before = [dataclasses.asdict(b) for b in doc.blocks]
    checker.outline(doc)
    assert [dataclasses.asdict(b) for b in doc.blocks] == before
    assert not any(hasattr(b, "role") or hasattr(b, "residue") for b in doc.blocks)


def test_two_outlines_of_different_drafts_do_not_share_roles():
    page = checker.load(_page().encode("utf-8"), "page.txt")
    clean = checker.load(CLEAN.encode("utf-8"), "clean.txt")
    ol_page, ol_clean = checker.outline(page), checker.outline(clean)
    assert ol_page.is_residue(page.blocks[1])
    assert not ol_clean.is_residue(clean.blocks[1]) and ol_clean.residue == []

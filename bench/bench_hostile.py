"""Benchmark: hostile shapes that used to cost quadratic time (issue 16), each as a ratio
to a benign input of the same size measured in the same run.

    python bench/bench_hostile.py [--chars 100000] [--chain 4000] [--repeat 3] [--repo PATH]

- paragraph: one paragraph of --chars Chinese characters without "@" (the e-mail/URL
  pattern of PUN001 was quadratic on it) vs the same characters in paragraphs of 100;
- chain: styles.xml with a basedOn chain of --chain styles, 300 paragraphs in the
  deepest style (the chain was walked again for every run) vs a chain of one style.

--repo runs the same measurement against another checkout (e.g. an export of main) for
before/after figures. A ratio near 1 means the hostile shape costs what its size costs.
"""
from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _timing import median_time  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph_inputs(chars: int) -> tuple[bytes, bytes]:
    text = ("中国特色社会主义法治体系建设" * (chars // 14 + 1))[:chars]
    title = "示例县人民政府关于2023年度法治政府建设情况的报告\n"
    one = title + text + "。\n"
    many = title + "\n".join(text[i:i + 100] + "。" for i in range(0, chars, 100)) + "\n"
    return one.encode("utf-8"), many.encode("utf-8")


def chain_docx(chain: int, paragraphs: int = 300) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("示例县人民政府关于2023年度法治政府建设情况的报告")
    for i in range(paragraphs):
        p = doc.add_paragraph(f"全年办理行政复议案件{i}件，纠正违法行为{i}起。")
        p._p.get_or_add_pPr().insert(0, p._p.makeelement(f"{{{W_NS}}}pStyle", {f"{{{W_NS}}}val": "chain0"}))
    buf = io.BytesIO()
    doc.save(buf)
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="chain{i}"><w:name w:val="chain {i}"/>'
        + (f'<w:basedOn w:val="chain{i + 1}"/>' if i + 1 < chain else '<w:rPr><w:sz w:val="32"/></w:rPr>')
        + "</w:style>" for i in range(chain))
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            dst.writestr(info.filename, data)
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=100000)
    ap.add_argument("--chain", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--repo", type=Path, default=HERE.parent)
    args = ap.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    import checker

    print(f"checker from {Path(checker.__file__).parent}")
    checker.check("示例".encode("utf-8"), name="warm.txt")  # imports, data files, jieba
    one, many = paragraph_inputs(args.chars)
    t_one = median_time(lambda: checker.check(one, name="one.txt"), args.repeat)
    t_many = median_time(lambda: checker.check(many, name="many.txt"), args.repeat)
    print(f"paragraph of {args.chars} chars: {t_one:.3f} s; same text in short paragraphs: "
          f"{t_many:.3f} s; ratio {t_one / t_many:.1f}")
    deep, flat = chain_docx(args.chain), chain_docx(1)
    t_deep = median_time(lambda: checker.check(deep, name="deep.docx"), args.repeat)
    t_flat = median_time(lambda: checker.check(flat, name="flat.docx"), args.repeat)
    print(f"basedOn chain of {args.chain} styles ({len(deep) // 1024} KB): {t_deep:.3f} s; "
          f"chain of 1: {t_flat:.3f} s; ratio {t_deep / t_flat:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

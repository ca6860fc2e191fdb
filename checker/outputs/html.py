"""`fzbg check --format html -o report.html`: one self-contained page (styles and the
filter script inline, no external asset, no request) that opens from an e-mail: a
summary, then for each file its report facts, its outline and its findings, each with
the excerpt and the span highlighted. Filters by severity and rule family.

Written file by file as results arrive (the summary comes last in the file and is moved
to the top by CSS order), so a batch of thousands keeps nothing but the totals.
Everything from the draft is HTML-escaped, control characters shown escaped."""
from __future__ import annotations

import html
import re

from .. import __version__
from ..engine import FAMILIES, SEVERITY_NAMES
from .safe import printable

KIND_LABELS = {"duty": "第一责任人职责", "measures": "举措和成效", "problems": "不足和原因",
               "plans": "下一年度安排", "other": "其他情况"}

CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;background:#f6f7f9}
main{display:flex;flex-direction:column;max-width:1100px;margin:0 auto;padding:16px}
header{order:0}#summary{order:1}#filters{order:2}.file{order:3}footer{order:4}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:0 0 6px;word-break:break-all}
.box{background:#fff;border:1px solid #dde;border-radius:6px;padding:12px 16px;margin:8px 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f0f2f5;font-weight:600}
.sev{display:inline-block;min-width:3em;text-align:center;border-radius:3px;color:#fff;font-size:12px;padding:1px 4px}
.sev-error{background:#c62828}.sev-warning{background:#ef8f00}.sev-info{background:#1976d2}
.code{font-family:monospace;font-weight:600}
.excerpt{font-family:"Noto Serif CJK SC",serif;background:#fafafa;padding:2px 6px;margin-top:4px;border-left:3px solid #ccc;white-space:pre-wrap;word-break:break-all}
mark{background:#ffe08a;padding:0 1px;border-bottom:2px solid #d84315}
.fix{color:#2e7d32;margin-top:2px}.where{color:#666;font-size:12px}
.facts{color:#444;font-size:14px;margin:4px 0 8px}.facts span{margin-right:14px}
.outline{font-size:14px;margin:0 0 8px;padding-left:18px}.missing{color:#c62828}
.status-error h2{color:#c62828}.err{color:#c62828}
.counts span{margin-right:10px}
#filters label{margin-right:12px;white-space:nowrap}#filters select{margin-left:4px}
.hidden{display:none}
"""

SCRIPT = """
(function(){
  function apply(){
    var sev={};document.querySelectorAll('#filters input[data-sev]').forEach(function(c){sev[c.dataset.sev]=c.checked;});
    var fam=document.getElementById('family').value;
    var onlyBad=document.getElementById('only-findings').checked;
    document.querySelectorAll('section.file').forEach(function(s){
      var shown=0;
      s.querySelectorAll('tr.finding').forEach(function(r){
        var ok=sev[r.dataset.sev]&&(!fam||r.dataset.family===fam);
        r.classList.toggle('hidden',!ok);if(ok)shown++;
      });
      var t=s.querySelector('table');if(t)t.classList.toggle('hidden',shown===0);
      s.classList.toggle('hidden',onlyBad&&shown===0&&!s.classList.contains('status-error'));
    });
  }
  document.querySelectorAll('#filters input,#filters select').forEach(function(e){e.addEventListener('change',apply);});
  apply();
})();
"""


def _e(text) -> str:
    return html.escape(printable(str(text)) if text is not None else "")


def _family(code: str) -> str:
    m = re.match(r"[A-Z]+", code)
    return m.group(0) if m else code


class HtmlReport:
    def __init__(self, write):
        self.write = write
        self.families: set[str] = set()
        write("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
              "<title>法治政府建设年度报告检查结果</title>"
              f"<style>{CSS}</style></head><body><main>\n"
              "<header><h1>法治政府建设年度报告检查结果</h1></header>\n")

    def file(self, d: dict, snippets: list | None = None) -> None:
        w = self.write
        if d["status"] != "ok":
            label = "跳过" if d.get("skipped") else "无法读取"
            w(f'<section class="box file status-error"><h2>{_e(d["path"])}</h2>'
              f'<p class="err">{label}：{_e(d["error"]["message"])}</p></section>\n')
            return
        r = d["report"]
        counts = d["counts"]
        w(f'<section class="box file"><h2>{_e(d["path"])}</h2>')
        w('<div class="counts">' + "".join(
            f'<span class="sev sev-{s}">{SEVERITY_NAMES[s]}</span> {counts[s]} ' for s in ("error", "warning", "info"))
          + "</div>")
        kind = {"government": "政府", "department": "部门", "township": "乡镇、街道"}.get(r.get("reporter_kind") or "", "未知")
        w('<div class="facts">'
          f'<span>标题：{_e(r.get("title") or "（无）")}</span>'
          f'<span>报告单位：{_e(r.get("reporter") or "（未识别）")}（{kind}）</span>'
          f'<span>报告年度：{_e(r.get("report_year") or "？")}</span>'
          f'<span>落款：{_e(r.get("signature") or "（无）")}</span>'
          f'<span>成文日期：{_e(r.get("date") or "（无）")}</span></div>')
        ol = d["outline"]
        items = []
        for s in ol["sections"]:
            flag = "" if s.get("headed", True) else "［无标题段落］"
            items.append(f'<li>[{KIND_LABELS.get(s["kind"], s["kind"])}]{flag} {_e(s.get("heading"))}'
                         f'（第{s["paragraph"] + 1}段，下级标题 {len(s.get("children") or [])} 个）</li>')
        if ol["missing"]:
            items.append('<li class="missing">缺少部分：' + "、".join(KIND_LABELS.get(k, k) for k in ol["missing"]) + "</li>")
        w('<details open><summary>结构</summary><ul class="outline">' + "".join(items) + "</ul></details>")
        findings = d["findings"]
        if not findings:
            w("<p>没有发现问题。</p></section>\n")
            return
        w("<table><thead><tr><th>位置</th><th>级别</th><th>规则</th><th>问题与建议</th></tr></thead><tbody>")
        snippets = snippets or [None] * len(findings)
        for f, snip in zip(findings, snippets):
            fam = _family(f["code"])
            self.families.add(fam)
            loc = f["location"]
            where = f'第{loc["line"]}行' if d.get("format") in ("txt", "md") and loc.get("line") else (
                f'第{loc["paragraph"] + 1}段' if loc.get("paragraph") is not None else "全文")
            if snip:
                before, span, after = snip
                excerpt = f'{html.escape(before)}<mark>{html.escape(span)}</mark>{html.escape(after)}'
            else:
                excerpt = _e(f.get("excerpt"))
            w(f'<tr class="finding" data-sev="{f["severity"]}" data-family="{fam}">'
              f'<td>{where}<div class="where">{_e(loc.get("path"))}</div></td>'
              f'<td><span class="sev sev-{f["severity"]}">{SEVERITY_NAMES[f["severity"]]}</span></td>'
              f'<td class="code">{_e(f["code"])}</td>'
              f'<td>{_e(f["message"])}'
              + (f'<div class="excerpt">{excerpt}</div>' if excerpt else "")
              + (f'<div class="fix">建议：{_e(f["fix"])}</div>' if f.get("fix") else "")
              + "</td></tr>")
        w("</tbody></table></section>\n")

    def end(self, totals: dict, elapsed: float) -> None:
        w = self.write
        w('<section id="summary" class="box"><table><thead><tr><th>文件</th><th>错误</th><th>警告</th>'
          '<th>提示</th><th>无法检查</th><th>用时</th></tr></thead><tbody>'
          f'<tr><td>{totals["files"]}</td><td>{totals["errors"]}</td><td>{totals["warnings"]}</td>'
          f'<td>{totals["infos"]}</td><td>{totals["bad_inputs"]}</td><td>{elapsed:.1f} 秒</td></tr>'
          "</tbody></table></section>\n")
        options = "".join(f'<option value="{f}">{f} {FAMILIES.get(f, "")}</option>'
                          for f in sorted(self.families, key=lambda x: list(FAMILIES).index(x) if x in FAMILIES else 99))
        w('<section id="filters" class="box">筛选：'
          + "".join(f'<label><input type="checkbox" data-sev="{s}" checked> {SEVERITY_NAMES[s]}</label>'
                    for s in ("error", "warning", "info"))
          + f'<label>规则族<select id="family"><option value="">全部</option>{options}</select></label>'
          '<label><input type="checkbox" id="only-findings"> 只看有问题的文件</label></section>\n'
          f'<footer class="where">fzbg {__version__}</footer>\n'
          f"</main><script>{SCRIPT}</script></body></html>\n")

/* fzbg serve: the page. Plain JavaScript, no external resources. */
"use strict";
(function () {
  const CONFIG = JSON.parse(document.getElementById("fzbg-config").textContent);
  const SEV = { error: "错误", warning: "警告", info: "提示" };
  const SEV_ORDER = ["error", "warning", "info"];
  const KINDS = { duty: "第一责任人职责", measures: "举措和成效", problems: "不足和原因", plans: "下一年度安排", other: "其他情况" };
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) e.append(kid);
    return e;
  };
  const reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ---------------------------------------------------------------- shared

  function authHeaders() {
    const t = $("token").value.trim();
    return t ? { Authorization: "Bearer " + t } : {};
  }

  async function errorMessage(resp) {
    try {
      const body = await resp.json();
      return body;
    } catch (e) {
      return { status: resp.status, message: "请求失败（HTTP " + resp.status + "）" };
    }
  }

  async function request(url, options) {
    let resp;
    try {
      resp = await fetch(url, Object.assign({ headers: authHeaders() }, options, {
        headers: Object.assign(authHeaders(), (options && options.headers) || {}) }));
    } catch (e) {
      throw { status: 0, message: "无法连接 fzbg 服务：请确认服务仍在运行（fzbg serve）" };
    }
    if (!resp.ok) throw await errorMessage(resp);
    return resp;
  }

  function filenameOf(resp, fallback) {
    const cd = resp.headers.get("Content-Disposition") || "";
    const m = cd.match(/filename\*=UTF-8''([^;]+)/i);
    return m ? decodeURIComponent(m[1]) : fallback;
  }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // ---------------------------------------------------------------- tabs

  const tabs = [$("tab-check"), $("tab-generate")];
  function selectTab(tab, focus) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
  }
  tabs.forEach((t, i) => {
    t.addEventListener("click", () => selectTab(t, false));
    t.addEventListener("keydown", (ev) => {
      let j = null;
      if (ev.key === "ArrowRight") j = (i + 1) % tabs.length;
      else if (ev.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
      else if (ev.key === "Home") j = 0;
      else if (ev.key === "End") j = tabs.length - 1;
      if (j !== null) { ev.preventDefault(); selectTab(tabs[j], true); }
    });
  });

  // ---------------------------------------------------------------- check: input

  $("version").textContent = CONFIG.version;
  $("max-upload").textContent = String(Math.round(CONFIG.maxUpload / 1048576 * 10) / 10);
  for (const p of CONFIG.profiles) {
    $("profile").append(el("option", { value: p, text: p === "government" ? "政府（government）" : p === "department" ? "部门（department）" : p === "township" ? "乡镇、街道（township）" : p }));
  }
  if (CONFIG.tokenRequired) document.querySelectorAll(".token-field").forEach((e) => { e.hidden = false; });

  const state = { file: null, previous: null, result: null, entry: null, current: null, hiddenSev: new Set(), hiddenFam: new Set() };

  function setFile(blob, name) {
    if (blob.size > CONFIG.maxUpload) {
      showCheckError({ message: name + "：文件太大，超过 " + $("max-upload").textContent + " MB 的上限" });
      return;
    }
    state.file = { blob, name };
    $("current-file").textContent = "当前文件：" + name;
    $("recheck").disabled = false;
    runCheck();
  }

  $("file").addEventListener("change", () => {
    const f = $("file").files[0];
    if (f) setFile(f, f.name);
    $("file").value = "";
  });
  const drop = $("drop");
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (ev) => { ev.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    const f = ev.dataTransfer && ev.dataTransfer.files[0];
    if (f) setFile(f, f.name);
  });
  // a file dropped elsewhere must not make the browser leave the page
  window.addEventListener("dragover", (ev) => ev.preventDefault());
  window.addEventListener("drop", (ev) => ev.preventDefault());

  // last year's report (optional): sent as "previous" with every check, so the CROSS rules run
  $("previous").addEventListener("change", () => {
    const f = $("previous").files[0];
    if (f && f.size > CONFIG.maxUpload) {
      showCheckError({ message: f.name + "：文件太大，超过 " + $("max-upload").textContent + " MB 的上限" });
      $("previous").value = "";
      return;
    }
    setPrevious(f ? { blob: f, name: f.name } : null);
    $("previous").value = "";  // the same file may be chosen again after 不用去年的报告
  });
  $("previous-clear").addEventListener("click", () => {
    setPrevious(null);
    $("previous").focus();
  });
  function setPrevious(previous) {
    state.previous = previous;
    $("previous-name").textContent = previous ? previous.name : "未选择";
    $("previous-clear").hidden = !previous;
    if (state.file) runCheck();
  }

  $("paste-check").addEventListener("click", () => {
    const text = $("paste").value;
    if (!text.trim()) { showCheckError({ message: "请先粘贴报告文字" }); $("paste").focus(); return; }
    setFile(new Blob([text], { type: "text/plain" }), "粘贴的文字.txt");
  });
  $("check-form").addEventListener("submit", (ev) => { ev.preventDefault(); if (state.file) runCheck(); });

  function formData(extra) {
    const fd = new FormData();
    fd.append("file", state.file.blob, state.file.name);
    if ($("profile").value) fd.append("profile", $("profile").value);
    if ($("year").value.trim()) fd.append("year", $("year").value.trim());
    if (state.previous) fd.append("previous", state.previous.blob, state.previous.name);
    for (const [k, v] of Object.entries(extra || {})) fd.append(k, v);
    return fd;
  }

  function showCheckError(err) {
    const box = $("check-error");
    box.textContent = err.message || "请求失败";
    box.hidden = false;
  }

  let checks = 0;  // a check started later (new file, last year's report changed) wins
  async function runCheck() {
    const mine = ++checks;
    state.checked = { file: state.file, previous: state.previous };
    $("check-error").hidden = true;
    $("check-status").textContent = "正在检查 " + state.file.name + "……";
    try {
      const resp = await request("/api/v1/check", { method: "POST", body: formData({ paragraphs: "1" }) });
      const result = await resp.json();
      if (mine !== checks) return;
      state.result = result;
      state.entry = state.result.files[0];
      state.current = null;
      renderResults();
      const c = state.entry.counts;
      $("check-status").textContent = "检查完成：" + c.error + " 个错误，" + c.warning + " 个警告，" + c.info + " 个提示";
    } catch (err) {
      if (mine !== checks) return;
      $("check-status").textContent = "";
      showCheckError(err);
    }
  }

  // ---------------------------------------------------------------- check: results

  const family = (code) => (code.match(/^[A-Z]+/) || [""])[0];

  function renderResults() {
    const e = state.entry;
    $("results").hidden = false;
    const r = e.report || {};
    $("res-title").textContent = r.title || e.path;
    const facts = [e.path];
    if (r.reporter) facts.push("报告单位：" + r.reporter + (r.reporter_kind === "department" ? "（部门）" : "（政府）"));
    if (r.report_year) facts.push("报告年度：" + r.report_year);
    facts.push("配置方案：" + e.profile);
    if (state.checked.previous) facts.push("对照去年的报告：" + state.checked.previous.name);
    $("res-facts").textContent = facts.join("　");
    for (const s of SEV_ORDER) $("count-" + s).textContent = e.counts[s];
    $("dl-annotated").disabled = e.format !== "docx";
    $("dl-annotated").title = e.format === "docx" ? "" : "只有 .docx 文件可以生成带批注的副本";
    $("dl-fixed").disabled = !["docx", "txt", "md"].includes(e.format);
    renderOutline();
    renderFilters();
    renderFindings();
    renderDoc();
  }

  function paragraphByRole(role) {
    return (state.entry.paragraphs || []).find((p) => p.role === role);
  }

  function jumpTo(index) {
    const p = $("para-" + index);
    if (!p) return;
    document.querySelectorAll(".doc-text p.current").forEach((x) => x.classList.remove("current"));
    p.classList.add("current");
    p.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
  }

  function renderOutline() {
    const e = state.entry;
    const r = e.report || {};
    const box = $("outline-tree");
    box.replaceChildren();
    const node = (label, text, index) => el("button", { type: "button", class: "node",
      onclick: index === undefined || index === null ? null : () => jumpTo(index),
      disabled: index === undefined || index === null ? null : null },
      label ? el("span", { class: "kind", text: label }) : null, text);
    const front = el("ul", { class: "outline-tree" });
    const titleP = paragraphByRole("title");
    front.append(el("li", {}, node("标题", r.title || el("span", { class: "nf", text: "未找到" }), titleP && titleP.index)));
    const addrP = paragraphByRole("addressee");
    front.append(el("li", {}, node("主送", r.addressee || el("span", { class: "nf", text: "未找到" }), addrP && addrP.index)));
    const tree = (items) => el("ul", {}, items.map((s) => el("li", {},
      node(s.kind ? KINDS[s.kind] || s.kind : null,
        (s.label || "") + (s.heading || "") + (s.headed === false ? "（无标题段落）" : ""), s.paragraph),
      s.children && s.children.length ? tree(s.children) : null)));
    const parts = (e.outline && e.outline.sections) || [];
    front.append(el("li", {}, el("span", { class: "muted", text: "正文各部分" }), tree(parts)));
    const sigP = paragraphByRole("signature");
    front.append(el("li", {}, node("落款", r.signature || el("span", { class: "nf", text: "未找到" }), sigP && sigP.index)));
    const dateP = paragraphByRole("date");
    front.append(el("li", {}, node("日期", r.date || el("span", { class: "nf", text: "未找到" }), dateP && dateP.index)));
    box.append(front);
    const missing = (e.outline && e.outline.missing) || [];
    if (missing.length) box.append(el("p", { class: "missing", text: "缺少部分：" + missing.map((k) => KINDS[k] || k).join("、") }));
    const residue = (e.outline && e.outline.residue) || [];
    if (residue.length) box.append(el("p", { class: "missing", text: "网页残留：" + residue.length + " 段" }));
  }

  function renderFilters() {
    const f = state.entry.findings;
    const sevBox = $("filter-severity");
    sevBox.replaceChildren();
    for (const s of SEV_ORDER) {
      const n = f.filter((x) => x.severity === s).length;
      const cb = el("input", { type: "checkbox", id: "f-sev-" + s, checked: !state.hiddenSev.has(s),
        onchange: (ev) => { ev.target.checked ? state.hiddenSev.delete(s) : state.hiddenSev.add(s); renderFindings(); renderDoc(); } });
      sevBox.append(el("label", { for: "f-sev-" + s }, cb, SEV[s] + " " + n));
    }
    const famBox = $("filter-family");
    famBox.replaceChildren();
    const fams = [...new Set(f.map((x) => family(x.code)))];
    fams.sort((a, b) => Object.keys(CONFIG.families).indexOf(a) - Object.keys(CONFIG.families).indexOf(b));
    for (const fam of fams) {
      const n = f.filter((x) => family(x.code) === fam).length;
      const cb = el("input", { type: "checkbox", id: "f-fam-" + fam, checked: !state.hiddenFam.has(fam),
        onchange: (ev) => { ev.target.checked ? state.hiddenFam.delete(fam) : state.hiddenFam.add(fam); renderFindings(); renderDoc(); } });
      famBox.append(el("label", { for: "f-fam-" + fam, title: CONFIG.families[fam] || fam }, cb, fam + " " + (CONFIG.families[fam] || "") + " " + n));
    }
    if (!fams.length) famBox.append(el("span", { class: "muted", text: "无" }));
  }

  const visible = (f) => !state.hiddenSev.has(f.severity) && !state.hiddenFam.has(family(f.code));

  function partOf(f) {
    const e = state.entry;
    const idx = f.location.paragraph;
    if (idx === null || idx === undefined) return { key: "doc", title: "全文" };
    const para = (e.paragraphs || [])[idx] || {};
    if (["signature", "date", "endnote"].includes(para.role)) return { key: "end", title: "落款与日期" };
    let found = null;
    for (const s of (e.outline && e.outline.sections) || []) if (s.paragraph <= idx) found = s;
    if (!found) return { key: "front", title: "标题、主送机关与开头" };
    return { key: "s" + found.paragraph, title: found.heading, kind: found.kind };
  }

  function excerptNode(f) {
    const e = state.entry;
    const loc = f.location;
    const para = loc.paragraph !== null && loc.paragraph !== undefined ? (e.paragraphs || [])[loc.paragraph] : null;
    if (!para) return f.excerpt ? el("span", { class: "excerpt", text: f.excerpt }) : null;
    const text = para.text;
    if (loc.start === null || loc.end === null || loc.start === undefined) {
      return el("span", { class: "excerpt", text: text.length > 90 ? text.slice(0, 90) + "…" : text });
    }
    const a = Math.max(0, loc.start - 40), b = Math.min(text.length, loc.end + 40);
    const span = text.slice(loc.start, loc.end) || " ";
    return el("span", { class: "excerpt" }, (a > 0 ? "…" : "") + text.slice(a, loc.start),
      el("mark", { class: "sev-" + f.severity, text: span }), text.slice(loc.end, b) + (b < text.length ? "…" : ""));
  }

  function renderFindings() {
    const e = state.entry;
    const box = $("finding-groups");
    box.replaceChildren();
    const shown = e.findings.map((f, i) => [f, i]).filter(([f]) => visible(f));
    $("shown-count").textContent = "（显示 " + shown.length + " / " + e.findings.length + " 条）";
    if (!e.findings.length) { box.append(el("p", { class: "empty", text: "没有发现问题。" })); return; }
    if (!shown.length) { box.append(el("p", { class: "empty", text: "筛选条件下没有问题。" })); return; }
    const groups = new Map();
    for (const [f, i] of shown) {
      const part = partOf(f);
      if (!groups.has(part.key)) groups.set(part.key, { part, items: [] });
      groups.get(part.key).items.push([f, i]);
    }
    const order = (k) => (k === "doc" ? -2 : k === "front" ? -1 : k === "end" ? 1e9 : Number(k.slice(1)));
    for (const [key, g] of [...groups.entries()].sort((x, y) => order(x[0]) - order(y[0]))) {
      const id = "group-" + key;
      box.append(el("h4", { class: "group-title", id }, g.part.title,
        g.part.kind ? el("span", { class: "kind", text: KINDS[g.part.kind] || g.part.kind }) : null,
        el("span", { class: "muted", text: "  " + g.items.length + " 条" })));
      box.append(el("ul", { class: "findings", "aria-labelledby": id }, g.items.map(([f, i]) => el("li", {},
        el("button", { type: "button", class: "finding sev-" + f.severity + (state.current === i ? " current" : ""),
          id: "finding-" + i, "data-index": i, onclick: () => selectFinding(i, false) },
          el("span", { class: "head" }, el("span", { class: "badge sev-" + f.severity, text: SEV[f.severity] }),
            el("code", { text: f.code }), el("span", { class: "msg", text: f.message })),
          f.fix ? el("span", { class: "fix", text: "建议：" + f.fix }) : null,
          excerptNode(f),
          el("span", { class: "where", text: (f.location.line ? "第 " + f.location.line + " 段" : "全文")
            + (f.location.path ? " · " + f.location.path : "") + (f.fixable ? " · 可自动修改" : "") }))))));
    }
  }

  function renderDoc() {
    const e = state.entry;
    const box = $("doc-text");
    box.replaceChildren();
    const byPara = new Map();
    e.findings.forEach((f, i) => {
      if (!visible(f) || f.location.paragraph === null || f.location.paragraph === undefined) return;
      if (!byPara.has(f.location.paragraph)) byPara.set(f.location.paragraph, []);
      byPara.get(f.location.paragraph).push([f, i]);
    });
    const rank = { error: 3, warning: 2, info: 1 };
    for (const p of e.paragraphs || []) {
      const hits = byPara.get(p.index) || [];
      const spans = hits.filter(([f]) => f.location.start !== null && f.location.end !== null && f.location.start !== undefined);
      const whole = hits.filter((h) => !spans.includes(h));
      const para = el("p", { id: "para-" + p.index, class: "role-" + p.role + (whole.length ? " flagged" : ""),
        "data-findings": whole.map(([, i]) => i).join(" ") || null });
      para.append(el("span", { class: "ln", "aria-hidden": "true", text: String(p.line) }));
      const text = p.text;
      const cuts = new Set([0, text.length]);
      for (const [f] of spans) { cuts.add(Math.min(f.location.start, text.length)); cuts.add(Math.min(Math.max(f.location.end, f.location.start + 1), text.length)); }
      const points = [...cuts].sort((a, b) => a - b);
      for (let k = 0; k < points.length - 1; k++) {
        const a = points[k], b = points[k + 1];
        const piece = text.slice(a, b);
        const cover = spans.filter(([f]) => f.location.start < b && Math.max(f.location.end, f.location.start + 1) > a);
        if (!cover.length) { para.append(piece); continue; }
        const top = cover.reduce((m, [f]) => (rank[f.severity] > rank[m] ? f.severity : m), "info");
        const ids = cover.map(([, i]) => i);
        para.append(el("mark", { class: "sev-" + top, "data-findings": ids.join(" "),
          title: cover.map(([f]) => f.code + " " + f.message).join("\n"),
          onclick: () => selectFinding(ids[0], true), text: piece }));
      }
      if (!text) para.append(" ");
      box.append(para);
    }
    if (state.current !== null) markCurrent(state.current);
  }

  function markCurrent(i) {
    document.querySelectorAll(".finding.current, mark.current, .doc-text p.current").forEach((x) => x.classList.remove("current"));
    const card = $("finding-" + i);
    if (card) card.classList.add("current");
    let target = null;
    document.querySelectorAll("mark[data-findings]").forEach((m) => {
      if (m.dataset.findings.split(" ").includes(String(i))) { m.classList.add("current"); target = target || m; }
    });
    const f = state.entry.findings[i];
    if (!target && f.location.paragraph !== null && f.location.paragraph !== undefined) {
      target = $("para-" + f.location.paragraph);
      if (target) target.classList.add("current");
    }
    return target;
  }

  function selectFinding(i, fromText) {
    state.current = i;
    const target = markCurrent(i);
    const behavior = reduceMotion ? "auto" : "smooth";
    if (fromText) {
      const card = $("finding-" + i);
      if (card) { card.scrollIntoView({ block: "center", behavior }); card.focus({ preventScroll: true }); }
    } else if (target) {
      target.scrollIntoView({ block: "center", behavior });
    } else {
      $("check-status").textContent = "该问题针对全文，没有具体位置";
    }
  }

  // ---------------------------------------------------------------- check: downloads

  async function download(url, fallback, label) {
    $("check-status").textContent = "正在生成" + label + "……";
    $("check-error").hidden = true;
    try {
      const resp = await request(url, { method: "POST", body: formData() });
      const blob = await resp.blob();
      const name = filenameOf(resp, fallback);
      saveBlob(blob, name);
      let note = "";
      if (resp.headers.get("X-Fzbg-Applied") !== null) {
        note = "（已修改 " + resp.headers.get("X-Fzbg-Applied") + " 处" +
          (Number(resp.headers.get("X-Fzbg-Skipped")) ? "，" + resp.headers.get("X-Fzbg-Skipped") + " 处需手工修改" : "") + "）";
      }
      $("check-status").textContent = "已下载 " + name + note;
    } catch (err) {
      $("check-status").textContent = "";
      showCheckError(err);
    }
  }
  $("dl-annotated").addEventListener("click", () => download("/api/v1/annotate", "批注.docx", "带批注的副本"));
  $("dl-fixed").addEventListener("click", () => download("/api/v1/fix", "修改.docx", "修改后的副本"));
  $("dl-json").addEventListener("click", () => {
    // the JSON of `fzbg check --format json`: without the text the page asked for
    // (the API repeats the file's entry at the top level; the download keeps the CLI's shape)
    const all = JSON.parse(JSON.stringify(state.result));
    const copy = { version: all.version, files: all.files, summary: all.summary };
    for (const f of copy.files) delete f.paragraphs;
    const name = state.file.name.replace(/\.[^.]*$/, "") + ".检查结果.json";
    saveBlob(new Blob([JSON.stringify(copy, null, 2) + "\n"], { type: "application/json" }), name);
    $("check-status").textContent = "已下载 " + name;
  });

  // ---------------------------------------------------------------- generate: form model

  const emptySection = () => ({ heading: "", items: [{ heading: "", text: "" }] });
  const emptyProblem = () => ({ heading: "", text: "", causes: "" });
  const emptyPlan = () => ({ heading: "", text: "", answers: "" });
  const freshModel = () => ({ reporter: "", reporter_kind: "government", report_year: "", title: "", addressees: "",
    preamble: "", order: "duty_first", date: "", signature: "", other: "无。",
    duty: [emptySection()], measures: [emptySection()], problems: [emptyProblem()], plans: [emptyPlan()] });
  let model = freshModel();

  function fromInput(d) {
    const m = freshModel();
    for (const k of ["reporter", "reporter_kind", "title", "preamble", "order", "signature", "other"]) if (d[k] !== undefined && d[k] !== null) m[k] = String(d[k]);
    if (d.report_year !== undefined) m.report_year = String(d.report_year);
    if (d.date) m.date = String(d.date);
    if (Array.isArray(d.addressees)) m.addressees = d.addressees.join("\n");
    const content = (list) => (list || []).map((s) => typeof s === "string"
      ? { heading: "", items: [{ heading: "", text: s }] }
      : { heading: s.heading || "", items: (s.items || []).map((it) => typeof it === "string" ? { heading: "", text: it } : { heading: it.heading || "", text: it.text || "" }) });
    m.duty = content(d.duty); m.measures = content(d.measures);
    m.problems = (d.problems || []).map((p) => ({ heading: p.heading || "", text: p.text || "", causes: p.causes || "" }));
    m.plans = (d.plans || []).map((p) => ({ heading: p.heading || "", text: p.text || "", answers: p.answers || "" }));
    for (const k of ["duty", "measures"]) if (!m[k].length) m[k].push(emptySection());
    if (!m.problems.length) m.problems.push(emptyProblem());
    if (!m.plans.length) m.plans.push(emptyPlan());
    return m;
  }

  function toInput(m) {
    const out = { reporter: m.reporter, reporter_kind: m.reporter_kind, preamble: m.preamble, order: m.order, other: m.other };
    // an empty field is left out, so that the message says it is missing
    if (m.report_year.trim()) out.report_year = /^\d+$/.test(m.report_year.trim()) ? Number(m.report_year) : m.report_year;
    if (m.date) out.date = m.date;
    if (m.title.trim()) out.title = m.title;
    if (m.signature.trim()) out.signature = m.signature;
    out.addressees = m.addressees.split(/[\n、]+/).map((s) => s.trim()).filter(Boolean);
    const content = (list) => list.map((s) => {
      const items = s.items.map((it) => (it.heading.trim() ? { heading: it.heading, text: it.text } : it.text));
      // a lone paragraph without a heading is a plain paragraph of the part
      if (!s.heading.trim() && items.length === 1 && typeof items[0] === "string" && items[0].trim()) return items[0];
      return { heading: s.heading, items };
    });
    out.duty = content(m.duty); out.measures = content(m.measures);
    out.problems = m.problems.map((p) => { const o = { heading: p.heading, causes: p.causes }; if (p.text.trim()) o.text = p.text; return o; });
    out.plans = m.plans.map((p) => { const o = { heading: p.heading, text: p.text }; if (p.answers.trim()) o.answers = p.answers; return o; });
    return out;
  }

  function field(label, loc, value, onInput, opts) {
    opts = opts || {};
    const id = "g-" + loc.replace(/\./g, "-");
    const control = opts.rows
      ? el("textarea", { id, rows: opts.rows, "data-loc": loc, "data-loc-alt": opts.alt || null })
      : el("input", { id, "data-loc": loc, "data-loc-alt": opts.alt || null, placeholder: opts.placeholder || null });
    control.value = value;
    control.addEventListener("input", () => onInput(control.value));
    return el("div", { class: "field" }, el("label", { for: id }, label, opts.required ? el("span", { class: "req", text: " *" }) : null), control);
  }

  function blockHead(title, onRemove, removable) {
    return el("div", { class: "block-head" }, el("strong", { text: title }),
      removable ? el("button", { type: "button", class: "link-button danger", onclick: onRemove, text: "删除" + title }) : null);
  }

  // a part of the form: a list of blocks, each removable, and a button adding one
  function renderBlocks(key, unit, empty, body, rerender) {
    const box = $("g-" + key);
    box.replaceChildren();
    const list = model[key];
    list.forEach((entry, i) => {
      const base = key + "." + i;
      const block = el("div", { class: "block", "data-loc": base });
      block.append(blockHead("第 " + (i + 1) + " " + unit, () => { list.splice(i, 1); rerender(); focusAdd(key); }, list.length > 1));
      body(block, entry, base);
      box.append(block);
    });
    box.append(el("button", { type: "button", class: "button", id: "add-" + key, text: "＋ 添加一" + unit,
      onclick: () => { list.push(empty()); rerender(); $("g-" + key + "-" + (list.length - 1) + "-heading").focus(); } }));
  }

  function focusAdd(key) { const b = $("add-" + key); if (b) b.focus(); }

  function renderContent(key) {
    const rerender = () => renderContent(key);
    renderBlocks(key, "节", emptySection, (block, s, base) => {
      block.append(field("二级标题（如“带头学法用法”）", base + ".heading", s.heading, (v) => { s.heading = v; }, { placeholder: "不要输入“（一）”" }));
      s.items.forEach((it, j) => {
        const ib = base + ".items." + j;
        block.append(el("div", { class: "item", "data-loc": ib },
          blockHead("条目 " + (j + 1), () => { s.items.splice(j, 1); rerender(); }, s.items.length > 1),
          field("小标题（可省略）", ib + ".heading", it.heading, (v) => { it.heading = v; }),
          field("内容", ib + ".text", it.text, (v) => { it.text = v; }, { rows: 2, required: true, alt: ib })));
      });
      block.append(el("button", { type: "button", class: "link-button", text: "＋ 添加条目",
        onclick: () => { s.items.push({ heading: "", text: "" }); rerender(); $("g-" + base.replace(/\./g, "-") + "-items-" + (s.items.length - 1) + "-heading").focus(); } }));
    }, rerender);
  }

  function renderList(key, fields, empty) {
    renderBlocks(key, "项", empty, (block, p, base) => {
      for (const [name, label, rows, required] of fields) {
        block.append(field(label, base + "." + name, p[name], (v) => { p[name] = v; }, { rows, required }));
      }
    }, () => renderList(key, fields, empty));
  }

  const PROBLEM_FIELDS = [["heading", "不足的概括（如“基层执法规范化水平不高”）", 0, true], ["text", "具体表现（可省略）", 2, false], ["causes", "原因分析", 2, true]];
  const PLAN_FIELDS = [["heading", "安排的概括", 0, true], ["text", "具体措施", 2, true], ["answers", "回应的不足（填写该不足的概括，可省略）", 0, false]];

  function renderForm() {
    document.querySelectorAll("#gen-form [data-bind]").forEach((c) => { c.value = model[c.dataset.bind]; });
    renderContent("duty"); renderContent("measures");
    renderList("problems", PROBLEM_FIELDS, emptyProblem);
    renderList("plans", PLAN_FIELDS, emptyPlan);
  }
  document.querySelectorAll("#gen-form [data-bind]").forEach((c) => {
    c.addEventListener("input", () => { model[c.dataset.bind] = c.value; });
    c.addEventListener("change", () => { model[c.dataset.bind] = c.value; });
  });
  renderForm();

  // ---------------------------------------------------------------- generate: errors next to fields

  // an edited field loses its error note
  $("gen-form").addEventListener("input", (ev) => {
    const t = ev.target;
    if (t.getAttribute && t.getAttribute("aria-invalid") === "true") {
      const note = $(t.getAttribute("aria-describedby"));
      if (note) note.remove();
      t.removeAttribute("aria-invalid");
      t.removeAttribute("aria-describedby");
    }
  });

  function clearGenErrors() {
    document.querySelectorAll("#gen-form .field-error").forEach((x) => x.remove());
    document.querySelectorAll("#gen-form [aria-invalid]").forEach((x) => { x.removeAttribute("aria-invalid"); x.removeAttribute("aria-describedby"); });
    document.querySelectorAll("#gen-form .invalid").forEach((x) => x.classList.remove("invalid"));
    $("gen-errors").hidden = true;
    $("gen-errors").replaceChildren();
  }

  function findTarget(loc) {
    const key = loc.join(".");
    const esc = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s);
    let t = document.querySelector('#gen-form [data-loc="' + esc(key) + '"]:is(input,select,textarea)')
      || document.querySelector('#gen-form [data-loc-alt="' + esc(key) + '"]');
    if (t) return t;
    for (let n = loc.length; n > 0; n--) {
      const c = document.querySelector('#gen-form [data-loc="' + esc(loc.slice(0, n).join(".")) + '"]');
      if (c) return c;
    }
    return null;
  }

  const FIELD_NAMES = { reporter: "报告单位", report_year: "报告年度", preamble: "开头段落", date: "成文日期", duty: "第一责任人职责",
    measures: "主要举措和成效", problems: "存在的不足和原因", plans: "下一年度安排", title: "标题", signature: "署名", other: "其他情况",
    addressees: "主送机关", reporter_kind: "单位类型", order: "部分顺序", year: "报告年度", kind: "单位类型" };

  const PART_NAMES = { heading: "标题", items: "条目", text: "内容", causes: "原因分析", answers: "回应的不足" };

  function showGenErrors(err) {
    clearGenErrors();
    const box = $("gen-errors");
    box.hidden = false;
    const list = err.errors || [];
    if (!list.length) { box.textContent = err.message || "生成失败"; box.focus(); return; }
    box.append(el("strong", { text: "输入内容有误，请修改标出的 " + list.length + " 处：" }));
    const ul = el("ul");
    list.forEach((e, k) => {
      const target = findTarget(e.loc.map(String));
      const where = e.loc.length ? e.loc.map((part, n) => (typeof part === "number" ? "第 " + (part + 1) + (n === 1 ? (["duty", "measures"].includes(e.loc[0]) ? " 节" : " 项") : " 条")
        : n === 0 ? FIELD_NAMES[part] || part : PART_NAMES[part] || part)).join(" · ") : e.field;
      if (target && target.matches("input,select,textarea")) {
        const id = "err-" + k;
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-describedby", id);
        target.insertAdjacentElement("afterend", el("p", { class: "field-error", id, text: e.message }));
        ul.append(el("li", {}, el("a", { href: "#" + target.id, onclick: (ev) => { ev.preventDefault(); target.focus(); } }, where + "：" + e.message)));
      } else {
        if (target) { target.classList.add("invalid"); target.prepend(el("p", { class: "field-error", text: e.message })); }
        ul.append(el("li", { text: where + "：" + e.message }));
      }
    });
    box.append(ul);
    box.focus();
  }

  async function generateFrom(body, headers, label, statusId) {
    clearGenErrors();
    const status = $(statusId);
    $("gen-status").textContent = $("gen-tools-status").textContent = "";
    status.textContent = "正在生成……";
    try {
      const resp = await request("/api/v1/" + label, { method: "POST", body, headers });
      const name = filenameOf(resp, "报告.docx");
      saveBlob(await resp.blob(), name);
      status.textContent = "已生成并下载 " + name;
    } catch (err) {
      status.textContent = "";
      showGenErrors(err);
    }
  }

  $("gen-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    generateFrom(JSON.stringify(toInput(model)), { "Content-Type": "application/json" }, "generate", "gen-status");
  });
  $("gen-file").addEventListener("change", () => {
    const f = $("gen-file").files[0];
    $("gen-file").value = "";
    if (!f) return;
    const fd = new FormData();
    fd.append("file", f, f.name);
    generateFrom(fd, {}, "generate", "gen-tools-status");
  });
  $("gen-skeleton").addEventListener("click", () => {
    generateFrom(JSON.stringify({ reporter: model.reporter, year: /^\d+$/.test(model.report_year.trim()) ? Number(model.report_year) : model.report_year,
      kind: model.reporter_kind }), { "Content-Type": "application/json" }, "skeleton", "gen-tools-status");
  });
  $("gen-example").addEventListener("click", async () => {
    try {
      const resp = await request("/api/v1/example", { method: "GET" });
      model = fromInput(await resp.json());
      clearGenErrors();
      renderForm();
      $("gen-tools-status").textContent = "已载入示例，可在此基础上修改";
    } catch (err) { showGenErrors(err); }
  });
  $("gen-clear").addEventListener("click", () => { model = freshModel(); clearGenErrors(); renderForm(); $("gen-tools-status").textContent = "表单已清空"; });
})();

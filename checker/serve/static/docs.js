/* fzbg serve: renders /openapi.json as a readable page, without external resources. */
"use strict";
(async function () {
  const box = document.getElementById("api");
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };
  let spec;
  try { spec = await (await fetch("/openapi.json")).json(); } catch (e) { box.textContent = "无法读取 /openapi.json"; return; }
  box.replaceChildren();
  box.append(el("h2", spec.info.title + "（" + spec.info.version + "）"));
  box.append(el("p", spec.info.description || ""));
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const sec = el("section", null, "block");
      sec.append(el("h3", method.toUpperCase() + " " + path));
      if (op.summary) sec.append(el("p", op.summary));
      if (op.description) sec.append(el("p", op.description, "muted"));
      const body = op.requestBody && op.requestBody.content;
      if (body) {
        for (const [type, media] of Object.entries(body)) {
          const p = el("p"); p.append(el("strong", "请求体 "), el("code", type));
          sec.append(p);
          const props = media.schema && media.schema.properties;
          if (props) {
            const ul = el("ul");
            for (const [name, s] of Object.entries(props)) {
              const li = el("li"); li.append(el("code", name), " " + (s.description || s.type || ""));
              ul.append(li);
            }
            sec.append(ul);
          } else if (media.schema && media.schema.$ref) {
            sec.append(el("p", "格式：见 GET /api/v1/schema（与 fzbg schema 相同）", "muted"));
          }
        }
      }
      const ul = el("ul");
      for (const [code, r] of Object.entries(op.responses || {})) {
        const li = el("li"); li.append(el("code", code), " " + (r.description || "") + " " + Object.keys(r.content || {}).join("、"));
        ul.append(li);
      }
      const h = el("p"); h.append(el("strong", "响应")); sec.append(h, ul);
      box.append(sec);
    }
  }
})();

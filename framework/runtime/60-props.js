// @ts-check
// Reading and writing component properties: the rules of package
// internal/dom, mirrored.

/**
 * Reads a property the way the server does (internal/dom ReadProp).
 * @param {Element} el
 * @param {string} prop
 * @returns {any}
 */
function getProp(el, prop) {
  const i = dateInput(el, prop);
  if (i) return i.value || null;
  switch (prop) {
    case "children": return el.innerHTML;
    case "value":
      if (el.hasAttribute(A.GROUP)) {
        const ins = Array.from(el.querySelectorAll("input"));
        const on = ins.filter((i) => i.checked).map((i) => i.value);
        return ins.some((i) => i.type === "radio") ? (on[0] ?? null) : on;
      }
      if (el instanceof HTMLSelectElement && el.multiple) return Array.from(el.selectedOptions).map((o) => o.value);
      if (el instanceof HTMLSelectElement && el.selectedOptions[0]?.hasAttribute(A.PLACEHOLDER)) return null;
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return el.value;
      return el.getAttribute("value");
    case "checked": return el instanceof HTMLInputElement ? el.checked : el.hasAttribute("checked");
    case "disabled": case "hidden": return el.hasAttribute(prop);
    case "class": return el.getAttribute("class") || "";
    case "n_clicks": case "n_submit": case "n_intervals": {
      const n = el.getAttribute(COUNTERS[prop]);
      return n == null ? (prop === "n_intervals" ? 0 : null) : +n;
    }
    case "data": return readStore(el);
    case "figure": case "clickData": case "hoverData": case "selectedData": case "relayoutData":
      return json(el.getAttribute(GRAPH[prop]));
    case "max_intervals": return +(el.getAttribute(A.MAX_INTERVALS) ?? -1);
    case "pathname": case "search": case "hash": case "href":
      if (el.hasAttribute(A.LOCATION)) return location[prop];
  }
  const st = tableState(el);
  if (st && prop in st) return st[prop]; // a DataTable's
  if (prop.startsWith("on:")) return (details.get(el) || {})[prop] ?? null;
  return el.getAttribute(prop);
}

/**
 * Writes a property the way the server does (internal/dom ApplyProp): a
 * value that is not a string is written as its JSON text.
 * @param {Element} el
 * @param {string} prop
 * @param {any} v
 */
function setProp(el, prop, v) {
  const h = /** @type {HTMLElement} */ (el);
  if (writeMore(el, prop, v)) return;
  switch (prop) {
    case "children": return morphChildren(el, parse(text(v)));
    case "value":
      if (el.hasAttribute(A.GROUP)) {
        el.querySelectorAll("input").forEach((i) => { i.checked = Array.isArray(v) ? v.includes(i.value) : i.value === v; });
      } else if (el instanceof HTMLSelectElement) {
        Array.from(el.options).forEach((o) => { o.selected = Array.isArray(v) ? v.includes(o.value) : o.value === text(v); });
      } else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        const s = text(v);
        if (el.value !== s) el.value = s;
      } else el.setAttribute("value", text(v));
      return;
    case "checked":
      if (el instanceof HTMLInputElement) el.checked = !!v;
      else el.toggleAttribute(prop, !!v);
      return;
    case "disabled": case "hidden": return void el.toggleAttribute(prop, !!v);
    case "class":
      if (v == null) el.removeAttribute(prop);
      else el.setAttribute(prop, text(v));
      return plotClass(el);
    case "style": return void (h.style.cssText = text(v));
    case "data":
      writeStore(el, v);
      return paintTable(el);
    case "figure": case "clickData": case "hoverData": case "selectedData": case "relayoutData":
      if (v == null) el.removeAttribute(GRAPH[prop]);
      else el.setAttribute(GRAPH[prop], JSON.stringify(v));
      if (prop === "figure") draw(el);
      return;
    case "max_intervals": return void el.setAttribute(A.MAX_INTERVALS, text(v ?? -1));
    case "pathname": case "search": case "hash": case "href":
      if (el.hasAttribute(A.LOCATION)) {
        const u = new URL(location.href);
        if (prop === "href") u.href = new URL(String(v), location.href).href;
        else u[prop] = String(v);
        if (u.href !== location.href) navigate(u.href, "location");
        return;
      }
  }
  if (tableSet(el, { [prop]: v ?? null })) return; // a DataTable's
  if (v == null || v === false) el.removeAttribute(prop);
  else el.setAttribute(prop, v === true ? "" : text(v));
}

/**
 * A DataTable's state (components.DataTable): the JSON object of its
 * A.TABLE attribute, null when el is not a table. The extension
 * (ext/table.js) draws tables from it and handles their events.
 * @param {Element} el
 * @returns {any}
 */
const tableState = (el) => json(el.getAttribute(A.TABLE));

/**
 * Sets properties kept in a table's state and draws it; false when el is
 * not a table or its state lacks the first.
 * @param {Element} el
 * @param {Object<string, any>} ps
 */
function tableSet(el, ps) {
  const st = tableState(el);
  if (!st || !(Object.keys(ps)[0] in st)) return false;
  el.setAttribute(A.TABLE, JSON.stringify({ ...st, ...ps }));
  paintTable(el);
  return true;
}

/**
 * The text the server writes for a value: a string as it is, null as
 * nothing, anything else as its JSON.
 * @param {any} v
 */
function text(v) {
  return typeof v === "string" ? v : v == null ? "" : JSON.stringify(v);
}

/** @param {Element} el */
function storage(el) {
  const kind = el.getAttribute(A.STORE);
  return kind === "local" ? localStorage : kind === "session" ? sessionStorage : null;
}

/** @param {Element} el */
function readStore(el) {
  const st = storage(el);
  return json((st && st.getItem(C.STORE_PREFIX + el.id)) ?? el.getAttribute(A.DATA));
}

/**
 * @param {Element} el
 * @param {any} v
 */
function writeStore(el, v) {
  const raw = JSON.stringify(v ?? null);
  el.setAttribute(A.DATA, raw);
  const st = storage(el);
  if (st) st.setItem(C.STORE_PREFIX + el.id, raw);
}

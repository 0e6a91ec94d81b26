// @ts-check
// DataTables (components.DataTable), the runtime's extension: a script of
// its own (runtime-ext.<hash>.js), which the core loads only when the shown
// page has a table (85-ext.js). It runs in a function of its own; its first
// statement, written by go generate (internal/jsmin.BundleExt), takes the
// core's names it uses from the core.
//
// A table's state is the JSON object of its A.TABLE attribute (columns,
// row_selectable and its properties but data, which is in A.DATA as a
// Store's); getProp and setProp read and write its keys (tableState and
// tableSet in 60-props.js). paint draws the table from it in place, as the
// server draws it (internal/dom/table.go: WriteTable, FormatCell and
// FilterInputs, mirrored), and a click on a header, the pager, a cell or a
// row's checkbox, or Enter in a filter input, sets properties and fires
// the callbacks of one of them, in one request.

/** The formats of numeric columns (dom.TableFormat.Numeric). */
const NUMERIC = /^(number|percent|money)$/;

/** @param {string} s */
const unesc = (s) => s.replace(/\\(.)/gs, "$1");

/**
 * The text of a cell (FormatCell in table.go). A number of a numeric
 * format is rounded half away from zero on its shortest digits
 * (toExponential's), by hand: no locale, no Intl.
 * @param {any} v
 * @param {{type: string, decimals: number, group: boolean, symbol: string}} f
 */
function cellText(v, f) {
  const t = f.type, pc = t == "percent", mo = t == "money", d = mo ? 2 : f.decimals;
  if (typeof v != "number" || !NUMERIC.test(t)) return v == null || typeof v == "object" ? "" : t == "date" && /^\d{4}-\d\d-\d\d/.test(v) ? v.slice(0, 10) : "" + v;
  // k digits of v × 10^(2 for a percent + d) are kept, then rounded
  const [m, e] = Math.abs(v).toExponential().split("e"), s = m.replace(".", ""), k = +e + 1 + (pc ? 2 : 0) + d;
  const n = String(k < 0 ? 0n : BigInt(s.padEnd(k, "0").slice(0, k)) + BigInt(s[k] >= "5")).padStart(d + 1, "0"), i = n.length - d;
  return (v < 0 && /[1-9]/.test(n) ? "-" : "") + (mo ? f.symbol : "") + n.slice(0, i).replace(mo || f.group ? /\B(?=(\d{3})+$)/g : /^$/, ",") + (d ? "." + n.slice(i) : "") + (pc ? "%" : "");
}

/**
 * Draws a table from its state and rows, in place (WriteTable in
 * table.go): aria-sort and arrows, the filter inputs the user is not in,
 * the rows, the pager.
 * @param {Element} el
 */
function paint(el) {
  const st = tableState(el);
  if (!st) return;
  /** @type {any[]} */
  const cols = st.columns, sel = st.row_selectable, cur = st.page_current, n = Math.max(st.page_count, 1), pg = el.querySelectorAll("nav button");
  /** @type {Object<string, string>} */
  const got = {};
  for (const [, id, c, r] of (st.filter_query + " && ").matchAll(/\{((?:\\.|[^\\}])*)\} (?:contains "((?:\\.|[^"\\])*)"|((?:"(?:\\.|[^"\\])*"|[^"])*?)) && /gs)) {
    const k = unesc(id);
    got[k] = c != null ? unesc(c) : NUMERIC.test(cols.find((x) => x.id == k)?.format.type) && r.startsWith("= ") ? r.slice(2) : r;
  }
  el.querySelectorAll("thead button").forEach((b, j) => {
    const d = (st.sort_by || []).find((/** @type {any} */ s) => s.column_id == cols[j].id)?.direction;
    /** @type {Element} */ (b.parentElement).setAttribute("aria-sort", d == "asc" ? "ascending" : d == "desc" ? "descending" : "none");
    /** @type {Element} */ (b.lastChild).textContent = d == "asc" ? " ▲" : d == "desc" ? " ▼" : "";
  });
  el.querySelectorAll("thead input").forEach((x, j) => { if (x != document.activeElement) /** @type {HTMLInputElement} */ (x).value = got[cols[j].id] ?? ""; });
  pg[0].toggleAttribute("disabled", cur <= 0);
  pg[1].toggleAttribute("disabled", cur + 1 >= n);
  /** @type {Element} */ (el.querySelector("nav span")).textContent = `Page ${cur + 1} of ${n}`;
  const esc = (/** @type {any} */ s) => ("" + s).replace(/[&<>"]/g, (c) => "&#" + c.charCodeAt(0) + ";");
  morphChildren(/** @type {Element} */ (el.querySelector("tbody")), parse((json(el.getAttribute(A.DATA)) || []).map((/** @type {any} */ r, /** @type {number} */ i) => {
    const on = sel && (st.selected_rows || []).includes(i);
    return `<tr${on ? ' aria-selected="true"' : ""}>` + (sel ? `<td><input type="${sel == "single" ? "radio" : "checkbox"}" name="${esc(el.id)}-rows" aria-label="Select row ${i + 1}"${on ? " checked" : ""}></td>` : "") +
      cols.map((c) => `<td${NUMERIC.test(c.format.type) ? ' class="pw-num"' : ""}>${esc(cellText(r?.[c.id], c.format))}</td>`).join("") + "</tr>";
  }).join("")));
}

/**
 * A click on a header (sort), the pager, a row's checkbox or a cell, or
 * Enter in a filter input (or its change): sets the table's properties,
 * unless the trigger keeps its value, and fires the trigger's callbacks;
 * the others' new values, such as page_current back at 0, go with it.
 * @param {Event} ev
 */
function onTable(ev) {
  const t = /** @type {HTMLInputElement} */ (ev.target), el = t.closest?.("[" + A.TABLE + "]");
  if (!el) return;
  const st = tableState(el), cols = st.columns, b = /** @type {HTMLButtonElement} */ (t.closest("button")), td = t.closest("tbody td");
  /** @type {Object<string, any>} */
  let ps;
  if (t.closest("thead input")) {
    if (ev.type == "click" || (ev instanceof KeyboardEvent && ev.key != "Enter")) return;
    ev.preventDefault();
    // {id} contains "x", {id} = x in a numeric column, or the input as
    // typed after {id} when it starts with an operator
    ps = { filter_query: Array.from(el.querySelectorAll("thead input"), (x, j) => {
      const v = /** @type {HTMLInputElement} */ (x).value.trim(), c = cols[j], k = "{" + c.id.replace(/[{}\\]/g, "\\$&") + "} ";
      return !v ? "" : /^[<>=!]/.test(v) ? k + v : NUMERIC.test(c.format.type) ? k + "= " + v : k + 'contains "' + v.replace(/["\\]/g, "\\$&") + '"';
    }).filter(Boolean).join(" && "), page_current: 0 };
  } else if (ev.type != "click") return;
  else if (b?.closest("th")) {
    // none → asc → desc → none, replacing the sort; with shift, added
    /** @type {any[]} */
    const old = st.sort_by || [], s = old.find((x) => x.column_id == b.value), d = s ? s.direction == "asc" && "desc" : "asc";
    ps = { sort_by: (/** @type {MouseEvent} */ (ev).shiftKey ? old.filter((x) => x != s) : []).concat(d ? [{ column_id: b.value, direction: d }] : []), page_current: 0 };
  } else if (b) ps = { page_current: st.page_current + +b.value };
  else if (td && t.type) ps = { selected_rows: Array.from(el.querySelectorAll("tbody input"), (x, i) => (/** @type {HTMLInputElement} */ (x).checked ? i : -1)).filter((i) => i >= 0) };
  else if (td && !td.querySelector("input")) {
    const c = /** @type {HTMLTableCellElement} */ (td).cellIndex - (st.row_selectable ? 1 : 0);
    ps = { active_cell: { row: /** @type {HTMLTableRowElement} */ (td.parentElement).sectionRowIndex, column: c, column_id: cols[c].id } };
  } else return;
  const prop = Object.keys(ps)[0], deps = inputDeps(el.id, prop);
  if (JSON.stringify(ps[prop]) == JSON.stringify(st[prop]) || !tableSet(el, ps)) return;
  if (deps.length) fire(el.id, prop, Math.max(...deps.map((d) => d.debounce || 0)));
}
ext.paint = paint;
["click", "keydown", "change"].forEach((n) => document.addEventListener(n, onTable));

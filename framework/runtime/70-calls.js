// @ts-check
// Running callbacks: events, debounce and coalescing, the call and its
// reply, loading states.

/**
 * Applies updates of a reply (or a push, with the newest ref): an output
 * that a newer reply already set is left alone. Then it draws the graphs
 * they brought, loads the extension for their tables (85-ext.js), and
 * emits pagewire:updated with the elements touched: els (a navigation's
 * page container) and those updated. Unless quiet, the
 * clientside callbacks they trigger run next.
 * @param {Upd[]} us
 * @param {number} ref
 * @param {Element[]} [els]
 * @param {boolean} [quiet]
 */
function applyUpdates(us, ref, els = [], quiet) {
  us.forEach((u) => {
    const k = u.id + "\0" + u.prop;
    if ((lastSet.get(k) || 0) > ref) return;
    lastSet.set(k, ref);
    const el = document.getElementById(u.id);
    if (!el) return;
    setProp(el, u.prop, u.value);
    if (!els.includes(el)) els.push(el);
  });
  graphs();
  tables();
  if (els.length) emit("updated", { elements: els }, true);
  if (!quiet) after(us);
}

/** @param {Event} ev */
function onEvent(ev) {
  const t = ev.target;
  if (!(t instanceof Element)) return;
  const enter = ev instanceof KeyboardEvent && ev.key === "Enter";
  const prop = (ev.type === "input" && t.getAttribute(A.PROP)) || ({ click: "n_clicks", input: "value", change: "checked", submit: "n_submit", keydown: enter ? "n_submit" : "" }[ev.type] ?? "on:" + ev.type);
  const focused = document.activeElement;
  if (ev.type === "submit" && focused && t.contains(focused) && isInput(focused.id, "n_submit")) {
    return ev.preventDefault(); // its Enter already counted as n_submit
  }
  for (let e = /** @type {Element | null} */ (t); e; e = e.parentElement) {
    const deps = e.id ? inputDeps(e.id, prop) : [];
    if (!deps.length) continue;
    if (prop === "n_clicks" || prop === "n_submit") {
      const a = COUNTERS[prop];
      e.setAttribute(a, String(+(e.getAttribute(a) || 0) + 1));
    }
    if (prop.startsWith("on:")) details.set(e, { ...details.get(e), [prop]: /** @type {CustomEvent} */ (ev).detail ?? null });
    if (prop === "n_submit") ev.preventDefault(); // handled in-app: no form submission
    fire(e.id, prop, Math.max(0, ...deps.map((d) => d.debounce || 0)));
    return;
  }
}

/**
 * Triggers the callbacks of (id, prop): after its debounce, the clientside
 * ones at once, then the server's (see send), with what the clientside
 * ones set.
 * @param {string} id
 * @param {string} prop
 * @param {number} wait
 */
async function fire(id, prop, wait) {
  const key = id + "\0" + prop;
  if (wait) {
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); fire(id, prop, 0); }, wait));
    return;
  }
  const k = { id, prop };
  send([k, ...(await local([k]))]);
}

/**
 * Runs the server callbacks that ts trigger.
 * @param {Key[]} ts
 */
async function call(ts) {
  performance.mark("pagewire:cb-start");
  if (!(await whenOpen(C.CONNECT_WAIT_MS))) return;
  /** @type {Upd[]} */
  const props = [];
  const seen = new Set();
  /** @type {Element[]} */
  const outs = [];
  cbs.forEach((cb) => {
    const hit = !cb.fn && hits(cb, ts);
    [...cb.in, ...(cb.st || [])].forEach((d) => elementsFor(d.id).forEach((el) => {
      const k = el.id + "\0" + d.prop;
      if (!seen.has(k)) {
        seen.add(k);
        props.push({ id: el.id, prop: d.prop, value: getProp(el, d.prop) });
      }
    }));
    if (hit) cb.out.forEach((d) => outs.push(...elementsFor(d.id)));
  });
  loading(outs, true);
  const msg = { type: T.CALLBACK, trigger: ts, props, url: location.pathname + location.search };
  const n = latest;
  let r = await request(msg, cbWait);
  if (r === undefined) {
    // The socket closed before the reply: sent again, once, on the next
    // connection, unless the tab shows another page by then.
    r = await /** @type {Promise<Reply | null | undefined>} */ (new Promise((ok) => resend.push(() => ok(n === latest ? request(msg, cbWait) : null))));
    if (r === undefined) failed("callback reply lost to a reconnect", ts[0]);
  }
  loading(outs, false);
  if (!r || r.superseded) return;
  if (r.reload) return location.assign(r.url || location.href); // the page no longer passes the app's middleware
  applyUpdates(r.updates || [], r.ref);
  performance.mark("pagewire:cb-end");
  if (r.error) failed(r.error, ts[0]);
}

/**
 * Marks outputs busy while their callback runs (aria-busy), and their
 * Loading wrapper after its delay (A.LOADING_ON).
 * @param {Element[]} els
 * @param {boolean} on
 */
function loading(els, on) {
  els.forEach((el) => {
    const n = +(el.getAttribute(A.BUSY) || 0) + (on ? 1 : -1);
    if (n > 0) el.setAttribute(A.BUSY, String(n));
    else el.removeAttribute(A.BUSY);
    el.toggleAttribute("aria-busy", n > 0);
    const w = el.closest("[" + A.LOADING + "]");
    if (!w) return;
    if (on) setTimeout(() => { if (el.hasAttribute(A.BUSY)) w.toggleAttribute(A.LOADING_ON, true); }, +(w.getAttribute(A.DELAY) || 0));
    else if (!w.querySelector("[" + A.BUSY + "]")) w.removeAttribute(A.LOADING_ON);
  });
}

/** @param {string} text */
function overlay(text) {
  const d = document.createElement("div");
  d.setAttribute("role", "alert");
  d.className = "pw-error-overlay";
  d.textContent = text;
  Object.assign(d.style, { position: "fixed", bottom: "1rem", right: "1rem", background: "#b00020", color: "#fff", padding: ".75rem 1rem", zIndex: "2147483647", whiteSpace: "pre-wrap" });
  d.addEventListener("click", () => d.remove());
  document.body.appendChild(d);
}

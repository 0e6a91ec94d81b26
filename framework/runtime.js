// @ts-check
// Pagewire client runtime: one websocket per tab, in-app navigation,
// Dash-style callbacks, server push, and a small DOM morph. Loaded by the shell with <script src defer>; it reads its
// settings from its own data attributes, so it needs no inline script.
(() => {
  "use strict";

  /** Every tunable of the runtime, in one place. */
  const C = {
    PROTOCOL: 1, // wire.Version
    CONTAINER_ID: "pw-content", // wire.ContainerID
    CONNECT_WAIT_MS: 1500, // how long a click waits for a connecting socket
    REPLY_WAIT_MS: 5000, // how long a navigation waits for its reply
    BACKOFF_MIN_MS: 500,
    BACKOFF_MAX_MS: 15000,
    TAB_KEY: "pagewire:tab", // sessionStorage: the tab id, kept across reloads
    ACK_TRIES: 8, // acknowledgements of a not-found render before giving up
    ACK_BACKOFF_MS: 1000,
    STORE_PREFIX: "pagewire:", // local/sessionStorage keys of Store components
  };

  /** Message types, as package wire names them (a Go test compares). */
  const T = {
    HELLO: "hello",
    NAV: "nav",
    PAGE: "page",
    CALLBACK: "cb",
    SUBSCRIBE: "sub",
    ACK: "ack",
    PUSH: "push",
    ERROR: "error",
  };

  /** The data attributes, as package wire names them (a Go test compares). */
  const A = {
    STATUS: "data-pw-status",
    TOPICS: "data-pw-topics",
    NAV: "data-pw-nav",
    BASE: "data-pw-base",
    SOCKET: "data-pw-socket",
    META: "data-pw-meta",
    RELOAD: "data-pw-reload",
    N_CLICKS: "data-pw-n-clicks",
    N_SUBMIT: "data-pw-n-submit",
    N_INTERVALS: "data-pw-n-intervals",
    INTERVAL: "data-pw-interval",
    MAX_INTERVALS: "data-pw-max-intervals",
    GROUP: "data-pw-group",
    STORE: "data-pw-store",
    DATA: "data-pw-data",
    LOCATION: "data-pw-location",
    LOADING: "data-pw-loading",
    LOADING_ON: "data-pw-loading-on",
    DELAY: "data-pw-delay",
    BUSY: "data-pw-busy",
  };

  /** @type {Object<string, string>} counter property -> its attribute */
  const COUNTERS = { n_clicks: A.N_CLICKS, n_submit: A.N_SUBMIT, n_intervals: A.N_INTERVALS };

  /**
   * @typedef {{id: string, prop: string, value: any}} Upd
   * @typedef {{v: number, ref: number, type: string, url?: string,
   *   status?: number, title?: string, meta?: string, html?: string,
   *   reload?: boolean, error?: string, updates?: Upd[], topics?: string,
   *   tab?: string, cbs?: CbSpec[], debug?: boolean, nav?: string,
   *   fired?: boolean, retry?: boolean, superseded?: boolean}} Reply
   * @typedef {string | Object<string, any>} DepID
   * @typedef {{id: DepID, prop: string, debounce?: number}} DepSpec
   * @typedef {{in: DepSpec[], st?: DepSpec[], out: DepSpec[]}} CbSpec
   * @typedef {"link" | "pop" | "push" | "location"} NavKind
   */

  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  /** <html>: its A.SOCKET attribute shows the socket's state, for CSS. */
  const root = document.documentElement;
  const base = script.getAttribute(A.BASE) || "/";
  const socketPath = script.getAttribute(A.SOCKET) || base + "_pagewire/socket";

  /** @param {"connecting" | "open" | "down"} s */
  function setState(s) {
    state = s;
    root.setAttribute(A.SOCKET, s);
  }

  /**
   * All access to the History API goes through this object. An entry's
   * state keeps its not-found token (pwNav) and whether the server
   * confirmed it (pwAcked): a reload or back/forward presents the same one.
   */
  const hist = {
    /**
     * @param {string} url
     * @param {object} [extra]
     */
    push(url, extra) { history.pushState({ pw: C.PROTOCOL, ...extra }, "", url); },
    /**
     * @param {string} url
     * @param {object} [extra]
     */
    replace(url, extra) { history.replaceState({ ...history.state, pw: C.PROTOCOL, ...extra }, "", url); },
    /** @returns {{pwNav?: string, pwAcked?: boolean}} */
    state() { return history.state || {}; },
  };

  /**
   * Dispatches a cancelable pagewire:NAME event on document.
   * @param {string} name
   * @param {object} [detail]
   * @returns {boolean} false when a listener called preventDefault
   */
  function emit(name, detail) {
    return document.dispatchEvent(new CustomEvent("pagewire:" + name, { detail, cancelable: true }));
  }

  // ---- socket ----------------------------------------------------------

  /** @type {WebSocket | null} */
  let ws = null;
  /** @type {"connecting" | "open" | "down"} */
  let state = "connecting";
  let attempts = 0;
  let lastRef = 0;
  /** @type {Map<number, (r: Reply | null) => void>} */
  const pending = new Map();
  /** @type {Array<(open: boolean) => void>} */
  let waiters = [];

  /** @param {boolean} open */
  function wake(open) {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f(open));
  }

  function connect() {
    setState("connecting");
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    let s;
    try {
      const tab = sessionStorage.getItem(C.TAB_KEY);
      s = new WebSocket(scheme + location.host + socketPath + (tab ? "?tab=" + encodeURIComponent(tab) : ""));
    } catch (_) {
      return down();
    }
    ws = s;
    // The socket counts as open once the server's hello (with the callback
    // graph) has arrived: see hello().
    s.onmessage = (ev) => {
      /** @type {Reply} */
      let m;
      try {
        m = JSON.parse(ev.data);
      } catch (_) {
        return;
      }
      if (m.type === T.HELLO) return hello(m);
      if (m.type === T.PUSH) return applyUpdates(m.updates || [], lastRef);
      const done = pending.get(m.ref);
      if (done) {
        pending.delete(m.ref);
        done(m);
      }
    };
    s.onclose = () => {
      if (ws === s) ws = null;
      pending.forEach((done) => done(null));
      pending.clear();
      down();
    };
  }

  /** Marks the socket down and schedules a reconnect with backoff and jitter. */
  function down() {
    setState("down");
    wake(false);
    emit("disconnected");
    const max = Math.min(C.BACKOFF_MAX_MS, C.BACKOFF_MIN_MS * 2 ** attempts++);
    setTimeout(connect, max / 2 + (Math.random() * max) / 2);
  }

  /**
   * Resolves true once the socket is open, false when it is down or does not
   * open within ms.
   * @param {number} ms
   * @returns {Promise<boolean>}
   */
  function whenOpen(ms) {
    if (state === "open") return Promise.resolve(true);
    if (state === "down") return Promise.resolve(false);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      waiters.push((open) => {
        clearTimeout(t);
        resolve(open);
      });
    });
  }

  /**
   * Sends a message and resolves with its reply, or null when the socket
   * closes or the reply does not come in time.
   * @param {object} msg
   * @returns {Promise<Reply | null>}
   */
  function request(msg) {
    const s = ws;
    if (!s || s.readyState !== WebSocket.OPEN) return Promise.resolve(null);
    const ref = ++lastRef;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        pending.delete(ref);
        resolve(null);
      }, C.REPLY_WAIT_MS);
      pending.set(ref, (r) => {
        clearTimeout(t);
        resolve(r);
      });
      s.send(JSON.stringify({ v: C.PROTOCOL, ref, ...msg }));
    });
  }

  // ---- navigation ------------------------------------------------------

  let latest = 0; // the newest navigation; older replies are dropped
  let current = location.pathname + location.search; // what the page shows

  /**
   * Navigates in the app: asks the server for the page over the socket and
   * morphs it in, or falls back to a document load.
   * @param {string} href
   * @param {NavKind} kind
   */
  async function navigate(href, kind) {
    const target = new URL(href, location.href);
    if (!emit("navigate", { url: target.href, kind })) return;
    performance.mark("pagewire:nav-start");
    const n = ++latest;
    const open = await whenOpen(C.CONNECT_WAIT_MS);
    if (n !== latest) return;
    if (!open || !document.getElementById(C.CONTAINER_ID)) return fallback(target, kind);
    const reply = await request({ type: T.NAV, url: target.pathname + target.search, kind, from: location.href, ...outside() });
    if (n !== latest) return;
    if (!reply || reply.type !== T.PAGE || reply.reload) {
      return fallback(reply && reply.url ? new URL(reply.url + target.hash, location.href) : target, kind);
    }
    apply(reply, target.hash, kind);
  }

  /**
   * Describes the document around the page container for a navigation:
   * the values of callback inputs and states there, and the ids there that
   * callbacks name, so the new page's first callbacks run with them.
   * @returns {{props: Upd[], ids: string[]}}
   */
  function outside() {
    const box = document.getElementById(C.CONTAINER_ID);
    /** @type {Upd[]} */
    const props = [];
    /** @type {Set<string>} */
    const ids = new Set();
    const seen = new Set();
    cbs.forEach((cb) => [["in", cb.in], ["st", cb.st || []], ["out", cb.out]].forEach(([kind, deps]) =>
      /** @type {DepSpec[]} */ (deps).forEach((d) => elementsFor(d.id).forEach((el) => {
        if (box && box.contains(el)) return;
        ids.add(el.id);
        const k = el.id + "\0" + d.prop;
        if (kind !== "out" && !seen.has(k)) {
          seen.add(k);
          props.push({ id: el.id, prop: d.prop, value: getProp(el, d.prop) });
        }
      }))));
    return { props, ids: Array.from(ids) };
  }

  /**
   * @param {URL} target
   * @param {NavKind} kind
   */
  function fallback(target, kind) {
    if (kind === "pop") location.replace(target.href);
    else location.assign(target.href);
  }

  /**
   * Shows a page reply: history, title, meta, content, scroll, announcement.
   * @param {Reply} r
   * @param {string} hash
   * @param {NavKind} kind
   */
  function apply(r, hash, kind) {
    const url = (r.url || "") + hash;
    if (kind === "pop") hist.replace(url); // keeps the entry's own token
    else hist.push(url, r.nav ? { pwNav: r.nav } : {});
    current = r.url || "";
    document.title = r.title || "";
    document.head.querySelectorAll("meta[" + A.META + "]").forEach((m) => m.remove());
    document.head.append(parse(r.meta || ""));
    const box = document.getElementById(C.CONTAINER_ID);
    if (box) {
      morphChildren(box, parse(r.html || ""));
      box.setAttribute(A.STATUS, String(r.status));
      if (r.topics) box.setAttribute(A.TOPICS, r.topics);
      else box.removeAttribute(A.TOPICS);
    }
    lastSet.clear();
    // Outputs of the page's first callbacks that live around the container
    // (a Location's callbacks ran on the server with the new URL).
    applyUpdates(r.updates || [], r.ref);
    pageReady();
    const el = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (el) el.scrollIntoView();
    else if (kind !== "pop") window.scrollTo(0, 0);
    live.textContent = document.title;
    ackEntry();
    performance.mark("pagewire:nav-end");
    emit("navigated", { url, status: r.status });
  }

  // ---- not-found acknowledgements -------------------------------------

  /** Acknowledges the current entry's not-found render, unless confirmed. */
  function ackEntry() {
    const st = hist.state();
    if (st.pwNav && !st.pwAcked) ack(st.pwNav, location.pathname + location.search, 0);
  }

  /**
   * Acknowledges a not-found render until the server confirms it: over the
   * socket, or with a beacon when the socket is down. The server fires the
   * app's hook once per token.
   * @param {string} token
   * @param {string} url the URL the token was shown at
   * @param {number} tries
   */
  async function ack(token, url, tries) {
    /** @type {{fired?: boolean, error?: string, retry?: boolean} | null} */
    let r = null;
    if (await whenOpen(C.CONNECT_WAIT_MS)) r = await request({ type: T.ACK, token, url });
    else {
      try {
        const res = await fetch(base + "_pagewire/beacon", {
          method: "POST", body: JSON.stringify({ token, url }), keepalive: true,
          headers: { "Content-Type": "application/json" }, credentials: "same-origin",
        });
        r = await res.json();
      } catch (_) {
        r = null;
      }
    }
    if (r && !r.retry) {
      if (r.error) console.warn("pagewire: " + r.error);
      else if (hist.state().pwNav === token) hist.replace(location.href, { pwAcked: true });
      return;
    }
    if (tries < C.ACK_TRIES) setTimeout(() => ack(token, url, tries + 1), C.ACK_BACKOFF_MS * 2 ** tries * (0.5 + Math.random() / 2));
  }

  // ---- morph -----------------------------------------------------------

  /** @param {string} html */
  function parse(html) {
    const t = document.createElement("template");
    t.innerHTML = html;
    return t.content;
  }

  /**
   * Makes the children of a like those of b, keeping nodes that match (same
   * type, tag and id) so focus and input state survive.
   * @param {Node} a
   * @param {Node} b
   */
  function morphChildren(a, b) {
    const olds = Array.from(a.childNodes);
    const news = Array.from(b.childNodes);
    news.forEach((nu, i) => {
      const old = olds[i];
      if (!old) a.appendChild(nu);
      else if (same(old, nu)) update(old, nu);
      else a.replaceChild(nu, old);
    });
    olds.slice(news.length).forEach((n) => a.removeChild(n));
  }

  /**
   * @param {Node} x
   * @param {Node} y
   */
  function same(x, y) {
    return x.nodeType === y.nodeType && x.nodeName === y.nodeName &&
      (!(x instanceof Element) || x.id === /** @type {Element} */ (y).id);
  }

  /**
   * @param {Node} x
   * @param {Node} y
   */
  function update(x, y) {
    if (!(x instanceof Element) || !(y instanceof Element)) {
      if (x.nodeValue !== y.nodeValue) x.nodeValue = y.nodeValue;
      return;
    }
    Array.from(x.attributes).forEach((at) => { if (!y.hasAttribute(at.name)) x.removeAttribute(at.name); });
    Array.from(y.attributes).forEach((at) => { if (x.getAttribute(at.name) !== at.value) x.setAttribute(at.name, at.value); });
    if ((x instanceof HTMLInputElement || x instanceof HTMLTextAreaElement) && x !== document.activeElement) {
      const v = /** @type {HTMLInputElement} */ (y);
      x.value = v.value;
      if (x instanceof HTMLInputElement) x.checked = v.checked;
    }
    morphChildren(x, y);
  }

  // ---- callbacks -------------------------------------------------------

  /** @type {CbSpec[]} */
  let cbs = [];
  let debug = false;
  /** @type {Map<string, number>} output key -> ref of the reply that set it */
  const lastSet = new Map();
  /** @type {Map<string, boolean>} trigger key -> another change waits */
  const busy = new Map();
  /** @type {Map<string, number>} trigger key -> debounce timer */
  const timers = new Map();
  /** @type {WeakMap<Element, Object<string, any>>} custom event details */
  const details = new WeakMap();
  /** @type {WeakSet<Element>} Intervals already ticking */
  const ticking = new WeakSet();
  /** @type {Set<string>} custom events listened to */
  const custom = new Set();

  let greeted = false;

  /** @param {Reply} m */
  function hello(m) {
    if (m.tab) sessionStorage.setItem(C.TAB_KEY, m.tab);
    cbs = m.cbs || [];
    debug = !!m.debug;
    attempts = 0;
    setState("open");
    wake(true);
    emit("connected");
    cbs.forEach((cb) => cb.in.forEach((d) => {
      const name = d.prop.slice(3);
      if (d.prop.startsWith("on:") && !custom.has(name)) {
        custom.add(name);
        document.addEventListener(name, onEvent, true);
      }
    }));
    pageReady();
    if (!greeted) {
      // Changes made before the socket was ready are not lost.
      cbs.forEach((cb) => cb.in.forEach((d) => elementsFor(d.id).forEach((el) => {
        const changed = (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) &&
          (d.prop === "value" ? el.value !== el.defaultValue : d.prop === "checked" && el instanceof HTMLInputElement && el.checked !== el.defaultChecked);
        if (changed) fire(el.id, d.prop, 0);
      })));
    }
    greeted = true;
  }

  /** Subscribes to the shown page's topics and starts its Intervals. */
  function pageReady() {
    const box = document.getElementById(C.CONTAINER_ID);
    if (ws && state === "open") ws.send(JSON.stringify({ v: C.PROTOCOL, ref: 0, type: T.SUBSCRIBE, topics: (box && box.getAttribute(A.TOPICS)) || "" }));
    document.querySelectorAll("[" + A.INTERVAL + "]").forEach((el) => {
      if (ticking.has(el)) return;
      ticking.add(el);
      const t = setInterval(() => {
        if (!el.isConnected) return clearInterval(t);
        const n = +(el.getAttribute(A.N_INTERVALS) || 0);
        const max = +(el.getAttribute(A.MAX_INTERVALS) || -1);
        if (el.hasAttribute("disabled") || (max >= 0 && n >= max)) return;
        el.setAttribute(A.N_INTERVALS, String(n + 1));
        fire(el.id, "n_intervals", 0);
      }, +(el.getAttribute(A.INTERVAL) || 1000));
    });
  }

  /**
   * @param {DepID} dep
   * @param {string} id
   */
  function idMatches(dep, id) {
    if (typeof dep === "string") return dep === id;
    if (id[0] !== "{") return false;
    /** @type {Object<string, any>} */
    let o;
    try {
      o = JSON.parse(id);
    } catch (_) {
      return false;
    }
    const ks = Object.keys(dep);
    return ks.length === Object.keys(o).length && ks.every((k) => k in o && (Array.isArray(dep[k]) || dep[k] === o[k]));
  }

  /** @param {DepID} dep */
  function elementsFor(dep) {
    if (typeof dep === "string") {
      const e = document.getElementById(dep);
      return e ? [e] : [];
    }
    return Array.from(document.querySelectorAll('[id^="{"]')).filter((e) => idMatches(dep, e.id));
  }

  /**
   * @param {string} id
   * @param {string} prop
   */
  function inputDeps(id, prop) {
    /** @type {DepSpec[]} */
    const out = [];
    cbs.forEach((cb) => cb.in.forEach((d) => { if (d.prop === prop && idMatches(d.id, id)) out.push(d); }));
    return out;
  }

  /**
   * @param {string} id
   * @param {string} prop
   */
  function isInput(id, prop) { return !!id && inputDeps(id, prop).length > 0; }

  /**
   * Reads a property the way the server does (internal/dom ReadProp).
   * @param {Element} el
   * @param {string} prop
   * @returns {any}
   */
  function getProp(el, prop) {
    switch (prop) {
      case "children": return el.innerHTML;
      case "value":
        if (el.hasAttribute(A.GROUP)) {
          const ins = Array.from(el.querySelectorAll("input"));
          const on = ins.filter((i) => i.checked).map((i) => i.value);
          return ins.some((i) => i.type === "radio") ? (on[0] ?? null) : on;
        }
        if (el instanceof HTMLSelectElement && el.multiple) return Array.from(el.selectedOptions).map((o) => o.value);
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
      case "max_intervals": return +(el.getAttribute(A.MAX_INTERVALS) ?? -1);
      case "pathname": case "search": case "hash": case "href":
        if (el.hasAttribute(A.LOCATION)) return location[prop];
    }
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
      case "class": return void (v == null ? el.removeAttribute(prop) : el.setAttribute(prop, text(v)));
      case "style": return void (h.style.cssText = text(v));
      case "data": return writeStore(el, v);
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
    if (v == null || v === false) el.removeAttribute(prop);
    else el.setAttribute(prop, v === true ? "" : text(v));
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
    const raw = (st && st.getItem(C.STORE_PREFIX + el.id)) ?? el.getAttribute(A.DATA) ?? "null";
    try {
      return JSON.parse(raw);
    } catch (_) {
      return null;
    }
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

  /**
   * Applies updates of a reply (or a push, with the newest ref): an output
   * that a newer reply already set is left alone.
   * @param {Upd[]} us
   * @param {number} ref
   */
  function applyUpdates(us, ref) {
    us.forEach((u) => {
      const k = u.id + "\0" + u.prop;
      if ((lastSet.get(k) || 0) > ref) return;
      lastSet.set(k, ref);
      const el = document.getElementById(u.id);
      if (el) setProp(el, u.prop, u.value);
    });
  }

  /** @param {Event} ev */
  function onEvent(ev) {
    const t = ev.target;
    if (!(t instanceof Element)) return;
    const enter = ev instanceof KeyboardEvent && ev.key === "Enter";
    const prop = { click: "n_clicks", input: "value", change: "checked", submit: "n_submit", keydown: enter ? "n_submit" : "" }[ev.type] ?? "on:" + ev.type;
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
   * Triggers the callbacks of (id, prop): after its debounce, and while a
   * request for it is in flight, coalesced into one more with the latest
   * values when the reply lands.
   * @param {string} id
   * @param {string} prop
   * @param {number} wait
   */
  function fire(id, prop, wait) {
    const key = id + "\0" + prop;
    if (wait) {
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => { timers.delete(key); fire(id, prop, 0); }, wait));
      return;
    }
    if (busy.has(key)) return void busy.set(key, true);
    busy.set(key, false);
    call(id, prop).then(() => {
      const again = busy.get(key);
      busy.delete(key);
      if (again) fire(id, prop, 0);
    });
  }

  /**
   * @param {string} id
   * @param {string} prop
   */
  async function call(id, prop) {
    performance.mark("pagewire:cb-start");
    if (!(await whenOpen(C.CONNECT_WAIT_MS))) return;
    /** @type {Upd[]} */
    const props = [];
    const seen = new Set();
    /** @type {Element[]} */
    const outs = [];
    cbs.forEach((cb) => {
      const hit = cb.in.some((d) => d.prop === prop && idMatches(d.id, id));
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
    const r = await request({ type: T.CALLBACK, trigger: [{ id, prop }], props, url: location.pathname + location.search });
    loading(outs, false);
    if (!r || r.superseded) return;
    if (r.reload) return location.assign(r.url || location.href); // the page no longer passes the app's middleware
    applyUpdates(r.updates || [], r.ref);
    performance.mark("pagewire:cb-end");
    if (r.error) {
      console.error("pagewire: " + r.error);
      if (emit("error", { error: r.error, id, prop }) && debug) overlay(r.error);
    }
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

  // ---- wiring ----------------------------------------------------------

  const live = document.createElement("div");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  Object.assign(live.style, { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clipPath: "inset(50%)" });
  document.body.appendChild(live);

  ["click", "input", "change", "keydown", "submit"].forEach((t) => document.addEventListener(t, onEvent, true));

  document.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
    if (!(a instanceof HTMLAnchorElement)) return;
    if ((a.target && a.target !== "_self") || a.hasAttribute("download") || a.hasAttribute(A.RELOAD)) return;
    const u = new URL(a.href);
    if (u.origin !== location.origin || !(u.pathname + "/").startsWith(base)) return;
    if (u.pathname + u.search === location.pathname + location.search && u.hash) return;
    ev.preventDefault();
    navigate(u.href, "link");
  });

  window.addEventListener("popstate", () => {
    if (location.pathname + location.search === current) return; // a hash change
    navigate(location.href, "pop");
  });

  // A fresh entry adopts the render's token; a reloaded one keeps its own.
  const shown = script.getAttribute(A.NAV);
  hist.replace(location.href, shown && !hist.state().pwNav ? { pwNav: shown } : {});
  ackEntry();
  /** The runtime's public API. */
  Object.defineProperty(window, "pagewire", {
    value: Object.freeze({
      /** @param {string} href */
      navigate: (href) => navigate(href, "push"),
    }),
  });
  connect();
})();

// @ts-check
// Pagewire client runtime: one websocket per tab, in-app navigation, and a
// small DOM morph. Loaded by the shell with <script src defer>; it reads its
// settings from its own data attributes, so it needs no inline script.
(() => {
  "use strict";

  /** Every tunable of the runtime, in one place. */
  const C = {
    PROTOCOL: 1,
    CONTAINER_ID: "pw-content",
    META_SELECTOR: "meta[data-pw-meta]",
    RELOAD_ATTR: "data-pw-reload",
    CONNECT_WAIT_MS: 1500, // how long a click waits for a connecting socket
    REPLY_WAIT_MS: 5000, // how long a navigation waits for its reply
    BACKOFF_MIN_MS: 500,
    BACKOFF_MAX_MS: 15000,
  };

  /**
   * @typedef {{v: number, ref: number, type: string, url?: string,
   *   status?: number, title?: string, meta?: string, html?: string,
   *   reload?: boolean, error?: string}} Reply
   * @typedef {"link" | "pop" | "push"} NavKind
   */

  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  /** <html>: its data-pw-socket attribute shows the socket's state, for CSS. */
  const root = document.documentElement;
  const base = script.dataset.pwBase || "/";
  const socketPath = script.dataset.pwSocket || base + "_pagewire/socket";

  /** All access to the History API goes through this object. */
  const hist = {
    /** @param {string} url */
    push(url) { history.pushState({ pw: C.PROTOCOL }, "", url); },
    /** @param {string} url */
    replace(url) { history.replaceState({ ...history.state, pw: C.PROTOCOL }, "", url); },
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
    state = root.dataset.pwSocket = "connecting";
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    let s;
    try {
      s = new WebSocket(scheme + location.host + socketPath);
    } catch (_) {
      return down();
    }
    ws = s;
    s.onopen = () => {
      attempts = 0;
      state = root.dataset.pwSocket = "open";
      wake(true);
      emit("connected");
    };
    s.onmessage = (ev) => {
      /** @type {Reply} */
      let m;
      try {
        m = JSON.parse(ev.data);
      } catch (_) {
        return;
      }
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
    state = root.dataset.pwSocket = "down";
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
    const n = ++latest;
    const open = await whenOpen(C.CONNECT_WAIT_MS);
    if (n !== latest) return;
    if (!open) return fallback(target, kind);
    performance.mark("pagewire:nav-start");
    const reply = await request({ type: "nav", url: target.pathname + target.search, kind });
    if (n !== latest) return;
    if (!reply || reply.type !== "page" || reply.reload) {
      return fallback(reply && reply.url ? new URL(reply.url + target.hash, location.href) : target, kind);
    }
    apply(reply, target.hash, kind);
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
    if (kind === "pop") hist.replace(url);
    else hist.push(url);
    current = r.url || "";
    document.title = r.title || "";
    document.head.querySelectorAll(C.META_SELECTOR).forEach((m) => m.remove());
    document.head.append(parse(r.meta || ""));
    const box = document.getElementById(C.CONTAINER_ID);
    if (box) {
      morphChildren(box, parse(r.html || ""));
      box.dataset.pwStatus = String(r.status);
    }
    const el = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (el) el.scrollIntoView();
    else if (kind !== "pop") window.scrollTo(0, 0);
    live.textContent = document.title;
    performance.mark("pagewire:nav-end");
    emit("navigated", { url, status: r.status });
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

  // ---- wiring ----------------------------------------------------------

  const live = document.createElement("div");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  Object.assign(live.style, { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clipPath: "inset(50%)" });
  document.body.appendChild(live);

  document.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
    if (!(a instanceof HTMLAnchorElement)) return;
    if ((a.target && a.target !== "_self") || a.hasAttribute("download") || a.hasAttribute(C.RELOAD_ATTR)) return;
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

  hist.replace(location.href);
  /** The runtime's public API. */
  Object.defineProperty(window, "pagewire", {
    value: Object.freeze({
      /** @param {string} href */
      navigate: (href) => navigate(href, "push"),
    }),
  });
  connect();
})();

// @ts-check
// The callback graph from the server's hello, and finding a callback's
// inputs on the page.

// ---- callbacks -------------------------------------------------------

/** @type {CbSpec[]} */
let cbs = [];
let debug = false;
let cbWait = 35000; // how long a callback waits for its reply (hello's cbWait)
/** @type {Map<string, number>} output key -> ref of the reply that set it */
const lastSet = new Map();
/** @type {Map<string, Key[] | null>} triggers in flight -> those of another change that waits */
const busy = new Map();
/** @type {Map<string, number>} trigger key -> debounce timer */
const timers = new Map();
/** @type {WeakMap<Element, Object<string, any>>} custom event details */
const details = new WeakMap();
/** @type {WeakSet<Element>} Intervals already ticking */
const ticking = new WeakSet();
/** @type {Array<() => void>} callbacks to send again once the socket reopens */
const resend = [];
/** @type {Set<string>} custom events listened to */
const custom = new Set();

let greeted = false;
let instance = ""; // the first server instance id (hello's dev) this page saw

/** @param {Reply} m */
function hello(m) {
  // Development mode: a restarted server (another instance id) reloads
  // the page, once, since the reloaded page remembers the new id.
  if (m.dev) {
    if (instance && instance !== m.dev) return location.reload();
    instance = m.dev;
  }
  if (m.tab) sessionStorage.setItem(C.TAB_KEY, m.tab);
  cbs = m.cbs || [];
  debug = !!m.debug;
  cbWait = m.cbWait || cbWait;
  attempts = 0;
  renewed = false;
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
  resend.splice(0).forEach((f) => f());
  if (!greeted) {
    // Changes made before the socket was ready are not lost.
    cbs.forEach((cb) => cb.in.forEach((d) => elementsFor(d.id).forEach((el) => {
      const changed = (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) &&
        (d.prop === "value" ? el.value !== el.defaultValue : d.prop === "checked" && el instanceof HTMLInputElement && el.checked !== el.defaultChecked);
      if (changed) fire(el.id, d.prop, 0);
    })));
    after([], document.body); // the clientside callbacks' initial calls
    // The server rendered without the hash, which the browser keeps to
    // itself: its callbacks see it now (the clientside ones just did).
    if (location.hash) send(hashKeys());
  }
  greeted = true;
}

/** Subscribes to the shown page's topics and starts its Intervals. */
function pageReady() {
  const box = document.getElementById(C.CONTAINER_ID);
  if (ws && state === "open") ws.send(JSON.stringify({ v: C.PROTOCOL, ref: (subRef = ++lastRef), type: T.SUBSCRIBE, topics: (box && box.getAttribute(A.TOPICS)) || "" }));
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

let renewed = false; // this connection renewed the page's topics: once only

/**
 * Renews the shown page's topics when the server refuses them (it
 * restarted with another Config.Secret): asks it for the page's topics
 * alone (wire.Nav.Topics), without touching the page, and subscribes with
 * them. Once per connection, so never a loop.
 */
async function renew() {
  const n = latest;
  if (renewed) return console.warn("pagewire: topics refused again; no live updates until a reload");
  renewed = true;
  console.warn("pagewire: topics refused (server restarted?); fetching them again");
  const r = await request({ type: T.NAV, url: current, topics: true });
  const box = document.getElementById(C.CONTAINER_ID);
  if (n !== latest || !r || r.type !== T.PAGE || r.reload || !box) return; // or another page shows, with its own topics
  box.setAttribute(A.TOPICS, r.topics || "");
  pageReady();
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

/** The Locations' hash as the inputs it is. @returns {Key[]} */
function hashKeys() {
  return Array.from(document.querySelectorAll("[" + A.LOCATION + "]"), (el) => ({ id: el.id, prop: "hash" })).filter((k) => isInput(k.id, k.prop));
}

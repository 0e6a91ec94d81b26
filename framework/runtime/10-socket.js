// @ts-check
// The socket: connecting with backoff, requests and their replies.

// ---- socket ----------------------------------------------------------

/** @type {WebSocket | null} */
let ws = null;
/** @type {"connecting" | "open" | "down"} */
let state = "connecting";
let attempts = 0;
let lastRef = 0;
let subRef = 0; // the ref of the last subscribe: an error with it is a refusal
/** @type {Map<number, (r: Reply | null | undefined) => void>} pending requests; undefined: lost to a closed socket */
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
    if (m.type === T.RELOAD) return location.reload(); // development mode: a file changed
    if (m.type === T.PUSH) return applyUpdates(m.updates || [], lastRef);
    if (m.type === T.ERROR && m.ref && m.ref === subRef) return renew();
    const done = pending.get(m.ref);
    if (done) {
      pending.delete(m.ref);
      done(m);
    }
  };
  s.onclose = () => {
    if (ws === s) ws = null;
    pending.forEach((done) => done(undefined));
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
 * Sends a message and resolves with its reply: null when the socket is
 * not open or the reply does not come in time, undefined when the socket
 * closes after sending it. A callback waits cbWait, the server's
 * callback timeout and a margin; anything else REPLY_WAIT_MS.
 * @param {object} msg
 * @param {number} [ms]
 * @returns {Promise<Reply | null | undefined>}
 */
function request(msg, ms = C.REPLY_WAIT_MS) {
  const s = ws;
  if (!s || s.readyState !== WebSocket.OPEN) return Promise.resolve(null);
  const ref = ++lastRef;
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      pending.delete(ref);
      resolve(null);
    }, ms);
    pending.set(ref, (r) => {
      clearTimeout(t);
      resolve(r);
    });
    s.send(JSON.stringify({ v: C.PROTOCOL, ref, ...msg }));
  });
}

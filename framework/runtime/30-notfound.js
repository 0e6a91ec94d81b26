// @ts-check
// Acknowledging a not-found render, once per history entry.

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
  /** @type {{fired?: boolean, error?: string, retry?: boolean} | null | undefined} */
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

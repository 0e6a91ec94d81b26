// @ts-check
// In-app navigation: the page request, the shell values sent with it, and
// applying the page reply.

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
  const reply = await request({ type: T.NAV, url: target.pathname + target.search, hash: target.hash, kind, from: location.href, ...outside() });
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
  applyUpdates(r.updates || [], r.ref, box ? [box] : [], true);
  after(r.updates || [], box); // with the initial calls of the new content's clientside callbacks
  pageReady();
  const el = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
  if (el) el.scrollIntoView();
  else if (kind !== "pop") window.scrollTo(0, 0);
  live.textContent = document.title;
  ackEntry();
  performance.mark("pagewire:nav-end");
  emit("navigated", { url, status: r.status });
  // A failed page (500) is reported like a failed callback; with
  // Config.Debug its detail (the error page's <pre>) is in the overlay.
  if ((r.status || 0) >= 500) failed(box?.querySelector(".pw-error pre")?.textContent || document.title);
}

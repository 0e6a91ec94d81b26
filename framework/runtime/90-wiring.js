// @ts-check
// Wiring: the listeners, the public API and the first connection.

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

// A link to "#x" or location.hash set by the page: no navigation, the
// Locations' hash callbacks run (one request).
window.addEventListener("hashchange", async () => {
  if (location.pathname + location.search !== current) return; // a navigation's
  const ks = hashKeys();
  send([...ks, ...(await local([...ks]))]);
});

// A fresh entry adopts the render's token; a reloaded one keeps its own.
const shown = script.getAttribute(A.NAV);
hist.replace(location.href, shown && !hist.state().pwNav ? { pwNav: shown } : {});
ackEntry();
graphs();
tables();
/** The runtime's public API. */
Object.defineProperty(window, "pagewire", {
  value: Object.freeze({
    /** @param {string} href */
    navigate: (href) => navigate(href, "push"),
    clientside,
    noUpdate,
  }),
});
connect();

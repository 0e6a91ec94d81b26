// @ts-check
// Graphs (components.Graph): plotly.js, loaded once the shown page has a
// graph (A.GRAPH), draws each from its figure and config attributes, and
// its events set the graph's clickData, hoverData, selectedData and
// relayoutData and fire the callbacks they are inputs of.

/** @type {Promise<any> | null} plotly.js, once requested */
let plotly = null;
/** @type {Set<Element>} graphs drawn, or waiting for plotly.js */
const drawn = new Set();
/** @type {WeakSet<Element>} graphs whose events are listened to */
const hooked = new WeakSet();
/** @type {Object<string, string>} plotly event -> the property it sets */
const GRAPH_EVENTS = { plotly_click: "clickData", plotly_hover: "hoverData", plotly_selected: "selectedData", plotly_deselect: "selectedData", plotly_relayout: "relayoutData" };
/** The fields of an event's points that are kept: the serialisable ones. */
const POINT_KEYS = ["curveNumber", "pointNumber", "pointIndex", "x", "y", "z", "customdata", "text", "label", "value"];

/**
 * Loads plotly.js once, from the script tag's A.PLOTLY, with its nonce.
 * @returns {Promise<any>}
 */
function loadPlotly() {
  const w = /** @type {any} */ (window);
  return plotly ||= w.Plotly ? Promise.resolve(w.Plotly) : new Promise((ok, fail) => {
    const s = document.createElement("script");
    s.src = script.getAttribute(A.PLOTLY) || ""; // "" fails
    s.nonce = script.nonce;
    s.onload = s.onerror = () => {
      if (w.Plotly) return ok(w.Plotly);
      plotly = null; // the next page with a graph tries again
      fail(new Error("pagewire: plotly.js did not load"));
    };
    document.head.appendChild(s);
  });
}

/**
 * Gives a drawn graph back plotly's class, which its CSS needs, after the
 * class attribute was written.
 * @param {Element} el
 */
function plotClass(el) {
  if (drawn.has(el)) el.classList.add("js-plotly-plot");
}

/** Draws the graphs the page shows that are not drawn yet; purges those gone. */
function graphs() {
  drawn.forEach((g) => {
    if (g.isConnected) return;
    drawn.delete(g);
    const w = /** @type {any} */ (window);
    if (w.Plotly) w.Plotly.purge(g);
  });
  document.querySelectorAll("[" + A.GRAPH + "]").forEach((g) => { if (!drawn.has(g)) draw(g); });
}

/**
 * Draws a graph from its figure and config with Plotly.react, which
 * redraws in place, and listens to its events the first time.
 * @param {Element} el
 */
async function draw(el) {
  if (!el.hasAttribute(A.GRAPH)) return;
  drawn.add(el);
  try {
    const P = await loadPlotly();
    if (!el.isConnected) return;
    const f = json(el.getAttribute(A.FIGURE)) || {};
    await P.react(el, f.data || [], f.layout || {}, json(el.getAttribute(A.CONFIG)) || {});
  } catch (e) {
    return console.error(e);
  }
  if (hooked.has(el)) return;
  hooked.add(el);
  const g = /** @type {any} */ (el);
  Object.entries(GRAPH_EVENTS).forEach(([ev, prop]) => g.on(ev, (/** @type {any} */ d) => {
    setProp(el, prop, prop === "relayoutData" ? d : d && {
      points: (d.points || []).map((/** @type {any} */ p) => Object.fromEntries(POINT_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]))),
      range: d.range,
      lassoPoints: d.lassoPoints,
    });
    const deps = el.id ? inputDeps(el.id, prop) : [];
    if (deps.length) fire(el.id, prop, Math.max(0, ...deps.map((x) => x.debounce || 0)));
  }));
}

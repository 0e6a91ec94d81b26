// @ts-check
// Pagewire client runtime: one websocket per tab, in-app navigation,
// Dash-style callbacks, server push, and a small DOM morph. Loaded by the
// shell with <script src defer>; it reads its settings from its own data
// attributes, so it needs no inline script.
//
// The runtime's source is the files of this folder, joined in name order
// inside one strict-mode function by go generate (internal/jsmin.BundleExt),
// so their top-level names are the function's locals, never page globals.
// The files of ext/ are the runtime's extension, loaded only by the pages
// that need it (85-ext.js).
// This one holds the constants, types and helpers every part uses: the
// tables the Go tests compare with package wire, the script's settings,
// history and events.

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
  RELOAD: "reload",
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
  PLOTLY: "data-pw-plotly",
  EXT: "data-pw-ext",
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
  GRAPH: "data-pw-graph",
  FIGURE: "data-pw-figure",
  CONFIG: "data-pw-config",
  CLICK_DATA: "data-pw-click-data",
  HOVER_DATA: "data-pw-hover-data",
  SELECTED_DATA: "data-pw-selected-data",
  RELAYOUT_DATA: "data-pw-relayout-data",
  DROPDOWN: "data-pw-dropdown",
  PLACEHOLDER: "data-pw-placeholder",
  TABS: "data-pw-tabs",
  PROP: "data-pw-prop",
  TABLE: "data-pw-table",
};

/** @type {Object<string, string>} counter property -> its attribute */
const COUNTERS = { n_clicks: A.N_CLICKS, n_submit: A.N_SUBMIT, n_intervals: A.N_INTERVALS };
/** @type {Object<string, string>} a Graph's JSON property -> its attribute (wire.GraphAttrs) */
const GRAPH = { figure: A.FIGURE, clickData: A.CLICK_DATA, hoverData: A.HOVER_DATA, selectedData: A.SELECTED_DATA, relayoutData: A.RELAYOUT_DATA };

/**
 * @typedef {{id: string, prop: string, value: any}} Upd
 * @typedef {{v: number, ref: number, type: string, url?: string,
 *   status?: number, title?: string, meta?: string, html?: string,
 *   reload?: boolean, error?: string, updates?: Upd[], topics?: string,
 *   tab?: string, cbs?: CbSpec[], debug?: boolean, cbWait?: number, dev?: string, nav?: string,
 *   fired?: boolean, retry?: boolean, superseded?: boolean}} Reply
 * @typedef {string | Object<string, any>} DepID
 * @typedef {{id: DepID, prop: string, debounce?: number}} DepSpec
 * @typedef {{in: DepSpec[], st?: DepSpec[], out: DepSpec[], fn?: string, ni?: boolean}} CbSpec
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
 * Dispatches a pagewire:NAME event on document, cancelable unless fixed.
 * @param {string} name
 * @param {object} [detail]
 * @param {boolean} [fixed]
 * @returns {boolean} false when a listener called preventDefault
 */
function emit(name, detail, fixed) {
  return document.dispatchEvent(new CustomEvent("pagewire:" + name, { detail, cancelable: !fixed }));
}

/**
 * Parses JSON text; null when there is none or it is not JSON.
 * @param {string | null} s
 * @returns {any}
 */
function json(s) {
  try {
    return JSON.parse(s ?? "null");
  } catch (_) {
    return null;
  }
}

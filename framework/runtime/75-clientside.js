// @ts-check
// Clientside callbacks (framework.ClientsideCallback): functions of the
// app's own scripts, in pagewire.clientside[namespace][name], that the
// runtime calls itself, with no round trip. They run in graph order with
// the server's callbacks: what they set that a server callback takes is
// sent to the server as its trigger, and what a reply sets runs the
// clientside callbacks it feeds. Their ids are plain (the server checks).

/**
 * @typedef {{id: string, prop: string}} Key
 */

/** @type {Object<string, any>} the app's functions, by namespace */
const clientside = /** @type {any} */ (window).pagewire?.clientside || {};
/** Returned by a clientside function (or thrown, or in its array): no update. */
const noUpdate = Object.freeze({});

/**
 * Runs the clientside callbacks, in graph order and each once, that the
 * changed properties ch trigger, and, with init (the new page content, or
 * the body on a document load), those whose initial call is due there.
 * What they set joins ch, so the ones downstream run too.
 * @param {Key[]} ch
 * @param {Element | null} [init]
 * @returns {Promise<Key[]>} the properties set
 */
async function local(ch, init) {
  const n = ch.length;
  /** @param {DepSpec} d */
  const $ = (d) => document.getElementById(/** @type {string} */ (d.id));
  for (const cb of cbs) {
    const deps = [...cb.in, ...cb.out];
    if (!cb.fn || !hits(cb, ch) &&
      (!init || cb.ni || !deps.every($) || !deps.some((d) => init.contains($(d))))) continue;
    let v;
    try {
      const [ns, name] = cb.fn.split(".");
      v = await clientside[ns][name](...[...cb.in, ...(cb.st || [])].map((d) => {
        const e = $(d);
        return e && getProp(e, d.prop);
      }));
    } catch (e) {
      v = noUpdate;
      if (e !== noUpdate) failed("clientside callback " + cb.fn + ": " + e, ch[0]);
    }
    /** @type {Upd[]} */
    const us = cb.out.map((d, i) => ({ id: /** @type {string} */ (d.id), prop: d.prop, value: cb.out[1] && v !== noUpdate ? v?.[i] : v })).filter((u) => u.value !== noUpdate);
    applyUpdates(us, lastRef + 0.5, [], true); // newer than the replies of requests sent
    ch.push(...us);
  }
  return ch.slice(n);
}

/**
 * Runs the clientside callbacks that properties set by the server trigger
 * (and initial calls, see local), then sends the server what they set.
 * @param {Key[]} us
 * @param {Element | null} [init]
 */
async function after(us, init) {
  send(await local([...us], init));
}

/**
 * Sends the server callbacks that ts trigger, if any: while a request of
 * the same triggers is in flight, later ones coalesce into one more, with
 * the values of when it is sent.
 * @param {Key[]} ts
 */
function send(ts) {
  ts = ts.filter((k) => cbs.some((cb) => !cb.fn && hits(cb, [k]))).map((k) => ({ id: k.id, prop: k.prop }));
  const key = ts.map((k) => k.id + "\0" + k.prop).join("\0");
  if (!ts.length) return;
  if (busy.has(key)) return void busy.set(key, ts);
  busy.set(key, null);
  call(ts).then(() => {
    const again = busy.get(key);
    busy.delete(key);
    if (again) send(again);
  });
}

/**
 * Reports whether one of the keys ks is an input of cb.
 * @param {CbSpec} cb
 * @param {Key[]} ks
 */
function hits(cb, ks) {
  return cb.in.some((d) => ks.some((k) => d.prop === k.prop && idMatches(d.id, k.id)));
}

/**
 * Reports a callback's or a page's failure: on the console, as a
 * cancelable pagewire:error event, and with Config.Debug in an overlay.
 * @param {string} error
 * @param {Key} [k] the trigger
 */
function failed(error, k) {
  console.error("pagewire: " + error);
  if (emit("error", { error, ...k }) && debug) overlay(error);
}

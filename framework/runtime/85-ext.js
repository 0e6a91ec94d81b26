// @ts-check
// The runtime's extension (ext/*.js, served as runtime-ext.<hash>.js): the
// code of DataTables, which only the pages that show one load. ext holds
// the hooks it fills once it ran; until then, a table keeps the server's
// drawing, and a change to one loads the extension and draws it then.

/**
 * The extension's hooks, filled when it runs.
 * @type {{paint?: (el: Element) => void}}
 */
const ext = {};
/** @type {Promise<void> | null} the extension, once requested */
let extLoad = null;

/**
 * Loads the extension once, from the script tag's A.EXT, with its nonce;
 * after an error, the next need tries again.
 * @returns {Promise<void>}
 */
function loadExt() {
  return extLoad ||= new Promise((ok, fail) => {
    const s = document.createElement("script");
    s.src = script.getAttribute(A.EXT) || ""; // "" fails
    s.nonce = script.nonce;
    s.onload = s.onerror = () => {
      if (ext.paint) return ok();
      extLoad = null;
      s.remove();
      fail(new Error("pagewire: the runtime's extension did not load"));
    };
    document.head.appendChild(s);
  });
}

/** Loads the extension when the shown page has a DataTable. */
function tables() {
  if (!ext.paint && document.querySelector("[" + A.TABLE + "]")) loadExt().catch(console.error);
}

/**
 * Draws a DataTable from its state and rows: at once when the extension
 * is loaded, else once it is.
 * @param {Element} el
 */
function paintTable(el) {
  if (!el.hasAttribute(A.TABLE)) return;
  if (ext.paint) ext.paint(el);
  else loadExt().then(() => paintTable(el), console.error);
}

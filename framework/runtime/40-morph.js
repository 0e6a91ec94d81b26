// @ts-check
// The DOM morph that applies a page's new content.

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
    (!(x instanceof Element) || (x.id === /** @type {Element} */ (y).id && x.hasAttribute(A.GRAPH) === /** @type {Element} */ (y).hasAttribute(A.GRAPH)));
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
  const fig = x.getAttribute(A.FIGURE), cfg = x.getAttribute(A.CONFIG);
  Array.from(x.attributes).forEach((at) => { if (!y.hasAttribute(at.name)) x.removeAttribute(at.name); });
  Array.from(y.attributes).forEach((at) => { if (x.getAttribute(at.name) !== at.value) x.setAttribute(at.name, at.value); });
  if (x.hasAttribute(A.GRAPH)) {
    // A Graph is opaque: plotly's DOM inside stays, and it redraws when
    // its figure or config changed.
    plotClass(x);
    if (drawn.has(x) && (fig !== x.getAttribute(A.FIGURE) || cfg !== x.getAttribute(A.CONFIG))) draw(x);
    return;
  }
  if ((x instanceof HTMLInputElement || x instanceof HTMLTextAreaElement) && x !== document.activeElement) {
    const v = /** @type {HTMLInputElement} */ (y);
    x.value = v.value;
    if (x instanceof HTMLInputElement) x.checked = v.checked;
  }
  morphChildren(x, y);
}

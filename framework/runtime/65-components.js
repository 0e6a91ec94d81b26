// @ts-check
// What components do in the browser by themselves, and the property rules
// they add to getProp and setProp (internal/dom mirrors them): a
// Dropdown's search filters its options, its clear button clears it, and
// options rebuilds it; a click on a tab of Tabs selects it; a DatePicker's
// dates are its date inputs' values.

document.addEventListener("input", (ev) => {
  const t = /** @type {HTMLInputElement} */ (ev.target);
  if (t.type === "search") t.closest("[" + A.DROPDOWN + "]")?.querySelectorAll("option").forEach((o) => { o.hidden = !o.text.toLowerCase().includes(t.value.toLowerCase()); });
}, true);

// A click on a tab, or on a Dropdown's clear button (value ""), sets the
// value, as a user's change does, and fires its callbacks.
document.addEventListener("click", (ev) => {
  const b = /** @type {HTMLButtonElement | null} */ (/** @type {Element} */ (ev.target).closest?.("[" + A.TABS + "] > [role=tablist] > button, [" + A.DROPDOWN + "] > button"));
  const el = b?.parentElement?.hasAttribute(A.DROPDOWN) ? b.previousElementSibling : b?.parentElement?.parentElement;
  if (!b || !el || el.matches(":disabled")) return;
  setProp(el, "value", b.value);
  fire(el.id, "value", 0);
  dispatchEvent(new Event("resize")); // a Graph in a panel just shown takes its size
}, true);

/**
 * The input that holds a DatePicker's date, start_date or end_date: the one
 * inside el that A.PROP names, or el itself. Null for other properties.
 * @param {Element} el
 * @param {string} prop
 */
function dateInput(el, prop) {
  return /^(start_|end_)?date$/.test(prop) ? /** @type {HTMLInputElement} */ (el.querySelector("[" + A.PROP + "=" + prop + "]") || el) : null;
}

/**
 * Writes what setProp leaves to the components of this file: a
 * DatePicker's dates; the value of Tabs, which selects its tab and shows
 * its panel; a Dropdown's options ({label, value, disabled} each, or a
 * string or number as both label and value; the value is kept when still
 * offered) and placeholder. Reports whether it wrote.
 * @param {Element} el
 * @param {string} prop
 * @param {any} v
 */
function writeMore(el, prop, v) {
  const i = dateInput(el, prop), s = text(v), p = /** @type {HTMLOptionElement | null} */ (el.querySelector("[" + A.PLACEHOLDER + "]"));
  if (i) i.value = s.slice(0, 10); // not a date: the input empties itself
  else if (prop === "value" && el.hasAttribute(A.TABS)) {
    el.setAttribute("value", s);
    el.querySelectorAll(":scope > [role=tablist] > button").forEach((b, n) => {
      const on = /** @type {HTMLButtonElement} */ (b).value === s;
      b.setAttribute("aria-selected", "" + on);
      el.children[n + 1]?.toggleAttribute("hidden", !on);
    });
  } else if (prop === "options" && el instanceof HTMLSelectElement) {
    const old = getProp(el, "value");
    el.replaceChildren(...(p ? [p] : []), ...(Array.isArray(v) ? v : []).map((o) => {
      const x = Object(o) === o ? o : { label: o, value: o }, n = new Option(text(x.label), text(x.value));
      n.disabled = !!x.disabled;
      return n;
    }));
    setProp(el, "value", old);
  } else if (prop === "placeholder" && p) p.text = s;
  else return false;
  return true;
}

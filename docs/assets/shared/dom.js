// @ts-check
// What both pages (the calculator and the unit's roster) do the same way: attach to their
// element on every page Material shows, make elements, fill in their texts, and date today.
// No Chinese here: every text comes from a page's labels.

/**
 * A page script's controller of its element: made when the element appears, detached when
 * another page replaces it.
 * @typedef {{ root: HTMLElement, start(): void, detach(): void }} PageController
 */

/**
 * Attaches `make(root)` to the element `#id` when the page is parsed, without waiting for
 * Material; then on every page Material's instant navigation shows. A page without the element
 * detaches the one before (its listeners, and whatever it held, go).
 * @param {string} id
 * @param {(root: HTMLElement) => PageController} make
 */
export function attachPage(id, make) {
  /** @type {PageController | null} */
  let current = null;
  const attach = () => {
    const root = document.getElementById(id);
    if (current && current.root !== root) {
      current.detach();
      current = null;
    }
    if (!root || root.dataset.attached) return;
    root.dataset.attached = "1";
    current = make(root);
    current.start();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
  // Material's instant navigation: an observable of each page it shows (absent on a plain page).
  const shown = /** @type {{ document$?: { subscribe(next: () => void): unknown } }} */ (/** @type {unknown} */ (window)).document$;
  if (shown) shown.subscribe(attach);
}

/**
 * The reader's date today, as the engine takes it: YYYY-MM-DD in local time.
 * @param {Date} [now]
 * @returns {string}
 */
export function today(now = new Date()) {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/**
 * An element with its attributes and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} attributes
 * @param {...(Node | string)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/**
 * A label with its `{name}` places filled in; a place with no value is left empty.
 * @param {string} template
 * @param {Record<string, string | number | null | undefined>} values
 * @returns {string}
 */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

/**
 * A YYYY-MM-DD date in the page's words (`L.date`, such as 「{y}年{m}月{d}日」).
 * @param {string} iso
 * @param {{ date: string }} L
 * @returns {string}
 */
export function formatDate(iso, L) {
  const [y, m, d] = iso.split("-").map(Number);
  return fill(L.date, { y, m, d });
}

/**
 * `on(selector, event, handler)`: listens to the element of `root` that `selector` finds (one
 * of the page's own, always there).
 * @param {ParentNode} root
 * @returns {(selector: string, event: string, handler: (event: Event) => void) => void}
 */
export function listen(root) {
  return (selector, event, handler) => /** @type {Element} */ (root.querySelector(selector)).addEventListener(event, handler);
}

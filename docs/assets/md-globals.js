// @ts-check
// Material for MkDocs' start-up globals (its partials/javascripts/base.html), loaded from a
// file instead of inline so that the site's Content-Security-Policy allows no inline script.
// Globals of this classic script: Material's bundle calls them by name.
/* exported __md_hash, __md_get, __md_set */
var __md_scope = new URL(/** @type {string} */ (/** @type {HTMLScriptElement} */ (document.currentScript).dataset.scope), location.href);
var __md_hash = (/** @type {string} */ e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
var __md_get = (/** @type {string} */ e, _ = localStorage, t = __md_scope) => JSON.parse(/** @type {string} */ (_.getItem(t.pathname + "." + e)));
var __md_set = (/** @type {string} */ e, /** @type {unknown} */ _, t = localStorage, a = __md_scope) => {
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch { /* storage full or off */ }
};

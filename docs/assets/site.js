// @ts-check
// Site-wide touches, run on every page Material's instant navigation shows.

// Material's search dialog has no accessible name: give it the search box's (localized) one.
function nameSearchDialog() {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const input = /** @type {HTMLInputElement | null} */ (document.querySelector(".md-search__input"));
  if (dialog && input && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", input.placeholder);
}

// Offline after one visit: the service worker at the root of the whole site caches it all.
// When a new build replaces the cache, say so: the notice or its rules may have changed.
function registerServiceWorker() {
  const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="alxa-service-worker"]'));
  const once = /** @type {typeof registerServiceWorker & { done?: boolean }} */ (registerServiceWorker);
  if (!meta || !("serviceWorker" in navigator) || once.done) return;
  once.done = true;
  const url = new URL(meta.content, location.href);
  whenPageHasLoaded(() => {
    navigator.serviceWorker.register(url, { scope: new URL("./", url).pathname }).catch(() => { /* no offline copy */ });
  });
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (!event.data || event.data.type !== "updated" || document.getElementById("site-updated")) return;
    const note = document.createElement("div");
    note.id = "site-updated";
    note.className = "site-updated";
    note.setAttribute("role", "status");
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "md-button";
    reload.textContent = /** @type {string} */ (meta.dataset.reload);
    reload.addEventListener("click", () => location.reload());
    note.append(String(meta.dataset.updated), " ", reload);
    document.body.prepend(note);
  });
}

// The service worker's first install downloads the whole site. It waits for the page's own
// load and, on the calculator, for the calculator's engine, so that the two do not share the
// reader's link and CPU (measured: a first visit's first result came ≈ 0.2 s later otherwise).
/** @param {() => void} then */
function whenPageHasLoaded(then) {
  const engine = () => /** @type {EngineWindow} */ (window).calculatorEngine; // engine.js's, on a calculator page
  const afterEngine = () => (engine() ? /** @type {CalculatorEngine} */ (engine()).started.then(then) : then());
  if (document.readyState === "complete") afterEngine();
  else window.addEventListener("load", afterEngine, { once: true });
}

// The script switch (overrides/partials/alternate.html) leads to the same page in the other
// script: the same place on it too. The address's #… part goes along (a clause's anchor, a
// shared link's #case=); the calculator page sets its own (the case on its screen, with the
// reader's changes: calculator.js), read at the moment of the click, as here.
function keepPlaceAcrossScripts() {
  const once = /** @type {typeof keepPlaceAcrossScripts & { done?: boolean }} */ (keepPlaceAcrossScripts);
  if (once.done) return;
  once.done = true;
  document.addEventListener("click", (event) => {
    const link = /** @type {HTMLAnchorElement | null} */ (/** @type {Element} */ (event.target).closest?.("a.script-switch"));
    if (!link || document.getElementById("calculator")) return;
    const to = new URL(link.href);
    to.hash = location.hash;
    link.href = to.href;
  });
}

function onPage() {
  nameSearchDialog();
  registerServiceWorker();
  keepPlaceAcrossScripts();
}

{
  // Material's observable of the pages it shows (a block: this classic script's names are global).
  const pages = /** @type {{ document$?: { subscribe(next: () => void): unknown } }} */ (/** @type {unknown} */ (window)).document$;
  if (pages) pages.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", onPage);
}

// Site-wide touches, run on every page Material's instant navigation shows.

// Material's search dialog has no accessible name: give it the search box's (localized) one.
function nameSearchDialog() {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const input = document.querySelector(".md-search__input");
  if (dialog && input && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", input.placeholder);
}

// Offline after one visit: the service worker at the root of the whole site caches it all.
// When a new build replaces the cache, say so: the notice or its rules may have changed.
function registerServiceWorker() {
  const meta = document.querySelector('meta[name="alxa-service-worker"]');
  if (!meta || !("serviceWorker" in navigator) || registerServiceWorker.done) return;
  registerServiceWorker.done = true;
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
    reload.textContent = meta.dataset.reload;
    reload.addEventListener("click", () => location.reload());
    note.append(meta.dataset.updated, " ", reload);
    document.body.prepend(note);
  });
}

// The service worker's first install downloads the whole site. It waits for the page's own
// load and, on the calculator, for the calculator's engine, so that the two do not share the
// reader's link and CPU (measured: a first visit's first result came ≈ 0.2 s later otherwise).
function whenPageHasLoaded(then) {
  const afterEngine = () => (window.calculatorEngine ? window.calculatorEngine.started.then(then) : then());
  if (document.readyState === "complete") afterEngine();
  else window.addEventListener("load", afterEngine, { once: true });
}

function onPage() {
  nameSearchDialog();
  registerServiceWorker();
}

if (window.document$) window.document$.subscribe(onPage);
else document.addEventListener("DOMContentLoaded", onPage);

// @ts-check
// The site's search starts when a reader first reaches for it, not as every page opens.
// Material's bundle would fetch the search index and build it in a worker at once:
// on a phone's two cores that work competes with the calculator's engine starting (≈ 1 s of
// CPU, traced), and on a slow link the index's bytes with the calculator's, for a box that
// most readers never use. Here, before the bundle runs, the index's request is held and the
// search worker is given a stand-in that keeps the bundle's messages, until the first sign of
// search: the search box focused (a tap, or Material's keys / s f), the search button pressed
// (phones), or a pointer down on either. Material shows its own 「正在初始化搜索引擎」 until
// the worker is ready, as it does on a slow first load.
// Nothing else changes: the header, instant navigation and the offline copy (the index is
// precached by the service worker like every file) work as before.
(() => {
  const RealWorker = window.Worker;
  if (!RealWorker) return;
  const SEARCH_WORKER = /\/assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js$/;
  /** @type {(() => void)[]} what waits for the first sign of search */
  const waiting = [];
  let wanted = false;

  function want() {
    if (wanted) return;
    wanted = true;
    for (const start of waiting.splice(0)) start();
  }

  /** @typedef {Parameters<Worker["postMessage"]>} Message */

  class SearchWorker extends EventTarget {
    /**
     * @param {URL} url
     * @param {WorkerOptions | undefined} options
     */
    constructor(url, options) {
      super();
      /** @type {Message[]} */
      this.queue = [];
      /** @type {Worker | null} */
      this.real = null;
      const start = () => {
        this.real = new RealWorker(url, options);
        this.real.addEventListener("message", (event) => this.dispatchEvent(new MessageEvent("message", { data: event.data })));
        this.real.addEventListener("error", () => this.dispatchEvent(new Event("error")));
        for (const message of this.queue.splice(0)) this.real.postMessage(.../** @type {[any, StructuredSerializeOptions]} */ (message));
      };
      if (wanted) start();
      else waiting.push(start);
    }

    /** @param {Message} message */
    postMessage(...message) {
      if (this.real) this.real.postMessage(.../** @type {[any, StructuredSerializeOptions]} */ (message));
      else this.queue.push(message);
    }

    terminate() {
      if (this.real) this.real.terminate();
      this.queue = [];
    }
  }

  // The index itself (Material asks for it with XMLHttpRequest): sent when search is wanted.
  const SEARCH_INDEX = /\/search\/search_index\.json$/;
  const { open, send } = XMLHttpRequest.prototype;
  const held = new WeakSet();
  /**
   * @this {XMLHttpRequest}
   * @param {string} method
   * @param {string | URL} url
   * @param {[boolean, (string | null)?, (string | null)?]} rest
   */
  function openHeld(method, url, ...rest) {
    if (!wanted && SEARCH_INDEX.test(new URL(url, location.href).pathname)) held.add(this);
    return open.call(this, method, url, ...rest);
  }
  XMLHttpRequest.prototype.open = /** @type {XMLHttpRequest["open"]} */ (openHeld);
  /**
   * @this {XMLHttpRequest}
   * @param {[(Document | XMLHttpRequestBodyInit | null)?]} body
   */
  XMLHttpRequest.prototype.send = function (...body) {
    if (held.has(this) && !wanted) waiting.push(() => send.apply(this, body));
    else send.apply(this, body);
  };

  /**
   * @param {string | URL} url
   * @param {WorkerOptions} [options]
   */
  function Worker(url, options) {
    const address = new URL(url, location.href);
    if (!wanted && SEARCH_WORKER.test(address.pathname)) return new SearchWorker(address, options);
    return new RealWorker(url, options);
  }
  Worker.prototype = RealWorker.prototype;
  window.Worker = /** @type {typeof RealWorker} */ (/** @type {unknown} */ (Worker));

  // A page opened from a search result (?h=…) highlights the words found, with the index.
  if (new URLSearchParams(location.search).has("h")) want();

  const isSearch = (/** @type {EventTarget | null} */ target) => target instanceof Element
    && target.closest('[data-md-component="search"], label[for="__search"], #__search');
  document.addEventListener("focusin", (event) => { if (isSearch(event.target)) want(); });
  document.addEventListener("pointerdown", (event) => { if (isSearch(event.target)) want(); }, { passive: true });
  document.addEventListener("change", (event) => { if (/** @type {Element} */ (event.target).id === "__search") want(); });
})();

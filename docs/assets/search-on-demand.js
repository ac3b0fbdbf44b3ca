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
// Each script's build has its own index (jieba segments the words at build), so a query is put
// into this page's script before the worker reads it: 补学 finds 補學 on the Traditional pages,
// 補學 finds 补学 on the Simplified ones. The characters come from search-script.json beside
// this file (OpenCC's, written by scripts/site_builder/chinese.py `search_table_json`), fetched
// with the index; the query as typed is searched if that file cannot be had.
(() => {
  const RealWorker = window.Worker;
  if (!RealWorker) return;
  const script = /hant/i.test(document.documentElement.lang) ? "hant" : "hans";
  const tableAddress = document.currentScript instanceof HTMLScriptElement
    ? new URL("search-script.json", document.currentScript.src) : null;
  /** Material's search message that carries a query (SearchMessageType.QUERY). */
  const QUERY = 2;
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

  /** @type {Promise<Map<string, string>> | null} */
  let table = null;

  /**
   * The characters of the other script and this script's for each, once fetched (empty if not).
   * @returns {Promise<Map<string, string>>}
   */
  function loadTable() {
    table ??= (tableAddress ? fetch(tableAddress) : Promise.reject(new Error("no address")))
      .then((response) => (response.ok ? response.json() : {}))
      .then((/** @type {Record<string, string>} */ pairs) => {
        const chars = [...(typeof pairs[script] === "string" ? pairs[script] : "")];
        /** @type {Map<string, string>} */
        const map = new Map();
        for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i], chars[i + 1]);
        return map;
      })
      .catch(() => new Map());
    return table;
  }

  /**
   * A message to the search worker, its query in this page's script.
   * @param {Message} message
   * @param {Map<string, string>} chars
   * @returns {Message}
   */
  function inScript(message, chars) {
    const [data, ...rest] = message;
    if (!data || data.type !== QUERY || typeof data.data !== "string" || !chars.size) return message;
    const query = [...data.data].map((char) => chars.get(char) ?? char).join("");
    return [{ ...data, data: query }, ...rest];
  }

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
      /** @type {Map<string, string> | null} */
      this.chars = null;
      const start = () => {
        const real = new RealWorker(url, options);
        real.addEventListener("message", (event) => this.dispatchEvent(new MessageEvent("message", { data: event.data })));
        real.addEventListener("error", () => this.dispatchEvent(new Event("error")));
        this.real = real;
        // The index is set up meanwhile: only a query (and what follows it) waits for the characters.
        loadTable().then((chars) => {
          this.chars = chars;
          for (const message of this.queue.splice(0)) this.send(message);
        });
        for (const message of this.queue.splice(0)) this.postMessage(...message);
      };
      if (wanted) start();
      else waiting.push(start);
    }

    /** @param {Message} message */
    send(message) {
      const real = /** @type {Worker} */ (this.real);
      real.postMessage(.../** @type {[any, StructuredSerializeOptions]} */ (inScript(message, this.chars ?? new Map())));
    }

    /** @param {Message} message */
    postMessage(...message) {
      const ready = this.real && !this.queue.length && (this.chars || message[0]?.type !== QUERY);
      if (ready) this.send(message);
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
    if (SEARCH_WORKER.test(address.pathname)) return new SearchWorker(address, options);
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

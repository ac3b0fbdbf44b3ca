// The calculator's engine: a Web Worker running Pyodide (worker.js). A classic script, so that
// the calculator page can set the form's first state and schedule the engine from its <head>
// (overrides/main.html passes the addresses on the <script> tag): it loads once the page has
// been painted. calculator.js attaches the form to it later.
// Also loaded on every page, so that instant navigation to the calculator can start it.
// @ts-check

// Global types (this is a classic script): the page modules and site.js use them too.
/**
 * Where the engine is: the <script> tag's or the calculator element's data attributes.
 * @typedef {{ runtime?: string, calculator?: string, lock?: string, package?: string, notice?: string,
 *   runtimeBytes?: string, preload?: string, snapshot?: string, snapshotBytes?: string,
 *   snapshotIntegrity?: string }} EngineData
 */
/**
 * @typedef {{ stage: string, ready: boolean, failed: { kind: string, detail: string, seconds: number } | null,
 *   downloaded: number | null, start: string | null }} EngineState
 */
/** @typedef {{ url: string, bytes: number, integrity: string }} SnapshotInfo */
/**
 * One engine per tab: window.calculatorEngine.
 * @typedef {{ listeners: Set<(state: EngineState) => void>, state: EngineState, started: Promise<EngineState>,
 *   boot(): void, check(caseData: unknown, today: string, script: string): Promise<unknown> }} CalculatorEngine
 */
/**
 * window.CalculatorEngine: starts the engine, and reads a shared link's case.
 * @typedef {{ start(data: EngineData, options?: { afterPaint?: boolean }): CalculatorEngine,
 *   decodeCase(hash: string | null | undefined): Record<string, unknown> | null,
 *   storeKey(notice: number | string | undefined): string }} CalculatorEngineClass
 */
/** The worker the page's head started (calculator-worker.html). @typedef {Worker & { failedEarly?: string }} EarlyWorker */
/**
 * The page's globals that the calculator's scripts share.
 * @typedef {Window & { CalculatorEngine?: CalculatorEngineClass, calculatorEngine?: CalculatorEngine,
 *   calculatorWorker?: EarlyWorker | null }} EngineWindow
 */

(() => {
  const LOAD_LIMIT_MS = 60_000;
  const script = /** @type {HTMLScriptElement} */ (document.currentScript);
  const page = /** @type {EngineWindow} */ (window);

  /**
   * @typedef {{ worker: string, runtime: string, calculator: string, lock: string | undefined,
   *   packageName: string | undefined, runtimeBytes: number, preload: string[], snapshot: () => SnapshotInfo | null }} Settings
   */

  class Engine {
    /** @param {Settings} settings */
    constructor({ worker, runtime, calculator, lock, packageName, runtimeBytes, preload, snapshot }) {
      this.listeners = new Set();
      // downloaded: how much of Pyodide's wasm has arrived (0 to 1), or null where not counted;
      // start, once ready: "snapshot" (restored from the kept memory snapshot) or "normal"
      /** @type {EngineState} */
      this.state = { stage: "start", ready: false, failed: null, downloaded: null, start: null };
      this.runtimeBytes = runtimeBytes;
      this.boot = () => this.load({ worker, runtime, calculator, lock, packageName, preload, snapshot });
      // Settles once, with the state, when the engine is ready or has failed: for code that waits.
      /** @type {(state: EngineState) => void} */
      this.settle = () => {};
      /** @type {Promise<EngineState>} */
      this.started = new Promise((resolve) => { this.settle = resolve; });
      /** @type {Map<number, (result: unknown) => void>} */
      this.pending = new Map();
      this.nextId = 1;
      /** @type {EarlyWorker | undefined} */
      this.worker = undefined;
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      this.timer = undefined;
    }
    /** @param {Omit<Settings, "runtimeBytes">} settings */
    load({ worker, runtime, calculator, lock, packageName, preload, snapshot }) {
      if (this.worker || this.state.failed) return;
      if (typeof WebAssembly !== "object") {
        this.fail("nowasm");
        return;
      }
      performance.mark("calculator-start");
      // A first visit: fetched at once, before the worker asks for them (it starts Pyodide
      // first). Not on a returning visit: the service worker has them, and what a page preloads
      // is kept for the page, not for its worker.
      const returning = Boolean(navigator.serviceWorker?.controller);
      if (!returning) {
        for (const href of preload) {
          document.head.append(Object.assign(document.createElement("link"), { rel: "preload", as: "fetch", href, crossOrigin: "anonymous" }));
        }
      }
      // On a returning visit the page's head started the worker already (calculator-worker.html).
      const early = page.calculatorWorker;
      page.calculatorWorker = null;
      if (early) performance.mark("calculator-worker-early");
      const started = this.worker = early || new Worker(worker, { type: "module" });
      started.onmessage = ({ data }) => this.receive(data);
      started.onerror = (event) => this.fail("error", event.message || "worker");
      if (early?.failedEarly) {
        this.fail("error", early.failedEarly);
        return;
      }
      this.timer = setTimeout(() => !this.state.ready && this.fail("timeout"), LOAD_LIMIT_MS);
      if (this.runtimeBytes) this.state.downloaded = 0;
      // Where the wasm is compiled. A first visit: in the worker, since compiling 9.6 MB from
      // the page blocked its main thread while the reader starts typing (Lighthouse mobile:
      // total blocking time 380 ms, against 70-80 ms). A returning visit (the site's service
      // worker answers): on the page, which has the module ready sooner than the worker (next
      // day, the early worker on both sides: ≈ 0.2 s sooner) and to which Chromium hands back,
      // in the same browser process, the module it compiled before (from the worker it compiles
      // again: same-tab second visit's first result 1.0 s -> 1.7 s; scripts/bench_browser.py).
      const pageCompiles = returning;
      // Started from the head (a returning visit), before the calculator's element is parsed:
      // the snapshot's details follow once it is.
      const known = snapshot();
      const later = !known && document.readyState === "loading";
      started.postMessage({ type: "init", runtime, calculator, lock, package: packageName, runtimeBytes: this.runtimeBytes, pageCompiles,
                                snapshot: known, snapshotLater: later, saveData: savesData() });
      if (later) {
        document.addEventListener("DOMContentLoaded", () => started.postMessage({ type: "snapshot", snapshot: snapshot() }), { once: true });
      }
      if (pageCompiles) this.compileHere(runtime);
    }
    /** @param {string} runtime */
    compileHere(runtime) {
      const worker = /** @type {Worker} */ (this.worker);
      const post = (/** @type {WebAssembly.Module | null} */ module) => {
        try {
          worker.postMessage({ type: "wasm", module });
        } catch {
          worker.postMessage({ type: "wasm", module: null }); // a browser that cannot post modules
        }
      };
      import(new URL("runtime-compile.js", script.src).href)
        .then(({ compileRuntime }) => compileRuntime(runtime, this.runtimeBytes, (/** @type {Record<string, any>} */ message) => this.receive(message)))
        .then(post, () => post(null));
    }
    /** @param {Record<string, any>} data a message from the worker (worker.js lists them) */
    receive(data) {
      if (data.type === "progress") this.update({ stage: data.stage });
      else if (data.type === "downloaded") this.update({ downloaded: data.value });
      else if (data.type === "compiled") performance.mark("calculator-compiled");
      else if (data.type === "mark") performance.mark(`calculator-${data.name}`); // the memory snapshot's
      else if (data.type === "ready") {
        clearTimeout(this.timer);
        this.update({ stage: "ready", ready: true, start: data.start || "normal" });
      } else if (data.type === "result") {
        const resolve = this.pending.get(data.id);
        this.pending.delete(data.id);
        if (resolve) resolve(JSON.parse(data.json));
      } else if (data.type === "failed") this.fail("error", data.message);
    }
    /**
     * @param {string} kind
     * @param {string} [detail]
     */
    fail(kind, detail = "") {
      clearTimeout(this.timer);
      this.update({ failed: { kind, detail, seconds: LOAD_LIMIT_MS / 1000 } });
    }
    /** @param {Partial<EngineState>} change */
    update(change) {
      if (change.stage) performance.mark(`calculator-${change.stage}`); // phases, for the benchmark
      Object.assign(this.state, change);
      if (this.state.ready || this.state.failed) this.settle(this.state);
      for (const listener of this.listeners) listener(this.state);
    }
    /**
     * The engine's answer for a case: its result, or the fields to correct.
     * @param {unknown} caseData
     * @param {string} today
     * @param {string} script
     * @returns {Promise<unknown>}
     */
    check(caseData, today, script) {
      const id = this.nextId++;
      return new Promise((resolve) => {
        this.pending.set(id, resolve);
        /** @type {Worker} */ (this.worker).postMessage({ type: "check", id, caseJson: JSON.stringify(caseData), today, script });
      });
    }
  }

  /** @type {CalculatorEngineClass} */
  const api = {
    // One engine per tab: window.calculatorEngine. `afterPaint`: load it once the page has been
    // painted (from the head); otherwise at once (the page is on screen already).
    start: (data, options) => start(data, options),
    decodeCase: (hash) => decodeCase(hash),
    storeKey: (notice) => `alxa-ce-checks-${notice}`,
  };

  /**
   * @param {EngineData} data
   * @param {{ afterPaint?: boolean }} [options]
   */
  function start(data, { afterPaint = false } = {}) {
    const absolute = (/** @type {string | undefined} */ path) => new URL(/** @type {string} */ (path), location.href).href;
    const engine = page.calculatorEngine = page.calculatorEngine || new Engine({
      worker: new URL("worker.js", script.src).href,
      runtime: absolute(data.runtime),
      calculator: absolute(data.calculator),
      lock: data.lock,
      packageName: data.package,
      runtimeBytes: Number(data.runtimeBytes) || 0,
      preload: /** @type {string[]} */ (JSON.parse(data.preload || "[]")).map(absolute),
      snapshot: () => snapshotOf(data, absolute),
    });
    // A returning visit (the service worker answers) downloads nothing: it need not wait for
    // the first paint (next-day first result ≈ 0.5 s sooner).
    if (afterPaint && !navigator.serviceWorker?.controller) whenPainted(engine.boot);
    else engine.boot();
    return engine;
  }

  // The memory snapshot the build made of the started engine: its address, size and
  // sha256, on the calculator's own element (templates/calculator.html). Read when the engine starts,
  // from the data it was started with or else from the page (the head's script tag has none).
  /**
   * @param {EngineData} data
   * @param {(path: string) => string} absolute
   * @returns {SnapshotInfo | null}
   */
  function snapshotOf(data, absolute) {
    const source = data.snapshot ? data : document.getElementById("calculator")?.dataset;
    if (!source?.snapshot || !source.snapshotIntegrity) return null;
    return { url: absolute(source.snapshot), bytes: Number(source.snapshotBytes) || 0, integrity: source.snapshotIntegrity };
  }

  // A reader whose connection asks to save data fetches no snapshot in the background.
  function savesData() {
    const connection = /** @type {Navigator & { connection?: { saveData?: boolean, effectiveType?: string } }} */ (navigator).connection;
    return Boolean(connection && (connection.saveData || /(^|-)2g$/.test(connection.effectiveType || "")));
  }

  // The runtime is 3.8 MB: requested while the page's own styles and scripts still arrive, it
  // holds back the first paint on a slow link (Lighthouse mobile: LCP 6.9 s -> see README).
  // Started in the task after the first frame; a tab in the background paints no frame.
  /** @param {() => void} start */
  function whenPainted(start) {
    let started = false;
    const once = () => { if (!started) { started = true; start(); } };
    requestAnimationFrame(() => setTimeout(once, 0));
    setTimeout(once, 1000);
  }

  // A case in a shared link: `#case=` and the case JSON in UTF-8, base64url without padding
  // (CONTRACT.md). Anything else, or a value that is not a JSON object, gives null.
  /**
   * @param {string | null | undefined} hash
   * @returns {Record<string, unknown> | null}
   */
  function decodeCase(hash) {
    const match = /^#case=([A-Za-z0-9_-]+)$/.exec(hash || "");
    if (!match) return null;
    try {
      const base64 = match[1].replaceAll("-", "+").replaceAll("_", "/");
      const binary = atob(base64 + "===".slice((base64.length + 3) % 4));
      const data = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
      return data && typeof data === "object" && !Array.isArray(data) ? data : null;
    } catch {
      return null;
    }
  }

  // The form shows the fields of the case's purpose (CSS keyed on <html data-calc-purpose>).
  // Set from the head, before the body is painted, for the case the page will open (the link's,
  // or the one this device had open), so that the form does not change shape once shown.
  /** @param {string | undefined} notice */
  function presetPurpose(notice) {
    let purpose = decodeCase(location.hash)?.purpose;
    if (purpose === undefined) {
      try {
        const store = JSON.parse(localStorage.getItem(api.storeKey(notice)) || "null");
        purpose = store.checks.find((/** @type {{ id: string }} */ check) => check.id === store.current)?.case.purpose;
      } catch { /* nothing stored, or unreadable: the page starts a new check */ }
    }
    document.documentElement.dataset.calcPurpose = typeof purpose === "string" ? purpose : "annual";
  }

  page.CalculatorEngine = api;
  if (script.dataset.runtime) {
    presetPurpose(script.dataset.notice);
    start(script.dataset, { afterPaint: true });
  }
})();

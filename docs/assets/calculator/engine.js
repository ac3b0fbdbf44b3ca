// The calculator's engine: a Web Worker running Pyodide (worker.js). A classic script, so that
// the calculator page can start it from its <head>, before the body arrives (overrides/main.html
// passes the addresses on the <script> tag); calculator.js attaches the form to it later.
// Also loaded on every page, so that instant navigation to the calculator can start it.
(() => {
  const LOAD_LIMIT_MS = 60_000;
  const script = document.currentScript;

  class Engine {
    constructor({ worker, runtime, calculator, lock, packageName, runtimeBytes }) {
      this.listeners = new Set();
      // downloaded: how much of Pyodide's wasm has arrived (0 to 1), or null where not counted
      this.state = { stage: "start", ready: false, failed: null, downloaded: null };
      this.runtimeBytes = runtimeBytes;
      // Settles once, with the state, when the engine is ready or has failed: for code that waits.
      this.started = new Promise((resolve) => { this.settle = resolve; });
      this.pending = new Map();
      this.nextId = 1;
      if (typeof WebAssembly !== "object") {
        this.fail("nowasm");
        return;
      }
      performance.mark("calculator-start");
      this.worker = new Worker(worker, { type: "module" });
      this.worker.onmessage = ({ data }) => this.receive(data);
      this.worker.onerror = (event) => this.fail("error", event.message || "worker");
      this.timer = setTimeout(() => !this.state.ready && this.fail("timeout"), LOAD_LIMIT_MS);
      this.worker.postMessage({ type: "init", runtime, calculator, lock, package: packageName });
      this.compileRuntime(runtime);
    }
    // Pyodide compiles its 9.6 MB of wasm only once its JavaScript is loaded and run, in the
    // worker, which starts late while the page is busy. Compiled here, from the head, it is ready
    // as soon as the worker needs it, and Chromium keeps the optimised code for the next visit
    // (measured: a second visit's first result 1.0 s → 0.7 s; scripts/bench_browser.py).
    // The worker takes the module as is (a WebAssembly.Module can be posted). A host that sends
    // the wasm with another type than application/wasm defeats streaming compilation, and then
    // Pyodide alone would wait forever: the bytes are compiled as they are instead. Without a
    // module (an old browser), Pyodide fetches and compiles the wasm itself, as it would.
    compileRuntime(runtime) {
      const post = (module) => {
        try {
          this.worker.postMessage({ type: "wasm", module });
        } catch {
          this.worker.postMessage({ type: "wasm", module: null }); // a browser that cannot post modules
        }
      };
      if (typeof WebAssembly.compileStreaming !== "function") return post(null);
      const wasm = () => fetch(new URL("pyodide.asm.wasm", runtime), { credentials: "same-origin" });
      if (this.runtimeBytes) this.state.downloaded = 0;
      WebAssembly.compileStreaming(wasm().then((response) => this.countDownload(response)))
        .catch(() => wasm().then((response) => response.ok ? response.arrayBuffer() : Promise.reject(response.status))
          .then((bytes) => WebAssembly.compile(bytes)))
        .then((module) => { performance.mark("calculator-compiled"); post(module); }, () => post(null));
    }
    // The wasm is most of a first visit's bytes: on a slow link its download is what the reader
    // waits for, and the page shows it advance. Counted on a copy of the response, so that the
    // compile still streams from the original and Chromium still keeps its code (measured:
    // first results cold and warm unchanged). Returns the original, for the compile.
    countDownload(response) {
      if (!this.runtimeBytes || !response.ok || !response.body) {
        this.update({ downloaded: null });
        return response;
      }
      const reader = response.clone().body.getReader();
      (async () => {
        for (let received = 0; ;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += value.length;
          const downloaded = Math.min(received / this.runtimeBytes, 1);
          if (Math.floor(downloaded * 100) > Math.floor(this.state.downloaded * 100)) this.update({ downloaded });
        }
        this.update({ downloaded: 1 });
      })().catch(() => this.update({ downloaded: null })); // the compile reports the failure
      return response;
    }
    receive(data) {
      if (data.type === "progress") this.update({ stage: data.stage });
      else if (data.type === "ready") {
        clearTimeout(this.timer);
        this.update({ stage: "ready", ready: true });
      } else if (data.type === "result") {
        const resolve = this.pending.get(data.id);
        this.pending.delete(data.id);
        if (resolve) resolve(JSON.parse(data.json));
      } else if (data.type === "failed") this.fail("error", data.message);
    }
    fail(kind, detail = "") {
      clearTimeout(this.timer);
      this.update({ failed: { kind, detail, seconds: LOAD_LIMIT_MS / 1000 } });
    }
    update(change) {
      if (change.stage) performance.mark(`calculator-${change.stage}`); // phases, for the benchmark
      Object.assign(this.state, change);
      if (this.state.ready || this.state.failed) this.settle(this.state);
      for (const listener of this.listeners) listener(this.state);
    }
    check(caseData, today, script) {
      const id = this.nextId++;
      return new Promise((resolve) => {
        this.pending.set(id, resolve);
        this.worker.postMessage({ type: "check", id, caseJson: JSON.stringify(caseData), today, script });
      });
    }
  }

  // One engine per tab: window.calculatorEngine.
  Engine.start = (data) => {
    const absolute = (path) => new URL(path, location.href).href;
    window.calculatorEngine = window.calculatorEngine || new Engine({
      worker: new URL("worker.js", script.src).href,
      runtime: absolute(data.runtime),
      calculator: absolute(data.calculator),
      lock: data.lock,
      packageName: data.package,
      runtimeBytes: Number(data.runtimeBytes) || 0,
    });
    return window.calculatorEngine;
  };
  // A case in a shared link: `#case=` and the case JSON in UTF-8, base64url without padding
  // (CONTRACT.md). Anything else, or a value that is not a JSON object, gives null.
  Engine.decodeCase = (hash) => {
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
  };
  Engine.storeKey = (notice) => `alxa-ce-checks-${notice}`;

  // The form shows the fields of the case's purpose (CSS keyed on <html data-calc-purpose>).
  // Set from the head, before the body is painted, for the case the page will open (the link's,
  // or the one this device had open), so that the form does not change shape once shown.
  function presetPurpose(notice) {
    let purpose = Engine.decodeCase(location.hash)?.purpose;
    if (purpose === undefined) {
      try {
        const store = JSON.parse(localStorage.getItem(Engine.storeKey(notice)) || "null");
        purpose = store.checks.find((check) => check.id === store.current)?.case.purpose;
      } catch { /* nothing stored, or unreadable: the page starts a new check */ }
    }
    document.documentElement.dataset.calcPurpose = typeof purpose === "string" ? purpose : "annual";
  }

  window.CalculatorEngine = Engine;
  if (script.dataset.runtime) {
    presetPurpose(script.dataset.notice);
    Engine.start(script.dataset);
  }
})();

// The calculator's engine: a Web Worker running Pyodide (worker.js). A classic script, so that
// the calculator page can start it from its <head>, before the body arrives (overrides/main.html
// passes the addresses on the <script> tag); calculator.js attaches the form to it later.
// Also loaded on every page, so that instant navigation to the calculator can start it.
(() => {
  const LOAD_LIMIT_MS = 60_000;
  const script = document.currentScript;

  class Engine {
    constructor({ worker, runtime, calculator, lock, packageName }) {
      this.listeners = new Set();
      this.state = { stage: "start", ready: false, failed: null };
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
      WebAssembly.compileStreaming(wasm())
        .catch(() => wasm().then((response) => response.ok ? response.arrayBuffer() : Promise.reject(response.status))
          .then((bytes) => WebAssembly.compile(bytes)))
        .then((module) => { performance.mark("calculator-compiled"); post(module); }, () => post(null));
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
    });
    return window.calculatorEngine;
  };
  window.CalculatorEngine = Engine;
  if (script.dataset.runtime) Engine.start(script.dataset);
})();

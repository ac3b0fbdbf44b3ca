// The calculator's engine, in a Web Worker: Pyodide (self-hosted) with our precompiled, trimmed
// standard library, and the year's rules as a wheel that Pyodide finds in our lockfile (given
// inline: one request fewer) and checks by sha256. The wheel downloads while Pyodide boots.
// Messages in:  {type: "init", runtime, calculator, lock, package, runtimeBytes, pageCompiles}
//               {type: "wasm", module}  {type: "check", id, caseJson, today, script}
// Messages out: {type: "downloaded", value}  {type: "compiled"}  {type: "progress", stage}
//               {type: "ready", python}  {type: "result", id, json}  {type: "failed", message}

import { compileRuntime } from "./runtime-compile.js";

let run = null;
let compiledRuntime;
const runtimeModule = new Promise((resolve) => { compiledRuntime = resolve; });

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "wasm") compiledRuntime(data.module); // compiled by the page
    else if (data.type === "init") {
      if (!data.pageCompiles) compileRuntime(data.runtime, data.runtimeBytes, (message) => self.postMessage(message)).then(compiledRuntime);
      await start(data);
    } else if (data.type === "check") {
      // A case that the engine cannot handle is that case's problem, not the engine's: the
      // page says so for it, and the next case is checked as usual.
      let json;
      try {
        json = run(data.caseJson, data.today, data.script);
      } catch (error) {
        json = JSON.stringify({ crashed: String(error && error.message || error).slice(-500) });
      }
      self.postMessage({ type: "result", id: data.id, json });
    }
  } catch (error) {
    self.postMessage({ type: "failed", message: String(error && error.message || error) });
  }
};

// Pyodide instantiates its wasm with WebAssembly.instantiateStreaming (once, while it loads):
// give it the module compiled already (here or by the page), or let it compile its own.
function useCompiledRuntime() {
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (!response.url.endsWith("/pyodide.asm.wasm")) return instantiateStreaming(response, imports);
    WebAssembly.instantiateStreaming = instantiateStreaming;
    const module = await runtimeModule;
    if (!module) return instantiateStreaming(response, imports);
    response.body?.cancel(); // compiled already, from bytes fetched earlier
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

async function start({ runtime, calculator, lock, package: name }) {
  self.postMessage({ type: "progress", stage: "runtime" });
  useCompiledRuntime();
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const pyodide = await loadPyodide({
    indexURL: runtime,
    stdLibURL: new URL("python_stdlib.zip", calculator).href,
    lockFileContents: lock,
    packageBaseUrl: calculator,
    packages: [name],
  });
  self.postMessage({ type: "progress", stage: "rules" });
  run = pyodide.pyimport("calculator.browser").run;
  self.postMessage({ type: "ready", python: pyodide.runPython("import sys; sys.version.split()[0]") });
}

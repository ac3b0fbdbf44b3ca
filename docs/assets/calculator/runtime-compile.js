// @ts-check
// Pyodide's wasm, fetched and compiled as soon as the engine starts: Pyodide itself would
// compile its 9.6 MB only once its JavaScript is loaded and run. Used by the worker (a first
// visit) and by the page (a returning visit, see engine.js). A host that sends the wasm with
// another type than application/wasm defeats streaming compilation, and then Pyodide alone
// would wait forever: the bytes are compiled as they are instead. Without compileStreaming
// (an old browser), the answer is null and Pyodide fetches and compiles the wasm itself.
// `report(message)` receives {type: "downloaded", value} and {type: "compiled"}.

/** @typedef {{ type: "downloaded", value: number | null } | { type: "compiled" }} CompileReport */

/**
 * @param {string} runtime Pyodide's folder (an absolute address)
 * @param {number} runtimeBytes the wasm's size, for the download's share (0: not counted)
 * @param {(message: CompileReport) => void} report
 * @returns {Promise<WebAssembly.Module | null>}
 */
export function compileRuntime(runtime, runtimeBytes, report) {
  if (typeof WebAssembly.compileStreaming !== "function") return Promise.resolve(null);
  const wasm = () => fetch(new URL("pyodide.asm.wasm", runtime), { credentials: "same-origin" });
  return WebAssembly.compileStreaming(wasm().then((response) => countDownload(response, runtimeBytes, report)))
    .catch(() => wasm().then((response) => response.ok ? response.arrayBuffer() : Promise.reject(response.status))
      .then((bytes) => WebAssembly.compile(bytes)))
    .then((module) => { report({ type: "compiled" }); return module; }, () => null);
}

// The wasm is most of a first visit's bytes: on a slow link its download is what the reader
// waits for, and the page shows it advance. Counted on a copy of the response, so that the
// compile still streams from the original and Chromium still keeps its code. Returns the
// original, for the compile.
/**
 * @param {Response} response
 * @param {number} runtimeBytes
 * @param {(message: CompileReport) => void} report
 * @returns {Response}
 */
function countDownload(response, runtimeBytes, report) {
  if (!runtimeBytes || !response.ok || !response.body) {
    report({ type: "downloaded", value: null });
    return response;
  }
  const reader = /** @type {ReadableStream<Uint8Array>} */ (response.clone().body).getReader();
  (async () => {
    let shown = 0;
    for (let received = 0; ;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      const downloaded = Math.min(received / runtimeBytes, 1);
      if (Math.floor(downloaded * 100) > Math.floor(shown * 100)) {
        shown = downloaded;
        report({ type: "downloaded", value: downloaded });
      }
    }
    report({ type: "downloaded", value: 1 });
  })().catch(() => report({ type: "downloaded", value: null })); // the compile reports the failure
  return response;
}

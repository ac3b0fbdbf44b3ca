// @ts-check
// The calculator's engine, in a Web Worker: Pyodide (self-hosted) with our precompiled, trimmed
// standard library, and the year's rules as a wheel that Pyodide finds in our lockfile (given
// inline: one request fewer) and checks by sha256. The wheel downloads while Pyodide boots.
// A returning reader's worker restores a memory snapshot of the started interpreter with the
// engine imported (made by the build, scripts/pyodide/snapshot.mjs), kept in a cache of
// its own after an earlier visit's first result; anything wrong with it: the normal start.
// Messages in:  {type: "init", runtime, calculator, lock, package, runtimeBytes, pageCompiles,
//                snapshot: {url, bytes, integrity} | null, snapshotLater, saveData}
//               {type: "snapshot", snapshot} (after an init with snapshotLater: the page had not
//               been parsed that far)
//               {type: "wasm", module}  {type: "check", id, caseJson, today, script}
// Messages out: {type: "downloaded", value}  {type: "compiled"}  {type: "progress", stage}
//               {type: "ready", python, start: "snapshot"|"normal"}  {type: "result", id, json}
//               {type: "failed", message}  {type: "mark", name} (from-snapshot, snapshot-failed,
//               snapshot-cached, snapshot-skipped: the page makes them performance marks)

import { compileRuntime } from "./runtime-compile.js";
import { engineEntry, factoryFor, snapshotHeapBytes, unpackEngine, unpackSnapshot } from "./snapshot-restore.js";

/** @typedef {{ url: string, bytes: number, integrity: string }} SnapshotInfo */
/**
 * @typedef {{ runtime: string, calculator: string, lock: string, package: string, runtimeBytes: number,
 *   pageCompiles: boolean, snapshot: SnapshotInfo | null, snapshotLater: boolean, saveData: boolean }} Init
 */

/** @type {((caseJson: string, today: string, script: string) => string) | null} calculator.browser.run (a Pyodide proxy) */
let run = null;
/** @type {(() => Promise<void>) | null} background work, once the reader has a result */
let afterFirstResult = null;
const AFTER_FIRST_MS = 500;
// Not "alxa-ce-…": the service worker deletes those caches when a new build installs.
const SNAPSHOT_CACHE = "alxa-calculator-snapshot";
/** @type {(snapshot: SnapshotInfo | null) => void} */
let snapshotKnown = () => {};
/** @type {Promise<SnapshotInfo | null>} */
const snapshotLater = new Promise((resolve) => { snapshotKnown = resolve; });
/** @type {(module: WebAssembly.Module | null) => void} */
let compiledRuntime = () => {};
/** @type {Promise<WebAssembly.Module | null>} */
const runtimeModule = new Promise((resolve) => { compiledRuntime = resolve; });
/** @param {unknown} error */
const messageOf = (error) => String(error && /** @type {Error} */ (error).message || error);

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "wasm") compiledRuntime(data.module); // compiled by the page
    else if (data.type === "snapshot") snapshotKnown(data.snapshot);
    else if (data.type === "init") {
      if (!data.pageCompiles) compileRuntime(data.runtime, data.runtimeBytes, (message) => self.postMessage(message)).then(compiledRuntime);
      await start(data);
    } else if (data.type === "check") {
      // A case that the engine cannot handle is that case's problem, not the engine's: the
      // page says so for it, and the next case is checked as usual.
      let json;
      try {
        json = /** @type {NonNullable<typeof run>} */ (run)(data.caseJson, data.today, data.script);
      } catch (error) {
        json = JSON.stringify({ crashed: messageOf(error).slice(-500) });
      }
      self.postMessage({ type: "result", id: data.id, json });
      if (afterFirstResult) {
        const then = afterFirstResult;
        afterFirstResult = null;
        setTimeout(() => then().catch((error) => console.warn("after the first result:", error)), AFTER_FIRST_MS);
      }
    }
  } catch (error) {
    self.postMessage({ type: "failed", message: messageOf(error) });
  }
};

// Pyodide instantiates its wasm with WebAssembly.instantiateStreaming (once, while it loads):
// give it the module compiled already (here or by the page), or let it compile its own.
function useCompiledRuntime() {
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (!response.url.endsWith("/pyodide.asm.wasm")) return instantiateStreaming(response, imports);
    // Kept in place: a start from the snapshot that fails is followed by a normal start, which
    // instantiates the same compiled module again.
    const module = await runtimeModule;
    if (!module) return instantiateStreaming(response, imports);
    response.body?.cancel(); // compiled already, from bytes fetched earlier
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

// The snapshot kept by an earlier visit (packed), if it is this build's (its byte length): else null.
/**
 * @param {SnapshotInfo | null} snapshot
 * @returns {Promise<Uint8Array | null>}
 */
async function keptSnapshot(snapshot) {
  try {
    if (!snapshot || !self.caches) return null;
    const response = await (await caches.open(SNAPSHOT_CACHE)).match(snapshot.url);
    if (!response) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.byteLength === snapshot.bytes ? bytes : null;
  } catch {
    return null;
  }
}

/** @param {SnapshotInfo | null} snapshot */
async function forgetSnapshot(snapshot) {
  try {
    await (await caches.open(SNAPSHOT_CACHE)).delete(/** @type {SnapshotInfo} */ (snapshot).url);
  } catch { /* nothing kept, or no Cache Storage */ }
}

// After a normal start's first result: the snapshot fetched (the service worker passes it to
// the network: it is not in the offline copy) and kept for the next visit, older ones deleted.
/**
 * @param {SnapshotInfo | null} snapshot
 * @param {boolean} saveData
 */
function keepSnapshotLater(snapshot, saveData) {
  if (!snapshot || !self.caches) return;
  if (saveData) {
    self.postMessage({ type: "mark", name: "snapshot-skipped" });
    return;
  }
  afterFirstResult = async () => {
    const response = await fetch(snapshot.url, { integrity: snapshot.integrity });
    if (!response.ok) return; // not now: the next visit starts as usual and tries again
    const cache = await caches.open(SNAPSHOT_CACHE);
    await cache.put(snapshot.url, response);
    for (const old of await cache.keys()) if (old.url !== snapshot.url) await cache.delete(old);
    self.postMessage({ type: "mark", name: "snapshot-cached" });
  };
}

/** @param {Init} init */
async function start({ runtime, calculator, lock, package: name, snapshot: given, snapshotLater: later, saveData }) {
  self.postMessage({ type: "progress", stage: "runtime" });
  useCompiledRuntime();
  const options = { indexURL: runtime, stdLibURL: new URL("python_stdlib.zip", calculator).href, lockFileContents: lock, packageBaseUrl: calculator };
  // Pyodide's two scripts and the kept snapshot read at the same time.
  const known = later ? snapshotLater : Promise.resolve(given);
  const kept = known.then(keptSnapshot);
  const factory = import(new URL("pyodide.asm.mjs", runtime).href);
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const bytes = await kept;
  const snapshot = await known;
  if (bytes) {
    try {
      const { default: createModule } = await factory;
      const unpacked = unpackSnapshot(bytes);
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: unpacked, createPyodideModule: factoryFor(createModule, snapshotHeapBytes(unpacked)) });
      self.postMessage({ type: "progress", stage: "rules" });
      run = engineEntry(pyodide);
      const python = pyodide.runPython("import sys; sys.version.split()[0]");
      self.postMessage({ type: "mark", name: "from-snapshot" });
      self.postMessage({ type: "ready", python, start: "snapshot" });
      // The engine's files back on the file system (not in the snapshot), for a module that
      // it would import later: once the reader has a result.
      const wheel = Object.values(JSON.parse(lock).packages)[0].file_name;
      afterFirstResult = async () => {
        const response = await fetch(new URL(wheel, calculator));
        unpackEngine(pyodide, new Uint8Array(await response.arrayBuffer()));
      };
      return;
    } catch (error) {
      // Another build's, damaged, or a browser that cannot restore it: forgotten, and the
      // normal start (which keeps this build's snapshot again after its first result).
      run = null;
      console.warn("memory snapshot not used:", error);
      self.postMessage({ type: "mark", name: "snapshot-failed" });
      await forgetSnapshot(snapshot);
    }
  }
  const pyodide = await loadPyodide({ ...options, packages: [name] });
  self.postMessage({ type: "progress", stage: "rules" });
  run = pyodide.pyimport("calculator.browser").run;
  keepSnapshotLater(snapshot, saveData);
  self.postMessage({ type: "ready", python: pyodide.runPython("import sys; sys.version.split()[0]"), start: "normal" });
}

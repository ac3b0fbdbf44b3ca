// @ts-check
// The roster page's worker: Pyodide (the calculator's own runtime, trimmed standard library and
// engine wheel, all cached already for a reader of the calculator) plus the roster's wheel,
// registered in the roster's lockfile (given inline, sha256 checked by Pyodide). The file is
// read and checked here, in memory: it is never sent anywhere and never written anywhere.
//
// The page is ready once Python and the roster's own wheel are in. Its two libraries come only
// when needed: python-calamine (a 1.2 MB wasm side module) once a spreadsheet is chosen,
// XlsxWriter once an .xlsx export is asked for. A CSV needs neither, and a CSV check never
// fetches them.
//
// Python itself starts from a memory snapshot of the roster's started interpreter when it can
// (roster.snapshot beside the wheels, made at build by scripts/pyodide/roster_snapshot.mjs;
// restored with the calculator's snapshot-restore.js). Measured in WebKitGTK on 2 cores, the
// worker's start to Python ready: 3.0-5.7 s as usual, 1.3-1.7 s from the snapshot (Chromium
// 1.3-1.9 s and 0.9-1.2 s). It is fetched once the runtime's wasm is in (never competing with
// it) and used only if it arrives within SNAPSHOT_WAIT_MS (a returning visit has it in the
// browser's cache); on a slower link the fetch is dropped, Python starts as usual, and the
// snapshot is fetched after the first check, for the next visit. Never with Save-Data or 2g.
//
// Messages in:  {type: "init", runtime, calculator, roster, lock, calculatorPackage, package, notice, today, script, offline}
//               {type: "check", id, file, name, records, recordsName, today, notice, script} (File objects)
//               {type: "export", id, kind, maskIds}  {type: "explain", id, index}  {type: "clear"}
// Messages out: {type: "stage", stage, id?} (a start's step, or a library loaded for check or export `id`)
//               {type: "ready"}  {type: "failed", message}
//               {type: "progress", id, done, total}  {type: "report", id, json}
//               {type: "exported", id, bytes}  {type: "explained", id, json}
//               {type: "error", id, message, library?} (library: a library could not be loaded)

import { compileRuntime } from "../calculator/runtime-compile.js";
import { factoryFor, snapshotHeapBytes, unpackEngine, unpackSnapshot } from "../calculator/snapshot-restore.js";

const ENTRY = "alxa_ce_roster_browser";
const SNAPSHOT = "roster.snapshot";
const SNAPSHOT_WAIT_MS = 800;
const READER = "python-calamine"; // the lockfile's names
const WRITER = "xlsxwriter";
// What calculator/roster/files.py hands to calamine: a file that opens as a ZIP (.xlsx, .ods) or
// an OLE compound file (.xls), whatever its name. Its name tells sooner, before it is read.
const SIGNATURES = [[0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]];
const SPREADSHEET_NAME = /\.(xlsx|xlsm|xls|ods)$/i;

/**
 * @typedef {{ runtime: string, calculator: string, roster: string, lock: string, calculatorPackage: string,
 *   package: string, notice: number, today: string, script: string, offline: boolean }} Init
 */
/**
 * @typedef {{ id: number, file: File, name: string, records?: File, recordsName?: string, today: string,
 *   notice: number, script: string }} Check
 */

/** @type {any} Pyodide's API object */
let pyodide = null;
/** @type {any} the Python module alxa_ce_roster_browser (a Pyodide proxy) */
let page = null;
/** @type {Init} */
let settings;
/** @type {Promise<void>} Python started, the page told so, the files in place, the warm-up done */
let ready;
/** @type {(() => void) | null} what to do once a roster has been checked (the snapshot for the next visit) */
let later = null;
let current = 0; // the check asked for last; 0 once cleared
let waiting = 0; // checks that arrived before the start was done
/** @type {Map<string, Promise<void>>} */
const libraries = new Map(); // lock name -> its loading, once asked for
/** @type {Set<string>} */
const loaded = new Set(); // lock names in
/** @param {unknown} error */
const messageOf = (error) => String(/** @type {Error | undefined} */ (error)?.message || error);

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    settings = data;
    ready = start(data).then(async (files) => {
      self.postMessage({ type: "ready" });
      await files?.(); // after a restore: before any check, which may import from them
      if (!waiting) warm(); // a file already waiting goes first: its check warms as much
    }).catch((error) => self.postMessage({ type: "failed", message: messageOf(error).slice(-500) }));
    return;
  }
  if (data.type === "check") {
    // Loaded while the file is read (once Python is ready, if it is not yet).
    if (SPREADSHEET_NAME.test(data.name)) library(READER);
    waiting += 1;
  }
  await ready;
  if (data.type === "check") waiting -= 1;
  if (!page) return;
  try {
    if (data.type === "check") await check(data);
    else if (data.type === "export") {
      if (data.kind === "xlsx") await needed(WRITER, "writer", data.id);
      const proxy = page.export(data.kind, data.maskIds);
      const bytes = proxy.toJs();
      proxy.destroy();
      self.postMessage({ type: "exported", id: data.id, bytes }, [bytes.buffer]);
    } else if (data.type === "explain") self.postMessage({ type: "explained", id: data.id, json: page.explain(data.index) });
    else if (data.type === "clear") {
      current = 0; // a check still reading its file stops there
      page.clear();
    }
  } catch (error) {
    self.postMessage({ type: "error", id: data.id, message: messageOf(error).slice(-500), library: Boolean(/** @type {{ library?: boolean } | undefined} */ (error)?.library) });
  }
};

/** @param {Check} check */
async function check({ id, file, name, records, recordsName, today, notice, script }) {
  // Read here, from the File the page hands over: the page never holds the file's bytes.
  current = id;
  const files = records ? [file, records] : [file];
  const refused = page.too_big(files.map((f) => f.size), records ? [name, recordsName] : [name], script);
  if (refused) return self.postMessage({ type: "report", id, json: refused }); // never read: too big
  const [data, extra] = await Promise.all([file.arrayBuffer(), records ? records.arrayBuffer() : undefined]);
  if (current !== id) return; // cleared, or another file chosen, meanwhile
  const bytes = new Uint8Array(data);
  const extraBytes = extra ? new Uint8Array(extra) : undefined;
  if (isSpreadsheet(bytes) || (extraBytes && isSpreadsheet(extraBytes))) {
    await needed(READER, "libraries", id);
    if (current !== id) return;
  }
  // Progress a hundred times at most: each message costs the page a repaint.
  let shown = -1;
  const progress = (/** @type {number} */ done, /** @type {number} */ total) => {
    const step = total ? Math.floor((done / total) * 100) : 0;
    if (step !== shown) {
      shown = step;
      self.postMessage({ type: "progress", id, done, total });
    }
  };
  // One JSON text for the table: one copy across, one parse on the page.
  const json = page.check(bytes, name, extraBytes, recordsName, today, notice, script, progress);
  self.postMessage({ type: "report", id, json });
  keepForOffline();
  const then = later;
  later = null;
  then?.();
}

/** @param {Uint8Array} bytes */
function isSpreadsheet(bytes) {
  return SIGNATURES.some((signature) => signature.every((byte, i) => bytes[i] === byte));
}

// A library's loading, started once (again after a failure), once Python is ready and the roster's
// files are in place (loading calamine imports from them); Pyodide checks its sha256.
/**
 * @param {string} name
 * @returns {Promise<void>}
 */
function library(name) {
  if (!libraries.has(name)) {
    const loading = ready.then(() => pyodide.loadPackage([name], { messageCallback: () => {}, checkIntegrity: true }))
      .then(() => self.postMessage({ type: "stage", stage: `${name}-in` }));
    libraries.set(name, loading);
    loading.catch(() => libraries.delete(name));
  }
  return /** @type {Promise<void>} */ (libraries.get(name));
}

// The library, for check or export `id`: the page says what is being loaded while it comes.
/**
 * @param {string} name
 * @param {string} stage
 * @param {number} id
 */
async function needed(name, stage, id) {
  if (loaded.has(name)) return;
  self.postMessage({ type: "stage", stage, id });
  try {
    await library(name);
  } catch (error) {
    throw Object.assign(new Error(`${name}: ${messageOf(error)}`), { library: true });
  }
  loaded.add(name);
}

// The page's service worker keeps what the page fetches, so that the page works offline after
// one visit: the libraries that this visit did not need are fetched for it once a roster has
// been checked (never before: a CSV's check fetches neither), only into the browser's caches.
let kept = false;
function keepForOffline() {
  if (kept || !settings.offline) return;
  kept = true;
  const lock = JSON.parse(settings.lock);
  for (const name of [READER, WRITER]) {
    if (libraries.has(name)) continue;
    fetch(new URL(lock.packages[name].file_name, settings.roster), { priority: "low" })
      .then((response) => response.arrayBuffer()).catch(() => {}); // a speed-up for later only
  }
}

// A small CSV checked once while the officer chooses a file (roster_browser.warm): the first
// file then checks faster. A file chosen meanwhile waits for it.
function warm() {
  try {
    page.warm(settings.notice, settings.today, settings.script || "hant");
  } catch (error) {
    console.error("roster warm-up:", messageOf(error).slice(-500)); // a speed-up only: the page works without it
  }
  self.postMessage({ type: "stage", stage: "warm" });
}

// Pyodide instantiates its wasm with WebAssembly.instantiateStreaming: it gets the module that
// compileRuntime compiled as soon as the worker started (or compiles its own, when that failed).
/** @param {Promise<WebAssembly.Module | null>} compiled */
function useCompiledRuntime(compiled) {
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    const module = response.url.endsWith("/pyodide.asm.wasm") ? await compiled : null;
    if (!module) return instantiateStreaming(response, imports);
    response.body?.cancel(); // compiled already
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

function savesData() {
  const connection = /** @type {WorkerNavigator & { connection?: { saveData?: boolean, effectiveType?: string } }} */ (self.navigator)?.connection;
  return Boolean(connection?.saveData) || /(^|-)2g$/.test(connection?.effectiveType || "");
}

// {snapshot} unpacked, if it arrives in time once the runtime is compiled; else {late: true}
// (the fetch dropped, so that it takes nothing from the rest of a slow start), or {} (none).
/**
 * @param {URL} url
 * @param {Promise<unknown>} compiled
 * @returns {Promise<{ snapshot?: Uint8Array, late?: boolean }>}
 */
async function snapshotInTime(url, compiled) {
  await compiled;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SNAPSHOT_WAIT_MS);
  try {
    const response = await fetch(url, { signal: controller.signal });
    return response.ok ? { snapshot: unpackSnapshot(new Uint8Array(await response.arrayBuffer())) } : {};
  } catch {
    return { late: controller.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}

// Returns, after a restore, what puts the wheels' files back in place (the file system is not
// in the snapshot).
/**
 * @param {Init} init
 * @returns {Promise<(() => void) | null>}
 */
async function start({ runtime, calculator, roster, lock, calculatorPackage, package: name }) {
  self.postMessage({ type: "stage", stage: "start" });
  // The calculator's wheel is loaded from the calculator's folder (its address as the
  // calculator page loads it: one copy in the browser's cache for both pages).
  const lockData = JSON.parse(lock);
  const engine = lockData.packages[calculatorPackage];
  engine.file_name = new URL(engine.file_name, calculator).href;
  const options = { indexURL: runtime, stdLibURL: new URL("python_stdlib.zip", calculator).href,
    lockFileContents: JSON.stringify(lockData), packageBaseUrl: roster };
  const compiled = compileRuntime(runtime, 0, () => {});
  useCompiledRuntime(compiled);
  // The two wheels, fetched at once as before: a restore unpacks them itself (Pyodide's own
  // start fetches them again, from the browser's cache).
  const wheels = [engine.file_name, new URL(lockData.packages[name].file_name, roster)]
    .map((url) => fetch(url).then((response) => response.ok ? response.arrayBuffer() : Promise.reject(new Error(`${url}: ${response.status}`))));
  wheels.forEach((wheel) => wheel.catch(() => {})); // the usual start reports it
  const factory = import(new URL("pyodide.asm.mjs", runtime).href);
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const snapshotURL = new URL(SNAPSHOT, roster);
  const { snapshot, late } = savesData() ? {} : await snapshotInTime(snapshotURL, compiled);
  if (snapshot) {
    try {
      const { default: createModule } = await factory;
      pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot, createPyodideModule: factoryFor(createModule, snapshotHeapBytes(snapshot)) });
      pyodide.runPython("import random; random.seed()"); // the snapshot fixes its state
      page = pyodide.pyimport(ENTRY); // imported and warmed in the snapshot
      const files = await Promise.all(wheels);
      self.postMessage({ type: "stage", stage: "snapshot" });
      return () => {
        for (const wheel of files) unpackEngine(pyodide, new Uint8Array(wheel));
        pyodide.runPython("import importlib; importlib.invalidate_caches()");
      };
    } catch (error) {
      // Another build's, damaged, or a browser that cannot restore it: the usual start.
      console.warn("roster memory snapshot not used:", error);
      pyodide = page = null;
    }
  } else if (late) {
    later = () => fetch(snapshotURL, { priority: "low" }).then((response) => response.arrayBuffer()).catch(() => {}); // into the browser's cache
  }
  pyodide = await loadPyodide({ ...options, packages: [calculatorPackage, name] });
  self.postMessage({ type: "stage", stage: "python" });
  // The entry module first: it makes the roster's extra standard-library modules importable,
  // which loading calamine's compiled module needs.
  page = pyodide.pyimport(ENTRY);
  return null;
}

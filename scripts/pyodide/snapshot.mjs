// A memory snapshot of the calculator's started interpreter (the build runs it:
// scripts/site_builder/calculator_assets.py, from the files it serves): Pyodide's
// own runtime folder as the site serves it, our trimmed stdlib, the engine imported and warmed
// (every published notice, both scripts), then Pyodide's makeMemorySnapshot. Restoring it skips
// Python's start-up and the engine's import.
//
//   node scripts/pyodide/snapshot.mjs RUNTIME_DIR CALCULATOR_DIR OUT.snapshot
//     RUNTIME_DIR:    site/assets/pyodide/<version>/   (pyodide.mjs, pyodide.asm.mjs/.wasm)
//     CALCULATOR_DIR: site/assets/engine/<hash>/       (python_stdlib.zip, the wheel, the lockfile)
//   writes OUT.snapshot (packed: its zero pages left out, snapshot-restore.js) and
//   OUT.snapshot.json (what it was made from: sha256 of every input)
//
// What Pyodide 314.0.7 allows, and how this works around it:
// - The snapshot carries Pyodide's BUILD_ID; restoreSnapshot refuses another build ("Snapshot
//   build id mismatch"), so a snapshot is made from, and only restored with, the files served.
// - Package-load state cannot be snapshotted (pyodide/pyodide#5195, #6418: "Unexpected hiwire
//   entry" once `packages` were loaded): the engine's wheel is not loaded with loadPackage here
//   but unpacked into site-packages with pyodide.unpackArchive, and unpacked again after a
//   restore (the file system is not in the snapshot; the stdlib zip is written again by
//   Pyodide's own preRun), so that a module imported later still finds its files.
// - Restoring a snapshot larger than the default 30 MB heap fails with `RangeError: offset is
//   out of bounds` (pyodide/pyodide#6254: the INITIAL_MEMORY that Pyodide sets is not read, the
//   memory is the wasm's own). `createPyodideModule` wraps Pyodide's factory: once the module
//   is created, and before Pyodide copies the snapshot in, sbrk grows the heap to the
//   snapshot's size (emscripten's own growth path, so its views of the memory are renewed).
// - Hash randomization is fixed by the snapshot (made here with PYTHONHASHSEED=0, so that the
//   same files give the same bytes); `random` is reseeded after a restore (#4652).

// snapshotHeapBytes, factoryFor and unpackEngine: the page's own (its worker restores with them).
import { engineEntry, factoryFor, packSnapshot, snapshotHeapBytes, unpackEngine, unpackSnapshot } from "../../docs/assets/calculator/snapshot-restore.js";

export { factoryFor, snapshotHeapBytes, unpackEngine, unpackSnapshot };

// After a restore: the engine's files back on the (new) file system, random reseeded, the
// entry point looked up. Returns the engine's `run`. `mark(name)`: for timings.
export function afterRestore(pyodide, wheel, mark = () => {}) {
  unpackEngine(pyodide, wheel);
  mark("engine unpacked");
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  return engineEntry(pyodide);
}

async function main() {
  const { readFileSync, writeFileSync } = await import("node:fs");
  const { createHash } = await import("node:crypto");
  const path = await import("node:path");
  const { pathToFileURL } = await import("node:url");
  const args = process.argv.slice(2);
  // --grow-heap=MB (for the tests): the heap grown past Pyodide's default 30 MB first, as a
  // larger engine would, so that a restore needs factoryFor (pyodide/pyodide#6254).
  const grow = Number((args.find((a) => a.startsWith("--grow-heap=")) || "=0").split("=")[1]);
  const [runtime, calculator, out] = args.filter((a) => !a.startsWith("--"));
  if (!out) {
    console.error("usage: node snapshot.mjs RUNTIME_DIR CALCULATOR_DIR OUT.snapshot");
    process.exit(2);
  }
  const indexURL = path.resolve(runtime) + path.sep;
  const calc = path.resolve(calculator) + path.sep;
  const lock = readFileSync(path.join(calc, "pyodide-lock.json"), "utf8");
  const entry = Object.values(JSON.parse(lock).packages)[0];
  const wheel = new Uint8Array(readFileSync(path.join(calc, entry.file_name))); // not a Node Buffer: Pyodide takes typed arrays
  const sha256 = (data) => createHash("sha256").update(data).digest("hex");
  if (sha256(wheel) !== entry.sha256) throw new Error(`${entry.file_name}: sha256 is not the lockfile's`);

  const started = performance.now();
  const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL,
    stdLibURL: path.join(calc, "python_stdlib.zip"),
    lockFileContents: lock,
    packageBaseUrl: calc,
    _makeSnapshot: true,
    // The same inputs give the same snapshot (cacheable by the build, content-addressable): a
    // fixed hash seed (every reader restores the snapshot's seed anyway, whatever it was) and a
    // fixed random state (reseeded after every restore).
    env: { PYTHONHASHSEED: "0" },
    stdout: () => {},
  });
  unpackEngine(pyodide, wheel);
  if (grow) pyodide.runPython(`_grown = bytearray(${grow} * 1_000_000); del _grown`);
  // Everything the engine imports on demand, imported now: each published notice, both scripts.
  pyodide.runPython(`
import gc, json
import calculator.browser
from calculator.generated import NOTICES
for _notice in NOTICES:
    for _script in ("hans", "hant"):
        calculator.browser.run(json.dumps({"notice": _notice, "purpose": "annual", "records": []}), "2025-06-30", _script)
del _notice, _script
import random
random.seed(0)
gc.collect()
`);
  const snapshot = pyodide.makeMemorySnapshot();
  const made = performance.now() - started;
  // Served packed (its zero pages left out: snapshot-restore.js); checked to unpack to itself.
  const packed = packSnapshot(snapshot);
  const again = unpackSnapshot(packed);
  if (again.byteLength !== snapshot.byteLength || sha256(again) !== sha256(snapshot)) throw new Error("the packed snapshot does not unpack to the snapshot");
  writeFileSync(out, packed);
  const files = Object.fromEntries(
    [["pyodide.asm.wasm", indexURL], ["pyodide.asm.mjs", indexURL], ["pyodide.mjs", indexURL],
     ["python_stdlib.zip", calc], [entry.file_name, calc]]
      .map(([name, dir]) => [name, sha256(readFileSync(path.join(dir, name)))]));
  const manifest = {
    pyodide: pyodide.version,
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    bytes: packed.byteLength,
    unpackedBytes: snapshot.byteLength,
    heapBytes: snapshotHeapBytes(snapshot),
    sha256: sha256(packed),
    wheel: entry.file_name,
    files,
    madeMs: Math.round(made),
  };
  writeFileSync(out + ".json", JSON.stringify(manifest, null, 2) + "\n");
  console.log(JSON.stringify(manifest));
}

if (typeof process === "object" && process.argv?.[1] && import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1]).href) {
  await main();
}

// A memory snapshot of the roster page's started interpreter, made at build time under Node
// (scripts/site_builder/roster_assets.py) from the files the site serves: Pyodide's runtime, the
// calculator's trimmed standard library and wheel, the roster's wheel; the page's entry module
// imported and every published notice's CSV check warmed in both scripts. The roster page's
// worker (docs/assets/roster/worker.js) restores it instead of starting Python: in WebKitGTK on
// 2 cores, the worker's start to Python ready took 3.0-5.7 s, from the snapshot 1.3-1.7 s.
// The same technique, and the same Pyodide limits worked around, as the calculator's own
// (scripts/pyodide/snapshot.mjs, docs/assets/calculator/snapshot-restore.js): wheels unpacked
// into site-packages rather than loaded as packages, a fixed hash seed, random reseeded after a
// restore, the heap grown before a restore.
//
//   node roster_snapshot.mjs RUNTIME_DIR CALCULATOR_DIR ROSTER_DIR OUT.snapshot NOTICES_JSON
//     RUNTIME_DIR:    Pyodide's runtime (pyodide.mjs, pyodide.asm.mjs/.wasm), as served
//     CALCULATOR_DIR: the calculator's folder (python_stdlib.zip, its wheel)
//     ROSTER_DIR:     the roster's folder (roster-lock.json, the roster's wheel)
//   writes OUT.snapshot (packed: its zero pages left out) and prints what it was made from.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packSnapshot, unpackEngine, unpackSnapshot } from "../../docs/assets/calculator/snapshot-restore.js";

const [runtime, calculator, roster, out, noticesJson] = process.argv.slice(2);
if (!noticesJson) {
  console.error("usage: node roster_snapshot.mjs RUNTIME_DIR CALCULATOR_DIR ROSTER_DIR OUT.snapshot NOTICES_JSON");
  process.exit(2);
}
const dir = (p) => path.resolve(p) + path.sep;
const [indexURL, calc, rosterDir] = [dir(runtime), dir(calculator), dir(roster)];
const lock = JSON.parse(readFileSync(path.join(rosterDir, "roster-lock.json"), "utf8"));
const sha256 = (data) => createHash("sha256").update(data).digest("hex");
// The two wheels the page unpacks after a restore, each checked against the lockfile.
const wheel = (name, folder) => {
  const entry = lock.packages[name];
  const data = new Uint8Array(readFileSync(path.join(folder, entry.file_name))); // not a Node Buffer: Pyodide takes typed arrays
  if (sha256(data) !== entry.sha256) throw new Error(`${entry.file_name}: sha256 is not the lockfile's`);
  return data;
};
const engine = Object.keys(lock.packages).find((name) => lock.packages[name].file_name.startsWith("alxa_ce_calculator-"));
const own = Object.keys(lock.packages).find((name) => lock.packages[name].file_name.startsWith("alxa_ce_roster-"));

const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL,
  stdLibURL: path.join(calc, "python_stdlib.zip"),
  lockFileContents: JSON.stringify(lock),
  packageBaseUrl: rosterDir,
  _makeSnapshot: true,
  env: { PYTHONHASHSEED: "0" }, // the same files give the same bytes
  stdout: () => {},
});
unpackEngine(pyodide, wheel(engine, calc));
unpackEngine(pyodide, wheel(own, rosterDir));
pyodide.globals.set("notices", JSON.parse(noticesJson));
// What the page's first checks would import and set up: each published notice, both scripts,
// on a fixed day (the snapshot's bytes must not depend on the day it was made).
const warmed = pyodide.runPython(`
import gc, random
import alxa_ce_roster_browser as page
_people = [page.warm(_notice, f"{_notice}-06-30", _script) for _notice in notices.to_py() for _script in ("hans", "hant")]
del notices
random.seed(0)
gc.collect()
sum(_people)
`);
if (!warmed) throw new Error("the warm-up checked nobody: the snapshot would start cold");
const snapshot = pyodide.makeMemorySnapshot();
const packed = packSnapshot(snapshot);
const again = unpackSnapshot(packed);
if (again.byteLength !== snapshot.byteLength || sha256(again) !== sha256(snapshot)) throw new Error("the packed snapshot does not unpack to the snapshot");
writeFileSync(out, packed);
const files = Object.fromEntries([["pyodide.asm.wasm", indexURL], ["pyodide.asm.mjs", indexURL], ["pyodide.mjs", indexURL],
  ["python_stdlib.zip", calc], [lock.packages[engine].file_name, calc], [lock.packages[own].file_name, rosterDir]]
  .map(([name, folder]) => [name, sha256(readFileSync(path.join(folder, name)))]));
process.stdout.write(JSON.stringify({ pyodide: pyodide.version, bytes: packed.byteLength, unpackedBytes: snapshot.byteLength, files }));

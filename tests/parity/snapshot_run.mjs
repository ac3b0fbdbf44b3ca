// Runs cases through the engine under Pyodide in Node, started from a memory snapshot made by
// scripts/pyodide/snapshot.mjs, as a returning page would start it; or, with
// `--normal`, started as the page starts it today (loadPyodide + our lockfile and wheel), for
// the timings side by side. Same output as run_in_pyodide.mjs, plus where the time went.
//   node snapshot_run.mjs RUNTIME_DIR CALCULATOR_DIR SNAPSHOT|--normal CASES.json TODAY [EXPECTED.json]
//     ->  {python, stdlib, engine, results, start: "snapshot"|"normal", timings: {...}}
// EXPECTED.json: CPython's results for the same cases (check_or_errors, as tests/test_parity.py
// computes them); then the cases that differ are listed on stderr and the exit status is 1.
// SNAPSHOT_PLAIN=1: Pyodide's own restore, without growing the heap first (shows #6254).
// A snapshot that cannot be restored (another Pyodide build, a damaged file) exits 3 with
// Pyodide's own message on stderr: the page would then start as usual.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterRestore, factoryFor, snapshotHeapBytes, unpackSnapshot } from "../../scripts/pyodide/snapshot.mjs";

const [runtime, calculator, snapshotFile, casesFile, today, expectedFile] = process.argv.slice(2);
const t0 = performance.now();
const timings = {};
const mark = (name) => { timings[name] = Math.round((performance.now() - t0) * 10) / 10; };
const indexURL = path.resolve(runtime) + path.sep;
const calc = path.resolve(calculator) + path.sep;
const lock = readFileSync(path.join(calc, "pyodide-lock.json"), "utf8");
const entry = Object.values(JSON.parse(lock).packages)[0];
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const options = { indexURL, stdLibURL: path.join(calc, "python_stdlib.zip"), lockFileContents: lock, packageBaseUrl: calc, stdout: () => {} };
let pyodide, run;
if (snapshotFile === "--normal") {
  pyodide = await loadPyodide({ ...options, packageCacheDir: calc, packages: [entry.name ?? "alxa-ce-calculator"] });
  mark("started");
  run = pyodide.pyimport("calculator.browser").run;
} else {
  let snapshot;
  try {
    snapshot = unpackSnapshot(new Uint8Array(readFileSync(snapshotFile))); // as the site serves it
  } catch (error) {
    process.stderr.write(`snapshot not restored: ${error && error.stack || error}\n`);
    process.exit(3);
  }
  mark("snapshot read");
  const { default: createModule } = await import(pathToFileURL(path.join(indexURL, "pyodide.asm.mjs")).href);
  const factory = process.env.SNAPSHOT_PLAIN ? {} : { createPyodideModule: factoryFor(createModule, snapshotHeapBytes(snapshot)) };
  try {
    pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot, ...factory });
  } catch (error) {
    process.stderr.write(`snapshot not restored: ${error && error.stack || error}\n`);
    process.exit(3);
  }
  mark("started");
  run = afterRestore(pyodide, new Uint8Array(readFileSync(path.join(calc, entry.file_name))), mark);
}
mark("engine ready");
const first = run(JSON.stringify({ notice: 2025, purpose: "annual", records: [] }), today, "hans");
mark("first result");
pyodide.globals.set("cases_json", readFileSync(casesFile, "utf8"));
pyodide.globals.set("today", today);
const out = JSON.parse(pyodide.runPython(`
import json, sys, random
from datetime import date
import calculator
from calculator import check_or_errors
json.dumps({"python": sys.version.split()[0], "stdlib": json.__spec__.origin, "engine": calculator.__spec__.cached,
            "random": random.random(),
            "results": [check_or_errors(c, date.fromisoformat(today)) for c in json.loads(cases_json)]},
           ensure_ascii=False)
`));
mark("all cases");
out.start = snapshotFile === "--normal" ? "normal" : "snapshot";
out.first = JSON.parse(first).crashed ?? "ok";
out.timings = timings;
process.stdout.write(JSON.stringify(out));
if (expectedFile) {
  const expected = JSON.parse(readFileSync(expectedFile, "utf8"));
  const differ = out.results.map((got, i) => (JSON.stringify(got) === JSON.stringify(expected[i]) ? null : i)).filter((i) => i !== null);
  if (differ.length || expected.length !== out.results.length) {
    process.stderr.write(`${differ.length} of ${expected.length} cases differ from CPython: ${differ.slice(0, 20).join(", ")}\n`);
    process.exitCode = 1;
  }
}

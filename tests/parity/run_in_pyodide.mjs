// Runs cases through the engine under Pyodide in Node, exactly as the page starts it: the
// site's Pyodide runtime folder, our trimmed precompiled standard library, our lockfile and
// wheel (sha256 checked), offline.
//   node run_in_pyodide.mjs RUNTIME_DIR CALCULATOR_DIR CASES.json TODAY  ->  results as JSON
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, calculator, casesFile, today] = process.argv.slice(2);
const indexURL = path.resolve(runtime) + path.sep;
const calc = path.resolve(calculator) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL,
  stdLibURL: path.join(calc, "python_stdlib.zip"),
  lockFileContents: readFileSync(path.join(calc, "pyodide-lock.json"), "utf8"),
  packageCacheDir: calc,
  packageBaseUrl: calc,
  packages: ["alxa-ce-calculator"],
  stdout: () => {},
});
pyodide.globals.set("cases_json", readFileSync(casesFile, "utf8"));
pyodide.globals.set("today", today);
const out = pyodide.runPython(`
import json, sys
from datetime import date
import calculator
from calculator import check_or_errors
json.dumps({"python": sys.version.split()[0], "stdlib": json.__spec__.origin, "engine": calculator.__spec__.cached,
            "results": [check_or_errors(c, date.fromisoformat(today)) for c in json.loads(cases_json)]},
           ensure_ascii=False)
`);
process.stdout.write(out);

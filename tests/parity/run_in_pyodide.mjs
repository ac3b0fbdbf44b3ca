// Runs cases through the engine under Pyodide in Node, from the site's own runtime folder
// (the same pyodide-lock.json and wheel the browser loads), offline.
//   node run_in_pyodide.mjs ASSETS_DIR CASES.json TODAY   ->  prints the results as JSON
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [assets, casesFile, today] = process.argv.slice(2);
const indexURL = path.resolve(assets) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL, lockFileURL: path.join(indexURL, "pyodide-lock.json"), stdout: () => {} });
await pyodide.loadPackage("alxa-ce-calculator", { messageCallback: () => {}, checkIntegrity: true });
pyodide.globals.set("cases_json", readFileSync(casesFile, "utf8"));
pyodide.globals.set("today", today);
const out = pyodide.runPython(`
import json, sys
from datetime import date
from calculator import check_or_errors
json.dumps({"python": sys.version.split()[0],
            "results": [check_or_errors(c, date.fromisoformat(today)) for c in json.loads(cases_json)]},
           ensure_ascii=False)
`);
process.stdout.write(out);

// Runs roster files through the roster under Pyodide in Node, exactly as the roster page's
// worker starts it (docs/assets/roster/worker.js): the site's Pyodide, the calculator's trimmed
// standard library and wheel, the roster's lockfile and wheels (sha256 checked), offline.
//   node run_roster_in_pyodide.mjs RUNTIME_DIR CALCULATOR_DIR ROSTER_DIR JOBS.json
// JOBS.json: [{file, name, records: {file, name} | null, today, notice, script}]
// Prints {python, extra, timings: {...ms}, reports: [the page's JSON text, parsed]}.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, calculator, roster, jobsFile] = process.argv.slice(2);
const dir = (p) => path.resolve(p) + path.sep;
const [indexURL, calc, rosterDir] = [dir(runtime), dir(calculator), dir(roster)];
const lock = JSON.parse(readFileSync(path.join(rosterDir, "roster-lock.json"), "utf8"));
const engineName = "alxa-ce-calculator";
lock.packages[engineName].file_name = path.join(calc, lock.packages[engineName].file_name); // as the worker does
// An error's message alone: Node would print the minified line of Pyodide it came from.
process.on("uncaughtException", (error) => { process.stderr.write(String(error?.message || error).slice(-4000)); process.exit(1); });
process.on("unhandledRejection", (error) => { process.stderr.write(String(error?.message || error).slice(-4000)); process.exit(1); });
const timings = {};
const t = () => performance.now();
let start = t();
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL,
  stdLibURL: path.join(calc, "python_stdlib.zip"),
  lockFileContents: JSON.stringify(lock),
  packageBaseUrl: rosterDir,
  packages: [engineName, "alxa-ce-roster"],
  stdout: () => {},
});
timings.runtime_and_wheels = t() - start;
start = t();
const page = pyodide.pyimport("alxa_ce_roster_browser");
timings.import_roster = t() - start;
for (const name of ["python-calamine", "xlsxwriter"]) {
  start = t();
  await pyodide.loadPackage([name], { messageCallback: () => {}, checkIntegrity: true });
  timings[`load_${name}`] = t() - start;
}
for (const [name, module] of [["calamine", "python_calamine"], ["xlsxwriter", "xlsxwriter"]]) {
  start = t();
  pyodide.runPython(`import ${module}`);
  timings[`import_${name}`] = t() - start;
}
const jobs = JSON.parse(readFileSync(jobsFile, "utf8"));
// As the worker does once its libraries are in: the page's templates checked, nothing kept.
// The reports below are compared with CPython's, so a warm-up that changed anything would show.
start = t();
page.warm(jobs[0]?.notice ?? Number(pyodide.runPython("from calculator.roster.report import newest_notice; from calculator.case import CompiledPolicies; newest_notice(CompiledPolicies())")),
  jobs[0]?.today ?? new Date().toISOString().slice(0, 10));
timings.warm = t() - start;
const reports = [];
for (const job of jobs) {
  const bytes = (file) => new Uint8Array(readFileSync(file)); // a Uint8Array, as the page posts (not a Node Buffer)
  const records = job.records ? bytes(job.records.file) : undefined;
  start = t();
  const json = page.check(bytes(job.file), job.name, records, job.records?.name, job.today, job.notice ?? undefined,
    job.script || "hant", () => {});
  timings[`check ${job.name}`] = t() - start;
  JSON.parse(json); // what the page gets (its table's rows)
  reports.push(JSON.parse(page.full()));
}
const info = JSON.parse(pyodide.runPython(`
import json, sys, csv, xlsxwriter, calculator.roster
json.dumps({"python": sys.version.split()[0], "csv": csv.__spec__.origin, "xlsxwriter": xlsxwriter.__spec__.origin,
            "roster": calculator.roster.__spec__.cached})
`));
process.stdout.write(JSON.stringify({ ...info, timings, reports }));

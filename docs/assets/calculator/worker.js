// The calculator's engine, in a Web Worker: Pyodide (self-hosted), then the year's rules as
// a wheel that Pyodide finds in the site's pyodide-lock.json and checks by sha256.
// Messages in:  {type: "init", runtime, package}  {type: "check", id, caseJson, today, script}
// Messages out: {type: "progress", stage}  {type: "ready", python}  {type: "result", id, json}
//               {type: "failed", message}

let run = null;

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "init") await start(data);
    else if (data.type === "check") {
      self.postMessage({ type: "result", id: data.id, json: run(data.caseJson, data.today, data.script) });
    }
  } catch (error) {
    self.postMessage({ type: "failed", message: String(error && error.message || error) });
  }
};

async function start({ runtime, package: name }) {
  self.postMessage({ type: "progress", stage: "runtime" });
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const pyodide = await loadPyodide({ indexURL: runtime, lockFileURL: new URL("pyodide-lock.json", runtime).href });
  self.postMessage({ type: "progress", stage: "rules" });
  await pyodide.loadPackage(name, { checkIntegrity: true, messageCallback: () => {} });
  run = pyodide.pyimport("calculator.browser").run;
  self.postMessage({ type: "ready", python: pyodide.runPython("import sys; sys.version.split()[0]") });
}

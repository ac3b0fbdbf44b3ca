// The roster page's worker: Pyodide (the calculator's own runtime, trimmed standard library and
// engine wheel, all cached already for a reader of the calculator) plus the roster's wheels,
// registered in the roster's lockfile (given inline, sha256 checked by Pyodide). The file is
// read and checked here, in memory: it is never sent anywhere and never written anywhere.
// Messages in:  {type: "init", runtime, calculator, roster, lock, calculatorPackage, package, notice, today}
//               {type: "check", id, file, name, records, recordsName, today, notice, script} (File objects)
//               {type: "export", id, kind, maskIds}  {type: "explain", id, index}  {type: "clear"}
// Messages out: {type: "stage", stage}  {type: "ready"}  {type: "failed", message}
//               {type: "progress", id, done, total}  {type: "report", id, json}
//               {type: "exported", id, bytes}  {type: "explained", id, json}  {type: "error", id, message}

let page = null; // the Python module alxa_ce_roster_browser
let ready = null;
let current = 0; // the check asked for last; 0 once cleared

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    ready = start(data).catch((error) => self.postMessage({ type: "failed", message: String(error?.message || error).slice(-500) }));
    return;
  }
  await ready;
  if (!page) return;
  try {
    if (data.type === "check") await check(data);
    else if (data.type === "export") {
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
    self.postMessage({ type: "error", id: data.id, message: String(error?.message || error).slice(-500) });
  }
};

async function check({ id, file, name, records, recordsName, today, notice, script }) {
  // Read here, from the File the page hands over: the page never holds the file's bytes.
  current = id;
  const [data, extra] = await Promise.all([file.arrayBuffer(), records ? records.arrayBuffer() : undefined]);
  if (current !== id) return; // cleared, or another file chosen, meanwhile
  // Progress a hundred times at most: each message costs the page a repaint.
  let shown = -1;
  const progress = (done, total) => {
    const step = total ? Math.floor((done / total) * 100) : 0;
    if (step !== shown) {
      shown = step;
      self.postMessage({ type: "progress", id, done, total });
    }
  };
  // One JSON text for the table: one copy across, one parse on the page.
  const json = page.check(new Uint8Array(data), name, extra ? new Uint8Array(extra) : undefined, recordsName,
    today, notice, script, progress);
  self.postMessage({ type: "report", id, json });
}

async function start({ runtime, calculator, roster, lock, calculatorPackage, package: name, notice, today }) {
  self.postMessage({ type: "stage", stage: "start" });
  // The calculator's wheel is loaded from the calculator's folder (its address as the
  // calculator page loads it: one copy in the browser's cache for both pages).
  const lockData = JSON.parse(lock);
  const engine = lockData.packages[calculatorPackage];
  engine.file_name = new URL(engine.file_name, calculator).href;
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
  const pyodide = await loadPyodide({
    indexURL: runtime,
    stdLibURL: new URL("python_stdlib.zip", calculator).href,
    lockFileContents: JSON.stringify(lockData),
    packageBaseUrl: roster,
    packages: [calculatorPackage, name],
  });
  self.postMessage({ type: "stage", stage: "libraries" });
  // The entry module first: it makes the roster's extra standard-library modules importable,
  // which loading calamine's compiled module needs.
  page = pyodide.pyimport("alxa_ce_roster_browser");
  const libraries = Object.keys(lockData.packages).filter((p) => p !== calculatorPackage && p !== name);
  await pyodide.loadPackage(libraries, { messageCallback: () => {}, checkIntegrity: true });
  // The page's own templates checked once (roster_browser.warm): a file chosen meanwhile waits
  // for it, and then checks faster than the first check of a page otherwise would.
  try {
    page.warm(notice, today);
  } catch (error) {
    console.error("roster warm-up:", String(error?.message || error).slice(-500)); // a speed-up only: the page works without it
  }
  self.postMessage({ type: "ready" });
}

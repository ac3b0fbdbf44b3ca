// Precompiles, with Pyodide's own Python (so the bytecode always matches the runtime):
//  1. the standard library, trimmed to the modules that Pyodide's start-up, package loading,
//     the engine and its error paths actually import while every worked example runs;
//  2. the engine's wheel, with a .pyc beside each module.
// Runs offline in Node from the npm package.
//   node precompile.mjs STAGED_DIR CASES.json OUT_STDLIB.zip OUT_WHEEL.whl
// STAGED_DIR holds the plain wheel and a pyodide-lock.json that registers it.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [staged, casesFile, outStdlib, outWheel] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const npmDir = path.dirname(require.resolve("pyodide/package.json", { paths: [process.cwd()] })) + path.sep;
const { loadPyodide } = await import(path.join(npmDir, "pyodide.mjs"));
const pyodide = await loadPyodide({
  indexURL: npmDir,
  lockFileURL: path.join(path.resolve(staged), "pyodide-lock.json"),
  stdout: () => {},
});
await pyodide.loadPackage("alxa-ce-calculator", { messageCallback: () => {}, checkIntegrity: true });
try {
  pyodide.runPython("raise ValueError('a traceback, so that its modules are kept')");
} catch { /* expected */ }

const wheelName = readdirSync(staged).find((name) => name.endsWith(".whl"));
pyodide.FS.writeFile("/tmp/plain.whl", readFileSync(path.join(staged, wheelName)));
pyodide.globals.set("cases_json", readFileSync(casesFile, "utf8"));
const summary = pyodide.runPython(String.raw`
import importlib.util, io, json, marshal, sys, zipfile
from datetime import date

import calculator.browser
for case in json.loads(cases_json):
    for script in ("hant", "hans"):
        calculator.browser.run(json.dumps(case), date.today().isoformat(), script)

STDLIB = "/lib/python314.zip/"
# Like python -OO: no docstrings, no asserts (15% smaller over the wire). The interpreter's
# own flags stay 0; every worked example and the browser tests run on this bytecode.
OPTIMIZE = 2
EPOCH = (1980, 1, 1, 0, 0, 0)

def pyc(source: bytes, filename: str) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True, optimize=OPTIMIZE)
    return importlib._bootstrap_external._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)

def add(out, name, data, stored=False):
    # The stdlib zip is stored, not deflated: HTTP compresses it better whole (brotli: 1.4 MB
    # deflated -> 1.0 MB stored), and Pyodide reads it without inflating.
    info = zipfile.ZipInfo(name, EPOCH)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    out.writestr(info, data, compresslevel=None if stored else 9)

# 1. Every stdlib module that was imported, compiled; packages keep their __init__.
source_zip = zipfile.ZipFile(STDLIB.rstrip("/"))
kept = sorted({m.__spec__.origin[len(STDLIB):] for m in list(sys.modules.values())
               if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(STDLIB)})
with zipfile.ZipFile("/tmp/stdlib.zip", "w") as out:
    for name in kept:
        add(out, name[:-3] + ".pyc", pyc(source_zip.read(name), "/lib/python3.14/" + name), stored=True)

# 2. The wheel again, with a .pyc beside each module (PEP 3147 names), RECORD updated.
import base64, hashlib
tag = sys.implementation.cache_tag
plain = zipfile.ZipFile("/tmp/plain.whl")
files = {n: plain.read(n) for n in plain.namelist()}
# The command line's own modules: the page's worker calls calculator.browser and never imports
# them (they were 52 kB of the first visit's download once bounded input reading came in).
for name in ("calculator/cli.py", "calculator/__main__.py", "calculator/reading.py"):
    files.pop(name, None)
# The unit's roster (calculator/roster/) is a wheel of its own, loaded only on the roster page
# (scripts/site_builder/roster_assets.py): the calculator's first visit never downloads it.
for name in [n for n in files if n.startswith(("calculator/roster/", "calculator/roster_browser"))]:
    files.pop(name)
for name in [n for n in files if n.endswith(".py")]:
    folder, _, module = name.rpartition("/")
    files[f"{folder}/__pycache__/{module[:-3]}.{tag}.pyc"] = pyc(files[name], "/lib/python3.14/site-packages/" + name)
record = next(n for n in files if n.endswith(".dist-info/RECORD"))
rows = [f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}"
        for n, d in sorted(files.items()) if n != record]
files[record] = ("\n".join(rows + [f"{record},,"]) + "\n").encode()
with zipfile.ZipFile("/tmp/out.whl", "w") as out:
    for name in sorted(files):
        add(out, name, files[name])

json.dumps({"python": sys.version.split()[0], "modules": len(kept), "of": len(source_zip.namelist())})
`);
writeFileSync(outStdlib, pyodide.FS.readFile("/tmp/stdlib.zip"));
writeFileSync(outWheel, pyodide.FS.readFile("/tmp/out.whl"));
process.stdout.write(summary);

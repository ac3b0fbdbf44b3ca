// The roster page's Python, precompiled with Pyodide's own Python (bytecode that matches the
// runtime), run offline in Node from the npm package:
//  1. runs the roster the way the page does (templates, every kind of CSV the roster decodes,
//     exports, unreadable files) with Pyodide's whole standard library, and keeps the modules
//     it imported that the calculator's trimmed library (CALC_STDLIB.zip) does not have;
//  2. writes the roster's wheel: calculator/roster/ and the page's entry module, each with a
//     .pyc beside it, plus those modules as .pyc in alxa_ce_roster_stdlib/ (so the page
//     reuses the calculator's standard library, cached already, and adds only these);
//  3. writes XlsxWriter's wheel again with a .pyc in place of each module (its import compiles
//     ~60 modules otherwise: about 1 s). python-calamine's wheel is left as PyPI publishes it.
//   node precompile_roster.mjs STAGED_DIR CALC_STDLIB.zip OUT_DIR NOTICES_JSON
// STAGED_DIR holds the plain wheels and a pyodide-lock.json that registers them.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [staged, calcStdlib, outDir, noticesJson] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const npmDir = path.dirname(require.resolve("pyodide/package.json", { paths: [process.cwd()] })) + path.sep;
const { loadPyodide } = await import(path.join(npmDir, "pyodide.mjs"));
const pyodide = await loadPyodide({
  indexURL: npmDir,
  lockFileURL: path.join(path.resolve(staged), "pyodide-lock.json"),
  stdout: () => {},
});
const lock = JSON.parse(readFileSync(path.join(staged, "pyodide-lock.json"), "utf8"));
await pyodide.loadPackage(Object.keys(lock.packages), { messageCallback: () => {}, checkIntegrity: true });

for (const name of readdirSync(staged).filter((n) => n.endsWith(".whl"))) {
  pyodide.FS.writeFile(`/tmp/${name}`, readFileSync(path.join(staged, name)));
}
pyodide.FS.mkdir("/tmp/out");
pyodide.FS.writeFile("/tmp/calc_stdlib.zip", readFileSync(calcStdlib));
pyodide.globals.set("notices", JSON.parse(noticesJson));
pyodide.globals.set("wheel_names", readdirSync(staged).filter((n) => n.endsWith(".whl")));
const summary = pyodide.runPython(String.raw`
import importlib.util, json, os, random, sys, zipfile
from datetime import date

import alxa_ce_roster_browser as page

# 1. What the page does, on every kind of input the roster reads, and on files it refuses.
today = date.today().isoformat()
rand = random.Random(1)
for notice in notices.to_py():
    xlsx, text = page.template("xlsx", notice), page.template("csv", notice)
    plain = text.decode("utf-8-sig")
    files = [(xlsx, "a.xlsx"), (text, "a.csv"), (plain.encode("utf-8"), "a.csv"), (plain.encode("gb18030"), "a.csv"),
             (plain.replace(",", "\t").encode("utf-16"), "a.txt"), (plain.replace(",", ";").encode("utf-8"), "a.csv"),
             (bytes(rand.randrange(256) for _ in range(4096)), "x.xlsx"), (b"PK\x03\x04" + bytes(600), "x.xlsx"),
             (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "x.xls"), (b"<html></html>", "x.xls"), (b"", "x.csv"),
             (bytes(range(256)) * 8, "x.csv")]
    for data, name in files:
        for script in ("hant", "hans"):
            for records in (None, (text, "b.csv")):
                try:
                    out = json.loads(page.check(data, name, *(records or (None, None)), today, notice, script, lambda done, total: None))
                except Exception:
                    continue
                if "people" in out:
                    for mask in (True, False):
                        page.export("xlsx", mask), page.export("csv", mask)
    page.clear()
try:
    raise ValueError("a traceback, so that its modules are kept")
except ValueError:
    import traceback
    traceback.format_exc()

STDLIB = "/lib/python314.zip/"
OPTIMIZE = 2  # as the calculator's library: like python -OO
EPOCH = (1980, 1, 1, 0, 0, 0)

def pyc(source, filename):
    code = compile(source, filename, "exec", dont_inherit=True, optimize=OPTIMIZE)
    return importlib._bootstrap_external._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)

def add(out, name, data):
    # Stored: the site serves .br copies, which compress the whole wheel better than deflate.
    info = zipfile.ZipInfo(name, EPOCH)
    info.compress_type = zipfile.ZIP_STORED
    out.writestr(info, data)

def write_wheel(files, target):
    import base64, hashlib
    record = next(n for n in files if n.endswith(".dist-info/RECORD"))
    rows = [f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}"
            for n, d in sorted(files.items()) if n != record]
    files[record] = ("\n".join(rows + [f"{record},,"]) + "\n").encode()
    with zipfile.ZipFile(target, "w") as out:
        for name in sorted(files):
            add(out, name, files[name])

def with_pyc(files, prefixes, sourceless=False):
    """A .pyc beside each module (PEP 3147 names), or (sourceless) in its place."""
    tag = sys.implementation.cache_tag
    for name in [n for n in files if n.endswith(".py") and n.startswith(prefixes)]:
        folder, _, module = name.rpartition("/")
        code = pyc(files[name], "/lib/python3.14/site-packages/" + name)
        if sourceless:
            del files[name]
            files[name + "c"] = code
        else:
            files[f"{folder}/__pycache__/{module[:-3]}.{tag}.pyc" if folder else f"__pycache__/{module[:-3]}.{tag}.pyc"] = code
    return files

# 2. The roster's wheel, with the modules the calculator's library lacks.
full = zipfile.ZipFile(STDLIB.rstrip("/"))
has = set(zipfile.ZipFile("/tmp/calc_stdlib.zip").namelist())
used = sorted({m.__spec__.origin[len(STDLIB):] for m in list(sys.modules.values())
               if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(STDLIB)})
extra = [n for n in used if n[:-3] + ".pyc" not in has]
roster_name = next(n for n in wheel_names if n.startswith("alxa_ce_roster-"))
plain = zipfile.ZipFile("/tmp/" + roster_name)
files = with_pyc({n: plain.read(n) for n in plain.namelist()}, ("calculator/", "alxa_ce_roster_browser"))
for name in extra:
    files["alxa_ce_roster_stdlib/" + name[:-3] + ".pyc"] = pyc(full.read(name), "/lib/python3.14/" + name)
write_wheel(files, "/tmp/out/" + roster_name)

# 3. XlsxWriter, precompiled.
xlsx_name = next(n for n in wheel_names if n.startswith("xlsxwriter-"))
plain = zipfile.ZipFile("/tmp/" + xlsx_name)
write_wheel(with_pyc({n: plain.read(n) for n in plain.namelist()}, ("xlsxwriter/",), sourceless=True), "/tmp/out/" + xlsx_name)

json.dumps({"python": sys.version.split()[0], "extra_modules": extra, "wheels": sorted(os.listdir("/tmp/out"))})
`);
for (const name of pyodide.FS.readdir("/tmp/out").filter((n) => n.endsWith(".whl"))) {
  writeFileSync(path.join(outDir, name), pyodide.FS.readFile(`/tmp/out/${name}`));
}
process.stdout.write(summary);

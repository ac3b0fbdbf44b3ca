"""What the roster page loads, and when (docs/assets/roster/worker.js): a CSV roster is checked
with Python and the roster's own wheel alone; python-calamine is fetched only once a
spreadsheet is chosen (by its name, or by its first bytes whatever its name), XlsxWriter only
once an .xlsx export is asked for. Python starts from the roster's memory snapshot when it
arrives in time, and as usual when it does not; the snapshot restores under Pyodide in Node
and checks every kind of file as CPython does. The request log is Playwright's, which sees the
page's worker's requests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime

import pytest
from helpers import ROOT
from roster_fixtures import NOTICE, TODAY, write_all
from test_roster import READY_MS, check, export, open_roster, read_xlsx, shown_rows, summary, wait_state
from years import latest

from calculator import roster
from calculator.chinese import to_hans
from site_builder import calculator_assets, roster_assets

READER, WRITER = "python_calamine-", "xlsxwriter-"


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return {f.name: f for f in write_all(tmp_path_factory.mktemp("rosters"))}


def fetched(requests, prefix: str) -> list[str]:
    return [r.url for r in requests if r.url.rsplit("/", 1)[-1].startswith(prefix)]


def rows_as_expected(page, fixture) -> None:
    assert summary(page) == fixture.summary, fixture.name
    rows = shown_rows(page)
    for row, name, expected in fixture.expected:
        assert to_hans(name) in to_hans(rows[row][1]), (fixture.name, row)
        assert rows[row][0] == ("errors" if isinstance(expected, tuple) else expected), (fixture.name, row, rows[row])


def test_a_csv_check_fetches_neither_library_and_a_spreadsheet_and_an_xlsx_export_fetch_theirs(
    page, site_url, fixtures
):
    requests: list = []
    page.on("request", lambda request: requests.append(request))
    open_roster(page, site_url)
    for name in ("gbk_csv", "bom_csv"):  # GBK: a codec from the roster's own extra standard library
        check(page, fixtures[name])
        rows_as_expected(page, fixtures[name])
    export(page, "#roster-export-csv")
    assert fetched(requests, READER) == [] and fetched(requests, WRITER) == [], [r.url for r in requests]
    # The page was ready with Python and the roster's own wheel alone.
    assert fetched(requests, "alxa_ce_roster-")

    check(page, fixtures["xlsx"])
    rows_as_expected(page, fixtures["xlsx"])
    assert fetched(requests, READER) and fetched(requests, WRITER) == []
    sheets = read_xlsx(export(page, "#roster-export-xlsx"))
    text = json.dumps(sheets, ensure_ascii=False, default=str)
    assert all(to_hans(p.name) in to_hans(text) for p in fixtures["xlsx"].people)
    assert fetched(requests, WRITER)
    # Its loading message came and went: the status says the check's result again (the page
    # at / is in Simplified).
    assert "检查完毕" in page.locator("#roster-status").inner_text()


def test_a_spreadsheet_under_a_csv_name_is_known_by_its_first_bytes(page, site_url, fixtures, tmp_path):
    """What the reader would hand to calamine (a ZIP or OLE file), whatever its name says."""
    renamed = tmp_path / "花名冊.csv"
    shutil.copyfile(fixtures["xls"].path, renamed)
    requests: list = []
    page.on("request", lambda request: requests.append(request))
    open_roster(page, site_url)
    page.set_input_files("#roster-file", str(renamed))
    page.wait_for_function(
        "() => ['done', 'unreadable', 'failed'].includes(document.querySelector('#roster').dataset.state)"
    )
    assert page.evaluate("() => document.querySelector('#roster').dataset.state") == "done"
    assert summary(page) == fixtures["xls"].summary
    assert fetched(requests, READER) and fetched(requests, WRITER) == []


def test_without_its_snapshot_python_starts_as_usual(page, site_url, fixtures):
    """A host that lost the snapshot, a damaged one or a browser that cannot restore it: the
    usual start, and every kind of file still checked."""
    page.route("**/roster.snapshot", lambda route: route.fulfill(status=200, body=b"not a memory snapshot"))
    page.goto(f"{site_url}/{latest()}/roster/", wait_until="domcontentloaded")
    wait_state(page, ("ready",), "the roster page's Python to be ready", READY_MS)
    # (Playwright's fixed clock fakes performance marks: set only now, for the checks' "today".)
    marks = page.evaluate("() => performance.getEntriesByType('mark').map((m) => m.name)")
    assert "roster-python" in marks and "roster-snapshot" not in marks, marks
    page.clock.set_fixed_time(datetime.combine(TODAY, datetime.min.time().replace(hour=10)))
    for name in ("gbk_csv", "xlsx"):
        check(page, fixtures[name])
        rows_as_expected(page, fixtures[name])


def test_the_warm_up_checks_people_and_imports_neither_library():
    """roster_browser.warm, in a fresh interpreter: people checked (not the template's example
    rows, which the reader skips), and neither library imported."""
    code = f"""
import sys
from calculator import roster_browser
counts = [roster_browser.warm({NOTICE}, "{TODAY.isoformat()}", script) for script in ("hans", "hant")]
print(counts, sorted(m for m in sys.modules if m.startswith(("python_calamine", "xlsxwriter"))))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    counts, imported = done.stdout.strip().split("] ")
    assert all(int(n) >= 2 for n in counts.strip("[").split(", ")), done.stdout
    assert imported == "[]", done.stdout


RESTORE = r"""
// The roster page's worker's restore, in Node: the snapshot served beside the wheels restored
// with the calculator's snapshot-restore.js, the two wheels unpacked, then each job checked
// (its library loaded first, as the page does) and exported.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [restoreJs, runtime, calculator, roster, jobsFile] = process.argv.slice(2);
const { factoryFor, snapshotHeapBytes, unpackEngine, unpackSnapshot } = await import(pathToFileURL(restoreJs).href);
const dir = (p) => path.resolve(p) + path.sep;
const [indexURL, calc, rosterDir] = [dir(runtime), dir(calculator), dir(roster)];
const lock = JSON.parse(readFileSync(path.join(rosterDir, "roster-lock.json"), "utf8"));
const engine = Object.keys(lock.packages).find((n) => lock.packages[n].file_name.startsWith("alxa_ce_calculator-"));
const own = Object.keys(lock.packages).find((n) => lock.packages[n].file_name.startsWith("alxa_ce_roster-"));
const snapshot = unpackSnapshot(new Uint8Array(readFileSync(path.join(rosterDir, "roster.snapshot"))));
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const { default: createModule } = await import(pathToFileURL(path.join(indexURL, "pyodide.asm.mjs")).href);
const pyodide = await loadPyodide({ indexURL, stdLibURL: path.join(calc, "python_stdlib.zip"), lockFileContents: JSON.stringify(lock),
  packageBaseUrl: rosterDir, _loadSnapshot: snapshot, createPyodideModule: factoryFor(createModule, snapshotHeapBytes(snapshot)), stdout: () => {} });
const restored = pyodide.runPython("import sys; sorted(m for m in sys.modules if m.startswith(('alxa_ce_roster_browser', 'calculator.roster.')))").toJs();
pyodide.runPython("import random; random.seed()");
const page = pyodide.pyimport("alxa_ce_roster_browser");
unpackEngine(pyodide, new Uint8Array(readFileSync(path.join(calc, lock.packages[engine].file_name))));
unpackEngine(pyodide, new Uint8Array(readFileSync(path.join(rosterDir, lock.packages[own].file_name))));
pyodide.runPython("import importlib; importlib.invalidate_caches()");
const reports = [];
for (const job of JSON.parse(readFileSync(jobsFile, "utf8"))) {
  if (job.library) await pyodide.loadPackage([job.library], { messageCallback: () => {}, checkIntegrity: true });
  const bytes = (file) => new Uint8Array(readFileSync(file));
  const out = JSON.parse(page.check(bytes(job.file), job.name, job.records ? bytes(job.records.file) : undefined, job.records?.name,
    job.today, undefined, job.script, () => {}));
  if (out.unreadable) throw new Error(`${job.name}: ${out.unreadable}`);
  reports.push(JSON.parse(page.full()));
}
await pyodide.loadPackage(["xlsxwriter"], { messageCallback: () => {}, checkIntegrity: true });
const exported = page.export("xlsx", true).toJs().length;
process.stdout.write(JSON.stringify({ restored, reports, exported }));
"""


def test_the_snapshot_restores_and_checks_every_kind_of_file_as_cpython(built_site, fixtures, tmp_path):
    folder = built_site / roster_assets.folder_path()
    assert (folder / roster_assets.SNAPSHOT).is_file()
    spreadsheet = {"xlsx", "xls", "ods"}
    jobs = [
        {
            "file": str(f.path),
            "name": f.path.name,
            "today": TODAY.isoformat(),
            "script": script,
            "records": {"file": str(f.records_path), "name": f.records_path.name} if f.records_path else None,
            "library": "python-calamine" if f.path.suffix.lstrip(".") in spreadsheet else None,
        }
        for f in fixtures.values()
        for script in ("hans", "hant")
    ]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "restore.mjs").write_text(RESTORE, encoding="utf-8")
    done = subprocess.run(
        [
            "node",
            str(tmp_path / "restore.mjs"),
            str(ROOT / "docs" / "assets" / "calculator" / "snapshot-restore.js"),
            str(built_site / calculator_assets.runtime_path()),
            str(built_site / calculator_assets.calculator_path()),
            str(folder),
            str(tmp_path / "jobs.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert "alxa_ce_roster_browser" in out["restored"] and len(out["restored"]) > 10, out[
        "restored"
    ]  # started, not cold
    for job, report in zip(jobs, out["reports"], strict=True):
        fixture = next(f for f in fixtures.values() if str(f.path) == job["file"])
        records = (fixture.records_path.read_bytes(), fixture.records_path.name) if fixture.records_path else None
        expected = roster.check_file(
            fixture.path.read_bytes(),
            fixture.path.name,
            records=records,
            today=TODAY,
            script=job["script"],
            display=True,
        )
        assert report == json.loads(json.dumps(expected, ensure_ascii=False)), (fixture.name, job["script"])
    assert out["exported"] > 1000

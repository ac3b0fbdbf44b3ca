"""The unit's roster under Pyodide (Python 3.14, in Node), loaded exactly as the roster page's
worker loads it: the calculator's trimmed standard library and wheel, the roster's lockfile
and wheels from the built site. Every fixture's report equals CPython's, in both scripts."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile

import pytest
from helpers import ROOT
from roster_fixtures import TODAY, write_all, write_ods

from calculator import roster
from site_builder import assets, calculator_assets, roster_assets


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    assets.build(site)
    return site


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rosters")
    made = write_all(folder)
    return made if any(f.name == "ods" for f in made) else [*made, write_ods(folder)]


def run_in_pyodide(site, jobs, tmp_path):
    jobs_file = tmp_path / "jobs.json"
    jobs_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [
            "node",
            str(ROOT / "tests" / "parity" / "run_roster_in_pyodide.mjs"),
            str(site / calculator_assets.runtime_path()),
            str(site / calculator_assets.calculator_path()),
            str(site / roster_assets.folder_path()),
            str(jobs_file),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def in_cpython(fixture, script):
    records = (fixture.records_path.read_bytes(), fixture.records_path.name) if fixture.records_path else None
    report = roster.check_file(
        fixture.path.read_bytes(), fixture.path.name, records=records, today=TODAY, script=script, display=True
    )
    return json.loads(json.dumps(report, ensure_ascii=False))


def test_every_fixture_gives_the_same_report_in_pyodide(site, fixtures, tmp_path):
    jobs = [
        {
            "file": str(f.path),
            "name": f.path.name,
            "today": TODAY.isoformat(),
            "script": script,
            "records": {"file": str(f.records_path), "name": f.records_path.name} if f.records_path else None,
        }
        for f in fixtures
        for script in ("hant", "hans")
    ]
    out = run_in_pyodide(site, jobs, tmp_path)
    assert out["python"].startswith("3.14")
    # The standard library the calculator's page has, plus the roster's few extra modules;
    # XlsxWriter precompiled.
    assert out["csv"].endswith("/site-packages/alxa_ce_roster_stdlib/csv.pyc"), out["csv"]
    assert out["xlsxwriter"].endswith("/site-packages/xlsxwriter/__init__.pyc"), out["xlsxwriter"]
    assert out["roster"].endswith(".cpython-314.pyc")
    assert len(out["reports"]) == len(jobs)
    for job, in_pyodide in zip(jobs, out["reports"], strict=True):
        fixture = next(f for f in fixtures if str(f.path) == job["file"])
        assert in_pyodide == in_cpython(fixture, job["script"]), (fixture.name, job["script"])
        assert in_pyodide["summary"] == {**in_pyodide["summary"], **fixture.summary}, fixture.name


def test_the_roster_lockfile_registers_each_wheel_with_its_sha256(site):
    folder = site / roster_assets.folder_path()
    lock = json.loads((folder / roster_assets.LOCK).read_text(encoding="utf-8"))
    assert set(lock["packages"]) == {calculator_assets.PACKAGE, roster_assets.PACKAGE, "python-calamine", "xlsxwriter"}
    for name, entry in lock["packages"].items():
        where = site / calculator_assets.calculator_path() if name == calculator_assets.PACKAGE else folder
        assert entry["sha256"] == hashlib.sha256((where / entry["file_name"]).read_bytes()).hexdigest(), name
    # python-calamine is PyPI's own wheel, byte for byte, under the lock's platform tag.
    calamine = next(p for p in roster_assets.PINS if p.requirement.startswith("python-calamine"))
    assert lock["packages"]["python-calamine"]["sha256"] == calamine.sha256
    assert lock["packages"]["python-calamine"]["file_name"] == calamine.lock_file


def test_the_calculators_first_visit_carries_none_of_the_roster(site):
    """The calculator's wheel and lockfile know nothing of the roster (its first visit stays small)."""
    folder = site / calculator_assets.calculator_path()
    names = zipfile.ZipFile(folder / calculator_assets.wheel_name()).namelist()
    assert not [n for n in names if n.startswith("calculator/roster/")]
    assert set(json.loads(calculator_assets.inline_lock())["packages"]) == {calculator_assets.PACKAGE}


def test_the_same_sources_give_the_same_roster_files(tmp_path):
    """The roster's folder rebuilt from scratch: the same bytes (wheels, lockfile, templates),
    so that its content-addressed path, the sha256 in the lockfile and the service worker hold."""
    key, folder = roster_assets._built()

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    first = files(folder)
    roster_assets._build_into(tmp_path / "again")
    assert files(tmp_path / "again") == first

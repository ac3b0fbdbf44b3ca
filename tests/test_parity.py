"""Parity: every worked example gives the same result JSON under CPython and under Pyodide
(Python 3.14, in Node, from the site's own runtime folder: the lockfile and wheel the browser loads)."""
from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from helpers import ROOT, all_examples
from years import latest

from calculator import check_or_errors
from site_builder import calculator_assets

# "Today" for the examples that leave as_of out: the same in both runs, in the newest notice's year.
TODAY = date(latest(), 6, 30)


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    """The site's calculator folder (trimmed stdlib, wheel, lockfile), beside its Pyodide."""
    site = tmp_path_factory.mktemp("site")
    return calculator_assets.build(site)


def run_in_pyodide(calculator_dir, cases, tmp_path):
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    runtime = calculator_dir.parents[2] / calculator_assets.runtime_path()
    done = subprocess.run(["node", str(ROOT / "tests" / "parity" / "run_in_pyodide.mjs"), str(runtime), str(calculator_dir),
                           str(cases_file), TODAY.isoformat()], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_worked_example_gives_the_same_json_in_pyodide(runtime, tmp_path):
    examples = all_examples()
    out = run_in_pyodide(runtime, [ex.case for ex in examples], tmp_path)
    assert out["python"].startswith("3.14")
    # Exactly the trimmed, precompiled library, and the engine from its precompiled .pyc.
    assert out["stdlib"] == "/lib/python314.zip/json/__init__.pyc", out["stdlib"]  # ours: the npm one has .py
    assert out["engine"].endswith(".cpython-314.pyc")
    assert len(out["results"]) == len(examples)
    for example, in_pyodide in zip(examples, out["results"]):
        in_cpython = json.loads(json.dumps(check_or_errors(example.case, TODAY), ensure_ascii=False))
        assert in_pyodide == in_cpython, example.where


def test_the_lockfile_registers_the_wheel_with_its_sha256(runtime):
    import hashlib

    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][calculator_assets.PACKAGE]
    wheel = runtime / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculator"]


def test_the_same_sources_give_the_same_files(tmp_path):
    """The calculator folder is rebuilt from scratch: same bytes, so caches and sha256 hold."""
    key, folder = calculator_assets._built()
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    calculator_assets._build_into(tmp_path / "again")
    assert {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()} == first


def test_the_standard_library_is_trimmed_and_precompiled(runtime):
    import zipfile

    names = zipfile.ZipFile(runtime / "python_stdlib.zip").namelist()
    full = zipfile.ZipFile(calculator_assets.NODE_PYODIDE / "python_stdlib.zip").namelist()
    assert names and all(n.endswith(".pyc") for n in names)
    assert len(names) < len(full) / 2
    assert "json/__init__.pyc" in names and "fractions.pyc" in names and "tkinter/__init__.pyc" not in names

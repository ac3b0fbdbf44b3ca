"""Parity: every worked example gives the same result JSON under CPython and under Pyodide
(Python 3.14, in Node, from the site's own runtime folder: the lockfile and wheel the browser loads)."""
from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from helpers import ROOT, all_examples

from calculator import check_or_errors
from site_builder import calculator_assets

TODAY = date(2025, 6, 30)


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    return calculator_assets.build(tmp_path_factory.mktemp("site"))


def run_in_pyodide(runtime, cases, tmp_path):
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(["node", str(ROOT / "tests" / "parity" / "run_in_pyodide.mjs"), str(runtime), str(cases_file), TODAY.isoformat()],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_worked_example_gives_the_same_json_in_pyodide(runtime, tmp_path):
    examples = all_examples()
    out = run_in_pyodide(runtime, [ex.case for ex in examples], tmp_path)
    assert out["python"].startswith("3.14")
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


def test_the_same_sources_give_the_same_wheel(tmp_path):
    """The wheel is rebuilt from scratch twice: same bytes, so caches and sha256 hold."""
    import shutil

    first = calculator_assets._wheel_and_lock()[0].read_bytes()
    shutil.rmtree(calculator_assets.CACHE)
    assert calculator_assets._wheel_and_lock()[0].read_bytes() == first

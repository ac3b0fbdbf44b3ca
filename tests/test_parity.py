"""Parity: every worked example gives the same result JSON under CPython and under Pyodide
(Python 3.14, in Node, from the site's own runtime folder: the lockfile and wheel the browser loads),
started as a first visit starts it and as a returning one does, from the build's memory snapshot."""

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
    done = subprocess.run(
        [
            "node",
            str(ROOT / "tests" / "parity" / "run_in_pyodide.mjs"),
            str(runtime),
            str(calculator_dir),
            str(cases_file),
            TODAY.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
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
    for example, in_pyodide in zip(examples, out["results"], strict=True):
        in_cpython = json.loads(json.dumps(check_or_errors(example.case, TODAY), ensure_ascii=False))
        assert in_pyodide == in_cpython, example.where


def run_from_snapshot(calculator_dir, snapshot, cases, tmp_path, expected=None):
    """tests/parity/snapshot_run.mjs: the engine restored from `snapshot`, as the page's worker
    restores it; with `expected` (CPython's results), it also compares them itself."""
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    runtime = calculator_dir.parents[2] / calculator_assets.runtime_path()
    command = [
        "node",
        str(ROOT / "tests" / "parity" / "snapshot_run.mjs"),
        str(runtime),
        str(calculator_dir),
        str(snapshot),
        str(cases_file),
        TODAY.isoformat(),
    ]
    if expected is not None:
        (tmp_path / "expected.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
        command.append(str(tmp_path / "expected.json"))
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_every_worked_example_gives_the_same_json_from_the_memory_snapshot(runtime, tmp_path):
    """The snapshot the site ships (engine.snapshot in the engine folder), restored."""
    examples = all_examples()
    in_cpython = [json.loads(json.dumps(check_or_errors(ex.case, TODAY), ensure_ascii=False)) for ex in examples]
    done = run_from_snapshot(
        runtime, runtime / calculator_assets.SNAPSHOT, [ex.case for ex in examples], tmp_path, in_cpython
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["start"] == "snapshot" and out["first"] == "ok"
    assert out["python"].startswith("3.14")
    assert out["engine"].endswith(".cpython-314.pyc")
    assert len(out["results"]) == len(examples)
    for example, from_snapshot, expected in zip(examples, out["results"], in_cpython, strict=True):
        assert from_snapshot == expected, example.where


def test_the_shipped_snapshot_is_made_from_the_files_served_beside_it(runtime, tmp_path):
    """Made again here from the site's own folders: the same inputs, the same size; the page
    states its size and sha256 (the worker checks both)."""
    import base64
    import hashlib

    shipped = runtime / calculator_assets.SNAPSHOT
    site_runtime = runtime.parents[2] / calculator_assets.runtime_path()
    again = tmp_path / "again.snapshot"
    done = subprocess.run(
        ["node", str(ROOT / "scripts" / "pyodide" / "snapshot.mjs"), str(site_runtime), str(runtime), str(again)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    made = json.loads((again.parent / "again.snapshot.json").read_text())
    for name, sha256 in made["files"].items():
        served = (site_runtime if name.startswith("pyodide") else runtime) / name
        assert hashlib.sha256(served.read_bytes()).hexdigest() == sha256, name
    assert again.stat().st_size == shipped.stat().st_size
    info = calculator_assets.snapshot_info()
    data = shipped.read_bytes()
    assert info["bytes"] == len(data)
    assert info["integrity"] == "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()
    import brotli

    assert brotli.decompress((runtime / (calculator_assets.SNAPSHOT + ".br")).read_bytes()) == data


def test_a_snapshot_of_another_pyodide_build_is_refused(runtime, tmp_path):
    """One byte of Pyodide's build id changed: Pyodide refuses it (the page then starts as usual)."""
    data = bytearray((runtime / calculator_assets.SNAPSHOT).read_bytes())
    data[16] ^= 0xFF  # the header's build id: words 4 to 11
    other = tmp_path / "other.snapshot"
    other.write_bytes(bytes(data))
    done = run_from_snapshot(runtime, other, [], tmp_path)
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])
    assert "Snapshot build id mismatch" in done.stderr


def test_the_snapshot_is_served_without_its_zero_pages_and_a_damaged_one_is_refused(runtime, tmp_path):
    """The served file leaves the heap's zero pages out (a returning visit reads and copies
    less); Pyodide's own header stays first. A file whose runs no longer add up is refused
    before Pyodide sees it (the page then starts as usual)."""
    import struct

    data = (runtime / calculator_assets.SNAPSHOT).read_bytes()
    heap_offset = struct.unpack_from("<I", data, 4)[0]
    packed_magic, heap_bytes, runs = struct.unpack_from("<III", data, heap_offset)
    assert packed_magic == 0x4B505341
    table = [struct.unpack_from("<II", data, heap_offset + 12 + 8 * i) for i in range(runs)]
    at = heap_offset + 12 + 8 * runs
    for offset, length in table:  # every 4 KiB block kept holds something
        assert all(data[b : b + 4096].count(0) < min(4096, at + length - b) for b in range(at, at + length, 4096)), (
            offset
        )
        at += length
    assert at == len(data) and sum(length for _, length in table) < heap_bytes
    damaged = bytearray(data)
    struct.pack_into("<I", damaged, heap_offset + 12 + 8 * (runs - 1), heap_bytes)  # the last run starts past the heap
    other = tmp_path / "damaged.snapshot"
    other.write_bytes(bytes(damaged))
    done = run_from_snapshot(runtime, other, [], tmp_path)
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])
    assert "damaged memory snapshot" in done.stderr


def test_the_lockfile_registers_the_wheel_with_its_sha256(runtime):
    import hashlib

    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][calculator_assets.PACKAGE]
    wheel = runtime / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculator"]


def test_the_same_sources_give_the_same_files(tmp_path):
    """The calculator folder is rebuilt from scratch: same bytes, so caches and sha256 hold."""
    key, folder = calculator_assets.built()
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    calculator_assets.build_into(tmp_path / "again")
    assert {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()} == first


def test_the_standard_library_is_trimmed_and_precompiled(runtime):
    import zipfile

    names = zipfile.ZipFile(runtime / "python_stdlib.zip").namelist()
    full = zipfile.ZipFile(calculator_assets.NODE_PYODIDE / "python_stdlib.zip").namelist()
    assert names and all(n.endswith(".pyc") for n in names)
    assert len(names) < len(full) / 2
    assert "json/__init__.pyc" in names and "fractions.pyc" in names and "tkinter/__init__.pyc" not in names

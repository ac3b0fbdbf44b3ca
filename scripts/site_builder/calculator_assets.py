"""The calculator's runtime, written into the built site. Nothing is fetched from anywhere,
at build or at run time.

- `assets/pyodide/<version>/`: Pyodide's core files from its npm package (versioned path).
- `assets/engine/<hash>/`: content-addressed, so both can be cached forever:
  * the engine and the year's rules as a wheel, with a .pyc beside each module;
  * the standard library compiled to .pyc by Pyodide's own Python, trimmed to the modules
    that start-up, package loading and the engine import (scripts/pyodide/precompile.mjs);
  * pyodide-lock.json registering only our wheel, made by pyodide-build's
    `pyodide lockfile add-wheels`, so that Pyodide loads it by name and checks its sha256.
    The page also carries it inline (one request fewer).
Each large file gets .br and .gz copies for hosts that serve them (deploy/nginx.conf).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / "build" / "calculator"
PACKAGE = "alxa-ce-calculator"
# Pyodide's files that a page needs to start: no pyodide.js (the worker imports the module),
# no python_stdlib.zip (ours is trimmed and precompiled), no lockfile (ours lists our wheel).
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# Wheels and zips carry file dates; a fixed one makes the same sources give the same bytes.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest a zip file can say
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".wasm", ".zip", ".svg", ".txt", ".map"}


class AssetsError(Exception):
    pass


def pyodide_version() -> str:
    try:
        return json.loads((NODE_PYODIDE / "package.json").read_text())["version"]
    except FileNotFoundError:
        raise AssetsError("找不到 node_modules/pyodide：請先執行 npm ci（make 會自動執行）") from None


def runtime_path() -> str:
    return f"assets/pyodide/{pyodide_version()}/"


def calculator_path() -> str:
    return f"assets/engine/{_built()[0]}/"


def wheel_name() -> str:
    return next((CACHE / _built()[0]).glob("*.whl")).name


def download_megabytes() -> float:
    """What a first visit downloads of the runtime, brotli-compressed (said on the page)."""
    compressed = CACHE / "compressed"
    total = 0
    for path in [NODE_PYODIDE / name for name in CORE_FILES] + sorted((CACHE / _built()[0]).glob("*")):
        if path.suffix in (".br", ".gz"):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        br = compressed / f"{digest}.br"
        total += br.stat().st_size if br.exists() else path.stat().st_size
    return round(total / 1e6, 1)


def runtime_bytes() -> int:
    """The size of Pyodide's wasm as the page reads it (decoded): its download progress."""
    return (NODE_PYODIDE / "pyodide.asm.wasm").stat().st_size


def inline_lock() -> str:
    """The lockfile the page hands to Pyodide directly."""
    return (CACHE / _built()[0] / "pyodide-lock.json").read_text(encoding="utf-8")


def build(site_root: Path) -> Path:
    """Write the runtime and our calculator folder under `site_root`; returns the latter."""
    runtime = site_root / runtime_path()
    runtime.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        _copy_if_changed(NODE_PYODIDE / name, runtime / name)
        _compressed_copies(runtime / name)
    key, folder = _built()
    target = site_root / calculator_path()
    if target.parent.exists():
        for stale in target.parent.iterdir():  # earlier builds' folders
            if stale.name != key:
                shutil.rmtree(stale)
    target.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        _copy_if_changed(path, target / path.name)
    return target


def compress_tree(folder: Path) -> None:
    """.br and .gz beside every large text or binary asset (skipped when already current)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
            _compressed_copies(path)


def _compressed_copies(path: Path) -> None:
    import brotli  # build-time only

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    for suffix, make in ((".gz", lambda d: gzip.compress(d, 9, mtime=0)), (".br", lambda d: brotli.compress(d, quality=11))):
        target = path.with_name(path.name + suffix)
        cached = CACHE / "compressed" / f"{digest}{suffix}"
        if not cached.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(make(data))
        _copy_if_changed(cached, target)


_memo: tuple[str, Path] | None = None


def _built() -> tuple[str, Path]:
    """Build once per content of the engine, its rules, the examples and Pyodide (cached in build/)."""
    global _memo
    key = _sources_hash()
    if _memo and _memo[0] == key:
        return _memo
    folder = CACHE / key
    if not (folder / "pyodide-lock.json").exists():
        _build_into(folder)
    _memo = (key, folder)
    return _memo


def _build_into(folder: Path) -> None:
    pyodide_version()
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PIP_NO_INPUT="1")
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
              "--wheel-dir", str(tmp / "plain"), str(ROOT)], env)
        shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)  # setuptools' in-tree leftovers
        wheel = next((tmp / "plain").glob("*.whl"))
        _lock(pyodide_cli, wheel, tmp / "plain", env)
        out = tmp / "out"
        out.mkdir()
        cases = tmp / "cases.json"
        cases.write_text(json.dumps(_example_cases(), ensure_ascii=False), encoding="utf-8")
        _run(["node", str(ROOT / "scripts" / "pyodide" / "precompile.mjs"), str(tmp / "plain"), str(cases),
              str(out / "python_stdlib.zip"), str(out / wheel.name)], env)
        _lock(pyodide_cli, out / wheel.name, out, env)
        for path in list(out.iterdir()):
            if path.suffix in (".zip", ".json"):
                _compressed_copies(path)
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(out, folder)


def _lock(pyodide_cli: Path, wheel: Path, folder: Path, env: dict) -> None:
    """pyodide-lock.json in `folder` registering `wheel` alone (Pyodide's own packages are not shipped)."""
    _run([str(pyodide_cli), "lockfile", "add-wheels", "--input", str(NODE_PYODIDE / "pyodide-lock.json"),
          "--output", str(folder / "pyodide-lock.json"), "--base-path", str(folder), str(wheel)], env)
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock["packages"] = {PACKAGE: lock["packages"][PACKAGE]}
    (folder / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _example_cases() -> list[dict]:
    """Every worked example: running them all is how the trimmed standard library is chosen."""
    from notice_compiler import POLICY_SRC, years
    from notice_compiler.examples import load_examples

    return [ex.case for year in years() for ex in load_examples(POLICY_SRC / str(year))]


def _sources_hash() -> str:
    digest = hashlib.sha256()
    files = (sorted((ROOT / "calculator").rglob("*.py")) + sorted((ROOT / "policy_src").rglob("cases/*.yaml"))
             + [ROOT / "pyproject.toml", NODE_PYODIDE / "pyodide-lock.json", ROOT / "scripts" / "pyodide" / "precompile.mjs",
                Path(__file__)])
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _copy_if_changed(source: Path, target: Path) -> None:
    if not target.exists() or target.stat().st_size != source.stat().st_size or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise AssetsError(f"{' '.join(command[:4])} … 失敗：\n{done.stdout}\n{done.stderr}")

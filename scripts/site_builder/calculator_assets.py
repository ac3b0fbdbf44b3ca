"""The calculator's runtime, written into the built site: Pyodide's core files from its npm
package, and the engine with the year's rules as a wheel registered in the site's own
pyodide-lock.json (pyodide-build's `pyodide lockfile add-wheels`), so that Pyodide loads it
by name and checks its sha256. Nothing is fetched from anywhere at build or at run time.
"""
from __future__ import annotations

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
# Pyodide's files that a page needs to start (no pyodide.js: the worker imports the module).
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Wheels carry file dates; a fixed one makes the same sources give the same bytes and sha256.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest a zip file can say


class AssetsError(Exception):
    pass


def pyodide_version() -> str:
    try:
        return json.loads((NODE_PYODIDE / "package.json").read_text())["version"]
    except FileNotFoundError:
        raise AssetsError("找不到 node_modules/pyodide：請先執行 npm ci（make 會自動執行）") from None


def assets_path() -> str:
    """Where the runtime lives, relative to the site root (versioned: cacheable forever)."""
    return f"assets/pyodide/{pyodide_version()}/"


def build(site_root: Path) -> Path:
    """Write Pyodide, our wheel and the lockfile under `site_root`; returns that folder."""
    target = site_root / assets_path()
    target.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        _copy_if_changed(NODE_PYODIDE / name, target / name)
    wheel, lock = _wheel_and_lock()
    for stale in target.glob("*.whl"):
        if stale.name != wheel.name:
            stale.unlink()
    _copy_if_changed(wheel, target / wheel.name)
    _copy_if_changed(lock, target / "pyodide-lock.json")
    return target


def _wheel_and_lock() -> tuple[Path, Path]:
    """Build once per content of the engine, its rules and Pyodide's lockfile (cached in build/)."""
    key = _sources_hash()
    folder = CACHE / key
    wheels = list(folder.glob("*.whl"))
    if wheels and (folder / "pyodide-lock.json").exists():
        return wheels[0], folder / "pyodide-lock.json"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PIP_NO_INPUT="1")
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
              "--wheel-dir", str(tmp / "wheel"), str(ROOT)], env)
        wheel = next((tmp / "wheel").glob("*.whl"))
        staged = tmp / "staged"
        staged.mkdir()
        shutil.copy(wheel, staged / wheel.name)
        pyodide_cli = Path(sys.executable).with_name("pyodide")
        _run([str(pyodide_cli), "lockfile", "add-wheels", "--input", str(NODE_PYODIDE / "pyodide-lock.json"),
              "--output", str(staged / "pyodide-lock.json"), "--base-path", str(staged), str(staged / wheel.name)], env)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(staged, folder)
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)  # setuptools' in-tree leftovers
    return next(folder.glob("*.whl")), folder / "pyodide-lock.json"


def _sources_hash() -> str:
    digest = hashlib.sha256()
    files = sorted((ROOT / "calculator").rglob("*.py")) + [ROOT / "pyproject.toml", NODE_PYODIDE / "pyodide-lock.json"]
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _copy_if_changed(source: Path, target: Path) -> None:
    if not target.exists() or target.stat().st_size != source.stat().st_size or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise AssetsError(f"{' '.join(command[:4])} … 失敗：\n{done.stdout}\n{done.stderr}")

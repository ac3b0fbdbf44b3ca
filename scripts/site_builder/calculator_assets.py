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

- `assets/engine/<hash>/engine.snapshot`: a memory snapshot of Pyodide started with
  the engine imported, made under Node by scripts/pyodide/snapshot.mjs from these same files
  (checked against the served ones by sha256), cached in build/ by the sha256 of its inputs
  (two makes from the same files differ by a few kB: the cache keeps builds reproducible and
  fast). Not part of a first visit: the calculator's worker fetches it after a first result
  and restores it on later visits (docs/assets/calculator/worker.js).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .build_files import ROOT, AssetsError, copy_if_changed, made_in_place, run, shown

# PYODIDE_DIR and CALCULATOR_CACHE move them elsewhere (tests: a missing Pyodide, a clean cache).
NODE_PYODIDE = Path(os.environ.get("PYODIDE_DIR") or ROOT / "node_modules" / "pyodide").resolve()
CACHE = Path(os.environ.get("CALCULATOR_CACHE") or ROOT / "build" / "calculator").resolve()
PACKAGE = "alxa-ce-calculator"
# Pyodide's files that a page needs to start: no pyodide.js (the worker imports the module),
# no python_stdlib.zip (ours is trimmed and precompiled), no lockfile (ours lists our wheel).
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# What npm ci puts there that the build reads.
PYODIDE_FILES = ("package.json", "pyodide-lock.json", *CORE_FILES)
# Wheels and zips carry file dates; a fixed one makes the same sources give the same bytes.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest a zip file can say
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".wasm", ".zip", ".svg", ".txt", ".map"}
MIN_COMPRESSED = 1024  # smaller files are served as they are
SNAPSHOT = "engine.snapshot"
# What makes the snapshot besides the runtime's and the engine's files (and the engine
# folder's address: a changed way of making it is a new address, never a changed file).
SNAPSHOT_SCRIPTS = (
    ROOT / "scripts" / "pyodide" / "snapshot.mjs",
    ROOT / "docs" / "assets" / "calculator" / "snapshot-restore.js",
)
# Brotli quality for the 31 MB snapshot: 11 takes ≈ 73 s for 3.1 MB, 9 ≈ 2.3 s for 3.6 MB.
SNAPSHOT_BROTLI_QUALITY = 9


def require_runtime() -> None:
    """Pyodide's npm package is there, or AssetsError says what to run (no traceback)."""
    missing = [name for name in PYODIDE_FILES if not (NODE_PYODIDE / name).is_file()]
    if not missing:
        return
    where = shown(NODE_PYODIDE)
    what = "整個資料夾都不存在" if not NODE_PYODIDE.is_dir() else "缺少 " + "、".join(missing)
    raise AssetsError(
        f"找不到計算器的執行環境 Pyodide（{where}：{what}）。\n"
        "請在專案目錄執行 npm ci（安裝 package-lock.json 鎖定的版本），"
        "或直接執行 make site（會先自動執行 npm ci）。"
    )


def pyodide_version() -> str:
    require_runtime()
    return json.loads((NODE_PYODIDE / "package.json").read_text())["version"]


def runtime_path() -> str:
    return f"assets/pyodide/{pyodide_version()}/"


def calculator_path() -> str:
    return f"assets/engine/{built()[0]}/"


def wheel_name() -> str:
    return next((CACHE / built()[0]).glob("*.whl")).name


def first_visit_files() -> list[Path]:
    """The runtime's files a first visit fetches (the lockfile is inline in the page)."""
    folder = built()[1]
    return [NODE_PYODIDE / name for name in CORE_FILES] + [folder / "python_stdlib.zip", folder / wheel_name()]


def download_megabytes() -> float:
    """What a first visit downloads of the runtime (said on the page): the .br copy's size
    for what the site ships compressed (made now if the cache has none yet: the page is
    written before the runtime is copied), the file's own size for the rest (the wheel)."""
    total = 0
    for path in first_visit_files():
        data = path.read_bytes()
        total += _compressed(data, ".br").stat().st_size if _ships_compressed(path) else len(data)
    return round(total / 1e6, 1)


def prepare() -> None:
    """Everything the calculator page is written from: the engine folder, the download size and
    the snapshot (the roster page's own: roster_assets; both: assets.prepare)."""
    download_megabytes()
    snapshot_info()


def runtime_bytes() -> int:
    """The size of Pyodide's wasm as the page reads it (decoded): its download progress."""
    require_runtime()
    return (NODE_PYODIDE / "pyodide.asm.wasm").stat().st_size


def inline_lock() -> str:
    """The lockfile the page hands to Pyodide directly."""
    return (CACHE / built()[0] / "pyodide-lock.json").read_text(encoding="utf-8")


def build(site_root: Path) -> Path:
    """Write the runtime and our calculator folder under `site_root`; returns the latter."""
    runtime = site_root / runtime_path()
    runtime.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        copy_if_changed(NODE_PYODIDE / name, runtime / name)
        compressed_copies(runtime / name)
    key, folder = built()
    target = site_root / calculator_path()
    if target.parent.exists():
        for stale in target.parent.iterdir():  # earlier builds' folders
            if stale.name != key:
                shutil.rmtree(stale)
    target.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        copy_if_changed(path, target / path.name)
    _place_snapshot(runtime, target)
    return target


def snapshot_info() -> dict:
    """What the calculator page says of the memory snapshot: its name in the engine folder,
    its size and its sha256 as subresource integrity (the worker fetches it with it)."""
    import base64

    data = (_snapshot() / SNAPSHOT).read_bytes()
    return {
        "name": SNAPSHOT,
        "bytes": len(data),
        "integrity": "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode(),
    }


def _place_snapshot(runtime: Path, target: Path) -> None:
    """The snapshot and its .br and .gz into the engine folder, once the files it was made
    from are checked to be exactly the ones served beside it."""
    made = _snapshot()
    manifest = json.loads((made / f"{SNAPSHOT}.json").read_text(encoding="utf-8"))
    for name, sha256 in manifest["files"].items():
        served = (runtime if name in CORE_FILES else target) / name
        if not served.is_file() or hashlib.sha256(served.read_bytes()).hexdigest() != sha256:
            raise AssetsError(
                f"計算器的記憶體快照不是用網站上的 {shown(served)} 做的；請刪除 {shown(made)} 後重新建置。"
            )
    for suffix in ("", ".br", ".gz"):
        copy_if_changed(made / (SNAPSHOT + suffix), target / (SNAPSHOT + suffix))


def _snapshot() -> Path:
    """The memory snapshot of the engine folder `built` gives, with Pyodide's core files, made
    once per content of those and of the scripts that make it (cached in build/)."""
    _, folder = built()
    inputs = (
        [NODE_PYODIDE / name for name in CORE_FILES]
        + sorted(p for p in folder.iterdir() if p.suffix not in (".br", ".gz"))
        + list(SNAPSHOT_SCRIPTS)
    )

    def make(path: Path) -> None:  # the script writes the manifest beside the snapshot
        run(
            ["node", str(SNAPSHOT_SCRIPTS[0]), str(NODE_PYODIDE) + os.sep, str(folder) + os.sep, str(path)],
            dict(os.environ),
        )

    return cached_snapshot(inputs, b"", make)


_snapshots: dict[str, Path] = {}


def cached_snapshot(inputs: list[Path], key: bytes, make, name: str = SNAPSHOT) -> Path:
    """The folder of a memory snapshot made once per content of `inputs` (and `key`), cached in
    CACHE/snapshot/ as `name`: `make(path)` writes the snapshot at `path` and returns its manifest (JSON
    text), or None when it writes `<path>.json` itself. Its .br and .gz copies go beside it. It
    is made in a partial folder renamed into place once complete, its manifest last: an
    interrupted build leaves nothing that looks made."""
    digest = hashlib.sha256(key)
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    made = CACHE / "snapshot" / digest.hexdigest()[:16]
    if made.name in _snapshots:
        return made
    if not (made / f"{name}.json").exists():
        import brotli  # build-time only

        with made_in_place(made) as partial:
            partial.mkdir()
            manifest = make(partial / name)
            data = (partial / name).read_bytes()
            (partial / f"{name}.br").write_bytes(brotli.compress(data, quality=SNAPSHOT_BROTLI_QUALITY))
            (partial / f"{name}.gz").write_bytes(gzip.compress(data, 6, mtime=0))
            if manifest is not None:
                (partial / f"{name}.json").write_text(manifest, encoding="utf-8")
    _snapshots[made.name] = made
    return made


def compress_tree(folder: Path) -> None:
    """.br and .gz beside every large text or binary asset (skipped when already current)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and _ships_compressed(path):
            compressed_copies(path)


def _ships_compressed(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_COMPRESSED


def compressed_copies(path: Path) -> None:
    data = path.read_bytes()
    for suffix in (".gz", ".br"):
        copy_if_changed(_compressed(data, suffix), path.with_name(path.name + suffix))


def _compressed(data: bytes, suffix: str) -> Path:
    """The cached .gz or .br of `data`, made once per content. Written under another name
    and renamed: an interrupted build or a parallel one never leaves a truncated copy."""
    cached = CACHE / "compressed" / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if not cached.exists():
        import brotli  # build-time only

        made = gzip.compress(data, 9, mtime=0) if suffix == ".gz" else brotli.compress(data, quality=11)
        with made_in_place(cached) as partial:
            partial.write_bytes(made)
    return cached


_memo: tuple[str, Path] | None = None


def built() -> tuple[str, Path]:
    """Build once per content of the engine, its rules, the examples and Pyodide (cached in build/)."""
    global _memo
    require_runtime()
    key = _sources_hash()
    if _memo and _memo[0] == key:
        return _memo
    folder = CACHE / key
    if not (folder / "pyodide-lock.json").exists():
        build_into(folder)
    _memo = (key, folder)
    return _memo


def build_into(folder: Path) -> None:
    pyodide_version()
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PIP_NO_INPUT="1")
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(tmp / "plain"),
                str(ROOT),
            ],
            env,
        )
        shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)  # setuptools' in-tree leftovers
        wheel = next((tmp / "plain").glob("*.whl"))
        _lock(pyodide_cli, wheel, tmp / "plain", env)
        out = tmp / "out"
        out.mkdir()
        cases = tmp / "cases.json"
        cases.write_text(json.dumps(_example_cases(), ensure_ascii=False), encoding="utf-8")
        run(
            [
                "node",
                str(ROOT / "scripts" / "pyodide" / "precompile.mjs"),
                str(tmp / "plain"),
                str(cases),
                str(out / "python_stdlib.zip"),
                str(out / wheel.name),
            ],
            env,
        )
        _lock(pyodide_cli, out / wheel.name, out, env)
        for path in list(out.iterdir()):
            if path.suffix in (".zip", ".json"):
                compressed_copies(path)
        # Put in place at once: `built` takes a folder with a lockfile as complete.
        with made_in_place(folder) as partial:
            shutil.copytree(out, partial)


def _lock(pyodide_cli: Path, wheel: Path, folder: Path, env: dict) -> None:
    """pyodide-lock.json in `folder` registering `wheel` alone (Pyodide's own packages are not shipped)."""
    run(
        [
            str(pyodide_cli),
            "lockfile",
            "add-wheels",
            "--input",
            str(NODE_PYODIDE / "pyodide-lock.json"),
            "--output",
            str(folder / "pyodide-lock.json"),
            "--base-path",
            str(folder),
            str(wheel),
        ],
        env,
    )
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
    # Not the roster's modules: they are not in this wheel (roster_assets.py builds theirs).
    files = (
        sorted(
            p
            for p in (ROOT / "calculator").rglob("*.py")
            if not p.relative_to(ROOT / "calculator").as_posix().startswith("roster")
        )
        + sorted((ROOT / "policy_src").rglob("cases/*.yaml"))
        + [
            ROOT / "pyproject.toml",
            NODE_PYODIDE / "pyodide-lock.json",
            ROOT / "scripts" / "pyodide" / "precompile.mjs",
            Path(__file__),
            *SNAPSHOT_SCRIPTS,
        ]
    )
    for path in files:
        name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else f"node_modules/pyodide/{path.name}"
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]

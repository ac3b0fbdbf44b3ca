"""The roster page's Python, written into the built site beside the calculator's runtime.

Only the roster page (`/<year>/roster/`) loads it; the calculator's first visit never does,
and the service worker does not fetch it at install (offline.py: it is cached when the roster
page first asks for it). `assets/roster-engine/<hash>/` (content-addressed) holds:

- the roster's wheel: calculator/roster/, the page's entry module (scripts/pyodide/
  roster_browser.py) and the standard-library modules that the roster imports and the
  calculator's trimmed library leaves out, all precompiled by Pyodide's own Python
  (scripts/pyodide/precompile_roster.mjs). The page reuses the calculator's Pyodide, its
  trimmed standard library and its wheel (cached already for a reader of the calculator):
  a second, larger standard library would cost the page ~0.8 MB more;
- python-calamine's Pyodide wheel as PyPI publishes it (its sha256 is PyPI's), under a file
  name whose wheel tag the lockfile accepts (see `PINS`);
- XlsxWriter's wheel, with a .pyc in place of each module: as PyPI publishes it, its import
  compiles ~60 modules (0.9-1.4 s under Pyodide in Node, against 0.05-0.07 s precompiled),
  for 100 kB less over the wire (brotli: 123 kB as .py, 223 kB as .pyc, 335 kB with both);
- roster-lock.json: those three and the calculator's wheel, registered by pyodide-build's
  `pyodide lockfile add-wheels` (sha256 checked by Pyodide when it loads them). The page
  carries it inline and points the calculator's entry at the calculator's own folder.

Beside them, placed at build time but not part of the cached folder (see `SNAPSHOT`),
roster.snapshot: the page's started interpreter, which the worker restores instead of starting
Python when it arrives in time (scripts/pyodide/roster_snapshot.mjs).

The page is ready once Pyodide and the roster's wheel are in; the worker loads calamine only
when a spreadsheet is chosen and XlsxWriter only when an .xlsx export is asked for
(docs/assets/roster/worker.js): a CSV's check needs neither, and in WebKit compiling
calamine's side module alone takes 2-3 s.

The two libraries are downloaded at build time with pip from PyPI into build/roster/wheels/
(pinned by version and sha256; once there, the build is offline), never at run time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import calculator_assets as C
from .build_files import AssetsError, copy_if_changed, made_in_place, run, shown
from .chinese import SCRIPTS, to_script

ROOT = C.ROOT
PACKAGE = "alxa-ce-roster"
ENTRY = "alxa_ce_roster_browser"  # the module the page's worker imports
ENTRY_SOURCE = ROOT / "calculator" / "roster_browser.py"  # shipped under ENTRY's name
LOCK = "roster-lock.json"
FOLDER = "assets/roster-engine"
# A memory snapshot of the page's started interpreter (scripts/pyodide/roster_snapshot.mjs),
# placed beside the wheels at build time. Not part of the folder's cached build: its bytes differ
# from one making to the next (libc's random state), so it is made once per content of the files
# it is made from and kept in CACHE/snapshot/ (as the calculator keeps its own).
SNAPSHOT = "roster.snapshot"
SNAPSHOT_SCRIPTS = (
    ROOT / "scripts" / "pyodide" / "roster_snapshot.mjs",
    ROOT / "docs" / "assets" / "calculator" / "snapshot-restore.js",
)


@dataclass(frozen=True)
class Pin:
    requirement: str
    file: str  # as PyPI names it
    sha256: str  # PyPI's
    pip_args: tuple[str, ...] = ()
    # pip's options given as its environment variables (PIP_<OPTION>), beside `pip_args`.
    pip_env: tuple[tuple[str, str], ...] = ()
    # The name the lockfile is given. pyodide-lock 0.2.1 accepts a Pyodide wheel only under
    # the lock's own wheel tag (emscripten_5_0_3_wasm32, pyodide-lock.json's "info"), while
    # PyPI names Pyodide 314's wheels by their ABI (pyemscripten_2026_0_wasm32, PEP 783): the
    # same target. Only the copy's name changes; its bytes, and so its sha256, are PyPI's.
    lock_file: str | None = None


# Pyodide's wheel for pip to choose, as pip's environment variables (the same as its options
# --only-binary, --python-version, --implementation, --abi and the target's tag).
PYODIDE_TARGET = (
    ("PIP_ONLY_BINARY", ":all:"),
    ("PIP_PLATFORM", "pyemscripten_2026_0_wasm32"),
    ("PIP_PYTHON_VERSION", "3.14"),
    ("PIP_IMPLEMENTATION", "cp"),
    ("PIP_ABI", "cp314"),
)
PINS = (
    Pin(
        "python-calamine==0.9.1",
        "python_calamine-0.9.1-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
        "1f9a2f99d65f4cc647f3fc57ff80a2bb492bf8ce66a637b67064d1663697ae21",
        pip_env=PYODIDE_TARGET,
        lock_file="python_calamine-0.9.1-cp314-cp314-emscripten_5_0_3_wasm32.whl",
    ),
    Pin(
        "XlsxWriter==3.3.1",
        "xlsxwriter-3.3.1-py3-none-any.whl",
        "8e2c89e59d733fe59e112317218c64fbbc276d90a8c144ebd6f7fa15e7ab184a",
        ("--only-binary=:all:",),
    ),
)
# Beside the calculator's cache, not inside it: a build from a clean calculator cache (a test)
# reuses these. ROSTER_CACHE moves it elsewhere.
CACHE = Path(os.environ.get("ROSTER_CACHE") or ROOT / "build" / "roster").resolve()
WHEELS = CACHE / "wheels"  # what pip downloaded, checked


def folder_path() -> str:
    return f"{FOLDER}/{_built()[0]}/"


def inline_lock() -> str:
    return (_built()[1] / LOCK).read_text(encoding="utf-8")


def wheel_files(libraries: bool = False) -> list[Path]:
    """What the roster page downloads beyond the calculator's files before it is ready: the
    roster's own wheel. With `libraries`, python-calamine's and XlsxWriter's wheels instead,
    which the page fetches only once a spreadsheet is chosen or an .xlsx export is asked for."""
    folder = _built()[1]
    lock = json.loads((folder / LOCK).read_text(encoding="utf-8"))
    return [
        folder / entry["file_name"]
        for name, entry in sorted(lock["packages"].items())
        if name != C.PACKAGE and (name != PACKAGE) == libraries
    ]


def prepare() -> None:
    _built()
    _snapshot()


def build(site_root: Path) -> Path:
    """Write the roster's folder under `site_root` (earlier builds' folders removed)."""
    key, folder = _built()
    target = site_root / folder_path()
    if target.parent.exists():
        for stale in target.parent.iterdir():
            if stale.name != key:
                shutil.rmtree(stale)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            (target / path.relative_to(folder)).parent.mkdir(parents=True, exist_ok=True)
            copy_if_changed(path, target / path.relative_to(folder))
    _place_snapshot(site_root, target)
    return target


def _place_snapshot(site_root: Path, target: Path) -> None:
    """The snapshot and its .br and .gz into the roster's folder, once the files it was made
    from are checked to be exactly the ones served (a snapshot restores only with those)."""
    made = _snapshot()
    manifest = json.loads((made / f"{SNAPSHOT}.json").read_text(encoding="utf-8"))
    for name, sha256 in manifest["files"].items():
        folder = (
            site_root / C.runtime_path()
            if name in C.CORE_FILES
            else target
            if name.startswith("alxa_ce_roster-")
            else site_root / C.calculator_path()
        )
        served = folder / name
        if not served.is_file() or _sha256(served) != sha256:
            raise AssetsError(
                f"批量自查的記憶體快照不是用網站上的 {shown(served)} 做的；請刪除 {shown(made)} 後重新建置。"
            )
    for suffix in ("", ".br", ".gz"):
        copy_if_changed(made / (SNAPSHOT + suffix), target / (SNAPSHOT + suffix))


def _snapshot() -> Path:
    """The memory snapshot for the roster folder `_built` gives, made once per content of
    Pyodide's core files, the calculator's standard library and wheel, the roster's lockfile and
    wheel, and the scripts that make it (calculator_assets.cached_snapshot)."""
    _, folder = _built()
    calculator_folder = C.built()[1]
    lock = json.loads((folder / LOCK).read_text(encoding="utf-8"))
    inputs = [C.NODE_PYODIDE / name for name in C.CORE_FILES] + [
        calculator_folder / "python_stdlib.zip",
        calculator_folder / C.wheel_name(),
        folder / LOCK,
        folder / lock["packages"][PACKAGE]["file_name"],
        *SNAPSHOT_SCRIPTS,
    ]

    def make(path: Path) -> str:  # the script prints the manifest
        return _run_node(
            [
                str(SNAPSHOT_SCRIPTS[0]),
                str(C.NODE_PYODIDE) + os.sep,
                str(calculator_folder) + os.sep,
                str(folder) + os.sep,
                str(path),
                json.dumps(compiled_years()),
            ],
            dict(os.environ),
            "roster_snapshot.mjs",
        )

    return C.cached_snapshot(inputs, json.dumps(compiled_years()).encode(), make, SNAPSHOT)


_memo: tuple[str, Path] | None = None


def _built() -> tuple[str, Path]:
    global _memo
    calculator_key = C.built()[0]
    key = _sources_hash(calculator_key)
    if _memo and _memo[0] == key:
        return _memo
    folder = CACHE / key
    if not (folder / LOCK).exists():
        _build_into(folder)
    _memo = (key, folder)
    return _memo


def downloaded() -> dict[str, Path]:
    """The pinned wheels in build/, downloaded by pip when missing, each checked by sha256."""
    WHEELS.mkdir(parents=True, exist_ok=True)
    out = {}
    for pin in PINS:
        path = WHEELS / pin.file
        if not (path.is_file() and _sha256(path) == pin.sha256):
            with tempfile.TemporaryDirectory() as tmp:
                requirements = Path(tmp) / "requirements.txt"
                requirements.write_text(f"{pin.requirement} --hash=sha256:{pin.sha256}\n", encoding="utf-8")
                run(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "download",
                        "--quiet",
                        "--no-deps",
                        "--require-hashes",
                        *pin.pip_args,
                        "--dest",
                        tmp,
                        "-r",
                        str(requirements),
                    ],
                    dict(os.environ, PIP_NO_INPUT="1", **dict(pin.pip_env)),
                )
                got = Path(tmp) / pin.file
                if not got.is_file() or _sha256(got) != pin.sha256:
                    raise AssetsError(f"pip 下載的 {pin.file} 與鎖定的 sha256 不符")
                shutil.copyfile(got, path)
        out[pin.requirement.split("==")[0].lower()] = path
    return out


def _build_into(folder: Path) -> None:
    wheels = downloaded()
    calculator_folder = C.built()[1]
    calculator_wheel = calculator_folder / C.wheel_name()
    env = dict(os.environ, SOURCE_DATE_EPOCH=C.SOURCE_DATE_EPOCH, PIP_NO_INPUT="1")
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        staged, out = tmp / "plain", tmp / "out"
        staged.mkdir()
        out.mkdir()
        shutil.copyfile(calculator_wheel, staged / calculator_wheel.name)
        calamine = _lock_copy(wheels["python-calamine"], staged)
        shutil.copyfile(wheels["xlsxwriter"], staged / wheels["xlsxwriter"].name)
        _plain_wheel(staged)
        _lock(pyodide_cli, staged, sorted(staged.glob("*.whl")), env)
        _run_node(
            [
                str(ROOT / "scripts" / "pyodide" / "precompile_roster.mjs"),
                str(staged),
                str(calculator_folder / "python_stdlib.zip"),
                str(out),
                json.dumps(compiled_years()),
            ],
            env,
        )
        shutil.copyfile(calamine, out / calamine.name)
        shutil.copyfile(calculator_wheel, out / calculator_wheel.name)  # for add-wheels; not shipped from here
        _lock(pyodide_cli, out, sorted(out.glob("*.whl")), env)
        (out / calculator_wheel.name).unlink()
        for path in out.glob("*.whl"):
            C.compressed_copies(path)
        _write_templates(out)
        with made_in_place(folder) as partial:
            shutil.copytree(out, partial)


TEMPLATE_KINDS = ("xlsx", "csv")


def template_name(notice: int, kind: str, script: str = "hant") -> str:
    """A template's file name, in `script`: its name in the roster's folder and the name a
    download gets."""
    return to_script(f"{notice}年度花名冊模板.{kind}", script)


def templates(notice: int) -> dict[str, tuple[str, str]]:
    """The year's roster templates: kind -> (path in the roster's folder, the name a download
    gets), as the page writes them, in Traditional; empty for a year that calculator/generated/
    has no rules for (a site built from another policy_src/ in a test).

    Each template is in the folder twice, once in each script, each under its own name in that
    script. A page is written in Traditional and converted to its script as a whole, its links
    included (site_builder.build), by the converter that named the Simplified files: so the
    Simplified site (/) links the Simplified templates, and /zh-hant/ the Traditional ones."""
    folder = _built()[1]
    out = {kind: (f"templates/{template_name(notice, kind)}", template_name(notice, kind)) for kind in TEMPLATE_KINDS}
    written = all(
        (folder / "templates" / template_name(notice, kind, script)).is_file()
        for kind in TEMPLATE_KINDS
        for script in SCRIPTS
    )
    return out if written else {}


def compiled_years() -> list[int]:
    """The notices whose rules the wheels carry: those compiled into calculator/generated/,
    which a draft in policy_src/ that `make check-year` compiles elsewhere is not yet."""
    return sorted(
        int(path.stem.removeprefix("notice_")) for path in (ROOT / "calculator" / "generated").glob("notice_*.py")
    )


def _write_templates(folder: Path) -> None:
    """Made at build time, by the same code as `roster.template_*` in the page's worker: the
    officer can download one at once, before (or without) the page's Python, and offline."""
    from calculator import roster

    (folder / "templates").mkdir()
    for notice in compiled_years():
        for kind in TEMPLATE_KINDS:
            make = roster.template_xlsx if kind == "xlsx" else roster.template_csv
            for script in SCRIPTS:
                try:
                    data = make(notice, script)
                except KeyError:  # a year without compiled rules
                    continue
                (folder / "templates" / template_name(notice, kind, script)).write_bytes(
                    _dated(data) if kind == "xlsx" else data
                )


def _dated(xlsx: bytes) -> bytes:
    """The workbook with a fixed creation date: XlsxWriter stamps the time it was written into
    docProps/core.xml, and the same sources must give the same bytes (a content-addressed
    folder, the service worker's version). Its zip entries are dated 1980 already."""
    import io
    import re

    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>1980-01-01T00:00:00Z", data)
            target.writestr(info, data)
    return out.getvalue()


def _lock_copy(wheel: Path, folder: Path) -> Path:
    pin = next(p for p in PINS if p.file == wheel.name)
    target = folder / (pin.lock_file or pin.file)
    shutil.copyfile(wheel, target)
    return target


def _plain_wheel(folder: Path) -> Path:
    """The roster's modules and the page's entry module as a wheel (no .pyc yet). No
    Requires-Dist: the page loads python-calamine and XlsxWriter itself, after the entry
    module has made the extra standard-library modules importable (calamine's loading needs
    them)."""
    version = _version()
    files = {
        f"calculator/{p.relative_to(ROOT / 'calculator').as_posix()}": p.read_bytes()
        for p in sorted((ROOT / "calculator" / "roster").rglob("*.py"))
    }
    files[f"{ENTRY}.py"] = ENTRY_SOURCE.read_bytes()
    info = f"alxa_ce_roster-{version}.dist-info"
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {version}\n"
        "Summary: The unit's roster (batch check) for the browser page\n"
    ).encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: roster_assets\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/top_level.txt"] = f"calculator\n{ENTRY}\n".encode()
    record = f"{info}/RECORD"
    rows = [
        f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}"
        for n, d in sorted(files.items())
    ]
    files[record] = ("\n".join(rows + [f"{record},,"]) + "\n").encode()
    target = folder / f"alxa_ce_roster-{version}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as whl:
        for name in sorted(files):
            whl.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), files[name])
    return target


def _version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _lock(pyodide_cli: Path, folder: Path, wheels: list[Path], env: dict) -> None:
    """LOCK in `folder` registering `wheels` alone (Pyodide's own packages are not shipped)."""
    target = folder / ("pyodide-lock.json" if folder.name == "plain" else LOCK)
    run(
        [
            str(pyodide_cli),
            "lockfile",
            "add-wheels",
            "--input",
            str(C.NODE_PYODIDE / "pyodide-lock.json"),
            "--output",
            str(target),
            "--base-path",
            str(folder),
            *map(str, wheels),
        ],
        env,
    )
    lock = json.loads(target.read_text(encoding="utf-8"))
    names = {_name_of(w) for w in wheels}
    lock["packages"] = {k: v for k, v in lock["packages"].items() if k in names}
    target.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _name_of(wheel: Path) -> str:
    return wheel.name.split("-")[0].lower().replace("_", "-")


def _run_node(args: list[str], env: dict, script: str = "precompile_roster.mjs") -> str:
    done = subprocess.run(["node", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        lines = (done.stdout + "\n" + done.stderr).strip().split("\n")[-25:]
        raise AssetsError(f"{script} 失敗：\n" + "\n".join(line[:300] for line in lines))
    return done.stdout


def _sources_hash(calculator_key: str) -> str:
    digest = hashlib.sha256(calculator_key.encode())
    files = sorted((ROOT / "calculator" / "roster").rglob("*.py")) + [
        ENTRY_SOURCE,
        ROOT / "scripts" / "pyodide" / "precompile_roster.mjs",
        ROOT / "pyproject.toml",
        Path(__file__),
    ]
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    for pin in PINS:
        digest.update(f"{pin.file} {pin.sha256} {pin.lock_file}".encode())
    return digest.hexdigest()[:12]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

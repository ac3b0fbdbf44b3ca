"""The build (scripts/build_site.py, as `make site` runs it): strict (a broken link stops
it), never half-built (a failed or killed build leaves the previous site whole and the same),
right on its first run (the download the calculator page states), and a message, not a
traceback, when Pyodide is missing."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT
from site_build import build_command, build_site, configs_for
from years import latest

from site_builder import calculator_assets


def snapshot(site: Path) -> dict[str, str]:
    """Every file of the site, by path, with its content's hash."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.glob(f"{site.name}.*"))


# The newest published year: its FAQ is the one broken below, its pages are the home page's.
LATEST = latest()


def with_broken_faq(tmp_path: Path) -> Path:
    """A copy of policy_src/ whose FAQ (the newest year's) cites a clause that does not exist."""
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    faq = src / str(LATEST) / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("[[1.2]]", "[[9.9]]", 1), encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A whole site built once, and what it holds: the builds below must leave it so."""
    site = tmp_path_factory.mktemp("published") / "site"
    run = build_site(site)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("\n") <= 5, "a line per step"
    # The service worker is written once the Traditional build is there, and lists it.
    worker = (site / "sw.js").read_text(encoding="utf-8")
    pages = [p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html") if p.parent != site]
    assert any(p.startswith(f"zh-hant/{LATEST}/") for p in pages)
    assert all(f'"{p}"' in worker for p in pages), [p for p in pages if f'"{p}"' not in worker]
    return site, snapshot(site)


def append_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + line + "\n", encoding="utf-8")


@pytest.mark.parametrize("where", ["docs page", "policy_src page"])
def test_a_broken_link_stops_the_build(tmp_path, where):
    """MkDocs only warns about a link to a missing page: the build must still fail."""
    docs, src = ROOT / "docs", ROOT / "policy_src"
    if where == "docs page":
        docs = tmp_path / "docs"
        shutil.copytree(ROOT / "docs", docs)
        append_line(docs / "authoring.md", "另見[某頁](../nonexistent.md)。")
    else:
        src = tmp_path / "policy_src"
        shutil.copytree(ROOT / "policy_src", src)
        append_line(src / str(LATEST) / "faq.md", "另見[某頁](../nonexistent.md)。")
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src, docs))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "nonexistent.md" in run.stderr and "strict" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists() and not leftovers(tmp_path / "site")


def test_a_clause_that_does_not_exist_stops_the_build_naming_the_line(tmp_path):
    src = with_broken_faq(tmp_path)
    line = next(
        n
        for n, text in enumerate((src / str(LATEST) / "faq.md").read_text(encoding="utf-8").split("\n"), 1)
        if "[[9.9]]" in text
    )
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src))
    assert run.returncode == 1
    assert f"faq.md:{line}: 引用的條款 9.9 在 {LATEST} 年度通知中不存在" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_failing_second_build_leaves_the_previous_site_whole(published, tmp_path):
    site, before = published
    _, hant = configs_for(tmp_path, with_broken_faq(tmp_path))
    run = build_site(site, ROOT / "mkdocs.yml", hant)
    assert run.returncode == 1
    assert run.stdout.startswith("計算器執行環境") and "简体" in run.stdout, "the first build did run"
    assert "9.9" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(site) == before
    assert not leftovers(site)


def interrupt_during_the_second_build(site: Path, signum: int) -> subprocess.CompletedProcess:
    build = subprocess.Popen(build_command(site), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in build.stdout:  # a line per step: the Simplified build is done, the Traditional under way
        lines.append(line)
        if line.startswith("简体"):
            break
    build.send_signal(signum)
    out, err = build.communicate(timeout=120)
    assert not any(line.startswith("繁體") for line in lines + out.split("\n")), "interrupted before the end"
    return subprocess.CompletedProcess(build.args, build.returncode, "".join(lines) + out, err)


def test_an_interrupted_build_leaves_the_previous_site_whole(published, tmp_path):
    site, before = published
    stopped = interrupt_during_the_second_build(site, signal.SIGTERM)
    assert stopped.returncode != 0 and "Traceback" not in stopped.stderr
    assert snapshot(site) == before
    assert not leftovers(site), "a stopped build removes its own folder"

    killed = interrupt_during_the_second_build(site, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    assert snapshot(site) == before
    assert leftovers(site), "a killed build cannot clean up"
    # The next build, even one that fails at once, removes what a killed one left.
    run = build_site(site, tmp_path / "missing.yml", tmp_path / "missing.hant.yml")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert not leftovers(site)
    assert snapshot(site) == before


def test_the_first_build_states_the_download_it_ships(tmp_path):
    """From a cache with no compressed copies yet (as after `make clean`), the calculator
    page says what a first visit downloads: the .br copies the site ships of the runtime's
    files, the others (the wheel) as they are. The engine's own folder is copied into the
    cache: it is not what the page measures, and takes minutes to make. Slow (≈ 1–2 min:
    brotli at quality 11 of Pyodide's 9.6 MB wasm)."""
    key, folder = calculator_assets.built()
    cache = tmp_path / "cache"
    shutil.copytree(folder, cache / key)
    site = tmp_path / "site"
    run = build_site(site, env={"CALCULATOR_CACHE": str(cache)})
    assert run.returncode == 0, run.stderr
    runtime = site / calculator_assets.runtime_path()
    (engine,) = (site / "assets" / "engine").iterdir()  # not always `key`: others may edit the engine meanwhile
    fetched = [
        runtime / "pyodide.mjs",
        runtime / "pyodide.asm.mjs",
        runtime / "pyodide.asm.wasm",
        engine / "python_stdlib.zip",
        *engine.glob("*.whl"),
    ]
    served = [p.with_name(p.name + ".br") if p.with_name(p.name + ".br").exists() else p for p in fetched]
    assert served[2].name == "pyodide.asm.wasm.br"
    megabytes = str(round(sum(p.stat().st_size for p in served) / 1e6, 1))
    pages = sorted(site.glob("**/calculator/index.html"))
    assert len(pages) >= 2
    for page in pages:
        said = set(re.findall(r"下[载載][约約] ([0-9.]+) MB", html.unescape(page.read_text(encoding="utf-8"))))
        assert said == {megabytes}, page


def test_a_missing_pyodide_says_what_to_run(tmp_path):
    env = {"PYODIDE_DIR": str(tmp_path / "node_modules" / "pyodide")}
    run = build_site(tmp_path / "site", env=env)
    assert run.returncode == 1
    assert "Pyodide" in run.stderr and "npm ci" in run.stderr and "make site" in run.stderr
    assert "Traceback" not in run.stderr and "FileNotFoundError" not in run.stderr
    assert not (tmp_path / "site").exists()
    # MkDocs alone (through the hook) says the same.
    direct = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "direct")],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert direct.returncode != 0
    assert "npm ci" in direct.stderr and "Traceback" not in direct.stderr


def test_a_partly_installed_pyodide_names_what_is_missing(tmp_path, monkeypatch):
    partial = tmp_path / "pyodide"
    shutil.copytree(
        calculator_assets.NODE_PYODIDE, partial, ignore=shutil.ignore_patterns("*.wasm", "*.whl", "*.zip", "*.tar")
    )
    monkeypatch.setattr(calculator_assets, "NODE_PYODIDE", partial)
    with pytest.raises(calculator_assets.AssetsError, match=r"(?s)缺少 pyodide\.asm\.wasm.*npm ci"):
        calculator_assets.build(tmp_path / "site")

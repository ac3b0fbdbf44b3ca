"""How soon the roster page (/<year>/roster/) is usable, in WebKit and in Chromium: the built
site served by Debian's nginx with deploy/nginx.conf on loopback, each visit in a freshly
started browser (a first visit: empty cache), the engines and the sites interleaved.

    make site && .venv/bin/python -m bench.roster_ready [--site site] [--runs 5] [--people 40]
    .venv/bin/python -m bench.roster_ready --site before=/tmp/before/site --site after=site

(An earlier tree to compare with: `git worktree add /tmp/before <commit>`, node_modules linked in,
then `.venv/bin/python /tmp/before/scripts/build_site.py --out /tmp/before/site`.)

WebKit is WebKitGTK (the engine of every iPhone browser) through Debian's `webkit2gtk-driver`
(WebKitWebDriver and its MiniBrowser) driven by Selenium; it needs a display, so without one
the script runs itself again under `xvfb-run` (Debian's xvfb). Chromium is Debian's, driven by
Playwright, with bench/browser.py's flags.

Each visit opens the page, waits until `#roster` says data-state "ready", chooses a small
roster (bench/roster_files.py: --people people, hours in year columns, as the
template has them, for the CSV; a 花名冊 and a 學習記錄 sheet for the .xlsx), and waits until its
table is shown (data-state "done"). Times are from the navigation's start (the page's own
clock: a MutationObserver on data-state, installed once the document is parsed), so the
drivers' own delays are not in them, except the step from "ready" to the file being chosen,
which `chosen → shown` (roster.js's marks) leaves out. Prints each visit, with the worker's
steps where the site marks them (roster-start, -snapshot or -python, -ready, -warm, -libraries,
-python-calamine-in), then min / median / max over the visits, per engine and site. Asserts
nothing: figures for the README.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench.browser import CHROMIUM_ARGS, free_port
from served_site import Nginx

ROOT = Path(__file__).resolve().parents[2]

WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
LIMIT_S = 180
# The page's clock, from the navigation's start: each data-state of #roster as it is set.
WATCH = """
const root = document.getElementById('roster');
const bench = window.__rosterBench = { states: [[root.dataset.state, performance.now()]], waiters: [] };
new MutationObserver(() => {
  bench.states.push([root.dataset.state, performance.now()]);
  for (const w of bench.waiters.splice(0)) w();
}).observe(root, { attributes: true, attributeFilter: ['data-state'] });
"""
# Calls `done` with [state, time] of the first of `states` the page reached (waiting for it if need be).
UNTIL = """(states, done) => {
  const bench = window.__rosterBench;
  const look = () => {
    const hit = bench.states.find(([state]) => states.includes(state));
    if (hit) done(hit);
    else bench.waiters.push(look);
  };
  look();
}"""
# The worker's steps, as roster.js marks them (a site built before they were marked has none).
PHASES = ("start", "snapshot", "python", "ready", "warm", "libraries", "python-calamine-in")
MARKS = """return Object.fromEntries(performance.getEntriesByType('mark')
  .filter((m) => m.name.startsWith('roster-')).map((m) => [m.name, m.startTime]));"""


class WebKit:
    """A new MiniBrowser (a new WebKitWebDriver session) per visit; its profile is ephemeral.
    Selenium's commands wait without limit, and a MiniBrowser that fails to start (seen once in
    a few hundred visits) leaves the driver waiting: a watchdog ends the driver and its browser
    after LIMIT_S, and the visit is tried again."""

    name = "WebKit"

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.service import Service

        options = webdriver.WebKitGTKOptions()
        options.page_load_strategy = "eager"  # back as soon as the document is parsed
        # The driver's own path: Selenium's manager, which would look for a driver online, stays unused.
        service = Service(executable_path=WEBKIT_DRIVER)
        self.watchdog = threading.Timer(LIMIT_S, lambda: service.process and _end_tree(service.process.pid))
        self.watchdog.start()
        self.driver = webdriver.WebKitGTK(options=options, service=service)
        self.driver.set_script_timeout(LIMIT_S)

    def open(self, url: str) -> None:
        self.driver.get(url)
        self.driver.execute_script(WATCH)

    def until(self, states: list[str]) -> list:
        return self.driver.execute_async_script(f"({UNTIL})(arguments[0], arguments[arguments.length - 1]);", states)

    def choose(self, path: Path) -> None:
        self.driver.find_element("css selector", "#roster-file").send_keys(str(path))

    def run(self, script: str):
        return self.driver.execute_script(script)

    def close(self) -> None:
        self.watchdog.cancel()
        with contextlib.suppress(Exception):  # ended by the watchdog
            self.driver.quit()


def _end_tree(pid: int) -> None:
    """Ends process `pid` and every process under it (the driver, its MiniBrowser and WebKit's
    own processes), by their ids."""
    parents = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    tree, grown = {pid}, True
    while grown:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    for each in tree:
        with contextlib.suppress(OSError):
            os.kill(each, signal.SIGKILL)


class Chromium:
    """A new Chromium process per visit (Playwright, Debian's chromium, no service worker held back)."""

    name = "Chromium"

    def __init__(self, playwright):
        self.browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        self.page = self.browser.new_page()
        self.page.set_default_timeout(LIMIT_S * 1000)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded")
        self.page.evaluate(f"() => {{ {WATCH} }}")

    def until(self, states: list[str]) -> list:
        return self.page.evaluate(f"(states) => new Promise((done) => ({UNTIL})(states, done))", states)

    def choose(self, path: Path) -> None:
        self.page.set_input_files("#roster-file", str(path))

    def run(self, script: str):
        return self.page.evaluate(f"() => {{ {script} }}")

    def close(self) -> None:
        self.browser.close()


def visit(browser, url: str, roster: Path) -> dict:
    """One first visit: ready, then `roster` chosen and its table shown."""
    try:
        browser.open(url)
        state, ready = browser.until(["ready", "failed"])
        if state != "ready":
            raise RuntimeError(
                f"{browser.name}: the page failed to start: {browser.run('return document.querySelector("#roster-status").textContent;')}"
            )
        browser.choose(roster)
        state, shown = browser.until(["done", "unreadable", "failed"])
        if state != "done":
            raise RuntimeError(
                f"{browser.name} {roster.name}: {browser.run('return document.querySelector("#roster-status").textContent;')}"
            )
        marks = browser.run(MARKS)
        phases = {name[len("roster-") :]: at for name, at in marks.items() if name[len("roster-") :] in PHASES}
        return {
            "ready": ready,
            "shown": shown,
            "chosen→shown": marks["roster-table-shown"] - marks["roster-file-chosen"],
            "phases": phases,
        }
    finally:
        browser.close()


def figures(values: list[float]) -> str:
    return f"{min(values) / 1000:.2f} / {statistics.median(values) / 1000:.2f} / {max(values) / 1000:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site",
        action="append",
        metavar="[LABEL=]SITE",
        help="a built site (make site); several, each as LABEL=PATH, are measured in turn (default: site)",
    )
    parser.add_argument("--runs", type=int, default=5, help="visits per engine, site and file kind")
    parser.add_argument("--people", type=int, default=40, help="people in the small roster")
    parser.add_argument("--engines", nargs="+", default=["webkit", "chromium"], choices=["webkit", "chromium"])
    args = parser.parse_args()
    if "webkit" in args.engines and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if not shutil.which("xvfb-run"):
            sys.exit("WebKit needs a display: install Debian's xvfb (apt-get install xvfb), or pass --engines chromium")
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, *sys.argv])
    if "webkit" in args.engines and not Path(WEBKIT_DRIVER).exists():
        sys.exit(f"{WEBKIT_DRIVER} is missing: apt-get install webkit2gtk-driver")

    from playwright.sync_api import sync_playwright

    from bench.roster_files import write_fixtures
    from notice_compiler import published_years

    # Stopped (timeout, kill): the nginx servers are still stopped and what was measured printed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sites = [(s.split("=", 1) if "=" in s else (s, s)) for s in (args.site or ["site"])]
    year = max(published_years())
    tmp = Path(tempfile.mkdtemp(prefix="bench-roster-ready-"))
    files = write_fixtures(tmp / "files", args.people, 10, year)
    rosters = {"CSV": files["columns_csv"], ".xlsx": files["xlsx"]}
    servers = {
        label: Nginx(Path(path).resolve(), free_port(), Path(tempfile.mkdtemp(dir=tmp))).start()
        for label, path in sites
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    webkit_version = (
        "WebKitGTK "
        + subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"], capture_output=True, text=True
        ).stdout.strip()
    )
    print(
        f"roster page readiness · {args.runs} fresh browsers per engine, site and file · {args.people} people · "
        f"{os.cpu_count()} CPUs, load average {load} · {webkit_version or 'no WebKit'}",
        flush=True,
    )
    got: dict[tuple[str, str, str], list[dict]] = {}
    try:
        with sync_playwright() as p:
            engines = {"webkit": WebKit, "chromium": lambda: Chromium(p)}
            for run in range(args.runs):
                for kind, roster in rosters.items():
                    for engine in args.engines:
                        for label, nginx in servers.items():
                            for _attempt in range(3):
                                try:
                                    browser = engines[engine]()
                                    one = visit(browser, f"{nginx.url}/{year}/roster/", roster)
                                    break
                                except Exception as error:  # a browser that did not start, or was ended
                                    print(f"  ({engine} {label} {kind}: {str(error).strip()[:120]}; again)", flush=True)
                            else:
                                raise RuntimeError(f"{engine} {label} {kind}: three visits in a row failed")
                            got.setdefault((browser.name, label, kind), []).append(one)
                            steps = ", ".join(
                                f"{k} {v / 1000:.2f}" for k, v in sorted(one["phases"].items(), key=lambda kv: kv[1])
                            )
                            print(
                                f"  run {run + 1} {browser.name:<8} {label:<8} {kind:<5}: ready {one['ready'] / 1000:.2f} s, "
                                f"shown {one['shown'] / 1000:.2f} s" + (f"  (worker: {steps})" if steps else ""),
                                flush=True,
                            )
    finally:
        for nginx in servers.values():
            nginx.stop()
        summarise(got, list(rosters))


def summarise(got: dict[tuple[str, str, str], list[dict]], kinds: list[str]) -> None:
    """Per engine and site: ready over all its visits, then each file kind's table shown."""
    if not got:
        return
    print("\nmin / median / max over the visits, from the navigation's start (chosen → shown: roster.js's marks)")
    for engine, label in dict.fromkeys((e, name) for e, name, _ in got):
        ready = [v["ready"] for (e, name, _), visits in got.items() if (e, name) == (engine, label) for v in visits]
        parts = [f"ready {figures(ready)}"]
        for kind in kinds:
            visits = got.get((engine, label, kind), [])
            if visits:
                parts.append(
                    f"{kind} shown {figures([v['shown'] for v in visits])} "
                    f"(chosen → shown {figures([v['chosen→shown'] for v in visits])})"
                )
        print(f"{engine:<8} {label:<8} " + "  ·  ".join(parts))


if __name__ == "__main__":
    main()

"""The roster page in headless Chromium (Debian's), against the built site served by Debian's
nginx with deploy/nginx.conf: bench/roster.py's files, 1,000 and 10,000 people with ten
records each, chosen on /<year>/roster/.

    make site && .venv/bin/python -m bench.roster_chromium [--site site] [--people 1000 10000]

`chromium_figures()` prints, for each size and kind (.xlsx with a 學習記錄 sheet; CSV with a
records file; CSV with hours in year columns, as the page's template has them), the median of
--runs fresh browsers:
- file chosen -> table shown (roster.js's marks `roster-file-chosen`, `roster-table-shown`),
  and within it when the worker's report arrived (`roster-report-received`);
- the page's peak JS heap (performance.memory, after the table is shown) and the renderer
  process's peak resident memory (VmHWM: the page and its worker, Pyodide's memory included);
then the roster page's download (nginx's access log, compressed bytes sent): on a first visit
of its own, after a visit of the calculator (what it adds to the calculator's), and the
calculator's first visit for comparison; the calculator's memory snapshot, fetched after its
first result for the next visit, is not counted in any of them. Asserts nothing: figures for the README and the notes.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import tempfile
import uuid
from pathlib import Path

from bench.browser import SNAPSHOT  # the calculator's snapshot is never the roster's download
from served_site import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]

READY = "() => document.querySelector('#roster')?.dataset.state === 'ready'"
DONE = "() => ['done', 'unreadable', 'failed'].includes(document.querySelector('#roster')?.dataset.state)"
LIMIT_MS = 300_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_resident_mb(tag: str) -> float:
    """The largest VmHWM (peak resident set) among the renderer processes of the browser whose
    command line carries `tag` (others may run Chromium on this machine too), in MB."""
    parents, lines = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parents[pid] = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
            lines[pid] = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
    root = next(pid for pid, line in lines.items() if tag.encode() in line and b"--type=" not in line)

    def under(pid):
        while pid in parents and pid != "1":
            if pid == root:
                return True
            pid = parents[pid]
        return False

    peak = 0
    for pid, line in lines.items():
        if b"--type=renderer" in line and under(pid):
            for row in Path(f"/proc/{pid}/status").read_text().splitlines():
                if row.startswith("VmHWM:"):
                    peak = max(peak, int(row.split()[1]))
    return peak / 1024


def _one_check(playwright, url: str, files: list[Path]) -> dict:
    """A fresh browser: the roster page, ready; the files chosen; the table shown."""
    tag = f"--bench-roster={uuid.uuid4().hex}"  # finds this browser's processes
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS + [tag])
    try:
        page = browser.new_context(service_workers="block").new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_function(READY, timeout=LIMIT_MS)
        if len(files) > 1:  # the records file first: choosing it alone starts nothing
            page.set_input_files("#roster-records", str(files[1]))
        page.set_input_files("#roster-file", str(files[0]))
        page.wait_for_function(DONE, timeout=LIMIT_MS)
        state = page.evaluate("() => document.querySelector('#roster').dataset.state")
        if state != "done":
            raise RuntimeError(f"{files[0].name}: the page said {page.locator('#roster-status').inner_text()}")
        marks = page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
            .filter((m) => m.name.startsWith('roster-')).map((m) => [m.name, m.startTime]))""")
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
        people = page.evaluate("() => Number(document.querySelector('.roster-total').dataset.count)")
        return {
            "shown": marks["roster-table-shown"] - marks["roster-file-chosen"],
            "report": marks["roster-report-received"] - marks["roster-file-chosen"],
            "heap_mb": heap / 1e6,
            "rss_mb": _peak_resident_mb(tag),
            "people": people,
        }
    finally:
        browser.close()


def _bytes_after(
    playwright, first: str, first_ready: str, then: str, then_ready: str, nginx, first_settled: str | None = None
) -> int:
    """Compressed bytes sent for the page `then`, visited after `first` in the same browser
    (its cache warm, as for a reader who used the calculator before). The calculator fetches
    its memory snapshot for the next visit after its first result; that download is the
    calculator's, so `first_settled` waits for it and its bytes are never counted here."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    try:
        page = browser.new_context(service_workers="block").new_page()
        page.goto(first)
        page.wait_for_function(first_ready, timeout=LIMIT_MS)
        if first_settled:
            page.wait_for_function(first_settled, timeout=LIMIT_MS)
        page.wait_for_load_state("networkidle")
        before = nginx.bytes_sent(without=SNAPSHOT)
        page.goto(then)
        page.wait_for_function(then_ready, timeout=LIMIT_MS)
        page.wait_for_load_state("networkidle")
        return nginx.bytes_sent(without=SNAPSHOT) - before
    finally:
        browser.close()


def _visit_bytes(playwright, url: str, ready: str, nginx) -> int:
    """Compressed bytes of a first visit, without the memory snapshot that the calculator may
    begin to fetch for the next visit (as bench/browser.py counts a first visit)."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    try:
        page = browser.new_context(service_workers="block").new_page()
        before = nginx.bytes_sent(without=SNAPSHOT)
        page.goto(url)
        page.wait_for_function(ready, timeout=LIMIT_MS)
        page.wait_for_load_state("networkidle")
        return nginx.bytes_sent(without=SNAPSHOT) - before
    finally:
        browser.close()


def chromium_figures(site: Path, people: list[int], records: int = 10, runs: int = 3) -> None:
    """Prints the roster page's figures in Chromium (see the module's docstring)."""
    from playwright.sync_api import sync_playwright

    from bench.browser import SNAPSHOT_KEPT
    from bench.roster_files import write_fixtures
    from notice_compiler import published_years
    from served_site import Nginx

    year = max(published_years())
    tmp = Path(tempfile.mkdtemp(prefix="bench-roster-chromium-"))
    nginx = Nginx(site.resolve(), _free_port(), tmp).start()
    url = f"{nginx.url}/{year}/roster/"
    print(
        f"roster page · headless Chromium · Debian nginx (deploy/nginx.conf) · median of {runs} fresh browsers · {records} records a person"
    )
    try:
        with sync_playwright() as p:
            for n in people:
                paths = write_fixtures(tmp / "files", n, records, year)
                for kind, files in (
                    ("xlsx", [paths["xlsx"]]),
                    ("csv", [paths["csv"], paths["records_csv"]]),
                    ("year columns", [paths["columns_csv"]]),
                ):
                    got = [_one_check(p, url, files) for _ in range(runs)]
                    med = {key: statistics.median(g[key] for g in got) for key in got[0]}
                    print(
                        f"{n:>6,} people · {kind:<12}: file chosen -> table shown {med['shown'] / 1000:.2f} s "
                        f"(report from the worker at {med['report'] / 1000:.2f} s); page JS heap {med['heap_mb']:.0f} MB, "
                        f"renderer peak resident {med['rss_mb']:.0f} MB"
                    )
            calculator_url, result = (
                f"{nginx.url}/{year}/calculator/",
                "() => document.querySelector('#result[data-status]')",
            )
            roster_alone = _visit_bytes(p, url, READY, nginx)
            calculator = _visit_bytes(p, calculator_url, result, nginx)
            settled = SNAPSHOT_KEPT if any(site.glob("assets/engine/*/engine.snapshot")) else None
            after = _bytes_after(p, calculator_url, result, url, READY, nginx, settled)
        print(
            f"download (compressed bytes sent): roster page first visit {roster_alone / 1e6:.2f} MB; "
            f"calculator page first visit {calculator / 1e6:.2f} MB; the roster page after the calculator's: "
            f"{after / 1e3:.0f} kB more"
        )
    finally:
        nginx.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (make site)")
    parser.add_argument("--people", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--records", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    chromium_figures(args.site, args.people, args.records, args.runs)


if __name__ == "__main__":
    main()

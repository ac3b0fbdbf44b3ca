"""How fast the calculator is for a reader: headless Chromium against the built site served
by Debian's nginx with deploy/nginx.conf (compressed, cached as deployed).

    make site && .venv/bin/python -m bench.browser [--runs 3]

Prints, each the median of --runs fresh browser profiles:
- bare Pyodide start: an empty page that loads Pyodide's npm files as shipped (full stdlib,
  no compressed copies) and runs 1 + 1; and the same files given .br/.gz copies like ours;
- our time to first result on the calculator page, cold (empty cache, the service worker free to
  install, as on a reader's first visit) and "same-process warm" (a second visit in the same tab
  of the same browser process, answered by the service worker: Chromium may reuse the wasm it
  compiled in that process);
- "next-day warm", as a reader really returns: a persistent profile on disk, a first visit until
  the result shows and the service worker is active, then the browser closed and started again
  with the same profile (a new browser process, only what is on disk), and the time to the
  first result; for bare Pyodide the same (it has no service worker: the HTTP cache only);
  with the size of V8's wasm code cache that the first visit left on disk (`Code Cache/wasm`,
  for responses from the network or the HTTP cache; what a service worker's Cache Storage
  keeps beside its entries is not counted), and, where the site has a memory snapshot
  (`engine.snapshot` in the engine folder), its bytes and how many returns started from it;
- the same engine alone on an otherwise empty page (what the page's own work adds to);
- a first visit that starts on the home page: from the click on the calculator to its result;
- their ratios; the same under an emulated slow link (2 Mbps down, 150 ms latency, CDP);
- the median time from an input change to the updated result;
- when the calculator page reached each of its phases (engine.js's `calculator-*` marks);
- the compressed bytes of a first visit to the calculator (nginx's access log), and what the
  service worker then adds in the background to make the whole site work offline.
Asserts nothing: figures for the README and the issue notes.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import sys
import tempfile
from pathlib import Path

import served_site
from notice_compiler import published_years
from served_site import OFFLINE_READY, Nginx, emulate_link
from site_builder import calculator_assets

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM_ARGS = [
    *served_site.CHROMIUM_ARGS,
    # Headless Chromium 156 preloads its WebUI omnibox popup in a renderer of its own for
    # about one new window in three, 2.8–6.5 s of CPU on one of the two cores (traced),
    # while the measured page starts: noise that no reader's page competes with.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,OmniboxAimPopup",
]
BARE_HTML = (
    '<!doctype html><meta charset="utf-8"><title>bare Pyodide</title><script type="module" src="bare.mjs"></script>\n'
)
BARE_JS = """import { loadPyodide } from "./pyodide/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
pyodide.runPython("1 + 1");
performance.mark("pyodide-ready");
"""
# Our engine alone: the calculator page's own engine.js (same tag, same attributes) on an
# otherwise empty page, asked for one result as soon as it is ready. The floor that the
# calculator page's own work (Material, the form) adds to.
ENGINE_ONLY_JS = """const engine = window.calculatorEngine;
engine.started.then(async () => {
  const today = new Date().toISOString().slice(0, 10);
  await engine.check({ notice: NOTICE_YEAR, purpose: "annual", records: [] }, today, "hans");
  performance.mark("engine-first-result");
});
"""
SLOW_MEGABITS, SLOW_LATENCY_MS = 2, 150
# How the calculator's memory snapshot's address ends, and the calculator's mark once it is kept
# for the next visit (the first form of the snapshot).
SNAPSHOT = ".snapshot"
SNAPSHOT_KEPT = "() => performance.getEntriesByName('calculator-snapshot-cached').length > 0"


def bare_folder(tmp: Path, compressed: bool) -> Path:
    """Pyodide's npm files as shipped (optionally with .br/.gz copies, as ours have)."""
    folder = tmp / ("bare-compressed" if compressed else "bare")
    shutil.copytree(calculator_assets.NODE_PYODIDE, folder / "pyodide")
    (folder / "index.html").write_text(BARE_HTML)
    (folder / "bare.mjs").write_text(BARE_JS)
    if compressed:
        calculator_assets.compress_tree(folder)
    return folder


def engine_only_folder(tmp: Path, site: Path) -> Path:
    """An empty page at /__bench/engine-only/ with the calculator page's engine tag: its
    relative addresses (../../assets/…) resolve to the same files from there."""
    page = (site / calculator_path().strip("/") / "index.html").read_text(encoding="utf-8")
    tag = re.search(r'<script id="calculator-engine".*?</script>', page, re.S).group(0)
    folder = tmp / "engine-only"
    folder.mkdir()
    (folder / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>engine only</title>\n'
        f'{tag}\n<script src="engine-only.js"></script>\n',
        encoding="utf-8",
    )
    (folder / "engine-only.js").write_text(
        ENGINE_ONLY_JS.replace("NOTICE_YEAR", str(max(published_years()))), encoding="utf-8"
    )
    return folder


def visit(
    browser,
    url: str,
    mark: str,
    slow: bool,
    nginx: Nginx,
    warm: bool,
    service_worker: bool = True,
    until_offline: bool = False,
) -> dict:
    """A visit by a new reader; `service_worker`: let the site's service worker install, as it
    does for a reader (turned off only to count the calculator's own bytes apart from its copy)."""
    context = browser.new_context(service_workers="allow" if service_worker else "block")
    page = context.new_page()
    if slow:  # (checked: Pyodide's 2.7 MB of wasm then takes ~11 s in the worker, as 2 Mbps predicts)
        emulate_link(context, page, SLOW_MEGABITS, SLOW_LATENCY_MS)
    before, snapshot_before = nginx.bytes_sent(), nginx.bytes_sent(SNAPSHOT)
    page.goto(url)
    first = wait_mark(page, mark)
    sent = nginx.bytes_sent() - before
    out = {"cold": first, "bytes": sent, "phases cold": phases(page)}
    if warm:
        if page.locator('meta[name="alxa-service-worker"]').count():
            page.wait_for_function(OFFLINE_READY, timeout=300_000)  # a second visit, the next day
        page.goto("about:blank")
        page.goto(url)
        out["warm"] = wait_mark(page, mark)
        out["phases warm"] = phases(page)
        if mark == "calculator-first-result":
            out["input"] = input_latencies(page)
    if until_offline:
        page.wait_for_function(OFFLINE_READY, timeout=300_000)
        out["snapshot"] = nginx.bytes_sent(SNAPSHOT) - snapshot_before
        out["total"] = nginx.bytes_sent() - before - out["snapshot"]
    context.close()
    return out


def dir_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0


def next_day(p, url: str, mark: str, tmp: Path, linger_ms: int = 0, settled: str | None = None, days: int = 1) -> dict:
    """A reader who comes back another day: a persistent profile on disk; the first visit until
    the result shows and the service worker (where the page has one) is active; the browser
    closed; then a new browser process on the same profile opens the page again. `linger_ms`:
    how long the reader stays on the page after that (0: closed at once, as the issue measured);
    `settled`: a JS predicate that the first visit waits for as well, before the close
    (e.g. a background download done); `days`: how many returns, each in a new browser process."""
    profile = Path(tempfile.mkdtemp(dir=tmp, prefix="profile-"))

    def launch():
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path="/usr/bin/chromium",
            args=CHROMIUM_ARGS,
            headless=True,
            service_workers="allow",
        )
        return context, (context.pages[0] if context.pages else context.new_page())

    context, page = launch()
    page.goto(url)
    first = wait_mark(page, mark)
    if page.locator('meta[name="alxa-service-worker"]').count():
        page.wait_for_function(OFFLINE_READY, timeout=300_000)
    if settled:
        page.wait_for_function(settled, timeout=300_000)
    if linger_ms:
        page.wait_for_timeout(linger_ms)
    context.close()  # the whole browser: its process ends, what it keeps is on disk
    out = {"first": first, "wasm code cache": dir_bytes(profile / "Default" / "Code Cache" / "wasm")}
    for day in range(1, days + 1):
        context, page = launch()
        page.goto(url)
        key = "next day" if day == 1 else f"day {day + 1}"
        out[key], out[f"phases {key}"] = wait_mark(page, mark), phases(page)
        if linger_ms:
            page.wait_for_timeout(linger_ms)
        context.close()
    shutil.rmtree(profile, ignore_errors=True)
    return out


def wait_mark(page, name: str) -> float:
    page.wait_for_function(f"() => performance.getEntriesByName('{name}').length > 0", timeout=300_000)
    return page.evaluate(f"() => performance.getEntriesByName('{name}')[0].startTime")


def via_home_page(browser, url: str) -> float:
    """A first visit that starts on the home page, as most readers do: once the service worker
    has cached the site in the background, the calculator is opened from the home page's button.
    Here that is a whole page load answered by the service worker (the benchmark's port is not
    the SITE_URL the site was built for, so Material's instant navigation stands aside).
    Milliseconds from the click to the first result."""
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_function(OFFLINE_READY, timeout=300_000)
    # Times since the epoch: the click may load a new document, with its own time origin.
    clicked = page.evaluate("() => performance.timeOrigin + performance.now()")
    page.locator("a.md-button--primary", has_text="学时自查").first.click()  # the home page's button
    took = wait_mark(page, "calculator-first-result") + page.evaluate("() => performance.timeOrigin") - clicked
    context.close()
    return took


def phases(page) -> dict[str, float]:
    """The calculator page's own marks (engine.js): where the time to the first result went."""
    return page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
        .filter((m) => m.name.startsWith('calculator-')).map((m) => [m.name.replace('calculator-', ''), m.startTime]))""")


def calculator_path() -> str:
    """The latest published notice's calculator, the one the home page leads to."""
    return f"/{max(published_years())}/calculator/"


def input_latencies(page, changes: int = 15) -> list[float]:
    """Type hours into a record, one change at a time; time each until the result updates."""
    page.locator("#add-record").click()
    page.wait_for_timeout(300)
    return page.evaluate(
        """async (changes) => {
        const input = document.querySelector('#records [data-key="amount"]');
        const result = document.querySelector('#result');
        const times = [];
        for (let i = 1; i <= changes; i++) {
            const before = result.dataset.seq;
            const start = performance.now();
            input.value = String(i * 3);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            await new Promise((resolve) => {
                const watch = new MutationObserver(() => { if (result.dataset.seq !== before) { watch.disconnect(); resolve(); } });
                watch.observe(result, { attributes: true });
            });
            times.push(performance.now() - start);
        }
        return times;
    }""",
        changes,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--no-slow", action="store_true", help="skip the emulated slow link")
    parser.add_argument(
        "--linger",
        type=float,
        default=0,
        help="next-day warm: seconds the first visit stays open after the service worker is active",
    )
    args = parser.parse_args()
    calculator = calculator_path()
    if not (args.site / calculator.strip("/") / "index.html").exists():
        sys.exit("先執行 make site")
    from playwright.sync_api import sync_playwright

    snapshots = sorted(args.site.glob("assets/engine/*/engine.snapshot"))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        extra = "".join(
            f"    location /__bench/{name}/ {{ alias {bare_folder(tmp, compressed)}/; }}\n"
            for name, compressed in (("shipped", False), ("compressed", True))
        )
        extra += f"    location /__bench/engine-only/ {{ alias {engine_only_folder(tmp, args.site)}/; }}\n"
        nginx = Nginx(args.site, free_port(), tmp, extra=extra).start()
        rows: dict[str, list[float]] = {}
        phase_rows: dict[str, dict[str, list[float]]] = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for _ in range(args.runs):
                    for slow in [False] if args.no_slow else [False, True]:
                        tag = " (slow link)" if slow else ""
                        b = visit(browser, nginx.url + "/__bench/shipped/", "pyodide-ready", slow, nginx, warm=not slow)
                        z = visit(
                            browser, nginx.url + "/__bench/compressed/", "pyodide-ready", slow, nginx, warm=not slow
                        )
                        c = visit(
                            browser, nginx.url + calculator, "calculator-first-result", slow, nginx, warm=not slow
                        )
                        if not slow:
                            e = visit(
                                browser,
                                nginx.url + "/__bench/engine-only/",
                                "engine-first-result",
                                slow,
                                nginx,
                                warm=True,
                            )
                            rows.setdefault("engine-only cold", []).append(e["cold"])
                            rows.setdefault("engine-only warm", []).append(e["warm"])
                        for name, got in (("bare", b), ("bare.z", z), ("ours", c)):
                            rows.setdefault(f"{name} cold{tag}", []).append(got["cold"])
                            if not slow:
                                rows.setdefault(f"{name} warm", []).append(got["warm"])
                                if name != "ours":  # counted apart, below: the service worker installs
                                    rows.setdefault(f"bytes {name}", []).append(got["bytes"])
                        if not slow:
                            rows.setdefault("input", []).extend(c["input"])
                            for kind in ("cold", "warm"):  # "warm": same-process warm
                                for name, at in c[f"phases {kind}"].items():
                                    phase_rows.setdefault(kind, {}).setdefault(name, []).append(at)
                for _ in range(args.runs):
                    rows.setdefault("via home", []).append(via_home_page(browser, nginx.url))
                # Next-day visits: each its own browser process (two, one after the other), apart
                # from the shared browser above, which stays open meanwhile but idle.
                for _ in range(args.runs):
                    for name, url, mark in (
                        ("bare", "/__bench/shipped/", "pyodide-ready"),
                        ("bare.z", "/__bench/compressed/", "pyodide-ready"),
                        ("ours", calculator, "calculator-first-result"),
                    ):
                        # With a snapshot, the first visit also waits until it is kept (engine.js's mark).
                        settled = SNAPSHOT_KEPT if name == "ours" and snapshots else None
                        got = next_day(p, nginx.url + url, mark, tmp, args.linger * 1000, settled)
                        rows.setdefault(f"{name} next-day", []).append(got["next day"])
                        rows.setdefault(f"{name} code cache", []).append(got["wasm code cache"])
                        if name == "ours":
                            rows.setdefault("ours next-day from snapshot", []).append(
                                float("from-snapshot" in got["phases next day"])
                            )
                            for at_name, at in got["phases next day"].items():
                                phase_rows.setdefault("next-day warm", {}).setdefault(at_name, []).append(at)
                own = visit(
                    browser,
                    nginx.url + calculator,
                    "calculator-first-result",
                    False,
                    nginx,
                    warm=False,
                    service_worker=False,
                )
                rows["bytes ours"] = [own["bytes"]]
                sw = visit(
                    browser,
                    nginx.url + calculator,
                    "calculator-first-result",
                    False,
                    nginx,
                    warm=False,
                    until_offline=True,
                )
                browser.close()
        finally:
            nginx.stop()
    m = {k: statistics.median(v) for k, v in rows.items()}
    print(
        f"calculator benchmark · headless Chromium · Debian nginx (deploy/nginx.conf) · median of {args.runs} runs · Pyodide {calculator_assets.pyodide_version()}"
    )
    print(
        "| | bare Pyodide, as shipped | bare Pyodide, .br/.gz | our first result | ours ÷ bare as shipped | ours ÷ bare .br/.gz |"
    )
    print("|---|---:|---:|---:|---:|---:|")

    def row(label, key, base_key=None):
        base = m[f"bare {base_key or key}"], m[f"bare.z {base_key or key}"]
        print(
            f"| {label} | {m[f'bare {key}']:.0f} ms | {m[f'bare.z {key}']:.0f} ms | {m[f'ours {key}']:.0f} ms"
            f" | {m[f'ours {key}'] / base[0]:.2f} | {m[f'ours {key}'] / base[1]:.2f} |"
        )

    row("cold (empty cache)", "cold")
    row("same-process warm (same tab, same browser process); ratio to bare cold", "warm", "cold")
    row("next-day warm (browser restarted, same profile on disk); ratio to bare cold", "next-day", "cold")
    if "bare cold (slow link)" in m:
        row("cold, 2 Mbps / 150 ms (CDP)", "cold (slow link)")
    print(
        f"| first-visit transfer | {m['bytes bare'] / 1e6:.2f} MB | {m['bytes bare.z'] / 1e6:.2f} MB | {m['bytes ours'] / 1e6:.2f} MB | | |"
    )
    print(
        f"our engine alone on an empty page (same engine.js, no Material, no form): cold {m['engine-only cold']:.0f} ms"
        f" ({m['engine-only cold'] / m['bare cold']:.2f} of bare as shipped), warm {m['engine-only warm']:.0f} ms"
    )
    print(
        f"from the home page on a first visit, once the service worker has cached the site: click on 学时自查计算器"
        f" to first result {m['via home']:.0f} ms"
    )
    print(
        f"next-day warm: bare Pyodide (HTTP cache only) {m['bare next-day']:.0f} ms, ours {m['ours next-day']:.0f} ms"
        f" = {m['ours next-day'] / m['bare cold']:.2f} × bare cold; each run: "
        + ", ".join(f"{t:.0f}" for t in rows["ours next-day"])
        + " ms;"
        f" V8's wasm code cache on disk after the first visit (Code Cache/wasm): bare {m['bare code cache'] / 1e6:.1f} MB,"
        f" ours {m['ours code cache'] / 1e6:.1f} MB (ours is served by the service worker: its cache, if any, is"
        " Cache Storage's side data)"
    )
    print(f"input change to updated result: {m['input']:.1f} ms (median of {len(rows['input'])})")
    for kind, marks in phase_rows.items():
        at = sorted(((statistics.median(v), name) for name, v in marks.items()))
        label = "same-process warm" if kind == "warm" else kind
        print(f"our page's marks, {label} (ms from navigation): " + ", ".join(f"{name} {t:.0f}" for t, name in at))
    if snapshots:
        raw, br = snapshots[0].stat().st_size, snapshots[0].with_name("engine.snapshot.br")
        print(
            f"memory snapshot (fetched in the background after a first result, not counted in the first visit):"
            f" {raw / 1e6:.2f} MB as kept (zero pages left out), brotli {br.stat().st_size / 1e6 if br.exists() else float('nan'):.2f} MB;"
            f" next-day returns that started from it: {sum(rows['ours next-day from snapshot']):.0f} of {args.runs}"
        )
    extra = max(0, sw["total"] - m["bytes ours"])
    print(
        f"service worker, in the background on the first visit: {extra / 1e6:.2f} MB more, for the whole site offline"
        f" (the memory snapshot apart: {sw['snapshot'] / 1e6:.2f} MB fetched by the calculator's worker in that time)"
    )
    print(json.dumps({k: round(v, 1) for k, v in m.items()}))


if __name__ == "__main__":
    main()

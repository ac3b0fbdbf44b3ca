"""How fast the calculator is for a reader, in headless Chromium against the built site.

    make site && .venv/bin/python scripts/bench_browser.py [--runs 3]

Prints, each a median of --runs:
- bare Pyodide start: an empty page that loads the same self-hosted Pyodide and runs 1+1;
- time to first result on the calculator page (navigation start to the result shown);
- their ratio; the same again warm (HTTP cache filled by a first visit);
- the median time from an input change to the updated result;
- the bytes the calculator page transfers on a first visit (counted by the server).
Asserts nothing: figures for the README and the issue notes.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from site_builder import calculator_assets  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare</title><script type="module">
import {{ loadPyodide }} from "/{assets}pyodide.mjs";
const pyodide = await loadPyodide({{ indexURL: "/{assets}" }});
pyodide.runPython("1 + 1");
performance.mark("pyodide-ready");
</script>"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/, plus the bare page; counts the bytes it sends."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript"}
    sent = 0

    def do_GET(self):
        if self.path.startswith("/__bench/bare"):
            body = BARE_PAGE.format(assets=calculator_assets.assets_path()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            Handler.sent += len(body)
            return
        super().do_GET()

    def copyfile(self, source, outputfile):
        data = source.read()
        Handler.sent += len(data)
        outputfile.write(data)

    def end_headers(self):
        # Revalidated caching, as a plain static host does: a warm visit reuses the files.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args):
        pass


def mark(page, name: str, timeout: int = 120_000) -> float:
    page.wait_for_function(f"() => performance.getEntriesByName('{name}').length > 0", timeout=timeout)
    return page.evaluate(f"() => performance.getEntriesByName('{name}')[0].startTime")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    if not (args.site / "2025" / "calculator" / "index.html").exists():
        sys.exit("先執行 make site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            for name, url, mark_name in (("bare", "/__bench/bare.html", "pyodide-ready"),
                                         ("calculator", "/2025/calculator/", "calculator-first-result")):
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                Handler.sent = 0
                page.goto(base + url)
                figures.setdefault(f"{name} cold", []).append(mark(page, mark_name))
                if name == "calculator":
                    figures.setdefault("bytes", []).append(Handler.sent)
                page.goto("about:blank")
                page.goto(base + url)
                figures.setdefault(f"{name} warm", []).append(mark(page, mark_name))
                if name == "calculator":
                    figures.setdefault("input to result", []).extend(input_latencies(page))
                context.close()
        browser.close()
    server.shutdown()

    med = {k: statistics.median(v) for k, v in figures.items()}
    print(f"calculator benchmark · headless Chromium · median of {args.runs} runs · Pyodide {calculator_assets.pyodide_version()}")
    print(f"bare Pyodide start, cold:        {med['bare cold']:7.0f} ms")
    print(f"bare Pyodide start, warm:        {med['bare warm']:7.0f} ms")
    print(f"first result, cold:              {med['calculator cold']:7.0f} ms  ({med['calculator cold'] / med['bare cold']:.2f} × bare cold)")
    print(f"first result, warm:              {med['calculator warm']:7.0f} ms  ({med['calculator warm'] / med['bare cold']:.2f} × bare cold)")
    print(f"input change to updated result:  {med['input to result']:7.1f} ms  (median of {len(figures['input to result'])})")
    print(f"first visit transfer:            {med['bytes'] / 1e6:7.2f} MB  (uncompressed, as served)")
    print(json.dumps({k: round(v, 1) for k, v in med.items()}))


def input_latencies(page, changes: int = 15) -> list[float]:
    """Type hours into a record, one change at a time; time each until the result updates."""
    page.locator("#add-record").click()
    page.wait_for_timeout(300)
    return page.evaluate("""async (changes) => {
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
    }""", changes)


if __name__ == "__main__":
    main()

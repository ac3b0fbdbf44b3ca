"""Lighthouse's scores for the built site, as deployed: Debian's nginx with deploy/nginx.conf
on a loopback port, Debian's chromium, Lighthouse's mobile defaults (a mid-range phone,
simulated slow 4G).

    make site && .venv/bin/python -m bench.lighthouse_scores [site/] [--runs 1]

Measures the home page and the latest year's notice, FAQ and calculator, and prints a table
of the four category scores (performance, accessibility, best practices, SEO) with each
page's CLS and LCP (the median run's, with --runs > 1). Not a test, and not run by `make
test`: figures for the README.

Lighthouse is an npm package of its own, pinned in scripts/bench/lighthouse/ (package.json and
package-lock.json) and installed there on first use, so that the tests' `npm ci` of the
main package.json stays small. Nothing is fetched while measuring: Chromium's own background
traffic is switched off and the site is on loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from served_site import CHROMIUM_ARGS, Nginx

ROOT = Path(__file__).resolve().parents[2]

LIGHTHOUSE = ROOT / "scripts" / "bench" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS, "--disable-dev-shm-usage"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = (("home", ""), ("notice", "{year}/notice/"), ("FAQ", "{year}/faq/"), ("calculator", "{year}/calculator/"))


def lighthouse_bin() -> Path:
    """Lighthouse from scripts/bench/lighthouse/, installed from its lockfile the first time."""
    binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("installing Lighthouse into scripts/bench/lighthouse/ (npm ci, once) …", file=sys.stderr)
        subprocess.run(["npm", "ci", "--prefix", str(LIGHTHOUSE), "--no-audit", "--no-fund"], check=True)
    return binary


def latest_year(site: Path) -> int:
    """The newest year folder of the built site that has a notice page."""
    years = [int(p.parent.parent.name) for p in site.glob("[0-9][0-9][0-9][0-9]/notice/index.html")]
    if not years:
        raise SystemExit(f"{site} has no <year>/notice/ page: build the site first (make site)")
    return max(years)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(binary: Path, url: str, out: Path) -> dict:
    """One Lighthouse run of one page: scores out of 100, CLS, LCP in ms."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    run = subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if run.returncode or not out.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{run.stderr[-3000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not load {url}: {report['runtimeError']}")
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    audits = report["audits"]
    return {
        **{c: None if s is None else round(s * 100) for c, s in scores.items()},
        "cls": audits["cumulative-layout-shift"].get("numericValue"),
        "lcp": audits["largest-contentful-paint"].get("numericValue"),
        "failed": sorted(
            a["id"]
            for a in audits.values()
            if a.get("score") is not None
            and a["score"] < 0.9
            and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median run by performance is shown")
    parser.add_argument("--details", action="store_true", help="also list each page's audits scoring under 90")
    args = parser.parse_args()
    site = Path(args.site).resolve()
    year = latest_year(site)
    binary = lighthouse_bin()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        nginx = Nginx(site, free_port(), Path(tmp)).start()
        try:
            rows = []
            for name, path in PAGES:
                url = f"{nginx.url}/{path.format(year=year)}"
                runs = [measure(binary, url, Path(tmp) / f"{name}-{i}.json") for i in range(args.runs)]
                runs.sort(key=lambda r: r["performance"] or 0)
                rows.append((name, "/" + path.format(year=year), runs[len(runs) // 2]))
                print(f"  {name}: done ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        finally:
            nginx.stop()
    print(
        f"Lighthouse {version(binary)}, mobile defaults, Debian nginx with deploy/nginx.conf on loopback, {args.runs} run(s) a page\n"
    )
    print("| page | performance | accessibility | best practices | SEO | CLS | LCP |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, path, r in rows:
        cls = "–" if r["cls"] is None else f"{r['cls']:.3f}"
        lcp = "–" if r["lcp"] is None else f"{r['lcp'] / 1000:.1f} s"
        print(f"| {name} (`{path}`) | " + " | ".join(str(r[c]) for c in CATEGORIES) + f" | {cls} | {lcp} |")
    if args.details:
        for name, _, r in rows:
            print(f"\n{name}: under 90: {', '.join(r['failed']) or 'none'}")
    print(f"\n{time.monotonic() - started:.0f} s")


def version(binary: Path) -> str:
    return subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()

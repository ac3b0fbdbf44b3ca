"""How fast a unit's roster is read and checked on CPython: 1,000 and 10,000 people with
ten records each, as an .xlsx (花名冊 + 學習記錄 sheets) and as CSV (roster + records file);
and, for comparison, a roster as the template has it (hours in year columns, no records sheet).

    .venv/bin/python -m bench.roster [--people 1000 10000] [--records 10] [--keep DIR] [--chromium site]

Prints figures; asserts nothing. The files: bench/roster_files.py.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from bench.roster_files import write_fixtures
from calculator import available, roster

# What the roster page and `roster -o` ask for: display hours, brief results (no notes and no
# per-year tables: the table and the exports show none; a row's explanation makes its own).
# `--notes` measures what `--json` does.
AS_THE_PAGE = {"display": True, "brief": True}


def _run(paths: dict[str, Path], kind: str, today: date, **options) -> dict:
    if kind in ("xlsx", "columns_csv"):
        return roster.check_file(paths[kind].read_bytes(), paths[kind].name, today=today, **options)
    records = (paths["records_csv"].read_bytes(), paths["records_csv"].name)
    return roster.check_file(paths["csv"].read_bytes(), paths["csv"].name, records=records, today=today, **options)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--records", type=int, default=10)
    parser.add_argument("--keep", help="write the files into this folder and keep them")
    parser.add_argument(
        "--notes", action="store_true", help="every result in full, notes included (as --json prints them)"
    )
    parser.add_argument(
        "--chromium",
        type=Path,
        metavar="SITE",
        help="then the roster page in headless Chromium, against this built site (make site): see chromium()",
    )
    args = parser.parse_args()
    notice = max(y for y, s in available().items() if s == "published")
    today = date(notice, 12, 1)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-roster-"))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    options = {} if args.notes else AS_THE_PAGE
    print(
        f"roster benchmark · CPython {sys.version.split()[0]} · notice {notice} · {args.records} records a person"
        f" · {os.cpu_count()} CPUs, load average {load} (other work on the machine slows every figure)"
        f" · {'results in full, with notes' if args.notes else 'as the page: display hours, brief results'}"
    )
    _run(write_fixtures(folder, 10, args.records, notice), "xlsx", today)  # warm: imports, rules loaded
    for people in args.people:
        paths = write_fixtures(folder, people, args.records, notice)
        for kind in ("xlsx", "csv", "columns_csv"):
            size = sum(
                p.stat().st_size for k, p in paths.items() if k == kind or (kind == "csv" and k == "records_csv")
            )
            gc.collect()
            times, cpu = [], []
            for _ in range(3 if people <= 1_000 else 2):
                start, start_cpu = time.perf_counter(), time.process_time()
                report = _run(paths, kind, today, **options)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            del report
            gc.collect()
            tracemalloc.start()
            _run(paths, kind, today, **options)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            shown = {
                "xlsx": "xlsx + 學習記錄",
                "csv": "csv + records csv",
                "columns_csv": "csv, hours in year columns",
            }[kind]
            print(
                f"{people:>6,} people · {shown:<26} ({size / 1e6:.1f} MB): file -> report {min(times):.2f} s "
                f"(CPU {min(cpu):.2f} s; best of {len(times)}), peak Python memory {peak / 1e6:.0f} MB"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:.0f} MB")
    if args.chromium:
        chromium(args.chromium, args.people, args.records)


def chromium(site: Path, people: list[int], records: int = 10, runs: int = 3) -> None:
    """The same files chosen on the roster page in headless Chromium against `site` served by
    nginx with deploy/nginx.conf: file chosen -> table shown, the page's JS heap and the
    renderer's peak memory, and the page's extra download (bench/roster_chromium.py)."""
    from bench.roster_chromium import chromium_figures

    chromium_figures(site, people, records, runs)


if __name__ == "__main__":
    main()

"""How fast a unit's roster is read and checked on CPython: 1,000 and 10,000 people with
ten records each, as an .xlsx (花名冊 + 學習記錄 sheets) and as CSV (roster + records file);
and, for comparison, a roster as the template has it (hours in year columns, no records sheet).

    .venv/bin/python scripts/bench_roster.py [--people 1000 10000] [--records 10] [--keep DIR] [--chromium site]

Prints figures; asserts nothing. `write_fixtures(folder, people, records)` writes the same
files for other measurements (the browser page's timing).
"""
from __future__ import annotations

import argparse
import csv
import gc
import io
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from calculator import available, roster  # noqa: E402
from calculator.case import CompiledPolicies  # noqa: E402

PEOPLE_HEADERS = ["序號", "姓名", "身份證號", "工作單位", "查詢目的", "申報級別", "高技能人才", "考核認定年度"]
RECORD_HEADERS = ["身份證號", "計入年度", "學習日期", "培訓渠道", "科目", "學時", "分鐘"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id(rng: random.Random) -> str:
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    first17 = f"152921{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def rows(people: int, records: int, notice: int, seed: int = 2025) -> tuple[list[list], list[list]]:
    """The people rows and the record rows (header first), like scripts/bench_engine.py's cases."""
    policy = CompiledPolicies()[notice]
    channels = [c.name for c in policy.channels.values()]
    exam = next(c.name for c in policy.channels.values() if c.meets_in_full)
    rng = random.Random(seed)
    people_rows, record_rows = [PEOPLE_HEADERS], [RECORD_HEADERS]
    for n in range(1, people + 1):
        number = _id(rng)
        purpose = rng.choice(["年度", "職稱評審", "考核認定"])
        people_rows.append([n, f"職工{n:05d}", number, "阿拉善盟某單位", purpose, rng.choice(["初級", "中級", "高級"]),
                            "是" if rng.random() < 0.2 else "", f"{notice - 1}、{notice}"])
        for _ in range(records):
            channel = rng.choice(channels)
            studied = date(notice - 2, 1, 1) + timedelta(days=rng.randrange(3 * 365))
            row = [number, rng.choice([notice - 2, notice - 1, notice]), studied.isoformat(), channel, "", "", ""]
            if channel != exam:
                row[4] = rng.choice(["公需", "專業"])
                row[5 if rng.random() < 0.5 else 6] = rng.randrange(1, 600)
            record_rows.append(row)
    return people_rows, record_rows


def year_column_rows(people: int, notice: int, seed: int = 2025) -> list[list]:
    """A roster as the template has it: each person's verified hours in `<year>公需` /
    `<year>專業` columns (no detail sheet), for every year the rules read."""
    policy = CompiledPolicies()[notice]
    years = sorted({policy.year, *(policy.make_up.years if policy.make_up else ()),
                    *(y for ys in policy.title_years.values() for y in ys)})
    need = policy.requirement
    rng = random.Random(seed)
    table = [["序號", "姓名", "身份證號", "查詢目的", "申報級別", *(f"{y}{k}" for y in years for k in ("公需", "專業"))]]
    for n in range(1, people + 1):
        hours = [rng.choice([need[s], need[s], need[s] - rng.randrange(1, 20), ""]) for _ in years for s in ("public", "professional")]
        table.append([n, f"職工{n:05d}", _id(rng), rng.choice(["年度", "職稱評審"]), rng.choice(["初級", "中級", "高級"]), *hours])
    return table


def write_fixtures(folder: Path, people: int, records: int = 10, notice: int | None = None) -> dict[str, Path]:
    """Writes roster-<people>.xlsx (花名冊 and 學習記錄 sheets), roster-<people>.csv and
    records-<people>.csv (UTF-8 with BOM) into `folder`; returns them by kind."""
    import xlsxwriter

    notice = notice or max(y for y, s in available().items() if s == "published")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    people_rows, record_rows = rows(people, records, notice)
    xlsx = folder / f"roster-{people}.xlsx"
    book = xlsxwriter.Workbook(str(xlsx), {"constant_memory": True, "strings_to_numbers": False})
    for name, table in (("花名冊", people_rows), ("學習記錄", record_rows)):
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                elif value:
                    sheet.write_string(r, c, value)
    book.close()
    out = {"xlsx": xlsx}
    names = {"csv": f"roster-{people}.csv", "records_csv": f"records-{people}.csv", "columns_csv": f"roster-{people}-year-columns.csv"}
    for kind, table in (("csv", people_rows), ("records_csv", record_rows), ("columns_csv", year_column_rows(people, notice))):
        text = io.StringIO(newline="")
        csv.writer(text, lineterminator="\r\n").writerows(table)
        path = folder / names[kind]
        path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
        out[kind] = path
    return out


# What the roster page and `roster -o` ask for: display hours, no notes (the table and the
# exports show none; a row's explanation makes its own). `--notes` measures what `--json` does.
AS_THE_PAGE = {"display": True, "notes": False}


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
    parser.add_argument("--notes", action="store_true", help="every result in full, notes included (as --json prints them)")
    parser.add_argument("--chromium", type=Path, metavar="SITE",
                        help="then the roster page in headless Chromium, against this built site (make site): see chromium()")
    args = parser.parse_args()
    notice = max(y for y, s in available().items() if s == "published")
    today = date(notice, 12, 1)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-roster-"))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    options = {} if args.notes else AS_THE_PAGE
    print(f"roster benchmark · CPython {platform.python_version()} · notice {notice} · {args.records} records a person"
          f" · {os.cpu_count()} CPUs, load average {load} (other work on the machine slows every figure)"
          f" · {'results in full, with notes' if args.notes else 'as the page: display hours, no notes'}")
    _run(write_fixtures(folder, 10, args.records, notice), "xlsx", today)  # warm: imports, rules loaded
    for people in args.people:
        paths = write_fixtures(folder, people, args.records, notice)
        for kind in ("xlsx", "csv", "columns_csv"):
            size = sum(p.stat().st_size for k, p in paths.items() if k == kind or (kind == "csv" and k == "records_csv"))
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
            shown = {"xlsx": "xlsx + 學習記錄", "csv": "csv + records csv", "columns_csv": "csv, hours in year columns"}[kind]
            print(f"{people:>6,} people · {shown:<26} ({size / 1e6:.1f} MB): file -> report {min(times):.2f} s "
                  f"(CPU {min(cpu):.2f} s; best of {len(times)}), peak Python memory {peak / 1e6:.0f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:.0f} MB")
    if args.chromium:
        chromium(args.chromium, args.people, args.records)


def chromium(site: Path, people: list[int], records: int = 10, runs: int = 3) -> None:
    """The same files chosen on the roster page in headless Chromium against `site` served by
    nginx with deploy/nginx.conf: file chosen -> table shown, the page's JS heap and the
    renderer's peak memory, and the page's extra download (scripts/bench_roster_chromium.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_roster_chromium import chromium_figures

    chromium_figures(site, people, records, runs)


if __name__ == "__main__":
    main()

"""Where a roster check spends its time: CPU seconds of each stage (read the file, people
sheet -> persons, records sheet -> records tied to persons, the engine's checks, as
the roster page asks for them: display hours, brief results), and optionally cProfile's top lines,
on the fixtures of bench/roster.py.

    .venv/bin/python -m bench.roster_profile [--people 1000 10000] [--kind xlsx csv columns_csv] [--profile]

Prints figures; asserts nothing. The stages are report.check_file's own steps, called one by one.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.roster import AS_THE_PAGE, _run
from bench.roster_files import write_fixtures
from calculator import available, check_or_errors
from calculator.case import CompiledPolicies
from calculator.roster import details, files, people, report


def stages(paths: dict, kind: str, today: date) -> dict[str, float]:
    policies = CompiledPolicies()
    policy = policies[report.newest_notice(policies)]
    took, clock = {}, time.process_time()

    def lap(name):
        nonlocal clock
        took[name] = time.process_time() - clock
        clock = time.process_time()

    main = paths["columns_csv" if kind == "columns_csv" else kind]
    book = files.read(main.read_bytes(), main.name)
    sheet, rows, header = report.people_sheet(book)
    if kind == "xlsx":
        detail = report.records_sheet(book, sheet)
    elif kind == "csv":
        detail = report.records_file(paths["records_csv"].read_bytes(), paths["records_csv"].name)
    else:
        detail = None
    lap("read file(s)")
    persons = people.read(rows, header, policy, sheet)
    lap("people sheet")
    if detail:
        details.add(detail[1], detail[2], policy, detail[0], persons)
        lap("records sheet + tie")
    for person in persons:
        if not person.errors:
            check_or_errors(person.case, today, policies, display=True, notes=False, tables=False)
    lap("check (engine)")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--kind", nargs="+", default=["xlsx", "csv", "columns_csv"])
    parser.add_argument("--profile", action="store_true", help="then cProfile of check_file, by tottime and cumtime")
    args = parser.parse_args()
    notice = max(y for y, s in available().items() if s == "published")
    today = date(notice, 12, 1)
    folder = Path(tempfile.mkdtemp(prefix="roster-profile-"))
    for count in args.people:
        paths = write_fixtures(folder, count, 10, notice)
        for kind in args.kind:
            _run(paths, kind, today, **AS_THE_PAGE)  # warm
            gc.collect()
            gc.disable()  # as check_file runs
            took = stages(paths, kind, today)
            gc.enable()
            print(
                f"{count:>6,} {kind:<12} "
                + "  ".join(f"{k} {v:.3f}" for k, v in took.items())
                + f"  = {sum(took.values()):.3f} s CPU"
            )
            if args.profile:
                profile = cProfile.Profile()
                profile.runcall(_run, paths, kind, today, **AS_THE_PAGE)
                for order in ("tottime", "cumtime"):
                    pstats.Stats(profile).sort_stats(order).print_stats(20)


if __name__ == "__main__":
    main()

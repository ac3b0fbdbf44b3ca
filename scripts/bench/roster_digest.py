"""Every result the speed work must leave byte-identical, written to a folder to compare:
the 10,000 random cases of bench/engine.py (also with display=True in Simplified,
and with bad records, for the errors), and the roster reports of the 1,000- and 10,000-person
fixtures of bench/roster.py (xlsx + 學習記錄, csv + records csv, year columns), in full
and as the page asks for them (display hours, brief results: no notes, no per-year tables).

    .venv/bin/python -m bench.roster_digest OUT [--against BASE] [--fixtures DIR]

Run it before a change (OUT = a baseline folder) and after (--against the baseline): it
prints each file's digest, and "DIFF" for any that differ (keys in the order the results have them,
not sorted: the order the CLI prints them in is part of the result). Asserts nothing else.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from datetime import date
from pathlib import Path

from bench.engine import make_case
from bench.roster import AS_THE_PAGE, _run
from bench.roster_files import write_fixtures
from calculator import available, check, check_or_errors
from calculator.case import CompiledPolicies


def _lines(results) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)


def _brief(entry: dict) -> dict:
    """An entry without the per-year tables that a brief result leaves out."""
    if "result" in entry:
        for part in (entry["result"], entry["result"].get("display", {})):
            part.pop("years", None)
            part.pop("make_up_years", None)
    return entry


def write(out: Path, fixtures: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    policies = CompiledPolicies()
    year = max(policies)
    rng = random.Random(2025)
    cases = [make_case(rng, 10, policies[year]) for _ in range(10_000)]
    (out / "engine.json").write_text(_lines(check(c, policies=policies) for c in cases))
    bad = []
    for case in cases[:2000]:
        case = json.loads(json.dumps(case))
        case["records"][0]["hours"], case["records"][1]["channel"], case["records"][2]["year"] = -1, "nope", "x"
        bad.append(case)
    (out / "engine_display.json").write_text(
        _lines(check(c, policies=policies, display=True, script="hans") for c in cases[:2000])
        + _lines(check_or_errors(c, policies=policies) for c in bad)
    )
    notice = max(y for y, s in available().items() if s == "published")
    for people in (1_000, 10_000):
        paths = write_fixtures(fixtures, people, 10, notice)
        for kind in ("xlsx", "csv", "columns_csv"):
            report = _run(paths, kind, date(notice, 12, 1))
            (out / f"roster-{people}-{kind}.json").write_text(json.dumps(report, ensure_ascii=False))
            # As the page and `roster -o` ask: display hours, brief results; each entry's "case"
            # (kept for its full result, in whatever form the roster keeps it) left out, its
            # results compared without what a brief result leaves out (as the tree before
            # brief results left out only the notes).
            page = _run(paths, kind, date(notice, 12, 1), **AS_THE_PAGE)
            page["people"] = [_brief({k: v for k, v in entry.items() if k != "case"}) for entry in page["people"]]
            (out / f"page-{people}-{kind}.json").write_text(json.dumps(page, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path, help="a folder written before: say which files differ")
    parser.add_argument("--fixtures", type=Path, default=Path("/tmp/roster-digest-fixtures"))
    args = parser.parse_args()
    write(args.out, args.fixtures)
    for path in sorted(args.out.iterdir()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        verdict = ""
        if args.against:
            verdict = "same" if (args.against / path.name).read_bytes() == path.read_bytes() else "DIFF"
        print(f"{path.name:<32} {digest} {verdict}")


if __name__ == "__main__":
    main()

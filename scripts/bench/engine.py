"""How fast the engine is on CPython: one case, and 10,000 cases of ten records each.

    .venv/bin/python -m bench.engine [--cases 10000] [--records 10]

Prints figures; asserts nothing (speed is measured here, not in timed tests).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from calculator import check
from calculator.case import CompiledPolicies
from calculator.policy import Policy


def make_case(rng: random.Random, records: int, policy: Policy) -> dict:
    """A random case of `policy`'s year, from its own rules: its channels (those that take an
    amount first, in the notice's order), the yes/no a channel's condition reads, and the
    first circumstance that lists years."""
    year = policy.year
    channels = sorted(policy.channels.values(), key=lambda c: not c.takes_amount)
    flag = next((c.only_if_person for c in channels if c.only_if_person), None)
    listed = next((c.id for c in policy.circumstances.values() if c.kind == "years"), None)

    def record():
        channel = rng.choice(channels)
        studied = date(year - 2, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        rec = {"year": rng.choice([year - 2, year - 1, year]), "studied_on": studied.isoformat(), "channel": channel.id}
        if channel.takes_amount:
            rec["subject"] = rng.choice(["public", "professional"])
            rec[rng.choice(["hours", "minutes"])] = rng.randrange(1, 600)
        return rec

    # Drawn in the order the benchmark has always drawn them: the same seed, the same cases.
    purpose = rng.choice(["annual", "title", "assessment"])
    level = rng.choice(["junior", "intermediate", "senior"])
    person = {"sex": rng.choice(["male", "female"]), "birth_date": f"{rng.randrange(1960, 2000)}-06-15"}
    if flag:
        person[flag] = rng.random() < 0.2
    if listed:
        person[listed] = [year - 2] if rng.random() < 0.1 else []
    return {
        "notice": year,
        "purpose": purpose,
        "level": level,
        "as_of": f"{year}-12-01",
        "person": person,
        "assessment_years": [year - 1, year],
        "records": [record() for _ in range(records)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=10)
    args = parser.parse_args()
    policies = CompiledPolicies()
    year = max(policies)
    rng = random.Random(2025)
    cases = [make_case(rng, args.records, policies[year]) for _ in range(args.cases)]

    check(cases[0], policies=policies)  # warm: import and load the rules once
    single = []
    for case in cases[:200]:
        start = time.perf_counter()
        check(case, policies=policies)
        single.append(time.perf_counter() - start)

    start = time.perf_counter()
    statuses = {}
    for case in cases:
        status = check(case, policies=policies)["status"]
        statuses[status] = statuses.get(status, 0) + 1
    total = time.perf_counter() - start

    print(f"engine benchmark · CPython {sys.version.split()[0]} · notice {year}")
    print(
        f"one case ({args.records} records): median {statistics.median(single) * 1e3:.3f} ms, "
        f"p95 {sorted(single)[int(len(single) * 0.95)] * 1e3:.3f} ms"
    )
    print(f"{args.cases:,} cases of {args.records} records: {total:.2f} s ({args.cases / total:,.0f} cases/s)")
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))


if __name__ == "__main__":
    main()

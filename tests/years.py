"""Which year a test reads its figures from: never a year written in the test.

Tests about "the notice now in force" read the newest published year's rules (`latest()`,
`latest_policy()`, `latest_rules()`); the built site's home page, calculator and FAQ are that
year's too. A test about one year's own words (2025's erratum of 「11月31日」, its text as
received) names that year with `about(2025)`, which skips it where the year is not there.
A year that does not exist is computed (`missing_year()`), never written.
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import cache

import pytest

import notice_compiler
from calculator.policy import Policy


@cache
def published() -> tuple[int, ...]:
    """The years the site publishes, oldest first (from policy_src/, as the site reads them)."""
    return tuple(sorted(notice_compiler.published_years()))


def latest() -> int:
    """The newest published year: the one the home page, the calculator and the FAQ show."""
    return max(published())


def missing_year() -> int:
    """A year that has no folder in policy_src/, not even a draft's."""
    return max(notice_compiler.years()) + 1


@cache
def policy(year: int) -> Policy:
    return Policy.load(year)


def latest_policy() -> Policy:
    return policy(latest())


@cache
def rules(year: int) -> dict:
    """The year's rule blocks merged, kind -> spec (as site_builder.sources.Year.rules)."""
    module = importlib.import_module(f"calculator.generated.notice_{year}")
    return {k: v for rule in module.RULES for k, v in rule.items() if k not in ("clause", "source")}


def latest_rules() -> dict:
    return rules(latest())


def total(year: int) -> int:
    """The yearly total of 一(二), as the rules state it (else the two subjects' sum)."""
    req = rules(year)["requirement"]
    return req.get("total", req["public"] + req["professional"])


def chinese_date(day: date | str) -> str:
    """2025-01-05 -> 2025年1月5日, as the pages write a date."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.year}年{day.month}月{day.day}日"


def about(year: int):
    """Marks a test about one year's own notice (its words, its errata): it reads that year
    explicitly, and is skipped where the year is not among policy_src/'s."""
    return pytest.mark.skipif(
        year not in notice_compiler.years(), reason=f"about the {year} notice, which is not in policy_src/"
    )

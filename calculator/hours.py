"""Exact hours: fractions inside, one decimal on screen, numbers in JSON.

On screen, hours credited are rounded down and hours still missing rounded up (CONTRACT.md),
so that neither ever shows as met when it is not, and studying what is shown is enough.
"""
from __future__ import annotations

import math
from fractions import Fraction


def display(hours: Fraction) -> str:
    """Hours credited, for people: whole numbers as they are, others to one decimal, rounded down."""
    return _tenths(math.floor(hours * 10), hours)


def display_up(hours: Fraction) -> str:
    """Hours still missing, for people: as `display`, but rounded up (30.25 -> 30.3)."""
    return _tenths(math.ceil(hours * 10), hours)


def _tenths(tenths: int, hours: Fraction) -> str:
    if hours.denominator == 1:
        return str(hours.numerator)
    return f"{tenths // 10}.{tenths % 10}"


def to_json(hours: Fraction) -> int | float:
    return hours.numerator if hours.denominator == 1 else float(hours)

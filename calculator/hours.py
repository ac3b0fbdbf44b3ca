"""Exact hours: fractions inside (ints where whole: exact too, and faster), one decimal on
screen, numbers in JSON.

On screen, hours credited are rounded down and hours still missing rounded up (docs/dev/contract.md),
so that neither ever shows as met when it is not, and studying what is shown is enough.
"""

from __future__ import annotations

from fractions import Fraction


def exact(hours: Fraction) -> int | Fraction:
    """Whole hours as an int, others as the Fraction they are."""
    return hours.numerator if hours.denominator == 1 else hours


def display(hours: int | Fraction) -> str:
    """Hours credited, for people: whole numbers as they are, others to one decimal, rounded down."""
    if type(hours) is int:  # most hours: at once
        return str(hours)
    if hours.denominator == 1:
        return str(hours.numerator)
    return _tenths(hours.numerator * 10 // hours.denominator)  # floor, in integers: exact and fast


def display_up(hours: int | Fraction) -> str:
    """Hours still missing, for people: as `display`, but rounded up (30.25 -> 30.3)."""
    if type(hours) is int:  # most hours: at once
        return str(hours)
    if hours.denominator == 1:
        return str(hours.numerator)
    return _tenths(-(-hours.numerator * 10 // hours.denominator))  # ceiling


def _tenths(tenths: int) -> str:
    return f"{tenths // 10}.{tenths % 10}"


def to_json(hours: int | Fraction) -> int | float:
    if type(hours) is int:  # most hours: at once
        return hours
    return hours.numerator if hours.denominator == 1 else float(hours)

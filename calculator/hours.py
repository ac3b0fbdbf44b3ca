"""Exact hours: fractions inside, one decimal rounded down on screen, numbers in JSON."""
from __future__ import annotations

import math
from fractions import Fraction


def display(hours: Fraction) -> str:
    """Hours for people: whole numbers as they are, others to one decimal, never rounded up."""
    if hours.denominator == 1:
        return str(hours.numerator)
    tenths = math.floor(hours * 10)
    return f"{tenths // 10}.{tenths % 10}"


def to_json(hours: Fraction) -> int | float:
    return hours.numerator if hours.denominator == 1 else float(hours)

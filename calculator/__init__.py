"""The continuing-education hour calculator: one case in, one explained result out.

    from calculator import check
    check({"notice": 2025, "purpose": "annual", "records": []})

Pure Python, standard library only: it runs unchanged on CPython and in Pyodide.
"""
from __future__ import annotations

from datetime import date

from .case import CaseError, parse
from .engine import evaluate
from .policy import Policy, available

__all__ = ["CaseError", "Policy", "available", "check", "check_or_errors"]


def check(case: dict, today: date | None = None, policies=None) -> dict:
    """The result for `case`; raises CaseError listing every bad field.

    `policies` (year -> Policy) defaults to the notices compiled into calculator/generated/.
    """
    parsed, policy = parse(case, today or date.today(), policies)
    return evaluate(parsed, policy)


def check_or_errors(case: dict, today: date | None = None, policies=None) -> dict:
    """The result, or `{"errors": [...]}` for bad input: the form the CLI and the page print."""
    try:
        return check(case, today, policies)
    except CaseError as exc:
        return {"errors": exc.errors}

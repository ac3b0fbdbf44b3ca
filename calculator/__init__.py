"""The continuing-education hour calculator: one case in, one explained result out.

    from calculator import check
    check({"notice": 2025, "purpose": "annual", "records": []})

Pure Python, standard library only: it runs unchanged on CPython and in Pyodide.
"""

from __future__ import annotations

from datetime import date

from .case import CaseError, parse
from .chinese import in_script
from .engine import evaluate
from .policy import Policy, available

__all__ = ["CaseError", "Policy", "available", "check", "check_or_errors"]


def check(
    case: dict,
    today: date | None = None,
    policies=None,
    *,
    script: str = "hant",
    display: bool = False,
    notes: bool = True,
    tables: bool = True,
) -> dict:
    """The result for `case`; raises CaseError listing every bad field.

    `policies` (year -> Policy) defaults to the notices compiled into calculator/generated/;
    `script` is "hant" (as the notice is written) or "hans"; `display` adds the hours as
    people read them (one decimal: credited rounded down, missing rounded up), computed from
    the exact values, and what can still be studied, by when, or why it is too late.
    `notes=False` leaves out the result's "notes", the one part a roster's table and its
    exports never show (their texts are a good part of the engine's time); `tables=False` leaves
    out the per-year tables ("years", "make_up_years", and their display), which they do not
    show either. The rest is the same.
    """
    try:
        parsed, policy = parse(case, today or date.today(), policies)
    except CaseError as exc:
        raise CaseError(in_script(exc.errors, "message", script)) from None
    result = evaluate(parsed, policy, display=display, notes=notes, tables=tables)
    if notes:
        result["notes"] = in_script(result["notes"], "text", script)
    if display:
        result["display"]["closed"] = in_script(result["display"]["closed"], "why", script)
    return result


def check_or_errors(case: dict, today: date | None = None, policies=None, **options) -> dict:
    """The result, or `{"errors": [...]}` for bad input: the form the CLI and the page print."""
    try:
        return check(case, today, policies, **options)
    except CaseError as exc:
        return {"errors": exc.errors}

"""The kinds of rule that a notice's blocks may combine with circumstances, one entry each.

A year's notice declares its circumstances (`asks`) and its channels in Markdown; what it
cannot declare is a new *kind*: a new way a circumstance reduces the years required, a new
kind of circumstance, a new way a channel credits a record. Each such kind is defined here
once: what it reads (so the compiler can check the rule blocks), and how the engine applies
it and explains it. A new kind is one entry here, its schema in
policy_src/schema/rule.schema.json, its sentence for the rule cards
(scripts/site_builder/words.py) and worked examples that use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import messages as M

NOT_REQUIRED, NOT_LIMITING = "not_required", "not_limiting"

# The kinds of circumstance a rule block may declare, and how a form asks each:
# a tick box, a tick box revealing years (a list), or a tick box revealing one year.
CIRCUMSTANCE_KINDS = ("yes_no", "years", "year")

# How a channel credits a record (exactly one per channel): by the hours it gives, to the
# subject claimed or to one subject (counts_toward); the subject's whole yearly requirement
# (meets_in_full); a fixed number of hours (fixed_hours).
CREDITS = ("counts_toward", "meets_in_full", "fixed_hours")


def _years(years) -> str:
    return M.TEMPLATES["list.join"].join(str(y) for y in years)


def _exemption(case, policy, rule, plan, effects, note) -> None:
    """Any of the listed yes/no circumstances: not required, or not limiting."""
    spec = rule.spec
    if spec.get("levels") and case.level not in spec["levels"]:
        return
    flags = [f for f in spec["when_any"] if case.person.fact(f)]
    if flags:
        effects.add(spec["effect"])
        who = M.TEMPLATES["list.join"].join(policy.circumstances[f].words for f in flags)
        note(rule.clause, f"reduce.exemption.{spec['effect']}", who=who, purpose=M.PURPOSE[case.purpose])


def _drop_years(case, policy, rule, plan, effects, note) -> None:
    """The years the person lists are not required."""
    field = rule.spec["field"]
    listed = case.person.fact(field)
    if listed:
        # Named whenever it fits the person (contract reading 13), even if it drops nothing.
        dropped = sorted(set(plan.years) & set(listed))
        plan.years = [y for y in plan.years if y not in dropped]
        key = "reduce.drop_years" if dropped else "reduce.drop_years.none"
        note(rule.clause, key, what=policy.circumstances[field].words, years=_years(dropped or listed))


def _years_from(case, policy, rule, plan, effects, note) -> None:
    """Only the years from the one the person gives; that year itself may be `same_year`."""
    spec = rule.spec
    since = case.person.fact(spec["field"])
    if since is None:
        return
    what = policy.circumstances[spec["field"]].words
    if since == policy.year and spec.get("same_year"):
        effects.add(spec["same_year"])
        note(rule.clause, "reduce.years_from.same_year", what=what, year=since, purpose=M.PURPOSE[case.purpose])
    else:
        plan.years = [y for y in plan.years if y >= since]
        note(rule.clause, "reduce.years_from", what=what, year=since)


@dataclass(frozen=True)
class ReductionKind:
    """A rule that changes which years are required, by a circumstance of the person."""

    reads: str  # the key of the rule that names the circumstance(s)
    circumstance: str  # the kind of circumstance it reads (CIRCUMSTANCE_KINDS)
    # (case, policy, rule, plan, effects, note): narrows plan.years, adds to effects, notes why
    apply: Callable


REDUCTIONS: dict[str, ReductionKind] = {
    "exemption": ReductionKind("when_any", "yes_no", _exemption),
    "drop_years": ReductionKind("field", "years", _drop_years),
    "years_from": ReductionKind("field", "year", _years_from),
}

# Every place a rule block reads a circumstance, and the kind it needs there: the
# reductions above, and a channel that counts only for people with a yes/no circumstance.
CIRCUMSTANCE_READS: tuple[tuple[tuple[str, ...], str], ...] = (
    *(((kind, r.reads), r.circumstance) for kind, r in REDUCTIONS.items()),
    (("channel", "only_if", "person"), "yes_no"),
)

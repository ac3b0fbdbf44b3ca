"""The kinds of rule that a notice's blocks combine with its circumstances and channels.

A year's notice declares its circumstances (`asks`) and its channels in Markdown; what it
cannot declare is a new *kind*: a new way a circumstance reduces the years required, a new
kind of circumstance, a new way a channel credits a record. Each such kind is here, once: what
it reads (the compiler checks the rule blocks against it), how the engine applies it and
explains it in a result, and how the form, the roster, the rule cards and the home page say
it. A new kind is one entry here, its fields in policy_src/schema/rule.schema.json (what
officers write; tests/test_compiler.py holds the two together) and worked examples using it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import messages as M

NOT_REQUIRED, NOT_LIMITING = "not_required", "not_limiting"

# The kinds of circumstance a rule block may declare, and how a form asks each:
# a tick box, a tick box revealing years (a list), or a tick box revealing one year.
CIRCUMSTANCE_KINDS = ("yes_no", "years", "year")
# Each kind as the compiler names it to an officer.
CIRCUMSTANCE_KIND_WORDS = dict(
    zip(CIRCUMSTANCE_KINDS, ("是/否（yes_no）", "列出年度（years）", "一個年份（year）"), strict=True)
)

EFFECT = {NOT_REQUIRED: "不要求繼續教育學時", NOT_LIMITING: "繼續教育學時不作為限制性條件"}


def _years(years) -> str:
    return M.TEMPLATES["list.join"].join(str(y) for y in years)


def _purposes(values) -> str:
    return M.TEMPLATES["list.join"].join(M.PURPOSE[p] for p in values)


# --- how a channel credits a record: exactly one of these per channel ----------------------

COUNTS_TOWARD = {
    "claimed": "按所學的科目計入公需科目或專業科目",
    "professional": "只計入專業科目（填寫為公需科目的，也按專業科目計算）",
    "public": "只計入公需科目",
}


@dataclass(frozen=True)
class Credit:
    """How a channel's record counts (the engine applies it: calculator/engine.py `_credit`)."""

    takes_amount: bool  # whether a record gives its hours or minutes
    # (channel) -> what a record of the channel counts for, in a few words: the form's table of
    # channels, the roster's reading of its column, the message for an amount given to it
    words: Callable


CREDITS: dict[str, Credit] = {
    # by the hours it gives, to the subject claimed or to one subject
    "counts_toward": Credit(True, lambda c: "學時" + COUNTS_TOWARD[c.counts_toward]),
    # the subject's whole yearly requirement, for the year of the certificate
    "meets_in_full": Credit(False, lambda c: f"視同完成取得證書年度的{M.SUBJECT[c.meets_in_full]}學時要求"),
    # a fixed number of hours of one subject, for the year of the certificate
    "fixed_hours": Credit(False, lambda c: f"計入取得證書年度的{M.SUBJECT[c.fixed_hours[0]]}{c.fixed_hours[1]}學時"),
}


def credit_of(channel) -> Credit:
    """The channel's credit (a `policy.Channel`)."""
    return CREDITS[next(k for k in CREDITS if getattr(channel, k))]


def channel_sentence(channel, policy) -> str:
    """A channel as its rule card and the form's table say it: what it counts for, and when."""
    text = credit_of(channel).words(channel)
    if channel.only_if_person or channel.only_if_purposes:
        who = policy.circumstances[channel.only_if_person].words if channel.only_if_person else ""
        text += f"；只在{who}{_purposes(channel.only_if_purposes)}時計入"
    return text


# --- the reductions: which years are required, by a circumstance of the person --------------


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


def _levels(spec) -> str:
    return "".join(M.LEVEL[level] for level in spec.get("levels") or [])


def _exemption_card(spec, policy) -> str:
    who = "或".join(policy.circumstances[f].words for f in spec["when_any"])
    when = f"申報{_levels(spec)}職稱評審" if spec.get("levels") else _purposes(spec["purposes"])
    return f"{who}{when}時，{EFFECT[spec['effect']]}。"


def _exemption_short(spec, policy) -> tuple[str, str]:
    who = "、".join(policy.circumstances[f].name for f in spec["when_any"])
    return who, (f"申報{_levels(spec)}職稱時" if spec.get("levels") else "") + EFFECT[spec["effect"]]


def _drop_years_card(spec, policy) -> str:
    circumstance = policy.circumstances[spec["field"]]
    return f"{circumstance.question}的，{_purposes(spec['purposes'])}時，{circumstance.name}不要求學時。"


def _drop_years_short(spec, policy) -> tuple[str, str]:
    circumstance = policy.circumstances[spec["field"]]
    return circumstance.question, f"不要求{circumstance.name}的學時"


def _years_from_card(spec, policy) -> str:
    circumstance = policy.circumstances[spec["field"]]
    text = f"{circumstance.question}的，{_purposes(spec['purposes'])}時只要求從{circumstance.name}起的年度"
    if spec.get("same_year") == NOT_REQUIRED:
        text += "；當年參加評審的，不要求繼續教育學時"
    return text + "。"


def _years_from_short(spec, policy) -> tuple[str, str]:
    circumstance = policy.circumstances[spec["field"]]
    text = f"只要求從{circumstance.name}起的年度"
    if spec.get("same_year") == NOT_REQUIRED:
        text += "；當年參加評審的，不要求學時"
    return circumstance.question, text


@dataclass(frozen=True)
class ReductionKind:
    """A rule that changes which years are required, by a circumstance of the person."""

    reads: str  # the key of the rule that names the circumstance(s)
    circumstance: str  # the kind of circumstance it reads (CIRCUMSTANCE_KINDS)
    # (case, policy, rule, plan, effects, note): narrows plan.years, adds to effects, notes why
    apply: Callable
    card: Callable  # (spec, policy) -> the rule card's sentence
    short: Callable  # (spec, policy) -> (who, what changes), in a few words (the home page)


REDUCTIONS: dict[str, ReductionKind] = {
    "exemption": ReductionKind("when_any", "yes_no", _exemption, _exemption_card, _exemption_short),
    "drop_years": ReductionKind("field", "years", _drop_years, _drop_years_card, _drop_years_short),
    "years_from": ReductionKind("field", "year", _years_from, _years_from_card, _years_from_short),
}

# Every place a rule block reads a circumstance, and the kind it needs there: the
# reductions above, and a channel that counts only for people with a yes/no circumstance.
CIRCUMSTANCE_READS: tuple[tuple[tuple[str, ...], str], ...] = (
    *(((kind, r.reads), r.circumstance) for kind, r in REDUCTIONS.items()),
    (("channel", "only_if", "person"), "yes_no"),
)

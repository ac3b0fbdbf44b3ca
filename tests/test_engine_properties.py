"""Properties that hold for every case, whatever the records (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from years import latest_policy

from calculator import check

# Cases under the newest published notice, with years and dates around it (for 2025: years
# 2020 to 2026, studied 2021-01-01 to 2026-03-01, checked 2025-01-01 to 2026-06-30).
POLICY = latest_policy()
Y = POLICY.year
YEARS = st.integers(min_value=Y - 5, max_value=Y + 1)

record = st.builds(
    lambda year, studied, channel, subject, amount, in_minutes: {
        "year": year,
        **({"studied_on": studied.isoformat()} if studied else {}),
        "channel": channel,
        **(
            {}
            if not POLICY.channels[channel].takes_amount  # a certificate: no hours to give
            else {"subject": subject, ("minutes" if in_minutes else "hours"): amount}
        ),
    },
    YEARS,
    st.one_of(st.none(), st.dates(date(Y - 4, 1, 1), date(Y + 1, 3, 1))),
    st.sampled_from(sorted(POLICY.channels)),
    st.sampled_from(["public", "professional"]),
    st.one_of(st.integers(0, 120), st.floats(0, 120, allow_nan=False).map(lambda x: round(x, 2))),
    st.booleans(),
)
person = st.fixed_dictionaries(
    {
        "sex": st.sampled_from(["male", "female"]),
        "birth_date": st.dates(date(1960, 1, 1), date(2000, 12, 31)).map(date.isoformat),
        "non_public": st.booleans(),
        "grassroots": st.booleans(),
        "high_skilled": st.booleans(),
        "postdoc": st.booleans(),
        "epidemic_years": st.lists(YEARS, max_size=2),
        "transferred_year": st.one_of(st.none(), YEARS),
        "exceptional_since": st.one_of(st.none(), YEARS),
    }
)
case = st.fixed_dictionaries(
    {
        "notice": st.just(Y),
        "purpose": st.sampled_from(["annual", "title", "assessment"]),
        "level": st.sampled_from(["junior", "intermediate", "senior"]),
        "as_of": st.dates(date(Y, 1, 1), date(Y + 1, 6, 30)).map(date.isoformat),
        "person": person,
        "assessment_years": st.lists(YEARS, min_size=1, max_size=3),
        "records": st.lists(record, max_size=8),
    }
)


def credited(result):
    return {(y, s): row[s]["credited"] for y, row in result["years"].items() for s in ("public", "professional")}


@settings(max_examples=300, deadline=None)
@given(case, record)
def test_adding_a_record_never_lowers_what_is_credited(c, extra):
    before = check(c)
    after = check({**c, "records": [*c["records"], extra]})
    assert after["status"] == before["status"] or before["status"] == "not_met"
    for key, hours in credited(before).items():
        assert credited(after)[key] >= hours


@settings(max_examples=300, deadline=None)
@given(case, st.randoms(use_true_random=False))
def test_the_order_of_records_never_changes_the_result(c, rng):
    shuffled = list(c["records"])
    rng.shuffle(shuffled)
    assert check({**c, "records": shuffled}) == check(c)


@settings(max_examples=300, deadline=None)
@given(case)
def test_met_exactly_when_nothing_is_missing(c):
    result = check(c)
    nothing_missing = all(v == 0 for v in result["shortfall"].values())
    if result["status"] in ("met", "not_met"):
        assert (result["status"] == "met") == nothing_missing
        assert result["required_years"], "a met or not_met result names the years it checked"
    else:
        assert nothing_missing and result["required_years"] == []


@settings(max_examples=200, deadline=None)
@given(case)
def test_every_clause_and_note_points_to_a_clause_of_the_notice(c):
    result = check(c)
    assert set(result["clauses"]) <= set(POLICY.clauses)
    assert {n["clause"] for n in result["notes"]} <= set(result["clauses"])

"""What to do next (docs/dev/contract.md): whatever `to_study`, `closed` and `still_possible` say must
hold when tried on the engine itself. Every figure is read from the policy, never written here."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from test_engine_properties import POLICY
from test_engine_properties import case as cases

from calculator import check
from calculator.policy import SUBJECTS

# POLICY: the newest published notice's, as the generated cases'.
WINDOW = POLICY.window
# Exact hours in these cases have a denominator dividing 100 (two decimals) times the minutes
# in an hour; the JSON number stands for the nearest such fraction.
DENOMINATOR = 100 * POLICY.minutes_per_hour


def exact(number) -> Fraction:
    return Fraction(number).limit_denominator(DENOMINATOR)


def not_met(c) -> dict:
    result = check(c, display=True)
    assume(result["status"] == "not_met")
    return result


def studying(item, shown, day, how) -> dict:
    """A record that studies one `to_study` item: the exact amount (as minutes, which a
    certificate may give), or the amount the page shows (rounded up) as hours."""
    record = {"year": item["year"], "studied_on": day.isoformat(), "channel": "platform", "subject": item["subject"]}
    if how == "exact":
        record["minutes"] = float(exact(item["hours"]) * POLICY.minutes_per_hour)
    else:
        record["hours"] = float(shown["hours"])
    return record


@settings(max_examples=300, deadline=None)
@given(cases, st.data())
def test_studying_every_item_by_its_date_gives_met(c, data):
    result = not_met(c)
    as_of = date.fromisoformat(c["as_of"])
    added = []
    for item, shown in zip(result["to_study"], result["display"]["to_study"], strict=True):
        by = date.fromisoformat(item["by"])
        first = max(as_of, WINDOW.start)
        assert first <= by, "an item to study has a date that is still ahead"
        day = data.draw(st.dates(first, by), label="studied_on")
        added.append(studying(item, shown, day, data.draw(st.sampled_from(["exact", "shown"]), label="amount")))
    event("still possible" if result["still_possible"] else "some closed")
    event("one year is enough" if result["display"]["any_one"] else "every year")
    event("make-up to study" if any(i["year"] != POLICY.year for i in result["to_study"]) else "no make-up to study")
    after = check({**c, "records": [*c["records"], *added]})
    if result["still_possible"]:
        assert after["status"] == "met", (result["to_study"], after["shortfall"], after["notes"])
    else:
        # What was closed stays closed, and nothing is left to study.
        assert after["status"] == "not_met" and after["to_study"] == [] and after["closed"] == result["closed"]


def generous_days(c, result, as_of):
    """Days on or after as_of on which any hours could conceivably count: as_of, the window's
    first and last day, and the first and last day of every year from as_of's to the last required."""
    days = {as_of, max(as_of, WINDOW.start), WINDOW.end}
    for year in range(as_of.year, max([*result["required_years"], as_of.year]) + 2):
        days |= {date(year, 1, 1), date(year, 6, 30), date(year, 12, 31)}
    return sorted(d for d in days if d >= as_of)


@settings(max_examples=300, deadline=None)
@given(cases, st.integers(0, 400))
def test_when_nothing_is_possible_no_record_studied_from_as_of_gives_met(c, later):
    result = not_met(c)
    assume(not result["still_possible"])
    as_of = date.fromisoformat(c["as_of"])
    days = [*generous_days(c, result, as_of), as_of + timedelta(days=later)]
    big = max(POLICY.requirement.values()) * 10
    added = [
        {"year": y, "studied_on": d.isoformat(), "channel": channel, "subject": s, "hours": big}
        for y in result["required_years"]
        for d in days
        for s in SUBJECTS
        for channel in (c.id for c in POLICY.channels.values() if c.counts_toward == "claimed")
    ] + [
        {"year": y, "studied_on": d.isoformat(), "channel": channel.id}
        for y in result["required_years"]
        for d in days
        for channel in POLICY.channels.values()
        if not channel.takes_amount
    ]
    after = check({**c, "records": [*c["records"], *added]})
    assert after["status"] == "not_met"
    assert after["closed"], "what was closed is still closed"


@settings(max_examples=400, deadline=None)
@given(cases)
def test_the_lists_agree_with_the_status_and_the_shortfall(c):
    result = check(c, display=True)
    assert result["still_possible"] == (result["closed"] == [])
    if result["status"] != "not_met":
        assert result["to_study"] == [] and result["closed"] == [] and result["still_possible"] is True
        assert result["display"]["focus_year"] is None
        return
    items = result["to_study"] + result["closed"]
    assert items, "a not_met result says what is missing"
    for subject in SUBJECTS:
        assert sum((exact(i["hours"]) for i in items if i["subject"] == subject), Fraction(0)) == exact(
            result["shortfall"][subject]
        )
    assert all(i["hours"] > 0 for i in items) and all(i["year"] in result["required_years"] for i in items)
    assert all(i["clause"] in result["clauses"] for i in items)
    for i in result["to_study"]:
        assert i["year"] == POLICY.year or i["year"] in POLICY.make_up.years
        assert i["by"] == WINDOW.end.isoformat() and date.fromisoformat(c["as_of"]) <= WINDOW.end
    described = {i["year"] for i in items}
    if result["display"]["any_one"]:
        assert described == {result["display"]["focus_year"]}
    else:
        assert result["display"]["focus_year"] is None
        assert described == {int(y) for y, row in result["years"].items() if not row["met"]}
    notes = {n["text"] for n in result["notes"]}
    assert all(shown["why"] in notes for shown in result["display"]["closed"]), "every closed gap says why in a note"


@settings(max_examples=300, deadline=None)
@given(cases)
def test_missing_hours_are_shown_rounded_up_and_credited_rounded_down(c):
    result = check(c, display=True)
    shown = result["display"]
    pairs = [(result["shortfall"][s], shown["shortfall"][s]) for s in SUBJECTS]
    pairs += [
        (i["hours"], d["hours"]) for key in ("to_study", "closed") for i, d in zip(result[key], shown[key], strict=True)
    ]
    for value, text in pairs:
        assert Fraction(text) >= exact(value) > Fraction(text) - Fraction(1, 10)
    for y, row in result["years"].items():
        for s in SUBJECTS:
            credited, text = exact(row[s]["credited"]), shown["years"][y][s]["credited"]
            assert Fraction(text) <= credited < Fraction(text) + Fraction(1, 10)


def test_thirty_and_a_quarter_missing_show_as_thirty_point_three():
    per_hour, need = POLICY.minutes_per_hour, POLICY.requirement["professional"]
    missing = Fraction(121, 4)
    # Credit need - missing: whole hours on a platform, the rest in minutes where no standard exists.
    rest = need - missing
    whole = rest // 1
    c = {
        "notice": POLICY.year,
        "purpose": "annual",
        "as_of": WINDOW.start.isoformat(),
        "records": [
            {"year": POLICY.year, "channel": "platform", "subject": "public", "hours": POLICY.requirement["public"]},
            {"year": POLICY.year, "channel": "platform", "subject": "professional", "hours": int(whole)},
            {
                "year": POLICY.year,
                "channel": "seminar",
                "subject": "professional",
                "minutes": float((rest - whole) * per_hour),
            },
        ],
    }
    result = check(c, display=True)
    assert exact(result["shortfall"]["professional"]) == missing
    assert result["display"]["shortfall"]["professional"] == "30.3"
    assert result["display"]["to_study"] == [
        {"year": POLICY.year, "subject": "professional", "hours": "30.3", "by": WINDOW.end.isoformat()}
    ]


def test_make_up_years_show_their_progress_on_an_annual_check():
    year = POLICY.make_up.years[0]
    c = {
        "notice": POLICY.year,
        "purpose": "annual",
        "as_of": WINDOW.start.isoformat(),
        "records": [
            {
                "year": year,
                "studied_on": WINDOW.start.isoformat(),
                "channel": "platform",
                "subject": "public",
                "hours": 20,
            }
        ],
    }
    result = check(c, display=True)
    assert list(result["make_up_years"]) == [str(year)]
    row = result["make_up_years"][str(year)]
    assert row["public"] == {"required": POLICY.requirement["public"], "credited": 20} and row["met"] is False
    assert result["display"]["make_up_years"][str(year)]["public"]["credited"] == "20"
    assert str(year) not in result["years"] and result["required_years"] == [POLICY.year]
    # Not shown when the make-up year is one the check needs, nor without a record of it.
    assert check({**c, "purpose": "assessment", "assessment_years": [year]})["make_up_years"] == {}
    assert check({**c, "records": []})["make_up_years"] == {}


def test_a_make_up_record_outside_the_window_is_not_counted():
    year = POLICY.make_up.years[-1]
    before = WINDOW.start - timedelta(days=1)
    assert before.year == POLICY.make_up.studied_in
    c = {
        "notice": POLICY.year,
        "purpose": "assessment",
        "assessment_years": [year],
        "as_of": WINDOW.start.isoformat(),
        "records": [
            {"year": year, "studied_on": before.isoformat(), "channel": "platform", "subject": "public", "hours": 30}
        ],
    }
    result = check(c)
    assert result["years"][str(year)]["public"]["credited"] == 0
    assert any(f"{before.month}月{before.day}日不在學習期內" in n["text"] for n in result["notes"])
    inside = {**c, "records": [{**c["records"][0], "studied_on": WINDOW.start.isoformat()}]}
    assert check(inside)["years"][str(year)]["public"]["credited"] == 30


def test_closed_years_say_why_in_plain_words():
    end = f"{WINDOW.end.year}年{WINDOW.end.month}月{WINDOW.end.day}日"
    not_make_up = POLICY.year - 1
    assert not_make_up not in POLICY.make_up.years
    c = {
        "notice": POLICY.year,
        "purpose": "assessment",
        "as_of": WINDOW.end.isoformat(),
        "assessment_years": [not_make_up, POLICY.year + 1],
        "records": [],
    }
    notes = [n["text"] for n in check(c)["notes"]]
    assert f"{not_make_up}年度的學時不能在{POLICY.make_up.studied_in}年補學" in " ".join(notes)
    assert f"{POLICY.year + 1}年度的學時要按{POLICY.year + 1}年度的通知學習" in " ".join(notes)
    after = dict(
        c, as_of=(WINDOW.end + timedelta(days=1)).isoformat(), assessment_years=[POLICY.year, POLICY.make_up.years[0]]
    )
    text = " ".join(n["text"] for n in check(after)["notes"])
    assert f"{POLICY.year}年度的學習已於{end}截止" in text and f"補學{POLICY.make_up.years[0]}年度" in text

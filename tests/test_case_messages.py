"""Bad input is told in the form's own words: Chinese only, no field or value
names of the code, no Python quoting; the bad value is shown in 「」, cut short."""

from __future__ import annotations

import copy
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from years import latest_policy

from calculator import check_or_errors

POLICY = latest_policy()
YEAR = POLICY.year
GOOD = {
    "notice": YEAR,
    "purpose": "title",
    "level": "senior",
    "as_of": f"{YEAR}-06-01",
    "person": {"sex": "female", "birth_date": "1985-04-12"},
    "records": [{"year": YEAR, "studied_on": f"{YEAR}-03-02", "channel": "platform", "subject": "public", "hours": 30}],
}
SHOWN = re.compile(r"「[^「」]*」")


def messages(case) -> dict[str, str]:
    out = check_or_errors(case)
    assert "errors" in out, out
    return {e["field"]: e["message"] for e in out["errors"]}


def plain(message: str) -> str:
    """The message without the values it quotes back."""
    return SHOWN.sub("", message)


junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_characters="「」", blacklist_categories=("Cs",)), max_size=60),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text("abcxyz_", min_size=1, max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
PATHS = [
    ("notice",),
    ("purpose",),
    ("level",),
    ("as_of",),
    ("person",),
    ("person", "sex"),
    ("person", "birth_date"),
    ("person", "postdoc"),
    ("person", "epidemic_years"),
    ("person", "transferred_year"),
    ("records",),
    ("records", 0),
    ("records", 0, "year"),
    ("records", 0, "studied_on"),
    ("records", 0, "channel"),
    ("records", 0, "subject"),
    ("records", 0, "hours"),
    ("records", 0, "minutes"),
    ("unknown_field",),
    ("person", "age"),
    ("records", 0, "note"),
]


def _has(container, step) -> bool:
    if isinstance(step, int):
        return isinstance(container, list) and step < len(container)
    return isinstance(container, dict)


def replaced(case, path, value):
    """`case` with the value at `path` replaced; unchanged where an earlier change removed the way there."""
    out = copy.deepcopy(case)
    inner = out
    for step in path[:-1]:
        if not (_has(inner, step) and (isinstance(step, int) or step in inner)):
            return case
        inner = inner[step]
    if not _has(inner, path[-1]):
        return case
    inner[path[-1]] = value
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), junk), min_size=1, max_size=4))
def test_every_message_is_in_chinese_without_code_names(changes):
    case = GOOD
    for path, value in changes:
        case = replaced(case, path, value)
    out = check_or_errors(case)
    for error in out.get("errors", []):
        text = plain(error["message"])
        assert not re.search(r"[A-Za-z_]", text), error
        assert "'" not in text and '"' not in text, error
        for shown in SHOWN.findall(error["message"]):
            assert len(shown) <= 2 + 30 + 1, error  # the quotes, 30 characters and an ellipsis


def test_the_messages_the_form_needs():
    bad = {
        **GOOD,
        "as_of": "?",
        "person": {"birth_date": "1979-02-30"},
        "records": [
            {
                "year": f"{YEAR - 3}年",
                "studied_on": f"{YEAR}-3-2",
                "channel": "radio",
                "subject": "public",
                "hours": -1,
            },
            {"year": YEAR, "channel": "platform", "subject": "public", "hours": 1, "minutes": 45},
        ],
    }
    got = messages(bad)
    assert got["as_of"].startswith("查詢日期沒有填完整") and f"如 {YEAR}-03-02" in got["as_of"]
    assert got["person.sex"] == "請選擇性別：男或女"
    assert got["person.birth_date"] == "1979年2月30日這個日期不存在"
    assert got["records[0].year"] == f"計入年度應該是四位數的年份，如 {YEAR}，不能是「{YEAR - 3}年」"
    assert got["records[0].studied_on"] == f"學習日期「{YEAR}-3-2」沒有填完整或寫法不對，要寫成如 {YEAR}-03-02"
    assert got["records[0].channel"].startswith("不認識的培訓渠道「radio」，可選：" + POLICY.channels["platform"].name)
    assert got["records[0].hours"].startswith("數量不能是負數")
    assert got["records[1].hours"] == got["records[1].minutes"] == "學時和分鐘只填一個"
    assert messages({**GOOD, "extra": 1})["extra"] == "不認識的欄位「extra」"
    assert messages({**GOOD, "level": None})["level"] == "請選擇申報的職稱級別：初級、中級或高級"
    assert (
        messages({**GOOD, "purpose": "promotion"})["purpose"]
        == "查詢目的只能是年度學時、申報職稱評審或考核認定，不能是「promotion」"
    )
    long = "x" * 100
    assert messages({**GOOD, "records": [{**GOOD["records"][0], "hours": long}]})["records[0].hours"].endswith(
        f"「{'x' * 30}…」"
    )


def test_a_year_without_an_age_rule_asks_no_sex_or_birth_date():
    """Sex and birth date are asked for the age rule; a notice without one does not need them."""
    import dataclasses
    from datetime import date

    from calculator.case import CaseError, parse

    policy = latest_policy()
    case = {"notice": policy.year, "purpose": "title", "level": "junior", "records": []}
    if policy.age_tiers and "title" in policy.age_purposes:
        try:
            parse(case, date(policy.year, 12, 1), {policy.year: policy})
        except CaseError as refused:
            fields = {e["field"] for e in refused.errors}
            assert {"person.sex", "person.birth_date"} <= fields, fields
        else:
            raise AssertionError("a title check under an age rule needs sex and birth date")
    without_ages = dataclasses.replace(policy, age_tiers=(), age_clause=None, age_purposes=())
    parsed, _ = parse(case, date(policy.year, 12, 1), {policy.year: without_ages})
    assert parsed.person.sex is None and parsed.person.birth_date is None

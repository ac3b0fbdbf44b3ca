"""The calculator page against damaged links and damaged storage: a message, never a dead
page, the saved checks untouched, and for a case the page can read, the same answer as the
command line (errors included)."""

from __future__ import annotations

import base64
import json

import pytest
from test_calculator import ENGINE_LOAD_MS, RESULT_SHOWN, YEAR, link, store_key
from waiting import visit, wait_for, wait_until

from calculator import check_or_errors

# The newest published year's calculator, and a check saved there.
CALCULATOR = f"{YEAR}/calculator/"
STORE = store_key(YEAR)
SAVED = {
    "checks": [
        {
            "id": "mine",
            "name": "我的",
            "saved": f"{YEAR}-01-01T00:00:00Z",
            "case": {
                "notice": YEAR,
                "purpose": "annual",
                "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": 7}],
            },
        }
    ],
    "current": "mine",
}
FIRST_ANSWER = "the calculator's first result or errors"


def raw_hash(text: str) -> str:
    return "#case=" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def watch(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def with_saved_check(page, site_url):
    visit(page, f"{site_url}/{CALCULATOR}")
    page.evaluate("([key, store]) => localStorage.setItem(key, JSON.stringify(store))", [STORE, SAVED])


@pytest.mark.parametrize(
    "hash_",
    [
        "#case=@@not-base64@@",
        raw_hash("{not json"),
        raw_hash("[1, 2]"),
        raw_hash('"text"'),
        raw_hash("42"),
        raw_hash("null"),
        "#case=" + "A" * 7,
    ],
    ids=["not-base64", "not-json", "array", "string", "number", "null", "truncated"],
)
def test_a_damaged_link_says_so_and_keeps_the_saved_check(page, site_url, hash_):
    errors = watch(page)
    with_saved_check(page, site_url)
    visit(page, f"{site_url}/{CALCULATOR}{hash_}")
    wait_for(page, RESULT_SHOWN, FIRST_ANSWER + " after a damaged link", timeout=ENGINE_LOAD_MS)
    assert "损坏" in page.locator("#saved-status").inner_text()
    assert page.locator('#records [data-key="amount"]').input_value() == "7"  # the saved check, as it was
    assert page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", STORE)["checks"] == SAVED["checks"]
    assert errors == []


@pytest.mark.parametrize(
    "records", [5, {}, [None], ["x"], [{"year": {"a": 1}}]], ids=["number", "object", "null", "string", "nested"]
)
def test_odd_records_from_a_link_or_storage_leave_the_form_alive(page, site_url, records):
    errors = watch(page)
    case = {"notice": YEAR, "purpose": "annual", "as_of": f"{YEAR}-06-01", "records": records}
    visit(page, f"{site_url}/{CALCULATOR}{link(case)}")
    wait_for(page, RESULT_SHOWN, FIRST_ANSWER + " for odd records in a link", timeout=ENGINE_LOAD_MS)
    page.locator("#edit-case").click()  # a link opens with its result; the form on request
    page.locator("#add-record").click()  # the form still works
    wait_until(
        page, "() => document.querySelectorAll('#records > li').length >= 1", "a record row after clicking #add-record"
    )
    # The same from this device's storage, on every later visit.
    page.evaluate(
        "([key, c]) => localStorage.setItem(key, JSON.stringify({checks: [{id: 'x', name: 'x', case: c}], current: 'x'}))",
        [STORE, case],
    )
    visit(page, f"{site_url}/{CALCULATOR}")
    wait_for(page, RESULT_SHOWN, FIRST_ANSWER + " for odd records kept on this device", timeout=ENGINE_LOAD_MS)
    page.locator("#delete-check").click()
    wait_until(
        page,
        "() => document.querySelectorAll('#records > li').length === 0",
        "no record row left after clicking #delete-check",
    )
    assert errors == []


@pytest.mark.parametrize(
    "store",
    ['{"checks": 5}', "[]", '{"checks": [null, 3, {"id": 1}]}', "{broken"],
    ids=["checks-number", "array", "bad-checks", "not-json"],
)
def test_damaged_storage_gives_a_new_check(page, site_url, store):
    errors = watch(page)
    visit(page, f"{site_url}/{CALCULATOR}")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE, store])
    page.reload(timeout=ENGINE_LOAD_MS)
    wait_for(page, RESULT_SHOWN, FIRST_ANSWER + " with damaged storage", timeout=ENGINE_LOAD_MS)
    assert page.locator("#records > li").count() == 0
    assert errors == []


def test_dates_that_do_not_exist_in_a_link_get_the_command_lines_errors(page, site_url):
    case = {
        "notice": YEAR,
        "purpose": "annual",
        "as_of": f"{YEAR}-13-01",
        "records": [
            {"year": YEAR, "studied_on": f"{YEAR}-02-30", "channel": "platform", "subject": "public", "hours": 30},
            {"year": YEAR, "channel": "nowhere", "subject": "public", "hours": 1},
        ],
    }
    cli = check_or_errors(json.loads(json.dumps(case)))
    assert "errors" in cli
    visit(page, f"{site_url}/{CALCULATOR}{link(case)}")
    wait_for(page, "#result[data-errors]", "the errors of dates that do not exist", timeout=ENGINE_LOAD_MS)
    shown = page.evaluate(
        "() => [...document.querySelectorAll('[data-error-field]')].map((e) => e.dataset.errorField).sort()"
    )
    assert shown == sorted(e["field"] for e in cli["errors"])


def test_huge_hours_typed_in_the_form_get_a_message_and_the_engine_goes_on(page, site_url):
    errors = watch(page)
    visit(page, f"{site_url}/{CALCULATOR}")
    wait_for(page, RESULT_SHOWN, FIRST_ANSWER, timeout=ENGINE_LOAD_MS)
    for hours in ("1e308", "1e308", "0.5"):
        page.locator("#add-record").click()
        page.locator("#records > li").last.locator('[data-key="amount"]').fill(hours)
    wait_for(page, "#result[data-errors]", "the message for 1e308 hours")
    assert page.locator('[data-error-field="records[0].hours"]').count() == 1
    assert page.locator("#engine-failed").is_hidden()
    # Corrected, the same page gives a result: the engine was never lost.
    for row in page.locator("#records > li").all()[:2]:
        row.locator('[data-key="amount"]').fill("1")
    wait_for(page, "#result[data-status]", "a result once the hours are corrected")
    assert errors == []

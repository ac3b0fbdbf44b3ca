"""The calculator page against damaged links and damaged storage: a message, never a dead
page, the saved checks untouched, and for a case the page can read, the same answer as the
command line (errors included)."""
from __future__ import annotations

import base64
import json

import pytest
from test_calculator import ENGINE_LOAD_MS, RESULT_SHOWN, link

from calculator import check_or_errors

STORE = "alxa-ce-checks-2025"
SAVED = {"checks": [{"id": "mine", "name": "我的", "saved": "2025-01-01T00:00:00Z",
                     "case": {"notice": 2025, "purpose": "annual", "records": [
                         {"year": 2025, "channel": "platform", "subject": "public", "hours": 7}]}}],
         "current": "mine"}


def raw_hash(text: str) -> str:
    return "#case=" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def watch(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def with_saved_check(page, site_url):
    page.goto(f"{site_url}/2025/calculator/")
    page.evaluate("([key, store]) => localStorage.setItem(key, JSON.stringify(store))", [STORE, SAVED])


@pytest.mark.parametrize("hash_", [
    "#case=@@not-base64@@", raw_hash("{not json"), raw_hash("[1, 2]"), raw_hash('"text"'), raw_hash("42"),
    raw_hash("null"), "#case=" + "A" * 7,
], ids=["not-base64", "not-json", "array", "string", "number", "null", "truncated"])
def test_a_damaged_link_says_so_and_keeps_the_saved_check(page, site_url, hash_):
    errors = watch(page)
    with_saved_check(page, site_url)
    page.goto(f"{site_url}/2025/calculator/{hash_}")
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    assert "损坏" in page.locator("#saved-status").inner_text()
    assert page.locator('#records [data-key="amount"]').input_value() == "7"  # the saved check, as it was
    assert page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", STORE)["checks"] == SAVED["checks"]
    assert errors == []


@pytest.mark.parametrize("records", [5, {}, [None], ["x"], [{"year": {"a": 1}}]], ids=["number", "object", "null", "string", "nested"])
def test_odd_records_from_a_link_or_storage_leave_the_form_alive(page, site_url, records):
    errors = watch(page)
    case = {"notice": 2025, "purpose": "annual", "as_of": "2025-06-01", "records": records}
    page.goto(f"{site_url}/2025/calculator/{link(case)}")
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    page.locator("#add-record").click()  # the form still works
    page.wait_for_function("() => document.querySelectorAll('#records > li').length >= 1")
    # The same from this device's storage, on every later visit.
    page.evaluate("([key, c]) => localStorage.setItem(key, JSON.stringify({checks: [{id: 'x', name: 'x', case: c}], current: 'x'}))",
                  [STORE, case])
    page.goto(f"{site_url}/2025/calculator/")
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    page.locator("#delete-check").click()
    page.wait_for_function("() => document.querySelectorAll('#records > li').length === 0")
    assert errors == []


@pytest.mark.parametrize("store", ['{"checks": 5}', '[]', '{"checks": [null, 3, {"id": 1}]}', "{broken"],
                         ids=["checks-number", "array", "bad-checks", "not-json"])
def test_damaged_storage_gives_a_new_check(page, site_url, store):
    errors = watch(page)
    page.goto(f"{site_url}/2025/calculator/")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE, store])
    page.reload()
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    assert page.locator("#records > li").count() == 0
    assert errors == []


def test_dates_that_do_not_exist_in_a_link_get_the_command_lines_errors(page, site_url):
    case = {"notice": 2025, "purpose": "annual", "as_of": "2025-13-01",
            "records": [{"year": 2025, "studied_on": "2025-02-30", "channel": "platform", "subject": "public", "hours": 30},
                        {"year": 2025, "channel": "nowhere", "subject": "public", "hours": 1}]}
    cli = check_or_errors(json.loads(json.dumps(case)))
    assert "errors" in cli
    page.goto(f"{site_url}/2025/calculator/{link(case)}")
    page.wait_for_selector("#result[data-errors]", timeout=ENGINE_LOAD_MS)
    shown = page.evaluate("() => [...document.querySelectorAll('[data-error-field]')].map((e) => e.dataset.errorField).sort()")
    assert shown == sorted(e["field"] for e in cli["errors"])


def test_huge_hours_typed_in_the_form_get_a_message_and_the_engine_goes_on(page, site_url):
    errors = watch(page)
    page.goto(f"{site_url}/2025/calculator/")
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    for hours in ("1e308", "1e308", "0.5"):
        page.locator("#add-record").click()
        page.locator("#records > li").last.locator('[data-key="amount"]').fill(hours)
    page.wait_for_selector("#result[data-errors]", timeout=10_000)
    assert page.locator('[data-error-field="records[0].hours"]').count() == 1
    assert page.locator("#engine-failed").is_hidden()
    # Corrected, the same page gives a result: the engine was never lost.
    for row in page.locator("#records > li").all()[:2]:
        row.locator('[data-key="amount"]').fill("1")
    page.wait_for_selector("#result[data-status]", timeout=10_000)
    assert errors == []

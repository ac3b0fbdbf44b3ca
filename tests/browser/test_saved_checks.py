"""The checks this device keeps, as a reader meets them: two tabs open on the same check keep
each other's edits, see each other's new checks, and a check deleted in one does not come back
from the other; a save that the browser refuses says so; a link or a stored list holding
something other than a value where the form has a box says which field it could not read, and
the form goes on working.

Figures and dates come from the newest year's rules (years.latest_policy()); the names of the
fields are read from the page, as the reader sees them."""

from __future__ import annotations

import json

import pytest
from test_calculator import (
    ENGINE_LOAD_MS,
    IN_WINDOW,
    NEED,
    RESULT_SHOWN,
    WINDOW,
    YEAR,
    add_record,
    agrees,
    expected,
    link,
    store_key,
)
from waiting import visit, wait_for, wait_shown, wait_until

CALCULATOR = f"{YEAR}/calculator/"
KEY = store_key(YEAR)
# Objects that JavaScript cannot turn into text (String() throws on them), and a list.
NOT_TEXT = {"toString": 1, "valueOf": 2}
A_LIST = [YEAR, [YEAR]]

AMOUNTS = "() => [...document.querySelectorAll('#records [data-key=amount]')].map((e) => e.value)"


def watch(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def open_page(page, site_url, hash_=""):
    """The calculator once it has answered; a link's case with its form open (「修改」), to be changed."""
    visit(page, f"{site_url}/{CALCULATOR}{hash_}")
    wait_for(page, RESULT_SHOWN, "the calculator's first result or errors", timeout=ENGINE_LOAD_MS)
    if hash_:
        page.locator("#edit-case").click()


def status(page) -> str:
    return page.locator("#saved-status").inner_text()


def saved_names(page) -> list[str]:
    """The checks the list offers (its first choice is a new check)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('#saved-list option')].slice(1).map((o) => o.textContent)"
    )


def amounts_become(page, want: list[str], what: str):
    wait_until(page, f"(want) => JSON.stringify(({AMOUNTS})()) === JSON.stringify(want)", what, arg=want)


def label(page, selector: str) -> str:
    """A field's name as the form writes it."""
    return " ".join(page.locator(selector).first.inner_text().split())


# --- two tabs -----------------------------------------------------------------------------


def test_two_tabs_editing_the_same_check_keep_both_edits_and_see_new_checks(page, site_url):
    errors = watch(page)
    open_page(page, site_url)
    add_record(page, YEAR, "platform", "public", NEED["public"], studied_on=WINDOW.start.isoformat())
    wait_until(
        page, "() => document.querySelector('#saved-list').selectedIndex === 1", "the new check kept on this device"
    )
    name = page.locator("#saved-list option:checked").inner_text()
    # The second tab opens on the check the first one is editing.
    other = page.context.new_page()
    errors += watch(other)
    open_page(other, site_url)
    assert other.locator("#saved-list option:checked").inner_text() == name
    amounts_become(other, [str(NEED["public"])], "the first tab's record in the second tab")
    # Each tab's edit appears in the other, and the later edit builds on the earlier one.
    add_record(other, YEAR, "platform", "professional", NEED["professional"], studied_on=IN_WINDOW.isoformat())
    both = [str(NEED["public"]), str(NEED["professional"])]
    amounts_become(page, both, "the second tab's record in the first tab")
    assert name in status(page)
    page.locator("#as_of").fill((WINDOW.end).isoformat())
    wait_until(
        other,
        "(day) => document.querySelector('#as_of').value === day",
        "the first tab's query date in the second tab",
        arg=WINDOW.end.isoformat(),
    )
    # A fresh visit finds one check with both tabs' records, and its result.
    fresh = page.context.new_page()
    errors += watch(fresh)
    open_page(fresh, site_url)
    assert saved_names(fresh) == [name]
    amounts_become(fresh, both, "both tabs' records after a fresh visit")
    case = {
        "notice": YEAR,
        "purpose": "annual",
        "as_of": WINDOW.end.isoformat(),
        "records": [
            {
                "year": YEAR,
                "studied_on": WINDOW.start.isoformat(),
                "channel": "platform",
                "subject": "public",
                "hours": NEED["public"],
            },
            {
                "year": YEAR,
                "studied_on": IN_WINDOW.isoformat(),
                "channel": "platform",
                "subject": "professional",
                "hours": NEED["professional"],
            },
        ],
    }
    assert agrees(fresh, expected(case))
    fresh.close()
    # A new check made in one tab is offered in the other at once.
    other.locator("#new-check").click()
    add_record(other, YEAR, "platform", "public", 1)
    other.locator("#check-name").fill("第二個")
    other.locator("#save-check").click()
    wait_until(
        page,
        "() => [...document.querySelectorAll('#saved-list option')].some((o) => o.textContent === '第二個')",
        "the second tab's new check in the first tab's list",
    )
    assert page.locator("#saved-list option:checked").inner_text() == name  # the first tab stays on its check
    amounts_become(page, both, "the first tab's own check still on screen")
    assert errors == []


@pytest.mark.parametrize("hears", [True, False], ids=["told-at-once", "not-yet-told"])
def test_a_check_deleted_in_one_tab_stays_deleted_when_the_other_edits_it(page, site_url, hears):
    """`not-yet-told`: the other tab misses the news (its `storage` events are held back, as for
    a tab that was asleep), edits the deleted check, and still does not bring it back."""
    errors = watch(page)
    open_page(page, site_url)
    add_record(page, YEAR, "platform", "public", 3)
    wait_until(
        page, "() => document.querySelector('#saved-list').selectedIndex === 1", "the new check kept on this device"
    )
    name = page.locator("#saved-list option:checked").inner_text()
    other = page.context.new_page()
    errors += watch(other)
    if not hears:
        other.add_init_script("window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true)")
    open_page(other, site_url)
    amounts_become(other, ["3"], "the check open in the second tab")
    page.locator("#delete-check").click()
    assert name in status(page) and saved_names(page) == []
    if hears:
        wait_until(
            other,
            "(name) => document.querySelector('#saved-status').textContent.includes(name) && "
            "document.querySelectorAll('#saved-list option').length === 1",
            "the second tab saying the check was deleted elsewhere",
            arg=name,
        )
    other.locator('#records [data-key="amount"]').fill("4")
    other.locator("#add-record").click()
    # The second tab keeps what is on its screen, says the check is gone, and does not save it.
    wait_until(
        other,
        "(name) => document.querySelector('#saved-status').textContent.includes(name) && "
        "document.querySelectorAll('#saved-list option').length === 1",
        "the second tab saying the check was deleted elsewhere",
        arg=name,
    )
    assert other.locator('#records [data-key="amount"]').first.input_value() == "4"
    other.wait_for_timeout(1000)  # longer than a pause in typing: any write it would make is made
    for tab in (page, other):
        tab.reload()
        wait_for(tab, RESULT_SHOWN, "the result after a reload", timeout=ENGINE_LOAD_MS)
        assert saved_names(tab) == [] and tab.locator("#records > li").count() == 0
    # Saved on purpose, what the second tab had becomes a check of its own.
    assert errors == []


def test_undoing_a_deletion_brings_the_check_back_in_both_tabs(page, site_url):
    open_page(page, site_url)
    add_record(page, YEAR, "platform", "public", 5)
    wait_until(
        page, "() => document.querySelector('#saved-list').selectedIndex === 1", "the new check kept on this device"
    )
    name = page.locator("#saved-list option:checked").inner_text()
    other = page.context.new_page()
    open_page(other, site_url)
    page.locator("#delete-check").click()
    wait_until(
        other,
        "() => document.querySelectorAll('#saved-list option').length === 1",
        "the deletion in the second tab's list",
    )
    page.locator("#saved-status .undo").click()
    wait_until(
        other,
        "(name) => [...document.querySelectorAll('#saved-list option')].some((o) => o.textContent === name)",
        "the undone deletion in the second tab's list",
        arg=name,
    )
    fresh = page.context.new_page()
    open_page(fresh, site_url)
    assert saved_names(fresh) == [name]
    amounts_become(fresh, ["5"], "the restored check's record after a fresh visit")


# --- a save the browser refuses ---------------------------------------------------------------

FULL_STORAGE = """
    window.__storageFull = true;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (...args) {
        if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return setItem.apply(this, args);
    };
"""


def test_a_save_the_browser_refuses_says_so_and_the_page_works_on(page, site_url):
    errors = watch(page)
    page.add_init_script(FULL_STORAGE)
    open_page(page, site_url)
    add_record(page, YEAR, "platform", "public", NEED["public"])
    wait_until(
        page,
        "() => document.querySelector('#saved-status').textContent.includes('没有保存')",
        "the page saying the check was not saved",
    )
    assert "已保存" not in status(page)
    page.locator("#check-name").fill("存不下")
    page.locator("#save-check").click()
    assert "没有保存" in status(page) and "已保存" not in status(page)
    # It stands out from the usual grey line (bold), and stops standing out once saving works.
    bold = "() => getComputedStyle(document.querySelector('#saved-status')).fontWeight"
    assert int(page.evaluate(bold)) >= 600
    # The result is shown all the same.
    case = {
        "notice": YEAR,
        "purpose": "annual",
        "as_of": page.locator("#as_of").input_value(),
        "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": NEED["public"]}],
    }
    assert agrees(page, expected(case))
    # Once the browser takes writes again, the next change is saved and the page says so.
    page.evaluate("() => { window.__storageFull = false; }")
    page.locator('#records [data-key="amount"]').fill(str(NEED["public"] + 1))
    wait_until(
        page,
        "() => !document.querySelector('#saved-status').textContent.includes('没有保存')",
        "the usual line once saving works again",
    )
    assert int(page.evaluate(bold)) < 600
    page.reload()
    wait_for(page, RESULT_SHOWN, "the result after a reload", timeout=ENGINE_LOAD_MS)
    amounts_become(page, [str(NEED["public"] + 1)], "the check saved once the browser took writes again")
    assert errors == []


def test_an_earlier_pages_saved_case_that_cannot_be_kept_anew_says_so(page, site_url):
    """A case an earlier version of the page kept (under its older key) is taken over on the
    first visit, which writes it anew: a refused write is said, and the case is not lost."""
    case = {
        "notice": YEAR,
        "purpose": "annual",
        "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": 7}],
    }
    page.add_init_script(f"localStorage.setItem('alxa-ce-case-{YEAR}', {json.dumps(json.dumps(case))});" + FULL_STORAGE)
    open_page(page, site_url)
    amounts_become(page, ["7"], "the earlier page's case on the form")
    assert "没有保存" in status(page), status(page)
    assert int(page.evaluate("() => getComputedStyle(document.querySelector('#saved-status')).fontWeight")) >= 600
    assert page.evaluate(f"() => localStorage.getItem('alxa-ce-case-{YEAR}')") is not None  # kept for the next visit


def test_a_deletion_the_browser_refuses_says_so(page, site_url):
    open_page(page, site_url)
    add_record(page, YEAR, "platform", "public", 2)
    wait_until(
        page, "() => document.querySelector('#saved-list').selectedIndex === 1", "the new check kept on this device"
    )
    name = page.locator("#saved-list option:checked").inner_text()
    page.wait_for_timeout(1000)  # written
    page.evaluate(f"() => {{ {FULL_STORAGE} }}")
    page.locator("#delete-check").click()
    text = status(page)
    assert name in text and "没能" in text and not text.startswith("已删除"), text


# --- what a link or storage holds that the form cannot -------------------------------------

# Each: a case with something that is not a value in one or more boxes, the boxes' selectors
# (for their names as the page writes them), and how the reader then fills them in.
TITLE = {
    "notice": YEAR,
    "purpose": "title",
    "as_of": IN_WINDOW.isoformat(),
    "person": {"sex": "female", "birth_date": IN_WINDOW.replace(year=IN_WINDOW.year - 40).isoformat()},
    "level": "intermediate",
    "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": NEED["public"]}],
}


def fill_level(page):
    page.locator("#level").select_option("intermediate")


def fill_as_of(page):
    page.locator("#as_of").fill(IN_WINDOW.isoformat())


def fill_year(page):
    page.locator('#records [data-key="year"]').first.fill(str(YEAR))


def fill_sex(page):
    page.locator('input[name="person.sex"][value="female"]').check()


def fill_hours(page):
    page.locator('#records [data-key="amount"]').first.fill(str(NEED["public"]))


HOSTILE = {
    "level": ({**TITLE, "level": NOT_TEXT}, ["label[for=level]"], [fill_level]),
    "as_of": ({**TITLE, "as_of": NOT_TEXT}, ["label[for=as_of]"], [fill_as_of]),
    "record-year-and-sex": (
        {
            **TITLE,
            "person": {**TITLE["person"], "sex": [NOT_TEXT]},
            "records": [{**TITLE["records"][0], "year": NOT_TEXT}],
        },
        ['#records [data-key="year"]', "#sex-label"],
        [fill_year, fill_sex],
    ),
    "hours-as-a-list": (
        {**TITLE, "records": [{**TITLE["records"][0], "hours": A_LIST}]},
        ['#records [data-key="amount"]'],
        [fill_hours],
    ),
}


def name_of(page, selector: str) -> str:
    node = page.locator(selector).first
    return node.get_attribute("aria-label") if node.get_attribute("aria-label") else label(page, selector)


def expect_messages_then_a_result(page, selectors, fixes, where: str):
    names = [name_of(page, selector) for selector in selectors]
    for name in names:
        assert f"「{name}」" in status(page), (name, status(page))
    # Each named field carries its message until it is filled in; no result meanwhile.
    wait_for(page, "#result[data-errors]", f"the fields {where} could not give, listed before any result")
    listed = page.locator("#result .error-summary").inner_text()
    for name in names:
        assert name in listed, (name, listed)
    assert page.locator("#result").get_attribute("data-status") is None
    for fix in fixes:
        fix(page)
    assert agrees(page, expected(TITLE)), f"the result once the fields {where} could not give are filled in"


@pytest.mark.parametrize("hostile", HOSTILE, ids=list(HOSTILE))
def test_a_link_holding_what_the_form_cannot_says_which_field_and_the_form_works(page, site_url, hostile):
    case, selectors, fixes = HOSTILE[hostile]
    errors = watch(page)
    open_page(page, site_url, link(case))
    assert "链接" in status(page)
    expect_messages_then_a_result(page, selectors, fixes, "the link")
    assert errors == []


def test_a_stored_list_holding_what_the_form_cannot_says_which_field_and_the_form_works(page, site_url):
    errors = watch(page)
    hostile = {**TITLE, "level": NOT_TEXT, "as_of": [NOT_TEXT], "records": [{**TITLE["records"][0], "year": NOT_TEXT}]}
    store = {
        "checks": [
            None,
            7,
            {"id": NOT_TEXT, "name": "x", "case": TITLE},
            {"id": "no-case", "name": "y", "case": [1]},
            {"id": "bad", "name": "我的", "saved": NOT_TEXT, "case": hostile},
        ],
        "current": "bad",
        "deleted": {"x": NOT_TEXT, "y": [1]},
    }
    visit(page, f"{site_url}/{CALCULATOR}")
    page.evaluate("([key, store]) => localStorage.setItem(key, store)", [KEY, json.dumps(store)])
    for visit_ in ("first", "second"):  # the same on every visit until the reader fills them in
        page.reload()
        wait_for(page, RESULT_SHOWN, f"the {visit_} visit's first result or errors", timeout=ENGINE_LOAD_MS)
        assert "我的" in status(page) and saved_names(page) == ["我的"]
        assert page.locator('[data-field-box="level"] .field-error').is_visible()
    expect_messages_then_a_result(
        page,
        ["label[for=level]", "label[for=as_of]", '#records [data-key="year"]'],
        [fill_level, fill_as_of, fill_year],
        "the stored check",
    )
    # Filled in, the check is kept as it now is: the next visit reads it without a message.
    page.wait_for_timeout(1000)
    page.reload()
    wait_for(page, "#result[data-status]", "the corrected check's result after a reload", timeout=ENGINE_LOAD_MS)
    assert agrees(page, expected(TITLE)) and "「" not in status(page).replace("「我的」", "")
    assert errors == []


def test_a_hidden_field_that_could_not_be_read_holds_back_no_result(page, site_url):
    """A level that could not be read, in a check of one year's hours (where no level is asked),
    is said, but the result of what is asked is shown."""
    case = {
        "notice": YEAR,
        "purpose": "annual",
        "as_of": IN_WINDOW.isoformat(),
        "level": NOT_TEXT,
        "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": NEED["public"]}],
    }
    open_page(page, site_url, link(case))
    assert f"「{label(page, 'label[for=level]')}」" in status(page)
    assert agrees(page, expected({key: value for key, value in case.items() if key != "level"}))
    # Asked for a title, the level is then missing, and said.
    page.locator('input[name="purpose"][value="title"]').check()
    wait_shown(page.locator('[data-field-box="level"] .field-error'), "the level's message once a title is asked for")


# --- typing costs the same whatever is kept -----------------------------------------------------

COUNT_WRITES = """
    window.__writes = 0;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (...args) { window.__writes += 1; return setItem.apply(this, args); };
"""


def test_typing_writes_once_it_pauses_and_nothing_typed_is_lost_on_leaving(page, site_url):
    many = {
        "checks": [
            {
                "id": f"c{i}",
                "name": f"查詢 {i}",
                "saved": f"{YEAR}-01-01T00:00:00.000Z",
                "case": {"notice": YEAR, "purpose": "annual", "records": TITLE["records"] * 10},
            }
            for i in range(500)
        ],
        "current": "c0",
    }
    visit(page, f"{site_url}/{CALCULATOR}")
    page.evaluate("([key, store]) => localStorage.setItem(key, store)", [KEY, json.dumps(many)])
    page.add_init_script(COUNT_WRITES)
    page.reload()
    wait_for(page, RESULT_SHOWN, "the first result with 500 saved checks", timeout=ENGINE_LOAD_MS)
    amount = page.locator('#records [data-key="amount"]').first
    amount.fill("")
    amount.press_sequentially("123456789", delay=20)  # ten changes, quicker than a pause
    writes = page.evaluate("() => window.__writes")
    assert writes <= 3, writes
    # Left at once: what was typed is there on the next visit.
    page.reload()
    wait_for(page, RESULT_SHOWN, "the result after leaving at once", timeout=ENGINE_LOAD_MS)
    assert page.locator('#records [data-key="amount"]').first.input_value() == "123456789"
    assert len(saved_names(page)) == 500

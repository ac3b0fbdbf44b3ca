"""The calculator as its readers use it on a phone: nothing moves while it loads, a shared
link lands on its result, the status stays in view, what to do is said with its date, the
checks kept on the device survive links and deletions, and the printout can be filed.

Figures and dates come from the notice's rules (calculator.policy), never written here."""

from __future__ import annotations

import subprocess

from conftest import layout_shifts, watch_layout_shifts
from test_calculator import (
    ENGINE_LOAD_MS,
    READY,
    RESULT_SHOWN,
    add_hours_and_wait_kept,
    link,
    open_calculator,
    store_key,
)
from waiting import visit, wait_for, wait_shown, wait_until
from years import chinese_date, latest_policy

from calculator import check_or_errors
from calculator.policy import Policy

PHONE = {"width": 390, "height": 844}


def short_title_case(policy: Policy) -> dict:
    """An intermediate applicant, 40 on the check date, inside the window: every required
    year half done, so that one year is closed (neither the notice's year nor make-up) and
    the others can still be finished by the window's end."""
    years = policy.title_years["intermediate"]
    window = policy.window
    as_of = window.start + (window.end - window.start) / 2
    half = {s: policy.requirement[s] / 2 for s in ("public", "professional")}

    def studied(y):
        return (as_of - (as_of - window.start) / 2).isoformat() if y == policy.year else f"{y}-06-01"

    records = [
        {"year": y, "channel": "platform", "subject": s, "hours": h, "studied_on": studied(y)}
        for y in years
        for s, h in half.items()
    ]
    return {
        "notice": policy.year,
        "purpose": "title",
        "level": "intermediate",
        "as_of": as_of.isoformat(),
        "person": {"sex": "female", "birth_date": as_of.replace(year=as_of.year - 40).isoformat()},
        "records": records,
    }


def phone_page(browser, site_url):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    return context, context.new_page()


def test_nothing_moves_while_the_calculator_loads_on_a_slow_phone(browser, site_url):
    """Layout shifts summed over the whole load, at 390 px with the CPU slowed 4x (CDP), until
    the first result has been shown for a moment: the form is served as the script shows it."""
    context, page = phone_page(browser, site_url)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    watch_layout_shifts(page)
    visit(page, f"{site_url}/{latest_policy().year}/calculator/", timeout=2 * ENGINE_LOAD_MS)
    wait_for(page, READY, "the engine ready on a phone with its CPU slowed 4x", timeout=2 * ENGINE_LOAD_MS)
    page.wait_for_timeout(1500)
    shifts = layout_shifts(page)
    context.close()
    assert sum(value for value, _ in shifts) <= 0.02, shifts


def test_a_shared_link_opens_with_its_result_in_view(browser, site_url):
    policy = latest_policy()
    case = short_title_case(policy)
    context, page = phone_page(browser, site_url)
    visit(page, f"{site_url}/{policy.year}/calculator/{link(case)}")
    wait_for(page, "#result[data-status]", "the shared link's result", timeout=ENGINE_LOAD_MS)
    page.wait_for_timeout(300)
    top, status, scrolled = page.evaluate(
        "() => [document.querySelector('#result').getBoundingClientRect().top,"
        " document.querySelector('.result-status').getBoundingClientRect().bottom, scrollY]"
    )
    context.close()
    # In view where the page put it: the page did not scroll itself there.
    assert top >= 0 and status <= PHONE["height"] and scrolled == 0, (top, status, scrolled)


def test_the_result_says_what_to_do_by_when_and_what_is_closed(page, site_url):
    policy = latest_policy()
    case = short_title_case(policy)
    result = check_or_errors(case)
    assert result["status"] == "not_met" and result["closed"] and result["to_study"]
    open_calculator(page, site_url, case, "zh-hant/")
    todo = page.locator(".result-todo").inner_text()
    assert chinese_date(policy.window.end.isoformat()) in todo
    for item in result["to_study"]:
        assert f"{item['year']}年度" in todo
    closed = page.locator(".result-closed").inner_text()
    for item in result["closed"]:
        assert f"{item['year']}年度" in closed
    # Once the window has closed, nothing is left to study under this notice.
    late = {**case, "as_of": policy.window.end.replace(year=policy.window.end.year + 1).isoformat()}
    page.evaluate("(hash) => { location.hash = hash; }", link(late))
    wait_until(
        page,
        "() => !document.querySelector('.result-todo') && document.querySelector('.result-closed')",
        "the closed gaps only, nothing left to study, once the window has closed",
    )


def test_the_phone_status_bar_shows_the_status_while_the_form_is_edited(browser, site_url):
    policy = latest_policy()
    context, page = phone_page(browser, site_url)
    visit(page, f"{site_url}/{policy.year}/calculator/")
    wait_for(page, READY, "the calculator's engine ready", timeout=ENGINE_LOAD_MS)
    page.locator("#add-record").click()
    row = page.locator("#records > li").last
    hours = policy.requirement["public"]
    row.locator('[data-key="amount"]').fill(str(hours))
    # Back up to the top of the form, the result out of sight. (Scrolling only as far as the
    # query date shows is not enough: after the new record took the focus, the date could
    # still be on the screen with the result in sight, and the bar rightly hidden.)
    page.evaluate("() => window.scrollTo(0, 0)")
    wait_until(
        page,
        "() => document.querySelector('#result').getBoundingClientRect().top > innerHeight",
        "the result below the screen once the page is back at its top",
        timeout=5_000,
    )
    bar = page.locator("#status-bar")
    wait_shown(bar, "the status bar at the foot of the screen, the result being out of sight", timeout=5_000)
    # The record meets the public minimum: the bar says what is still missing, the other subject.
    wait_until(
        page,
        "() => document.querySelector('#status-bar').dataset.status === 'not_met'",
        "the status bar saying not met (尚未达到要求)",
    )
    text = bar.inner_text()
    assert "尚未达到要求" in text and "公需 0" in text and f"专业 {policy.requirement['professional']}" in text, text
    bar.locator("a").click()
    wait_until(
        page,
        "() => document.querySelector('#result').getBoundingClientRect().top < 200",
        "the result near the top of the screen after tapping the status bar",
        timeout=5_000,
    )
    context.close()


def test_opening_a_link_keeps_the_checks_saved_on_this_device(page, site_url):
    policy = latest_policy()
    open_calculator(page, site_url)
    page.locator("#add-record").click()
    page.locator("#records > li").last.locator('[data-key="amount"]').fill("7")
    page.locator("#check-name").fill("我的記錄")
    page.locator("#save-check").click()
    key = store_key(policy.year)
    wait_until(
        page,
        "(key) => localStorage.getItem(key)?.includes('我的記錄')",
        "the check saved as 「我的記錄」 on this device",
        arg=key,
    )
    saved_before = page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).checks", key)
    visit(page, f"{site_url}/{policy.year}/calculator/{link(short_title_case(policy))}")
    wait_for(page, RESULT_SHOWN, "the link's result", timeout=ENGINE_LOAD_MS)
    page.locator("#edit-case").click()  # the form, in place of the link's case in short
    page.locator("#records > li").first.locator('[data-key="amount"]').fill("1")  # edit the link's case
    page.wait_for_timeout(300)
    assert page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).checks", key) == saved_before
    assert "链接" in page.locator("#saved-status").inner_text()
    # The saved check is one choice away, as it was.
    page.locator("#saved-list").select_option(label="我的記錄")
    wait_until(
        page,
        "() => document.querySelector('#records [data-key=amount]').value === '7'",
        "the saved check's 7 hours back in the form",
    )


def test_deleting_a_saved_check_can_be_undone(page, site_url):
    policy = latest_policy()
    key = store_key(policy.year)
    open_calculator(page, site_url)
    add_hours_and_wait_kept(page, 9, policy.year)
    page.locator("#delete-check").click()
    assert page.locator("#records > li").count() == 0
    assert page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).checks.length", key) == 0
    page.locator("#saved-status .undo").click()
    wait_until(
        page,
        "() => document.querySelector('#records [data-key=amount]')?.value === '9'",
        "the deleted check's 9 hours back after clicking undo",
    )
    assert page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).checks.length", key) == 1


def test_the_printed_result_carries_the_inputs_and_fits_one_a4_page(page, site_url, tmp_path):
    policy = latest_policy()
    case = short_title_case(policy)
    open_calculator(page, site_url, case)
    pdf = tmp_path / "result.pdf"
    page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "Pages:           1" in info, info
    assert case["as_of"] in text and case["person"]["birth_date"] in text
    for record in case["records"]:
        assert f"{record['hours']:g} 学时" in text and record["studied_on"] in text, record
    assert "打印日期" in text and "尚未达到要求" in text

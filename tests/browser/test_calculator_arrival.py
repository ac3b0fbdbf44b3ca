"""The calculator as a reader arrives at it: an empty form judges nothing and says what the
notice asks; a message waits until its box has been reached; a colleague's link opens on its
result, laid out as such from the first paint, and keeps its case in the other script; and
the page holds at twice the text size on a phone.

Figures and dates come from the notice's rules (years.latest_policy()), never written here."""

from __future__ import annotations

from conftest import layout_shifts, watch_layout_shifts
from test_calculator import (
    ENGINE_LOAD_MS,
    READY,
    RESULT_SHOWN,
    add_hours_and_wait_kept,
    agrees,
    expected,
    link,
    shown,
)
from test_calculator_reader import PHONE, phone_page, short_title_case
from waiting import visit, wait_for, wait_shown, wait_url
from years import chinese_date, latest_policy

POLICY = latest_policy()
YEAR = POLICY.year
CALCULATOR = f"{YEAR}/calculator/"

SHOWN_ERRORS = (
    "() => [...document.querySelectorAll('.field-error')].filter((e) => e.offsetParent).map((e) => e.textContent)"
)


def test_an_empty_form_shows_what_the_notice_asks_and_no_verdict(page, site_url):
    visit(page, f"{site_url}/{CALCULATOR}")
    wait_for(page, READY, "the calculator's engine ready", timeout=ENGINE_LOAD_MS)
    page.wait_for_timeout(300)
    result = page.locator("#result")
    assert result.get_attribute("data-status") is None and result.get_attribute("data-errors") is None
    assert result.get_attribute("data-prompt") is not None
    text = result.inner_text()
    assert "尚未达到要求" not in text and "更正" not in text, text
    need = POLICY.requirement
    assert f"{need['public']} 学时" in text and f"{need['professional']} 学时" in text, text
    assert chinese_date(POLICY.window.end) in text, text
    assert page.evaluate(SHOWN_ERRORS) == []
    assert page.locator("#status-bar").get_attribute("data-status") is None


def test_choosing_a_title_alone_shows_no_error_until_a_box_is_left(page, site_url):
    visit(page, f"{site_url}/{CALCULATOR}")
    wait_for(page, READY, "the calculator's engine ready", timeout=ENGINE_LOAD_MS)
    page.locator('input[name="purpose"][value="title"]').check()
    # The engine's answer to a title with nothing else: what is still to fill, as words, not errors.
    wait_shown(page.locator("#result .result-needed"), "what is still to fill for a title application")
    needed = page.locator("#result .result-needed").inner_text()
    assert "性别" in needed and "出生日期" in needed, needed
    result = page.locator("#result")
    assert result.get_attribute("data-errors") is None and result.get_attribute("data-status") is None
    assert page.evaluate(SHOWN_ERRORS) == []
    assert page.locator("[aria-invalid]").count() == 0
    # A box the reader left with something the engine refuses says so, beside it and in the list.
    page.locator("#add-record").click()
    amount = page.locator("#records > li").last.locator('[data-key="amount"]')
    amount.fill("-5")
    amount.blur()
    wait_shown(page.locator("#records > li .field-error"), "the amount's message once the box was left")
    assert "不能是负数" in page.locator("#records > li .field-error").inner_text()
    assert page.locator("#result").get_attribute("data-errors") == "1"
    # The boxes not reached yet still say nothing; sharing is a deliberate step: all are said.
    assert page.locator('[data-error-for="person.sex"]').is_hidden()
    page.locator("#share").click()
    wait_shown(page.locator('[data-error-for="person.sex"]'), "every message once the reader shares the case")
    assert int(page.locator("#result").get_attribute("data-errors")) == 3


def test_a_link_arrives_on_its_result_and_nothing_moves(browser, site_url):
    """At 390 px with the CPU slowed 4x (CDP), layout shifts summed over the whole load until the
    result has been shown for a moment; the page is laid out as a link's from its first paint."""
    case = short_title_case(POLICY)
    context, page = phone_page(browser, site_url)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    watch_layout_shifts(page)
    visit(page, f"{site_url}/{CALCULATOR}{link(case)}", wait_until="commit", timeout=2 * ENGINE_LOAD_MS)
    wait_for(page, "#engine-status", "the loading line", state="attached", timeout=2 * ENGINE_LOAD_MS)
    # While it loads, the loading line is inside the result's box, and the form is away.
    assert page.evaluate(
        "() => document.querySelector('#result').contains(document.querySelector('#engine'))"
        " && !document.querySelector('#case-form').offsetParent"
    )
    wait_for(page, "#result[data-status]", "the link's result on a slow phone", timeout=2 * ENGINE_LOAD_MS)
    page.wait_for_timeout(1500)
    shifts = layout_shifts(page)
    seen = page.evaluate("""() => {
        const top = (s) => document.querySelector(s).getBoundingClientRect().top;
        return {note: document.querySelector('.link-note').offsetParent !== null && top('.link-note') < innerHeight,
                resultFirst: top('#result') < top('#case-summary'), form: document.querySelector('#case-form').offsetParent !== null,
                status: document.querySelector('.result-status').getBoundingClientRect().bottom, scrolled: scrollY};
    }""")
    summary = page.locator("#case-summary").inner_text()
    page.locator("#edit-case").click()
    wait_shown(page.locator("#case-form"), "the form after 「修改」")
    assert page.locator("#case-summary").is_hidden()
    context.close()
    assert sum(value for value, _ in shifts) <= 0.02, shifts
    assert seen["note"] and seen["resultFirst"] and not seen["form"], seen
    assert seen["status"] <= PHONE["height"] and seen["scrolled"] == 0, seen
    assert "你填写的内容" in summary and case["person"]["birth_date"][:4] in summary, summary
    for record in case["records"]:
        assert f"{record['year']} 年度" in summary


def test_the_traditional_page_from_a_link_keeps_its_case(page, site_url):
    case = short_title_case(POLICY)
    changed = {**case, "records": [{**case["records"][0], "hours": 1}, *case["records"][1:]]}
    want = expected(changed)
    visit(page, f"{site_url}/{CALCULATOR}{link(case)}")
    wait_for(page, "#result[data-status]", "the link's result", timeout=ENGINE_LOAD_MS)
    # The reader's change to the link's case goes along too.
    page.locator("#edit-case").click()
    page.locator("#records > li").first.locator('[data-key="amount"]').fill("1")
    assert agrees(page, want), (shown(page), want)
    page.locator("a.script-switch").click()
    wait_url(
        page, lambda url: "/zh-hant/" in url and "#case=" in url, "the Traditional page with the case in its address"
    )
    wait_for(page, "#result[data-status]", "the Traditional page's result", timeout=ENGINE_LOAD_MS)
    assert agrees(page, want), (shown(page), want)
    assert "你填寫的內容" in page.locator("#case-summary").inner_text()
    assert page.locator("#records [data-key=amount]").first.input_value() == "1"
    # And back: the Simplified page shows the same.
    page.locator("a.script-switch").click()
    wait_url(page, lambda url: "/zh-hant/" not in url and "#case=" in url, "the Simplified page with the case")
    wait_for(page, "#result[data-status]", "the Simplified page's result", timeout=ENGINE_LOAD_MS)
    assert agrees(page, want), (shown(page), want)


def test_the_other_script_opens_the_saved_check_on_screen(page, site_url):
    visit(page, f"{site_url}/{CALCULATOR}")
    wait_for(page, READY, "the calculator's engine ready", timeout=ENGINE_LOAD_MS)
    add_hours_and_wait_kept(page, 7)
    page.locator("a.script-switch").click()
    wait_url(page, f"**/zh-hant/{CALCULATOR}", "the Traditional calculator")
    wait_for(page, RESULT_SHOWN, "the Traditional page's answer", timeout=ENGINE_LOAD_MS)
    assert page.locator("#records [data-key=amount]").first.input_value() == "7"
    assert "#case=" not in page.url


def test_twice_the_text_on_a_phone_fits_and_the_top_button_covers_nothing(browser, site_url):
    case = short_title_case(POLICY)
    context, page = phone_page(browser, site_url)
    visit(page, f"{site_url}/{CALCULATOR}{link(case)}")
    wait_for(page, "#result[data-status]", "the link's result", timeout=ENGINE_LOAD_MS)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    page.wait_for_timeout(300)
    # Nothing wider than the screen, but inside a box that scrolls on its own.
    wide = page.evaluate("""() => {
        const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= innerWidth + 1) return true; }
            return false; };
        return [document.scrollingElement.scrollWidth, [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !scrolls(e))
            .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)];
    }""")
    assert wide[0] <= PHONE["width"] and wide[1] == [], wide
    # Material's back-to-top button appears as the reader scrolls back up: bring the result's
    # heading to the top that way, and the button must not lie over it or its buttons.
    page.evaluate("() => window.scrollTo(0, document.querySelector('#result').offsetTop + 1500)")
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -1200)
    page.wait_for_timeout(300)
    page.evaluate("() => document.querySelector('#result-title').scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    overlaps = page.evaluate("""() => {
        const top = document.querySelector('.md-top');
        if (!top || top.hidden || ['none', 'hidden'].includes(getComputedStyle(top).display)
            || getComputedStyle(top).visibility === 'hidden') return [];
        const t = top.getBoundingClientRect();
        return [...document.querySelectorAll('#result-title, #result .result-actions button')].filter((e) => {
            const r = e.getBoundingClientRect();
            return r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom;
        }).map((e) => e.id || e.textContent);
    }""")
    context.close()
    assert overlaps == [], overlaps

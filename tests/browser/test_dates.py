"""What the pages say about today, which only the reader's browser knows: where today stands
against the newest notice's study period, on a day before it, within it (its last day too)
and after it, with the browser's clock set to that day; and that saying it moves nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from conftest import layout_shifts, watch_layout_shifts
from waiting import visit, wait_for
from years import chinese_date, latest, latest_policy

POLICY = latest_policy()
WINDOW = POLICY.window
Y = latest()
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}

pytestmark = pytest.mark.skipif(WINDOW is None, reason="the newest notice states no study period")

# What a reader is told, in each script, with the window's dates from the rules.
SAYS = {
    "hans": {
        "before": lambda: f"学习期自{chinese_date(WINDOW.start)}开始",
        "during": lambda days: f"本年度学习期还有 {days} 天（至{chinese_date(WINDOW.end)}）",
        "after": lambda: f"学习期已于{chinese_date(WINDOW.end)}结束。此后所学的学时按下一年度的通知计算",
    },
    "hant": {
        "before": lambda: f"學習期自{chinese_date(WINDOW.start)}開始",
        "during": lambda days: f"本年度學習期還有 {days} 天（至{chinese_date(WINDOW.end)}）",
        "after": lambda: f"學習期已於{chinese_date(WINDOW.end)}結束。此後所學的學時按下一年度的通知計算",
    },
}
PREFIX = {"hans": "", "hant": "/zh-hant"}


def days(phase: str) -> list[tuple[date, str, int | None]]:
    """Days of each phase to set the clock to, with the days left a reader is told."""
    if phase == "before":
        return [(WINDOW.start - timedelta(days=1), "before", None)]
    if phase == "during":
        middle = WINDOW.start + (WINDOW.end - WINDOW.start) / 2
        return [
            (WINDOW.start, "during", (WINDOW.end - WINDOW.start).days + 1),
            (middle, "during", (WINDOW.end - middle).days + 1),
            (WINDOW.end, "during", 1),  # the last day still counts
        ]
    return [(WINDOW.end + timedelta(days=1), "after", None), (WINDOW.end + timedelta(days=370), "after", None)]


def set_day(page, day: date) -> None:
    # Noon in UTC is the same calendar day from Greenwich to Inner Mongolia (UTC+8).
    page.clock.set_fixed_time(datetime.combine(day, time(12), tzinfo=UTC))


def expected(script: str, phase: str, left: int | None) -> str:
    return SAYS[script][phase](left) if phase == "during" else SAYS[script][phase]()


def status_line(page) -> str:
    wait_for(page, "[data-window-status][data-window-phase]", "the study period's line, filled")
    return page.locator("[data-window-status]").first.inner_text()


@pytest.mark.parametrize("script", ["hans", "hant"])
@pytest.mark.parametrize("phase", ["before", "during", "after"])
def test_the_home_page_says_where_today_stands(page, site_url, script, phase):
    for day, want, left in days(phase):
        set_day(page, day)
        visit(page, f"{site_url}{PREFIX[script]}/")
        said = status_line(page)
        assert said.startswith(expected(script, want, left)), (day, said)
        assert page.locator("[data-window-status]").first.get_attribute("data-window-phase") == want


def test_the_calculator_page_says_where_today_stands(page, site_url):
    """The calculator page's line comes from its template: the same module fills it from the
    element's own attributes."""
    for script in ("hans", "hant"):
        for phase in ("before", "during", "after"):
            for day, want, left in days(phase):
                set_day(page, day)
                visit(page, f"{site_url}{PREFIX[script]}/{Y}/calculator/")
                said = status_line(page)
                assert said.startswith(expected(script, want, left)), (script, day, said)


def test_the_line_is_said_again_after_instant_navigation(page, site_url):
    """Material's instant navigation swaps the page without loading its scripts again."""
    day, want, left = days("during")[1]
    set_day(page, day)
    visit(page, f"{site_url}/{Y}/faq/", wait_until="networkidle")
    page.evaluate("() => { window.__samePage = true; }")
    page.locator("a.md-header__button.md-logo").first.click()
    page.wait_for_url(f"{site_url}/")
    assert status_line(page) == expected("hans", want, left)
    assert page.evaluate("() => window.__samePage === true"), "the home page was loaded anew, not swapped in"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("script", ["hans", "hant"])
def test_filling_the_line_moves_nothing(browser, site_url, viewport, script):
    """Layout shifts summed over the load, with the CPU slowed 4x on the phone, for each
    phase: the line's box is as tall before it is filled as after."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        if viewport is PHONE:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        watch_layout_shifts(page)
        for phase in ("before", "during", "after"):
            day, want, _ = days(phase)[-1]
            set_day(page, day)
            visit(page, f"{site_url}{PREFIX[script]}/", wait_until="networkidle")
            status_line(page)
            page.wait_for_timeout(500)
            shifts = layout_shifts(page)
            box = page.locator("[data-window-status]").first.bounding_box()
            line = page.locator("[data-window-status]").first.evaluate(
                "(e) => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().height; }"
            )
            assert sum(value for value, _ in shifts) <= 0.001, (phase, shifts)
            assert box and line <= box["height"] + 0.5, (phase, "the words overflow the space kept for them", line, box)
    finally:
        context.close()

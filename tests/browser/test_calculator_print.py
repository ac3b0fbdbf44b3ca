"""What a reader takes away from the calculator, and how a shared link looks: the printout
that can be filed (the check's name, the site's name and address, the printing date, the
platforms' phone numbers), the deadline in the reader's words and as a calendar file, the
result as text for the unit, and what WeChat's browser (which downloads nothing) shows
instead of a download, on the calculator and the roster page.

Figures, dates and phone numbers come from the notice's rules and policy_src/, never written here."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import icalendar
import pytest
import yaml
from conftest import guarded_context
from helpers import ROOT
from test_calculator import RESULT_SHOWN, link, open_calculator
from test_calculator_reader import PHONE, short_title_case
from test_roster import CHECK_MS, check, fixtures, open_roster  # noqa: F401 (fixtures: a pytest fixture)
from waiting import ENGINE_LOAD_MS, visit, wait_for, wait_until
from years import chinese_date, latest_policy

from calculator import check_or_errors
from calculator.chinese import to_hans

POLICY = latest_policy()
READY_TO_PRINT = ".print-platforms[data-platforms=ready]"  # on paper only: attached, never visible
WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; V2203A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
    "MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)


def platforms_with_phones(year: int) -> list[dict]:
    """The year's platforms that have a phone number, as policy_src/ states them."""
    items = yaml.safe_load((ROOT / "policy_src" / str(year) / "platforms.yaml").read_text(encoding="utf-8"))
    return [item for item in items if item.get("phone")]


def flat(text: str) -> str:
    """Without spaces or line breaks: pdftotext lays Chinese out in columns and breaks long addresses."""
    return re.sub(r"\s+", "", text)


def printed(page, pdf) -> str:
    page.pdf(path=str(pdf), format="A4")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout


def pages_of(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture
def reader(browser, site_url):
    """A factory of pages in contexts of their own (a phone's user agent, the clipboard), each
    failing the test on a request to another origin or a Content-Security-Policy violation,
    as conftest's `page` does."""
    contexts, foreign = [], []

    def make(**options):
        context, refused = guarded_context(browser, site_url, accept_downloads=True, **options)
        contexts.append(context)
        foreign.append(refused)
        return context.new_page()

    yield make
    violations = [v for c in contexts for p in c.pages for v in p.evaluate("() => window.__cspViolations || []")]
    for context in contexts:
        context.close()
    foreign = [url for refused in foreign for url in refused]
    assert foreign == [], f"requests to other origins: {foreign}"
    assert violations == [], f"Content-Security-Policy violations: {violations}"


def name_the_check(page, name: str):
    """Names the check as a reader does, in the name box (behind 「修改」 where the page shows
    a link's result before its form)."""
    edit = page.locator("#edit-case")
    if edit.count() and edit.is_visible():
        edit.click()
    page.locator("#check-name").fill(name)


def test_the_printout_names_the_check_the_site_the_day_and_the_platforms_phone_numbers(page, site_url, tmp_path):
    case = short_title_case(POLICY)
    open_calculator(page, site_url, case)
    name_the_check(page, "王老师中级")
    wait_for(page, READY_TO_PRINT, "the platforms' phone numbers read for the printout", state="attached")
    paper = flat(printed(page, tmp_path / "result.pdf"))
    address = f"{site_url}/{POLICY.year}/calculator/"
    assert "王老师中级" in paper, paper
    assert flat(address) in paper, (address, paper)
    assert "阿拉善盟专业技术人员继续教育" in paper  # the site's name, as its pages' cards give it
    assert flat(to_hans("打印日期：") + chinese_date(date.today())) in paper
    phones = platforms_with_phones(POLICY.year)
    assert phones
    for platform in phones:
        assert flat(platform["phone"]) in paper, platform
        assert flat(to_hans(platform["name"])) in paper, platform
    assert "#case=" not in paper  # the address of the site, not of the reader's case
    assert pages_of(tmp_path / "result.pdf") == 1


def test_the_print_button_and_the_browsers_own_print_give_the_same_head(page, site_url, tmp_path):
    """A name typed after the result was shown is on paper, whether 「打印」 or Ctrl+P prints."""
    open_calculator(page, site_url, short_title_case(POLICY))
    name_the_check(page, "李四")
    wait_for(page, READY_TO_PRINT, "the platforms' phone numbers read for the printout", state="attached")
    page.evaluate("() => { window.print = () => window.dispatchEvent(new Event('beforeprint')); }")
    page.click("#print")
    by_button = flat(printed(page, tmp_path / "button.pdf"))
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # Ctrl+P, the menu
    own = flat(printed(page, tmp_path / "own.pdf"))
    phone = platforms_with_phones(POLICY.year)[0]["phone"]
    for paper in (by_button, own):
        assert "李四" in paper and flat(to_hans("打印日期")) in paper and flat(phone) in paper, paper


def test_the_deadline_is_the_study_windows_last_day_and_an_early_application_is_told(page, site_url):
    case = short_title_case(POLICY)
    assert check_or_errors(case)["to_study"], "the case leaves hours to study"
    open_calculator(page, site_url, case)
    todo = page.locator(".result-todo").inner_text()
    assert to_hans(f"學習期最後一天 {chinese_date(POLICY.window.end)} 前") in todo, todo
    line = page.locator(".result-application").inner_text()
    assert chinese_date(case["as_of"]) in line and to_hans("單位") in line, line
    # Checked as of the window's last day, or for a year's own check: no such line.
    for later in ({**case, "as_of": POLICY.window.end.isoformat()}, {**case, "purpose": "annual"}):
        page.evaluate("(hash) => { location.hash = hash; }", link(later))
        wait_until(
            page,
            "() => document.querySelector('.result-todo') && !document.querySelector('.result-application')",
            "the to-do without the application's line",
        )


def test_add_to_calendar_downloads_an_ics_with_the_deadline(page, site_url, tmp_path):
    open_calculator(page, site_url, short_title_case(POLICY))
    with page.expect_download() as download:
        page.click("#add-calendar")
    assert download.value.suggested_filename.endswith(".ics")
    data = download.value.path().read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines), "CRLF line endings"
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event["DTSTART"].dt == POLICY.window.end and not hasattr(event["DTSTART"].dt, "hour")
    summary = str(event["SUMMARY"])
    assert re.search(r"[\u4e00-\u9fff]", summary) and to_hans("學習期最後一天") in summary, summary
    assert event.get("UID") and event.get("DTSTAMP")
    assert chinese_date(POLICY.window.end) in str(event["DESCRIPTION"])


def test_in_wechat_the_calendar_is_offered_as_text_and_the_result_is_copied_for_the_unit(reader, site_url, tmp_path):
    page = reader(user_agent=WECHAT, viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    visit(page, f"{site_url}/{POLICY.year}/calculator/{link(short_title_case(POLICY))}")
    wait_for(page, RESULT_SHOWN, "the calculator's first result in WeChat", timeout=ENGINE_LOAD_MS)
    page.click("#add-calendar")
    notice = page.locator(".in-app-notice")
    wait_for(page, ".in-app-notice", "the message in place of the calendar's download")
    said = notice.inner_text()
    assert "在浏览器打开" in said and "微信" in said, said
    assert "BEGIN:VCALENDAR" in notice.locator("textarea").input_value()
    page.screenshot(path=str(tmp_path / "wechat-calendar.png"), full_page=False)
    notice.locator(".copy-box-copy").click()
    wait_until(page, "() => document.querySelector('.copy-box-said')?.textContent", "the copy box saying it copied")
    assert "BEGIN:VCALENDAR" in page.evaluate("() => navigator.clipboard.readText()")

    page.click("#copy-for-unit")
    wait_until(
        page,
        "() => document.querySelector('.reader-output')?.textContent.includes('已复制')",
        "the result's text copied for the unit",
    )
    text = page.evaluate("() => navigator.clipboard.readText()")
    assert "尚未达到要求" in text and f"{site_url}/{POLICY.year}/calculator/" in text, text
    assert chinese_date(POLICY.window.end) in text and "#case=" not in text
    page.wait_for_timeout(500)
    assert downloads == [], "nothing is downloaded in WeChat"


@pytest.mark.parametrize("script", ["", "zh-hant/"], ids=["hans", "hant"])
def test_home_and_calculator_pages_have_a_link_card(built_site, script):
    for where in ("", f"{POLICY.year}/calculator/"):
        markup = (built_site / script / where / "index.html").read_text(encoding="utf-8")
        cards = dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)"', markup))
        assert cards.get("title") and cards.get("description") and cards.get("type") == "website", (where, cards)
        assert "image" not in cards or not re.match(r"^(https?:)?//", cards["image"])
    calculator = (built_site / script / f"{POLICY.year}/calculator/index.html").read_text(encoding="utf-8")
    assert str(POLICY.year) in dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)"', calculator))["title"]


def test_in_wechat_the_rosters_exports_and_template_are_offered_as_text(reader, site_url, fixtures):  # noqa: F811
    page = reader(user_agent=WECHAT, viewport=PHONE)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    open_roster(page, site_url)
    page.locator(".roster-templates a[href$='.csv']").click()
    wait_for(page, ".roster-in-app .in-app-notice", "the message in place of the template's download")
    template = page.locator(".roster-in-app textarea").input_value()
    assert "姓名" in template and "\t" in template, template
    page.locator(".roster-templates a[href$='.xlsx']").click()
    wait_until(
        page,
        "() => document.querySelector('.roster-in-app textarea')?.value.endsWith('.xlsx')",
        "the .xlsx template's address to copy",
    )
    fixture = fixtures["xlsx"]
    check(page, fixture)
    page.click("#roster-export-xlsx")
    wait_until(
        page,
        "() => document.querySelector('.roster-in-app textarea')?.value.includes('\\t')",
        "the results as text in place of the .xlsx",
        timeout=CHECK_MS,
    )
    results = page.locator(".roster-in-app textarea").input_value()
    assert all(to_hans(p.name) in to_hans(results) for p in fixture.people), results
    assert "在浏览器打开" in page.locator(".roster-in-app").inner_text()
    page.wait_for_timeout(500)
    assert downloads == [], "nothing is downloaded in WeChat"
    # 「清除」 leaves nothing of the file on the page, its text to copy included.
    page.click("#roster-clear")
    wait_until(page, "() => !document.querySelector('.roster-in-app')", "the text to copy gone with the results")

"""The unit's roster page in real Chromium, against nginx with deploy/nginx.conf: every fixture
of tests/roster_fixtures.py uploaded and checked row by row, a person's explanation, the
exports read back (IDs masked unless asked for), nothing sent and nothing stored, 「清除」,
offline after one visit, and a file that is no roster.

"Today" in the page is the fixtures' TODAY (Playwright's clock): the page checks as of today.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import datetime

import pytest
from helpers import OFFLINE_READY, ROOT
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from roster_fixtures import TODAY, UNIT, write_all, write_ods
from years import latest

from calculator.chinese import to_hans

READY_MS = 60_000  # Pyodide and the roster's libraries, first visit
CHECK_MS = 20_000  # a fixture read, checked and shown
STATE = "() => document.querySelector('#roster')?.dataset.state"


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rosters")
    made = write_all(folder)
    if not any(f.name == "ods" for f in made):
        made.append(write_ods(folder))
    return {f.name: f for f in made}


def seen(page) -> str:
    """What the page showed, in a line (for a wait that ran out)."""
    return page.evaluate("""() => {
        const text = (s) => document.querySelector(s)?.innerText.trim().replace(/\\s+/g, ' ').slice(0, 200);
        return `state: ${document.querySelector('#roster')?.dataset.state}; status: ${text('#roster-status')}; summary: ${text('#roster-summary')}`;
    }""")


def wait_state(page, states: tuple[str, ...], what: str, timeout: int):
    try:
        page.wait_for_function(f"(states) => states.includes(({STATE})())", arg=list(states), timeout=timeout)
    except PlaywrightTimeout:
        raise AssertionError(f"waited {timeout / 1000:g} s for {what}; the page showed: {seen(page)}") from None


def open_roster(page, site_url, script=""):
    """The newest year's roster page at TODAY, once its Python is ready."""
    page.clock.set_fixed_time(datetime.combine(TODAY, datetime.min.time().replace(hour=10)))
    page.goto(f"{site_url}/{script}{latest()}/roster/", wait_until="domcontentloaded")
    wait_state(page, ("ready",), "the roster page's Python to be ready", READY_MS)


def check(page, fixture, what=None):
    """Choose the fixture's file (and its records file), and wait for the table."""
    page.set_input_files("#roster-file", str(fixture.path))
    if fixture.records_path:
        page.set_input_files("#roster-records", str(fixture.records_path))
    wait_state(page, ("done", "unreadable", "failed"), what or f"the {fixture.name} roster's table", CHECK_MS)
    assert page.evaluate(STATE) == "done", seen(page)


def shown_rows(page) -> dict[int, tuple[str, str]]:
    """Row number -> (status, the row's text) of every person the table shows (all pages)."""
    rows = {}
    while True:
        for row, status, text in page.evaluate("""() => [...document.querySelectorAll('#roster-table tr[data-row]')]
                .map((tr) => [Number(tr.dataset.row), tr.dataset.status, tr.innerText])"""):
            rows[row] = (status, text)
        if page.locator("#roster-next").is_disabled() or page.locator(".roster-pages").is_hidden():
            return rows
        page.click("#roster-next")


def summary(page) -> dict[str, int]:
    return page.evaluate("""() => Object.fromEntries([
        ['people', Number(document.querySelector('.roster-total').dataset.count)],
        ...[...document.querySelectorAll('#roster-summary [data-status]')].map((b) => [b.dataset.status, Number(b.dataset.count)])])""")


def test_every_fixture_is_checked_row_by_row_and_nothing_leaves_the_page(page, site_url, fixtures):
    open_roster(page, site_url)
    during: list = []
    page.on("request", lambda request: during.append(request))
    for fixture in fixtures.values():
        check(page, fixture)
        assert summary(page) == fixture.summary, fixture.name
        rows = shown_rows(page)
        assert sorted(rows) == sorted(row for row, _, _ in fixture.expected), fixture.name
        for row, name, expected in fixture.expected:
            status, text = rows[row]
            assert to_hans(name) in to_hans(text), (fixture.name, row)
            if isinstance(expected, tuple):  # ("errors", the column the error names)
                assert status == "errors", (fixture.name, row, name, text)
                assert to_hans(f"「{expected[1]}」") in to_hans(text), (fixture.name, row, text)
            else:
                assert status == expected, (fixture.name, row, name, text)
        errors = page.locator("#roster-errors li").all_inner_texts()
        assert len(errors) == fixture.summary["errors"] + len(fixture.unmatched), (fixture.name, errors)
    # Reading and checking sent nothing: the only requests are GETs of the site's own files,
    # with no query (the spreadsheet reader's wheel when first needed; a worker's files when a
    # file chosen during a check starts a fresh worker in place of the busy one).
    sent = [
        r.url
        for r in during
        if r.method != "GET" or r.post_data or not r.url.startswith(site_url + "/") or "?" in r.url
    ]
    assert sent == []


def test_a_row_opens_its_explanation_and_people_are_found_by_status_and_name(page, site_url, fixtures):
    fixture = fixtures["xlsx"]
    open_roster(page, site_url)
    check(page, fixture)
    not_met = [(row, name) for row, name, status in fixture.expected if status == "not_met"]
    assert not_met, "the fixture has someone who has not met the requirement"
    page.click("#roster-summary [data-status=not_met]")
    assert sorted(shown_rows(page)) == sorted(row for row, _ in not_met)
    row, name = not_met[0]
    page.fill("#roster-search", name)
    assert list(shown_rows(page)) == [row]
    page.click(f"#roster-table tr[data-row='{row}'] button[data-open]")
    detail = page.locator("#roster-table tr.roster-detail")
    # The calculator's own result view (asked of the worker): the status, what is missing, the notes by clause.
    detail.locator(".result-status.status-not_met").wait_for(timeout=CHECK_MS)
    assert detail.locator(".result-status").count() == 1
    assert detail.locator(".result-notes li").count() >= 1
    assert page.get_attribute(f"#roster-table tr[data-row='{row}'] button[data-open]", "aria-expanded") == "true"
    # axe-core (from npm, evaluated through DevTools: the CSP forbids inline scripts) finds
    # nothing serious on the checked page with an explanation open.
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document.querySelector('#roster'), {resultTypes: ['violations']})).violations"
    )
    assert [f"{v['id']} {v['nodes'][0]['target']}" for v in found if v["impact"] in ("serious", "critical")] == []
    page.fill("#roster-search", "沒有這個人")
    assert shown_rows(page) == {}
    assert page.locator("#roster-shown").inner_text().strip()


def test_a_large_roster_is_shown_a_page_of_rows_at_a_time(page, site_url, tmp_path):
    """Never every row in the page at once: 50 a page, every person reachable."""
    from bench.roster_files import write_fixtures

    paths = write_fixtures(tmp_path, 120, 1, latest())
    open_roster(page, site_url)
    page.set_input_files("#roster-file", str(paths["xlsx"]))
    wait_state(page, ("done",), "the 120 people's table", CHECK_MS)
    assert page.locator("#roster-table tr[data-row]").count() == 50
    assert page.locator("#roster-page").inner_text().strip().endswith(("1／3 页", "1／3 頁"))
    assert len(shown_rows(page)) == 120


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def export(page, button: str) -> bytes:
    with page.expect_download(timeout=CHECK_MS) as download:
        page.click(button)
    with open(download.value.path(), "rb") as f:
        return f.read()


def test_exports_read_back_with_id_numbers_masked_unless_asked_printing_and_clear(page, site_url, fixtures, tmp_path):
    fixture = fixtures["xlsx"]
    ids = [str(p.cells["身份證號"]) for p in fixture.people if isinstance(p.cells.get("身份證號"), str)]
    open_roster(page, site_url)
    check(page, fixture)
    sheets = read_xlsx(export(page, "#roster-export-xlsx"))
    assert len(sheets) >= 2, list(sheets)  # the results and the errors
    text = json.dumps(sheets, ensure_ascii=False, default=str)
    names = [p.name for p in fixture.people]
    assert all(to_hans(name) in to_hans(text) for name in names)
    assert not any(number in text for number in ids) and any(
        number[:6] + "********" + number[-4:] in text for number in ids
    )
    masked_csv = export(page, "#roster-export-csv")
    assert masked_csv.startswith(b"\xef\xbb\xbf")
    assert not any(number in masked_csv.decode("utf-8-sig") for number in ids)
    page.check("#roster-full-ids")
    whole = list(csv.reader(io.StringIO(export(page, "#roster-export-csv").decode("utf-8-sig"))))
    assert all(any(number in cell for row in whole for cell in row) for number in ids)
    assert all(
        number in json.dumps(read_xlsx(export(page, "#roster-export-xlsx")), ensure_ascii=False, default=str)
        for number in ids
    )

    # Printed on A4: the summary and the not-met list, nothing else of the page.
    page.evaluate("() => { window.print = () => {}; }")  # headless Chromium would print for real
    page.click("#roster-print")
    pdf = tmp_path / "roster.pdf"
    page.pdf(path=str(pdf), format="A4")
    printed = to_hans(
        subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    not_met = [name for _, name, status in fixture.expected if status == "not_met"]
    met = [name for _, name, status in fixture.expected if status == "met"]
    assert all(to_hans(name) in printed for name in not_met) and not any(to_hans(name) in printed for name in met), (
        printed
    )
    assert to_hans(f"共 {fixture.summary['people']} 人") in printed and "搜索" not in printed

    page.click("#roster-clear")
    assert page.locator("#roster-table tr[data-row]").count() == 0
    assert page.locator("#roster-list").is_hidden() and page.locator("#roster-errors").is_hidden()
    assert page.locator("#roster-export-xlsx").is_disabled() and not page.locator("#roster-full-ids").is_checked()
    assert page.evaluate("() => document.querySelector('#roster-file').files.length") == 0
    assert not any(name in page.locator("#roster").inner_text() for name in names)


STORED = """async (needles) => {
    const found = [];
    for (let i = 0; i < localStorage.length; i++) found.push(`localStorage ${localStorage.key(i)}`);
    for (let i = 0; i < sessionStorage.length; i++) found.push(`sessionStorage ${sessionStorage.key(i)}`);
    for (const db of (await indexedDB.databases?.()) || []) found.push(`indexedDB ${db.name}`);
    const cached = [];
    for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const request of await cache.keys()) {
            cached.push(request.url);
            const text = await (await cache.match(request)).clone().text();
            for (const needle of needles) if (request.url.includes(needle) || text.includes(needle)) found.push(`cache ${request.url} has ${needle}`);
        }
    }
    return {found, cached};
}"""


def test_nothing_of_the_roster_is_stored_and_the_page_works_offline_after_one_visit(browser, site_url, fixtures):
    """With the site's service worker: the roster's wheels are not fetched at its install, they
    are cached once the roster page loads them, and nothing of a roster is stored anywhere."""
    fixture = fixtures["bom_csv"]
    ids = [p.cells["身份證號"] for p in fixture.people if isinstance(p.cells.get("身份證號"), str)]
    # None of these is anywhere in the site (the test would not tell otherwise).
    needles = [
        fixture.path.name,
        fixture.records_path.name,
        UNIT,
        to_hans(UNIT),
        *ids,
        *(p.name for p in fixture.people),
    ]
    context = browser.new_context(service_workers="allow", accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/", wait_until="domcontentloaded")
        page.wait_for_function(OFFLINE_READY, timeout=READY_MS)
        before = page.evaluate(STORED, needles)
        assert not [u for u in before["cached"] if "/roster-engine/" in u and u.endswith(".whl")], (
            "wheels fetched at install"
        )
        assert any(u.endswith(f"/{latest()}/roster/") for u in before["cached"])
        open_roster(page, site_url)
        check(page, fixture)
        export(page, "#roster-export-xlsx")
        after = page.evaluate(STORED, needles)
        assert after["found"] == []
        assert len([u for u in after["cached"] if "/roster-engine/" in u and u.endswith(".whl")]) == 3, (
            "the wheels, cached for offline use"
        )
        assert "#" not in page.url and "?" not in page.url  # no share link of a roster
        context.set_offline(True)
        page.reload(wait_until="domcontentloaded")
        wait_state(page, ("ready",), "the roster page offline", READY_MS)
        check(page, fixture, "the roster's table offline")
        assert summary(page) == fixture.summary
        assert page.evaluate(STORED, needles)["found"] == []
    finally:
        context.close()


def test_offline_before_the_roster_page_was_ever_used_it_says_to_open_it_online_once(browser, site_url):
    """The site's offline copy, made from the home page, holds the roster page but not its
    libraries: offline, the page says what it needs; online again, it works."""
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/", wait_until="domcontentloaded")
        page.wait_for_function(OFFLINE_READY, timeout=READY_MS)
        context.set_offline(True)
        page.goto(f"{site_url}/{latest()}/roster/", wait_until="domcontentloaded")
        wait_state(page, ("failed",), "the roster page offline, never used", READY_MS)
        message = page.locator("#roster-status").inner_text()
        assert to_hans("沒有聯網") in message and to_hans("聯網後打開本頁一次") in message, message
        context.set_offline(False)
        page.reload(wait_until="domcontentloaded")
        wait_state(page, ("ready",), "the roster page online again", READY_MS)
    finally:
        context.close()


def test_a_file_that_is_no_roster_gets_a_chinese_message_and_the_page_goes_on(page, site_url, fixtures, tmp_path):
    hostile = tmp_path / "花名冊.xlsx"
    hostile.write_bytes(os.urandom(20_000))
    open_roster(page, site_url, script="zh-hant/")
    page.set_input_files("#roster-file", str(hostile))
    wait_state(page, ("unreadable", "done", "failed"), "the message about a file that is no roster", CHECK_MS)
    assert page.evaluate(STATE) == "unreadable"
    message = page.locator("#roster-status").inner_text()
    assert "花名冊.xlsx" in message and "Excel" in message and sum("\u4e00" <= c <= "\u9fff" for c in message) > 10, (
        message
    )
    assert page.locator("#roster-table tr[data-row]").count() == 0
    check(page, fixtures["xls"])  # the next file is read as usual
    assert summary(page) == fixtures["xls"].summary


def test_a_file_past_the_size_limit_is_refused_before_the_page_reads_it(page, site_url, fixtures, tmp_path):
    """A file of gigabytes fills the tab's memory if it is read first (2.5 GB read in a worker
    ends in 「檢查程序出錯了」): its size is looked at before its bytes. A sparse file, which
    costs no disk."""
    from calculator.roster import files

    big = tmp_path / "花名冊.xlsx"
    with big.open("wb") as out:
        out.truncate(2_500_000_000)
    open_roster(page, site_url, script="zh-hant/")
    page.set_input_files("#roster-file", str(big))
    wait_state(page, ("unreadable", "done", "failed"), "the message about a file too big", CHECK_MS)
    message = page.locator("#roster-status").inner_text()
    assert page.evaluate(STATE) == "unreadable", message
    assert "花名冊.xlsx太大" in message and f"{files.MAX_BYTES // 1_000_000} MB" in message, message
    check(page, fixtures["xls"])  # the next file is read as usual
    assert summary(page) == fixtures["xls"].summary


def test_the_home_page_and_the_calculator_lead_to_it_through_instant_navigation(page, site_url, fixtures):
    """Material swaps the page in without a reload: the roster's script starts there too, and
    leaving the page drops its worker (coming back starts afresh)."""
    page.clock.set_fixed_time(datetime.combine(TODAY, datetime.min.time().replace(hour=10)))
    page.goto(f"{site_url}/", wait_until="domcontentloaded")
    page.locator("article a.md-button", has_text=to_hans("單位批量自查")).click()
    wait_state(page, ("ready",), "the roster page opened from the home page", READY_MS)
    check(page, fixtures["xls"])
    page.locator(".md-nav a", has_text=to_hans("學時自查")).first.click()
    page.wait_for_selector("#calculator", timeout=CHECK_MS)
    assert page.locator("#roster").count() == 0
    page.locator("#calculator .calculator-intro a", has_text=to_hans("單位批量自查")).click()
    wait_state(page, ("ready",), "the roster page opened again from the calculator", READY_MS)
    assert page.locator("#roster-table tr[data-row]").count() == 0  # nothing kept from before
    check(page, fixtures["gbk_csv"])
    assert summary(page) == fixtures["gbk_csv"].summary


def test_when_its_python_cannot_load_the_page_says_so_in_chinese(page, site_url, fixtures):
    page.route("**/roster-engine/**/*.whl", lambda route: route.abort())
    page.goto(f"{site_url}/{latest()}/roster/", wait_until="domcontentloaded")
    wait_state(page, ("failed",), "the message that the roster's Python did not load", READY_MS)
    message = page.locator("#roster-status").inner_text()
    assert sum("\u4e00" <= c <= "\u9fff" for c in message) > 10 and not any(
        c.isascii() and c.isalpha() for c in message
    ), message
    page.set_input_files("#roster-file", str(fixtures["xls"].path))
    assert page.evaluate(STATE) == "failed" and page.locator("#roster-status").inner_text() == message

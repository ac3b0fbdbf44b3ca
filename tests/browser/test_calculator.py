"""The calculator in real Chromium: by hand, from #case= links, bad input, sharing,
this device's memory, printing, both scripts, and a browser without WebAssembly."""
from __future__ import annotations

import base64
import json
import math
import re
import subprocess
from fractions import Fraction

import pytest
from helpers import all_examples, emulate_link

from calculator import check_or_errors
from calculator.policy import Policy

RESULT_SHOWN = "#result[data-status], #result[data-errors]"
ENGINE_LOAD_MS = 60_000


def link(case: dict) -> str:
    raw = json.dumps(case, ensure_ascii=False).encode("utf-8")
    return "#case=" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def open_calculator(page, site_url, case=None, script=""):
    page.goto(f"{site_url}/{script}2025/calculator/{link(case) if case else ''}")
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)


def shown(page) -> dict:
    """The result region's attributes, read in one go (the page may be mid-update)."""
    return page.evaluate("""() => {
        const r = document.querySelector('#result');
        return {'status': r.getAttribute('data-status'), 'shortfall-public': r.getAttribute('data-shortfall-public'),
                'shortfall-professional': r.getAttribute('data-shortfall-professional')};
    }""")


def agrees(page, want: dict, timeout: int = 10_000) -> bool:
    """Whether the page comes to show `want` (it updates as soon as the engine answers)."""
    try:
        page.wait_for_function("""(want) => {
            const r = document.querySelector('#result');
            return r.getAttribute('data-status') === want['status']
                && r.getAttribute('data-shortfall-public') === want['shortfall-public']
                && r.getAttribute('data-shortfall-professional') === want['shortfall-professional'];
        }""", arg=want, timeout=timeout)
        return True
    except Exception:
        return False


def expected(case: dict) -> dict:
    result = check_or_errors(case)
    return {"status": result["status"], "shortfall-public": str(result["shortfall"]["public"]),
            "shortfall-professional": str(result["shortfall"]["professional"])}


def add_record(page, year, channel, subject, amount, unit="hours", studied_on=None):
    page.locator("#add-record").click()
    row = page.locator("#records > li").last
    row.locator('[data-key="year"]').fill(str(year))
    if studied_on:
        row.locator('[data-key="studied_on"]').fill(studied_on)
    row.locator('[data-key="channel"]').select_option(channel)
    if amount is not None:
        row.locator('[data-key="subject"]').select_option(subject)
        row.locator('[data-key="unit"]').select_option(unit)
        row.locator('[data-key="amount"]').fill(str(amount))


def open_link_in_same_tab(page, case: dict):
    """Change only the address's #case= part, as opening another shared link in this tab does;
    the old result is cleared first so that only the new case's result can satisfy the wait."""
    page.evaluate("""(hash) => {
        const result = document.querySelector('#result');
        for (const key of ['status', 'errors', 'shortfallPublic', 'shortfallProfessional']) delete result.dataset[key];
        location.hash = hash;
    }""", link(case))
    page.wait_for_selector(RESULT_SHOWN)


def test_a_met_year_filled_by_hand(page, site_url):
    open_calculator(page, site_url)
    page.locator("#as_of").fill("2025-12-01")
    add_record(page, 2025, "platform", "public", 30, studied_on="2025-03-02")
    add_record(page, 2025, "teacher", "professional", 2700, unit="minutes", studied_on="2025-07-01")
    page.wait_for_selector('#result[data-status="met"]')
    assert shown(page) == {"status": "met", "shortfall-public": "0", "shortfall-professional": "0"}
    assert "符合要求" in page.locator("#result").inner_text()


def test_a_short_title_case_filled_by_hand(page, site_url):
    open_calculator(page, site_url)
    page.locator('input[name="purpose"][value="title"]').check()
    page.locator("#level").select_option("junior")
    page.locator("#as_of").fill("2025-09-01")
    page.locator('input[name="person.sex"][value="male"]').check()
    page.locator("#birth_date").fill("1990-05-01")
    add_record(page, 2025, "platform", "public", 20, studied_on="2025-04-01")
    add_record(page, 2025, "industry", "public", 100, unit="minutes", studied_on="2025-05-01")
    case = {"notice": 2025, "purpose": "title", "level": "junior", "as_of": "2025-09-01",
            "person": {"sex": "male", "birth_date": "1990-05-01"},
            "records": [{"year": 2025, "studied_on": "2025-04-01", "channel": "platform", "subject": "public", "hours": 20},
                        {"year": 2025, "studied_on": "2025-05-01", "channel": "industry", "subject": "public", "minutes": 100}]}
    want = expected(case)
    page.wait_for_function("(w) => document.querySelector('#result').dataset.shortfallProfessional === w", arg=want["shortfall-professional"])
    assert shown(page) == want
    assert want["status"] == "not_met" and want["shortfall-public"] == "10"
    # Hours missing are shown to one decimal rounded up (CONTRACT), so that studying what the
    # page says is enough: 60 - 100/45 = 57.77… -> 57.8
    policy = Policy.load(2025)
    missing = Fraction(policy.requirement["professional"]) - Fraction(100, policy.minutes_per_hour)
    tenths = math.ceil(missing * 10)
    assert f"專業科目 {tenths // 10}.{tenths % 10} 學時" in page.locator(".result-shortfall").inner_text().replace("专业科目", "專業科目").replace("学时", "學時")


EXAMPLES = [ex for ex in all_examples() if "status" in ex.expect]


def test_every_worked_example_opened_from_its_link_agrees_with_the_engine(page, site_url):
    open_calculator(page, site_url)
    disagreements = []
    for example in EXAMPLES:
        open_link_in_same_tab(page, example.case)
        if not agrees(page, expected(example.case)):
            disagreements.append(f"{example.where}: page {shown(page)} engine {expected(example.case)}")
    assert disagreements == []
    assert len(EXAMPLES) >= 40


def test_bad_input_is_explained_beside_the_field_and_nothing_typed_is_lost(page, site_url):
    open_calculator(page, site_url)
    add_record(page, 2025, "platform", "public", -5)
    page.wait_for_selector("#result[data-errors]")
    row = page.locator("#records > li").first
    message = row.locator(".field-error")
    assert message.is_visible() and "不能是负数" in message.inner_text()
    assert row.locator('[data-key="amount"]').get_attribute("aria-invalid") == "true"
    assert row.locator('[data-key="amount"]').input_value() == "-5"
    page.locator('input[name="purpose"][value="title"]').check()
    # The engine answers asynchronously: wait for its errors rather than read them at once.
    for field in ("person.sex", "person.birth_date"):
        page.locator(f'[data-error-for="{field}"]').wait_for(state="visible", timeout=10_000)
    assert page.locator("#result").get_attribute("data-status") is None


def test_the_share_link_round_trips(page, browser, site_url):
    case = {"notice": 2025, "purpose": "title", "level": "senior", "as_of": "2025-09-01",
            "person": {"sex": "female", "birth_date": "1985-04-12", "grassroots": False, "transferred_year": 2024},
            "records": [{"year": 2024, "studied_on": "2024-05-02", "channel": "seminar", "subject": "professional", "hours": 12.5}]}
    open_calculator(page, site_url, case)
    page.locator("#share").click()
    shared = page.locator("#share-output").get_attribute("data-link")
    assert "#case=" in shared
    other = browser.new_context(service_workers="block").new_page()
    other.goto(shared)
    other.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    assert agrees(other, expected(case)) and agrees(page, expected(case))
    assert other.locator("#transferred_year").input_value() == "2024"
    assert other.locator('#records [data-key="amount"]').input_value() == "12.5"
    other.context.close()


def test_this_device_remembers_the_last_check_until_it_is_deleted(page, site_url):
    open_calculator(page, site_url)
    add_record(page, 2025, "platform", "public", 7)
    page.wait_for_function("() => localStorage.getItem('alxa-ce-checks-2025')?.includes('\"hours\":7')")
    page.reload()
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    assert page.locator('#records [data-key="amount"]').input_value() == "7"
    page.locator("#delete-check").click()
    assert page.locator("#records > li").count() == 0
    assert page.evaluate("() => JSON.parse(localStorage.getItem('alxa-ce-checks-2025')).checks") == []


def test_the_case_an_earlier_page_kept_is_taken_over_as_a_saved_check(page, site_url):
    page.goto(f"{site_url}/2025/calculator/")
    page.evaluate("""() => localStorage.setItem('alxa-ce-case-2025', JSON.stringify(
        {notice: 2025, purpose: 'annual', records: [{year: 2025, channel: 'platform', subject: 'public', hours: 11}]}))""")
    page.reload()
    page.wait_for_selector(RESULT_SHOWN, timeout=ENGINE_LOAD_MS)
    assert page.locator('#records [data-key="amount"]').input_value() == "11"
    assert page.evaluate("() => localStorage.getItem('alxa-ce-case-2025')") is None


def test_the_result_prints_on_one_a4_page(page, site_url, tmp_path):
    example = next(ex for ex in EXAMPLES if ex.expect["status"] == "not_met" and len(ex.case["records"]) >= 2)
    open_calculator(page, site_url, example.case)
    pdf = tmp_path / "result.pdf"
    page.pdf(path=str(pdf), format="A4")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "尚未达到要求" in text and "添加一条学习记录" not in text


@pytest.mark.parametrize(("script", "words"), [("", "尚未达到要求"), ("zh-hant/", "尚未達到要求")])
def test_both_scripts_work(page, site_url, script, words):
    open_calculator(page, site_url, {"notice": 2025, "purpose": "annual", "as_of": "2025-06-01", "records": []}, script)
    assert page.locator("#result").get_attribute("data-status") == "not_met"
    assert words in page.locator("#result").inner_text()


def test_without_webassembly_the_page_says_so_and_offers_the_table(page, site_url):
    page.add_init_script("delete window.WebAssembly")
    page.goto(f"{site_url}/2025/calculator/")
    failed = page.locator("#engine-failed")
    failed.wait_for(state="visible", timeout=10_000)
    assert "WebAssembly" in failed.inner_text()
    # (Material's instant navigation writes internal links out in full.)
    assert failed.locator('a[href$="/2025/notice/#rule-1-2"]').count() == 1


def test_a_browser_without_streaming_compilation_still_gets_a_result(page, site_url):
    """The worker compiles Pyodide's wasm itself as soon as it starts, for speed (worker.js);
    where it cannot (no compileStreaming, as in older browsers), Pyodide compiles it as it would."""
    def older_worker(route):
        response = route.fetch()
        route.fulfill(response=response, body="delete WebAssembly.compileStreaming;\n" + response.text())
    page.route("**/assets/calculator/worker.js", older_worker)
    example = next(ex for ex in EXAMPLES if "shortfall" in ex.expect)
    open_calculator(page, site_url, example.case)
    want = example.expect  # written by hand from the notice
    assert shown(page) == {"status": want["status"], "shortfall-public": str(want["shortfall"]["public"]),
                           "shortfall-professional": str(want["shortfall"]["professional"])}
    assert page.evaluate("() => performance.getEntriesByName('calculator-compiled').length") == 0


def test_on_a_slow_link_the_page_shows_the_download_advance(browser, site_url):
    """Pyodide's wasm is most of a first visit's bytes: while it downloads, the reader sees how
    far it has come instead of a bar that stands still."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    emulate_link(context, page, megabits=8, latency_ms=40)
    page.goto(f"{site_url}/2025/calculator/", wait_until="commit")
    page.wait_for_selector("#engine-percent", state="attached")
    seen = page.evaluate("""() => new Promise((resolve) => {
        const seen = [];
        const look = () => {
            seen.push([document.querySelector('#engine-progress').value, document.querySelector('#engine-percent').textContent,
                       document.querySelector('#engine-status').textContent]);
            if (document.querySelector('#result[data-status]')) resolve(seen); else setTimeout(look, 100);
        };
        look();
    })""")
    context.close()
    percents = [int(re.search(r"已下载 (\d+)%", percent).group(1)) for _, percent, _ in seen if percent]
    assert len(set(percents)) >= 5 and percents == sorted(percents) and percents[-1] < 100
    assert all("第一次打开需要下载" in status for _, percent, status in seen if percent)
    bar = [value for value, _, _ in seen]
    assert bar == sorted(bar) and 0 < bar[len(bar) // 2] < 3


def test_when_the_engine_fails_to_load_the_page_says_so_and_shows_the_requirements(page, site_url):
    page.route("**/*.whl", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(f"{site_url}/2025/calculator/")
    failed = page.locator("#engine-failed")
    failed.wait_for(state="visible", timeout=60_000)
    text = failed.inner_text()
    assert "计算引擎出错了" in text
    assert "公需科目不少于 30 学时" in text and "专业科目不少于 60 学时" in text  # 一(二), printable
    assert page.locator("#engine-status").is_hidden()


def test_the_engine_survives_instant_navigation(page, site_url):
    """Material swaps pages in place: coming back to the calculator needs no second start."""
    page.goto(f"{site_url}/2025/calculator/")
    page.wait_for_selector("#result[data-status]", timeout=60_000)
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="通知全文").first.click()
    page.wait_for_url("**/2025/notice/")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="学时自查").first.click()
    page.wait_for_url("**/2025/calculator/")
    page.wait_for_selector("#result[data-status]", timeout=10_000)
    assert page.evaluate("() => performance.getEntriesByName('calculator-start').length") == 1
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1

"""Home, notice and FAQ in Chromium: nothing from other origins; the FAQ prints to A4."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import threading

import pytest
from conftest import QuietHandler
from waiting import ANSWER_MS, visit, wait_for, wait_until, wait_url
from years import latest

# The newest published year's pages (an older year's are the same pages with a banner).
Y = latest()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/{Y}/notice/",
        f"/{Y}/faq/",
        "/zh-hant/",
        f"/zh-hant/{Y}/notice/",
        f"/zh-hant/{Y}/faq/",
        f"/{Y}/platforms/",
    ],
)
def test_page_loads_with_only_its_own_origin(page, site_url, path):
    response = visit(page, site_url + path, wait_until="networkidle")
    assert response.ok
    assert page.locator("h1").first.is_visible()


def search_started(page) -> list[str]:
    """The search's worker and index, as far as the page has started or asked for them."""
    return [url for url in page.seen if "/workers/search." in url or url.endswith("/search_index.json")]


def watch_workers(page):
    page.seen = []
    page.on("worker", lambda worker: page.seen.append(worker.url))
    page.on("request", lambda request: page.seen.append(request.url))


def search_for(page, word: str) -> None:
    """Type `word` into the open search box until results show (at most 15 s)."""
    search = page.locator("input[data-md-component=search-query]")
    # Chinese arrives through an input method, which Playwright's typing skips: the search
    # box reacts to the key that ends composing, so press one. The worker may still be
    # building its index, so try again until it answers, as a person would.
    for _ in range(30):
        search.fill(word)
        search.press("End")
        page.wait_for_timeout(500)
        if page.locator(".md-search-result__item").count():
            return
    raise AssertionError(f"no search result for {word} within 15 s")


def test_search_finds_a_chinese_word(page, site_url):
    watch_workers(page)
    visit(page, site_url + f"/{Y}/faq/", wait_until="networkidle")
    page.wait_for_timeout(1000)
    # The index is built when a reader reaches for the search, not as the page opens.
    assert not search_started(page), "the search started before anyone used it"
    page.locator("input[data-md-component=search-query]").click()
    search_for(page, "职称")
    assert "职称" in page.locator(".md-search-result__item").first.inner_text()


def test_a_page_opened_from_a_search_result_highlights_the_words(page, site_url):
    """Material marks the words of a search in the page a result leads to (?h=…): that needs
    the index, which waits for a reader's search otherwise."""
    visit(page, site_url + f"/{Y}/faq/?h=职称")
    wait_for(page, "mark[data-md-highlight]", "the searched words highlighted in the page")
    assert "职称" in page.locator("mark[data-md-highlight]").first.inner_text()


def test_the_script_switch_keeps_the_page(page, site_url):
    visit(page, site_url + f"/{Y}/faq/", wait_until="networkidle")
    page.locator("a.script-switch").click()
    wait_url(page, re.compile(rf"/zh-hant/{Y}/faq/$"), "the Traditional FAQ after the script switch")
    assert "常見問題" in page.locator("h1").first.inner_text()


def test_the_script_switch_keeps_the_page_at_an_address_the_site_was_not_built_for(browser, built_site):
    """A site built without SITE_URL names one address in its sitemap; served at any other, the
    switch still leads to the same page in the other script."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        elsewhere = f"http://127.0.0.1:{server.server_address[1]}"
        visit(page, elsewhere + f"/{Y}/faq/", wait_until="networkidle")
        page.locator("a.script-switch").click()
        wait_url(page, re.compile(rf"/zh-hant/{Y}/faq/$"), "the Traditional FAQ after the script switch")
        assert "常見問題" in page.locator("h1").first.inner_text()
    finally:
        context.close()
        server.shutdown()


def test_faq_prints_to_a4_without_navigation_and_with_addresses(page, site_url, tmp_path):
    visit(page, site_url + f"/{Y}/faq/", wait_until="networkidle")
    # An address the FAQ gives (for 2025: the learning platform's), as the page shows it.
    address = re.search(r"https://[\w./-]+", page.locator("article").first.inner_text())
    address = address and address.group(0)
    pdf = tmp_path / "faq.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert "常见问题" in flat and "每年" in flat
    assert address and address in flat, f"addresses are printed in full ({address}, the first the FAQ gives)"
    assert "搜索" not in flat, "the search box is not printed"
    assert "本站如何制作" not in flat, "the navigation is not printed"
    assert re.search(r"一\(二\)", flat), "clause ids are kept"


def test_faq_prints_several_questions_to_a_page_and_every_answer(page, site_url, tmp_path):
    """Each question stays whole on its page, but a page holds more than one, and every
    answer is printed (none is folded away)."""
    visit(page, site_url + f"/{Y}/faq/", wait_until="networkidle")
    qa = page.evaluate("""() => [...document.querySelectorAll('.qa')].map(q => [
        q.querySelector('h2').textContent.replace('¶', ''),
        q.querySelector('h2 ~ p') ? q.querySelector('h2 ~ p').textContent : ''])""")
    assert len(qa) >= 20
    pdf = tmp_path / "faq.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages < len(qa), f"{pages} A4 pages for {len(qa)} questions: a question per page"

    # Compared on their Chinese characters only: pdftotext may set a run of Latin digits
    # ("2025") apart from the line it sits on.
    def han(text):
        return "".join(re.findall(r"[\u4e00-\u9fff]", text))

    printed = han(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    )
    for question, answer in qa:
        assert han(question) in printed, f"question not printed: {question}"
        assert han(answer)[:20] in printed, f"answer to {question} not printed: {answer[:40]}"


def test_search_on_a_phone_starts_from_its_button(phone, site_url):
    watch_workers(phone)
    visit(phone, site_url + f"/{Y}/calculator/", wait_until="networkidle")
    phone.wait_for_timeout(1000)
    assert not search_started(phone), "the search started before anyone used it"
    phone.locator('label[for="__search"]').first.click()  # the magnifier in the header
    search_for(phone, "学时")
    assert search_started(phone), "the search button started no search"
    assert phone.locator(".md-search-result__item").first.is_visible()


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def test_faq_on_a_phone_starts_with_the_list_of_its_questions(phone, site_url):
    visit(phone, site_url + f"/{Y}/faq/", wait_until="networkidle")
    questions = phone.locator(".qa h2")
    listed = phone.locator(".question-list li a")
    assert listed.count() == questions.count() >= 20
    first = listed.first
    assert first.is_visible(), "the list of questions is shown on a phone"
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 844, "the first question of the list is on the first screen"
    assert box["y"] < questions.first.bounding_box()["y"], "the list comes before the answers"
    target = phone.locator(".question-list li a").nth(16)
    anchor = "#" + target.get_attribute("href").split("#")[1]  # Material's instant navigation makes it absolute
    target.click()
    wait_url(
        phone,
        re.compile(re.escape(anchor) + "$"),
        f"the address to end in {anchor} after clicking the question",
        timeout=ANSWER_MS,
    )
    wait_until(
        phone,
        "(id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < 300; }",
        f"the question {anchor} at the top of the screen after clicking its link",
        arg=anchor[1:],
    )


def test_faq_on_a_wide_screen_leaves_the_questions_to_the_table_of_contents(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, site_url + f"/{Y}/faq/", wait_until="networkidle")
    assert page.locator(".question-list").is_hidden(), "the right-hand table of contents lists the questions"
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()

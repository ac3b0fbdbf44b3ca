"""Home, notice and FAQ in Chromium: nothing from other origins; the FAQ prints to A4."""
from __future__ import annotations

import re
import subprocess

import pytest


@pytest.mark.parametrize("path", ["/", "/2025/notice/", "/2025/faq/", "/zh-hant/", "/zh-hant/2025/notice/", "/zh-hant/2025/faq/", "/2025/platforms/"])
def test_page_loads_with_only_its_own_origin(page, site_url, path):
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response.ok
    assert page.locator("h1").first.is_visible()


def test_search_finds_a_chinese_word(page, site_url):
    page.goto(site_url + "/2025/faq/", wait_until="networkidle")
    search = page.locator("input[data-md-component=search-query]")
    search.click()
    # Chinese arrives through an input method, which Playwright's typing skips: the search
    # box reacts to the key that ends composing, so press one. The worker may still be
    # building its index, so try again until it answers, as a person would.
    for _ in range(30):
        search.fill("职称")
        search.press("End")
        page.wait_for_timeout(500)
        if page.locator(".md-search-result__item").count():
            break
    assert page.locator(".md-search-result__item").count() > 0
    assert "职称" in page.locator(".md-search-result__item").first.inner_text()


def test_the_script_switch_keeps_the_page(page, site_url):
    page.goto(site_url + "/2025/faq/", wait_until="networkidle")
    page.locator("a.script-switch").click()
    page.wait_for_url(re.compile(r"/zh-hant/2025/faq/$"))
    assert "常見問題" in page.locator("h1").first.inner_text()


def test_faq_prints_to_a4_without_navigation_and_with_addresses(page, site_url, tmp_path):
    page.goto(site_url + "/2025/faq/", wait_until="networkidle")
    pdf = tmp_path / "faq.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "常见问题" in flat and "每年" in flat
    assert "https://www.tcc.edu.cn/h/subject/alsjxjy/" in flat, "link addresses are written out"
    assert "搜索" not in flat, "the search box is not printed"
    assert "本站如何制作" not in flat, "the navigation is not printed"
    assert re.search(r"一\(二\)", flat), "clause ids are kept"


def test_faq_prints_several_questions_to_a_page_and_every_answer(page, site_url, tmp_path):
    """Each question stays whole on its page, but a page holds more than one, and every
    answer is printed (none is folded away)."""
    page.goto(site_url + "/2025/faq/", wait_until="networkidle", timeout=30_000)
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
    han = lambda text: "".join(re.findall(r"[\u4e00-\u9fff]", text))
    printed = han(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout)
    for question, answer in qa:
        assert han(question) in printed, f"question not printed: {question}"
        assert han(answer)[:20] in printed, f"answer to {question} not printed: {answer[:40]}"


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def test_faq_on_a_phone_starts_with_the_list_of_its_questions(phone, site_url):
    phone.goto(site_url + "/2025/faq/", wait_until="networkidle", timeout=30_000)
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
    try:
        phone.wait_for_url(re.compile(re.escape(anchor) + "$"), timeout=10_000)
        phone.wait_for_function("(id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < 300; }",
                                arg=anchor[1:], timeout=10_000)
    except Exception as error:
        raise AssertionError(f"the link {anchor} did not lead to its question at the top of the screen within 10 s") from error


def test_faq_on_a_wide_screen_leaves_the_questions_to_the_table_of_contents(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "/2025/faq/", wait_until="networkidle", timeout=30_000)
    assert page.locator(".question-list").is_hidden(), "the right-hand table of contents lists the questions"
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()

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

"""A reader's visit beyond the pages themselves: an address the site does not have gives a
page not found in the reader's script that leads to the newest notice and its calculator, and
the search finds a word typed in either script."""

from __future__ import annotations

import pytest
from test_pages import search_for
from waiting import visit, wait_for
from years import latest, missing_year

Y = latest()
PREFIX = {"hans": "", "hant": "/zh-hant"}


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_an_unknown_address_is_a_page_not_found_in_the_readers_script(page, site_url, script):
    """A year the site does not have (the next one, before its notice is published)."""
    words = {
        "hans": ("找不到这个页面", "年度通知全文", "学时自查计算器"),
        "hant": ("找不到這個頁面", "年度通知全文", "學時自查計算器"),
    }[script]
    response = visit(page, f"{site_url}{PREFIX[script]}/{missing_year()}/calculator/")
    assert response.status == 404
    assert page.locator("h1").first.inner_text() == words[0]
    assert page.locator(".md-header").is_visible(), "the site's own header, styled"
    notice = page.locator("article a", has_text=words[1])
    calculator = page.locator("article a", has_text=words[2])
    assert str(Y) in notice.inner_text() and str(Y) in calculator.inner_text()
    # Each link leads to the newest year's page of the same script, from whatever address
    # the page was served at.
    calculator_url = page.evaluate("(a) => a.href", calculator.element_handle())
    assert calculator_url == f"{site_url}{PREFIX[script]}/{Y}/calculator/"
    assert page.request.get(calculator_url).status == 200
    # The script switch leads to the other script's home page, on this site.
    switch = page.evaluate("() => document.querySelector('a.script-switch').href")
    assert switch == f"{site_url}{PREFIX['hant' if script == 'hans' else 'hans']}/", switch
    notice.click()
    page.wait_for_url(f"{site_url}{PREFIX[script]}/{Y}/notice/")
    wait_for(page, f'article h1:has-text("{Y}")', "the newest notice, opened from the page not found")


@pytest.mark.parametrize(
    ("script", "typed", "shown"),
    [("hans", "補學", "补学"), ("hant", "补学", "補學"), ("hans", "补学", "补学"), ("hant", "補學", "補學")],
    ids=["traditional-on-simplified", "simplified-on-traditional", "simplified", "traditional"],
)
def test_search_finds_the_faq_answer_typed_in_either_script(page, site_url, script, typed, shown):
    visit(page, f"{site_url}{PREFIX[script]}/{Y}/faq/", wait_until="networkidle")
    page.locator("input[data-md-component=search-query]").click()
    search_for(page, typed)
    # The FAQ's answer among the results (Material renders them as they come, a page's
    # further sections folded under it), in the page's own words.
    answer = f'.md-search-result a[href*="/{Y}/faq/"][href*="#q-make-up"]'
    wait_for(page, answer, f"the FAQ's answer among the results for {typed}", state="attached")
    texts = page.locator(answer).evaluate_all("(links) => links.map((a) => a.textContent)")
    assert any(shown in text.replace("\u200b", "") for text in texts), texts

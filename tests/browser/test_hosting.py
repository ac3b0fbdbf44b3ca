"""deploy/nginx.conf, for real: Debian's nginx serving the built site on a loopback port."""

from __future__ import annotations

import re
import urllib.request

import pytest
from test_calculator import link
from waiting import ENGINE_LOAD_MS, visit, wait_for
from years import latest

from site_builder import calculator_assets

Y = latest()  # the newest published year's pages


def head(url: str, encoding: str | None = None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, len(response.read())


def runtime_url(site_url):
    return f"{site_url}/{calculator_assets.runtime_path()}"


def engine_url(site_url, built_site):
    folder = next((built_site / "assets" / "engine").iterdir())
    return f"{site_url}/assets/engine/{folder.name}/"


def test_types_of_wasm_and_modules(site_url):
    assert head(runtime_url(site_url) + "pyodide.asm.wasm")[0]["Content-Type"] == "application/wasm"
    assert head(runtime_url(site_url) + "pyodide.mjs")[0]["Content-Type"].startswith("text/javascript")
    assert head(f"{site_url}/assets/calculator/worker.js")[0]["Content-Type"].startswith("text/javascript")


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_large_files_are_sent_compressed(site_url, built_site, encoding):
    for url in (
        runtime_url(site_url) + "pyodide.asm.wasm",
        engine_url(site_url, built_site) + "python_stdlib.zip",
        f"{site_url}/{Y}/notice/",
        f"{site_url}/search/search_index.json",
    ):
        headers, size = head(url, encoding)
        assert headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in headers.get("Vary", "")
    wasm = (built_site / calculator_assets.runtime_path() / "pyodide.asm.wasm").stat().st_size
    assert head(runtime_url(site_url) + "pyodide.asm.wasm", encoding)[1] < wasm / 2


def test_versioned_files_are_cached_forever_and_pages_revalidated(site_url, built_site):
    for url in (runtime_url(site_url) + "pyodide.asm.wasm", engine_url(site_url, built_site) + "pyodide-lock.json"):
        assert head(url)[0]["Cache-Control"] == "public, max-age=31536000, immutable", url
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    assert "immutable" in head(f"{site_url}/assets/javascripts/{bundle}")[0]["Cache-Control"]
    for url in (
        f"{site_url}/",
        f"{site_url}/{Y}/calculator/",
        f"{site_url}/sw.js",
        f"{site_url}/assets/calculator/calculator.js",
    ):
        assert head(url)[0]["Cache-Control"] == "no-cache", url


def test_every_response_carries_the_content_security_policy(site_url):
    for url in (f"{site_url}/", f"{site_url}/assets/calculator/worker.js", runtime_url(site_url) + "pyodide.mjs"):
        policy = head(url)[0]["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "'wasm-unsafe-eval'" in policy and "unsafe-inline" not in policy


def every_page(built_site) -> list[str]:
    return sorted(
        "/" + p.parent.relative_to(built_site).as_posix().replace(".", "").strip("/") + "/"
        for p in built_site.rglob("index.html")
    )


def test_no_page_reports_a_content_security_policy_violation(page, site_url, built_site):
    pages = [p.replace("//", "/") for p in every_page(built_site)]
    assert len(pages) >= 16
    for path in pages:
        visit(page, site_url + path, wait_until="networkidle")
        if path.endswith("/calculator/"):
            wait_for(page, "#result[data-engine=ready]", f"the engine of {path} ready", timeout=ENGINE_LOAD_MS)
    # the page fixture fails the test on any violation it recorded


@pytest.mark.parametrize(
    "host",
    ["plain_site_url", "untyped_wasm_site_url"],
    ids=["plain static host", "host that sends wasm as octet-stream"],
)
def test_the_calculator_works_on_a_plain_static_host_too(browser, request, host):
    """No compression, no cache or security headers: only the files and their types. Where the
    host does not know .wasm either, streaming compilation fails (with Pyodide alone the page
    would wait forever); the page then compiles the bytes as they are."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    # A case with a record: an empty form shows what the notice asks, not a result.
    case = {
        "notice": Y,
        "purpose": "annual",
        "records": [{"year": Y, "channel": "platform", "subject": "public", "hours": 1}],
    }
    visit(page, request.getfixturevalue(host) + f"/{Y}/calculator/" + link(case))
    wait_for(
        page,
        "#result[data-status]",
        f"the calculator's first result from a {host.replace('_', ' ')}",
        timeout=ENGINE_LOAD_MS,
    )
    assert re.match(r"^(met|not_met)$", page.locator("#result").get_attribute("data-status"))
    context.close()


@pytest.mark.parametrize(
    "host",
    ["plain_site_url", "untyped_wasm_site_url"],
    ids=["plain static host", "host that sends wasm as octet-stream"],
)
def test_the_roster_page_checks_a_spreadsheet_on_a_plain_static_host_too(browser, request, host, tmp_path):
    """The roster page's worker compiles the runtime the same way, and calamine's side module
    comes inside its wheel: a host that does not know .wasm still gets a roster checked."""
    import xlsxwriter

    path = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", f"{Y}公需"])
    sheet.write_row(1, 0, ["甲", 1])
    book.close()
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    visit(page, request.getfixturevalue(host) + f"/{Y}/roster/")
    page.wait_for_function("() => document.querySelector('#roster')?.dataset.state === 'ready'", timeout=ENGINE_LOAD_MS)
    page.set_input_files("#roster-file", str(path))
    page.wait_for_function(
        "() => ['done', 'unreadable'].includes(document.querySelector('#roster')?.dataset.state)",
        timeout=ENGINE_LOAD_MS,
    )
    assert page.locator("#roster").get_attribute("data-state") == "done"
    assert page.locator("#roster-table tr[data-row]").count() == 1
    context.close()

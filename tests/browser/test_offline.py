"""Offline after one visit, and a clean switch to a new build (the service worker)."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading

from conftest import QuietHandler
from helpers import OFFLINE_READY
from test_calculator import WINDOW, YEAR, agrees, expected, link
from waiting import ANSWER_MS, ENGINE_LOAD_MS, visit, wait_for, wait_shown, wait_until

# The newest published year's pages and calculator.
CASE = {
    "notice": YEAR,
    "purpose": "annual",
    "as_of": WINDOW.start.isoformat(),
    "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": 30}],
}
CACHED = "the service worker to have cached the whole site and to control the page"


def copy_served(built_site, tmp_path):
    """A copy of the built site that a test may change as a new build would, served plainly."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.br", "*.gz"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site, f"http://127.0.0.1:{server.server_address[1]}", server


def visited(context, url):
    """A page whose service worker has cached the whole site."""
    page = context.new_page()
    visit(page, url + "/")
    wait_until(page, OFFLINE_READY, CACHED, timeout=ENGINE_LOAD_MS)
    return page


def test_after_one_visit_the_calculator_and_the_notice_work_offline(browser, site_url):
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    visit(page, site_url + f"/{YEAR}/calculator/")
    wait_for(page, "#result[data-engine=ready]", "the calculator's engine ready", timeout=ENGINE_LOAD_MS)
    wait_until(page, OFFLINE_READY, CACHED, timeout=ENGINE_LOAD_MS)
    context.set_offline(True)
    visit(page, site_url + f"/{YEAR}/notice/")
    assert "阿拉善盟人力资源和社会保障局" in page.locator("h1").first.inner_text()
    visit(page, site_url + f"/{YEAR}/calculator/" + link(CASE))
    wait_for(page, "#result[data-status]", "the calculator's result offline", timeout=ENGINE_LOAD_MS)
    assert agrees(page, expected(CASE))
    visit(page, site_url + f"/zh-hant/{YEAR}/faq/")
    assert "常見問題" in page.locator("h1").first.inner_text()
    page.wait_for_timeout(500)  # Material reads the sitemap once the page is shown
    context.close()
    assert errors == [], errors  # offline, every page as online: nothing missing (sitemap.xml…)


def test_on_a_first_visit_the_offline_copy_waits_until_the_calculator_is_ready(browser, site_url):
    # Caching the whole site downloads it all: started at once, it slowed the first result.
    context = browser.new_context(service_workers="allow")
    context.add_init_script("""(() => {
        const container = navigator.serviceWorker, register = container.register.bind(container);
        container.register = (...args) => { performance.mark("sw-registered"); return register(...args); };
    })()""")
    page = context.new_page()
    visit(page, site_url + f"/{YEAR}/calculator/")
    wait_until(page, OFFLINE_READY, CACHED, timeout=ENGINE_LOAD_MS)
    ready, registered = page.evaluate("""() => ["calculator-ready", "sw-registered"]
        .map((name) => performance.getEntriesByName(name)[0]?.startTime ?? null)""")
    assert ready is not None and registered is not None and registered >= ready
    context.close()


def test_a_new_build_replaces_the_cache_and_the_page_says_so(browser, built_site, tmp_path):
    site, url, server = copy_served(built_site, tmp_path)
    context = browser.new_context(service_workers="allow")
    page = visited(context, url)
    old = page.evaluate("async () => await caches.keys()")

    sw = site / "sw.js"  # a new build: the worker's version and a page change
    sw.write_text(re.sub(r'const VERSION = "[0-9a-f]+"', 'const VERSION = "0000newbuild0000"', sw.read_text()))
    page.reload(timeout=ENGINE_LOAD_MS)
    wait_shown(page.locator("#site-updated"), "the notice 「本站已更新」 after a new build", timeout=ENGINE_LOAD_MS)
    assert "本站已更新" in page.locator("#site-updated").inner_text()
    assert page.evaluate("async () => await caches.keys()") == ["alxa-ce-0000newbuild0000"] != old
    context.close()
    server.shutdown()


def test_a_page_from_a_newer_build_runs_with_that_builds_scripts(browser, built_site, tmp_path):
    """The site's own scripts keep their names from build to build: until the newer service
    worker takes over, a page fetched fresh from the newer build must not get the older
    build's scripts from the cache."""
    site, url, server = copy_served(built_site, tmp_path)
    context = browser.new_context(service_workers="allow")
    page = visited(context, url)

    # The newer build: site.js changed, so every page names another build of the assets.
    script = site / "assets" / "site.js"
    script.write_text(script.read_text(encoding="utf-8") + "\nwindow.builtAs = 'newer';\n", encoding="utf-8")
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        html.write_text(
            re.sub(r'(<meta name="alxa-assets" content=")[0-9a-f]+', r"\g<1>0000000000000001", text), encoding="utf-8"
        )
    sw = site / "sw.js"
    sw.write_text(re.sub(r'const (VERSION|ASSETS) = "[0-9a-f]+"', r'const \1 = "0000000000000001"', sw.read_text()))
    visit(page, url + f"/{YEAR}/notice/")
    wait_until(
        page,
        "() => window.builtAs === 'newer'",
        "the newer build's site.js to run on a page fetched from the newer build",
        timeout=ANSWER_MS,
    )
    context.close()
    server.shutdown()

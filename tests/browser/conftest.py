"""Real Chromium (Debian's), driven by Playwright, against the built site served by Debian's
nginx with deploy/nginx.conf on a loopback port (`plain_site_url`: a bare static server).

Every request to another origin is recorded and aborted, and every Content-Security-Policy
violation the page reports is recorded: a test that sees either fails.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from waiting import PAGE_LOAD_MS

from served_site import CHROMIUM, CHROMIUM_ARGS


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site, site_port, tmp_path_factory):
    from served_site import Nginx

    nginx = Nginx(built_site, site_port, tmp_path_factory.mktemp("nginx")).start()
    yield nginx.url
    nginx.stop()


def static_host(built_site, handler):
    """The built site from Python's own static server: no compression, no special headers."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def plain_site_url(built_site):
    """Any static host: no compression, no special headers, only file types."""
    yield from static_host(built_site, QuietHandler)


class UntypedWasmHandler(QuietHandler):
    """A host that does not know .wasm and sends it as any other binary file."""

    extensions_map = {**QuietHandler.extensions_map, ".wasm": "application/octet-stream"}


@pytest.fixture(scope="session")
def untyped_wasm_site_url(built_site):
    yield from static_host(built_site, UntypedWasmHandler)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def guarded_context(browser, site_url: str, **options):
    """A browser context whose requests to another origin are refused and listed (its second
    value), and whose pages list the Content-Security-Policy violations they meet
    (`window.__cspViolations`), with every wait bounded."""
    context = browser.new_context(locale="zh-CN", service_workers="block", **options)
    # Every Playwright action and wait of the test ends (waiting.py's waits say what they awaited).
    context.set_default_timeout(PAGE_LOAD_MS)
    context.set_default_navigation_timeout(PAGE_LOAD_MS)
    foreign: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script("""
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation',
            (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    """)
    return context, foreign


# Layout shifts that the reader did not cause, from the page's first paint (the Layout
# Instability API, buffered), each as [its score, the ids or classes of what moved].
_SHIFTS = """
    window.__shifts = [];
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(
            [e.value, e.sources.map((s) => (s.node && (s.node.id || s.node.className || s.node.nodeName)) + '').join(' ')]);
    }).observe({type: 'layout-shift', buffered: true});
"""


def watch_layout_shifts(page) -> None:
    """Records the layout shifts of every page `page` loads from now on (`layout_shifts`)."""
    page.add_init_script(_SHIFTS)


def layout_shifts(page) -> list[list]:
    """The layout shifts of the page shown, so far: [score, what moved] each; sum the scores."""
    return page.evaluate("() => window.__shifts")


@pytest.fixture
def page(browser, site_url):
    """A page that fails the test on any request leaving the site's origin."""
    context, foreign = guarded_context(browser, site_url)
    page = context.new_page()
    yield page
    violations = page.evaluate("() => window.__cspViolations || []") if not page.is_closed() else []
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"
    assert violations == [], f"Content-Security-Policy violations: {violations}"

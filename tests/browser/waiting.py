"""Every wait of a browser test has a timeout and, when it runs out, says what was awaited and
what a reader would have seen on the page instead (its address, heading, the calculator's
loading status, its error box, its result), never a bare Playwright timeout or a silent hang.

`pytest-timeout` (pyproject.toml) stops a whole test that still runs too long, with its stack.
"""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ENGINE_LOAD_MS = 60_000  # the calculator's first result: Pyodide downloaded and started
ANSWER_MS = 10_000  # the engine's answer to a change, a page's own script
PAGE_LOAD_MS = 30_000  # a page of the site from the loopback server

SEEN = """() => {
    const text = (selector) => {
        const e = document.querySelector(selector);
        if (!e || !(e.offsetWidth || e.offsetHeight || e.getClientRects().length)) return null;
        const t = e.innerText.trim().replace(/\\s+/g, ' ');
        return t.length > 160 ? t.slice(0, 160) + '…' : t;
    };
    const result = document.querySelector('#result');
    return {heading: text('h1'), loading: text('#engine-status'), failed: text('#engine-failed'),
            result: text('#result'), status: result && (result.dataset.status || (result.dataset.errors !== undefined ? 'errors' : null))};
}"""


def reader_saw(page) -> str:
    """What the page showed at the moment, in a line."""
    if page.is_closed():
        return "(the page had been closed)"
    try:
        seen = page.evaluate(SEEN)
    except PlaywrightError as error:
        return f"{page.url} (its content could not be read: {error.message.splitlines()[0]})"
    return "; ".join([page.url] + [f"{key}: {value}" for key, value in seen.items() if value])


def _failed(page, what: str, timeout: float, error: Exception) -> AssertionError:
    return AssertionError(f"waited {timeout / 1000:g} s for {what}; the reader saw instead: {reader_saw(page)}")


def wait_for(page, selector: str, what: str, timeout: float = ANSWER_MS, **options):
    """page.wait_for_selector, failing with `what` (e.g. "the calculator's first result") and the page."""
    try:
        return page.wait_for_selector(selector, timeout=timeout, **options)
    except PlaywrightTimeout as error:
        raise _failed(page, what, timeout, error) from None


def wait_until(page, expression: str, what: str, arg=None, timeout: float = ANSWER_MS):
    """page.wait_for_function (a synchronous predicate), failing with `what` and the page."""
    try:
        return page.wait_for_function(expression, arg=arg, timeout=timeout)
    except PlaywrightTimeout as error:
        raise _failed(page, what, timeout, error) from None


def wait_shown(locator, what: str, timeout: float = ANSWER_MS, state: str = "visible"):
    """locator.wait_for, failing with `what` and the page."""
    try:
        locator.wait_for(state=state, timeout=timeout)
    except PlaywrightTimeout as error:
        raise _failed(locator.page, what, timeout, error) from None


def wait_url(page, url, what: str, timeout: float = PAGE_LOAD_MS):
    try:
        page.wait_for_url(url, timeout=timeout)
    except PlaywrightTimeout as error:
        raise _failed(page, what, timeout, error) from None


def visit(page, url: str, wait_until: str = "load", timeout: float = PAGE_LOAD_MS):
    """page.goto, failing with the address and what had arrived of the page."""
    try:
        return page.goto(url, wait_until=wait_until, timeout=timeout)
    except PlaywrightTimeout as error:
        raise _failed(page, f"{url} to load ({wait_until})", timeout, error) from None

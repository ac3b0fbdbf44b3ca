"""A returning reader's calculator starts from the memory snapshot of the started engine
(engine.js, worker.js, snapshot-restore.js; made by the build). Each visit is a new
browser on a persistent profile, closed afterwards: the next day, as a reader comes back.

- After a first visit's first result, the snapshot is fetched in the background and kept; the
  next day's result comes from it (a performance mark and the engine's state say so), from a
  worker that the page's head started (calculator-worker.html).
- A kept snapshot that does not match the runtime (its build id changed), or one that fails to
  download (404, wrong bytes), falls back to the normal start and still gives the result.
- With Save-Data on, no snapshot is requested.
"""

from __future__ import annotations

import shutil

import pytest
from test_calculator import WINDOW, YEAR, agrees, expected, link
from waiting import ENGINE_LOAD_MS, PAGE_LOAD_MS, visit, wait_for, wait_until

from served_site import CHROMIUM, CHROMIUM_ARGS

CASE = {
    "notice": YEAR,
    "purpose": "annual",
    "as_of": WINDOW.start.isoformat(),
    "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": 30}],
}
MARKS = "() => performance.getEntriesByType('mark').map((m) => m.name)"
KEPT = "() => performance.getEntriesByName('calculator-snapshot-cached').length > 0"
SNAPSHOT_CACHE = "alxa-calculator-snapshot"
SETTLE_MS = 2_000  # longer than the worker waits after a first result before it fetches


class Day:
    """One visit: a browser started on `profile`, the calculator opened with CASE, its result
    awaited; the requests for *.snapshot it made are in `.snapshots`."""

    def __init__(self, browser, profile, url, save_data=False, snapshot_response=None):
        self.context = browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            locale="zh-CN",
            service_workers="allow",
        )
        self.context.set_default_timeout(PAGE_LOAD_MS)
        self.snapshots = []
        self.context.on("request", lambda r: r.url.endswith(".snapshot") and self.snapshots.append(r.url))
        if save_data:
            self.context.add_init_script(
                "Object.defineProperty(navigator, 'connection', "
                "{ value: { saveData: true, effectiveType: '4g' }, configurable: true })"
            )
        if snapshot_response:
            self.context.route("**/*.snapshot", lambda route: route.fulfill(**snapshot_response))
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.url = url

    def open(self):
        visit(self.page, self.url + f"/{YEAR}/calculator/" + link(CASE))
        wait_for(self.page, "#result[data-status]", "the calculator's first result", timeout=ENGINE_LOAD_MS)
        assert agrees(self.page, expected(CASE))
        return self

    def marks(self) -> list[str]:
        return self.page.evaluate(MARKS)

    def start(self) -> str:
        return self.page.evaluate("() => window.calculatorEngine.state.start")

    def kept(self):
        wait_until(
            self.page, KEPT, "the memory snapshot to be fetched and kept after the first result", timeout=ENGINE_LOAD_MS
        )

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def kept_profile(browser, site_url, tmp_path_factory):
    """A profile after one visit: the service worker installed, the snapshot kept."""
    profile = tmp_path_factory.mktemp("returning") / "profile"
    day = Day(browser, profile, site_url).open()
    try:
        assert day.start() == "normal"
        marks = day.marks()
        assert "calculator-from-snapshot" not in marks
        assert "calculator-worker-early" not in marks  # a first visit: the worker waits for the first paint
        day.kept()
        # Fetched once the result was there, not during the first visit's start.
        order = day.page.evaluate("""() => ['calculator-first-result', 'calculator-ready', 'calculator-snapshot-cached']
            .map((name) => performance.getEntriesByName(name)[0]?.startTime ?? null)""")
        result, cached = order[0] if order[0] is not None else order[1], order[2]
        assert result is not None and cached is not None and cached > result, order
        assert len(day.snapshots) == 1, day.snapshots
        wait_until(
            day.page,
            "() => navigator.serviceWorker.controller?.state === 'activated'",
            "the service worker to control the page",
            timeout=ENGINE_LOAD_MS,
        )
    finally:
        day.close()
    return profile


def copy_of(profile, tmp_path):
    copy = tmp_path / "profile"
    shutil.copytree(profile, copy, ignore=shutil.ignore_patterns("Singleton*"))
    return copy


def test_the_next_day_the_result_comes_from_the_snapshot(browser, site_url, kept_profile, tmp_path):
    day = Day(browser, copy_of(kept_profile, tmp_path), site_url).open()
    try:
        assert "calculator-from-snapshot" in day.marks(), day.marks()
        assert "calculator-snapshot-failed" not in day.marks()
        assert day.start() == "snapshot"
        # Its worker was started by the page's head, before Material's bundle held the main thread.
        assert "calculator-worker-early" in day.marks(), day.marks()
        assert day.snapshots == []  # kept: not fetched again
        # The reader's next change is answered by the restored engine as well.
        other = {**CASE, "records": [{**CASE["records"][0], "hours": 90}]}
        visit(day.page, site_url + f"/{YEAR}/calculator/" + link(other))
        wait_for(day.page, "#result[data-status]", "the result of a second case", timeout=ENGINE_LOAD_MS)
        assert agrees(day.page, expected(other))
    finally:
        day.close()


def test_a_kept_snapshot_that_does_not_match_the_runtime_falls_back(browser, site_url, kept_profile, tmp_path):
    """Its bytes changed where Pyodide's build id is (as another build's would): the normal
    start gives the result, the entry is forgotten and this build's is kept again."""
    profile = copy_of(kept_profile, tmp_path)
    day = Day(browser, profile, site_url)
    try:
        visit(day.page, site_url + "/")
        changed = day.page.evaluate(
            """async (name) => {
            const cache = await caches.open(name);
            const [key] = await cache.keys();
            const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
            for (let i = 16; i < 48; i++) bytes[i] ^= 0xff;
            await cache.put(key, new Response(bytes));
            return bytes.byteLength;
        }""",
            SNAPSHOT_CACHE,
        )
        assert changed > 1_000_000  # the snapshot, not some other entry
    finally:
        day.close()
    day = Day(browser, profile, site_url).open()
    try:
        marks = day.marks()
        assert "calculator-snapshot-failed" in marks and "calculator-from-snapshot" not in marks, marks
        assert day.start() == "normal"
        day.kept()
        assert len(day.snapshots) == 1
    finally:
        day.close()
    day = Day(browser, profile, site_url).open()  # and the day after, from this build's snapshot
    try:
        assert day.start() == "snapshot", day.marks()
    finally:
        day.close()


@pytest.mark.parametrize(
    "response",
    [
        {"status": 404, "body": "not found"},
        {"status": 200, "body": b"\0" * 1000, "content_type": "application/octet-stream"},
    ],
    ids=["404", "wrong-bytes"],
)
def test_a_snapshot_that_fails_to_download_is_not_kept(browser, site_url, tmp_path, response):
    """The first visit's result as usual; nothing kept (the integrity check refuses wrong
    bytes); the next day starts as usual and still gives the result."""
    profile = tmp_path / "profile"
    day = Day(browser, profile, site_url, snapshot_response=response).open()
    try:
        day.page.wait_for_timeout(SETTLE_MS)
        assert len(day.snapshots) == 1, day.snapshots
        assert "calculator-snapshot-cached" not in day.marks()
        assert day.page.evaluate("async (name) => (await (await caches.open(name)).keys()).length", SNAPSHOT_CACHE) == 0
    finally:
        day.close()
    day = Day(browser, profile, site_url, snapshot_response=response).open()
    try:
        assert day.start() == "normal"
        assert "calculator-snapshot-failed" not in day.marks()
    finally:
        day.close()


def test_with_save_data_no_snapshot_is_fetched(browser, site_url, tmp_path):
    profile = tmp_path / "profile"
    for _ in range(2):
        day = Day(browser, profile, site_url, save_data=True).open()
        try:
            day.page.wait_for_timeout(SETTLE_MS)
            assert "calculator-snapshot-skipped" in day.marks(), day.marks()
            assert day.start() == "normal"
            assert day.snapshots == []
        finally:
            day.close()

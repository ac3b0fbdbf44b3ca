"""axe-core (from npm, injected by Playwright): no serious or critical violations."""

from __future__ import annotations

import pytest
from helpers import ROOT
from waiting import ENGINE_LOAD_MS, visit, wait_for
from years import latest

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def violations(page) -> list[str]:
    # Evaluated through DevTools, not as a <script>: the site's CSP rightly forbids inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['impact']}: {v['id']} ({len(v['nodes'])}×) {v['nodes'][0]['target']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


Y = latest()  # the newest published year's pages


@pytest.mark.parametrize("path", [f"/{Y}/calculator/", f"/zh-hant/{Y}/calculator/", f"/{Y}/notice/", f"/{Y}/faq/", "/"])
def test_no_serious_accessibility_violations(page, site_url, path):
    visit(page, site_url + path, wait_until="networkidle")
    if "calculator" in path:
        wait_for(page, "#result[data-engine=ready]", "the calculator's engine ready", timeout=ENGINE_LOAD_MS)
        page.locator("#add-record").click()  # a record row, and its labels, are checked too
        page.wait_for_timeout(300)
    assert violations(page) == []

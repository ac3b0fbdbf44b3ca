"""Shared helpers for tests: where things are, and the worked examples of every year."""
from __future__ import annotations

from pathlib import Path

import pytest

import notice_compiler
from notice_compiler.examples import load_examples

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

# For page.wait_for_function: the site's service worker has cached everything and controls the
# page. Synchronous on purpose: wait_for_function takes the Promise of an async predicate as a
# truthy answer at once, and would not wait at all.
OFFLINE_READY = "() => navigator.serviceWorker.controller?.state === 'activated'"


def emulate_link(context, page, megabits: float, latency_ms: int) -> None:
    """Chrome DevTools Protocol network emulation for `page`: download speed and latency.
    Chromium applies it to the page's dedicated worker's fetches too."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                  "downloadThroughput": megabits * 1e6 / 8,
                                                  "uploadThroughput": 1e6 / 8})


def all_examples():
    return [ex for year in notice_compiler.years()
            for ex in load_examples(notice_compiler.POLICY_SRC / str(year), notice_compiler.shown_path)]


def example_params(examples):
    return [pytest.param(ex, id=f"{Path(ex.path).name}:{ex.line}") for ex in examples]

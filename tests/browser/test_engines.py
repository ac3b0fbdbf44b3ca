"""The calculator and the roster in the two other engines readers use: WebKit (the engine of
every iPhone browser) and Firefox. One visit each, as a reader makes it: a shared link's
result, a record typed by hand and its result, and a unit's CSV roster checked. The same plan
of steps runs in both (engines/webkit.py: Selenium and Debian's WebKitWebDriver on a virtual
display; engines/firefox.mjs: puppeteer-core over WebDriver BiDi); Chromium runs the rest of
tests/browser/. Each engine's browser starts afresh, as a first visit."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date

import pytest
from helpers import ROOT
from test_calculator import IN_WINDOW, NEED, YEAR, expected, link

from calculator import check_or_errors

ENGINES = {
    "webkit": ["xvfb-run", "-a", sys.executable, str(ROOT / "tests" / "browser" / "engines" / "webkit.py")],
    "firefox": ["node", str(ROOT / "tests" / "browser" / "engines" / "firefox.mjs")],
}
NEEDS = {"webkit": ("xvfb-run", "WebKitWebDriver"), "firefox": ("firefox-esr", "node")}
RESULT = """(() => { const r = document.querySelector('#result');
    return [r.getAttribute('data-status'), r.getAttribute('data-shortfall-public'), r.getAttribute('data-shortfall-professional')]; })()"""
SHOWN = "document.querySelector('#result[data-status]')"
ROSTER_STATE = "document.querySelector('#roster')?.dataset.state"
ROSTER_COUNTS = """[...document.querySelectorAll('#roster-summary [data-status]')]
    .map((e) => [e.getAttribute('data-status'), e.getAttribute('data-count')])"""


def as_shown(want: dict) -> list[str]:
    return [want["status"], want["shortfall-public"], want["shortfall-professional"]]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_link_a_typed_record_and_a_roster(engine, site_url, tmp_path):
    missing = [tool for tool in NEEDS[engine] if not shutil.which(tool)]
    assert not missing, f"make browser installs {missing}"
    shared = {
        "notice": YEAR,
        "purpose": "annual",
        "as_of": IN_WINDOW.isoformat(),
        "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": NEED["public"] - 10}],
    }
    # Typed on an empty form, whose check date is the day it is opened.
    typed = {
        "notice": YEAR,
        "purpose": "annual",
        "as_of": date.today().isoformat(),
        "records": [{"year": YEAR, "channel": "platform", "subject": "public", "hours": NEED["public"]}],
    }
    roster = tmp_path / "花名冊.csv"
    people = [("甲", NEED["public"], NEED["professional"]), ("乙", NEED["public"], 0)]
    roster.write_text(
        f"姓名,{YEAR}公需,{YEAR}專業\n" + "".join(f"{n},{p},{q}\n" for n, p, q in people), encoding="utf-8"
    )
    statuses = [
        check_or_errors(
            {
                "notice": YEAR,
                "purpose": "annual",
                "as_of": date.today().isoformat(),
                "records": [
                    {"year": YEAR, "channel": "platform", "subject": s, "hours": h}
                    for s, h in (("public", p), ("professional", q))
                ],
            }
        )["status"]
        for _, p, q in people
    ]
    row = "#records > li:last-child"
    plan = {
        "steps": [
            {"goto": f"{site_url}/{YEAR}/calculator/{link(shared)}"},
            {"wait": SHOWN, "ms": 180_000},
            {"evaluate": RESULT},
            {"goto": f"{site_url}/{YEAR}/calculator/"},
            {"wait": "window.CalculatorEngine && document.querySelector('#add-record')", "ms": 60_000},
            {"evaluate": "document.querySelector('#add-record').click()"},
            {"type": f'{row} [data-key="year"]', "text": str(YEAR)},
            {"type": f'{row} [data-key="amount"]', "text": str(NEED["public"])},
            {"wait": f"({RESULT})[1] === '0'", "ms": 180_000},
            {"evaluate": RESULT},
            {"goto": f"{site_url}/{YEAR}/roster/"},
            {"wait": f"{ROSTER_STATE} === 'ready'", "ms": 240_000},
            {"upload": "#roster-file", "path": str(roster)},
            {"wait": f"['done', 'unreadable', 'failed'].includes({ROSTER_STATE})", "ms": 120_000},
            {"evaluate": ROSTER_STATE},
            {"evaluate": ROSTER_COUNTS},
        ]
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [*ENGINES[engine], str(tmp_path / "plan.json")], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    link_result, _, typed_result, roster_state, counts = json.loads(done.stdout.strip().splitlines()[-1])["answers"]
    assert link_result == as_shown(expected(shared))
    assert typed_result == as_shown(expected(typed))
    assert roster_state == "done"
    counts = dict(counts)
    for status in set(statuses):
        assert counts.get(status) == str(statuses.count(status)), (status, counts)

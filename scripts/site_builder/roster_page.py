"""The unit's roster page (單位批量自查): a unit's officer checks every person of a roster
file at once, in the browser. Its HTML is templates/roster.html and its texts labels.ROSTER,
in Traditional (the page is converted per script); the page script (docs/assets/roster/roster.js)
holds no Chinese.

The file is read and checked in a Web Worker (docs/assets/roster/worker.js) by the same
Python as `python -m calculator roster`; the page loads that Python itself (roster_assets),
so that the calculator's first visit never downloads it.
"""

from __future__ import annotations

import json

from . import calculator_assets, labels, roster_assets, templates
from .sources import Year


def render(year: Year, depth: int) -> str:
    """`depth`: how many folders below the whole site's root the page is."""
    root = "../" * depth
    policy = year.policy
    extra = round(sum(_served_size(path) for path in roster_assets.wheel_files()) / 1e6, 1)
    texts = json.loads(
        json.dumps(labels.ROSTER).replace("{megabytes}", str(download_megabytes())).replace("{extra}", str(extra))
    )
    texts["result"]["clauseLabels"] = policy.clause_labels
    return templates.render(
        "roster.html",
        year=year,
        texts=texts,
        labels=json.dumps(texts, ensure_ascii=False),
        runtime=root + calculator_assets.runtime_path(),
        engine=root + calculator_assets.calculator_path(),
        roster=root + roster_assets.folder_path(),
        calculator_package=calculator_assets.PACKAGE,
        package=roster_assets.PACKAGE,
        lock=json.dumps(json.loads(roster_assets.inline_lock()), separators=(",", ":")),
        # Written in Traditional, as the whole page: its conversion to Simplified turns each link
        # into the Simplified template's (roster_assets.templates), file name included.
        downloads=roster_assets.templates(year.year),
        download_labels=labels.ROSTER_TEMPLATES,
        columns=labels.roster_columns(year.policy),
    )


def download_megabytes() -> float:
    """A first visit's download for this page: the calculator's runtime and the roster's wheels
    (their .br copies, as the site serves them)."""
    extra = sum(_served_size(path) for path in roster_assets.wheel_files())
    return round(calculator_assets.download_megabytes() + extra / 1e6, 1)


def _served_size(path) -> int:
    br = path.with_name(path.name + ".br")
    return br.stat().st_size if br.exists() else path.stat().st_size

"""The calculator page: a form for the whole case of docs/dev/contract.md, a result region,
and the texts the page script shows, all in Traditional (the page is converted per script).
The page is templates/calculator.html; the texts are labels.CALCULATOR.

The page script (docs/assets/calculator/calculator.js) holds no Chinese and no number of
the notice: labels come from this page, rules from the engine running in Pyodide.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from calculator import messages as M
from calculator.rule_kinds import channel_sentence

from . import calculator_assets, labels, templates
from . import words as W
from .pages import key_figures
from .sources import Year


def render(year: Year, depth: int) -> str:
    """`depth`: how many folders below the site root the page is (for the runtime's address).

    The HTML is served in the state the page script shows first (a year's own check, the
    title and assessment fields hidden), so that nothing moves when the script starts."""
    policy = year.policy
    root = "../" * depth
    # The page script's texts ride on a data attribute: Material's instant navigation would
    # run a <script type="application/json"> as JavaScript when it swaps the page in.
    texts = json.loads(
        json.dumps(labels.CALCULATOR).replace("{megabytes}", str(calculator_assets.download_megabytes()))
    )
    runtime, engine = root + calculator_assets.runtime_path(), root + calculator_assets.calculator_path()
    # Not the wasm: engine.js fetches and compiles it itself, from the head (see there).
    preload = [
        runtime + "pyodide.asm.mjs",
        runtime + "pyodide.mjs",
        engine + "python_stdlib.zip",
        engine + calculator_assets.wheel_name(),
    ]
    engine_data = {
        "notice": year.year,
        "preload": preload,
        "runtime": runtime,
        "calculator": engine,
        "package": calculator_assets.PACKAGE,
        "runtimeBytes": calculator_assets.runtime_bytes(),
        "lock": json.dumps(json.loads(calculator_assets.inline_lock()), separators=(",", ":")),
    }
    return templates.render(
        "calculator.html",
        year=year,
        policy=policy,
        texts=texts,
        labels=json.dumps({**texts, "clauseLabels": policy.clause_labels}, ensure_ascii=False),
        # YAML in the front matter, which HTML escaping would break: written as it is.
        engine_json=Markup(json.dumps(engine_data, ensure_ascii=False)),
        runtime=runtime,
        engine=engine,
        package=calculator_assets.PACKAGE,
        runtime_bytes=engine_data["runtimeBytes"],
        lock=engine_data["lock"],
        # The memory snapshot a returning visit starts from (fetched after a first result: engine.js).
        snapshot=calculator_assets.snapshot_info(),
        requirements=key_figures(year),
        # The line saying where today stands against the study window (docs/assets/notice-dates.js
        # fills it from these attributes); in Traditional, converted with the rest of the page.
        window_status=labels.window_status_attributes(year.rules["window"], "hant")
        if year.rules.get("window")
        else None,
        boxes=labels.CIRCUMSTANCE_BOXES,
        subjects=M.SUBJECT,
        years=W.years,
        purposes=W.purposes,
        channel_sentence=channel_sentence,
    )

"""The roster page's entry points under Pyodide (docs/assets/roster/worker.js calls them).

Shipped in the roster's own wheel as the module `alxa_ce_roster_browser`, beside
calculator/roster/ and the few standard-library modules that the roster needs and the
calculator's trimmed standard library leaves out (`alxa_ce_roster_stdlib/`, precompiled;
scripts/pyodide/precompile_roster.mjs chooses them; the calculator's own wheel leaves this
module out). Importing this module makes those
modules importable, then the roster.

The last report stays here, in the worker's memory, for the exports; `clear()` drops it.
Nothing is written anywhere: Pyodide's file system is memory, and it is not used either.
"""

from __future__ import annotations

import gc
import json
import sys
from datetime import date
from pathlib import Path

_EXTRA = Path(__file__).with_name("alxa_ce_roster_stdlib")


def _add_standard_library() -> None:
    """The extra modules after the trimmed library on the path; a module of a package that the
    trimmed library has (encodings.gb18030 beside encodings/) is found through that
    package's own path, which is extended here."""
    if not _EXTRA.is_dir():  # CPython, or a runtime with the whole library
        return
    if str(_EXTRA) not in sys.path:
        sys.path.append(str(_EXTRA))
    for folder in sorted(p for p in _EXTRA.iterdir() if p.is_dir()):
        package = sys.modules.get(folder.name) or __import__(folder.name)
        if str(folder) not in package.__path__:
            package.__path__.append(str(folder))


_add_standard_library()

from calculator import roster  # noqa: E402

_report: dict | None = None


def check(
    data,
    filename: str,
    records_data,
    records_name: str | None,
    today: str,
    notice: int | None,
    script: str,
    progress=None,
) -> str:
    """What the page's table shows of the report, as one JSON text (the page parses it once),
    or {"unreadable": message}. A person's full result stays here until the page asks for it
    (`explain`): for 10,000 people that is 28 MB of JSON the page would otherwise hold. The
    table and the exports show no notes or per-year tables: they are made only for the result a
    row opens."""
    global _report
    _report = None
    records = (_bytes(records_data), _text(records_name)) if _given(records_data) else None
    try:
        _report = roster.check_file(
            _bytes(data),
            filename,
            records=records,
            today=date.fromisoformat(today),
            notice=notice if _given(notice) else None,
            script=script,
            display=True,
            brief=True,
            progress=progress if _given(progress) else None,
        )
    except roster.RosterError as exc:
        return json.dumps({"unreadable": exc.message}, ensure_ascii=False)
    table = {key: value for key, value in _report.items() if key not in ("people", "checked_as")}
    table["people"] = [_row(person) for person in _report["people"]]
    return json.dumps(table, ensure_ascii=False, separators=(",", ":"))


def too_big(sizes, names, script: str) -> str | None:
    """{"unreadable": message} for a file past the size a roster can be, said before the page
    reads it (a file of gigabytes would fill the tab's memory first); None for files in bounds."""
    try:
        roster.check_sizes([(int(size), _text(name)) for size, name in zip(sizes, names, strict=True)], script)
    except roster.RosterError as exc:
        return json.dumps({"unreadable": exc.message}, ensure_ascii=False)
    return None


def _row(person: dict) -> dict:
    """A person as the table shows them: status, what is missing, what to study by when."""
    out = {"row": person["row"], "name": person["name"], "unit": person.get("unit") or ""}
    if "errors" in person:
        return {**out, "status": "errors", "errors": person["errors"]}
    result = person["result"]
    out.update(status=result["status"], clauses=result["clauses"])
    if result["status"] == "not_met":
        shown = result["display"]
        out.update(shortfall=shown["shortfall"], to_study=shown["to_study"], closed=len(shown["closed"]))
    return out


def warm(notice: int, today: str, script: str = "hant") -> int:
    """Checks a small CSV roster once (the CSV template's columns, its two example people under
    their own names, so that they are checked rather than skipped), in the page's script, while
    the officer is still choosing a file, and keeps nothing of it; returns how many people it
    checked. The first check of a page otherwise pays for the roster's first imports and
    first-time set-ups (the year's rules, the Simplified table) and for running its code for the
    first time: measured in Chromium, 45 % of a 1,000-person CSV's first check. A CSV only:
    reading a spreadsheet needs python-calamine and writing one XlsxWriter, which the page loads
    only once a file or an export needs them (a spreadsheet's first check still gains from the
    roster's code warmed here; its reading by calamine it pays itself)."""
    from calculator.roster import template

    text = roster.template_csv(notice, script).decode("utf-8-sig").replace(template.EXAMPLE, "")
    report = roster.check_file(
        text.encode("utf-8"),
        "template.csv",
        today=date.fromisoformat(today),
        notice=notice,
        script=script,
        display=True,
        brief=True,
    )
    gc.collect()
    return len(report["people"])


def explain(index: int) -> str:
    """The full result (display hours included) of the report's `index`th person, as JSON."""
    person = _report["people"][index] if _report is not None else {}
    result = roster.full_result(_report, index) if "result" in person else None
    return json.dumps(result or {"errors": person.get("errors", [])}, ensure_ascii=False)


def full() -> str:
    """The whole last report, notes included, as JSON (the parity test compares it with CPython's)."""
    return json.dumps(roster.full_report(_report), ensure_ascii=False)


def _given(value) -> bool:
    """Not None, nor JavaScript's null (Pyodide's JsNull)."""
    return value is not None and type(value).__name__ != "JsNull"


def _text(value) -> str:
    return str(value) if _given(value) else ""


def _bytes(data) -> bytes:
    """A JavaScript Uint8Array (copied once) or bytes."""
    return data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)


def export(kind: str, mask_ids: bool) -> bytes:
    """The last report as .xlsx or .csv bytes."""
    if _report is None:
        raise ValueError("no report")
    return (roster.to_xlsx if kind == "xlsx" else roster.to_csv)(_report, mask_ids=mask_ids)


def template(kind: str, notice: int) -> bytes:
    return (roster.template_xlsx if kind == "xlsx" else roster.template_csv)(notice)


def clear() -> None:
    """Drops the last report (and the file, which only the report's call held), and what the
    reader memoised of its cells and messages (names among them)."""
    global _report
    _report = None
    roster.forget()
    gc.collect()

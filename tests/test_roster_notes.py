"""Brief results (what a roster's table and exports use: no notes, no per-year tables) are the
full results minus those parts, and the full result made again later is the same as checked
in full."""

from __future__ import annotations

import json
from datetime import date

import roster_fixtures as F
from hypothesis import given, settings
from test_engine_properties import case

from calculator import check, roster


@settings(max_examples=300, deadline=None)
@given(case)
def test_a_result_without_notes_is_the_full_result_without_them(c):
    for display in (False, True):
        for script in ("hant", "hans"):
            full = check(c, date(F.Y, 12, 1), script=script, display=display)
            lean = check(c, date(F.Y, 12, 1), script=script, display=display, notes=False)
            assert lean == {k: v for k, v in full.items() if k != "notes"}
            brief = check(c, date(F.Y, 12, 1), script=script, display=display, notes=False, tables=False)
            assert brief == _without_tables(lean)


def _without_tables(result: dict) -> dict:
    """The result without its per-year tables, in its own display too; keys in their order."""
    tables = ("years", "make_up_years")
    out = {k: v for k, v in result.items() if k not in tables}
    if "display" in out:
        out["display"] = {k: v for k, v in out["display"].items() if k not in tables}
    return out


def test_a_brief_roster_gives_the_same_report_again(tmp_path):
    for fixture in F.write_all(tmp_path):
        records = (fixture.records_path.read_bytes(), fixture.records_path.name) if fixture.records_path else None
        for script, display in (("hant", False), ("hans", True)):
            options = {"records": records, "today": F.TODAY, "script": script, "display": display}
            full = roster.check_file(fixture.path.read_bytes(), fixture.path.name, **options)
            lean = roster.check_file(fixture.path.read_bytes(), fixture.path.name, brief=True, **options)
            assert json.dumps(roster.full_report(lean), ensure_ascii=False) == json.dumps(full, ensure_ascii=False)
            for i, entry in enumerate(full["people"]):
                assert roster.full_result(lean, i) == entry.get("result")
                if "result" in entry:
                    without_notes = {k: v for k, v in entry["result"].items() if k != "notes"}
                    assert lean["people"][i]["result"] == _without_tables(without_notes)
            # The exports show no notes and no per-year tables: the same bytes either way.
            assert roster.to_csv(lean) == roster.to_csv(full)

"""notice.md publishes the notice exactly: every line of the original, in order, nothing added."""

from __future__ import annotations

import pytest
from helpers import ROOT
from years import about, policy, published

import notice_compiler

# The 2025 notice as it was received (the seed), for the tests about 2025's own text.
SEED = ROOT.parent / "shared" / "seeds" / "000_c7c78e391facd7ae.txt"
ORIGINAL = ROOT / "policy_src" / "2025" / "original.txt"
# docs/dev/contract.md's clause ids: the numbering of the notice, which every year keeps.
COMPUTABLE = ["1.2", "1.3.1", "1.3.2", *[f"1.4.{i}" for i in range(1, 9)], *[f"1.5.{i}" for i in range(1, 7)]]
SECTIONS = {"2", "3", "4", "5", "6", "6.1", "6.2", "1.6"}
# Which clause reads each circumstance of the form (docs/dev/contract.md's table).
NAMED = {
    "birth_date": "1.5.1",
    "non_public": "1.5.2",
    "grassroots": "1.5.2",
    "postdoc": "1.5.3",
    "epidemic_years": "1.5.4",
    "transferred_year": "1.5.5",
    "exceptional_since": "1.5.6",
    "high_skilled": "1.4.6",
}


YEARS_WITH_ORIGINAL = [
    y for y in notice_compiler.years() if (notice_compiler.POLICY_SRC / str(y) / "original.txt").exists()
]


@pytest.mark.parametrize("year", YEARS_WITH_ORIGINAL)
def test_notice_text_is_the_original_line_for_line(year):
    notice = notice_compiler.load(year)
    published = [b.text for b in notice.blocks]
    original_text = (notice_compiler.POLICY_SRC / str(year) / "original.txt").read_text(encoding="utf-8")
    assert published == [line for line in original_text.split("\n") if line.strip()]


def test_every_published_year_keeps_its_original():
    assert set(notice_compiler.published_years()) <= set(YEARS_WITH_ORIGINAL)


@about(2025)
@pytest.mark.skipif(not SEED.exists(), reason="the shared seed is not beside this checkout")
def test_original_is_the_notice_as_received():
    assert ORIGINAL.read_bytes() == SEED.read_bytes()


@about(2025)
def test_every_computable_clause_of_2025_has_its_id_and_a_rule():
    notice = notice_compiler.load(2025)
    anchored = [b.clause for b in notice.clause_blocks()]
    assert set(COMPUTABLE) <= set(anchored)
    ruled = {f.data["clause"] for f in notice.rules}
    assert set(COMPUTABLE) <= ruled
    # Sections 二 to 六 and 六's items keep the notice's own numbering.
    assert set(anchored) >= SECTIONS


@pytest.mark.parametrize("year", published())
def test_every_published_year_keeps_the_clause_ids_and_rules_only_on_them(year):
    """A later notice may drop a rule (a clause that no longer computes anything), never an id:
    every rule sits on an anchored clause, and the hours of 一(二) and the title years always have one."""
    notice = notice_compiler.load(year)
    anchored = {b.clause for b in notice.clause_blocks()}
    ruled = {f.data["clause"] for f in notice.rules}
    assert ruled <= anchored, sorted(ruled - anchored)
    assert {"1.2", "1.3.1"} <= ruled
    assert anchored >= SECTIONS


@about(2025)
def test_both_defects_of_the_2025_text_have_errata():
    notice = notice_compiler.load(2025)
    says = {f.data["says"]: f.data["reads"] for f in notice.errata}
    assert says["2025年 11 月 31 日"] == "2025年11月30日"
    assert says["http s://www.tcc.edu.cn/h/subject/alsjxjy/"] == "https://www.tcc.edu.cn/h/subject/alsjxjy/"


@about(2025)
def test_key_dates_of_2025_are_data():
    """The 2025 notice's own dates, as its text gives them, are in its generated rules."""
    import importlib

    rules = importlib.import_module("calculator.generated.notice_2025")

    assert rules.ISSUED == "2025-01-02"
    deadlines = [d for r in rules.RULES if r["clause"] == "3" for d in r["deadlines"]]
    assert [d["by"] for d in deadlines] == ["2025-01-31", "2025-10-20"]
    window = next(r["window"] for r in rules.RULES if "window" in r)
    assert (window["from"], window["to"]) == ("2025-01-05", "2025-11-30")


@pytest.mark.parametrize("year", published())
def test_each_circumstance_is_read_by_the_clause_the_contract_names(year):
    """The form links each circumstance to its clause, found from the rules (docs/dev/contract.md's table);
    a year whose notice dropped a clause's rule reads the circumstance nowhere."""
    read = {field: policy(year).clause_of(field) for field in NAMED}
    assert {f: c for f, c in read.items() if c is not None} == {f: NAMED[f] for f, c in read.items() if c is not None}
    if year == 2025:  # the 2025 notice has a rule for every one of them
        assert read == NAMED

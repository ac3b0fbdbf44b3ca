"""Every worked example in policy_src/<year>/cases/ gives the result it states."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from helpers import all_examples, example_params

import notice_compiler
from calculator import check_or_errors
from calculator.policy import Policy

EXAMPLES = all_examples()
# Only used when an example leaves as_of out; a fixed day keeps the suite reproducible.
TODAY = date(2025, 6, 30)


@pytest.mark.parametrize("example", example_params(EXAMPLES))
def test_example_gives_its_stated_result(example):
    result = check_or_errors(example.case, TODAY)
    problems = notice_compiler.examples.differences(result, example.expect) + next_step_differences(result, example.expect)
    assert not problems, f"{example.where} {example.name}\n" + "\n".join(problems)


def next_step_differences(result: dict, expect: dict) -> list[str]:
    """The fields of "What to do next" and make_up_years, checked like the compiler checks the others:
    the lists whole and in order, hours exact (numbers or "a/b"), `by` and `clause` where written."""
    if "errors" in expect or "errors" in result:
        return []
    out = []
    if "still_possible" in expect and result["still_possible"] != expect["still_possible"]:
        out.append(f"still_possible: 期望 {expect['still_possible']}，實際 {result['still_possible']}")
    for key in ("to_study", "closed"):
        if key not in expect:
            continue
        got, want = result[key], expect[key]
        shown = [(i["year"], i["subject"], i["hours"]) for i in got]
        if len(got) != len(want):
            out.append(f"{key}: 期望 {len(want)} 項，實際 {shown}")
            continue
        for n, (g, w) in enumerate(zip(got, want)):
            for field in ("year", "subject", "by", "clause"):
                if field in w and g.get(field) != w[field]:
                    out.append(f"{key}[{n}].{field}: 期望 {w[field]}，實際 {g.get(field)}")
            if not _same(g["hours"], w["hours"]):
                out.append(f"{key}[{n}].hours: 期望 {w['hours']}，實際 {g['hours']}")
    if "make_up_years" in expect:
        got = result["make_up_years"]
        if not expect["make_up_years"] and got:
            out.append(f"make_up_years: 期望為空，實際 {sorted(got)}")
        for year, row in expect["make_up_years"].items():
            if str(year) not in got:
                out.append(f"make_up_years.{year}: 結果中沒有這一年（實際 {sorted(got)}）")
                continue
            if "met" in row and got[str(year)]["met"] != row["met"]:
                out.append(f"make_up_years.{year}.met: 期望 {row['met']}，實際 {got[str(year)]['met']}")
            for subject in ("public", "professional"):
                for k, hours in row.get(subject, {}).items():
                    if not _same(got[str(year)][subject][k], hours):
                        out.append(f"make_up_years.{year}.{subject}.{k}: 期望 {hours}，實際 {got[str(year)][subject][k]}")
    return out


def _same(actual, expected) -> bool:
    exact = Fraction(expected) if isinstance(expected, str) else Fraction(str(expected))
    return actual == exact if exact.denominator == 1 else actual == float(exact)


# Rule kinds that inform readers but never change a result.
NOT_COMPUTED = {"review_card", "deadlines"}


def test_every_computable_clause_has_an_example():
    """Each clause whose rule can change a result is illustrated by at least one example."""
    illustrated = {c for ex in EXAMPLES for c in ex.illustrates}
    for year in notice_compiler.years():
        notice = notice_compiler.load(year)
        computable = {f.data["clause"] for f in notice.rules if set(f.data) - {"clause"} - NOT_COMPUTED}
        assert len(computable) >= 17 and computable - illustrated == set()


def test_there_are_enough_examples_and_names_are_sentences():
    assert len([ex for ex in EXAMPLES if "status" in ex.expect]) >= 40
    for ex in EXAMPLES:
        assert ex.name.endswith("。"), f"{ex.where}: 算例名稱應是一句完整的話"


def test_examples_show_every_kind_of_next_step():
    """Examples state what can still be done: something to study, something closed, both,
    a one-year case, and a make-up year's own progress."""
    stated = [ex.expect for ex in EXAMPLES if "status" in ex.expect]
    assert any(e.get("to_study") for e in stated) and any(e.get("closed") for e in stated)
    assert any(e.get("to_study") and e.get("closed") for e in stated)
    assert any(e.get("still_possible") is False and not e.get("to_study") for e in stated)
    assert any(e.get("make_up_years") for e in stated)


def test_illustrated_clauses_exist():
    for ex in EXAMPLES:
        policy = Policy.load(ex.case["notice"]) if isinstance(ex.case.get("notice"), int) else None
        for clause in ex.illustrates:
            assert policy and clause in policy.clauses, f"{ex.where}: 條款 {clause} 不存在"

"""Every worked example in policy_src/<year>/cases/ gives the result it states."""

from __future__ import annotations

from datetime import date

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
    problems = notice_compiler.examples.differences(result, example.expect)
    assert not problems, f"{example.where} {example.name}\n" + "\n".join(problems)


# Rule kinds that inform readers but never change a result.
NOT_COMPUTED = {"review_card", "deadlines"}


def test_every_computable_clause_has_an_example():
    """Each clause whose rule can change a result is illustrated by at least one example."""
    illustrated = {c for ex in EXAMPLES for c in ex.illustrates}
    for year in notice_compiler.years():
        notice = notice_compiler.load(year)
        computable = {f.data["clause"] for f in notice.rules if set(f.data) - {"clause"} - NOT_COMPUTED}
        assert computable and computable - illustrated == set(), f"{year}: {sorted(computable - illustrated)}"


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

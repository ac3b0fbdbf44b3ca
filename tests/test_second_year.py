"""A new year is new Markdown, not new code: a made-up 2031 notice with other numbers
(100 hours, 40 public, 50-minute hours, other ages and windows) drives the same engine."""

from __future__ import annotations

import importlib.util

import pytest
from helpers import FIXTURES, example_params

import notice_compiler
from calculator import check, check_or_errors
from calculator.policy import Policy
from notice_compiler.examples import differences, load_examples

SOURCE = FIXTURES / "year_2031"
EXAMPLES = load_examples(SOURCE / "2031")


@pytest.fixture(scope="module")
def policies(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    notice_compiler.compile_all(SOURCE, out)
    spec = importlib.util.spec_from_file_location("notice_2031", out / "notice_2031.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {2031: Policy.from_module(module)}


@pytest.mark.parametrize("example", example_params(EXAMPLES))
def test_the_engine_follows_the_2031_markdown(example, policies):
    result = check_or_errors(example.case, policies=policies)
    assert not differences(result, example.expect), (example.name, differences(result, example.expect))


def test_the_same_records_give_different_answers_under_each_years_rules(policies):
    """Identical records, judged by each notice's own numbers."""
    records = [
        {"year": 2031, "channel": "platform", "subject": "public", "hours": 30},
        {"year": 2031, "channel": "platform", "subject": "professional", "minutes": 2700},
    ]
    ours = check({"notice": 2031, "purpose": "annual", "as_of": "2031-06-01", "records": records}, policies=policies)
    as_2025 = check(
        {"notice": 2025, "purpose": "annual", "as_of": "2025-06-01", "records": [dict(r, year=2025) for r in records]}
    )
    assert as_2025["status"] == "met"  # 30 public; 2700 min / 45 = 60 professional
    assert ours["status"] == "not_met" and ours["shortfall"] == {"public": 10, "professional": 6}  # 40; 2700 / 50 = 54

"""Shared helpers for tests: where things are, and the worked examples of every year."""

from __future__ import annotations

from pathlib import Path

import pytest

import notice_compiler
from notice_compiler.examples import load_examples
from served_site import OFFLINE_READY, emulate_link  # noqa: F401  (the tests' own names for them)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def all_examples():
    return [
        ex
        for year in notice_compiler.years()
        for ex in load_examples(notice_compiler.POLICY_SRC / str(year), notice_compiler.shown_path)
    ]


def example_params(examples):
    return [pytest.param(ex, id=f"{Path(ex.path).name}:{ex.line}") for ex in examples]

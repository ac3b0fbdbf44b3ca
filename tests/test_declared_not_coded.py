"""A new circumstance or channel is Markdown only: no code names one.

The circumstances a year's rules read and the channels they credit are declared in the
notice's rule blocks; the form, the roster, the engine and the pages follow the declaration.
So no id of them may appear in the code (the generated rule modules aside): a name written
in code would be a rule that a later notice could not change.
"""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from calculator.policy import Policy, available

CODE = ("calculator", "scripts", "docs/assets")
SUFFIXES = {".py", ".js", ".mjs", ".html", ".json", ".css"}


def _ids() -> set[str]:
    ids: set[str] = set()
    for year in available():
        policy = Policy.load(year)
        ids |= set(policy.circumstances) | set(policy.channels)
    return ids


def _code_files():
    for top in CODE:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            rel = path.relative_to(ROOT)
            if rel.parts[:2] == ("calculator", "generated") or "__pycache__" in rel.parts:
                continue
            if rel.parts[:2] == ("docs", "assets") and len(rel.parts) > 2 and rel.parts[2] in ("pyodide", "fonts"):
                continue  # third-party files copied in at build
            yield path


def test_the_notices_declare_circumstances_and_channels():
    ids = _ids()
    assert any(Policy.load(y).circumstances for y in available()), "no year declares a circumstance"
    assert len(ids) > 2


@pytest.mark.parametrize("path", list(_code_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_names_a_circumstance_or_a_channel_of_a_notice(path):
    words = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(map(re.escape, _ids()))) + r")(?![A-Za-z0-9_])")
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [
        f"{path.relative_to(ROOT)}:{n}: {m.group(1)}"
        for n, line in enumerate(text.splitlines(), 1)
        for m in [words.search(line)]
        if m
    ]
    assert not found, "ids of the notice's rule blocks written in code:\n" + "\n".join(found)

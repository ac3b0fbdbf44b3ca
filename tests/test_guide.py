"""The officer's guide (docs/authoring.md) teaches rule blocks that compile: each example it
says goes into a ```rule block is, word for word, a block of a published notice."""

from __future__ import annotations

import re

from helpers import ROOT

import notice_compiler

GUIDE = ROOT / "docs" / "authoring.md"
EXAMPLE = re.compile(r"```yaml\n# 放在 ```rule 區塊裡[^\n]*\n(.*?)```", re.S)


def test_every_rule_block_in_the_guide_is_the_notices_own():
    blocks = [
        m.group(1)
        for year in notice_compiler.published_years()
        for m in re.finditer(
            r"```rule\n(.*?)```", (ROOT / "policy_src" / str(year) / "notice.md").read_text(encoding="utf-8"), re.S
        )
    ]
    examples = EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))
    assert examples, "the guide shows rule blocks"
    for example in examples:
        assert example in blocks, f"docs/authoring.md 的規則例子不是任何已發布通知的規則區塊：\n{example}"

"""How people see a clause: by the notice's own numbering (docs/dev/contract.md, "Clause labels for
people"): 1.3.1 -> 一(三)1, 6.2 -> 六(二), and a closing paragraph that the notice does not
number -> 一(四)末段, never an "item 8" that the notice does not have. Compiled into each
year's rules (CLAUSE_LABELS), for the calculator's exports, and used by the site's pages."""

from __future__ import annotations

import re

NUMERALS = "〇一二三四五六七八九十"

# How the notice numbers its own paragraphs: 一、 (一) 1. (full- or half-width).
_OWN_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[0-9]+[.．、])")


def closing_paragraphs(notice) -> frozenset[str]:
    """The paragraph clauses that the notice does not number and that come after every other
    sub-clause of their parent, e.g. the paragraph after 一(四)7: its id is 1.4.8, but the
    notice has no item 8, so people see it as 一(四)末段."""
    blocks = notice.clause_blocks()
    out = set()
    for i, block in enumerate(blocks):
        parent = block.clause.rpartition(".")[0]
        if block.level or not parent or _OWN_NUMBER.match(block.text):
            continue
        if not any(b.clause.rpartition(".")[0] == parent for b in blocks[i + 1 :]):
            out.add(block.clause)
    return frozenset(out)


def clause_label(clause_id: str, closing: frozenset[str] = frozenset()) -> str:
    """The notice's own numbering: 1.4.3 -> 一(四)3, 6.2 -> 六(二), and a closing paragraph
    that has no number (one of `closing`, the year's closing_paragraphs) -> 一(四)末段."""
    parts = [int(p) for p in clause_id.split(".")]
    if clause_id in closing:
        return clause_label(clause_id.rpartition(".")[0], closing) + "末段"
    label = _numeral(parts[0])
    if len(parts) > 1:
        label += f"({_numeral(parts[1])})"
    if len(parts) > 2:
        label += str(parts[2])
    return label


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens] if tens > 1 else "") + "十" + (NUMERALS[ones] if ones else "")


def labels(notice) -> dict[str, str]:
    """Clause id -> its label, for every clause of the notice, in the notice's order."""
    closing = closing_paragraphs(notice)
    return {block.clause: clause_label(block.clause, closing) for block in notice.clause_blocks()}

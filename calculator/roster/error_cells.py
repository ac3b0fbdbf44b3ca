"""Cells of an .xlsx sheet that hold a formula's error (#VALUE!, #DIV/0!, #REF!…), or a formula
saved without its result (as some tools write a file without calculating it).

python-calamine gives such a cell as empty, so that a 「2024專業」 of #DIV/0! or of an uncalculated
=10+20 would read as "no hours" without a word; this finds them in the sheet's XML (t="e" cells,
<f> without <v>), so that the roster can name them. Best effort: a workbook it cannot follow
just has none found.
"""

from __future__ import annotations

import re

from .sheet_xml import Parts

ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*\bt="e"[^>]*>')
REFERENCE = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{1,20})</(?:\w+:)?v>")
FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]{0,200})</(?:\w+:)?f>)")
CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*>")
CELL_END = re.compile(rb"</(?:\w+:)?c>")
HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
# How an uncalculated formula's cell is given to the reader: its formula, which cells.py names.
UNCALCULATED = "="


def find(parts: Parts, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column), 0-based -> the error as Excel shows it (or 「=formula」 for a formula saved
    without its result), for the sheet named `sheet` of the opened .xlsx `parts` (whose extent
    sheet_xml.check_extent has bounded)."""
    try:
        path = parts.sheet_path(sheet)
        if path is None:
            return {}
        xml = parts.read(path)
    except Exception:
        return {}
    found = _uncalculated(xml) if b"<f" in xml or b":f" in xml else {}
    if b't="e"' not in xml:
        return found
    for match in ERROR_CELL.finditer(xml):
        where = REFERENCE.search(match.group(0))
        if not where:
            continue
        value = VALUE.search(xml, match.end(), match.end() + 400)
        text = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
        found[(int(where.group(2)) - 1, _column(where.group(1).decode()))] = text
    return found


def _uncalculated(xml: bytes) -> dict[tuple[int, int], str]:
    """Formula cells with no result saved: (row, column) -> 「=10+20」."""
    found = {}
    for formula in FORMULA.finditer(xml):
        start = xml.rfind(b"<c", 0, formula.start())
        opening = CELL_START.match(xml, start) if start >= 0 else None
        end = CELL_END.search(xml, formula.end())
        if not opening or not end or HAS_VALUE.search(xml, opening.end(), end.start()):
            continue
        where = REFERENCE.search(opening.group(0))
        if where:
            text = (formula.group(1) or b"").decode("utf-8", "replace")
            found[(int(where.group(2)) - 1, _column(where.group(1).decode()))] = UNCALCULATED + text
    return found


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1

"""Cells of an .xlsx sheet that hold a formula's error (#VALUE!, #DIV/0!, #REF!…), or a formula
saved without its result (as some tools write a file without calculating it).

python-calamine gives such a cell as empty, so that a 「2024專業」 of #DIV/0! or of an uncalculated
=10+20 would read as "no hours" without a word; this finds them in the sheet's XML (t="e" cells,
<f> without <v>), so that the roster can name them. Best effort: a workbook it cannot follow
just has none found.
"""
from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET
from posixpath import join, normpath

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*\bt="e"[^>]*>')
REFERENCE = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{1,20})</(?:\w+:)?v>")
FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]{0,200})</(?:\w+:)?f>)")
CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*>")
CELL_END = re.compile(rb"</(?:\w+:)?c>")
HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
# How an uncalculated formula's cell is given to the reader: its formula, which cells.py names.
UNCALCULATED = "="
MOST_XML = 400_000_000  # a sheet bigger than this unpacked is not searched (a zip bomb, or no roster)


def find(data: bytes, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column), 0-based -> the error as Excel shows it, for the sheet named `sheet`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            path = sheet_path(book, sheet)
            if path is None or book.getinfo(path).file_size > MOST_XML:
                return {}
            xml = book.read(path)
    except Exception:  # noqa: BLE001 - not an xlsx this can follow: nothing to add
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


def sheet_path(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The path inside an .xlsx of the sheet named `sheet`; None when it has none."""
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    relation = next((s.get(RELATION) for s in workbook.iter(f"{MAIN}sheet") if s.get("name") == sheet), None)
    if relation is None:
        return None
    for rel in ET.fromstring(book.read("xl/_rels/workbook.xml.rels")).iter(f"{PACKAGE}Relationship"):
        if rel.get("Id") == relation:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    return None


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1

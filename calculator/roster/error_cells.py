"""Cells of an .xlsx sheet that hold a formula's error (#VALUE!, #DIV/0!, #REF!…).

python-calamine gives such a cell as empty, so that a 「2024專業」 of #DIV/0! would read as
"no hours" without a word; this finds them in the sheet's XML (t="e" cells), so that the
roster can name them. Best effort: a workbook it cannot follow just has none found.
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
    if b't="e"' not in xml:
        return {}
    found = {}
    for match in ERROR_CELL.finditer(xml):
        where = REFERENCE.search(match.group(0))
        if not where:
            continue
        value = VALUE.search(xml, match.end(), match.end() + 400)
        text = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
        found[(int(where.group(2)) - 1, _column(where.group(1).decode()))] = text
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

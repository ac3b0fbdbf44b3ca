"""Columns that a spreadsheet hides: they are read like the others, and the officer, who does
not see them on screen, is told (a hidden 「2024公需」 column still counts its hours).

python-calamine does not say which columns are hidden; they are found in the file's XML:
`<col hidden="1">` in an .xlsx sheet, `table:visibility="collapse"` in an .ods table. An .xls
is not searched. Best effort: a file this cannot follow just has none found.
"""

from __future__ import annotations

import re

from .sheet_xml import Parts

# The <cols> part stands before the sheet's data: only the start of the sheet is unpacked.
HEAD_BYTES = 1_000_000
XLSX_COLUMN = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
ATTRIBUTE = re.compile(rb'\b(min|max|hidden)="([^"]*)"')
ODS_TABLE = re.compile(rb"<table:table\b[^>]*>")
ODS_NAME = re.compile(rb'table:name="([^"]*)"')
ODS_COLUMN = re.compile(rb"<table:table-column\b[^>]*>")
ODS_REPEATED = re.compile(rb'table:number-columns-repeated="([0-9]+)"')
MOST_COLUMNS = 16_384


def hidden_columns(parts: Parts, sheet: str) -> set[int]:
    """0-based indexes of the columns hidden in the sheet named `sheet` of an .xlsx or .ods."""
    try:
        if parts.kind == "xlsx":
            path = parts.sheet_path(sheet)
            return _xlsx(_head(parts, path)) if path else set()
        if parts.kind == "ods":
            return _ods(_head(parts, "content.xml"), sheet)
    except Exception:
        return set()
    return set()


def _head(parts: Parts, path: str) -> bytes:
    """The first HEAD_BYTES of a member, unpacked (a sheet of 100,000 rows is 20 MB)."""
    with parts.open(path) as member:
        return member.read(HEAD_BYTES)


def _xlsx(xml: bytes) -> set[int]:
    end = xml.find(b"sheetData")
    hidden = set()
    for match in XLSX_COLUMN.finditer(xml, 0, end if end >= 0 else len(xml)):
        found = {k.decode(): v.decode() for k, v in ATTRIBUTE.findall(match.group(0))}
        if found.get("hidden") in ("1", "true") and found.get("min", "").isdigit():
            first = int(found["min"])
            last = min(int(found.get("max", first) or first), MOST_COLUMNS)
            hidden.update(range(first - 1, last))
    return hidden


def _ods(xml: bytes, sheet: str) -> set[int]:
    wanted = sheet.encode("utf-8")
    for table in ODS_TABLE.finditer(xml):
        name = ODS_NAME.search(table.group(0))
        if not name or _unescape(name.group(1)) != wanted:
            continue
        rows = xml.find(b"<table:table-row", table.end())
        hidden, index = set(), 0
        for column in ODS_COLUMN.finditer(xml, table.end(), rows if rows >= 0 else len(xml)):
            repeated = ODS_REPEATED.search(column.group(0))
            count = min(int(repeated.group(1)) if repeated else 1, MOST_COLUMNS)
            if b'table:visibility="collapse"' in column.group(0) or b'table:visibility="filter"' in column.group(0):
                hidden.update(range(index, min(index + count, MOST_COLUMNS)))
            index += count
            if index >= MOST_COLUMNS:
                break
        return hidden
    return set()


def _unescape(value: bytes) -> bytes:
    return (
        value.replace(b"&lt;", b"<")
        .replace(b"&gt;", b">")
        .replace(b"&quot;", b'"')
        .replace(b"&apos;", b"'")
        .replace(b"&amp;", b"&")
    )

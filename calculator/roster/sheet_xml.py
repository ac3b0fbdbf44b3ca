"""An .xlsx opened once for what python-calamine does not say or does not bound: where each
sheet's XML is, and how far a sheet reaches before calamine builds it.

calamine builds a sheet as one rectangle from A1 to its farthest cell: a 2.6 KB file with cells
at A1 and XFD1048576 asks for 512 GB and aborts the process, and a cell at SE249000 takes 4 GB.
`check_extent` reads the sheet's XML as a stream first (its cells' references, its unpacked
size) and refuses a sheet past the roster's limits with a message, before anything is built.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from posixpath import join, normpath

from .problems import RosterError

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CHUNK = 4 << 20
# A row's r="12" is digits, a cell's r="AB12" starts with letters: the farthest row, and the
# columns of two or three letters (most rosters have none), are all a sheet's extent needs.
# Literal-led patterns: a 22 MB records sheet is searched in a few tens of milliseconds.
ROW = re.compile(rb' r="([0-9]{1,8})"')
WIDE_CELL = re.compile(rb' r="([A-Z]{2,3})[0-9]')


class Parts:
    """The parts of an .xlsx, the zip opened once (a workbook of 2,000 sheets is not re-read
    2,000 times); `kind` is "xlsx", "ods" or "" for a zip of neither."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        names = set(self.zip.namelist())
        self.kind = "xlsx" if "xl/workbook.xml" in names else "ods" if "content.xml" in names else ""
        self._paths: dict[str, str] | None = None

    def sheet_path(self, sheet: str) -> str | None:
        """The path of the sheet named `sheet` (None when the workbook has none)."""
        if self._paths is None:
            self._paths = _sheet_paths(self.zip) if self.kind == "xlsx" else {}
        return self._paths.get(sheet)

    def read(self, path: str) -> bytes:
        return self.zip.read(path)

    def size(self, path: str) -> int:
        return self.zip.getinfo(path).file_size

    def open(self, path: str):
        return self.zip.open(path)


def _sheet_paths(book: zipfile.ZipFile) -> dict[str, str]:
    targets = {}
    for rel in ET.fromstring(book.read("xl/_rels/workbook.xml.rels")).iter(f"{PACKAGE}Relationship"):
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    return {
        s.get("name"): targets[s.get(RELATION)] for s in workbook.iter(f"{MAIN}sheet") if s.get(RELATION) in targets
    }


def check_extent(
    parts: Parts, sheet: str, where: str, most_rows: int, most_columns: int, most_cells: int, most_bytes: int
) -> None:
    """RosterError when the sheet reaches past `most_rows` rows or `most_columns` columns, holds
    a rectangle of more than `most_cells` cells, or unpacks to more than `most_bytes` (3 GB of
    spaces fit in a 3 MB file). `where` names the sheet in the message. Read as a stream and
    not kept: the sheet is about to be built by calamine, in the same memory."""
    path = parts.sheet_path(sheet)
    if path is None:
        return
    too_big = RosterError(
        f"{where}太大（展開後超過 {most_bytes // 1_000_000} MB），不像是花名冊："
        "請把花名冊複製到一個新的工作表或文件，刪去多餘的行列後再選擇"
    )
    if parts.size(path) > most_bytes:
        raise too_big
    rows = columns = 0
    unpacked = 0
    tail = b""
    with parts.open(path) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            unpacked += len(chunk)
            if unpacked > most_bytes:
                raise too_big
            text = tail + chunk
            cut = text.rfind(b"<")  # a tag cut by the chunk's end is read with the next chunk
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            found = ROW.findall(text)
            if found:
                rows = max(rows, max(map(int, found)))
            wide = WIDE_CELL.findall(text)
            if wide:
                columns = max(columns, max(map(_column, set(wide))))
            if columns < 26:
                beyond = re.findall(rb' r="([' + bytes([ord("A") + columns]) + rb"-Z])[0-9]", text)
                if beyond:
                    columns = max(columns, max(beyond)[0] - ord("A") + 1)
            if rows > most_rows or columns > most_columns or rows * columns > most_cells:
                break
    bound(where, rows, columns, most_rows, most_columns, most_cells)


def bound(where: str, rows: int, columns: int, most_rows: int, most_columns: int, most_cells: int) -> None:
    """RosterError when a sheet reaching `rows` rows and `columns` columns is past the limits."""
    if rows > most_rows or columns > most_columns:
        raise RosterError(
            f"{where}太大：用到了第 {rows:,} 行、第 {columns} 列，花名冊最多 {most_rows:,} 行、{most_columns} 列"
            "（遠處可能有看不見的格式或內容）：請把花名冊複製到一個新的工作表或文件後再選擇"
        )
    if rows * columns > most_cells:
        raise RosterError(
            f"{where}太大：從 A1 到第 {rows:,} 行、第 {columns} 列，超過 {most_cells:,} 格"
            "（遠處可能有看不見的內容）：請把花名冊複製到一個新的工作表或文件後再選擇"
        )


def check_ods_extents(
    parts: Parts, where: str, most_rows: int, most_columns: int, most_cells: int, most_bytes: int
) -> None:
    """check_extent for every table of an .ods (`where` names the file). Its cells are written
    once with a repeat count (an 877-byte file of 200,000 repeated empty rows above one cell
    builds 80 million cells), so a table reaches to its farthest cell that holds something,
    counted through the repeats."""
    if parts.size("content.xml") > most_bytes:
        raise RosterError(
            f"{where}太大（展開後超過 {most_bytes // 1_000_000} MB），不像是花名冊："
            "請把花名冊複製到一個新的文件，刪去多餘的行列後再選擇"
        )
    for sheet, (rows, columns) in _ods_extents(parts).items():
        bound(f"{where}的工作表「{sheet}」", rows, columns, most_rows, most_columns, most_cells)


# content.xml's tables and rows, found by splitting at each row's end rather than with a parser
# (a 10,000-person .ods is 8 MB of XML: a parser takes 0.6 s, this a twentieth of it). A row
# without repeat counts is measured by counting its cells; only a row with repeats is followed
# cell by cell. LibreOffice, Excel and WPS all write the table: prefix; a file that does not is
# left to calamine.
ROW_END = b"</table:table-row>"
ROW_STARTS = (b"<table:table-row>", b"<table:table-row ")
BETWEEN = re.compile(rb"<table:table(?=[\s>])([^>]*)>|</table:table>|<table:table-row(?=[\s/])([^>]*)/>")
CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*)>")
NAME = re.compile(rb'\btable:name="([^"]*)"')
ROWS_REPEATED = re.compile(rb'number-rows-repeated="([0-9]+)"')
COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="([0-9]+)"')


class _Extents:
    """Counting content.xml's tables, row by row."""

    def __init__(self):
        self.found: dict[str, tuple[int, int]] = {}
        self.name, self.row, self.rows, self.columns = "", 0, 0, 0

    def between(self, text: bytes) -> None:
        """Tables' starts and ends, and empty rows, between rows that hold cells."""
        if b"<table:table" not in text and b"</table:table>" not in text:
            return
        for match in BETWEEN.finditer(text):
            table, empty_row = match.groups()
            if table is not None:
                found = NAME.search(table)
                self.name = found.group(1).decode("utf-8", "replace") if found else ""
                self.row, self.rows, self.columns = 0, 0, 0
            elif empty_row is not None:
                self.row += _count(ROWS_REPEATED.search(empty_row))
            else:
                self.found[self.name] = (self.rows, self.columns)

    def row_of(self, piece: bytes) -> None:
        """A piece of content.xml that ends with a row's end: what comes before the row, then the row."""
        start = max(piece.rfind(ROW_STARTS[0]), piece.rfind(ROW_STARTS[1]))
        if start < 0:
            return
        self.between(piece[:start])
        opened = piece.find(b">", start)
        repeat = _count(ROWS_REPEATED.search(piece, start, opened))
        farthest = _farthest(piece[opened + 1 :])
        if farthest:
            self.rows, self.columns = max(self.rows, self.row + repeat), max(self.columns, farthest)
        self.row += repeat


def _ods_extents(parts: Parts) -> dict[str, tuple[int, int]]:
    """Each table of content.xml -> (rows, columns) up to its farthest cell holding something
    (a value, or text), read as a stream."""
    extents = _Extents()
    tail = b""
    with parts.open("content.xml") as stream:
        while chunk := stream.read(CHUNK):
            pieces = (tail + chunk).split(ROW_END)
            tail = pieces.pop()  # what follows the last row's end waits for the next chunk
            for piece in pieces:
                extents.row_of(piece)
    extents.between(tail)
    return extents.found


def _farthest(body: bytes) -> int:
    """How far a row's cells that hold something reach (its cells, counted through repeats)."""
    if b"repeated" not in body:
        # Without repeats, its cells are each written out: their count bounds its reach.
        held = b"value-type=" in body or b"<text:" in body
        return body.count(b"table-cell") - body.count(b"</table:") if held else 0
    column = farthest = 0
    for cell in CELL.finditer(body):
        attributes = cell.group(1)
        span = _count(COLUMNS_REPEATED.search(attributes))
        if not attributes.endswith(b"/") or b"value-type=" in attributes:
            farthest = column + span
        column += span
    return farthest


def _count(found: re.Match | None) -> int:
    return max(int(found.group(1)), 1) if found else 1


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index

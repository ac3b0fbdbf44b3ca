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
import zipfile
import xml.etree.ElementTree as ET
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
    return {s.get("name"): targets[s.get(RELATION)] for s in workbook.iter(f"{MAIN}sheet") if s.get(RELATION) in targets}


def check_extent(parts: Parts, sheet: str, where: str, most_rows: int, most_columns: int, most_cells: int,
                 most_bytes: int) -> None:
    """RosterError when the sheet reaches past `most_rows` rows or `most_columns` columns, holds
    a rectangle of more than `most_cells` cells, or unpacks to more than `most_bytes` (3 GB of
    spaces fit in a 3 MB file). `where` names the sheet in the message. Read as a stream and
    not kept: the sheet is about to be built by calamine, in the same memory."""
    path = parts.sheet_path(sheet)
    if path is None:
        return
    too_big = RosterError(f"{where}太大（展開後超過 {most_bytes // 1_000_000} MB），不像是花名冊："
                          "請把花名冊複製到一個新的工作表或文件，刪去多餘的行列後再選擇")
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
    if rows > most_rows or columns > most_columns:
        raise RosterError(f"{where}太大：用到了第 {rows:,} 行、第 {columns} 列，花名冊最多 {most_rows:,} 行、{most_columns} 列"
                          "（遠處可能有看不見的格式或內容）：請把花名冊複製到一個新的工作表或文件後再選擇")
    if rows * columns > most_cells:
        raise RosterError(f"{where}太大：從 A1 到第 {rows:,} 行、第 {columns} 列，超過 {most_cells:,} 格"
                          "（遠處可能有看不見的內容）：請把花名冊複製到一個新的工作表或文件後再選擇")


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index

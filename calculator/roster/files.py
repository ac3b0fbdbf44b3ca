"""A file's bytes -> its sheets, each a list of rows of cells, as the officer sees them.

Spreadsheets (.xlsx, .xls, .ods) are read with python-calamine, imported only here and only
when such a file is read. CSV is decoded the way Excel and WPS save it on Chinese Windows:
a byte order mark means UTF-8 (or UTF-16, Excel's 「Unicode 文本」, which is tab-separated),
else strict UTF-8, else GB18030 (which contains GBK); the delimiter is sniffed.

Rows keep the spreadsheet's own numbering: rows[0] is row 1, whatever is empty above the table.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePath

from . import error_cells, hidden, sheet_xml, xls_extent
from .problems import RosterError

MAX_BYTES = 50_000_000  # a league's roster of 10,000 people x 10 records is a few MB
MAX_ROWS = 250_000  # 10,000 people x 10 records in a detail sheet is 100,000 rows
MAX_COLUMNS = 500
MAX_LINES = 1_000_000  # a CSV's lines, empty ones included
# A sheet is built as one rectangle from A1 to its farthest cell: 3 million cells is a league's
# records sheet (100,000 rows x 10 columns) three times over.
MAX_CELLS = 3_000_000
MAX_SHEET_XML = 300_000_000  # a sheet's XML unpacked: the records sheet of 100,000 rows is 22 MB
MAX_SHEETS_TRIED = 50  # the people sheet is among a workbook's first sheets
SPREADSHEET = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xlsx/.ods and .xls open so
DELIMITERS = (",", "\t", ";", "|")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Book:
    """A workbook's sheets by name, each read when asked for (a workbook may hold big sheets
    that the roster never needs) and not kept: the caller drops the rows once read."""

    name: str
    sheet_names: list[str]
    _read: Callable[[str], list[list]]
    _hidden: Callable[[str], set[int]] = lambda sheet: set()

    def rows(self, sheet: str) -> list[list]:
        return self._read(sheet)

    def hidden_columns(self, sheet: str) -> set[int]:
        """0-based indexes of the sheet's columns that the file hides (none for CSV and .xls)."""
        return self._hidden(sheet)


def read(data: bytes, filename: str) -> Book:
    """The file's sheets; RosterError when it is no spreadsheet or CSV we can read."""
    name = shown_name(filename)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise RosterError(f"{name}：沒有讀到文件的內容")
    data = bytes(data)
    if not data.strip():
        raise RosterError(f"{name}是空文件，裡面沒有表格")
    check_size(len(data), filename)
    suffix = PurePath(name).suffix.lower()
    if data.startswith((ZIP, OLE)):
        return _spreadsheet(data, name)
    if suffix in SPREADSHEET:
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
            raise RosterError(
                f"{name}其實是網頁（HTML）文件，不是 Excel 表格：請用 Excel 或 WPS 打開後「另存為」.xlsx 文件再選擇"
            )
        raise RosterError(
            f"{name}不是可以讀取的 Excel 或 WPS 表格（文件可能已損壞，或只是改了擴展名）：請用 Excel 或 WPS 打開後「另存為」.xlsx 文件再選擇"
        )
    rows = _csv(data, name)
    return Book(name, [name], lambda sheet: rows)


def check_size(size: int, filename: str) -> None:
    """RosterError when a file of `size` bytes is past what a roster is: said before reading it."""
    if size > MAX_BYTES:
        raise RosterError(
            f"{shown_name(filename)}太大：超過 {MAX_BYTES // 1_000_000} MB。請把花名冊分成幾個文件，或刪去與學時無關的工作表"
        )


def shown_name(filename) -> str:
    """A file's name as messages and exports show it: its last part, with what a file system
    allows and a text cannot hold (bytes that are not UTF-8, control characters) replaced."""
    name = PurePath(str(filename or "")).name
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return CONTROL.sub("\ufffd", name) or "文件"


# --- spreadsheets -------------------------------------------------------------------


def _spreadsheet(data: bytes, name: str) -> Book:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - an installation without the [roster] extra
        raise RosterError("讀取 Excel 表格需要 python-calamine：pip install 'alxa-ce-calculator[roster]'") from None
    if data.startswith(OLE):
        for rows, columns in xls_extent.extents(data):
            sheet_xml.bound(name, rows, columns, MAX_ROWS, MAX_COLUMNS, MAX_CELLS)
    parts = _parts(data)
    if parts is not None and parts.kind == "ods":
        # calamine builds every table of an .ods when it opens the file: each is bounded first.
        _bounded(sheet_xml.check_ods_extents, parts, name)
    try:
        with _native_stderr_dropped():
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except _CAUGHT as exc:
        _reraise(exc)
        raise RosterError(
            f"{name}不是可以讀取的 Excel 或 WPS 表格（文件可能已損壞、只下載了一部分，或設了打開密碼）：請用 Excel 或 WPS 打開後「另存為」.xlsx 文件再選擇"
        ) from None
    if not names:
        raise RosterError(f"{name}裡沒有工作表")

    def read_sheet(sheet: str) -> list[list]:
        xlsx = parts is not None and parts.kind == "xlsx"
        if xlsx:
            _bounded(sheet_xml.check_extent, parts, f"{name}的工作表「{sheet}」", sheet)
        try:
            with _native_stderr_dropped():
                grid = book.get_sheet_by_name(sheet)
            end = grid.end
            if end and (end[0] >= MAX_ROWS or end[1] >= MAX_COLUMNS):
                raise RosterError(f"{name}的工作表「{sheet}」太大：超過 {MAX_ROWS:,} 行或 {MAX_COLUMNS} 列")
            rows = _cells(grid)
            merged = grid.merged_cell_ranges or ()
        except RosterError:
            raise
        except _CAUGHT as exc:
            _reraise(exc)
            raise RosterError(
                f"{name}的工作表「{sheet}」讀不出來（文件可能已損壞）：請用 Excel 或 WPS 打開後「另存為」.xlsx 文件再選擇"
            ) from None
        _fill_merged(rows, merged)
        if xlsx:
            # A formula's error is read as empty by calamine: put it back, to be named.
            for (r, c), text in error_cells.find(parts, sheet).items():
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = text
        return rows

    return Book(
        name, names, read_sheet, lambda sheet: hidden.hidden_columns(parts, sheet) if parts is not None else set()
    )


class Unreadable(list):
    """A row that python-calamine could not read (one of its cells is a date past what it can
    convert, as -1E+308 in a date-formatted cell): empty, kept in its place so that the rows
    below keep their numbers, and named to the officer by the caller."""


def _cells(grid) -> list[list]:
    """The sheet's rows from A1 as the officer sees them. A cell that calamine cannot convert
    makes it panic and lose the whole sheet at once: then the sheet is read again row by row,
    and only the rows with such a cell are lost, each an Unreadable row."""
    try:
        with _native_stderr_dropped():
            return grid.to_python(skip_empty_area=False)
    except _CAUGHT as exc:
        _reraise(exc)
        if type(exc).__name__ != "PanicException":
            raise
    start, end = grid.start or (0, 0), grid.end or (0, 0)
    rows: list[list] = []
    left = [""] * start[1]  # row by row, calamine starts each row at the sheet's first column
    width = end[1] + 1
    with _native_stderr_dropped():
        cells = grid.iter_rows()
        while len(rows) <= end[0]:
            try:
                rows.append(left + next(cells))
            except StopIteration:
                break
            except _CAUGHT as exc:
                _reraise(exc)
                if type(exc).__name__ != "PanicException":
                    raise
                rows.append(Unreadable([""] * width))
    missing = end[0] + 1 - len(rows)  # rows above the first that holds anything, when not given
    return [[""] * width for _ in range(max(missing, 0))] + rows


@contextmanager
def _native_stderr_dropped():
    """Rust writes a panic's message and stack straight to file descriptor 2, past sys.stderr:
    a command-line reader would see a stack trace though the panic ends in a message. In the
    browser (emscripten) it reaches only the console, and descriptors are left alone."""
    if hasattr(os, "uname") and os.uname().sysname == "Emscripten":
        yield
        return
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _bounded(check, parts: sheet_xml.Parts, where: str, *sheet: str) -> None:
    """`check` the sheet (or the workbook) against the roster's limits; what it cannot follow,
    calamine then reads or refuses."""
    try:
        check(parts, *sheet, where, MAX_ROWS, MAX_COLUMNS, MAX_CELLS, MAX_SHEET_XML)
    except RosterError:
        raise
    except Exception:
        pass


def _parts(data: bytes) -> sheet_xml.Parts | None:
    """The zip of an .xlsx or .ods, opened once for what calamine does not say (None: an .xls,
    or a zip this cannot follow, which calamine then reads or refuses)."""
    if not data.startswith(ZIP):
        return None
    try:
        return sheet_xml.Parts(data)
    except Exception:
        return None


# calamine raises its own errors, and a Rust panic arrives as pyo3's PanicException, which
# derives from BaseException: a damaged file must still end in a message, not a traceback.
_CAUGHT = BaseException


def _reraise(exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
        raise exc


def _fill_merged(rows: list[list], merged) -> None:
    """A merged cell's value in every cell it covers: the officer sees 「學時」 above each of
    the year columns it spans, and a unit's name beside each of the people it was merged over."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if row[c] == "" or row[c] is None:
                    row[c] = value


# --- CSV ------------------------------------------------------------------------------


def _csv(data: bytes, name: str) -> list[list]:
    text, delimiter = _decode(data, name)
    if "\x00" in text:
        raise RosterError(
            f"{name}裡有不是文字的內容：可能不是表格文件，或是沒有標明編碼的 UTF-16 文本。"
            "請選擇 .xlsx、.xls、.ods 文件，或另存為「CSV UTF-8」"
        )
    lines = [line for line in _first_lines(text, 12) if line.strip()]
    if delimiter is None:
        delimiter = max(DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
    try:
        rows = list(islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), MAX_LINES + 1))
    except csv.Error:
        raise RosterError(f"{name}的內容不是可以讀取的 CSV 表格（引號沒有配對，或某一格太長）") from None
    # Rows of separators only (「,,,,」, as Excel saves a sheet whose cells were emptied) are
    # not rows of the roster: those at the end are dropped, and only the others are counted.
    while rows and not any(rows[-1]):
        rows.pop()
    if len(rows) > MAX_ROWS and sum(map(any, rows)) > MAX_ROWS:
        raise RosterError(f"{name}太大：超過 {MAX_ROWS:,} 行")
    if len(rows) > MAX_LINES:
        raise RosterError(f"{name}太大：超過 {MAX_LINES:,} 行（包括空行）")
    return rows


def _first_lines(text: str, count: int) -> list[str]:
    """`text.splitlines()[:count]`, from as much of the text's start as holds them (a league's
    records file is 100,000 lines, and only the first few are looked at)."""
    size = 4096
    while True:
        head = text[:size]
        lines = head.splitlines()
        # One line more than asked for: the last one asked for is whole, its line break read.
        if len(lines) > count or len(head) == len(text):
            return lines[:count]
        size *= 4


def _decode(data: bytes, name: str) -> tuple[str, str | None]:
    """The text, and the delimiter when the encoding decides it (UTF-16 text is tab-separated)."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), None
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "\t"
    except UnicodeDecodeError:
        raise RosterError(
            f"{name}的文字編碼有錯（文件開頭標明了編碼，內容卻不符）：請用 Excel 或 WPS 重新保存"
        ) from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            continue
    raise RosterError(
        f"{name}的文字編碼無法識別（不是 UTF-8，也不是 GBK/GB18030）：請用 Excel 或 WPS 打開後另存為「CSV UTF-8」或 .xlsx 文件"
    )

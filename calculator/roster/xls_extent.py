"""How far the sheets of an .xls (Excel 97–2003) reach, before python-calamine builds them.

calamine builds each sheet as one rectangle from A1 to its farthest cell: a 5.6 KB .xls with a
cell at IV65536 takes 1.2 GB. Each sheet of the file states its own extent in a DIMENSIONS
record (type 0x0200, 14 bytes: first row, last row + 1, first column, last column + 1, zero),
which Excel, WPS and LibreOffice all write. The records are found in the file's bytes as they
stand (the compound file's sectors are not followed), so a record cut by a sector's end is
missed: best effort, and the format's own limit of 65,536 x 256 cells bounds what is missed.
"""

from __future__ import annotations

import re
import struct

DIMENSIONS = re.compile(rb"\x00\x02\x0e\x00")
ROWS, COLUMNS = 65_536, 256  # what a BIFF8 sheet can hold


def extents(data: bytes) -> list[tuple[int, int]]:
    """(rows, columns) of each DIMENSIONS record found that is a plausible one."""
    found = []
    for match in DIMENSIONS.finditer(data):
        if match.end() + 14 > len(data):
            break
        first_row, rows, first_column, columns, zero = struct.unpack_from("<IIHHH", data, match.end())
        if zero == 0 and first_row <= rows <= ROWS and first_column <= columns <= COLUMNS:
            found.append((rows, columns))
    return found

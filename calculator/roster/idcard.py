"""Resident ID numbers (GB 11643-1999): 18 characters, the last a checksum; they carry the
birth date (characters 7-14) and the sex (the 17th: odd for men, even for women)."""

from __future__ import annotations

import operator
import re
import unicodedata
from datetime import date
from typing import NamedTuple

from .problems import CellError, shown

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # the checksum character for each remainder mod 11
# How a spreadsheet shows a long number it has turned into a float: 1.52921E+17.
SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+", re.IGNORECASE)
AS_NUMBER = "被存成了數字，後幾位已經丟失，無法還原：請把這一列設為「文本」格式，重新填寫（或在號碼前加英文單引號 ' ）"


class Identity(NamedTuple):  # immutable; quicker to make than a frozen dataclass (10,000 a league's roster)
    number: str
    sex: str  # "male" or "female"
    birth_date: date


def check_character(first17: str) -> str:
    return CHECK_CHARACTERS[sum(map(operator.mul, map(int, first17), WEIGHTS)) % 11]


def read(cell) -> Identity | None:
    """The ID number of a cell, or None when empty; CellError when it is not a valid one.
    A number cell is refused: digits beyond the 15th are lost in a spreadsheet's float."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, bool) or not isinstance(cell, str):
        if isinstance(cell, (int, float)):
            raise CellError(AS_NUMBER)
        raise CellError(f"身份證號應該是18位號碼，不能是{shown(cell)}")
    # NFKC leaves ASCII as it is: a league's 10,000 ID numbers skip it.
    text = (cell if cell.isascii() else unicodedata.normalize("NFKC", cell)).strip().upper().lstrip("'")
    if not text.isalnum():
        text = re.sub(r"\s+", "", text)
    if not text:
        return None
    if not _well_formed(text):
        if SCIENTIFIC.fullmatch(text):
            raise CellError(AS_NUMBER)
        if re.fullmatch(r"[0-9X]+", text):
            raise CellError(f"身份證號應該是18位，填的{shown(text)}是{len(text)}位")
        raise CellError(f"身份證號只能是數字（最後一位可以是X），不能是{shown(text)}")
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise CellError(f"身份證號{shown(text)}裡的出生日期（第7至14位）不存在") from None
    if text[17] != check_character(text[:17]):
        raise CellError(
            f"身份證號{shown(text)}的校驗位不對（最後一位應該是{check_character(text[:17])}）：可能有一位抄錯了，請核對"
        )
    return Identity(text, "male" if int(text[16]) % 2 else "female", birth)


def _well_formed(text: str) -> bool:
    """18 characters: 17 ASCII digits, then a digit or X ([0-9]{17}[0-9X], tried without a
    pattern: 10,000 numbers a league's roster)."""
    return len(text) == 18 and text.isascii() and text[:17].isdigit() and text[17] in "0123456789X"


def masked(number: str | None) -> str:
    """152921********582X: the region and the last four only, as exports show it."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]

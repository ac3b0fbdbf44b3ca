"""One cell's value -> a case's value, or CellError saying what the cell should hold.

A cell comes as the spreadsheet stores it (text, a number, a date, a boolean) or, from CSV,
always as text; full-width digits and signs (as a Chinese input method types them) are read
as half-width. Messages do not name the column: the caller puts 「第12行「2024專業」」 before them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from ..case import FIRST_YEAR, LAST_YEAR, MAX_HOURS, MAX_MINUTES
from .columns import normal
from .problems import CellError, shown

NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# 1978-04-12, 1978/4/12, 1978.4.12, 1978年4月12日, and a time after it as some exports add.
WRITTEN_DATE = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)
# 20250305, as a date is typed without separators (and exported by some systems).
EIGHT_DIGITS = re.compile(r"((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})")
YEAR = re.compile(r"([0-9]{4})\s*(?:年度|年)?")
# Hours typed with their unit (「30學時」); a clock hour or a minute is not a 學時 (where there is
# no standard, the notice sets the minutes that make one), so 「30小時」 is refused with the reason.
HOURS_UNIT = re.compile(r"\s*(?:學時|学时)\s*$")
OTHER_UNIT = re.compile(r"\s*(小時|小时|分鐘|分钟|h|H|min)\s*$")
YEAR_SEPARATORS = re.compile(r"[、,，;；/\s]+")
YES = {normal(v) for v in ("是", "√", "✓", "✔", "☑", "有", "Y", "YES", "TRUE", "1")}
NO = {normal(v) for v in ("否", "×", "✗", "✘", "無", "N", "NO", "FALSE", "0")}
SPREADSHEET_ERROR = re.compile(
    r"#(?:VALUE!|REF!|DIV/0!|NAME\?|N/A|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)", re.IGNORECASE
)


def is_empty(cell) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and cell.isspace())


class Readings(dict):
    """A column's cells as read: `readings[type(cell), cell]` is `reader(cell, *args)`, or the
    CellError it raises, read once per different cell (a sheet is mostly the same few years,
    days, subjects and channels; a cell read before costs one look-up). Keyed with the
    cell's type: 1, 1.0 and True are equal keys but not the same cell."""

    def __init__(self, reader, args=()):
        super().__init__()
        self.reader, self.args = reader, args

    def __missing__(self, key):
        try:
            found = self.reader(key[1], *self.args)
        except CellError as exc:
            found = exc
        self[key] = found
        return found


# Cells of these types can be equal keys of a dict (1 == 1.0 == True) and still read differently.
_NUMBER_TYPES = frozenset((bool, int, float))


def read_column(column, reader, args=()) -> list:
    """Each cell of a column read: `reader(cell, *args)`, or the CellError it raises, or None
    for an empty cell. Each different cell is read once, and the column is mapped through
    the readings as a whole (a sheet's 100,000 cells are mostly the same few years, days,
    subjects and channels), rather than looked up cell by cell."""
    readings = Readings(reader, args)
    if len(_NUMBER_TYPES.intersection(map(type, column))) > 1:
        # 1, 1.0 and True together: one key of a dict, so each is looked up with its type.
        return [None if is_empty(cell) else readings[type(cell), cell] for cell in column]
    table = dict.fromkeys(column)
    for cell in table:
        table[cell] = None if is_empty(cell) else readings[type(cell), cell]
    return list(map(table.__getitem__, column))


def text(cell) -> str:
    """A cell as text, as written (a name keeps its full-width 「：」): a whole number without
    its 「.0」, others as they are, trimmed."""
    if is_empty(cell):
        return ""
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if not cell.time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def _half_width(cell) -> str:
    """A cell's text for reading a number, date or year: full-width digits made half-width."""
    return unicodedata.normalize("NFKC", text(cell)).strip()


def _refuse_formula_error(value: str) -> None:
    if SPREADSHEET_ERROR.fullmatch(value):
        raise CellError(f"公式出錯（{shown(value)}），請改正公式或直接填寫數值")
    if value.startswith("=") and len(value) > 1:
        # An .xlsx formula saved without its result (error_cells): never read as no hours.
        raise CellError(
            f"是公式{shown(value)}，文件裡沒有保存它的計算結果：請用 Excel 或 WPS 打開後重新保存，或直接填寫數值"
        )


def amount(cell, unit: str = "學時") -> int | float | None:
    """Hours (or minutes) as a number ≥ 0; None when empty."""
    if is_empty(cell):
        return None
    if type(cell) is int and 0 <= cell <= MAX_HOURS:  # the usual cells, read at once
        return cell
    if type(cell) is str and cell.isascii() and cell.isdigit() and len(cell) < 5:
        return int(cell)
    if isinstance(cell, bool) or not isinstance(cell, (int, float, str)):
        raise CellError(f"應該填寫數字（{unit}），如 30，不能是{shown(text(cell))}")
    if isinstance(cell, str):
        value = _half_width(cell)
        _refuse_formula_error(value)
        if unit == "學時":
            value = HOURS_UNIT.sub("", value)
            other = OTHER_UNIT.search(value)
            if other and NUMBER.fullmatch(value[: other.start()].strip()):
                raise CellError(
                    f"{shown(value)}：這一列填學時數。1 學時不一定是 1 小時或 60 分鐘（沒有標準的按通知規定的分鐘數折算），"
                    "請填證書或平台上的學時數；只有分鐘數的，請寫在「學習記錄」工作表的「分鐘」列"
                )
        if not NUMBER.fullmatch(value):
            raise CellError(f"應該填寫數字（{unit}），如 30，不能是{shown(value)}")
        number = float(value) if "." in value else int(value)
    else:
        number = cell
    if isinstance(number, float) and not math.isfinite(number):
        raise CellError(f"應該填寫數字（{unit}），如 30")
    if number < 0:
        raise CellError(f"不能是負數，填的是{shown(text(cell))}")
    most = MAX_HOURS if unit == "學時" else MAX_MINUTES
    if number > most:
        raise CellError(f"{shown(text(cell))}太大：一條記錄最多 {most} {unit}")
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def day(cell, example: int) -> date | None:
    """A date: a spreadsheet date, or written as 1978-04-12, 1978/4/12 or 1978年4月12日."""
    if is_empty(cell):
        return None
    if isinstance(cell, datetime):
        value = cell.date()
    elif isinstance(cell, date):
        value = cell
    elif isinstance(cell, str):
        value = _written_date(cell, example)
    elif type(cell) in (int, float) and float(cell).is_integer() and EIGHT_DIGITS.fullmatch(str(int(cell))):
        # 19780412 typed into a number cell: eight digits are no spreadsheet serial (≈ 45000 today).
        value = _eight_digits(EIGHT_DIGITS.fullmatch(str(int(cell))))
    else:
        # A bare number: a date typed into a cell formatted as a number, or an Excel serial
        # number; neither can be told apart from a mistake, so it is refused, never guessed.
        raise CellError(f"{shown(text(cell))}不是日期：請把這一格設為日期格式，或寫成如 {example}-03-02")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise CellError(f"日期的年份{value.year}不對，應在{FIRST_YEAR}年至{LAST_YEAR}年之間")
    return value


@lru_cache(maxsize=8192)  # a sheet's dates repeat (the days training took place)
def _written_date(cell: str, example: int) -> date:
    written = _half_width(cell)
    _refuse_formula_error(written)
    match = WRITTEN_DATE.fullmatch(written)
    if not match and EIGHT_DIGITS.fullmatch(written):
        return _eight_digits(EIGHT_DIGITS.fullmatch(written))
    if not match:
        raise CellError(f"{shown(written)}不是日期：要寫成如 {example}-03-02、{example}/3/2 或 {example}年3月2日")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(f"{int(match[1])}年{int(match[2])}月{int(match[3])}日這個日期不存在") from None


def _eight_digits(match) -> date:
    """20250305 -> 2025-03-05; an 8-digit number that is no date (20251340) says so."""
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(
            f"「{match[0]}」不是存在的日期（按年月日讀作 {int(match[1])}年{int(match[2])}月{int(match[3])}日）"
        ) from None


def forget() -> None:
    """Drops the memoised dates read so far."""
    _written_date.cache_clear()


def year(cell, example: int) -> int | None:
    if is_empty(cell):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
        value = int(cell)
    elif isinstance(cell, str) and len(cell) == 4 and cell.isascii() and cell.isdigit():
        value = int(cell)  # the usual text cell, read at once
    else:
        match = YEAR.fullmatch(_half_width(cell))
        if not match:
            raise CellError(f"應該是四位數的年份，如 {example}，不能是{shown(text(cell))}")
        value = int(match[1])
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise CellError(f"年份{value}不對，應在{FIRST_YEAR}年至{LAST_YEAR}年之間")
    return value


def years(cell, example: int) -> list[int]:
    """Years separated by 、 , ， or spaces: 「2022、2023」."""
    if is_empty(cell):
        return []
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return [year(cell, example)]
    parts = [p for p in YEAR_SEPARATORS.split(_half_width(cell)) if p]
    found = []
    for part in parts:
        try:
            found.append(year(part, example))
        except CellError:
            raise CellError(
                f"應該是一個或幾個四位數的年份，用頓號隔開，如 {example - 1}、{example}，不能是{shown(text(cell))}"
            ) from None
    return sorted(set(found))


def flag(cell) -> bool:
    """是 / √ -> true; 否 or empty -> false."""
    if is_empty(cell):
        return False
    if isinstance(cell, bool):
        return cell
    value = normal(text(cell)).upper()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(f"只能填「是」或「否」（也可以打 √ 或不填），不能是{shown(text(cell))}")


def choice(cell, options: dict[str, str], allowed: str):
    """One of `options` (the text as written, normalised -> the case's value); None when empty."""
    if is_empty(cell):
        return None
    value = options.get(normal(text(cell)))
    if value is None:
        raise CellError(f"只能填{allowed}，不能是{shown(text(cell))}")
    return value

"""Rows of the people sheet -> cases (docs/dev/contract.md, "A unit's roster", the table of columns).

Each row becomes one case, or errors naming the row and the column; a bad cell never stops
the other rows. The columns of the person's circumstances are those the year's rule blocks
declare (`Policy.circumstances`), each read by its kind into the case's field of its id.
Hours in `<year>公需` / `<year>專業` columns are records, for that year and subject with no
date, of the year's first channel that counts toward the subject claimed (the unit verified
them); a column of a channel that takes no amount (`<year>職業資格考試`) marked 是 is a record
of that channel for that year, which the engine credits as the channel's rule says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, zip_longest

from ..case import usual_record
from ..policy import SUBJECTS, Policy
from . import cells, idcard
from .columns import Header, Total, key_of, letter, normal
from .problems import CellError, where

PURPOSES = {
    "年度": "annual",
    "年度學時": "annual",
    "職稱評審": "title",
    "申報職稱評審": "title",
    "職稱": "title",
    "考核認定": "assessment",
}
# The levels as the notice names them (一(三)1: 高級、中級、初級) and as units write them: 副高級 and
# 正高級 are both 高級; 助理級 and 員級 are both 初級.
LEVELS = {
    "初級": "junior",
    "中級": "intermediate",
    "高級": "senior",
    "初級職稱": "junior",
    "中級職稱": "intermediate",
    "高級職稱": "senior",
    "副高級": "senior",
    "副高級職稱": "senior",
    "副高": "senior",
    "正高級": "senior",
    "正高級職稱": "senior",
    "正高": "senior",
    "助理級": "junior",
    "助理級職稱": "junior",
    "員級": "junior",
    "員級職稱": "junior",
}
# Written levels read as the notice's 高級 that the officer is told of: the notice does not
# name 正高級, and its rule for 高級 is the one applied.
NOTED_LEVELS = {"正高級", "正高級職稱", "正高"}
SEXES = {"男": "male", "女": "female", "男性": "male", "女性": "female"}
SHOWN_SEX = {"male": "男", "female": "女"}
# Columns that only name the row: a row with nothing else is a note under the table, not a person.
NAMING = ("序號", "工作單位")
# Which column a field of the case came from, for the engine's own messages; a
# circumstance's field came from the column of its declared name (`case_columns`).
CASE_COLUMNS = {
    "purpose": "查詢目的",
    "level": "申報級別",
    "as_of": "查詢日期",
    "assessment_years": "考核認定年度",
    "person.sex": "性別",
    "person.birth_date": "出生日期",
}
# How a circumstance's cell is read, by its kind: one reader for each of rule_kinds.CIRCUMSTANCE_KINDS.
KIND_READERS = {"yes_no": (cells.flag,), "years": (cells.years,), "year": (cells.year,)}


def case_columns(policy: Policy) -> dict[str, str]:
    """Each field of the case -> the column it is read from, the year's circumstances included."""
    return {**CASE_COLUMNS, **{f"person.{c.id}": c.name for c in policy.circumstances.values()}}


def _options(choices: dict[str, str], shown: tuple[str, ...]) -> tuple[dict[str, str], str]:
    return {normal(k): v for k, v in choices.items()}, "「" + "」「".join(shown) + "」"


PURPOSE_OPTIONS = _options(PURPOSES, ("年度", "職稱評審", "考核認定"))
LEVEL_OPTIONS = _options(LEVELS, ("初級", "中級", "高級"))
SEX_OPTIONS = _options(SEXES, ("男", "女"))


@dataclass(slots=True)
class Origin:
    """Where a value of the case was read: for the engine's messages about it."""

    sheet: str
    row: int
    column: str
    detail: bool = False  # a row of the records sheet, whose messages name that sheet


@dataclass(slots=True)  # one per record read: plain slots, made fast
class Source:
    """Where a record of a case was read: a row, and the header of each of its fields
    ("*" for any field), shared by the rows of a sheet."""

    sheet: str
    row: int
    columns: dict[str, str]
    detail: bool = False

    def origin(self, name: str) -> Origin:
        return Origin(self.sheet, self.row, self.columns.get(name) or self.columns["*"], self.detail)


@dataclass
class Person:
    row: int  # the spreadsheet's own row number
    sheet: str
    name: str
    unit: str
    serial: str
    id: str | None
    case: dict
    errors: list[dict] = field(default_factory=list)
    # Where each record of case["records"] that the engine still reads (a dict) was read, by
    # its place in the list; a Record was read already (case.usual_record): the engine has
    # nothing to say about it, and a league's 100,000 records need no Source each.
    record_sources: dict[int, Source] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # contract name -> header as shown
    case_columns: dict[str, str] = field(default_factory=lambda: CASE_COLUMNS)  # case field -> contract name

    def error(self, origin: Origin, message: str) -> None:
        self.errors.append(error(origin, message))


def error(origin: Origin, message: str) -> dict:
    return {
        "sheet": origin.sheet,
        "row": origin.row,
        "column": origin.column,
        "message": message,
        "text": f"{where(origin.row, origin.column, origin.sheet if origin.detail else None)}：{message}",
    }


def read(rows: list[list], header: Header, policy: Policy, sheet: str, warnings: list | None = None) -> list[Person]:
    """Every person of the sheet, in order; empty rows and notes under the table skipped.
    Rows that are not people (合計, the template's 示例 rows, a repeated header) are skipped
    too, each with a warning added to `warnings`, as are totals that differ from their parts.
    Each column the sheet has is read as a whole first (_Columns), then each row's readings
    make its person: a league's roster is 10,000 rows."""
    warnings = [] if warnings is None else warnings
    columns = header.columns
    body = rows[header.first_data_row :]
    sheet_columns = _Columns(body, columns, header.words)
    labels = {k: c.label for k, c in columns.items()}  # each column's header as shown
    named = {k: v for k, v in labels.items() if isinstance(k, str)}  # the contract's columns
    # A row is a person when it has a name or any cell beyond the naming ones; else it is
    # empty, or 「填表人：…」 or a total under the table.
    telling = [cells.read_column(sheet_columns.cells_of(k), _filled) for k in columns if k not in NAMING]
    example = policy.year
    circumstances = header.words.circumstances if header.words else {}
    # The contract's columns that the sheet has, each read as a whole: key -> each row's reading.
    readers = {
        "身份證號": (idcard.read,),
        "查詢目的": (cells.choice, *PURPOSE_OPTIONS),
        "申報級別": (cells.choice, *LEVEL_OPTIONS),
        "查詢日期": (cells.day, example),
        "性別": (cells.choice, *SEX_OPTIONS),
        "出生日期": (cells.day, example),
        "考核認定年度": (cells.years, example),
        # The year's circumstances, by their declared names.
        **{
            name: KIND_READERS[c.kind] + ((example,) if c.kind != "yes_no" else ()) for name, c in circumstances.items()
        },
    }
    readings = {
        key: sheet_columns.read(key, reader, args)
        for key, (reader, *args) in readers.items()
        if key in sheet_columns.index
    }
    texts = [sheet_columns.read(key, cells.text) or [None] * len(body) for key in ("姓名", "工作單位", "序號")]
    people = [
        i
        for i in compress(range(len(body)), map(any, zip(*telling, strict=True)))
        if not _skipped(i, header.first_data_row + i + 1, texts, sheet_columns, warnings)
    ]
    # Each year column, its header as its records' messages name it, and its records.
    claimed = _claimed_channel(policy)
    year_columns = [
        (k, {"*": c.label}, sheet_columns.read(k, _year_record, (*k, policy, claimed)))
        for k, c in columns.items()
        if isinstance(k, tuple)
    ]
    _check_totals(people, header, sheet_columns, warnings)
    _note_levels(people, header, sheet_columns, warnings)
    fields = case_columns(policy)
    persons = [
        _person(
            header.first_data_row + i + 1, i, readings, texts, year_columns, labels, named, policy, sheet, circumstances
        )
        for i in people
    ]
    for person in persons:
        person.case_columns = fields
    _note_twice(persons, labels.get("身份證號", "身份證號"), warnings)
    return persons


def _note_twice(persons: list[Person], column: str, warnings: list) -> None:
    """The same ID number on two rows: both are checked, and the officer is told of each."""
    rows: dict[str, list[Person]] = {}
    for person in persons:
        if person.id:
            rows.setdefault(person.id, []).append(person)
    for same in rows.values():
        if len(same) < 2:
            continue
        for person in same:
            others = "、".join(f"第{other.row}行" for other in same if other is not person)
            warnings.append(
                {
                    "kind": "same_person",
                    "row": person.row,
                    "message": f"第{person.row}行與{others}的「{column}」相同：同一個人寫了兩次？都檢查了，請核對",
                }
            )


# What units write in the name column (or the serial's) of a row that adds the rows above it up.
TOTAL_ROWS = {normal(w) for w in ("合計", "小計", "總計", "共計", "總計學時", "合計學時", "總數")}
EXAMPLE_ROW = re.compile(r"\s*(?:示例|範例|范例|樣例|样例|例)\s*[：:]|\s*示例")


def _skipped(i: int, row: int, texts: list, sheet_columns: _Columns, warnings: list) -> bool:
    """Whether the `i`th row under the header is not a person (a total, an example, the header
    again, a nameless row of hours only); if so a warning names its row and why."""
    name, serial = texts[0][i] or "", texts[2][i] or ""
    written = normal(name)
    why = None
    if written in TOTAL_ROWS or (not written and normal(serial) in TOTAL_ROWS):
        why = f"第{row}行「{name or serial}」是合計行，不是人員，沒有檢查"
    elif EXAMPLE_ROW.match(name):
        why = f"第{row}行「{name}」是模板的示例行，沒有檢查"
    elif key_of(written, "people", said=sheet_columns.words) == "姓名":
        why = f"第{row}行重複了表頭（「{name}」），不是人員，沒有檢查"
    elif not written and not serial and not _personal(i, sheet_columns):
        # Numbered, it is a person whose name was left out: an error of the row, not skipped.
        why = f"第{row}行沒有姓名，只有學時數（可能是合計行），沒有檢查：如果是人員，請填上姓名"
    if why:
        warnings.append({"kind": "skipped_row", "row": row, "message": why})
    return why is not None


def _personal(i: int, sheet_columns: _Columns) -> bool:
    """Whether the row has a cell that only a person has (not hours, totals or naming cells)."""
    return any(
        not cells.is_empty(sheet_columns.cells_of(k)[i])
        for k in sheet_columns.index
        if isinstance(k, str) and k not in NAMING and k != "姓名"
    )


def _check_totals(people: list[int], header: Header, sheet_columns: _Columns, warnings: list) -> None:
    """A total column (合計學時) against the subject columns it adds up, row by row: a total
    that differs means a subject column may be misread or mistyped, and the officer is told."""
    for key, column in header.columns.items():
        if not isinstance(key, Total):
            continue
        parts = [
            k
            for k in header.columns
            if isinstance(k, tuple) and k[1] in SUBJECTS and (key.year is None or k[0] == key.year)
        ]
        if not parts:
            continue
        shown_parts = "、".join(f"「{header.columns[k].label}」" for k in parts)
        totals = sheet_columns.cells_of(key)
        for i in people:
            written = totals[i]
            if cells.is_empty(written):
                continue
            try:
                total = cells.amount(written) or 0
                added = sum(_hours(sheet_columns.cells_of(k)[i]) for k in parts)
            except CellError:
                continue  # a bad part is the row's own error; a bad total says nothing
            if abs(total - added) > 1e-9:
                row = header.first_data_row + i + 1
                warnings.append(
                    {
                        "kind": "total_mismatch",
                        "row": row,
                        "letter": letter(column.index),
                        "message": f"第{row}行「{column.label}」寫的是 {cells.text(written)}，{shown_parts}加起來是 {_number(added)}："
                        "請核對（結果按各科目的學時檢查，不按合計）",
                    }
                )


def _hours(cell) -> float:
    return cells.amount(cell) or 0


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _note_levels(people: list[int], header: Header, sheet_columns: _Columns, warnings: list) -> None:
    """The rows whose level is written as a word the notice does not use (正高級), read as 高級."""
    if "申報級別" not in header.columns:
        return
    column = sheet_columns.cells_of("申報級別")
    noted = {}
    for i in people:
        cell = column[i]
        if isinstance(cell, str) and normal(cell) in _NOTED:
            noted.setdefault(cells.text(cell), []).append(header.first_data_row + i + 1)
    for word, rows in noted.items():
        listed = "、".join(map(str, rows[:20])) + ("等" if len(rows) > 20 else "")
        warnings.append(
            {
                "kind": "level_read_as",
                "message": f"第{listed}行「{header.columns['申報級別'].label}」填的「{word}」按「高級」檢查：通知只分高級、中級、初級",
            }
        )


_NOTED = {normal(w) for w in NOTED_LEVELS}


def _filled(cell) -> bool:
    return True  # read_column reads an empty cell as None without asking


class _Columns:
    """A sheet's columns, each read as a whole by its one reader (cells.read_column) when
    first asked for: column key -> each row's reading."""

    def __init__(self, body: list[list], columns: dict, words=None):
        self.rows = len(body)
        self.words = words  # the year's headers (columns.Words)
        self.cells = list(zip_longest(*body, fillvalue="")) if body else []  # [i]: column i's cells
        self.index = {k: c.index for k, c in columns.items()}
        self.readings: dict = {}

    def cells_of(self, key) -> tuple:
        index = self.index[key]
        return self.cells[index] if index < len(self.cells) else ("",) * self.rows

    def read(self, key, reader, args=()) -> list | None:
        """Each row's reading of the column `key` by `reader`, the same for every row (None:
        the sheet has no such column)."""
        readings = self.readings.get(key)
        if readings is None and key in self.index:
            readings = self.readings[key] = cells.read_column(self.cells_of(key), reader, args)
        return readings


def _person(
    row: int,
    i: int,
    readings: dict,
    texts: list,
    year_columns: list,
    labels: dict,
    named: dict,
    policy: Policy,
    sheet: str,
    circumstances: dict,
) -> Person:
    """The person of the sheet's row `row` (the `i`th row under the header), from the
    readings of the columns (column key -> each row's reading)."""

    def read_cell(key):
        """The cell's value, None when the column is absent or the cell empty; a bad cell is
        recorded as an error of the row, and read as None."""
        found = readings[key][i] if key in readings else None
        if type(found) is CellError:
            person.error(Origin(sheet, row, labels[key]), found.message)
            return None
        if type(found) is list:
            return found.copy()  # each case its own list of years
        return found

    name, unit, serial = (column[i] or "" for column in texts)
    person = Person(row, sheet, name, unit, serial, None, {}, columns=named)
    if not person.name:
        person.error(Origin(sheet, row, labels.get("姓名", "姓名")), "沒有填寫姓名")
    identity = read_cell("身份證號")
    person.id = identity.number if identity else None
    purpose = read_cell("查詢目的") or "annual"
    case: dict = {"notice": policy.year, "purpose": purpose}
    level = read_cell("申報級別")
    if level:
        case["level"] = level
    as_of = read_cell("查詢日期")
    if as_of:
        case["as_of"] = as_of.isoformat()

    details: dict = {}
    sex = read_cell("性別")
    birth = read_cell("出生日期")
    if identity:
        if sex and sex != identity.sex:
            person.error(
                Origin(sheet, row, labels["性別"]),
                f"填的是{SHOWN_SEX[sex]}，身份證號顯示為{SHOWN_SEX[identity.sex]}：請核對",
            )
        if birth and birth != identity.birth_date:
            person.error(
                Origin(sheet, row, labels["出生日期"]),
                f"填的是{_day(birth)}，身份證號顯示為{_day(identity.birth_date)}：請核對",
            )
        sex, birth = sex or identity.sex, birth or identity.birth_date
    if sex:
        details["sex"] = sex
    if birth:
        details["birth_date"] = birth.isoformat()
    for column, circumstance in circumstances.items():
        value = read_cell(column)  # True, a list of years, or a year; False, [] or None: not given
        if value:
            details[circumstance.id] = value
    if details:
        case["person"] = details
    assessment = read_cell("考核認定年度")
    if assessment:
        case["assessment_years"] = assessment

    case["records"] = records = []
    for key, shown, column in year_columns:
        record = column[i]
        if record is None:
            continue
        if type(record) is CellError:
            person.error(Origin(sheet, row, labels[key]), record.message)
        elif type(record) is dict:  # the engine reads it, and names its column
            person.record_sources[len(records)] = Source(sheet, row, shown)
            records.append(record.copy())  # each case its own record to read
        else:
            records.append(record)  # a Record: immutable, shared by the people with the same cell
    person.case = case
    return person


def _year_record(cell, year: int, kind: str, policy: Policy, claimed: str | None):
    """A year column's cell -> its record: a Record when the engine would take it as it is
    (case.usual_record; immutable, so people with the same cell share it), else the dict that
    the engine reads with its own messages (a column 「1800專業」); None for no hours that
    year (empty or 0), or no 是 in a column of a channel that takes no amount (`kind` is then
    that channel's id: the exam not passed that year). `claimed`: the channel of the hours."""
    if kind not in SUBJECTS:
        if not cells.flag(cell):
            return None
        record = {"year": year, "channel": kind}
    else:
        hours = cells.amount(cell)
        if not hours:
            return None
        if claimed is None:
            raise CellError(f"{policy.year}年度通知沒有按所填科目計入學時的培訓渠道：請在學習記錄表裡寫明培訓渠道")
        record = {"year": year, "channel": claimed, "subject": kind, "hours": hours}
    return (
        usual_record(policy, year, record["channel"], record.get("subject"), record.get("hours"), None, None) or record
    )


def _claimed_channel(policy: Policy) -> str | None:
    """The channel of the hours a unit verified (`<year>公需`, `<year>專業`): the year's first
    channel that counts toward the subject claimed (the learning platforms, 一(四)1, in 2025)."""
    return next((c.id for c in policy.channels.values() if c.counts_toward == "claimed"), None)


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def engine_errors(person: Person, errors: list[dict]) -> list[dict]:
    """The engine's errors for the case of `person` ({"field": "records[2].hours", ...}),
    each tied to the row and column it came from."""
    out = []
    for item in errors:
        path = item["field"]
        origin = None
        if path.startswith("records["):
            number, _, rest = path[len("records[") :].partition("]")
            source = person.record_sources.get(int(number)) if number.isdigit() else None
            if source is not None:
                origin = source.origin(rest.lstrip(".").split("[")[0])
        if origin is None:
            contract = person.case_columns.get(path.split("[")[0])
            if contract in ("性別", "出生日期") and contract not in person.columns and "身份證號" in person.columns:
                contract = "身份證號"  # sex and birth date were read from the ID number
            column = person.columns.get(contract, contract or "")
            origin = Origin(person.sheet, person.row, column)
        out.append(error(origin, item["message"]))
    return out

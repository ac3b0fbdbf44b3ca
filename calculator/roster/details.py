"""The records sheet (學習記錄, or a second file): one row per record, tied to a person of the
people sheet by 身份證號, else 序號, else 姓名 (docs/dev/contract.md, "Records in detail")."""

from __future__ import annotations

from itertools import zip_longest

from ..case import usual_record
from ..policy import Policy
from . import cells, idcard
from .columns import Header, normal
from .people import EXAMPLE_ROW, Origin, Person, Source, error
from .problems import CellError, shown

SUBJECTS = {"公需": "public", "公需科目": "public", "專業": "professional", "專業科目": "professional"}
SUBJECT_OPTIONS = ({normal(k): v for k, v in SUBJECTS.items()}, "「公需」或「專業」")
TIES = ("身份證號", "序號", "姓名")
NAME = TIES.index("姓名")
PERSON_FIELDS = {"身份證號": "id", "序號": "serial", "姓名": "name"}  # the Person field each tie names
# The record field each column fills, for the engine's messages about it.
FIELDS = {
    "計入年度": "year",
    "學習日期": "studied_on",
    "培訓渠道": "channel",
    "科目": "subject",
    "學時": "hours",
    "分鐘": "minutes",
}
# The record fields in the order they are read and their problems listed.
VALUE_FIELDS = ("year", "studied_on", "subject", "hours", "minutes", "channel")


def channel_names(policy: Policy) -> dict[str, str]:
    """The channel names of the year's rules, as the page shows them (normalised) -> id."""
    return {normal(c.name): c.id for c in policy.channels.values()}


def add(
    rows: list[list], header: Header, policy: Policy, sheet: str, people: list[Person], warnings: list | None = None
) -> list[dict]:
    """Each record of the sheet added to its person's case, or its bad cells to the person's
    errors; returns the errors of records that name nobody (or more than one person). The
    template's example records (姓名 「示例：…」) are skipped, each with a warning.

    The sheet is read column by column (each column's different cells read once, see
    cells.read_column), then row by row, each row's record made and tied at once: a
    league's records sheet has 100,000 rows."""
    columns = header.columns
    # Each record field's header as shown; a missing column is named as the contract names it.
    shown_columns = {name: (columns[k].label if k in columns else k) for k, name in FIELDS.items()}
    shown_columns["*"] = shown_columns["hours"]
    shown_columns.update({k: columns[k].label for k in TIES if k in columns})
    ties, values = _read_columns(rows, header, policy)
    # The fields with a bad cell somewhere, by their place in `values` (usually none).
    checked = [(i, name) for i, name in enumerate(VALUE_FIELDS) if CellError in set(map(type, values[i]))]
    nothing = (None,) * (len(TIES) + len(VALUE_FIELDS))
    usable = _ties(people, [k for k in TIES if k in columns])
    orphans: list[dict] = []
    for row, read in enumerate(zip(*ties, *values, strict=True), header.first_data_row + 1):
        if read == nothing:
            continue  # an empty row
        name = read[NAME]
        if name is not None and EXAMPLE_ROW.match(name[1]):
            if warnings is not None:
                warnings.append(
                    {
                        "kind": "skipped_row",
                        "sheet": sheet,
                        "row": row,
                        "message": f"{sheet}第{row}行「{name[1]}」是模板的示例行，沒有讀取",
                    }
                )
            continue
        # The first tie it fills in, of those the roster has.
        filled = next(((read[i], key, persons) for i, key, persons in usable if read[i] is not None), None)
        if filled is None:
            orphans.append(_no_tie(Source(sheet, row, shown_columns, detail=True)))
            continue
        tie, key, persons = filled
        matches = persons.get(tie[0], ())
        if len(matches) != 1:
            orphans.append(_not_one(Source(sheet, row, shown_columns, detail=True), key, tie, matches))
            continue
        person = matches[0]
        year, day, subject, hours, minutes, channel = read[len(TIES) :]
        if checked:
            source = Source(sheet, row, shown_columns, detail=True)
            errors = [
                error(source.origin(name), bad.message)
                for i, name in checked
                if type(bad := read[len(TIES) + i]) is CellError
            ]
            if errors:
                person.errors.extend(errors)
                continue
        records = person.case["records"]
        record = usual_record(policy, year, channel, subject, hours, minutes, day)
        if record is None:  # the engine reads it, with its own messages (both hours and minutes…)
            written = (year, day and day.isoformat(), subject, hours, minutes, channel)
            record = {name: value for name, value in zip(VALUE_FIELDS, written, strict=True) if value is not None}
            person.record_sources[len(records)] = Source(sheet, row, shown_columns, detail=True)
        records.append(record)
    return orphans


def _read_columns(rows: list[list], header: Header, policy: Policy) -> tuple[list[list], list[list]]:
    """Each row's tie cells (TIES: each as compared and as written) and record cells
    (VALUE_FIELDS: each read, or its CellError), column by column; None for an empty cell."""
    columns = header.columns
    body = rows[header.first_data_row :]
    grid = list(zip_longest(*body, fillvalue="")) if body else []  # grid[i]: column i's cells
    example = policy.year
    channel_list = "；".join(f"「{c.name}」" for c in policy.channels.values())
    known_channels = channel_names(policy)

    def channel_id(cell) -> str:
        found = known_channels.get(normal(cells.text(cell)))
        if found is None:
            raise CellError(f"不認識的培訓渠道{shown(cells.text(cell))}，可選：{channel_list}")
        return found

    def column(key, reader, *args) -> list:
        where = columns.get(key)
        if where is None or where.index >= len(grid):
            return [None] * len(body)  # no such column, or nothing in it: as if every cell were empty
        return cells.read_column(grid[where.index], reader, args)

    ties = [column(k, _tie_and_text) for k in TIES]
    values = [
        column("計入年度", cells.year, example),
        column("學習日期", cells.day, example),
        column("科目", cells.choice, *SUBJECT_OPTIONS),
        column("學時", cells.amount, "學時"),
        column("分鐘", cells.amount, "分鐘"),
        column("培訓渠道", channel_id),
    ]
    return ties, values


def _ties(people: list[Person], columns: list[str]) -> list[tuple[int, str, dict[str, list[Person]]]]:
    """How records name people: (place in TIES, the column, its text as compared -> the
    people it names), for each of 身份證號, 序號, 姓名 that the roster fills in, in that order;
    only for the `columns` that the records sheet has (the others name nobody, and making a
    text of 10,000 names to compare costs more than the rest of the tie)."""
    found = []
    for place, key in enumerate(TIES):
        if key not in columns:
            continue
        index: dict[str, list[Person]] = {}
        for person in people:
            value = getattr(person, PERSON_FIELDS[key])
            if value:
                index.setdefault(_tie_text(value), []).append(person)
        if index:
            found.append((place, key, index))
    return found


def _no_tie(source: Source) -> dict:
    named = next((k for k in TIES if k in source.columns), "姓名")
    return error(
        Origin(source.sheet, source.row, source.columns.get(named, named), True),
        "沒有填寫花名冊裡的身份證號、序號或姓名，不知道是誰的學習記錄",
    )


def _not_one(source: Source, key: str, tie: tuple[str, str], matches) -> dict:
    """The error of a record whose 身份證號 (序號, 姓名) names nobody in the roster, or several."""
    text, written = tie
    origin = Origin(source.sheet, source.row, source.columns[key], True)
    written = idcard.masked(text) if key == "身份證號" else written
    if matches:
        rows = "、".join(f"第{p.row}行" for p in matches)
        return error(origin, f"花名冊裡有{len(matches)}個人的{key}是「{written}」（{rows}）：請用身份證號對應")
    return error(origin, f"花名冊裡沒有{key}為「{written}」的人")


def _tie_text(cell) -> str:
    return _compared(cells.text(cell))


def _tie_and_text(cell) -> tuple[str, str]:
    """A tie cell as compared, and as written for messages (its text made once)."""
    written = cells.text(cell)
    return _compared(written), written


def _compared(text: str) -> str:
    return normal(text).upper()

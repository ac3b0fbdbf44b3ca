"""The records sheet (學習記錄, or a second file): one row per record, tied to a person of the
people sheet by 身份證號, else 序號, else 姓名 (CONTRACT.md, "Records in detail")."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..policy import Policy
from . import cells, idcard
from .columns import Header, normal
from .people import Origin, Person, Source, error
from .problems import CellError, shown

SUBJECTS = {"公需": "public", "公需科目": "public", "專業": "professional", "專業科目": "professional"}
SUBJECT_OPTIONS = ({normal(k): v for k, v in SUBJECTS.items()}, "「公需」或「專業」")
TIES = ("身份證號", "序號", "姓名")
# The record field each column fills, for the engine's messages about it.
FIELDS = {"計入年度": "year", "學習日期": "studied_on", "培訓渠道": "channel", "科目": "subject", "學時": "hours", "分鐘": "minutes"}


@dataclass(slots=True)
class Detail:
    source: Source
    ties: dict[str, str]  # 身份證號 / 序號 / 姓名 -> the text written, normalised for comparing
    written: dict[str, str]  # 身份證號 / 序號 / 姓名 -> as written, for messages
    record: dict
    errors: list[dict] = field(default_factory=list)


def channel_names(policy: Policy) -> dict[str, str]:
    """The channel names of the year's rules, as the page shows them (normalised) -> id."""
    return {normal(c.name): c.id for c in policy.channels.values()}


def read(rows: list[list], header: Header, policy: Policy, sheet: str) -> list[Detail]:
    columns = header.columns
    # Each record field's header as shown; a missing column is named as the contract names it.
    shown_columns = {name: (columns[k].label if k in columns else k) for k, name in FIELDS.items()}
    shown_columns["*"] = shown_columns["hours"]
    shown_columns.update({k: columns[k].label for k in TIES if k in columns})
    reader = _RowReader(policy, [(k, c.index) for k, c in columns.items()])
    found = []
    for index in range(header.first_data_row, len(rows)):
        detail = reader.read(rows[index], Source(sheet, index + 1, shown_columns, detail=True))
        if detail:
            found.append(detail)
    return found


class _RowReader:
    """Reads the rows of one records sheet (what does not change from row to row, made once)."""

    def __init__(self, policy: Policy, columns: list[tuple[str, int]]):
        self.columns = columns
        self.example = policy.year
        self.channels = channel_names(policy)
        self.channel_list = "；".join(f"「{c.name}」" for c in policy.channels.values())
        # Column, record field, and its cells as read (each different cell read once).
        self.readers = (("計入年度", "year", cells.Readings(cells.year, (self.example,))),
                        ("學習日期", "studied_on", cells.Readings(_iso_day, (self.example,))),
                        ("科目", "subject", cells.Readings(cells.choice, SUBJECT_OPTIONS)),
                        ("學時", "hours", cells.Readings(cells.amount, ("學時",))),
                        ("分鐘", "minutes", cells.Readings(cells.amount, ("分鐘",))))
        self.channels_read = cells.Readings(self.channel_id)
        self.ties_read = cells.Readings(_tie_and_text)  # each person's ID number recurs on each of their records

    def read(self, row: list, source: Source) -> Detail | None:
        width = len(row)
        values = {}
        for key, i in self.columns:
            value = row[i] if i < width else ""
            if not (value == "" or value is None or (isinstance(value, str) and value.isspace())):
                values[key] = value  # only the cells filled in
        if not values:
            return None
        ties, written = {}, {}
        for k in TIES:
            if k in values:
                value = values[k]
                ties[k], written[k] = self.ties_read[type(value), value]
        detail = Detail(source, ties, written, {})
        record = detail.record
        for key, name, readings in self.readers:
            if key not in values:
                continue
            value = values[key]
            found = readings[type(value), value]
            if type(found) is CellError:
                detail.errors.append(error(source.origin(name), found.message))
            elif found is not None:
                record[name] = found
        channel = values.get("培訓渠道")
        if channel is not None:
            found_id = self.channels_read[type(channel), channel]
            if type(found_id) is CellError:
                detail.errors.append(error(source.origin("channel"), found_id.message))
            else:
                record["channel"] = found_id
        return detail

    def channel_id(self, cell) -> str:
        found = self.channels.get(normal(cells.text(cell)))
        if found is None:
            raise CellError(f"不認識的培訓渠道{shown(cells.text(cell))}，可選：{self.channel_list}")
        return found


def _iso_day(cell, example: int) -> str | None:
    day = cells.day(cell, example)
    return day.isoformat() if day else None


def _tie_text(cell) -> str:
    return normal(cells.text(cell)).upper()


def _tie_and_text(cell) -> tuple[str, str]:
    """A tie cell as compared, and as written for messages."""
    return _tie_text(cell), cells.text(cell)


def tie(details: list[Detail], people: list[Person]) -> list[dict]:
    """Each record added to its person's case; returns the errors of records that name nobody
    (or more than one person)."""
    index: dict[str, dict[str, list[Person]]] = {k: {} for k in TIES}
    for person in people:
        for key, value in (("身份證號", person.id), ("序號", person.serial), ("姓名", person.name)):
            if value:
                index[key].setdefault(_tie_text(value), []).append(person)
    orphans = []
    for detail in details:
        source = detail.source
        key = _tie_key(detail.ties, index)
        if key is None:
            named = next((k for k in TIES if k in source.columns), "姓名")
            orphans.append(error(Origin(source.sheet, source.row, source.columns.get(named, named), True),
                                 "沒有填寫花名冊裡的身份證號、序號或姓名，不知道是誰的學習記錄"))
            continue
        matches = index[key].get(detail.ties[key], [])
        if len(matches) != 1:
            origin = Origin(source.sheet, source.row, source.columns[key], True)
            written = idcard.masked(detail.ties[key]) if key == "身份證號" else detail.written[key]
            if matches:
                rows = "、".join(f"第{p.row}行" for p in matches)
                orphans.append(error(origin, f"花名冊裡有{len(matches)}個人的{key}是「{written}」（{rows}）：請用身份證號對應"))
            else:
                orphans.append(error(origin, f"花名冊裡沒有{key}為「{written}」的人"))
            continue
        person = matches[0]
        person.errors.extend(detail.errors)
        if not detail.errors:
            person.case["records"].append(detail.record)
            person.record_sources.append(source)
    return orphans


def _tie_key(ties: dict[str, str], index: dict[str, dict]) -> str | None:
    """The first of 身份證號, 序號, 姓名 that the record fills in and the roster has."""
    for key in TIES:
        if key in ties and index[key]:
            return key
    return None

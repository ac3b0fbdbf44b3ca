"""The records sheet (學習記錄, or a second file): one row per record, tied to a person of the
people sheet by 身份證號, else 序號, else 姓名 (CONTRACT.md, "Records in detail")."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..policy import Policy
from . import cells, idcard
from .columns import Header, normal
from .people import Origin, Person, error
from .problems import shown

SUBJECTS = {"公需": "public", "公需科目": "public", "專業": "professional", "專業科目": "professional"}
SUBJECT_OPTIONS = ({normal(k): v for k, v in SUBJECTS.items()}, "「公需」或「專業」")
TIES = ("身份證號", "序號", "姓名")
# The record field each column fills, for the engine's messages about it.
FIELDS = {"計入年度": "year", "學習日期": "studied_on", "培訓渠道": "channel", "科目": "subject", "學時": "hours", "分鐘": "minutes"}


@dataclass
class Detail:
    row: int
    ties: dict[str, str]  # 身份證號 / 序號 / 姓名 -> the text written
    record: dict
    origins: dict[str, Origin]
    labels: dict[str, str]  # 身份證號 / 序號 / 姓名 -> the header as shown
    written: dict[str, str]  # 身份證號 / 序號 / 姓名 -> as written, for messages
    errors: list[dict] = field(default_factory=list)


def channel_names(policy: Policy) -> dict[str, str]:
    """The channel names of the year's rules, as the page shows them (normalised) -> id."""
    return {normal(c.name): c.id for c in policy.channels.values()}


def read(rows: list[list], header: Header, policy: Policy, sheet: str) -> list[Detail]:
    columns = header.columns
    names = channel_names(policy)
    shown_names = "；".join(f"「{c.name}」" for c in policy.channels.values())
    found = []
    for index in range(header.first_data_row, len(rows)):
        row = rows[index]
        values = {k: (row[c.index] if c.index < len(row) else "") for k, c in columns.items()}
        if all(cells.is_empty(v) for v in values.values()):
            continue
        number = index + 1
        origins = {name: Origin(sheet, number, columns[k].label if k in columns else k, detail=True) for k, name in FIELDS.items()}
        origins["*"] = origins["hours"]
        detail = Detail(number, {k: _tie_text(values[k]) for k in TIES if k in values and not cells.is_empty(values[k])},
                        {}, origins, {k: columns[k].label for k in TIES if k in columns},
                        {k: cells.text(values[k]) for k in TIES if k in values})

        def read_cell(key, reader, *args):
            if key not in values:
                return None
            try:
                return reader(values[key], *args)
            except cells.CellError as exc:
                detail.errors.append(error(origins[FIELDS[key]], exc.message))
                return None

        record = detail.record
        year = read_cell("計入年度", cells.year, policy.year)
        if year is not None:
            record["year"] = year
        studied = read_cell("學習日期", cells.day, policy.year)
        if studied:
            record["studied_on"] = studied.isoformat()
        channel = values.get("培訓渠道")
        if not cells.is_empty(channel):
            found_id = names.get(normal(cells.text(channel)))
            if found_id is None:
                detail.errors.append(error(origins["channel"], f"不認識的培訓渠道{_quoted(channel)}，可選：{shown_names}"))
            else:
                record["channel"] = found_id
        subject = read_cell("科目", cells.choice, *SUBJECT_OPTIONS)
        if subject:
            record["subject"] = subject
        for key, name in (("學時", "hours"), ("分鐘", "minutes")):
            amount = read_cell(key, cells.amount, key)
            if amount is not None:
                record[name] = amount
        found.append(detail)
    return found


def _tie_text(cell) -> str:
    return normal(cells.text(cell)).upper()


def _quoted(cell) -> str:
    return shown(cells.text(cell))


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
        key = next((k for k in TIES if k in detail.ties and index[k]), None)
        sheet = detail.origins["year"].sheet
        if key is None:
            origin = Origin(sheet, detail.row, next(iter(detail.labels.values()), "姓名"), detail=True)
            orphans.append(error(origin, "沒有填寫花名冊裡的身份證號、序號或姓名，不知道是誰的學習記錄"))
            continue
        matches = index[key].get(detail.ties[key], [])
        if len(matches) != 1:
            origin = Origin(sheet, detail.row, detail.labels[key], detail=True)
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
            person.record_origins.append(detail.origins)
    return orphans

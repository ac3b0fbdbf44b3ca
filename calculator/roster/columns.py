"""Where a sheet's table starts, and which column holds what.

The header row is looked for among the first rows (title rows such as 「2025年專業技術人員繼續
教育培訓花名冊」 and 「填報單位：…」 stand above it). Header text is compared after NFKC
(full-width letters and digits become half-width), without spaces, 「*」 marks or a note in
brackets, and in Simplified characters, so 「出生日期」, 「出生日期 」, 「出 生 日 期（必填）」
are one column. Two header rows are read as one where a merged cell such as 「學時」 spans the
year columns named in the row below (「2024公需」), or a year spans 「公需」 and 「專業」.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..scripts import to_hans
from .problems import RosterError

HEADER_ROWS = 10  # the header row is one of the first ten

# Each column by the name the contract gives it (Traditional), with the other names units use.
PERSON_COLUMNS = {
    "序號": ("序號", "編號"),
    "姓名": ("姓名",),
    "身份證號": ("身份證號", "身份證號碼", "身份證", "公民身份號碼", "身份號碼", "身分證號", "證件號碼"),
    "性別": ("性別",),
    "出生日期": ("出生日期", "出生年月日"),
    "工作單位": ("工作單位", "單位", "單位名稱", "所在單位"),
    "查詢目的": ("查詢目的",),
    "申報級別": ("申報級別", "申報職稱級別", "職稱級別"),
    "查詢日期": ("查詢日期",),
    "非公有制經濟領域": ("非公有制經濟領域",),
    "基層一線": ("基層一線",),
    "高技能人才": ("高技能人才",),
    "出站博士後": ("出站博士後",),
    "疫情防控年度": ("疫情防控年度",),
    "考核認定年度": ("考核認定年度",),
    "轉任年度": ("轉任年度",),
    "破格任職年度": ("破格任職年度",),
}
RECORD_COLUMNS = {
    "身份證號": PERSON_COLUMNS["身份證號"],
    "序號": PERSON_COLUMNS["序號"],
    "姓名": PERSON_COLUMNS["姓名"],
    "計入年度": ("計入年度",),
    "學習日期": ("學習日期",),
    "培訓渠道": ("培訓渠道",),
    "科目": ("科目",),
    "學時": ("學時",),
    "分鐘": ("分鐘",),
}
# `<year>公需`, `<year>專業`, `<year>職業資格考試`, with the words units add around them
# (「2024年度公需科目學時」); compared in Simplified characters, as every header is.
YEAR_KINDS = {to_hans(k): v for k, v in {"公需": "public", "專業": "professional", "職業資格考試": "qualification_exam"}.items()}
YEAR_COLUMN = re.compile(to_hans(r"(?:學時)?([0-9]{4})年?度?(公需|專業|職業資格考試)(?:科目)?(?:學時|合格)?"))
YEAR_ALONE = re.compile(to_hans(r"([0-9]{4})年?度?(?:學時)?"))
SUBJECT_ONLY = {to_hans(k) for k in ("公需", "專業", "職業資格考試", "公需科目", "專業科目")}  # 「公需」 under 「2024年」
# What a kind of year column is called in messages and in the template.
YEAR_LABELS = {"public": "公需", "professional": "專業", "qualification_exam": "職業資格考試"}
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_DROPPED = re.compile(r"[\s*:：]+")


def normal(text) -> str:
    """A header cell as compared: NFKC, no spaces, no 「*」 or bracketed note, Simplified."""
    if text is None:
        return ""
    text = str(text)
    if text.isascii() and text.isalnum():
        # An ID number or a serial: NFKC, the brackets, spaces and marks dropped and the
        # Simplified table all leave it as it is. Taken at once, not through the cache,
        # which a league's 10,000 ID numbers would otherwise flush again and again.
        return text
    return _normal(text)


@lru_cache(maxsize=8192)  # the same few texts (channel names, 是, 公需) fill a sheet's cells
def _normal(text: str) -> str:
    value = unicodedata.normalize("NFKC", text)
    value = _NOTE.sub("", value)
    return to_hans(_DROPPED.sub("", value))


def _index(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normal(alias): key for key, aliases in columns.items() for alias in aliases}


_PERSON, _RECORD = _index(PERSON_COLUMNS), _index(RECORD_COLUMNS)


def key_of(text: str, kind: str):
    """The column a header names: a contract name ("姓名"), or (year, kind) for a year column
    of the people sheet; None for a column the roster does not use."""
    if not text:
        return None
    if kind == "records":
        return _RECORD.get(text)
    found = _PERSON.get(text)
    if found:
        return found
    match = YEAR_COLUMN.fullmatch(text)
    if match:
        return int(match[1]), YEAR_KINDS[match[2]]
    return None


@dataclass(frozen=True)
class Column:
    index: int  # 0-based, in the sheet's rows
    key: object  # "姓名", or (2024, "public")
    label: str  # the header as the officer sees it, for messages


@dataclass(frozen=True)
class Header:
    first_data_row: int  # 0-based index of the first row under the header
    columns: dict  # key -> Column


def find(rows: list[list], kind: str, sheet: str) -> Header:
    """The header of a sheet of people (kind "people", needs 姓名) or of records (kind
    "records", needs 計入年度 and 培訓渠道); RosterError when none is in the first rows."""
    needed = ("姓名",) if kind == "people" else ("計入年度", "培訓渠道")
    for r, row in enumerate(rows[:HEADER_ROWS]):
        texts = [normal(cell) for cell in row]
        keys = [key_of(t, kind) for t in texts]
        if not all(n in keys for n in needed):
            continue
        below = rows[r + 1] if r + 1 < len(rows) else []
        two_rows = kind == "people" and _names_columns(texts, [normal(c) for c in below], keys)
        if two_rows:
            return _header(row, below, r + 2, kind, sheet)
        return _header(row, None, r + 1, kind, sheet)
    wanted = "「姓名」" if kind == "people" else "「計入年度」和「培訓渠道」"
    raise RosterError(f"{sheet}的前{HEADER_ROWS}行裡找不到表頭：表頭一行要有{wanted}等列名（可以下載模板對照）。"
                      "如果是 CSV 文件，也可能是文字編碼不對：請另存為「CSV UTF-8」或 .xlsx 文件")


def _names_columns(top: list[str], below: list[str], top_keys: list) -> bool:
    """Whether the row under a header row is a second header row: it names a column that the
    first row does not (「2024公需」 under a merged 「學時」, 「公需」 under 「2024年」)."""
    for c, text in enumerate(below):
        if not text:
            continue
        key = _two_row_key(top[c] if c < len(top) else "", text)
        if key is not None and key != (top_keys[c] if c < len(top_keys) else None):
            return True
    return False


def _two_row_key(top: str, bottom: str):
    if not bottom or bottom == top:  # a cell merged down over both rows
        return key_of(top, "people")
    found = key_of(bottom, "people")
    if found is None and bottom in SUBJECT_ONLY and YEAR_ALONE.fullmatch(top):
        found = key_of(YEAR_ALONE.fullmatch(top)[1] + bottom, "people")
    return found


def _header(row: list, below: list | None, first_data: int, kind: str, sheet: str) -> Header:
    columns: dict = {}
    for c in range(max(len(row), len(below or ()))):
        top = row[c] if c < len(row) else ""
        if below is None:
            key, label = key_of(normal(top), kind), _label(top)
        else:
            bottom = below[c] if c < len(below) else ""
            key = _two_row_key(normal(top), normal(bottom))
            upper, lower = _label(top), _label(bottom)
            if lower in ("", upper):
                label = upper
            elif key_of(normal(bottom), "people") is not None:
                label = lower
            else:
                label = upper + lower  # 「2024年」 over 「公需」: say both
        if key is None:
            continue
        if key in columns:
            first = columns[key]
            named = f"「{label}」" if first.label == label else f"「{first.label}」和「{label}」是同一列，"
            raise RosterError(f"{sheet}的表頭裡{named}出現了兩次（第{_letter(first.index)}列和第{_letter(c)}列）：請刪去或改名其中一列")
        columns[key] = Column(c, key, label)
    return Header(first_data, columns)


def _label(cell) -> str:
    """A header cell as the officer reads it: as typed, without line breaks or spaces around."""
    return "" if cell is None else re.sub(r"\s+", "", str(cell))


def _letter(index: int) -> str:
    """The spreadsheet's column letter: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters

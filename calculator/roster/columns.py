"""Where a sheet's table starts, and which column holds what.

The header row is looked for among the first rows (title rows such as 「2025年專業技術人員繼續
教育培訓花名冊」 and 「填報單位：…」 stand above it). Header text is compared after NFKC
(full-width letters and digits become half-width), without spaces, 「*」 marks or a note in
brackets, and in Simplified characters, so 「出生日期」, 「出生日期 」, 「出 生 日 期（必填）」
are one column. Two header rows are read as one where a merged cell such as 「學時」 spans the
year columns named in the row below (「2024公需」), or a year spans 「公需」 and 「專業」.

A subject column without its year (「公需科目（學時）」, as 附件1 writes it) takes the year written
above it (a merged 「2023年度」) or, failing that, the one year of the title rows; where neither
says, the file is refused rather than read as if nobody had studied. A 合計學時 column is kept
to be checked against its parts, never read as hours.

Which columns there are beyond those of every year follows from the notice the roster is
checked under (`Words`): a column for each circumstance its rule blocks declare, by the declared
name and other headers, and a year column for each channel that takes no amount, by its column
word (「2025職業資格考試」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..case import CompiledPolicies
from ..chinese import to_hans
from ..policy import Channel, Circumstance, Policy
from .problems import RosterError

HEADER_ROWS = 10  # the header row is one of the first ten

# Each column of a person that every year has, by the name the contract gives it
# (Traditional), with the other names units use. A circumstance's column (非公有制經濟領域,
# 轉任年度…) is the year's own: its rule block declares its name and other headers (`Words`).
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
    "考核認定年度": ("考核認定年度",),
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
# The words of a year's hour columns: `<year>公需`, `<year>專業` (hours the unit verified).
SUBJECT_WORDS = {"public": "公需", "professional": "專業"}
YEAR_ALONE = re.compile(to_hans(r"([0-9]{4})年?度?"))
# A column of totals: checked against its parts, never read as hours (it has no subject).
TOTAL = re.compile(
    to_hans(r"(?:([0-9]{4})年?度?)?(?:(?:合計|總計|共計|小計|總)學時數?|學時(?:合計|總計|總數|小計)|合計|總計|學時)")
)
# A year in a title row (「2025年專業技術人員繼續教育培訓花名冊」); a date (「2025年3月5日」,
# 「2025-03-05」) is when the form was filled in, not the year of its hours.
TITLE_YEAR = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])(?!\s*年\s*[0-9]{1,2}\s*月)(?!\s*[-/.]\s*[0-9]{1,2}\s*[-/.])"
)
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


def forget() -> None:
    """Drops the memoised texts of the cells read so far (names among them)."""
    _normal.cache_clear()


def _index(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normal(alias): key for key, aliases in columns.items() for alias in aliases}


_RECORD = _index(RECORD_COLUMNS)


@dataclass(frozen=True)
class Words:
    """What a year's rules let a roster's headers say: the person's columns (those of every
    year, and one for each circumstance its rule blocks declare, by its declared name), and
    the words of its year columns: 公需 and 專業 (hours), and the column word of each channel
    that takes no amount (「職業資格考試」: 是 when passed that year).

    A year column's key is (year, kind): kind is a subject ("public", "professional") or the
    id of a channel that takes no amount, as the year's rules name it."""

    person: dict[str, str]  # header as compared -> column key (the contract's or the declared name)
    circumstances: dict[str, Circumstance]  # a circumstance's column key (its name) -> its declaration
    kinds: dict[str, str]  # a year column's word as compared (公需, 职业资格考试) -> its kind
    labels: dict[str, str]  # kind -> its word as written (Traditional), for messages and the template
    channels: dict[str, Channel]  # kind -> the channel a no-amount column records
    year_column: re.Pattern  # `<year><word>`, with the words units add around it
    subject_alone: re.Pattern  # a word without its year (「公需科目（學時）」)

    def is_subject(self, kind: str) -> bool:
        return kind in SUBJECT_WORDS


_WORDS: dict[int, tuple[Policy, Words]] = {}


def words(policy: Policy | None = None) -> Words:
    """The headers of a roster checked under `policy` (None: the newest published notice),
    made once a policy."""
    if policy is None:
        policy = default_policy()
    made = _WORDS.get(id(policy))
    if made is None or made[0] is not policy:
        made = _WORDS[id(policy)] = (policy, _words(policy))
    return made[1]


def default_policy() -> Policy:
    """The newest published notice's rules (a draft's only when nothing is published yet)."""
    policies = CompiledPolicies()
    return policies[newest_notice(policies)]


def newest_notice(policies) -> int:
    """The newest published notice of `policies` (a draft only when nothing is published yet)."""
    from .. import available

    published = [y for y, status in available().items() if status == "published" and y in policies]
    return max(published or policies)


def _words(policy: Policy) -> Words:
    declared = {c.name: c for c in policy.circumstances.values()}
    person = _index({k: (c.name, *c.roster) for k, c in declared.items()})
    person.update(_index(PERSON_COLUMNS))  # every year's columns keep their names
    channels = {c.id: c for c in policy.channels.values() if not c.takes_amount}
    labels = {**SUBJECT_WORDS, **{k: column_word(c) for k, c in channels.items()}}
    kinds = {normal(word): kind for kind, word in reversed(labels.items())}
    alternatives = "|".join(re.escape(w) for w in sorted(kinds, key=len, reverse=True) if w)
    subject = rf"({alternatives})(?:{to_hans('科目')})?(?:{to_hans('學時數?|合格|情況')})?"
    return Words(
        person,
        declared,
        kinds,
        labels,
        channels,
        re.compile(to_hans(r"(?:學時)?([0-9]{4})年?度?") + subject),
        re.compile(subject),
    )


def column_word(channel: Channel) -> str:
    """The word of a no-amount channel's year columns: its `roster` word, else its name."""
    return channel.roster or channel.name


@dataclass(frozen=True)
class Total:
    """A column of total hours (合計學時), of one year or of every year: checked against the
    subject columns beside it, never read as hours, since it does not say which subject."""

    year: int | None


@dataclass(frozen=True)
class Yearless:
    """A subject column whose year is written nowhere (「公需科目」 with no year above it or
    in the title): it cannot be read, and the file is refused rather than read as no hours."""

    kind: str


def key_of(text: str, kind: str, year: int | None = None, said: Words | None = None):
    """The column a header names: a contract name ("姓名") or a circumstance's declared name
    ("轉任年度"), (year, kind) for a year column of the people sheet, Total(year) for a column
    of totals; None for a column the roster does not use. `year` is the year written above
    the column or in the title, for a header that names a subject without one
    (「公需科目（學時）」); `said`: the year's headers (default: the newest notice's)."""
    if not text:
        return None
    if kind == "records":
        return _RECORD.get(text)
    said = said or words()
    found = said.person.get(text)
    if found:
        return found
    match = said.year_column.fullmatch(text)
    if match:
        return int(match[1]), said.kinds[match[2]]
    match = said.subject_alone.fullmatch(text)
    if match:
        return (year, said.kinds[match[1]]) if year else Yearless(said.kinds[match[1]])
    match = TOTAL.fullmatch(text)
    if match:
        return Total(int(match[1]) if match[1] else year)
    return None


@dataclass(frozen=True)
class Column:
    index: int  # 0-based, in the sheet's rows
    key: object  # "姓名", (2024, "public"), Total(2024)
    label: str  # the header as the officer sees it, for messages
    year_from: str = ""  # where the year of a subject column was read, when not in its header: "title" or "above"


@dataclass(frozen=True)
class Header:
    first_data_row: int  # 0-based index of the first row under the header
    columns: dict  # key -> Column
    seen: tuple = ()  # (index, label) of every header cell, read or not, in the sheet's order
    title: str = ""  # the title cell a year was read from, when one was
    header_rows: tuple = ()  # 0-based indexes of the rows that make the header
    words: Words | None = None  # the year's headers it was read with


def find(rows: list[list], kind: str, sheet: str, example: int | None = None, policy: Policy | None = None) -> Header:
    """The header of a sheet of people (kind "people", needs 姓名) or of records (kind
    "records", needs 計入年度 and 培訓渠道); RosterError when none is in the first rows, or when
    a subject column's year is written nowhere (`example`: the year its message writes, the
    notice's; this year's when not given). `policy`: the notice the roster is checked under,
    whose rules say which circumstance and channel columns there are (default: the newest)."""
    needed = ("姓名",) if kind == "people" else ("計入年度", "培訓渠道")
    said = words(policy) if kind == "people" else None
    for r, row in enumerate(rows[:HEADER_ROWS]):
        texts = [normal(cell) for cell in row]
        keys = [key_of(t, kind, said=said) for t in texts]
        if not all(n in keys for n in needed):
            continue
        if kind == "records":
            return _header(row, None, None, None, r, r + 1, kind, sheet, example, said)
        title = _title_year(rows[:r], sheet)
        above = rows[r - 1] if r > 0 else None
        below = rows[r + 1] if r + 1 < len(rows) else []
        if _names_columns(texts, [normal(c) for c in below], keys, said):
            return _header(row, below, None, title, r, r + 2, kind, sheet, example, said)
        return _header(row, None, above, title, r, r + 1, kind, sheet, example, said)
    wanted = "「姓名」" if kind == "people" else "「計入年度」和「培訓渠道」"
    raise RosterError(
        f"{sheet}的前{HEADER_ROWS}行裡找不到表頭：表頭一行要有{wanted}等列名（可以下載模板對照）。"
        "如果是 CSV 文件，也可能是文字編碼不對：請另存為「CSV UTF-8」或 .xlsx 文件"
    )


def _title_year(rows: list[list], sheet: str) -> tuple[int, str] | None:
    """The one year written in the rows above the header (「2025年…花名冊」), and the cell it
    was read from; None when none is. Two different years there (「2023—2025年度」) cannot
    say which year a column holds: RosterError, if a column needs it (see _header)."""
    found: dict[int, str] = {}
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and cell.strip():
                text = unicodedata.normalize("NFKC", cell)
                for match in TITLE_YEAR.finditer(text):
                    found.setdefault(int(match[1]), _label(cell))
    if not found:
        return None
    if len(found) > 1:
        return 0, "」「".join(dict.fromkeys(found.values()))  # year 0: more than one
    return next(iter(found.items()))


def _names_columns(top: list[str], below: list[str], top_keys: list, said: Words) -> bool:
    """Whether the row under a header row is a second header row: it names a column that the
    first row does not (「2024公需」 under a merged 「學時」, 「公需」 under 「2024年」)."""
    for c, text in enumerate(below):
        if not text:
            continue
        key = _two_row_key(top[c] if c < len(top) else "", text, None, said)
        if key is not None and key != (top_keys[c] if c < len(top_keys) else None):
            return True
    return False


def _group_year(text: str) -> int | None:
    """The year of a cell that spans the columns under it: 「2023年度」, 「2023年學時」."""
    match = YEAR_ALONE.fullmatch(text) or TOTAL.fullmatch(text)
    return int(match[1]) if match and match[1] else None


def _noted_year(cell) -> int | None:
    """The one year written in a header's bracketed note (「公需科目（2024年度）」), which the
    compared text leaves out."""
    notes = _NOTE.findall(unicodedata.normalize("NFKC", str(cell or "")))
    years = {int(m[1]) for note in notes for m in TITLE_YEAR.finditer(note)}
    return years.pop() if len(years) == 1 else None


def _spread(groups: list, subjects: list, said: Words) -> list:
    """A row of years over subject columns, each year carried right over the empty cells of its
    group: a merged 「2023年度」 whose file does not say it is merged (.ods as calamine reads it,
    CSV as Excel saves it) still spans 「公需」 and 「專業」. A group ends at the next written
    cell, or where a subject comes again (a second 公需 starts another year, which is not guessed)."""
    spread = list(groups)
    year, kinds = None, set()
    for c in range(len(subjects)):
        written = groups[c] if c < len(groups) else None
        subject = said.subject_alone.fullmatch(normal(subjects[c]))
        if written not in (None, "") or not subject:
            year = groups[c] if c < len(groups) and _group_year(normal(written)) and subject else None
            kinds = {subject[1]} if year is not None else set()
            continue
        if year is not None and subject[1] not in kinds:
            kinds.add(subject[1])
            if c < len(spread):
                spread[c] = year
            else:
                spread.append(year)
        else:
            year = None
    return spread


def _two_row_key(top: str, bottom: str, title_year: int | None, said: Words):
    if not bottom or bottom == top:  # a cell merged down over both rows
        return key_of(top, "people", title_year, said)
    return key_of(bottom, "people", _group_year(top) or title_year, said)


def _header(
    row: list,
    below: list | None,
    above: list | None,
    title: tuple[int, str] | None,
    r: int,
    first_data: int,
    kind: str,
    sheet: str,
    example: int | None,
    said: Words | None,
) -> Header:
    """The columns of a header row (with the row `below` when the header is two rows, or the
    row `above` that may write the year over subject columns)."""
    columns: dict = {}
    seen = []
    yearless = []
    title_year = title[0] if title and title[0] else None
    if below is not None:
        row = _spread(row, below, said)
    elif above:
        above = _spread(above, row, said)
    for c in range(max(len(row), len(below or ()))):
        top = row[c] if c < len(row) else ""
        year_from = ""
        if below is None:
            label = _label(top)
            key = key_of(normal(top), kind, said=said)
            if isinstance(key, Yearless):
                own = _noted_year(top)  # 「公需科目（2024年度）」: the year in its note
                over = None if own else _group_year(normal(above[c])) if above and c < len(above) else None
                key = key_of(normal(top), kind, own or over or title_year, said)
                year_from = "" if own else "above" if over else "title" if title_year else ""
                if over:
                    label = _label(above[c]) + label
        else:
            bottom = below[c] if c < len(below) else ""
            upper, lower = _label(top), _label(bottom)
            key = _two_row_key(normal(top), normal(bottom), None, said)
            if isinstance(key, Yearless):
                key = _two_row_key(normal(top), normal(bottom), title_year, said)
                year_from = "title" if title_year else ""
            if lower in ("", upper):
                label = upper
            elif key_of(normal(bottom), "people", said=said) is not None and not _group_year(normal(top)):
                label = lower
            else:
                label = upper + lower  # 「2024年」 over 「公需」: say both
        if label:
            seen.append((c, label))
        if key is None:
            continue
        if isinstance(key, Yearless):
            yearless.append(label)
            continue
        if key in columns:
            first = columns[key]
            named = f"「{label}」" if first.label == label else f"「{first.label}」和「{label}」是同一列，"
            raise RosterError(
                f"{sheet}的表頭裡{named}出現了兩次（第{letter(first.index)}列和第{letter(c)}列）：請刪去或改名其中一列"
            )
        columns[key] = Column(c, key, label, year_from)
    if yearless:
        raise RosterError(_no_year(sheet, yearless, title, example))
    rows = (r, r + 1) if below is not None else (r,)
    used_title = title[1] if title and any(col.year_from == "title" for col in columns.values()) else ""
    return Header(first_data, columns, tuple(seen), used_title, rows, said)


def _no_year(sheet: str, labels: list[str], title: tuple[int, str] | None, y: int | None) -> str:
    y = y or date.today().year
    named = "「" + "」「".join(labels) + "」"
    if title and not title[0]:
        why = f"表頭上方寫了不止一個年份（「{title[1]}」），不知道是哪一年的學時"
    else:
        why = "表頭裡沒有寫年度，表頭上方的標題裡也沒有"
    return (
        f"{sheet}的{named}是哪一年的學時？{why}。請把表頭寫成如「{y}公需」「{y}專業」，"
        f"或在表頭上方的標題裡寫明一個年度（如「{y}年專業技術人員繼續教育培訓花名冊」），"
        f"或在這幾列上方加一行寫明年度（如合併單元格「{y}年度」）"
    )


def _label(cell) -> str:
    """A header cell as the officer reads it: as typed, without line breaks or spaces around."""
    return "" if cell is None else re.sub(r"\s+", "", str(cell))


def letter(index: int) -> str:
    """The spreadsheet's column letter: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters

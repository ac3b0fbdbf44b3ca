"""What a roster was read as, said to the officer before any result (docs/dev/contract.md, "What was
read is said"): each column and what it was read as, and the warnings to know before
trusting the results — no hour column found, a year taken from the title, hidden columns
read, and what the people sheet skipped or found odd (people.read)."""

from __future__ import annotations

from ..chinese import to_hans
from ..policy import Policy, declared_by_every_year
from ..rule_kinds import credit_of
from .columns import Header, Total, letter
from .files import Unreadable

# The order warnings are listed in: what makes every result doubtful first.
ORDER = (
    "no_hour_columns",
    "unreadable_row",
    "year_from_title",
    "hidden_columns",
    "circumstance_not_read",
    "level_read_as",
    "same_person",
    "total_mismatch",
    "skipped_row",
)


def columns(header: Header, sheet: str, hidden: set[int]) -> list[dict]:
    """Every column of the header, read or not: its letter, its header as written, what it was
    read as (None: not read), and whether the file hides it."""
    by_index = {column.index: column for column in header.columns.values()}
    said = header.words
    return [
        {
            "sheet": sheet,
            "letter": letter(index),
            "number": index + 1,
            "header": label,
            "read_as": _meaning(by_index[index], said) if index in by_index else None,
            "hidden": index in hidden,
        }
        for index, label in header.seen
    ]


def _meaning(column, said) -> str:
    key = column.key
    if isinstance(key, Total):
        year = f"{key.year}年" if key.year else ""
        return f"{year}合計學時（只用來核對，不計入）"
    if isinstance(key, tuple):
        year, kind = key
        if said.is_subject(kind):
            meaning = f"{year}年{said.labels[kind]}科目學時"
        else:
            meaning = f"{year}年是否{credit(said.channels[kind])}"
        return meaning + ("（年度取自標題）" if column.year_from == "title" else "")
    return key


def credit(channel) -> str:
    """A channel that takes no amount, and what a 是 in its column counts for: 「在自治區參加
    職業資格考試且成績合格（視同完成該年度專業科目要求）」."""
    return f"{channel.name}（{credit_of(channel).words(channel)}）"


def unreadable(rows: list[list], header: Header, sheet: str | None = None) -> list[dict]:
    """A warning for each row under the header that could not be read (files.Unreadable); `sheet`
    names the records sheet in its message."""
    first = header.first_data_row
    return [
        {
            "kind": "unreadable_row",
            **({"sheet": sheet} if sheet else {}),
            "row": row,
            "message": f"{sheet or ''}第{row}行有一格讀不出來（多半是日期格裡的數超出了日期的範圍，在 Excel 裡顯示為 ####），"
            "這一行沒有檢查：請改正這一格後再選擇",
        }
        for row, cells in enumerate(rows[first:], first + 1)
        if isinstance(cells, Unreadable)
    ]


def warnings(header: Header, read: list[dict], has_records: bool, policy: Policy, found: list[dict]) -> list[dict]:
    """The warnings about the people sheet (`read`: its columns), then those found reading its
    rows (`found`), in ORDER."""
    out = list(found)
    example = policy.year
    # A circumstance of another year's notice (last year's template reused): its column is not
    # read, and the officer must not think its 是 changed anyone's result.
    other = {
        form: (name, year)
        for cid, (name, year) in declared_by_every_year().items()
        if cid not in policy.circumstances
        for form in (name, to_hans(name))
    }
    unread = [(c, other[c["header"].strip()]) for c in read if c["read_as"] is None and c["header"].strip() in other]
    for column, (name, year) in unread:
        out.append(
            {
                "kind": "circumstance_not_read",
                "letter": column["letter"],
                "message": f"第{column['letter']}列「{column['header']}」是{year}年度通知的情形，"
                f"{policy.year}年度的通知沒有用到「{name}」這一項，這一列沒有讀，不影響結果",
            }
        )
    # A column of a channel that takes no amount (「2025職業資格考試」) holds 是, not hours.
    year_columns = [c for k, c in header.columns.items() if isinstance(k, tuple)]
    hours = [c for c in year_columns if header.words.is_subject(c.key[1])]
    if not hours and not has_records:
        seen = "「" + "」「".join(label for _, label in header.seen) + "」"
        totals = [c.label for k, c in header.columns.items() if isinstance(k, Total)]
        note = f"「{'」「'.join(totals)}」只有合計，沒有分公需和專業，不能代替；" if totals else ""
        marked = [c.label for c in year_columns]
        note += f"「{'」「'.join(marked)}」只填「是」或「否」，不是學時；" if marked else ""
        out.append(
            {
                "kind": "no_hour_columns",
                "message": f"沒有找到學時列，下面每個人都按沒有學時檢查，結果不可信：表頭是{seen}。{note}"
                f"學時請寫在如「{example}公需」「{example}專業」的列裡（表頭寫「公需科目」「專業科目」的，"
                f"在表頭上方的標題裡寫明年度，如「{example}年專業技術人員繼續教育培訓花名冊」），"
                "或加一個「學習記錄」工作表",
            }
        )
    if header.title:
        titled = [c for c in header.columns.values() if c.year_from == "title"]
        year = titled[0].key[0]
        named = "「" + "」「".join(c.label for c in titled) + "」"
        out.append(
            {
                "kind": "year_from_title",
                "message": f"{named}沒有寫年度，按表頭上方的「{header.title}」讀作 {year}年的學時：如果不是這一年的，"
                f"請在表頭寫明年度（如「{year - 1}公需」）",
            }
        )
    hidden = [c for c in read if c["hidden"] and c["read_as"]]
    if hidden:
        letters = "、".join(c["letter"] for c in hidden)
        named = "「" + "」「".join(c["header"] for c in hidden) + "」"
        out.append(
            {
                "kind": "hidden_columns",
                "message": f"第{letters}列（{named}）在文件中是隱藏的，也讀取了：請在 Excel 或 WPS 中取消隱藏，核對這幾列",
            }
        )
    return sorted(out, key=lambda w: ORDER.index(w["kind"]) if w["kind"] in ORDER else len(ORDER))

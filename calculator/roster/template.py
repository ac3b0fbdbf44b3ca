"""The roster template a unit downloads, in the page's script: a 花名冊 sheet with the columns
the year's rules read (the contract's other columns are named in the 填寫說明 sheet, to be
added when needed), drop-down lists for the words the reader takes, a 學習記錄 sheet, and two
example rows whose names start with 「示例：」 (the reader skips them).

Everything here follows from the year's compiled rules (`Policy`): which circumstance columns
there are, which purposes and levels the lists offer, the year columns (the notice's own
year, its make-up years and the years a title evaluation needs), the channel names, and
every figure of the examples."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from ..case import FIRST_YEAR, LAST_YEAR, CompiledPolicies
from ..chinese import SCRIPTS, to_hans
from ..messages import SUBJECT
from ..policy import Circumstance, Policy
from ..rule_kinds import CIRCUMSTANCE_KINDS
from .columns import SUBJECT_WORDS, column_word, words
from .idcard import check_character
from .read_as import credit

SHEET = "花名冊"
RECORDS_SHEET = "學習記錄"
INSTRUCTIONS_SHEET = "填寫說明"
EXAMPLE = "示例："  # the reader skips a row whose name starts with it
HEADER_ROW = 2  # 0-based: a title row and a 填報單位 row above it, as the notice's 附件1
# Rows under the header that carry the drop-down lists and input messages: more than a
# league's largest unit (the ID column's text format covers the whole column).
ROWS = 10_000
RECORD_ROWS = 10 * ROWS  # a 學習記錄 sheet holds several rows a person

# The columns of a person that every year has, in the template's order, with what an
# officer is told; 考核認定年度 stands among the year lists, after the circumstances'.
HEAD_COLUMNS = {
    "序號": "可不填；學習記錄表可以用序號對應到人",
    "姓名": "必填；姓名以「示例：」開頭的行是示例，檢查時會跳過",
    "身份證號": "18位，這一列已設為「文本」格式（存成數字會丟失後幾位）；填了可不填性別和出生日期",
    "性別": "男 或 女；填了身份證號可不填（按年齡減免學時時用到）",
    "出生日期": "如 1978-04-12、1978/4/12 或 1978年4月12日",
    "工作單位": "可不填",
    "查詢目的": "{choices}；不填按年度",
    "申報級別": "{choices}；職稱評審時必填",
    "查詢日期": "申報日期，用於計算年齡和截止日期；不填按今天",
}
ASSESSMENT_COLUMN = "考核認定年度"
ASSESSMENT_NOTE = "考核認定時必填：考核認定要求的年度，用頓號隔開"
PURPOSES = {"annual": "年度", "title": "職稱評審", "assessment": "考核認定"}
LEVELS = {"junior": "初級", "intermediate": "中級", "senior": "高級"}
SEXES = ("男", "女")
YES_NO = ("是", "否")
CHANNELS_ROW = "培訓渠道可填"
RECORD_COLUMNS = ("身份證號", "序號", "姓名", "計入年度", "學習日期", "培訓渠道", "科目", "學時", "分鐘")


def _policy(notice: int | Policy) -> Policy:
    return notice if isinstance(notice, Policy) else CompiledPolicies()[notice]


def years(policy: Policy) -> list[int]:
    """The years whose hours the year's rules read: its own, make-up and title years."""
    found = {policy.year}
    if policy.make_up:
        found.update(policy.make_up.years)
    for level_years in policy.title_years.values():
        found.update(level_years)
    return sorted(found)


def year_headers(policy: Policy) -> list[str]:
    """`<year>公需`, `<year>專業` and, for each channel that takes no amount (a passed
    qualification exam, a certificate that counts a fixed number of hours), `<year>` and its
    column word (`<year>職業資格考試`), for each year the rules read."""
    written = list(SUBJECT_WORDS.values()) + [column_word(c) for c in _no_amount(policy)]
    return [f"{y}{word}" for y in years(policy) for word in written]


def _no_amount(policy: Policy) -> list:
    """The channels whose roster column is 是 or empty, a year each (as the reader takes them)."""
    return list(words(policy).channels.values())


def _channel_of(policy: Policy, column: str):
    """The channel that a year column records, when it is a no-amount channel's."""
    return next((c for c in _no_amount(policy) if column[4:] == column_word(c) and column[:4].isdigit()), None)


def circumstances(policy: Policy) -> list[Circumstance]:
    """The year's circumstances, by kind (CIRCUMSTANCE_KINDS), each kind in the notice's order."""
    return sorted(policy.circumstances.values(), key=lambda c: CIRCUMSTANCE_KINDS.index(c.kind))


def _circumstance(policy: Policy, column: str) -> Circumstance | None:
    return words(policy).circumstances.get(column)  # by its declared name, as the reader takes it


def purposes(policy: Policy) -> list[str]:
    """What 查詢目的 may say for this year: 年度, and the title evaluation and the assessment
    when the year has rules for them."""
    found = (
        ["annual"] + (["title"] if policy.title_years else []) + (["assessment"] if policy.assessment_clause else [])
    )
    return [PURPOSES[p] for p in found]


def levels(policy: Policy) -> list[str]:
    return [name for level, name in LEVELS.items() if level in policy.title_years]


def _used(policy: Policy, column: str) -> bool:
    """Whether the year's rules read an every-year column (a circumstance's always is)."""
    if column in ("性別", "出生日期"):  # sex matters only to the age rule
        return policy.clause_of("birth_date") is not None
    if column == "申報級別":
        return bool(policy.title_years)
    if column == ASSESSMENT_COLUMN:
        return policy.assessment_clause is not None
    return True


def _columns(policy: Policy) -> list[str]:
    """Every column of a person, in the template's order: those of every year, then the
    circumstances' that the year declares, by kind (rule_kinds.CIRCUMSTANCE_KINDS: the yes/no
    ones, the lists of years with 考核認定年度 after them, then the single years)."""
    declared = circumstances(policy)
    lists = sum(CIRCUMSTANCE_KINDS.index(c.kind) <= CIRCUMSTANCE_KINDS.index("years") for c in declared)
    names = [c.name for c in declared]
    return [*HEAD_COLUMNS, *names[:lists], ASSESSMENT_COLUMN, *names[lists:]]


def person_headers(policy: Policy) -> list[str]:
    """The people sheet's columns: those the year's rules read, then its year columns."""
    return [c for c in _columns(policy) if _used(policy, c)] + year_headers(policy)


def more_headers(policy: Policy) -> list[str]:
    """The contract's columns that the year's rules do not read (「更多情況」)."""
    return [c for c in _columns(policy) if not _used(policy, c)]


def record_headers(policy: Policy) -> list[str]:
    """The 學習記錄 sheet's columns; 分鐘 only when the year converts minutes to hours."""
    return [c for c in RECORD_COLUMNS if c != "分鐘" or policy.minutes_per_hour]


def _example_id(birth: str, sequence: str) -> str:
    """A made-up ID number with a valid checksum (region 152921: 阿拉善左旗)."""
    first17 = "152921" + birth.replace("-", "") + sequence
    return first17 + check_character(first17)


def _examples(policy: Policy) -> list[dict]:
    """Two example people: a title evaluation with the years it needs met, and a yearly check
    with half of its professional hours here and the rest in the 學習記錄 sheet's example;
    every figure from the year's rules."""
    req = policy.requirement
    level = "intermediate" if "intermediate" in policy.title_years else next(iter(policy.title_years), None)
    title_years = policy.title_years.get(level, (policy.year,))
    first = {
        "序號": 1,
        "姓名": EXAMPLE + "張敏",
        "身份證號": _example_id("1980-04-12", "002"),
        "工作單位": "示例單位",
        "查詢目的": PURPOSES["title"] if level else PURPOSES["annual"],
        "申報級別": LEVELS.get(level, ""),
    }
    for y in title_years:
        first[f"{y}{SUBJECT_WORDS['public']}"] = req["public"]
        first[f"{y}{SUBJECT_WORDS['professional']}"] = req["professional"]
    second = {
        "序號": 2,
        "姓名": EXAMPLE + "李強",
        "身份證號": _example_id("1990-09-01", "013"),
        "工作單位": "示例單位",
        "查詢目的": PURPOSES["annual"],
        f"{policy.year}{SUBJECT_WORDS['public']}": req["public"],
        f"{policy.year}{SUBJECT_WORDS['professional']}": req["professional"] // 2,
    }
    return [first, second]


def _record_example(policy: Policy) -> dict:
    """The second example person's remaining professional hours, as one detailed record."""
    person = _examples(policy)[1]
    return {
        "身份證號": person["身份證號"],
        "序號": person["序號"],
        "姓名": person["姓名"],
        "計入年度": policy.year,
        "學習日期": policy.window.start.isoformat() if policy.window else "",
        "培訓渠道": next(iter(policy.channels.values())).name,
        "科目": _subjects()[1],
        "學時": policy.requirement["professional"] - person[f"{policy.year}{SUBJECT_WORDS['professional']}"],
    }


def _subjects() -> list[str]:
    return [v.removesuffix("科目") for v in SUBJECT.values()]


def _choices(policy: Policy, column: str) -> list[str] | None:
    """The drop-down list of a people-sheet column, if it has one."""
    if column == "性別":
        return list(SEXES)
    if column == "查詢目的":
        return purposes(policy)
    if column == "申報級別":
        return levels(policy)
    circumstance = _circumstance(policy, column)
    if (circumstance and circumstance.kind == "yes_no") or _channel_of(policy, column):
        return list(YES_NO)
    return None


def _how(policy: Policy, column: str) -> str:
    """What an officer is told about a people-sheet column (and, when the template has the
    column with a drop-down list, that the list is there)."""
    circumstance = _circumstance(policy, column)
    if circumstance:
        return _circumstance_note(circumstance, policy.year)
    if column in HEAD_COLUMNS or column == ASSESSMENT_COLUMN:
        choices = _choices(policy, column)
        note = ASSESSMENT_NOTE if column == ASSESSMENT_COLUMN else HEAD_COLUMNS[column]
        how = note.replace("{choices}", "、".join(choices or LEVELS.values()))
        return "從下拉列表選：" + how if choices and _used(policy, column) else how
    year = column[:4]
    channel = _channel_of(policy, column)
    if channel:
        return f"{year}年{credit(channel)}的，從下拉列表選 是"
    return f"單位核定的{year}年度{column[4:]}科目學時，填數字；沒有就不填"


def _circumstance_note(circumstance: Circumstance, year: int) -> str:
    """What an officer is told about a circumstance's column, from its declaration."""
    asked = circumstance.question
    if circumstance.kind == "yes_no":
        return f"從下拉列表選：{asked}的選 是；不是的可以不填"
    what = circumstance.ask or circumstance.name
    if circumstance.kind == "years":
        return f"{asked}的，填{what}：幾個年度用頓號隔開，如 {year - 1}、{year}；不是的不填"
    return f"{asked}的，填{what}：四位數的年份，如 {year - 1}；不是的不填"


def _instructions(policy: Policy) -> list[tuple[str, str]]:
    rows = [(h, _how(policy, h)) for h in _columns(policy) if _used(policy, h)]
    y = policy.year
    rows.append(
        (
            f"{y}公需、{y}專業等",
            f"單位核定的該年度公需科目、專業科目學時；不填表示沒有。模板列出了{y}年度的規則要看的年度："
            + "、".join(map(str, years(policy))),
        )
    )
    for channel in _no_amount(policy):
        rows.append((f"{y}{column_word(channel)}等", f"該年{credit(channel)}的，從下拉列表選 是；沒有就不填"))
    minutes = f"（沒有學時標準的填分鐘，按 {policy.minutes_per_hour} 分鐘計 1 學時）" if policy.minutes_per_hour else ""
    rows.append(
        (
            "學習記錄表",
            "可選：一條記錄一行，用身份證號（或序號、姓名）對應花名冊裡的人，寫明計入年度、學習日期、"
            f"培訓渠道、科目和學時{minutes}；培訓渠道和科目從下拉列表選",
        )
    )
    # One channel a row: the 學習記錄 sheet's drop-down list reads these cells.
    rows += [(CHANNELS_ROW if i == 0 else "", c.name) for i, c in enumerate(policy.channels.values())]
    rows.append(("科目可填", "、".join(_subjects())))
    rows.append(("示例", f"姓名以「{EXAMPLE}」開頭的行是示例，檢查時會跳過；可以直接刪去"))
    rows.append(("注意", "表頭要在前10行之內；列的順序可以調換；其他的列（聯繫電話、備註等）不影響檢查"))
    more = more_headers(policy)
    if more:
        rows.append(
            ("更多情況", f"{y}年度的規則用不到以下各列，模板裡沒有列出；需要時可以在花名冊裡加上這一列，列名照寫")
        )
        rows += [(h, _how(policy, h)) for h in more]
    return rows


def _in(script: str):
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}, not {script!r}")
    return to_hans if script == "hans" else (lambda text: text)


def _width(text: str) -> int:
    return max(8, sum(2 if ord(c) > 0x2E80 else 1 for c in text) + 2)


def _validation(
    sheet,
    first_row: int,
    column: int,
    title: str,
    how: str,
    choices=None,
    source=None,
    t=str,
    rows: int = ROWS,
    year: bool = False,
) -> None:
    """A column's drop-down list (from `choices`, or a range `source`), or only its input
    message, over `rows` rows; what the officer reads in the script of the template. A
    column of one `year` warns of anything but a year."""
    options = {"input_title": t(title)[:32], "input_message": t(how)[:255]}
    if year:  # a warning only, as for the ID number: the check says what is wrong
        options.update(
            validate="integer",
            criteria="between",
            minimum=FIRST_YEAR,
            maximum=LAST_YEAR,
            error_type="warning",
            error_title=t(f"「{title}」應該是年份")[:32],
            error_message=t("請填四位數的年份")[:255],
        )
    elif title == "身份證號":  # a warning only: the check names a wrong number with its reason
        options.update(
            validate="length",
            criteria="==",
            value=18,
            error_type="warning",
            error_title=t("身份證號不是18位")[:32],
            error_message=t("身份證號應該是18位，請核對")[:255],
        )
    elif choices is None and source is None:
        options["validate"] = "any"
    else:
        shown = "、".join(t(c) for c in choices) if choices else ""
        options.update(
            validate="list",
            source=[t(c) for c in choices] if choices else source,
            error_type="stop",
            error_title=t(f"「{title}」填寫有誤")[:32],
            error_message=t(f"請從下拉列表中選擇{('：' + shown) if shown else ''}")[:255],
        )
    sheet.data_validation(first_row, column, first_row + rows - 1, column, options)


def template_xlsx(notice: int | Policy, script: str = "hant") -> bytes:
    """The template as .xlsx, every text in `script` ("hant" or "hans")."""
    import xlsxwriter

    t = _in(script)
    policy = _policy(notice)
    headers = person_headers(policy)
    title = t(f"{policy.year}年專業技術人員繼續教育培訓花名冊")
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    # A fixed date, not the time of writing: the same rules give the same bytes.
    book.set_properties({"title": title, "created": datetime(1980, 1, 1)})
    bold = book.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1})
    text = book.add_format({"num_format": "@"})  # 身份證號 as text, never a number
    sheet = book.add_worksheet(t(SHEET))
    records = book.add_worksheet(t(RECORDS_SHEET))
    guide = book.add_worksheet(t(INSTRUCTIONS_SHEET))

    # The 填寫說明 sheet first: the channels' drop-down list reads its cells.
    guide.write_string(0, 0, t("列名"), bold)
    guide.write_string(0, 1, t("怎樣填寫"), bold)
    instructions = _instructions(policy)
    for r, (name, how) in enumerate(instructions, 1):
        if name:
            guide.write_string(r, 0, t(name))
        guide.write_string(r, 1, t(how))
    # The channels' list is a range of these rows, not a list written into the rule: a year's
    # channel names may be longer than the 255 characters Excel allows there, or hold a comma.
    start = 1 + [name for name, _ in instructions].index(CHANNELS_ROW)
    channel_source = f"='{t(INSTRUCTIONS_SHEET)}'!$B${start + 1}:$B${start + len(policy.channels)}"
    guide.set_column(0, 0, 20)
    guide.set_column(1, 1, 90)

    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    sheet.write_string(1, 0, t("填報單位："))
    first = HEADER_ROW + 1
    for c, header in enumerate(headers):
        sheet.write_string(HEADER_ROW, c, t(header), bold)
        sheet.set_column(c, c, _width(t(header)), text if header == "身份證號" else None)
        circumstance = _circumstance(policy, header)
        one_year = bool(circumstance and circumstance.kind == "year")
        _validation(sheet, first, c, header, _how(policy, header), _choices(policy, header), t=t, year=one_year)
    sheet.set_column(0, 0, 6)
    id_column = headers.index("身份證號")
    sheet.set_column(id_column, id_column, 21, text)
    for r, example in enumerate(_examples(policy), first):
        for c, header in enumerate(headers):
            value = example.get(header)
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, t(value))
    sheet.freeze_panes(first, 2)

    columns = record_headers(policy)
    for c, header in enumerate(columns):
        records.write_string(0, c, t(header), bold)
        records.set_column(c, c, _width(t(header)), text if header == "身份證號" else None)
    records.set_column(columns.index("身份證號"), columns.index("身份證號"), 21, text)
    records.set_column(columns.index("培訓渠道"), columns.index("培訓渠道"), 30)
    for header, value in _record_example(policy).items():
        if isinstance(value, int):
            records.write_number(1, columns.index(header), value)
        elif value:
            records.write_string(1, columns.index(header), t(value))
    _validation(
        records,
        1,
        columns.index("培訓渠道"),
        "培訓渠道",
        "通知所列的培訓渠道，從下拉列表選",
        source=channel_source,
        t=t,
        rows=RECORD_ROWS,
    )
    _validation(
        records,
        1,
        columns.index("科目"),
        "科目",
        "從下拉列表選：" + "、".join(_subjects()),
        _subjects(),
        t=t,
        rows=RECORD_ROWS,
    )
    records.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def template_csv(notice: int | Policy, script: str = "hant") -> bytes:
    """The people sheet's header and the two example rows, UTF-8 with BOM, in `script`."""
    t = _in(script)
    policy = _policy(notice)
    headers = person_headers(policy)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t(h) for h in headers])
    for example in _examples(policy):
        writer.writerow([t(v) if isinstance(v := example.get(h, ""), str) else v for h in headers])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")

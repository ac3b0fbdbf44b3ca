"""Roster files made the way units make them, for the CPython tests (tests/test_roster.py)
and the browser tests, which upload the same files.

Each `write_*` function writes its file(s) into a folder and returns a `Fixture`: the paths,
and per person the spreadsheet row, the name and what the check must say — a status, or the
column of an error. Every expected status comes from the same person's case built here by
hand, exactly as docs/dev/contract.md's roster table says, and given to `calculator.check`; every
figure (hours, years, ages, dates) is read from the newest notice's rules, never written here.

    from roster_fixtures import write_all, write_ods, TODAY
    for fixture in write_all(tmp_path): ...   # .xlsx, .xls, GBK .csv, UTF-8-BOM .csv (+ records .csv)
    fixture = write_ods(tmp_path)             # .ods, as LibreOffice saves it

`Fixture.expected` lists (row, name, status) or (row, name, ("errors", column)); `Fixture.summary`
the counts the page's summary must show; `Fixture.unmatched` the rows of 學習記錄 naming nobody.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from calculator import available, check
from calculator.case import CompiledPolicies
from calculator.chinese import to_hans

POLICIES = CompiledPolicies()
NOTICE = max(y for y, status in available().items() if status == "published")
POLICY = POLICIES[NOTICE]
Y = POLICY.year
PUBLIC, PROFESSIONAL = POLICY.requirement["public"], POLICY.requirement["professional"]
MAKE_UP = tuple(POLICY.make_up.years) if POLICY.make_up else ()
TITLE_YEARS = tuple(POLICY.title_years["intermediate"])
SENIOR_YEARS = tuple(POLICY.title_years["senior"])
# The years whose columns a unit's roster carries: the notice's own, make-up and title years.
YEARS = sorted({Y, *MAKE_UP, *(y for years in POLICY.title_years.values() for y in years)})
WINDOW_START = POLICY.window.start if POLICY.window else date(Y, 1, 1)
WINDOW_END = POLICY.window.end if POLICY.window else date(Y, 12, 31)
# A day inside the notice's window: what "today" is for every fixture.
TODAY = WINDOW_START + (WINDOW_END - WINDOW_START) // 2
NOT_LIMITING_AGE = next(t for t in POLICY.age_tiers if t.effect == "not_limiting")
CHANNEL = {c.id: c.name for c in POLICY.channels.values()}
# A make-up year 100 minutes short: an exact fraction of an hour, shown rounded up to a tenth
# (docs/dev/contract.md, "What to do next"): 2.3 at 45 minutes an hour.
SHORT_MINUTES = 100
SHORT_SHOWN = math.ceil(SHORT_MINUTES * 10 / POLICY.minutes_per_hour) / 10


def id_number(birth: date, sequence: int, female: bool) -> str:
    """A made-up resident ID (GB 11643) with a valid checksum; its 17th digit is the sex."""
    digits = f"152921{birth:%Y%m%d}{sequence:02d}{(2 if female else 1) + 2 * (sequence % 4)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return digits + "10X98765432"[sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11]


def birth_for_age(age: int) -> date:
    """A birth date that makes someone `age` (and some months) on TODAY."""
    return date(TODAY.year - age - 1, 10, 1) if TODAY.month < 10 else date(TODAY.year - age, 1, 1)


def platform(year: int, subject: str, hours) -> dict:
    """A record as a `<year>公需` / `<year>專業` cell makes it (CONTRACT: platform, no date)."""
    return {"year": year, "channel": "platform", "subject": subject, "hours": hours}


@dataclass
class Person:
    name: str
    cells: dict  # header -> value, as written into the roster
    case: dict | None = None  # the case built by hand; None when a cell is bad
    error: str | None = None  # the column an error names
    records: list[dict] = field(default_factory=list)  # rows of the 學習記錄 sheet, header -> value
    row: int = 0

    @property
    def expected(self):
        if self.error:
            return ("errors", self.error)
        return check(self.case, TODAY)["status"]


@dataclass
class Fixture:
    name: str
    path: Path
    people: list[Person]
    records_path: Path | None = None  # a second file of records, when the roster has one
    unmatched: list[int] = field(default_factory=list)  # rows of 學習記錄 that name nobody

    @property
    def expected(self) -> list[tuple[int, str, object]]:
        """(row, name, status) or (row, name, ("errors", column)) per person, in order."""
        return [(p.row, p.name, p.expected) for p in self.people]

    @property
    def summary(self) -> dict:
        statuses = [p.expected for p in self.people]
        counts = {s: statuses.count(s) for s in ("met", "not_met", "not_required", "not_limiting")}
        return {"people": len(self.people), **counts, "errors": sum(isinstance(s, tuple) for s in statuses)}

    def case_of(self, row: int) -> dict | None:
        return next(p.case for p in self.people if p.row == row)


# --- the people ---------------------------------------------------------------------


def _people() -> list[Person]:
    """A unit's staff, each kind of row an officer writes."""
    y, last = Y, TITLE_YEARS
    old_woman = birth_for_age(NOT_LIMITING_AGE.female + 2)
    woman_id = id_number(old_woman, 11, female=True)
    man_birth = birth_for_age(NOT_LIMITING_AGE.male - 15)
    detail_birth = birth_for_age(NOT_LIMITING_AGE.male - 20)
    detail_id = id_number(detail_birth, 37, female=False)
    make_up_year = max(y2 for y2 in MAKE_UP if y2 in last) if set(MAKE_UP) & set(last) else last[0]
    studied = (WINDOW_START + timedelta(days=10)).isoformat()
    short_minutes = PROFESSIONAL * POLICY.minutes_per_hour - SHORT_MINUTES
    return [
        Person(
            "張三",
            {"查詢目的": "年度", f"{y}公需": PUBLIC, f"{y}專業": PROFESSIONAL},
            {
                "notice": y,
                "purpose": "annual",
                "records": [platform(y, "public", PUBLIC), platform(y, "professional", PROFESSIONAL)],
            },
        ),
        Person(
            "李四",
            {f"{y}公需": PUBLIC, f"{y}專業": PROFESSIONAL - 12, "聯繫電話": "13800000000"},
            {
                "notice": y,
                "purpose": "annual",
                "records": [platform(y, "public", PUBLIC), platform(y, "professional", PROFESSIONAL - 12)],
            },
        ),
        # Sex and birth date from the ID number alone; old enough that hours do not limit.
        Person(
            "王五",
            {"身份證號": woman_id, "查詢目的": "職稱評審", "申報級別": "中級"},
            {
                "notice": y,
                "purpose": "title",
                "level": "intermediate",
                "person": {"sex": "female", "birth_date": old_woman.isoformat()},
                "records": [],
            },
        ),
        # Every title year met, the notice year's professional hours in the 學習記錄 sheet (tied by name).
        Person(
            "趙六",
            {
                "性別": "男",
                "出生日期": man_birth,
                "查詢目的": "職稱評審",
                "申報級別": "中級",
                **{f"{t}公需": PUBLIC for t in last},
                **{f"{t}專業": PROFESSIONAL for t in last if t != y},
            },
            {
                "notice": y,
                "purpose": "title",
                "level": "intermediate",
                "person": {"sex": "male", "birth_date": man_birth.isoformat()},
                "records": [
                    *(platform(t, "public", PUBLIC) for t in last),
                    *(platform(t, "professional", PROFESSIONAL) for t in last if t != y),
                    {
                        "year": y,
                        "studied_on": studied,
                        "channel": "seminar",
                        "subject": "professional",
                        "hours": PROFESSIONAL,
                    },
                ],
            },
            records=[
                {
                    "姓名": "趙六",
                    "計入年度": y,
                    "學習日期": studied,
                    "培訓渠道": CHANNEL["seminar"],
                    "科目": "專業",
                    "學時": PROFESSIONAL,
                }
            ],
        ),
        Person(
            "錢七",
            {"性別": "女", "出生日期": "1990/5/6", "查詢目的": "職稱評審", "申報級別": "初級", "非公有制經濟領域": "√"},
            {
                "notice": y,
                "purpose": "title",
                "level": "junior",
                "person": {"sex": "female", "birth_date": "1990-05-06", "non_public": True},
                "records": [],
            },
        ),
        Person(
            "孫八",
            {"性別": "男", "出生日期": "1988年3月9日", "查詢目的": "職稱評審", "申報級別": "高級", "出站博士後": "是"},
            {
                "notice": y,
                "purpose": "title",
                "level": "senior",
                "person": {"sex": "male", "birth_date": "1988-03-09", "postdoc": True},
                "records": [],
            },
        ),
        Person("周九", {"身份證號": 1.52921197804e17, f"{y}公需": PUBLIC}, error="身份證號"),
        Person(
            "吳十",
            {"性別": "女", "出生日期": f"{y - 30}-02-30", "查詢目的": "職稱評審", "申報級別": "初級"},
            error="出生日期",
        ),
        Person("鄭一", {f"{y}公需": PUBLIC, f"{y}專業": -3}, error=f"{y}專業"),
        # Records in detail (tied by ID number): make-up studied in the window, minutes converted.
        Person(
            "馮二",
            {
                "身份證號": detail_id,
                "查詢目的": "職稱評審",
                "申報級別": "中級",
                **{f"{t}公需": PUBLIC for t in last},
                **{f"{t}專業": PROFESSIONAL for t in last if t != make_up_year},
            },
            {
                "notice": y,
                "purpose": "title",
                "level": "intermediate",
                "person": {"sex": "male", "birth_date": detail_birth.isoformat()},
                "records": [
                    *(platform(t, "public", PUBLIC) for t in last),
                    *(platform(t, "professional", PROFESSIONAL) for t in last if t != make_up_year),
                    {
                        "year": make_up_year,
                        "studied_on": studied,
                        "channel": "industry",
                        "subject": "professional",
                        "minutes": short_minutes,
                    },
                ],
            },
            records=[
                {
                    "身份證號": detail_id,
                    "計入年度": make_up_year,
                    "學習日期": studied,
                    "培訓渠道": to_hans(CHANNEL["industry"]),
                    "科目": "专业",
                    "分鐘": short_minutes,
                }
            ],
        ),
        Person(
            "陳二",
            {
                "查詢目的": "考核認定",
                "考核認定年度": f"{y - 1}、{y}",
                f"{y - 1}公需": PUBLIC,
                f"{y - 1}專業": PROFESSIONAL,
                f"{y}公需": PUBLIC,
                f"{y}專業": PROFESSIONAL,
            },
            {
                "notice": y,
                "purpose": "assessment",
                "assessment_years": [y - 1, y],
                "records": [
                    platform(y - 1, "public", PUBLIC),
                    platform(y - 1, "professional", PROFESSIONAL),
                    platform(y, "public", PUBLIC),
                    platform(y, "professional", PROFESSIONAL),
                ],
            },
        ),
    ]


# --- writing them ----------------------------------------------------------------------

PERSON_HEADERS = [
    "序號",
    "姓名",
    "性別",
    "出生日期",
    "身份證號",
    "工作單位",
    "查詢目的",
    "申報級別",
    "非公有制經濟領域",
    "出站博士後",
    "考核認定年度",
    "聯繫電話",
]
RECORD_HEADERS = ["身份證號", "姓名", "計入年度", "學習日期", "培訓渠道", "科目", "學時", "分鐘"]
UNIT = "阿拉善盟某某中心"


def _year_headers() -> list[str]:
    return [f"{y}{kind}" for y in YEARS for kind in ("公需", "專業")]


def _value(person: Person, header: str, serial: int):
    if header == "序號":
        return serial
    if header == "姓名":
        return person.name
    if header == "工作單位":
        return UNIT
    return person.cells.get(header)


def _detail_rows(people: list[Person]) -> list[dict]:
    rows = [r for p in people for r in p.records]
    rows.append({"姓名": "查無此人", "計入年度": Y, "培訓渠道": CHANNEL["platform"], "科目": "公需", "學時": 1})
    return rows


def write_xlsx(folder: Path) -> Fixture:
    """花名冊.xlsx as a unit makes it: a title row and 「填報單位：」 above a two-row header whose
    merged 「學時」 cell spans the year columns, the other headers merged down over both rows,
    a date cell, a note under the table, and a 學習記錄 sheet of records in detail."""
    import xlsxwriter

    people = _people()
    path = Path(folder) / "花名冊.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("花名冊")
    bold = book.add_format({"bold": True, "align": "center"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    years = _year_headers()
    headers = PERSON_HEADERS + years + ["備註"]
    sheet.merge_range(0, 0, 0, len(headers) - 1, f"{Y}年專業技術人員繼續教育培訓花名冊", bold)
    sheet.write_string(1, 0, f"填報單位：{UNIT}（蓋章）")
    for c, header in enumerate(headers):
        if header in years:
            continue
        sheet.merge_range(2, c, 3, c, header, bold)
    first_year = len(PERSON_HEADERS)
    sheet.merge_range(2, first_year, 2, first_year + len(years) - 1, "學時", bold)
    for c, header in enumerate(years, first_year):
        sheet.write_string(3, c, header, bold)
    for i, person in enumerate(people):
        person.row = 5 + i
        for c, header in enumerate(headers):
            value = _value(person, header, i + 1)
            if isinstance(value, date):
                sheet.write_datetime(person.row - 1, c, value, day)
            elif isinstance(value, (int, float)):
                sheet.write_number(person.row - 1, c, value)
            elif value:
                sheet.write_string(person.row - 1, c, str(value))
    sheet.write_string(5 + len(people), 0, "填表人：張某   審核人：李某")
    records = book.add_worksheet("學習記錄")
    _write_records(records, _detail_rows(people))
    book.close()
    unmatched = [1 + len(_detail_rows(people))]
    return Fixture("xlsx", path, people, unmatched=unmatched)


def _write_records(sheet, rows: list[dict]) -> None:
    for c, header in enumerate(RECORD_HEADERS):
        sheet.write_string(0, c, header)
    for r, row in enumerate(rows, 1):
        for c, header in enumerate(RECORD_HEADERS):
            value = row.get(header)
            if isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, str(value))


def write_xls(folder: Path) -> Fixture:
    """花名冊.xls as older Excel saves it (BIFF8, written with xlwt): one header row, Traditional."""
    import xlwt

    people = [p for p in _people() if not p.records]
    path = Path(folder) / "花名冊.xls"
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名冊")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    headers = PERSON_HEADERS + _year_headers()
    sheet.write(0, 0, f"{Y}年專業技術人員繼續教育培訓花名冊")
    for c, header in enumerate(headers):
        sheet.write(1, c, header)
    for i, person in enumerate(people):
        person.row = 3 + i
        for c, header in enumerate(headers):
            value = _value(person, header, i + 1)
            if isinstance(value, date):
                sheet.write(person.row - 1, c, value, day)
            elif value is not None and value != "":
                sheet.write(person.row - 1, c, value)
    book.save(str(path))
    return Fixture("xls", path, people)


def _csv_text(people: list[Person], headers: dict[str, str], title: bool, cell=lambda header, value: value) -> str:
    """The people as CSV text; `headers` maps each contract header to the header as written,
    `cell` how a value is written under it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    if title:
        writer.writerow([f"{Y}年專業技術人員繼續教育培訓花名冊"] + [""] * (len(headers) - 1))
    writer.writerow(list(headers.values()))
    first = 3 if title else 2
    for i, person in enumerate(people):
        person.row = first + i
        row = []
        for header in headers:
            value = _value(person, header, i + 1)
            if isinstance(value, float) and header == "身份證號":
                value = f"{value:.5E}"  # as Excel writes a number it shows as 1.52921E+17
            elif isinstance(value, date):
                value = value.isoformat()
            row.append("" if value is None else cell(header, value))
        writer.writerow(row)
    return out.getvalue()


def _as_written(people: list[Person], headers: dict[str, str]) -> None:
    """An error's column as the officer sees the header (without its spaces)."""
    for person in people:
        if person.error:
            person.error = "".join(headers[person.error].split())


def write_gbk_csv(folder: Path) -> Fixture:
    """花名冊.csv as Excel and WPS save 「CSV（逗號分隔）」 on Chinese Windows: GBK, Simplified
    headers and words (职称评审, 中级, 是), a title row, an ID number already turned into 1.52921E+17."""
    people = [p for p in _people() if not p.records]
    headers = {h: to_hans(h) for h in PERSON_HEADERS + _year_headers()}
    path = Path(folder) / "花名冊-GBK.csv"
    text = _csv_text(
        people, headers, title=True, cell=lambda h, v: to_hans(v) if isinstance(v, str) and h != "姓名" else v
    )
    path.write_bytes(text.encode("gbk"))
    _as_written(people, headers)
    return Fixture("gbk_csv", path, people)


def write_bom_csv(folder: Path) -> Fixture:
    """花名冊.csv in UTF-8 with BOM (Excel's 「CSV UTF-8」): Traditional headers with spaces and
    full-width digits, full-width digits in the hours, and the records in a second file."""
    people = _people()
    headers = {h: " ".join(h) if len(h) <= 4 else h for h in PERSON_HEADERS}
    headers.update({h: _full_width(h) for h in _year_headers()})
    path = Path(folder) / "花名冊-UTF8.csv"
    text = _csv_text(
        people,
        headers,
        title=False,
        cell=lambda h, v: _full_width(str(v)) if h in _year_headers() and isinstance(v, int) else v,
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    _as_written(people, headers)
    records = Path(folder) / "學習記錄.csv"
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RECORD_HEADERS)
    rows = _detail_rows(people)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row[h] for h in RECORD_HEADERS])
    records.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return Fixture("bom_csv", path, people, records_path=records, unmatched=[1 + len(rows)])


FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def _full_width(text: str) -> str:
    return text.translate(FULL_WIDTH)


def write_ods(folder: Path) -> Fixture:
    """花名冊.ods as LibreOffice or WPS saves OpenDocument (written here by hand: a zip of
    content.xml), a title row above one header row."""
    people = [p for p in _people() if not p.records]
    headers = PERSON_HEADERS + _year_headers()
    rows = [[f"{Y}年專業技術人員繼續教育培訓花名冊"], headers]
    for i, person in enumerate(people):
        person.row = 3 + i
        rows.append([_value(person, h, i + 1) for h in headers])
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
    path = Path(folder) / "花名冊.ods"
    save_ods(path, body)
    return Fixture("ods", path, people)


def ods_cell(value, spans: str = "") -> str:
    """One cell of an OpenDocument table as LibreOffice writes it (`spans`: its span attributes)."""
    from xml.sax.saxutils import escape

    if isinstance(value, date):
        return f'<table:table-cell{spans} office:value-type="date" office:date-value="{value.isoformat()}"><text:p>{value}</text:p></table:table-cell>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell{spans} office:value-type="float" office:value="{value!r}"><text:p>{value}</text:p></table:table-cell>'
    if value:
        return f'<table:table-cell{spans} office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'
    return f"<table:table-cell{spans}/>"


def save_ods(path: Path, table: str, name: str = "花名冊") -> None:
    """An .ods of one sheet `name` whose table holds `table` (columns and rows, as XML)."""
    import zipfile

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="{name}">{table}</table:table></office:spreadsheet></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")  # first, stored
        book.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        book.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def write_all(folder: Path) -> list[Fixture]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_xlsx(folder), write_xls(folder), write_gbk_csv(folder), write_bom_csv(folder)]

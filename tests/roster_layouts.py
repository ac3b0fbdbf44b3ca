"""Rosters laid out the way units really type them, each beside the same people written in the
template's own headers (tests/test_roster_layouts.py compares the two).

A layout is a grid of cells (rows of text, numbers and dates), with merged ranges and hidden
columns, written as .xlsx, .xls, .ods or CSV (UTF-8, UTF-8 with BOM, GBK). The people and every
figure come from the newest notice's rules through tests/roster_fixtures.py, never written here.

    for layout in LAYOUTS: path = layout.write(folder)          # the unit's file
    canonical_csv(layout)                                        # the same people, the template's headers
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from roster_fixtures import (
    NOT_LIMITING_AGE,
    POLICY,
    PROFESSIONAL,
    PUBLIC,
    TITLE_YEARS,
    Y,
    birth_for_age,
    id_number,
    ods_cell,
    save_ods,
)

from calculator.chinese import to_hans

# The years whose hours a unit's roster carries for a title application, and the notice year's alone.
TITLE = tuple(sorted(set(TITLE_YEARS)))
OWN = (Y,)
YOUNGEST_LIMITED = min(t.male for t in POLICY.age_tiers) - 10  # an age no age rule reaches


@dataclass
class Staff:
    """One person of the unit, as the template would hold them."""

    name: str
    sex: str  # 男 / 女
    birth: date
    purpose: str  # 年度 / 職稱評審
    level: str  # "" / 初級 / 中級 / 高級
    hours: dict  # year -> (public, professional)
    sequence: int = 0

    @property
    def id(self) -> str:
        return id_number(self.birth, self.sequence, self.sex == "女")


def staff() -> list[Staff]:
    """Twenty people: each purpose and level, met and short, young and of every age tier."""
    people = []
    names = [
        "王芳",
        "李娜",
        "張偉",
        "劉洋",
        "陳靜",
        "楊帆",
        "趙磊",
        "黃敏",
        "周傑",
        "吳昊",
        "徐麗",
        "孫濤",
        "胡軍",
        "朱琳",
        "高峰",
        "林霞",
        "何勇",
        "郭穎",
        "馬超",
        "羅蘭",
    ]
    levels = ["", "初級", "中級", "高級"]
    for i, name in enumerate(names):
        female = i % 2 == 0
        age = (
            YOUNGEST_LIMITED + i % 7 if i % 5 else NOT_LIMITING_AGE.female + 1 if female else NOT_LIMITING_AGE.male - 3
        )
        level = levels[i % 4]
        short = i % 3 == 1
        hours = {}
        for y in TITLE:
            public = PUBLIC - (7 if short and y == Y else 0)
            professional = PROFESSIONAL - (15 if short and y != Y else 0) + (i % 4)
            hours[y] = (public, professional)
        people.append(
            Staff(
                name,
                "女" if female else "男",
                birth_for_age(age),
                "職稱評審" if level else "年度",
                level,
                hours,
                sequence=10 + i,
            )
        )
    return people


@dataclass
class Grid:
    """A sheet as typed: rows of cells (0-based), merged ranges (first row, first column, last
    row, last column, inclusive) and hidden columns (0-based)."""

    rows: list[list]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)


@dataclass
class Layout:
    """A unit's roster: how it is written, what it holds, and what the check must say of it."""

    name: str
    grid: Callable[[list[Staff]], Grid]
    kind: str  # xlsx, xls, ods, csv, bom_csv, gbk_csv
    years: tuple = OWN  # the years whose hours it holds
    fields: tuple = ("身份證號",)  # the person columns it holds, as the template names them
    refused: str | None = None  # a phrase of the message when the file must be refused
    warnings: tuple = ()  # the kinds of warning it must carry
    skipped: int = 0  # how many rows must be skipped as not people
    errors: tuple = ()  # names of the people whose row must have an error

    def write(self, folder: Path) -> Path:
        grid = self.grid(staff())
        suffix = {"bom_csv": "csv", "gbk_csv": "csv"}.get(self.kind, self.kind)
        path = Path(folder) / f"{self.name}.{suffix}"
        WRITERS[self.kind](grid, path)
        return path


# --- the cells of a person, as the template or a unit writes them ---------------------------


def person_cells(person: Staff, serial: int, fields: tuple) -> dict:
    cells = {"序號": serial, "姓名": person.name}
    written = {
        "身份證號": person.id,
        "性別": person.sex,
        "出生日期": person.birth,
        "查詢目的": person.purpose,
        "申報級別": person.level,
    }
    cells.update({f: written[f] for f in fields})
    return cells


def canonical_csv(layout: Layout) -> bytes:
    """The same people, with the same columns, in the template's own headers (UTF-8 CSV)."""
    headers = ["序號", "姓名", *layout.fields] + [f"{y}{k}" for y in layout.years for k in ("公需", "專業")]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for i, person in enumerate(staff(), 1):
        cells = person_cells(person, i, layout.fields)
        for y in layout.years:
            cells[f"{y}公需"], cells[f"{y}專業"] = person.hours[y]
        writer.writerow([_text(cells.get(h)) for h in headers])
    return out.getvalue().encode("utf-8")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table(
    people: list[Staff],
    headers: list[str],
    fields: tuple,
    years: tuple,
    hours_header=lambda y, k: f"{y}{k}",
    cell=lambda header, value: value,
    total: str | None = None,
) -> list[list]:
    """Header row and body rows: `headers` are the person columns as written (parallel to
    ["序號", "姓名", *fields]), then each year's 公需 and 專業 (`hours_header`), then a total column
    if `total` names it."""
    head = list(headers) + [hours_header(y, k) for y in years for k in ("公需", "專業")] + ([total] if total else [])
    body = []
    for i, person in enumerate(people, 1):
        cells = person_cells(person, i, fields)
        row = [cell(key, cells[key]) for key in ("序號", "姓名", *fields)]
        for y in years:
            row += [cell("hours", h) for h in person.hours[y]]
        if total:
            row.append(sum(sum(person.hours[y]) for y in years))
        body.append(row)
    return [head] + body


def simplified(headers):
    return [to_hans(h) for h in headers]


# --- the layouts --------------------------------------------------------------------------


def template(people):
    return Grid(table(people, ["序號", "姓名", "身份證號"], ("身份證號",), OWN))


def attachment(people, title=f"{Y}年专业技术人员继续教育培训花名册", total_row=True):
    """附件1's own layout: the year only in the title, subjects with 「（学时）」, 合计学时, a 合计 row."""
    rows = table(
        people,
        simplified(["序號", "姓名", "性別", "身份證號"]),
        ("性別", "身份證號"),
        OWN,
        hours_header=lambda y, k: to_hans(f"{k}科目（學時）"),
        total="合计学时",
    )
    width = len(rows[0])
    grid = [[title] + [None] * (width - 1), ["填报单位：阿拉善盟某某医院"] + [None] * (width - 1)] + rows
    if total_row:
        sums = [sum(r[c] for r in rows[1:]) for c in range(4, width)]
        grid.append(["合计", None, None, None, *sums])
    return Grid(grid, merged=[(0, 0, 0, width - 1)])


def merged_year_row(people, years=TITLE, spaced=False):
    """A year merged over 「公需科目学时 | 专业科目学时」, the other headers merged down over both rows."""
    names = (
        ["序 号", "姓 名", "身份证号", "查询目的", "申报级别"]
        if spaced
        else ["序号", "姓名", "身份证号", "查询目的", "申报级别"]
    )
    fields = ("身份證號", "查詢目的", "申報級別")
    top = names + [f"{y}年度" for y in years for _ in (0, 1)]
    bottom = [None] * len(names) + ["公需科目学时", "专业科目学时"] * len(years)
    body = table(
        people, names, fields, years, cell=lambda h, v: to_hans(v) if isinstance(v, str) and h != "姓名" else v
    )[1:]
    merged = [(0, c, 1, c) for c in range(len(names))] + [
        (0, len(names) + 2 * i, 0, len(names) + 2 * i + 1) for i in range(len(years))
    ]
    return Grid([top, bottom] + body, merged=merged)


def year_row_above(people, years=TITLE):
    """The years in a row of their own above a header row that names every column."""
    names = ["序号", "姓名", "身份证号", "查询目的", "申报级别"]
    fields = ("身份證號", "查詢目的", "申報級別")
    above = [None] * len(names) + [f"{y}年" for y in years for _ in (0, 1)]
    rows = table(
        people,
        names,
        fields,
        years,
        hours_header=lambda y, k: to_hans(f"{k}學時"),
        cell=lambda h, v: to_hans(v) if isinstance(v, str) and h != "姓名" else v,
    )
    merged = [(0, len(names) + 2 * i, 0, len(names) + 2 * i + 1) for i in range(len(years))]
    return Grid([above] + rows, merged=merged)


def with_rows(make, extra: Callable[[list[list]], list[list]]):
    def grid(people):
        made = make(people)
        made.rows = extra(made.rows)
        return made

    return grid


def total_row(rows):
    sums = [sum(r[c] for r in rows[1:] if isinstance(r[c], (int, float))) for c in range(3, len(rows[0]))]
    return rows + [[None, "合計", None, *sums]]


def nameless_total(rows):
    sums = [sum(r[c] for r in rows[1:] if isinstance(r[c], (int, float))) for c in range(3, len(rows[0]))]
    return rows + [[None, None, None, *sums]]


def serial_total(rows):
    sums = [sum(r[c] for r in rows[1:] if isinstance(r[c], (int, float))) for c in range(3, len(rows[0]))]
    return rows + [["合计", None, None, *sums]]


def example_rows(rows):
    return [rows[0], [None, "示例：張敏", None, PUBLIC, PROFESSIONAL], [None, "示例：李強", None, PUBLIC, 0]] + rows[1:]


def repeated_header(rows):
    return rows[:11] + [rows[0]] + rows[11:]


def spaced(space):
    def grid(people):
        return Grid(table(people, ["序號", space.join("姓名"), "身份證號"], ("身份證號",), OWN))

    return grid


DATED = ("性別", "出生日期", "查詢目的", "申報級別")


def dates(cell):
    def grid(people):
        return Grid(
            table(
                people, ["序號", "姓名", *DATED], DATED, TITLE, cell=lambda h, v: cell(v) if isinstance(v, date) else v
            )
        )

    return grid


def levels(words):
    def grid(people):
        fields = ("身份證號", "查詢目的", "申報級別")
        return Grid(
            table(
                people,
                ["序號", "姓名", "身份證號", "查詢目的", "申報級別"],
                fields,
                TITLE,
                cell=lambda h, v: words.get(v, v) if h == "申報級別" else v,
            )
        )

    return grid


def hours_with_unit(people):
    return Grid(
        table(
            people,
            ["序號", "姓名", "身份證號"],
            ("身份證號",),
            OWN,
            cell=lambda h, v: f"{v}学时" if h == "hours" else v,
        )
    )


def hidden_column(people):
    grid = Grid(table(people, ["序號", "姓名", "身份證號"], ("身份證號",), TITLE))
    grid.hidden = {3, 4}  # the first year's two columns
    return grid


def total_column_differs(people):
    rows = table(people, ["序號", "姓名", "身份證號"], ("身份證號",), OWN, total="合計學時")
    rows[3][-1] += 10  # one total mistyped
    return Grid(rows)


def other_order(people):
    """Columns in another order, with columns the roster does not read (職稱, 聯繫電話)."""
    rows = table(people, ["序號", "姓名", "身份證號", "出生日期", "性別"], ("身份證號", "出生日期", "性別"), OWN)
    order = [1, 6, 0, 5, 2, 4, 3]  # 姓名, Y專業, 序號, Y公需, 身份證號, 性別, 出生日期
    head = [rows[0][c] for c in order] + ["職稱", "聯繫電話"]
    return Grid([head] + [[r[c] for c in order] + ["工程師", "13800000000"] for r in rows[1:]])


def full_width_headers(people):
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    return Grid(
        table(
            people,
            ["序號", "姓名（必填）", "身份證號碼"],
            ("身份證號",),
            TITLE,
            hours_header=lambda y, k: f"{y}年度{k}科目學時".translate(wide),
        )
    )


def year_in_note(people):
    """The year in the header's bracketed note: 「公需科目（2024年度）」."""
    return Grid(
        table(
            people, ["序號", "姓名", "身份證號"], ("身份證號",), TITLE, hours_header=lambda y, k: f"{k}科目（{y}年度）"
        )
    )


def fill_date_above(people):
    """填報日期 above the header: a date, not the year of the hours; years written in the headers."""
    rows = table(people, ["序號", "姓名", "身份證號"], ("身份證號",), OWN)
    return Grid([[f"填報日期：{Y + 1}年1月5日"], ["填報單位：某某局"]] + rows)


def two_row_hours(people):
    """A merged 「學時」 over the year columns named in the row below."""
    names = ["序號", "姓名", "身份證號"]
    head = table(people, names, ("身份證號",), TITLE)
    top = names + ["學時"] * (len(head[0]) - len(names))
    bottom = [None] * len(names) + head[0][len(names) :]
    merged = [(0, c, 1, c) for c in range(len(names))] + [(0, len(names), 0, len(head[0]) - 1)]
    return Grid([top, bottom] + head[1:], merged=merged)


def mixture(people):
    """What a unit really sends: a title, spaced merged headers over a year row, the template's
    example rows left in, a total row."""
    grid = merged_year_row(people, spaced=True)
    width = len(grid.rows[0])
    sums = [sum(r[c] for r in grid.rows[2:]) for c in range(5, width)]
    grid.rows = (
        [[f"{Y}年专业技术人员继续教育培训花名册"] + [None] * (width - 1)]
        + grid.rows[:2]
        + [[None, "示例：张敏", None, "年度", None, *([1] * (width - 5))]]
        + grid.rows[2:]
        + [["合计", None, None, None, None, *sums]]
    )
    grid.merged = [(0, 0, 0, width - 1)] + [(r + 1, c, r2 + 1, c2) for r, c, r2, c2 in grid.merged]
    return grid


def no_year_anywhere(people):
    return Grid(table(people, ["序號", "姓名"], (), OWN, hours_header=lambda y, k: f"{k}科目"))


def title_of_years(people):
    return attachment(people, title=f"{TITLE[0]}—{TITLE[-1]}年度专业技术人员继续教育培训花名册")


def date_only_title(people):
    return attachment(people, title=f"填报日期：{Y}年12月1日", total_row=False)


def hours_in_clock_hours(people):
    rows = table(people, ["序號", "姓名", "身份證號"], ("身份證號",), OWN)
    rows[2][3] = f"{rows[2][3]}小時"
    return Grid(rows)


def senior_written(word):
    return levels({"高級": word})


LAYOUTS = [
    Layout("template-csv", template, "csv"),
    Layout("template-xlsx", template, "xlsx"),
    Layout("template-xls", template, "xls"),
    Layout("template-ods", template, "ods"),
    Layout("template-gbk", template, "gbk_csv"),
    Layout("template-bom", template, "bom_csv"),
    Layout(
        "attachment-xlsx", attachment, "xlsx", fields=("性別", "身份證號"), warnings=("year_from_title",), skipped=1
    ),
    Layout("attachment-xls", attachment, "xls", fields=("性別", "身份證號"), warnings=("year_from_title",), skipped=1),
    Layout(
        "attachment-gbk", attachment, "gbk_csv", fields=("性別", "身份證號"), warnings=("year_from_title",), skipped=1
    ),
    Layout("merged-year-row-xlsx", merged_year_row, "xlsx", TITLE, ("身份證號", "查詢目的", "申報級別")),
    Layout("merged-year-row-xls", merged_year_row, "xls", TITLE, ("身份證號", "查詢目的", "申報級別")),
    Layout("merged-year-row-ods", merged_year_row, "ods", TITLE, ("身份證號", "查詢目的", "申報級別")),
    Layout("year-row-above", year_row_above, "xlsx", TITLE, ("身份證號", "查詢目的", "申報級別")),
    Layout("total-row", with_rows(template, total_row), "xlsx", skipped=1),
    Layout("total-in-serial", with_rows(template, serial_total), "bom_csv", skipped=1),
    Layout("nameless-total", with_rows(template, nameless_total), "xlsx", skipped=1),
    Layout("example-rows", with_rows(template, example_rows), "xlsx", skipped=2),
    Layout("repeated-header", with_rows(template, repeated_header), "xlsx", skipped=1),
    Layout("spaced-name", spaced(" "), "csv"),
    Layout("full-width-space-name", spaced("\u3000"), "xlsx"),
    Layout("eight-digit-dates-text", dates(lambda d: f"{d:%Y%m%d}"), "csv", TITLE, DATED),
    Layout("eight-digit-dates-number", dates(lambda d: int(f"{d:%Y%m%d}")), "xlsx", TITLE, DATED),
    Layout("dotted-dates", dates(lambda d: f"{d.year}.{d.month}.{d.day}"), "gbk_csv", TITLE, DATED),
    Layout(
        "level-synonyms",
        levels({"高級": "副高級", "中級": "中级职称", "初級": "初級（助理級）"}),
        "xlsx",
        TITLE,
        ("身份證號", "查詢目的", "申報級別"),
    ),
    Layout("level-staff-grade", levels({"初級": "員級"}), "csv", TITLE, ("身份證號", "查詢目的", "申報級別")),
    Layout(
        "level-full-senior",
        senior_written("正高級"),
        "xlsx",
        TITLE,
        ("身份證號", "查詢目的", "申報級別"),
        warnings=("level_read_as",),
    ),
    Layout("hours-with-unit", hours_with_unit, "csv"),
    Layout("hidden-columns", hidden_column, "xlsx", TITLE, warnings=("hidden_columns",)),
    Layout("hidden-columns-ods", hidden_column, "ods", TITLE, warnings=("hidden_columns",)),
    Layout("total-column-differs", total_column_differs, "xlsx", warnings=("total_mismatch",)),
    Layout("other-order-and-columns", other_order, "xlsx", fields=("身份證號", "出生日期", "性別")),
    Layout("full-width-headers", full_width_headers, "xlsx", TITLE),
    Layout("fill-date-above", fill_date_above, "xlsx"),
    Layout("year-in-note", year_in_note, "bom_csv", TITLE),
    Layout("two-row-hours", two_row_hours, "xlsx", TITLE),
    Layout("mixture", mixture, "xlsx", TITLE, ("身份證號", "查詢目的", "申報級別"), skipped=2),
    Layout("no-year-anywhere", no_year_anywhere, "xlsx", fields=(), refused="是哪一年的學時"),
    Layout("title-of-years", title_of_years, "xlsx", fields=("性別", "身份證號"), refused="不止一個年份"),
    Layout("date-only-title", date_only_title, "csv", fields=("性別", "身份證號"), refused="是哪一年的學時"),
    Layout("clock-hours", hours_in_clock_hours, "xlsx", errors=(staff()[1].name,)),
]


# --- writing a grid -------------------------------------------------------------------------


def write_xlsx(grid: Grid, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("花名冊")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for r1, c1, r2, c2 in grid.merged:
        sheet.merge_range(r1, c1, r2, c2, grid.rows[r1][c1])
    for r, c, value in _unmerged_cells(grid):
        if isinstance(value, date):
            sheet.write_datetime(r, c, value, day)
        elif isinstance(value, str):
            sheet.write_string(r, c, value)
        else:
            sheet.write_number(r, c, value)
    for c in grid.hidden:
        sheet.set_column(c, c, None, None, {"hidden": True})
    book.close()


def write_xls(grid: Grid, path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名冊")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r1, c1, r2, c2 in grid.merged:
        sheet.write_merge(r1, r2, c1, c2, grid.rows[r1][c1])
    for r, c, value in _unmerged_cells(grid):
        sheet.write(r, c, value, day) if isinstance(value, date) else sheet.write(r, c, value)
    book.save(str(path))


def write_ods(grid: Grid, path: Path) -> None:
    """OpenDocument as LibreOffice saves it: spanned cells and covered cells for merges,
    collapsed columns for hidden ones."""
    starts = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in grid.merged}
    covered = _covered(grid) - set(starts)
    width = max(len(r) for r in grid.rows)

    def cell(r, c, value) -> str:
        if (r, c) in covered:
            return "<table:covered-table-cell/>"
        span = starts.get((r, c))
        return ods_cell(
            value, f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"' if span else ""
        )

    columns = "".join(
        '<table:table-column table:visibility="collapse"/>' if c in grid.hidden else "<table:table-column/>"
        for c in range(width)
    )
    body = "".join(
        "<table:table-row>"
        + "".join(cell(r, c, row[c] if c < len(row) else None) for c in range(width))
        + "</table:table-row>"
        for r, row in enumerate(grid.rows)
    )
    save_ods(path, columns + body)


def _unmerged_cells(grid: Grid):
    """(row, column, value) of each written cell outside the merged ranges (which are written
    as merges, with their first cell's value)."""
    covered = _covered(grid)
    return (
        (r, c, value)
        for r, row in enumerate(grid.rows)
        for c, value in enumerate(row)
        if value is not None and (r, c) not in covered
    )


def _covered(grid: Grid) -> set[tuple[int, int]]:
    """Every cell of the grid's merged ranges, first cells included."""
    return {(r, c) for r1, c1, r2, c2 in grid.merged for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}


def _csv(grid: Grid) -> str:
    """As Excel saves CSV: a merged cell's value in its first cell only, dates as shown."""
    covered = _covered(grid) - {(r1, c1) for r1, c1, _, _ in grid.merged}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for r, row in enumerate(grid.rows):
        writer.writerow(["" if (r, c) in covered else _text(v) for c, v in enumerate(row)])
    return out.getvalue()


WRITERS = {
    "xlsx": write_xlsx,
    "xls": write_xls,
    "ods": write_ods,
    "csv": lambda grid, path: path.write_bytes(_csv(grid).encode("utf-8")),
    "bom_csv": lambda grid, path: path.write_bytes(b"\xef\xbb\xbf" + _csv(grid).encode("utf-8")),
    "gbk_csv": lambda grid, path: path.write_bytes(_csv(grid).encode("gbk")),
}

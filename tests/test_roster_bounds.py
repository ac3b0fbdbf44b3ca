"""Hostile spreadsheets that are small files holding huge sheets: each is refused with a Chinese
message before any library builds it, as a person runs the CLI (a subprocess): exit 2, no
traceback or panic on standard error, and a bounded peak memory (the child's high-water resident
size, from the kernel), not a timed test."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from helpers import ROOT
from roster_fixtures import TODAY, Y

from calculator import roster
from calculator.roster import files

MEGABYTES = 400  # the interpreter with the roster's libraries is ≈ 75 MB; a refused file adds little


# The CLI as a person runs it, reporting its own peak resident memory once it is done.
# VmHWM, not ru_maxrss: Linux keeps the parent's ru_maxrss across fork and exec.
MEASURED = (
    "import re, sys\n"
    "from calculator.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read()\n"
    "sys.stderr.write('peak ' + re.search(r'VmHWM:\\s*([0-9]+)', status)[1])\n"
    "sys.exit(code)\n"
)


def run_roster(path: Path) -> tuple[int, dict, str, int]:
    """Exit code, JSON printed, standard error (without the peak line), and peak memory in MB."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "roster", str(path), "--json", "--today", TODAY.isoformat()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    stderr, _, peak = done.stderr.rpartition("peak ")
    return done.returncode, json.loads(done.stdout or "{}"), stderr, int(peak or 10**9) // 1024


def xlsx(path: Path, cells: dict[tuple[int, int], object], sheets: int = 1) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    for s in range(sheets):
        sheet = book.add_worksheet(f"表{s + 1}")
        for (r, c), value in cells.items():
            sheet.write(r, c, value)
    book.close()
    return path


def refused(path: Path, phrase: str) -> str:
    code, printed, stderr, peak = run_roster(path)
    assert code == 2, (code, printed, stderr[-500:])
    message = printed["errors"][0]["message"]
    assert phrase in message and "請" in message, message
    assert "Traceback" not in stderr and "panicked" not in stderr, stderr[-500:]
    assert peak < MEGABYTES, f"{peak} MB"
    return message


def test_a_cell_at_the_last_column_and_row_is_refused_not_an_abort(tmp_path):
    path = xlsx(tmp_path / "far.xlsx", {(0, 0): "姓名", (1_048_575, 16_383): 1})
    assert path.stat().st_size < 10_000
    refused(path, "太大")


def test_a_far_cell_inside_the_limits_is_refused_for_the_rectangle_it_makes(tmp_path):
    rows, columns = files.MAX_ROWS - 1000, files.MAX_COLUMNS - 1  # each within its own limit
    assert rows * columns > files.MAX_CELLS
    path = xlsx(tmp_path / "mid.xlsx", {(0, 0): "姓名", (rows - 1, columns - 1): 1})
    message = refused(path, "太大")
    assert f"{rows:,}" in message


def test_spaces_that_unpack_past_the_limit_are_refused(tmp_path):
    """A sheet of a few MB that unpacks to more than the limit (spaces compress to nothing)."""
    path = xlsx(tmp_path / "spaces.xlsx", {(0, 0): "姓名", (1, 0): "甲", (1, 1): 1})
    with zipfile.ZipFile(path) as book:
        parts = {i.filename: book.read(i) for i in book.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    spaces = b" " * (files.MAX_SHEET_XML + 1_000_000)
    parts[sheet] = parts[sheet].replace(b"<sheetData>", b"<sheetData>" + spaces, 1)
    del spaces
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    del parts
    assert path.stat().st_size < files.MAX_BYTES
    refused(path, "太大")


def test_many_sheets_without_a_roster_are_looked_through_only_so_far(tmp_path):
    path = xlsx(tmp_path / "sheets.xlsx", {(0, 0): "說明"}, sheets=files.MAX_SHEETS_TRIED * 4)
    refused(path, "找不到表頭")


@pytest.mark.parametrize("cells", [{(0, 0): "姓名", (0, 1): f"{Y}公需", (1, 0): "甲", (1, 1): 30}])
def test_a_usual_roster_still_reads_within_the_same_bounds(tmp_path, cells):
    code, printed, stderr, peak = run_roster(xlsx(tmp_path / "usual.xlsx", cells))
    assert code == 0 and printed["people"][0]["name"] == "甲" and not stderr
    assert peak < MEGABYTES


def test_rows_of_separators_only_do_not_count_toward_the_row_limit():
    """Excel saves a sheet whose cells were emptied as rows of 「,,,,」."""
    data = (f"姓名,{Y}公需,備註\n甲,30,\n" + ",,\n" * (files.MAX_ROWS + 10)).encode()
    report = roster.check_file(data, "r.csv", today=TODAY)
    assert [p["name"] for p in report["people"]] == ["甲"]


def _with_a_date_past_any_calendar(path: Path) -> Path:
    """A roster of three whose middle person's birth date cell, date-formatted, holds -1E+308
    (Excel shows it as ####): the date libraries cannot convert it."""
    people = [("甲", date(1980, 1, 1)), ("乙", -1e308), ("丙", date(1981, 2, 3))]
    headers = ["序號", "姓名", "性別", "出生日期", f"{Y}公需", f"{Y}專業"]
    if path.suffix == ".xls":
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("花名冊")
        day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
        write = lambda r, c, v, style=None: sheet.write(r, c, v, style) if style else sheet.write(r, c, v)  # noqa: E731
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("花名冊")
        day = book.add_format({"num_format": "yyyy-mm-dd"})

        def write(r, c, v, style=None):
            return sheet.write_number(r, c, v, style) if isinstance(v, float) else sheet.write(r, c, v, style)

    for c, header in enumerate(headers):
        write(0, c, header)
    for r, (name, born) in enumerate(people, 1):
        for c, value in enumerate([r, name, "男", born, 30, 60]):
            write(r, c, value, day if c == 3 else None)
    if path.suffix == ".xls":
        book.save(str(path))
    else:
        book.close()
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_date_past_any_calendar_loses_its_row_only_and_says_so(tmp_path, suffix):
    code, printed, stderr, peak = run_roster(_with_a_date_past_any_calendar(tmp_path / f"r{suffix}"))
    assert code == 0, printed
    assert "panicked" not in stderr and "Traceback" not in stderr, stderr[-500:]
    assert [(p["row"], p["name"]) for p in printed["people"]] == [(2, "甲"), (4, "丙")]
    said = [w for w in printed["warnings"] if w["row"] == 3]
    assert said and "第3行" in said[0]["message"] and "沒有檢查" in said[0]["message"], printed["warnings"]


@pytest.mark.parametrize(("rows", "columns"), [(200_000, 400), (1_000_000, 16_000)])
def test_an_ods_of_repeated_empty_cells_above_one_cell_is_refused_before_it_is_built(tmp_path, rows, columns):
    """An .ods writes a run of empty rows or cells once, with a repeat count: under a kilobyte
    of file that builds rows x columns cells."""
    from roster_fixtures import ods_cell, save_ods

    table = (
        "<table:table-row>" + ods_cell("姓名") + ods_cell(f"{Y}公需") + "</table:table-row>"
        "<table:table-row>" + ods_cell("甲") + ods_cell(30) + "</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{columns}"/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="{columns}"/>{ods_cell(1)}</table:table-row>'
    )
    path = tmp_path / "far.ods"
    save_ods(path, table)
    assert path.stat().st_size < 2_000
    assert f"{rows + 3:,}" in refused(path, "太大")


def test_an_ods_whose_empty_rows_run_to_the_sheets_end_is_read(tmp_path):
    """LibreOffice writes a formatted sheet's empty rest as one row repeated a million times."""
    from roster_fixtures import ods_cell, save_ods

    table = (
        "<table:table-row>"
        + ods_cell("姓名")
        + ods_cell(f"{Y}公需")
        + '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>'
        "<table:table-row>"
        + ods_cell("甲")
        + ods_cell(30)
        + '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    save_ods(tmp_path / "r.ods", table)
    code, printed, stderr, peak = run_roster(tmp_path / "r.ods")
    assert code == 0 and [p["name"] for p in printed["people"]] == ["甲"] and not stderr
    assert peak < MEGABYTES


def test_an_xls_with_a_cell_at_its_last_row_and_column_is_refused_before_it_is_built(tmp_path):
    """Excel 97–2003's farthest cell, IV65536: a 6 KB file that calamine builds into 1.2 GB."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名冊")
    for c, value in enumerate(["姓名", f"{Y}公需"]):
        sheet.write(0, c, value)
        sheet.write(1, c, ["甲", 30][c])
    sheet.write(65_535, 255, 1)
    path = tmp_path / "far.xls"
    book.save(str(path))
    assert path.stat().st_size < 10_000
    assert "65,536" in refused(path, "太大")

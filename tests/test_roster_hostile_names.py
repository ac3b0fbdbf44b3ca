"""Names a spreadsheet can hold and a text cannot: a file name that is not UTF-8 (as a Linux
file system allows), control characters in a person's name. The CLI answers without a
traceback, its JSON is UTF-8, and the exports read back with the project's own reader."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import openpyxl
from helpers import ROOT
from roster_fixtures import TODAY, Y

from calculator import roster


def write(path: bytes, name: str) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(os.fsdecode(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", f"{Y}公需"])
    sheet.write_row(1, 0, [name, 30])
    book.close()


def run(*args: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"calculator", b"roster", *args, b"--today", TODAY.isoformat().encode()],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )


def test_a_file_name_that_is_not_utf8_and_a_name_with_control_characters(tmp_path):
    path = os.fsencode(tmp_path) + b"/\xb9\xa4\xd7\xca.xlsx"  # 工資 in GBK: not UTF-8
    write(path, "張\x00三\x01")
    for output in (b"out.xlsx", b"out.csv"):
        done = run(path, b"-o", os.fsencode(tmp_path / output.decode()))
        assert done.returncode == 0 and not done.stderr, done.stderr[-500:]
    done = run(path, b"--json")
    assert done.returncode == 0 and not done.stderr
    printed = json.loads(done.stdout.decode("utf-8"))  # UTF-8 throughout
    assert printed["people"][0]["name"] == "張\u0000三\u0001"  # as written, escaped by JSON
    exported = (tmp_path / "out.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[1][2] == "張三"
    report = roster.check_file(exported, "out.csv", today=TODAY)  # the export reads back
    assert report["people"] and "errors" not in report["people"][0]
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.worksheets[0].cell(5, 3).value == "張三"


def test_the_excel_export_says_what_was_read(tmp_path):
    path = os.fsencode(tmp_path) + b"/roster.xlsx"
    write(path, "甲")
    with open(path, "rb") as file:
        report = roster.check_file(file.read(), "roster.xlsx", today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(roster.to_xlsx(report)))
    said = book.worksheets[-1]
    texts = [c.value for row in said.iter_rows() for c in row if c.value]
    assert said.title == "讀取說明" and f"{Y}公需" in texts and f"{Y}年公需科目學時" in texts

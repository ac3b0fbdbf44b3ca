"""A unit's roster checked at once (docs/dev/contract.md, "A unit's roster"): every row's result is the
engine's result for the same case built by hand; bad cells are named by row and column; files
that cannot be read get a message, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date

import pytest
import roster_fixtures as F
from helpers import ROOT
from python_calamine import CalamineWorkbook

from calculator import check_or_errors, roster
from calculator.roster import cells, columns, files, idcard
from calculator.roster.problems import CellError

Y, TODAY = F.Y, F.TODAY


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return F.write_all(tmp_path_factory.mktemp("rosters"))


def check(fixture, **options):
    records = (fixture.records_path.read_bytes(), fixture.records_path.name) if fixture.records_path else None
    return roster.check_file(fixture.path.read_bytes(), fixture.path.name, records=records, today=TODAY, **options)


def table(headers: list, *rows: list, title: bool = False) -> bytes:
    """A small .xlsx: optional title rows, a header row, data rows."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("花名冊")
    offset = 0
    if title:
        sheet.write_string(0, 0, f"{Y}年專業技術人員繼續教育培訓花名冊")
        sheet.write_string(1, 0, "填報單位：某單位")
        offset = 2
    for r, row in enumerate([headers, *rows]):
        for c, value in enumerate(row):
            if isinstance(value, (int, float)):
                sheet.write_number(r + offset, c, value)
            elif value:
                sheet.write_string(r + offset, c, value)
    book.close()
    return out.getvalue()


def csv_bytes(*rows: list, encoding="utf-8-sig", delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


# --- parity: every row as the engine sees the same case ------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "xls", "gbk_csv", "bom_csv"])
def test_every_row_has_the_result_of_its_hand_built_case(fixtures, kind):
    fixture = next(f for f in fixtures if f.name == kind)
    report = check(fixture)
    assert [(p["row"], p["name"]) for p in report["people"]] == [(row, name) for row, name, _ in fixture.expected]
    for person, (row, name, expected) in zip(report["people"], fixture.expected, strict=True):
        if isinstance(expected, tuple):
            assert "result" not in person, (row, name)
            assert expected[1] in [e["column"] for e in person["errors"]], (row, name, person["errors"])
        else:
            assert person["result"] == check_or_errors(fixture.case_of(row), TODAY), (row, name)
            assert person["result"]["status"] == expected
    assert report["summary"] == fixture.summary
    assert [e["row"] for e in report["unmatched_records"]] == fixture.unmatched
    # The fixtures cover every status, and errors.
    assert {s for *_, s in fixture.expected if isinstance(s, str)} >= {"met", "not_met", "not_limiting", "not_required"}


def test_display_results_are_the_engines_too(fixtures):
    fixture = fixtures[0]
    for person in check(fixture, display=True, script="hans")["people"]:
        if "result" in person:
            assert person["result"] == check_or_errors(
                fixture.case_of(person["row"]), TODAY, display=True, script="hans"
            )


def test_each_bad_cell_is_named_by_its_row_and_column(fixtures):
    report = check(fixtures[0])
    errors = {p["name"]: p["errors"] for p in report["people"] if "errors" in p}
    by_name = {p.name: p for p in fixtures[0].people}
    assert set(errors) == {"周九", "吳十", "鄭一"}
    (number,), (day,), (negative,) = errors["周九"], errors["吳十"], errors["鄭一"]
    assert number["text"] == f"第{by_name['周九'].row}行「身份證號」：{number['message']}"
    assert "存成了數字" in number["message"] and "文本" in number["message"]
    assert day["text"].startswith(f"第{by_name['吳十'].row}行「出生日期」：") and "不存在" in day["message"]
    assert negative["text"] == f"第{by_name['鄭一'].row}行「{Y}專業」：不能是負數，填的是「-3」"
    (orphan,) = report["unmatched_records"]
    assert orphan["text"] == f"學習記錄第{orphan['row']}行「姓名」：花名冊裡沒有姓名為「查無此人」的人"


def test_full_width_header_and_digits_are_named_as_written(fixtures):
    report = check(fixtures[3])
    (negative,) = next(p["errors"] for p in report["people"] if p["name"] == "鄭一")
    assert negative["column"] == F._full_width(f"{Y}專業")
    assert negative["message"] == "不能是負數，填的是「－３」"


def test_records_in_detail_count_exactly(fixtures):
    """馮二's make-up year is 100 minutes short: an exact fraction of an hour, shown rounded up."""
    report = check(fixtures[0], display=True)
    person = next(p for p in report["people"] if p["name"] == "馮二")
    assert person["result"]["status"] == "not_met"
    assert person["result"]["shortfall"]["professional"] == pytest.approx(F.SHORT_MINUTES / F.POLICY.minutes_per_hour)
    assert person["result"]["display"]["shortfall"]["professional"] == f"{F.SHORT_SHOWN:g}"
    assert any("分鐘" in n["text"] for n in person["result"]["notes"])


def test_a_bad_record_row_names_the_records_sheet(tmp_path):
    person = ["1", "甲", "", f"{Y}"]
    data = table(["序號", "姓名", "工作單位", "查詢年份"], person)
    records = csv_bytes(
        ["序號", "計入年度", "培訓渠道", "科目", "學時"],
        ["1", str(Y), F.CHANNEL["platform"], "公需", "-5"],
        ["1", str(Y), "網上隨便學學", "專業", "10"],
    )
    report = roster.check_file(data, "r.xlsx", records=(records, "學習記錄.csv"), today=TODAY)
    (entry,) = report["people"]
    assert "result" not in entry
    texts = [e["text"] for e in entry["errors"]]
    assert texts[0] == "學習記錄.csv第2行「學時」：不能是負數，填的是「-5」"
    assert texts[1].startswith("學習記錄.csv第3行「培訓渠道」：不認識的培訓渠道「網上隨便學學」，可選：")
    assert F.CHANNEL["platform"] in texts[1]


def test_the_engines_own_errors_name_the_column():
    """A title check without a level: the engine's message, under 申報級別."""
    data = table(["姓名", "性別", "出生日期", "查詢目的"], ["甲", "男", "1980-01-01", "職稱評審"])
    (entry,) = roster.check_file(data, "r.xlsx", today=TODAY)["people"]
    expected = check_or_errors(
        {"notice": Y, "purpose": "title", "person": {"sex": "male", "birth_date": "1980-01-01"}, "records": []}, TODAY
    )
    assert [e["column"] for e in entry["errors"]] == ["申報級別"]
    assert entry["errors"][0]["message"] == expected["errors"][0]["message"]


def test_the_engines_own_record_errors_name_the_row_and_column():
    """Records that only the engine refuses (both hours and minutes; an exam with hours; no
    amount; a year column of no plausible year) keep its message, under their own cells,
    while the usual records beside them still count."""
    exam, platform = F.CHANNEL["qualification_exam"], F.CHANNEL["platform"]
    data = table(["序號", "姓名", "1800專業", f"{Y}公需"], ["1", "甲", 5, 10])
    records = csv_bytes(
        ["序號", "計入年度", "學習日期", "培訓渠道", "科目", "學時", "分鐘"],
        ["1", str(Y), f"{Y}-03-02", platform, "公需", "10", ""],
        ["1", str(Y), f"{Y}-03-02", platform, "專業", "10", "90"],
        ["1", str(Y), "", exam, "", "3", ""],
        ["1", str(Y), "", platform, "專業", "", ""],
    )
    report = roster.check_file(data, "r.xlsx", records=(records, "學習記錄.csv"), today=TODAY)
    (entry,) = report["people"]
    hand_built = {
        "notice": Y,
        "purpose": "annual",
        "records": [
            {"year": 1800, "channel": "platform", "subject": "professional", "hours": 5},
            {"year": Y, "channel": "platform", "subject": "public", "hours": 10},
            {"year": Y, "studied_on": f"{Y}-03-02", "channel": "platform", "subject": "public", "hours": 10},
            {
                "year": Y,
                "studied_on": f"{Y}-03-02",
                "channel": "platform",
                "subject": "professional",
                "hours": 10,
                "minutes": 90,
            },
            {"year": Y, "channel": "qualification_exam", "hours": 3},
            {"year": Y, "channel": "platform", "subject": "professional"},
        ],
    }
    expected = check_or_errors(hand_built, TODAY)["errors"]
    assert [e["message"] for e in entry["errors"]] == [e["message"] for e in expected]
    assert [(e["row"], e["column"]) for e in entry["errors"]] == [
        (2, "1800專業"),
        (3, "學時"),
        (3, "分鐘"),
        (4, "學時"),
        (5, "學時"),
    ]
    assert entry["errors"][1]["text"].startswith("學習記錄.csv第3行「學時」：")


def test_records_are_tied_by_id_else_serial_else_name():
    """Each record by the first of 身份證號, 序號, 姓名 it fills in and the roster has; a name
    that two people share, a number nobody has, or no tie at all is named, never guessed."""
    man = "152921197801012317"
    people = table(["序號", "姓名", "身份證號"], ["1", "甲", man], ["2", "乙", ""], ["3", "乙", ""], ["4", "丙", ""])
    platform = F.CHANNEL["platform"]
    records = csv_bytes(
        ["身份證號", "序號", "姓名", "計入年度", "培訓渠道", "科目", "學時"],
        [man, "4", "丙", str(Y), platform, "公需", "1"],  # the ID wins
        ["", "2", "乙", str(Y), platform, "公需", "2"],  # the serial
        ["", "", "丙", str(Y), platform, "公需", "3"],  # the name
        ["", "", "乙", str(Y), platform, "公需", "4"],  # two people named 乙
        ["", "9", "", str(Y), platform, "公需", "5"],  # nobody
        ["", "", "", str(Y), platform, "公需", "6"],
    )  # no tie
    report = roster.check_file(people, "r.xlsx", records=(records, "學習記錄.csv"), today=TODAY)
    credited = [entry["result"]["years"][str(Y)]["public"]["credited"] for entry in report["people"]]
    assert credited == [1, 2, 0, 3]
    assert [e["text"] for e in report["unmatched_records"]] == [
        "學習記錄.csv第5行「姓名」：花名冊裡有2個人的姓名是「乙」（第3行、第4行）：請用身份證號對應",
        "學習記錄.csv第6行「序號」：花名冊裡沒有序號為「9」的人",
        "學習記錄.csv第7行「身份證號」：沒有填寫花名冊裡的身份證號、序號或姓名，不知道是誰的學習記錄",
    ]


# --- ID numbers ----------------------------------------------------------------------


def test_id_checksum_sex_and_birth_date():
    woman = F.id_number(date(1978, 4, 12), 58, female=True)
    found = idcard.read(woman)
    assert (found.sex, found.birth_date) == ("female", date(1978, 4, 12))
    man = F.id_number(date(1985, 1, 31), 3, female=False)
    assert idcard.read(" " + man.lower() + " ").sex == "male"
    wrong = woman[:17] + ("0" if woman[17] != "0" else "1")
    with pytest.raises(CellError, match="校驗位不對"):
        idcard.read(wrong)
    with pytest.raises(CellError, match="18位"):
        idcard.read(woman[:17])
    with pytest.raises(CellError, match="出生日期"):
        idcard.read("152921" + "19780230" + "123" + "X")


@pytest.mark.parametrize("cell", [152921197804125820, 1.52921197804126e17, "1.52921E+17", "1.52921e17"])
def test_an_id_stored_as_a_number_is_refused_never_guessed(cell):
    with pytest.raises(CellError, match="存成了數字"):
        idcard.read(cell)


def test_id_and_sex_that_disagree_are_an_error():
    woman = F.id_number(date(1978, 4, 12), 58, female=True)
    data = table(["姓名", "身份證號", "性別"], ["甲", woman, "男"])
    (entry,) = roster.check_file(data, "r.xlsx", today=TODAY)["people"]
    assert entry["errors"][0]["column"] == "性別" and "身份證號顯示為女" in entry["errors"][0]["message"]


def test_masked_ids():
    assert idcard.masked("15292119780412582X") == "152921********582X"


# --- where the table starts, and what its columns are --------------------------------


def test_header_is_found_in_the_first_ten_rows_only():
    rows = [[f"說明{i}"] for i in range(9)] + [["姓名", f"{Y}公需"], ["甲", F.PUBLIC]]
    assert columns.find(rows, "people", "x").first_data_row == 10
    with pytest.raises(roster.RosterError, match="前10行裡找不到表頭"):
        columns.find([["說明"]] + rows, "people", "x")


def test_headers_in_any_script_order_and_width():
    headers = [
        "联系电话",
        "出 生 日 期",
        "姓名（必填）",
        "身份证号码",
        f"{Y}年度专业科目学时",
        f"{Y}公需",
        "性別",
        "备注",
    ]
    found = columns.find([headers], "people", "x").columns
    assert set(found) == {"出生日期", "姓名", "身份證號", (Y, "professional"), (Y, "public"), "性別"}
    assert found[(Y, "professional")].label == f"{Y}年度专业科目学时"


def test_two_header_rows_a_year_over_its_subjects():
    rows = [["姓名", f"{Y}年", f"{Y}年"], ["", "公需", "專業"], ["甲", F.PUBLIC, F.PROFESSIONAL]]
    header = columns.find(rows, "people", "x")
    assert header.first_data_row == 2
    assert header.columns[(Y, "public")].label == f"{Y}年公需"
    report = roster.check_file(csv_bytes(*[[str(c) for c in r] for r in rows]), "r.csv", today=TODAY)
    case = {
        "notice": Y,
        "purpose": "annual",
        "records": [F.platform(Y, "public", F.PUBLIC), F.platform(Y, "professional", F.PROFESSIONAL)],
    }
    assert report["people"][0]["result"] == check_or_errors(case, TODAY)


def test_a_column_twice_stops_with_a_message():
    with pytest.raises(roster.RosterError, match=f"「{Y}公需」和「{Y}公需科目」是同一列，出現了兩次（第B列和第C列）"):
        roster.check_file(table(["姓名", f"{Y}公需", f"{Y}公需科目"], ["甲", 1, 2]), "r.xlsx", today=TODAY)


def test_empty_rows_and_notes_under_the_table_are_not_people():
    data = table(["序號", "姓名", f"{Y}公需"], [1, "甲", 30], [], ["填表人：張某"], [2, "", 10], title=True)
    report = roster.check_file(data, "r.xlsx", today=TODAY)
    assert [(p["row"], p["name"]) for p in report["people"]] == [(4, "甲"), (7, "")]
    assert report["people"][1]["errors"][0]["text"] == "第7行「姓名」：沒有填寫姓名"


# --- cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["1978-04-12", "1978/4/12", "1978年4月12日", "１９７８－０４－１２", date(1978, 4, 12)]
)
def test_dates_as_written_or_as_spreadsheet_dates(cell):
    assert cells.day(cell, Y) == date(1978, 4, 12)


@pytest.mark.parametrize(
    ("cell", "message"),
    [("1978-02-30", "不存在"), ("去年", "不是日期"), (28592.0, "不是日期"), ("#VALUE!", "公式出錯")],
)
def test_bad_dates(cell, message):
    with pytest.raises(CellError, match=message):
        cells.day(cell, Y)


def test_hours_years_and_flags():
    assert (
        cells.amount("３０") == 30
        and cells.amount(2.5) == 2.5
        and cells.amount(30.0) == 30
        and cells.amount("") is None
    )
    for bad, message in (("三十", "應該填寫數字"), (-1, "負數"), ("#DIV/0!", "公式出錯"), (10**6, "太大")):
        with pytest.raises(CellError, match=message):
            cells.amount(bad)
    assert cells.years(f"{Y - 1}、{Y}", Y) == [Y - 1, Y] and cells.years(f"{Y - 1}，{Y} ", Y) == [Y - 1, Y]
    assert cells.years(float(Y), Y) == [Y]
    assert [cells.flag(v) for v in ("是", "√", "", "否", True)] == [True, True, False, False, True]
    with pytest.raises(CellError, match="只能填「是」或「否」"):
        cells.flag("也許")


def test_formula_errors_and_formulas_in_xlsx():
    """A cell whose formula fails (#DIV/0!) is named, never read as empty; a formula that
    works counts with its value."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("花名冊")
    sheet.write_row(0, 0, ["姓名", f"{Y}公需", f"{Y}專業"])
    sheet.write_row(1, 0, ["甲"])
    sheet.write_formula(1, 1, "=1/0", None, "#DIV/0!")
    sheet.write_formula(1, 2, f"={F.PROFESSIONAL}*1", None, F.PROFESSIONAL)
    sheet.write_row(2, 0, ["乙"])
    sheet.write_formula(2, 1, f"={F.PUBLIC}+0", None, F.PUBLIC)
    book.close()
    first, second = roster.check_file(out.getvalue(), "r.xlsx", today=TODAY)["people"]
    assert [e["text"] for e in first["errors"]] == [
        f"第2行「{Y}公需」：公式出錯（「#DIV/0!」），請改正公式或直接填寫數值"
    ]
    case = {"notice": Y, "purpose": "annual", "records": [F.platform(Y, "public", F.PUBLIC)]}
    assert second["result"] == check_or_errors(case, TODAY)


# --- encodings and file kinds --------------------------------------------------------

ROWS = [["姓名", f"{Y}公需", f"{Y}專業"], ["張三", str(F.PUBLIC), str(F.PROFESSIONAL)]]


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", ";"), ("gb18030", ","), ("gbk", "\t"), ("utf-16", "\t")]
)
def test_csv_encodings_and_delimiters(encoding, delimiter):
    report = roster.check_file(csv_bytes(*ROWS, encoding=encoding, delimiter=delimiter), "r.csv", today=TODAY)
    assert [(p["row"], p["name"], p["result"]["status"]) for p in report["people"]] == [(2, "張三", "met")]


def test_an_ods_file(tmp_path):
    fixture = F.write_ods(tmp_path)
    report = check(fixture)
    assert report["summary"] == fixture.summary
    for person, (row, name, expected) in zip(report["people"], fixture.expected, strict=True):
        assert (person["row"], person["name"]) == (row, name)
        if isinstance(expected, str):
            assert person["result"] == check_or_errors(fixture.case_of(row), TODAY)
        else:
            assert expected[1] in [e["column"] for e in person["errors"]]


def test_an_xls_file(fixtures):
    assert fixtures[1].path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # a real BIFF file, not a renamed xlsx
    assert check(fixtures[1])["summary"] == fixtures[1].summary


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "r.xlsx", "空文件"),
        (b"PK\x03\x04" + b"\x00" * 100, "r.xlsx", "不是可以讀取的"),
        (bytes(range(256)) * 10, "r.xlsx", "不是可以讀取的"),
        (b"<html><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></html>", "r.xls", "網頁"),
        (bytes(range(128, 256)) * 20, "r.csv", "編碼無法識別"),
        ("姓名\n".encode() + b"\x00\x01", "r.csv", "不是文字的內容"),
        ("姓名，年份\n".encode("utf-16-le"), "r.csv", "編碼無法識別"),  # UTF-16 without its mark
        (f"姓名,{Y}公需\n張三,30".encode("big5"), "r.csv", "找不到表頭.*編碼"),
        (csv_bytes(["甲", "乙"], ["1", "2"]), "r.csv", "找不到表頭"),
        (b'"\xe5\xa7\x93\xe5\x90\x8d' + b"x" * 200_000, "r.csv", "不是可以讀取的 CSV"),
    ],
)
def test_files_that_cannot_be_read_get_a_message(data, name, message):
    with pytest.raises(roster.RosterError, match=message):
        roster.check_file(data, name, today=TODAY)


def test_a_truncated_xlsx_and_a_too_large_file(fixtures, monkeypatch):
    whole = fixtures[0].path.read_bytes()
    with pytest.raises(roster.RosterError, match="已損壞"):
        roster.check_file(whole[: len(whole) // 2], "r.xlsx", today=TODAY)
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    with pytest.raises(roster.RosterError, match="太大"):
        roster.check_file(whole, "r.xlsx", today=TODAY)


def test_simplified_messages():
    data = table(["姓名", f"{Y}專業"], ["甲", -3])
    (entry,) = roster.check_file(data, "r.xlsx", today=TODAY, script="hans")["people"]
    assert entry["errors"][0]["text"] == f"第2行「{Y}專業」：不能是负数，填的是「-3」"
    with pytest.raises(roster.RosterError, match="空文件，里面没有表格"):
        roster.check_file(b"", "r.csv", today=TODAY, script="hans")


def test_progress_is_reported():
    rows = [["姓名", f"{Y}公需"]] + [[f"人{i}", "1"] for i in range(450)]
    calls = []
    roster.check_file(csv_bytes(*rows), "r.csv", today=TODAY, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(200, 450), (400, 450), (450, 450)]


# --- exports and templates -----------------------------------------------------------


def sheet_rows(data: bytes, sheet: int | str = 0) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    found = book.get_sheet_by_index(sheet) if isinstance(sheet, int) else book.get_sheet_by_name(sheet)
    return found.to_python()


def test_xlsx_export_has_results_and_errors_with_ids_masked(fixtures):
    report = check(fixtures[0], display=True)
    data = roster.to_xlsx(report)
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == ["查詢結果", "錯誤", "讀取說明"]
    results = sheet_rows(data, "查詢結果")
    header = results[3]
    body = {row[header.index("姓名")]: row for row in results[4:]}
    assert body["李四"][header.index("查詢結果")] == "尚未達到要求"
    assert body["李四"][header.index("專業科目還差（學時）")] == 12
    assert body["馮二"][header.index("專業科目還差（學時）")] == F.SHORT_SHOWN
    assert body["王五"][header.index("身份證號")].startswith("152921********")
    assert all("*" in str(r[header.index("身份證號")]) or not r[header.index("身份證號")] for r in results[4:])
    errors = sheet_rows(data, "錯誤")
    assert [e[2] for e in errors[1:]] == ["身份證號", "出生日期", f"{Y}專業", "姓名"]
    whole = sheet_rows(roster.to_xlsx(report, mask_ids=False), "查詢結果")
    assert any(len(str(r[header.index("身份證號")])) == 18 for r in whole[4:])


def _numbering(clause: str, closing: frozenset[str]) -> str:
    """docs/dev/contract.md's clause labels, written out here: 1.2 -> 一(二), 1.3.1 -> 一(三)1, and a
    paragraph that closes its parent unnumbered (the year's notice says which: 1.4.8 in 2025)
    is its parent's 末段."""
    numerals = "〇一二三四五六七八九十"
    if clause in closing:
        return _numbering(clause.rpartition(".")[0], closing) + "末段"
    parts = [int(p) for p in clause.split(".")]
    return (
        numerals[parts[0]]
        + "".join([f"({numerals[parts[1]]})"] if len(parts) > 1 else [])
        + "".join(map(str, parts[2:]))
    )


def test_exports_name_each_clause_as_the_notice_numbers_and_names_it(fixtures):
    """An officer looks the clauses of the export up in the notice: 「一(三)1 參加職稱評審時的學時要求」,
    as the page's table numbers them (never the contract's ids, never a made-up 一(四)8)."""
    import notice_compiler
    from notice_compiler.labels import closing_paragraphs

    report = check(fixtures[0], display=True)
    names = report["clause_names"]
    closing = closing_paragraphs(notice_compiler.load(report["notice"]))
    results = sheet_rows(roster.to_xlsx(report), "查詢結果")
    header = results[3]
    cells_of = {row[header.index("姓名")]: row[header.index("依據條款")] for row in results[4:]}
    checked = [p for p in report["people"] if "result" in p]
    assert checked
    for person in checked:
        written = cells_of[person["name"]].split("；")  # a name may hold 、 itself
        assert written == [f"{_numbering(c, closing)} {names[c]}" for c in person["result"]["clauses"]], person["name"]
    assert not any(_numbering(c, frozenset()) in cell for c in closing for cell in cells_of.values())  # no 一(四)8
    text = roster.to_csv(report).decode("utf-8-sig")
    assert all(cells_of[p["name"]] in text for p in checked)


def test_exports_say_what_to_study_as_the_calculators_to_do_list_names_make_up_years():
    """「2025年11月30日前：2025年度專業科目還要學 12 學時」 and 「…前：補學2023年度專業科目 2.3 學時」: the
    year's own hours and a make-up year's each said as such, in the calculator's own words."""
    from calculator.messages import day
    from calculator.roster import export
    from site_builder.labels import CALCULATOR

    assert tuple(CALCULATOR[k] for k in ("todoBy", "todoOwn", "todoMakeUp", "todoSeparator")) == (
        export.TODO_BY,
        export.TODO_OWN,
        export.TODO_MAKE_UP,
        export.TODO_SEPARATOR,
    )
    make_up = [y for y in F.MAKE_UP if y in F.TITLE_YEARS]
    if not make_up or not F.POLICY.window:
        pytest.skip("this notice has no make-up year inside its title years, or no window")
    by = F.POLICY.window.end
    own, late = F.Y, max(make_up)
    items = [
        (late, "public", "20", by.isoformat()),
        (own, "public", "6", by.isoformat()),
        (own, "professional", "2.3", by.isoformat()),
    ]
    assert export.to_do(items, own) == (
        f"{day(by)}前：{own}年度公需科目還要學 6 學時；{own}年度專業科目還要學 2.3 學時；補學{late}年度公需科目 20 學時"
    )
    assert export.to_do([(own, "public", "6", None)], own) == f"{own}年度公需科目還要學 6 學時"


def test_exports_name_the_make_up_year_in_what_to_study(fixtures):
    make_up = [y for y in F.MAKE_UP if y in F.TITLE_YEARS]
    if not make_up or not F.POLICY.window:
        pytest.skip("this notice has no make-up year inside its title years, or no window")
    from calculator.messages import day

    report = check(fixtures[0], display=True)
    by = day(F.POLICY.window.end)
    results = sheet_rows(roster.to_xlsx(report), "查詢結果")
    header = results[3]
    todo = {row[header.index("姓名")]: row[header.index("還可以學（截止日期）")] for row in results[4:]}
    assert todo["李四"] == f"{by}前：{F.Y}年度專業科目還要學 12 學時"
    assert todo["馮二"] == f"{by}前：補學{max(make_up)}年度專業科目 {F.SHORT_SHOWN:g} 學時"
    rows = list(csv.reader(io.StringIO(roster.to_csv(check(fixtures[0])).decode("utf-8-sig"))))
    assert {row[2]: row[rows[0].index("還可以學（截止日期）")] for row in rows[1:] if row[2]}["馮二"] == todo["馮二"]


def test_csv_export_opens_in_excel(fixtures):
    report = check(fixtures[0])  # without display hours: the export rounds the exact hours itself
    data = roster.to_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    body = {row[header.index("姓名")]: row for row in rows[1:] if row[header.index("姓名")]}
    assert body["馮二"][header.index("專業科目還差（學時）")] == f"{F.SHORT_SHOWN:g}"
    assert body["鄭一"][header.index("查詢結果")] == "有錯誤，未檢查"
    assert "不能是負數" in body["鄭一"][header.index("問題")]
    assert "*" in body["王五"][header.index("身份證號")]


# The year columns of a channel that takes no hours (a certificate), as the rules name them.
NO_AMOUNT_WORDS = tuple(c.roster or c.name for c in F.POLICY.channels.values() if not c.takes_amount)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_templates_are_read_back_without_errors(kind):
    data = roster.template_xlsx(Y) if kind == "xlsx" else roster.template_csv(Y)
    report = roster.check_file(data, f"模板.{kind}", today=TODAY)
    # The template's example rows are read without an error, and then skipped as examples, each named.
    assert report["summary"]["people"] == 0 and report["summary"]["errors"] == 0
    skipped = [w for w in report["warnings"] if w["kind"] == "skipped_row" and not w.get("sheet")]
    assert len(skipped) == 2 and all("示例" in w["message"] for w in skipped)
    headers = sheet_rows(data)[2] if kind == "xlsx" else next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [h for h in headers if h[:4].isdigit()] == [
        f"{y}{k}" for y in F.YEARS for k in ("公需", "專業", *NO_AMOUNT_WORDS)
    ]
    if kind == "xlsx":
        assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == ["花名冊", "學習記錄", "填寫說明"]
    else:
        assert data.startswith(b"\xef\xbb\xbf")


def test_import_calculator_loads_no_spreadsheet_library():
    code = "import sys, calculator, calculator.roster; print(sorted(m for m in ('python_calamine', 'xlsxwriter') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


# --- the command line ----------------------------------------------------------------


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "calculator", "roster", *map(str, args), "--today", TODAY.isoformat()],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_cli_json(fixtures):
    fixture = fixtures[3]
    out = run(fixture.path, "--records", fixture.records_path, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["summary"] == fixture.summary
    for person, (row, name, expected) in zip(report["people"], fixture.expected, strict=True):
        assert (person["row"], person["name"]) == (row, name) and "id" not in person
        if isinstance(expected, str):
            assert person["result"] == json.loads(json.dumps(check_or_errors(fixture.case_of(row), TODAY)))
        else:
            assert person["errors"][0]["column"] == expected[1]


def test_cli_summary_and_exports(fixtures, tmp_path):
    fixture = fixtures[0]
    out = run(fixture.path)
    assert out.returncode == 0 and "尚未達到要求" in out.stdout and f"第13行「{Y}專業」：不能是負數" in out.stdout
    assert "152921********" in out.stdout
    xlsx, text = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert run(fixture.path, "-o", xlsx).returncode == 0
    assert sheet_rows(xlsx.read_bytes(), "查詢結果")[4][2] == "張三"
    assert run(fixture.path, "-o", text, "--show-ids").returncode == 0
    data = text.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    woman = next(p for p in fixture.people if p.name == "王五").cells["身份證號"]
    assert woman in data.decode("utf-8-sig")


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04broken", bytes(range(256)) * 40])
def test_cli_files_that_cannot_be_read(tmp_path, content):
    path = tmp_path / "花名冊.xlsx"
    path.write_bytes(content)
    out = run(path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    (error,) = json.loads(out.stdout)["errors"]
    assert error["field"] == "roster" and "花名冊.xlsx" in error["message"]


def test_cli_a_file_too_large(tmp_path, monkeypatch, capsys):
    from calculator import cli

    path = tmp_path / "大.csv"
    path.write_bytes(csv_bytes(*ROWS) * 100)
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    assert cli.main(["roster", str(path)]) == 2
    assert "太大" in json.loads(capsys.readouterr().out)["errors"][0]["message"]


def test_cli_missing_file_and_bad_output(tmp_path):
    out = run(tmp_path / "沒有.csv")
    assert out.returncode == 2 and "找不到文件" in json.loads(out.stdout)["errors"][0]["message"]
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes(*ROWS))
    out = run(path, "-o", tmp_path / "out.pdf")
    assert out.returncode == 2 and ".xlsx 或 .csv" in json.loads(out.stdout)["errors"][0]["message"]


def test_forget_leaves_no_name_of_a_roster_in_the_readers_memory():
    """What 「清除」 promises of the reader: its memoised texts (which hold names and dates) are
    dropped once the report is."""
    from calculator.chinese import to_hans

    cached = [columns._normal, cells._written_date, to_hans]
    roster.check_file(
        csv_bytes(["姓名", "出生日期", f"{Y}公需"], ["歐陽某某", "1980年3月5日", "30"]),
        "r.csv",
        today=TODAY,
        script="hans",
    )
    assert all(f.cache_info().currsize > 0 for f in cached)
    roster.forget()
    assert all(f.cache_info().currsize == 0 for f in cached)

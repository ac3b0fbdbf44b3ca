"""A roster is never misread in silence (docs/dev/contract.md, "What was read is said").

Each roster of tests/roster_layouts.py is laid out the way units type them (附件1's own layout,
a merged year row, a 合計 row, the template's 示例 rows, spaced headers, 8-digit dates, level
synonyms, hidden columns, .xls, .ods, GBK and BOM CSV…) and holds the same people as a roster in
the template's own headers. Every person's result must be the template's, or the file must be
refused with a message, or the row must carry an error; rows that are not people are skipped,
each named; and whatever is odd is said in `warnings`.
"""

from __future__ import annotations

import pytest
from roster_fixtures import TODAY, Y
from roster_layouts import LAYOUTS, Grid, Layout, attachment, canonical_csv, table

from calculator import roster

KINDS = {"xlsx", "xls", "ods", "csv", "bom_csv", "gbk_csv"}
FILE_WIDE = {"no_hour_columns", "year_from_title", "hidden_columns"}  # warnings that concern every row


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("layouts")


def check(path):
    return roster.check_file(path.read_bytes(), path.name, today=TODAY)


def template_results(layout: Layout) -> dict:
    report = roster.check_file(canonical_csv(layout), "模板.csv", today=TODAY)
    assert report["summary"]["errors"] == 0 and not report["warnings"], "the template's own form reads cleanly"
    return {p["name"]: p["result"] for p in report["people"]}


def silently_misread(report: dict, expected: dict) -> list[str]:
    """The people whose result differs from the template's with nothing said: no error on their
    row, no warning naming their row, and no warning that concerns every row; and the rows
    checked as people that are none of the roster's people."""
    if any(w["kind"] in FILE_WIDE for w in report["warnings"]):
        return []
    warned = {w.get("row") for w in report["warnings"]}
    wrong = []
    for person in report["people"]:
        if person["name"] not in expected:
            wrong.append(f"row {person['row']} 「{person['name']}」 checked as a person")
        elif "errors" not in person and person["row"] not in warned and person["result"] != expected[person["name"]]:
            wrong.append(
                f"row {person['row']} 「{person['name']}」: {person['result']['status']}, "
                f"the template says {expected[person['name']]['status']}"
            )
    return wrong


def test_the_corpus_holds_what_units_type():
    assert len(LAYOUTS) >= 30
    assert {layout.kind for layout in LAYOUTS} == KINDS
    assert len({layout.name for layout in LAYOUTS}) == len(LAYOUTS)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_a_roster_as_units_type_it_reads_as_the_template_or_is_refused(layout, folder):
    path = layout.write(folder)
    if layout.refused:
        with pytest.raises(roster.RosterError, match=layout.refused) as refused:
            check(path)
        assert "請" in refused.value.message  # says what to do
        return
    report = check(path)
    expected = template_results(layout)
    got = {p["name"]: p for p in report["people"]}
    assert set(got) == set(expected), "every person checked once, and no row that is not a person"
    for name, result in expected.items():
        if name in layout.errors:
            assert got[name].get("errors"), f"{name}'s row must say what is wrong"
        else:
            assert "errors" not in got[name], got[name].get("errors")
            assert got[name]["result"] == result, name
    kinds = [w["kind"] for w in report["warnings"]]
    assert set(kinds) - {"skipped_row"} == set(layout.warnings)
    assert kinds.count("skipped_row") == layout.skipped
    assert not silently_misread(report, expected)


@pytest.mark.parametrize("layout", [x for x in LAYOUTS if not x.refused], ids=lambda layout: layout.name)
def test_what_each_column_was_read_as_is_said(layout, folder):
    """Every hour column the template names is among the columns read, as that year's subject."""
    report = check(layout.write(folder))
    read_as = [c["read_as"] or "" for c in report["columns"]]
    for y in layout.years:
        for subject in ("公需", "專業"):
            assert any(text.startswith(f"{y}年{subject}") for text in read_as), (y, subject, read_as)
    hidden = [c for c in report["columns"] if c["hidden"]]
    assert bool(hidden) == ("hidden_columns" in layout.warnings)


def test_a_title_of_another_year_is_said_not_applied_in_silence(folder):
    """附件1's layout whose title names the year before: the hours are read as that year's, and
    the officer is told where the year came from before any result."""
    grid_of = lambda people: attachment(people, title=f"{Y - 1}年专业技术人员继续教育培训花名册")  # noqa: E731
    layout = Layout("attachment-last-year", grid_of, "xlsx", fields=("性別", "身份證號"))
    report = check(layout.write(folder))
    expected = template_results(layout)
    assert any(p["result"] != expected[p["name"]] for p in report["people"])  # read as last year's hours
    (said,) = [w for w in report["warnings"] if w["kind"] == "year_from_title"]
    assert f"{Y - 1}年" in said["message"] and "公需科目（学时）" in said["message"]
    assert not silently_misread(report, expected)


def test_a_roster_without_hour_columns_says_so_before_every_not_met(folder):
    layout = Layout("no-hours", lambda people: Grid([["序號", "姓名", "聯繫電話"], [1, "甲", "1380000"]]), "xlsx")
    report = check(layout.write(folder))
    (said,) = report["warnings"]
    assert said["kind"] == "no_hour_columns"
    assert "「序號」「姓名」「聯繫電話」" in said["message"] and f"{Y}公需" in said["message"]


def test_skipped_rows_are_named_with_their_row(folder):
    layout = next(x for x in LAYOUTS if x.name == "mixture")
    report = check(layout.write(folder))
    skipped = {w["row"]: w["message"] for w in report["warnings"] if w["kind"] == "skipped_row"}
    assert len(skipped) == 2
    example, total = sorted(skipped)
    assert "示例" in skipped[example] and f"第{example}行" in skipped[example]
    assert "合計" in skipped[total] and total == max(p["row"] for p in report["people"]) + 1


def test_a_total_that_differs_from_its_parts_is_named(folder):
    layout = next(x for x in LAYOUTS if x.name == "total-column-differs")
    report = check(layout.write(folder))
    (said,) = [w for w in report["warnings"] if w["kind"] == "total_mismatch"]
    assert said["row"] == 4 and said["letter"] == "F" and "合計學時" in said["message"]


def test_the_command_line_prints_what_was_read(folder, capsys):
    from calculator.cli import main

    path = next(x for x in LAYOUTS if x.name == "attachment-xlsx").write(folder)
    assert main(["roster", str(path), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"第E列「公需科目（学时）」→ {Y}年公需科目學時（年度取自標題）" in out
    assert "是合計行，不是人員，沒有檢查" in out


def test_a_formula_saved_without_its_result_is_an_error_of_its_row_not_no_hours(folder):
    """Some tools save an .xlsx without calculating it: a formula cell with no result is never
    read as no hours."""
    import zipfile

    layout = Layout("formula", lambda people: Grid([["姓名", f"{Y}公需", f"{Y}專業"], ["甲", 1, 2]]), "xlsx")
    path = layout.write(folder)
    with zipfile.ZipFile(path) as book:
        parts = {i.filename: book.read(i) for i in book.infolist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(b'<c r="B2"><v>1</v></c>', b'<c r="B2"><f>10+20</f></c>')
    assert b"<f>10+20</f>" in parts[sheet]
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    (person,) = check(path)["people"]
    (error,) = person["errors"]
    assert error["row"] == 2 and error["column"] == f"{Y}公需" and "=10+20" in error["message"]


def test_the_same_person_twice_is_said_on_both_rows(folder):
    def twice(people):
        grid = Grid(table(people, ["序號", "姓名", "身份證號"], ("身份證號",), (Y,)))
        grid.rows.append(list(grid.rows[1]))  # the first person again, at the end
        return grid

    report = check(Layout("twice", twice, "csv").write(folder))
    last = max(p["row"] for p in report["people"])
    said = {w["row"]: w["message"] for w in report["warnings"] if w["kind"] == "same_person"}
    assert set(said) == {2, last} and f"第{last}行" in said[2] and "第2行" in said[last]

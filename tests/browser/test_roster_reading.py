"""What the roster page says it read, in real Chromium against nginx (as tests/browser/test_roster.py):
the columns and what each was read as, the rows skipped as not people, a roster without hour
columns said as an alert above the results; what is still to study, with each make-up year
named as the calculator names it, on screen and on paper; and the browser's own print (its menu,
Ctrl+P, a phone's print), which gives the same A4 summary as the page's 「打印」 button.

Every year and figure comes from the newest notice's rules (tests/roster_fixtures.py), and what
the page must show of a file from the same file checked by CPython.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import roster_layouts as layouts
from roster_fixtures import TODAY, Y
from test_roster import CHECK_MS, open_roster, wait_state
from years import latest

from calculator import roster
from calculator.chinese import to_hans
from calculator.roster.export import to_do

TITLE = f"{Y}年專業技術人員繼續教育培訓花名冊"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def rosters(tmp_path_factory) -> dict[str, Path]:
    """附件1's layout (the year only in the title, 合計學時, a 合計 row), a roster of title years
    with the template's example rows and a total row left in, and a roster without any hour column."""
    assert latest() == Y
    folder = tmp_path_factory.mktemp("reading")
    staff = layouts.staff()
    rows = layouts.table(
        staff,
        ["序號", "姓名", "身份證號"],
        ("身份證號",),
        layouts.OWN,
        hours_header=lambda year, kind: f"{kind}科目（學時）",
        total="合計學時",
    )
    width = len(rows[0])
    sums = [sum(r[c] for r in rows[1:]) for c in range(3, width)]
    attachment = layouts.Grid(
        [[TITLE] + [None] * (width - 1), *rows, [None, "合計", None, *sums]], merged=[(0, 0, 0, width - 1)]
    )
    made = {
        "attachment": folder / f"{Y}年花名冊-附件1.xlsx",
        "mixture": folder / "花名冊-職稱.xlsx",
        "no_hours": folder / "花名冊-沒有學時.xlsx",
    }
    layouts.write_xlsx(attachment, made["attachment"])
    layouts.write_xlsx(layouts.mixture(staff), made["mixture"])
    layouts.write_xlsx(
        layouts.Grid(layouts.table(staff, ["序號", "姓名", "身份證號"], ("身份證號",), ())), made["no_hours"]
    )
    return made


def checked(path: Path) -> dict:
    """The file as the page checks it (Simplified, display hours, brief results), in CPython."""
    return roster.check_file(path.read_bytes(), path.name, today=TODAY, script="hans", display=True, brief=True)


def choose(page, path: Path):
    page.set_input_files("#roster-file", str(path))
    wait_state(page, ("done", "unreadable", "failed"), f"the table of {path.name}", CHECK_MS)
    assert page.evaluate("() => document.querySelector('#roster').dataset.state") == "done"


def printed(page, pdf: Path) -> str:
    """The page as the browser prints it (print media, A4), as text without spaces or line breaks
    (pdftotext lays Chinese out in columns)."""
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", to_hans(text))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", to_hans(text))


def test_the_attachment_layout_shows_each_column_read_and_the_total_row_skipped(page, site_url, rosters):
    path = rosters["attachment"]
    report = checked(path)
    total_row = 2 + len(layouts.staff()) + 1  # the title row, the header, the people, then 合計
    page.set_viewport_size(PHONE)
    open_roster(page, site_url)
    choose(page, path)

    # The mapping: every column of the file, by its letter, with what it was read as.
    listed = page.locator("#roster-read-columns")
    assert listed.is_visible() and listed.get_attribute("open") is not None  # open: there are warnings
    for column in report["columns"]:
        item = listed.locator(f"li[data-letter='{column['letter']}']")
        assert to_hans(column["header"]) in to_hans(item.inner_text()), column
    public = next(c for c in report["columns"] if c["header"] == "公需科目（學時）")
    professional = next(c for c in report["columns"] if c["header"] == "專業科目（學時）")
    assert flat(f"→ {Y}年公需") in flat(listed.locator(f"li[data-letter='{public['letter']}']").inner_text())
    assert flat(f"→ {Y}年專業") in flat(listed.locator(f"li[data-letter='{professional['letter']}']").inner_text())

    # The 合計 row: listed as skipped with its row, never a person of the table or the summary.
    warnings = page.locator("#roster-warnings")
    assert warnings.is_visible() and warnings.get_attribute("role") is None  # a warning, not an alert
    skipped = [w for w in report["warnings"] if w["kind"] == "skipped_row"]
    assert [w["row"] for w in skipped] == [total_row]
    assert f"第{total_row}行" in warnings.inner_text() and to_hans("合計") in to_hans(warnings.inner_text())
    assert any(
        to_hans(TITLE) in to_hans(t) for t in warnings.locator("li").all_inner_texts()
    )  # the year read from the title
    assert page.locator(f"#roster-table tr[data-row='{total_row}']").count() == 0
    assert page.evaluate("() => Number(document.querySelector('.roster-total').dataset.count)") == len(layouts.staff())

    # On a phone, with the results at the top of the screen, the warnings and the mapping's
    # first lines are on that first screen, above the summary.
    page.evaluate("() => document.querySelector('#roster-results').scrollIntoView({block: 'start'})")
    box = page.evaluate("""() => Object.fromEntries(['#roster-warnings', '#roster-read-columns li', '.roster-total']
        .map((s) => [s, document.querySelector(s).getBoundingClientRect().toJSON()]))""")
    assert 0 <= box["#roster-warnings"]["top"] < box["#roster-read-columns li"]["top"] < box[".roster-total"]["top"], (
        box
    )
    assert box["#roster-read-columns li"]["bottom"] <= PHONE["height"], box


def test_a_roster_without_hour_columns_is_an_alert_above_the_results(page, site_url, rosters):
    report = checked(rosters["no_hours"])
    (alert,) = [w for w in report["warnings"] if w["kind"] == "no_hour_columns"]
    open_roster(page, site_url)
    choose(page, rosters["no_hours"])
    box = page.locator("#roster-warnings")
    assert (
        box.is_visible()
        and box.get_attribute("role") == "alert"
        and "roster-warnings-alert" in box.get_attribute("class")
    )
    assert flat(alert["message"]) in flat(box.inner_text())
    above = page.evaluate("""() => document.querySelector('#roster-warnings').getBoundingClientRect().bottom
        <= document.querySelector('#roster-summary').getBoundingClientRect().top""")
    assert above
    # Every hour column the file has, none: the mapping says each column was read as what it is.
    assert page.locator("#roster-read-columns li").count() == len(report["columns"])


def test_what_to_study_names_each_make_up_year_as_the_calculator_does_on_screen_and_in_print(
    page, site_url, rosters, tmp_path
):
    path = rosters["mixture"]
    report = checked(path)
    expected = {}
    for person in report["people"]:
        result = person.get("result", {})
        if result.get("status") == "not_met":
            items = [(i["year"], i["subject"], i["hours"], i["by"]) for i in result["display"]["to_study"]]
            expected[person["row"]] = (person["name"], items, bool(result["display"]["closed"]))
    make_up = {row: items for row, (_, items, _) in expected.items() if any(year != Y for year, *_ in items)}
    assert make_up, "the roster has someone with a make-up year still to study"
    open_roster(page, site_url)
    choose(page, path)
    for row, (name, items, closed) in expected.items():
        cell = page.locator(f"#roster-table tr[data-row='{row}'] td.col-todo").inner_text()
        lines = [to_hans(line) for line in to_do(items, Y).split("\n")]
        assert [to_hans(line) for line in cell.strip().split("\n")][: len(lines)] == lines, (name, cell)
        assert closed == (len(cell.strip().split("\n")) > len(lines)), (name, cell)
    for row, items in make_up.items():
        cell = to_hans(page.locator(f"#roster-table tr[data-row='{row}'] td.col-todo").inner_text())
        for year in {year for year, *_ in items if year != Y}:
            assert to_hans(f"補學{year}年度") in cell, cell
    # The rows the reader skipped (the template's example row, the total row) are listed too.
    skipped = [w["row"] for w in report["warnings"] if w["kind"] == "skipped_row"]
    assert len(skipped) == 2 and all(f"第{row}行" in page.locator("#roster-warnings").inner_text() for row in skipped)

    paper = printed(page, tmp_path / "to-do.pdf")
    for row, items in make_up.items():
        assert flat(to_do(items, Y).split("\n")[0]) in paper, expected[row][0]


def test_the_browsers_own_print_gives_the_summary_the_file_and_the_day_checked_as_of(page, site_url, rosters, tmp_path):
    """No 「打印」 click: page.pdf() prints as the browser's menu, Ctrl+P or a phone's print do."""
    path = rosters["attachment"]
    report = checked(path)
    open_roster(page, site_url)
    blank = printed(page, tmp_path / "before.pdf")
    assert flat("單位批量自查") in blank  # before any result the page prints as it is

    choose(page, path)
    date = f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"
    paper = printed(page, tmp_path / "own-print.pdf")
    summary = report["summary"]
    assert flat(f"{Y}年度繼續教育學時批量自查") in paper
    assert flat(f"共 {summary['people']} 人") in paper and flat(f"尚未達到 {summary['not_met']}") in paper
    assert flat(path.name) in paper
    assert flat(f"查詢日期：未填寫的按 {date}") in paper
    for warning in report["warnings"]:
        assert flat(warning["message"]) in paper, warning
    not_met = [p["name"] for p in report["people"] if p.get("result", {}).get("status") == "not_met"]
    met = [p["name"] for p in report["people"] if p.get("result", {}).get("status") == "met"]
    assert not_met and all(flat(name) in paper for name in not_met) and not any(flat(name) in paper for name in met)
    assert flat("搜索姓名") not in paper and flat("讀取的列") not in paper

    # After a print (the button's, or the browser's), the next one is the same summary.
    page.evaluate("() => { window.print = () => {}; }")  # headless Chromium would print for real
    page.click("#roster-print")
    page.evaluate("() => { window.dispatchEvent(new Event('afterprint')); }")
    assert printed(page, tmp_path / "again.pdf") == paper

    # Cleared: nothing of the roster prints any more.
    page.click("#roster-clear")
    cleared = printed(page, tmp_path / "cleared.pdf")
    assert flat(path.name) not in cleared and not any(flat(name) in cleared for name in not_met)

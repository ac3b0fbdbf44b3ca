"""The roster template as an officer gets it: clicked on the roster page of each script, saved,
and opened (read back with openpyxl, as Excel would): in the page's own script, with its
drop-down lists, the ID column as text, and example rows that the page's check then skips."""

from __future__ import annotations

import io

import openpyxl
import pytest
from test_roster import CHECK_MS, open_roster, wait_state
from years import latest

from calculator.chinese import to_hans

LISTED = ("性別", "查詢目的", "申報級別")  # columns whose cell is chosen from a list, when the year has them


@pytest.mark.parametrize("script", ["", "zh-hant/"], ids=["hans", "hant"])
def test_the_template_downloaded_from_the_page_opens_with_its_lists_and_its_examples_are_skipped(
    page, site_url, script, tmp_path
):
    open_roster(page, site_url, script)
    link = page.locator(".roster-templates a[href$='.xlsx']")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = saved.read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    convert = to_hans if not script else (lambda text: text)
    header_row = next(r for r in sheet.iter_rows() if any(c.value == convert("姓名") for c in r))
    headers = {c.value: c.column_letter for c in header_row if c.value}
    assert str(latest()) in download.value.suggested_filename and convert("模板") in download.value.suggested_filename
    if not script:
        assert "姓名" in headers and all(to_hans(h) == h for h in headers), headers  # Simplified throughout
    listed = {convert(h) for h in LISTED} & set(headers)
    assert listed, headers
    validated = {
        headers_at
        for v in sheet.data_validations.dataValidation
        if v.type == "list"
        for headers_at in headers
        if any(str(r).startswith(headers[headers_at]) for r in v.sqref.ranges)
    }
    assert listed <= validated, (listed, validated)
    id_column = headers.get(convert("身份證號"))
    if id_column:
        assert sheet[f"{id_column}{header_row[0].row + 1}"].number_format == "@"

    # The file as downloaded, checked on the same page: its example rows are skipped and said.
    page.set_input_files("#roster-file", str(saved))
    wait_state(page, ("done", "unreadable"), "the template to be checked", CHECK_MS)
    assert page.locator("#roster").get_attribute("data-state") == "done"
    assert page.locator("#roster-summary .roster-total").get_attribute("data-count") == "0"
    assert convert("示例") in page.locator("#roster").inner_text()

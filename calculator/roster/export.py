"""A checked roster -> .xlsx (a results sheet and an errors sheet) or .csv (UTF-8 with BOM,
which Excel and WPS open without garbling). ID numbers are masked unless asked for whole.

Hours are shown as on the page: missing hours to one decimal, rounded up, so that studying
what the export says is always enough (docs/dev/contract.md).
"""

from __future__ import annotations

import csv
import io
import math
import re
from fractions import Fraction

from .. import hours as H
from ..chinese import to_hans
from ..messages import SUBJECT, day
from .idcard import masked

STATUS = {
    "met": "符合要求",
    "not_met": "尚未達到要求",
    "not_required": "不要求繼續教育學時",
    "not_limiting": "學時不作為限制性條件",
}
HAS_ERRORS = "有錯誤，未檢查"
RESULT_COLUMNS = (
    "行號",
    "序號",
    "姓名",
    "工作單位",
    "身份證號",
    "查詢結果",
    "公需科目還差（學時）",
    "專業科目還差（學時）",
    "還可以學（截止日期）",
    "已不能補學",
    "依據條款",
    "問題",
)
ERROR_COLUMNS = ("工作表", "行號", "列", "姓名", "問題")
# What is still to study, worded as the calculator's own to-do list (site_builder/labels.py's
# "todoBy", "todoOwn", "todoMakeUp", "todoSeparator"; a test keeps the two the same): a line per
# date, the notice year's own hours first, then each make-up year named as one.
TODO_BY = "{date}前："
TODO_OWN = "{year}年度{subject}還要學 {hours} 學時"
TODO_MAKE_UP = "補學{year}年度{subject} {hours} 學時"
TODO_SEPARATOR = "；"
SUMMARY = (
    ("people", "人數"),
    ("met", STATUS["met"]),
    ("not_met", STATUS["not_met"]),
    ("not_required", STATUS["not_required"]),
    ("not_limiting", STATUS["not_limiting"]),
    ("errors", "有錯誤"),
)


def _missing(hours) -> str:
    """An exact shortfall from the JSON number: rounded up to one decimal. A JSON float is
    the nearest double to an exact fraction with a small denominator (minutes / 45, hours as
    typed), which limit_denominator recovers before rounding."""
    if isinstance(hours, int):
        return str(hours)
    return H.display_up(Fraction(hours).limit_denominator(1_000_000))


def _clause(clause: str, labels: dict, names: dict) -> str:
    """A clause as the notice numbers and names it: 「一(三)1 參加職稱評審時的學時要求」."""
    return " ".join(part for part in (labels.get(clause, clause), names.get(clause, "")) if part)


def _number(text: str):
    value = float(text)
    return int(value) if value.is_integer() else value


def _rows(report: dict, mask_ids: bool, script: str):
    """One row per person, as the results sheet shows them."""
    names, labels = report.get("clause_names", {}), report.get("clause_labels", {})
    for person in report["people"]:
        number = person.get("id")
        shown_id = (masked(number) if mask_ids else number) or ""
        base = [person["row"], person.get("serial", ""), person["name"], person.get("unit", ""), shown_id]
        if "errors" in person:
            yield base + [HAS_ERRORS, "", "", "", "", "", "；".join(e["text"] for e in person["errors"])]
            continue
        result = person["result"]
        shown = result.get("display")
        if shown:
            short = {s: shown["shortfall"][s] for s in SUBJECT}
            to_study = [(i["year"], i["subject"], i["hours"], i["by"]) for i in shown["to_study"]]
            closed = [(i["year"], i["subject"], i["hours"]) for i in shown["closed"]]
        else:
            short = {s: _missing(result["shortfall"][s]) for s in SUBJECT}
            to_study = [(i["year"], i["subject"], _missing(i["hours"]), i["by"]) for i in result["to_study"]]
            closed = [(i["year"], i["subject"], _missing(i["hours"])) for i in result["closed"]]
        study = to_do(to_study, report["notice"])
        late = "；".join(f"{y}年度{SUBJECT[s]}{h}學時" for y, s, h in closed)
        yield base + [
            STATUS[result["status"]],
            _number(short["public"]),
            _number(short["professional"]),
            study,
            late,
            "；".join(_clause(c, labels, names) for c in result["clauses"]),
            "",
        ]


def to_do(items, notice: int) -> str:
    """(year, subject, hours, by) items as the calculator's to-do list says them: 「2025年11月30日前：
    2025年度公需科目還要學 6 學時；補學2023年度公需科目 20 學時」. A year other than the notice's
    own is a make-up year (the engine lists no other year as still to study)."""
    by_date: dict = {}
    for year, subject, hours, by in sorted(items, key=lambda i: (i[0] != notice, i[0])):
        template = TODO_OWN if year == notice else TODO_MAKE_UP
        by_date.setdefault(by, []).append(template.format(year=year, subject=SUBJECT[subject], hours=hours))
    return "\n".join(
        (TODO_BY.format(date=_date(by)) if by else "") + TODO_SEPARATOR.join(texts) for by, texts in by_date.items()
    )


def _date(iso: str) -> str:
    from datetime import date

    return day(date.fromisoformat(iso))


def _error_rows(report: dict):
    for person in report["people"]:
        for e in person.get("errors", ()):
            yield [
                e.get("sheet", report.get("sheet", "")),
                e.get("row", person["row"]),
                e["column"],
                person["name"],
                e["message"],
            ]
    for e in report.get("unmatched_records", ()):
        yield [e["sheet"], e["row"], e["column"], "", e["message"]]


def _script(report: dict) -> str:
    return report.get("script", "hant")


def _words(text, script: str):
    return to_hans(text) if script == "hans" and isinstance(text, str) else text


def to_xlsx(report: dict, *, mask_ids: bool = True) -> bytes:
    try:
        import xlsxwriter
    except ImportError:  # pragma: no cover - an installation without the [roster] extra
        raise RuntimeError("pip install 'alxa-ce-calculator[roster]'") from None
    script = _script(report)
    out = io.BytesIO()
    # in_memory: no temporary files (there are none in the browser), and nothing left on disk.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(_words("查詢結果", script))
    summary = report["summary"]
    sheet.write_string(
        0,
        0,
        _words(f"{report['notice']}年度繼續教育學時批量自查結果（按本站對通知的理解，以主管部門審核為準）", script),
        bold,
    )
    sheet.write_string(1, 0, _words("；".join(f"{label}{summary[key]}" for key, label in SUMMARY), script))
    _table(sheet, 3, RESULT_COLUMNS, _rows(report, mask_ids, script), bold, wrap, script)
    sheet.set_column(0, 1, 6)
    sheet.set_column(2, 5, 14)
    sheet.set_column(6, 7, 10)
    sheet.set_column(8, 11, 36)
    sheet.freeze_panes(4, 3)
    errors = book.add_worksheet(_words("錯誤", script))
    _table(errors, 0, ERROR_COLUMNS, _error_rows(report), bold, wrap, script)
    errors.set_column(0, 3, 12)
    errors.set_column(4, 4, 60)
    read = book.add_worksheet(_words("讀取說明", script))
    warnings = [[w["message"]] for w in report.get("warnings", ())] or [[_words("沒有需要核對的提示。", script)]]
    _table(read, 0, ["看結果之前請先核對"], warnings, bold, wrap, script)
    _table(
        read,
        len(warnings) + 2,
        ["工作表", "列", "表頭", "讀作"],
        (
            [c["sheet"], c["letter"], c["header"], c["read_as"] or _words("不讀取", script)]
            for c in report.get("columns", ())
        ),
        bold,
        wrap,
        script,
    )
    read.set_column(0, 0, 40)
    read.set_column(1, 1, 6)
    read.set_column(2, 3, 30)
    book.close()
    return out.getvalue()


def _table(sheet, first_row, headers, rows, bold, wrap, script):
    for c, title in enumerate(headers):
        sheet.write_string(first_row, c, _words(title, script), bold)
    for r, row in enumerate(rows, first_row + 1):
        for c, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, _text(_words(str(value), script)), wrap)


def to_csv(report: dict, *, mask_ids: bool = True) -> bytes:
    """One table: the results, each person's errors in the last column; records that name
    nobody follow as rows of their own."""
    script = _script(report)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_words(h, script) for h in RESULT_COLUMNS])
    for row in _rows(report, mask_ids, script):
        writer.writerow([_cell(_words(v, script)) for v in row])
    for e in report.get("unmatched_records", ()):
        writer.writerow([""] * (len(RESULT_COLUMNS) - 1) + [_cell(e["text"])])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str) -> str:
    """A text as a spreadsheet can hold it: no control characters (a NUL makes the CSV one
    that readers refuse), no lone surrogates (bytes of a name that were not UTF-8)."""
    if CONTROL.search(value):
        value = CONTROL.sub("", value)
    if not value.isascii():
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def _cell(value):
    """A text that a spreadsheet would run as a formula (=, +, -, @ first) keeps a leading '."""
    if isinstance(value, str):
        value = _text(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value

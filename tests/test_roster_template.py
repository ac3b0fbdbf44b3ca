"""The roster template an officer downloads, read back as Excel and WPS would open it (openpyxl:
drop-down lists, cell formats), and by the roster's own reader.

Which columns, lists and years the template should have is worked out here from the year's rule
blocks as the compiler wrote them (calculator/generated/notice_<year>.py), never from one year's
figures, and never through the template's own code; the same derivation is checked against the
year's rules with one rule block left out at a time, as a later notice may drop a rule."""

from __future__ import annotations

import csv
import html
import importlib
import io
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from roster_fixtures import TODAY, birth_for_age, id_number
from years import latest

from calculator import check, roster
from calculator.chinese import to_hans
from calculator.policy import Policy

YEAR = latest()
MODULE = importlib.import_module(f"calculator.generated.notice_{YEAR}")
SCRIPTS = ("hant", "hans")
SITE_FOLDERS = {"hans": "", "hant": "zh-hant/"}

# docs/dev/contract.md's columns of a person that every year may have, in the template's order.
# The circumstances' columns come between 查詢日期 and the year columns, as the year's rule blocks
# declare them (`asks`: each column is named by its `name`), by kind: yes/no, lists of years
# (考核認定年度 after them), one year; each kind in the notice's order.
EVERY_YEAR_COLUMNS = ("序號", "姓名", "身份證號", "性別", "出生日期", "工作單位", "查詢目的", "申報級別", "查詢日期")
ALWAYS = ("序號", "姓名", "身份證號", "工作單位", "查詢目的", "查詢日期")
LEVEL_NAMES = {"junior": "初級", "intermediate": "中級", "senior": "高級"}
HEADER_ROW = 3  # the people sheet's header, as a spreadsheet numbers rows: under a title and 填報單位


# --- what the year's rules ask for, from its rule blocks ------------------------------------


def _kinds(rules: list[dict]) -> dict[str, list]:
    out: dict[str, list] = {}
    for rule in rules:
        for kind, spec in rule.items():
            if kind not in ("clause", "source"):
                out.setdefault(kind, []).append(spec)
    return out


def declared(rules: list[dict]) -> list[dict]:
    """The circumstances the rule blocks declare, in the notice's order."""
    return [a for asks in _kinds(rules).get("asks", ()) for a in asks]


def person_field(rules: list[dict]) -> dict[str, str]:
    """A person's column -> the case field it fills."""
    return {"性別": "sex", "出生日期": "birth_date", **{a["name"]: a["id"] for a in declared(rules)}}


def flags(rules: list[dict]) -> list[str]:
    """The yes/no circumstances' columns."""
    return [a["name"] for a in declared(rules) if a["kind"] == "yes_no"]


def no_amount(rules: list[dict]) -> list[dict]:
    """The channels whose record takes no hours (a certificate): one 是/否 column a year each."""
    return [spec for spec in _kinds(rules).get("channel", ()) if "meets_in_full" in spec or "fixed_hours" in spec]


def column_word(channel: dict) -> str:
    return channel.get("roster", channel["name"])


def expected_headers(rules: list[dict], year: int) -> list[str]:
    """The people sheet's header the year's rules call for: the contract's every-year columns
    that the year uses, the circumstances the rule blocks declare, then the year columns for the
    notice's own year, its make-up years and its title years."""
    kinds = _kinds(rules)

    def wanted(column):
        if column in ALWAYS:
            return True
        if column == "申報級別":
            return "title" in kinds
        return "age" in kinds  # 性別, 出生日期: for the age rule

    asked = declared(rules)
    by_kind = {kind: [a["name"] for a in asked if a["kind"] == kind] for kind in ("yes_no", "years", "year")}
    assessment = ["考核認定年度"] if "assessment" in kinds else []
    circumstances = by_kind["yes_no"] + by_kind["years"] + assessment + by_kind["year"]
    years = {year}
    for spec in kinds.get("make_up", ()):
        years.update(spec["years"])
    for spec in kinds.get("title", ()):
        years.update(y for level in spec.values() for y in level["years"])
    subjects = ("公需", "專業", *(column_word(c) for c in no_amount(rules)))
    return (
        [c for c in EVERY_YEAR_COLUMNS if wanted(c)]
        + circumstances
        + [f"{y}{s}" for y in sorted(years) for s in subjects]
    )


def expected_lists(rules: list[dict]) -> dict[str, list[str]]:
    """Column -> its drop-down list, for the people sheet, in Traditional."""
    kinds = _kinds(rules)
    headers = expected_headers(rules, MODULE.YEAR)
    levels = [name for level, name in LEVEL_NAMES.items() if any(level in spec for spec in kinds.get("title", ()))]
    lists = {
        "性別": ["男", "女"],
        "查詢目的": ["年度"]
        + (["職稱評審"] if "title" in kinds else [])
        + (["考核認定"] if "assessment" in kinds else []),
        "申報級別": levels,
    }
    words = tuple(column_word(c) for c in no_amount(rules))
    lists.update({h: ["是", "否"] for h in headers if h in flags(rules) or (words and h.endswith(words))})
    return {h: v for h, v in lists.items() if h in headers}


def in_script(text: str, script: str) -> str:
    return to_hans(text) if script == "hans" else text


def policy_without(index: int) -> Policy:
    rules = [r for i, r in enumerate(MODULE.RULES) if i != index]
    return Policy.from_module(
        SimpleNamespace(**{**{k: getattr(MODULE, k) for k in dir(MODULE) if k.isupper()}, "RULES": rules})
    )


# --- reading a template back -------------------------------------------------------------------


def workbook(script: str, policy=YEAR) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(roster.template_xlsx(policy, script)))


def header_of(sheet, row: int = HEADER_ROW) -> list[str]:
    return [c.value for c in sheet[row] if c.value is not None]


def lists_of(book, sheet) -> dict[str, tuple[list[str], object]]:
    """Header -> (its drop-down list's values, the validation), for each column with a list;
    a list given as a range is read from the cells it names."""
    header_row = HEADER_ROW if sheet is book.worksheets[0] else 1
    header = {get_column_letter(c.column): c.value for c in sheet[header_row] if c.value is not None}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        source = validation.formula1
        if source.startswith('"'):
            values = source.strip('"').split(",")
        else:
            where, _, cells = source.lstrip("=").rpartition("!")
            values = [row[0] for row in book[where.strip("'")][cells.replace("$", "")]]
            values = [c.value for c in values]
        for cells in str(validation.sqref).split():
            first_column, first_row, last_column, last_row = range_boundaries(cells)
            assert first_column == last_column
            found[header[get_column_letter(first_column)]] = (values, validation, first_row, last_row)
    return found


def every_text(book) -> list[str]:
    """Every text an officer can see in the workbook: sheet names, cells, input and error messages."""
    texts = list(book.sheetnames)
    for sheet in book.worksheets:
        texts += [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        for v in sheet.data_validations.dataValidation:
            texts += [t for t in (v.promptTitle, v.prompt, v.errorTitle, v.error, v.formula1) if t]
    return texts


def chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# --- the columns ---------------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_header_names_the_columns_the_years_rules_use(script):
    book = workbook(script)
    want = [in_script(h, script) for h in expected_headers(MODULE.RULES, MODULE.YEAR)]
    assert header_of(book.worksheets[0]) == want
    csv_header = next(csv.reader(io.StringIO(roster.template_csv(YEAR, script).decode("utf-8-sig"))))
    assert csv_header == want


@pytest.mark.parametrize(
    "index",
    [i for i, rule in enumerate(MODULE.RULES) if "requirement" not in rule],
    ids=lambda i: f"without-{MODULE.RULES[i]['clause']}",
)
def test_a_year_without_a_rule_has_no_column_for_it_and_names_it_under_more(index):
    """Each rule block left out in turn (a later notice may drop one): the header follows the
    rules that are left, and the columns no rule reads are named in 填寫說明's 「更多情況」."""
    rules = [r for i, r in enumerate(MODULE.RULES) if i != index]
    book = workbook("hant", policy_without(index))
    header = header_of(book.worksheets[0])
    assert header == expected_headers(rules, MODULE.YEAR)
    guide = list(book["填寫說明"].iter_rows(values_only=True))
    names = [row[0] for row in guide]
    # A circumstance's column is its rule block's (`asks`): a year without the block does not ask
    # it, and the roster does not read it. The other columns are every year's.
    asked = {a["name"] for asks in _kinds(MODULE.RULES).get("asks", ()) for a in asks}
    left_out = [c for c in (*EVERY_YEAR_COLUMNS, "考核認定年度") if c not in header and c not in asked]
    if left_out:
        more = names.index("更多情況")
        assert names[more + 1 :] == left_out
        assert "需要時" in guide[more][1] and "加上" in guide[more][1]
    else:
        assert "更多情況" not in names
    assert {h: v for h, (v, *_) in lists_of(book, book.worksheets[0]).items()} == expected_lists(rules)
    minutes = "conversion" in _kinds(rules)  # 分鐘 only where the year converts minutes to hours
    assert (
        header_of(book["學習記錄"], 1)
        == ["身份證號", "序號", "姓名", "計入年度", "學習日期", "培訓渠道", "科目", "學時"] + ["分鐘"] * minutes
    )


# --- drop-down lists, the ID column ------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_drop_down_lists_offer_the_words_the_reader_takes(script):
    book = workbook(script)
    people = book.worksheets[0]
    lists = lists_of(book, people)
    want = expected_lists(MODULE.RULES)
    assert set(want) >= {"性別", "查詢目的"} and any(h in want for h in flags(MODULE.RULES))
    assert {h: v for h, (v, *_) in lists.items()} == {
        in_script(h, script): [in_script(v, script) for v in values] for h, values in want.items()
    }
    for header, (_values, validation, first, last) in lists.items():
        assert first == HEADER_ROW + 1 and last - first >= 999, (
            header
        )  # from the first row under the header, 1000 rows at least
        assert validation.errorStyle in (None, "stop")
        assert chinese(validation.error) and chinese(validation.errorTitle), header
        assert chinese(validation.prompt) and validation.showInputMessage and validation.showErrorMessage, header

    records = book.worksheets[1]
    assert records.title == in_script("學習記錄", script)
    channels = [spec["name"] for spec in _kinds(MODULE.RULES)["channel"]]
    record_lists = lists_of(book, records)
    assert record_lists[in_script("培訓渠道", script)][0] == [in_script(c, script) for c in channels]
    assert record_lists[in_script("科目", script)][0] == [in_script(s, script) for s in ("公需", "專業")]
    assert all(last - first >= 999 for _, _, first, last in record_lists.values())


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_id_column_is_text(script):
    book = workbook(script)
    for sheet, row in ((book.worksheets[0], HEADER_ROW), (book.worksheets[1], 1)):
        header = [c.value for c in sheet[row]]
        letter = get_column_letter(header.index(in_script("身份證號", script)) + 1)
        # The whole column's format: a number typed or pasted into any row stays text.
        assert sheet.column_dimensions[letter].number_format == "@", sheet.title
        examples = [c.value for c in sheet[letter][row:] if c.value is not None]
        assert examples and all(isinstance(v, str) and len(v) == 18 for v in examples)


# --- the script ----------------------------------------------------------------------------------


def test_the_simplified_template_is_simplified_and_the_traditional_one_traditional():
    hans, hant = every_text(workbook("hans")), every_text(workbook("hant"))
    assert len(hans) == len(hant)
    assert all(to_hans(text) == text for text in hans)
    assert [to_hans(text) for text in hant] == hans
    assert sum(a != b for a, b in zip(hant, hans, strict=False)) > len(hans) // 4  # not Simplified by chance
    assert workbook("hant").sheetnames == ["花名冊", "學習記錄", "填寫說明"]
    csv_hans = roster.template_csv(YEAR, "hans").decode("utf-8-sig")
    assert to_hans(csv_hans) == csv_hans == to_hans(roster.template_csv(YEAR, "hant").decode("utf-8-sig"))
    assert csv_hans != roster.template_csv(YEAR, "hant").decode("utf-8-sig")


# --- the example rows -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("script", SCRIPTS)
def test_the_example_rows_are_skipped_not_checked(script, kind):
    data = (roster.template_xlsx if kind == "xlsx" else roster.template_csv)(YEAR, script)
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        names = {c.row: c.value for c in sheet["B"][HEADER_ROW:] if c.value}
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        names = {i: row[1] for i, row in enumerate(rows[1:], 2)}
    assert len(names) == 2 and all(n.startswith("示例：") for n in names.values())
    report = roster.check_file(data, f"模板.{kind}", today=TODAY)
    assert report["people"] == [] and report["summary"]["people"] == 0
    skipped = {w["row"] for w in report["warnings"] if w["kind"] == "skipped_row" and not w.get("sheet")}
    assert skipped == set(names)


def test_the_records_example_row_is_skipped_and_said_not_reported_as_naming_nobody():
    report = roster.check_file(roster.template_xlsx(YEAR), "模板.xlsx", today=TODAY)
    assert report["unmatched_records"] == []
    assert any(w["kind"] == "skipped_row" and w.get("sheet") and "示例" in w["message"] for w in report["warnings"])


# --- a template filled in -------------------------------------------------------------------------


def _filled(script: str) -> tuple[bytes, list[tuple[str, dict]]]:
    """The template with two people added under the examples, as an officer fills it in openpyxl
    (Excel's own file format), each cell that has a drop-down list filled from that list."""
    book = workbook(script)
    sheet = book.worksheets[0]
    traditional = {in_script(h, script): h for h in expected_headers(MODULE.RULES, MODULE.YEAR)}
    column = {traditional[h]: i for i, h in enumerate(header_of(sheet), 1)}
    lists = {traditional[h]: values for h, (values, *_) in lists_of(book, sheet).items()}
    policy = Policy.load(YEAR)
    public, professional = policy.requirement["public"], policy.requirement["professional"]
    y = policy.year
    people = []

    yearly = {"姓名": "王芳", "查詢目的": lists["查詢目的"][0], f"{y}公需": public, f"{y}專業": professional - 5}
    people.append(
        (
            yearly,
            {
                "notice": y,
                "purpose": "annual",
                "records": [
                    {"year": y, "channel": "platform", "subject": "public", "hours": public},
                    {"year": y, "channel": "platform", "subject": "professional", "hours": professional - 5},
                ],
            },
        )
    )

    if policy.title_years:
        level = "intermediate" if "intermediate" in policy.title_years else next(iter(policy.title_years))
        level_names = dict(zip([lv for lv in LEVEL_NAMES if lv in policy.title_years], lists["申報級別"], strict=True))
        title_years = policy.title_years[level]
        birth = birth_for_age(40)
        cells = {
            "姓名": "劉洋",
            "身份證號": id_number(birth, 5, female=False),
            "查詢目的": lists["查詢目的"][1],
            "申報級別": level_names[level],
            **{f"{t}公需": public for t in title_years},
            **{f"{t}專業": professional for t in title_years[1:]},
        }
        person = {"sex": "male", "birth_date": birth.isoformat()}
        if "性別" in lists:
            cells.update({"性別": lists["性別"][0], "出生日期": birth.isoformat()})
        # The hours columns are records of the year's first channel that counts the subject claimed.
        hours = next(c.id for c in policy.channels.values() if c.counts_toward == "claimed")
        records = [
            *({"year": t, "channel": hours, "subject": "public", "hours": public} for t in title_years),
            *({"year": t, "channel": hours, "subject": "professional", "hours": professional} for t in title_years[1:]),
        ]
        exam = next((c for c in no_amount(MODULE.RULES) if "meets_in_full" in c), None)
        exam_column = f"{title_years[0]}{column_word(exam)}" if exam else None
        if exam_column in lists:  # 是: the first title year's professional hours met by an exam
            cells[exam_column] = lists[exam_column][0]
            records.append({"year": title_years[0], "channel": exam["id"]})
        else:
            cells[f"{title_years[0]}專業"] = professional
            records.append({"year": title_years[0], "channel": hours, "subject": "professional", "hours": professional})
        for flag in (h for h in flags(MODULE.RULES) if h in lists):  # 否, from the list
            cells[flag] = lists[flag][1]
            person[person_field(MODULE.RULES)[flag]] = False
        people.append((cells, {"notice": y, "purpose": "title", "level": level, "person": person, "records": records}))

    first = sheet.max_row + 1
    for r, (cells, _) in enumerate(people, first):
        for name, value in cells.items():
            cell = sheet.cell(r, column[name])
            cell.value = in_script(value, script) if isinstance(value, str) else value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), [(cells["姓名"], case) for cells, case in people]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_filled_in_template_is_read_as_filled(script):
    data, people = _filled(script)
    report = roster.check_file(data, "花名冊.xlsx", today=TODAY, script=script)
    checked = report["people"]
    assert [p["name"] for p in checked] == [in_script(name, script) for name, _ in people]
    for entry, (name, case) in zip(checked, people, strict=True):
        assert "errors" not in entry, entry["errors"]
        assert entry["result"] == check(case, TODAY, script=script), name
    assert report["summary"]["errors"] == 0


# --- the site's links -----------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_site_links_the_templates_in_its_own_script(built_site, script):
    from site_builder import roster_assets

    page = built_site / SITE_FOLDERS[script] / str(YEAR) / "roster" / "index.html"
    markup = page.read_text(encoding="utf-8")
    links = re.findall(
        r'<a class="md-button" href="([^"]+)" download="([^"]+)">',
        markup.split('class="roster-templates"')[1].split("</p>")[0],
    )
    assert [Path(name).suffix for _, name in links] == [".xlsx", ".csv"]
    for href, name in links:
        name = html.unescape(name)
        kind = Path(name).suffix[1:]
        assert name == roster_assets.template_name(YEAR, kind, script)
        assert chinese(name) and Path(unquote(html.unescape(href))).name == name
        data = (page.parent / unquote(html.unescape(href))).resolve().read_bytes()
        if kind == "xlsx":
            header = header_of(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0])
        else:
            header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert header == [in_script(h, script) for h in expected_headers(MODULE.RULES, MODULE.YEAR)]

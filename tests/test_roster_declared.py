"""A later notice that asks about a new circumstance or adds a new kind of training gets its roster
columns with no code: the roster reads, and its template writes, what the rule blocks declare.

A made-up year is compiled from Markdown into a temporary package: a yes/no circumstance that
exempts (退役軍人), a list of years that are dropped, one year from which hours are required, a
channel that counts the hours claimed under another id than any real year's, a channel that
meets a subject in full and one that credits a fixed number of hours, each with its own column
word. Every figure the checks use is read from the compiled rules, never written here."""

from __future__ import annotations

import importlib.util
import io
import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from roster_fixtures import id_number

import notice_compiler
from calculator import available, check, roster, rule_kinds
from calculator.chinese import to_hans
from calculator.policy import Policy
from calculator.roster import columns, people, read_as

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ("hant", "hans")
HEADER_ROW = 3  # the template's header row, as a spreadsheet numbers rows

NOTICE = """\
---
year: 2036
status: published
title: 示例盟關于做好2036年專業技術人員繼續教育工作的通知
issuer: 示例盟人力資源和社會保障局
issued: 2036-01-10
---

# 示例盟關于做好2036年專業技術人員繼續教育工作的通知

## 一、開展繼續教育 {#c-1}

### (二)學時規定 {#c-1-2}

每年參加繼續教育累計應不少于 100學時,其中,公需科目不少于 40學時,專業科目不少于 60學時。2036年繼續教育培訓從 2036年 2 月 1 日開始,至2036年 10 月 31 日截止。同時,可補學 2035年度的繼續教育。

```rule
clause: "1.2"
requirement: {total: 100, public: 40, professional: 60, says: "累計應不少于 100學時,其中,公需科目不少于 40學時,專業科目不少于 60學時"}
window: {year: 2036, from: 2036-02-01, to: 2036-10-31, says: "2036年 2 月 1 日開始,至2036年 10 月 31 日截止"}
make_up: {studied_in: 2036, years: [2035], says: {studied_in: 2036年繼續教育培訓, years: 可補學 2035年度}}
```

### (三)結果使用 {#c-1-3}

1.申報高、中級職稱評審的人員,需完成 2034年、2035年、2036年學習,總學時達到 300學時(公需科目 120學時,專業科目 180學時);申報初級職稱評審的人員,需完成 2036年學習,總學時達到 100學時。 {#c-1-3-1}

```rule
clause: "1.3.1"
title:
  senior: {years: [2034, 2035, 2036], total: 300, public: 120, professional: 180, says: "完成 2034年、2035年、2036年學習,總學時達到 300學時(公需科目 120學時,專業科目 180學時)"}
  intermediate: {years: [2034, 2035, 2036], total: 300, public: 120, professional: 180, says: "完成 2034年、2035年、2036年學習,總學時達到 300學時(公需科目 120學時,專業科目 180學時)"}
  junior: {years: [2036], total: 100, says: "完成 2036年學習,總學時達到 100學時"}
```

### (四)學時計入及折合規定 {#c-1-4}

1.線上學習的學時計入相應科目。 {#c-1-4-1}

```rule
clause: "1.4.1"
channel: {id: web_course, name: 線上學習, counts_toward: claimed}
```

2.職業資格考試合格的,視同完成當年度專業科目學時要求。 {#c-1-4-2}

```rule
clause: "1.4.2"
channel: {id: license_exam, name: 職業資格考試合格, roster: 資格考試, meets_in_full: professional}
```

3.當年取得職業技能等級證書的,計專業科目 20學時。 {#c-1-4-3}

```rule
clause: "1.4.3"
channel: {id: skill_certificate, name: 取得職業技能等級證書, roster: 技能等級證書, fixed_hours: {subject: professional, hours: 20, says: 計專業科目 20學時}}
```

### (五)學時減免規定 {#c-1-5}

1.退役軍人申報職稱評審時,繼續教育學時不作為限制性條件。 {#c-1-5-1}

```rule
clause: "1.5.1"
exemption: {purposes: [title], when_any: [veteran], effect: not_limiting}
asks:
  - {id: veteran, kind: yes_no, question: 是退役軍人, name: 退役軍人, words: 退役軍人}
```

2.參加援派工作的專業技術人員申報職稱時,不要求援派當年度的繼續教育學時。 {#c-1-5-2}

```rule
clause: "1.5.2"
drop_years: {purposes: [title], field: aid_years}
asks:
  - {id: aid_years, kind: years, question: 參加過援派工作, name: 援派年度, ask: 哪些年度, words: 參加援派工作, roster: [援派年份]}
```

3.從外地調入的,按調入后的年度完成繼續教育學時要求。 {#c-1-5-3}

```rule
clause: "1.5.3"
years_from: {purposes: [title], field: moved_year}
asks:
  - {id: moved_year, kind: year, question: 從外地調入, name: 調入年度, ask: 調入年份, words: 從外地調入}
```

示例盟人力資源和社會保障局

2036 年 1 月 10 日
"""


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    source = tmp_path_factory.mktemp("policy_src")
    (source / "2036").mkdir()
    (source / "2036" / "notice.md").write_text(NOTICE, encoding="utf-8")
    out = tmp_path_factory.mktemp("generated")
    notice_compiler.compile_all(source, out)
    spec = importlib.util.spec_from_file_location("notice_2036", out / "notice_2036.py")
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


@pytest.fixture(scope="module")
def policy(module) -> Policy:
    return Policy.from_module(module)


def _declared(module) -> list[dict]:
    """The circumstances the rule blocks declare, as the compiler wrote them."""
    return [c for rule in module.RULES for c in rule.get("asks", ())]


def _channels(module) -> list[dict]:
    return [rule["channel"] for rule in module.RULES if "channel" in rule]


def _no_amount(module) -> list[dict]:
    return [c for c in _channels(module) if "meets_in_full" in c or "fixed_hours" in c]


def _claimed(module) -> str:
    return next(c["id"] for c in _channels(module) if c.get("counts_toward") == "claimed")


def _in(text: str, script: str) -> str:
    return to_hans(text) if script == "hans" else text


def _today(policy: Policy):
    return policy.window.start + timedelta(days=30)


# --- no id of a circumstance or a channel in the roster's code -------------------------------------


def test_no_circumstance_or_channel_id_is_written_in_the_roster_code(module):
    """The roster follows the declarations: the ids of every compiled year's circumstances and
    channels (and the made-up year's) appear nowhere in its code, as whole words."""
    ids = {c["id"] for c in _declared(module)} | {c["id"] for c in _channels(module)}
    for year in available():
        compiled = Policy.load(year)
        ids |= set(compiled.circumstances) | set(compiled.channels)
    files = [
        *sorted((ROOT / "calculator" / "roster").glob("*.py")),
        ROOT / "calculator" / "roster_browser.py",
        *sorted((ROOT / "docs" / "assets" / "roster").glob("*.js")),
    ]
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ids))) + r")\b")
    found = [
        f"{path.relative_to(ROOT)}:{n}: {m[1]}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in pattern.finditer(line)
    ]
    assert not found, found


# --- the template ----------------------------------------------------------------------------------


def _lists(book, sheet) -> dict[str, list[str]]:
    header = {get_column_letter(c.column): c.value for c in sheet[HEADER_ROW] if c.value is not None}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in str(validation.sqref).split():
            first_column, *_ = range_boundaries(cells)
            found[header[get_column_letter(first_column)]] = validation
    return found


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_template_has_a_column_for_each_declared_circumstance_and_no_amount_channel(module, policy, script):
    book = openpyxl.load_workbook(io.BytesIO(roster.template_xlsx(policy, script)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[HEADER_ROW] if c.value is not None]
    declared = _declared(module)
    for c in declared:
        assert _in(c["name"], script) in header, c["name"]
    years = {module.YEAR, *policy.make_up.years, *(y for ys in policy.title_years.values() for y in ys)}
    for channel in _no_amount(module):
        word = channel.get("roster", channel["name"])
        assert [h for h in header if h.endswith(_in(word, script))] == [
            f"{y}{_in(word, script)}" for y in sorted(years)
        ]
    validations = _lists(book, sheet)
    for c in declared:
        validation = validations[_in(c["name"], script)]
        assert _in(c["question"], script) in validation.prompt  # the note says what the column asks
        if c["kind"] == "yes_no":
            assert validation.type == "list" and validation.formula1 == '"' + _in("是,否", script) + '"'
        elif c["kind"] == "year":
            assert validation.type == "whole" and validation.errorStyle == "warning"
    for channel in _no_amount(module):
        validation = validations[f"{module.YEAR}{_in(channel.get('roster', channel['name']), script)}"]
        assert validation.type == "list" and _in(channel["name"], script) in validation.prompt
    # No column for a circumstance this year does not declare.
    assert not {_in(n, script) for n in ("非公有制經濟領域", "疫情防控年度", "轉任年度")} & set(header)


# --- reading a roster of the made-up year ----------------------------------------------------------


def _people(module, policy: Policy) -> list[tuple[dict, dict, str | None]]:
    """(cells of a row, the case it is, the status expected) for each person."""
    y = module.YEAR
    req = policy.requirement
    claimed = _claimed(module)
    exam = next(c for c in _no_amount(module) if "meets_in_full" in c)
    fixed = next(c for c in _no_amount(module) if "fixed_hours" in c)
    fixed_subject, fixed_hours = fixed["fixed_hours"]["subject"], fixed["fixed_hours"]["hours"]
    word = {c["id"]: c.get("roster", c["name"]) for c in _no_amount(module)}
    names = {c["id"]: c["name"] for c in _declared(module)}
    kinds = {c["id"]: c["kind"] for c in _declared(module)}
    yes_no = next(i for i, k in kinds.items() if k == "yes_no")
    many = next(i for i, k in kinds.items() if k == "years")
    one = next(i for i, k in kinds.items() if k == "year")
    level = next(iter(policy.title_years))
    title_years = policy.title_years[level]
    other = "public" if fixed_subject == "professional" else "professional"
    words = {"public": "公需", "professional": "專業"}

    def hours(year, subject, amount):
        return {"year": year, "channel": claimed, "subject": subject, "hours": amount}

    out = []
    # An annual check: the fixed hours make up what the hours column lacks; without the
    # certificate, short by the fixed hours.
    for name, certificate, status in (("甲", "是", "met"), ("乙", "否", "not_met")):
        cells = {
            "姓名": name,
            f"{y}{words[other]}": req[other],
            f"{y}{words[fixed_subject]}": req[fixed_subject] - fixed_hours,
            f"{y}{word[fixed['id']]}": certificate,
        }
        records = [hours(y, other, req[other]), hours(y, fixed_subject, req[fixed_subject] - fixed_hours)]
        if certificate == "是":
            records.append({"year": y, "channel": fixed["id"]})
        out.append((cells, {"purpose": "annual", "records": records}, status))
    # The exam: its subject met in full.
    out.append(
        (
            {"姓名": "丙", f"{y}{words['public']}": req["public"], f"{y}{word[exam['id']]}": "是"},
            {"purpose": "annual", "records": [hours(y, "public", req["public"]), {"year": y, "channel": exam["id"]}]},
            "met",
        )
    )
    level_name = {"junior": "初級", "intermediate": "中級", "senior": "高級"}[level]
    birth = date(y - 40, 3, 1)  # a title evaluation asks for the sex and birth date: the ID number gives them
    title = {"查詢目的": "職稱評審", "申報級別": level_name, "身份證號": id_number(birth, 3, female=False)}
    born = {"sex": "male", "birth_date": birth.isoformat()}
    # The yes/no circumstance: not limiting, with no hours at all.
    out.append(
        (
            {"姓名": "丁", **title, names[yes_no]: "是"},
            {"purpose": "title", "level": level, "person": {**born, yes_no: True}, "records": []},
            "not_limiting",
        )
    )
    # The list of years: those years dropped; the others met.
    dropped = list(title_years[:1])
    kept = [t for t in title_years if t not in dropped]
    row = {"姓名": "戊", **title, names[many]: "、".join(map(str, dropped))}
    records = []
    for t in kept:
        row.update({f"{t}公需": req["public"], f"{t}專業": req["professional"]})
        records += [hours(t, "public", req["public"]), hours(t, "professional", req["professional"])]
    out.append((row, {"purpose": "title", "level": level, "person": {**born, many: dropped}, "records": records}, None))
    # One year: hours required from that year on.
    since = title_years[-1]
    out.append(
        (
            {
                "姓名": "己",
                **title,
                names[one]: since,
                f"{since}公需": req["public"],
                f"{since}專業": req["professional"],
            },
            {
                "purpose": "title",
                "level": level,
                "person": {**born, one: since},
                "records": [hours(since, "public", req["public"]), hours(since, "professional", req["professional"])],
            },
            None,
        )
    )
    for _, case, _ in out:
        case["notice"] = y
    return out


def _filled(policy: Policy, rows: list[dict], script: str, headers: dict[str, str] | None = None) -> bytes:
    """The year's template with `rows` written under its example rows, in `script`; `headers`
    renames columns as a unit may write them."""
    book = openpyxl.load_workbook(io.BytesIO(roster.template_xlsx(policy, script)))
    sheet = book.worksheets[0]
    for cell in sheet[HEADER_ROW]:
        if cell.value is not None and headers:
            cell.value = _in(headers.get(cell.value, cell.value), script)
    at = {c.value: c.column for c in sheet[HEADER_ROW] if c.value is not None}
    first = sheet.max_row + 1
    for r, row in enumerate(rows, first):
        for name, value in row.items():
            column = at[_in((headers or {}).get(name, name), script)]
            sheet.cell(r, column).value = _in(value, script) if isinstance(value, str) else value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_roster_of_the_new_columns_is_read_into_the_declared_fields_and_checked(module, policy, script):
    rows = _people(module, policy)
    today = _today(policy)
    policies = {module.YEAR: policy}
    data = _filled(policy, [cells for cells, _, _ in rows], script)
    report = roster.check_file(data, "花名冊.xlsx", today=today, script=script, policies=policies, notice=module.YEAR)
    assert report["summary"]["errors"] == 0, report["people"]
    assert [p["name"] for p in report["people"]] == [_in(cells["姓名"], script) for cells, _, _ in rows]
    for entry, (cells, case, status) in zip(report["people"], rows, strict=True):
        assert entry["result"] == check(case, today, policies, script=script), cells["姓名"]
        if status:
            assert entry["result"]["status"] == status, cells["姓名"]
    statuses = [entry["result"]["status"] for entry in report["people"]]
    assert statuses[4:] == ["met", "met"]  # the dropped years, and the years before the one given
    shortfall = report["people"][1]["result"]["shortfall"]
    fixed = next(c for c in _no_amount(module) if "fixed_hours" in c)["fixed_hours"]
    assert shortfall[fixed["subject"]] == fixed["hours"]

    # What each column was read as: a circumstance by its declared name, a channel's by its name.
    read = {c["header"]: c["read_as"] for c in report["columns"]}
    for c in _declared(module):
        assert read[_in(c["name"], script)] == _in(c["name"], script)
    for channel in _no_amount(module):
        said = read[f"{module.YEAR}{_in(channel.get('roster', channel['name']), script)}"]
        assert _in(channel["name"], script) in said


def test_the_cases_have_the_declared_fields_and_the_channels_records(module, policy):
    """The people sheet read into cases directly: each circumstance in the case field of its id,
    each 是 of a no-amount channel a record of that channel, hours of the claimed channel; a
    circumstance's other header (`roster`) and Simplified headers are read as its column."""
    rows = _people(module, policy)
    other = {c["name"]: c["roster"][0] for c in _declared(module) if c.get("roster")}
    assert other  # the made-up year gives one circumstance another header
    headers = sorted({h for cells, _, _ in rows for h in cells}, key=lambda h: (h[:1].isdigit(), h))
    written = [to_hans(other.get(h, h)) for h in headers]
    sheet = [written] + [[cells.get(h, "") for h in headers] for cells, _, _ in rows]
    header = columns.find(sheet, "people", "x", policy=policy)
    persons = people.read(sheet, header, policy, "x")
    for person, (cells, case, _) in zip(persons, rows, strict=True):
        assert not person.errors, person.errors
        assert person.case.get("person", {}) == case.get("person", {}), cells["姓名"]
        got = [
            r if isinstance(r, dict) else {k: v for k, v in r._asdict().items() if v is not None}
            for r in person.case["records"]
        ]
        assert sorted(map(repr, got)) == sorted(map(repr, case["records"])), cells["姓名"]


def test_a_bad_cell_of_a_new_column_names_that_column_as_written(module, policy):
    declared = _declared(module)
    yes_no = next(c for c in declared if c["kind"] == "yes_no")
    one = next(c for c in declared if c["kind"] == "year")
    header = ["姓名", to_hans(yes_no["name"]), one["name"]]
    sheet = [header, ["甲", "也許", "去年"]]
    found = columns.find(sheet, "people", "x", policy=policy)
    person = people.read(sheet, found, policy, "x")[0]
    assert [e["column"] for e in person.errors] == header[1:]
    assert all(e["text"].startswith(f"第2行「{e['column']}」") for e in person.errors)


def test_a_column_this_year_does_not_declare_is_not_read(module, policy):
    """Another year's circumstance (2025's 非公有制經濟領域, say) is not this year's: its column is
    left unread, said so in a warning, and the person is checked."""
    elsewhere = next(
        (c.name for year in available() for c in Policy.load(year).circumstances.values()),
        None,
    )
    if elsewhere is None or elsewhere in {c["name"] for c in _declared(module)}:
        pytest.skip("no other year's circumstance to try")
    req = policy.requirement
    rows = [
        ["姓名", elsewhere, f"{module.YEAR}公需", f"{module.YEAR}專業"],
        ["甲", "是", req["public"], req["professional"]],
    ]
    header = columns.find(rows, "people", "x", policy=policy)
    assert elsewhere not in header.columns
    said = {c["header"]: c["read_as"] for c in read_as.columns(header, "x", set())}
    assert elsewhere in said and said[elsewhere] is None  # what was not read is said
    person = people.read(rows, header, policy, "x")[0]
    assert not person.errors and "person" not in person.case
    # ... and a warning names it: the officer must not think its 是 changed anyone's result.
    data = "\n".join(",".join(map(str, row)) for row in rows).encode("utf-8")
    report = roster.check_file(
        data, "花名冊.csv", today=_today(policy), policies={module.YEAR: policy}, notice=module.YEAR
    )
    (warning,) = [w for w in report["warnings"] if w["kind"] == "circumstance_not_read"]
    assert f"「{elsewhere}」" in warning["message"] and "沒有讀" in warning["message"]


def test_a_roster_with_only_no_amount_columns_is_said_to_have_no_hour_column(module, policy):
    """A column of a channel that takes no amount holds 是, not hours: a roster with such
    columns and no subject column is checked as having no hours, and the warning says so,
    naming those columns."""
    headers = ["姓名", *(f"{module.YEAR}{c.get('roster', c['name'])}" for c in _no_amount(module))]
    data = "\n".join([",".join(headers), ",".join(["甲", *("是" for _ in headers[1:])])]).encode("utf-8")
    report = roster.check_file(
        data, "花名冊.csv", today=_today(policy), policies={module.YEAR: policy}, notice=module.YEAR
    )
    said = [w for w in report["warnings"] if w["kind"] == "no_hour_columns"]
    assert len(said) == 1 and all(f"「{h}」" in said[0]["message"] for h in headers[1:])
    assert {c["header"] for c in report["columns"] if c["read_as"]} == set(headers)


def test_the_roster_reads_every_kind_of_circumstance_a_rule_block_may_declare(module, policy):
    """Each kind of circumstance (rule_kinds) has its reader, and every declared circumstance has
    its column in the template: a new kind cannot be left out of the roster in silence."""
    assert set(people.KIND_READERS) == set(rule_kinds.CIRCUMSTANCE_KINDS)
    for year in available():
        compiled = Policy.load(year)
        assert {c.name for c in compiled.circumstances.values()} <= set(roster.template.person_headers(compiled))
    assert {c["name"] for c in _declared(module)} <= set(roster.template.person_headers(policy))

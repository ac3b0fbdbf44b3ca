"""A roster file -> every person's result, and how many met, did not, and so on.

Each person's case goes through `calculator.check_or_errors`, exactly as one case typed into
the calculator would: the roster adds no rule of its own.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date

from .. import check_or_errors
from ..case import CompiledPolicies, Record
from ..chinese import to_hans
from ..policy import Policy
from . import cells, columns, details, files, people, read_as
from .columns import newest_notice
from .problems import RosterError

STATUSES = ("met", "not_met", "not_required", "not_limiting")
PROGRESS_EVERY = 200
RECORDS_SHEET = "學習記錄"
INSTRUCTIONS_SHEET = "填寫說明"


def check_file(
    data: bytes,
    filename: str,
    *,
    records: tuple[bytes, str] | None = None,
    today: date,
    notice: int | None = None,
    script: str = "hant",
    display: bool = False,
    brief: bool = False,
    progress: Callable[[int, int], None] | None = None,
    policies=None,
) -> dict:
    """The report: each person's result (or errors), the counts, the unmatched records.

    `brief=True` leaves out of each result what the table and the exports never show: its
    "notes" (their texts are a good part of the engine's time) and its per-year tables
    ("years", "make_up_years"). Each person checked then keeps their "case", and
    `full_result` / `full_report` give the whole result again, exactly as `brief=False`
    would (the same check of the same case). `policies`: year -> Policy, the notices a roster
    may be checked under (default: those compiled into calculator/generated/).
    """
    # A roster makes many small objects and no reference cycles: the cyclic collector,
    # triggered again and again by so many allocations, would only cost time (~20%).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_file(data, filename, records, today, notice, script, display, brief, progress, policies)
    finally:
        if collecting:
            gc.enable()


def _check_file(data, filename, records, today, notice, script, display, brief, progress, policies) -> dict:
    policies = CompiledPolicies() if policies is None else policies
    if notice is None:
        notice = newest_notice(policies)
    if notice not in policies:
        known = "、".join(f"{y}年度" for y in policies)
        raise RosterError(_in(f"沒有{notice}年度的通知，可選：{known}", script))
    policy = policies[notice]
    try:
        book = files.read(data, filename)
        sheet, rows, header = people_sheet(book, policy)
        found = read_as.unreadable(rows, header)
        persons = people.read(rows, header, policy, sheet, found)
        orphans: list[dict] = []
        detail_source = records_sheet(book, sheet) if records is None else records_file(*records)
        del rows  # each sheet's cells are dropped once read: a league's roster is big
        read = read_as.columns(header, sheet, book.hidden_columns(sheet))
        warnings = read_as.warnings(header, read, bool(detail_source), policy, found)
        if detail_source:
            detail_sheet, detail_rows, detail_header, detail_hidden = detail_source
            read += read_as.columns(detail_header, detail_sheet, detail_hidden)
            warnings += read_as.unreadable(detail_rows, detail_header, detail_sheet)
            orphans = details.add(detail_rows, detail_header, policy, detail_sheet, persons, warnings)
            del detail_source, detail_rows
    except RosterError as exc:
        raise RosterError(_in(exc.message, script)) from None

    entries = []
    counts = dict.fromkeys(STATUSES, 0)
    counts["errors"] = 0
    total = len(persons)
    for done, person in enumerate(persons, 1):
        entry = {"row": person.row, "name": person.name, "unit": person.unit, "id": person.id, "serial": person.serial}
        errors = person.errors
        if not errors:
            result = check_or_errors(
                person.case, today, policies, script=script, display=display, notes=not brief, tables=not brief
            )
            if "errors" in result:
                errors = people.engine_errors(person, result["errors"])
            else:
                entry["result"] = result
                counts[result["status"]] += 1
                if brief:
                    entry["case"] = person.case  # for its full result, if it is asked for
            person.case = None  # checked: only its result is kept
        if errors:
            entry["errors"] = _errors_in(errors, script)
            counts["errors"] += 1
        entries.append(entry)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    if progress and not total:
        progress(0, 0)
    report = {
        "people": entries,
        "summary": {"people": total, **counts},
        "notice": notice,
        "sheet": sheet,
        "script": script,
        # The notice's clauses, id -> name and id -> the notice's own numbering (一(三)1), for
        # exports that name the clauses of each result as the page and the notice show them.
        "clause_names": _in_names(policy.clauses, script),
        "clause_labels": policy.clause_labels,
        # Rows of the records sheet that name nobody in the roster (or more than one person).
        "unmatched_records": _errors_in(orphans, script),
        # What each column was read as, and what to know before trusting the results.
        "columns": [{**c, "read_as": c["read_as"] and _in(c["read_as"], script)} for c in read],
        "warnings": [{**w, "message": _in(w["message"], script)} for w in warnings],
    }
    if brief:
        report["checked_as"] = {"today": today.isoformat(), "display": display}  # for full_result
    return report


def check_sizes(sizes: list[tuple[int, str]], script: str = "hant") -> None:
    """RosterError (in `script`) when a file, given as (size in bytes, name), is past what a
    roster can be: said before it is read."""
    try:
        for size, filename in sizes:
            files.check_size(size, filename)
    except RosterError as exc:
        raise RosterError(_in(exc.message, script)) from None


def forget() -> None:
    """Drops what reading rosters left in memory beyond their reports: the memoised texts of
    their cells (headers, names, dates) and of translated messages, which hold names. For the
    page's 「清除」: once its report is dropped too, nothing of the roster is kept."""
    columns.forget()
    cells.forget()
    to_hans.cache_clear()


def full_result(report: dict, index: int, policies=None) -> dict | None:
    """The `index`th person's whole result, notes and tables included, as check_file() gives it
    (None for a person with errors)."""
    entry = report["people"][index]
    if "case" not in entry:
        return entry.get("result")
    options = report["checked_as"]
    return check_or_errors(
        entry["case"],
        date.fromisoformat(options["today"]),
        policies,
        script=report["script"],
        display=options["display"],
    )


def full_report(report: dict) -> dict:
    """The report as check_file(brief=False) gives it."""
    if "checked_as" not in report:
        return report
    policies = CompiledPolicies()
    people = [
        {
            **{k: v for k, v in entry.items() if k != "case"},
            **({"result": full_result(report, i, policies)} if "result" in entry else {}),
        }
        for i, entry in enumerate(report["people"])
    ]
    return {**{k: v for k, v in report.items() if k != "checked_as"}, "people": people}


def people_sheet(book: files.Book, policy: Policy | None = None) -> tuple[str, list[list], columns.Header]:
    """The first sheet with a header row naming 姓名 (not the records or instructions sheet),
    its columns as the rules of `policy` name them (default: the newest notice's)."""
    policy = policy or columns.default_policy()
    skipped = {columns.normal(RECORDS_SHEET), columns.normal(INSTRUCTIONS_SHEET)}
    candidates = [s for s in book.sheet_names if columns.normal(s) not in skipped] or book.sheet_names
    return _first_with_header(book, candidates, "people", policy)


def records_sheet(book: files.Book, people_sheet: str):
    """The workbook's 學習記錄 sheet, if it has one: (name, rows, header, hidden columns)."""
    for sheet in book.sheet_names:
        if sheet != people_sheet and columns.normal(sheet) == columns.normal(RECORDS_SHEET):
            rows = book.rows(sheet)
            return sheet, rows, columns.find(rows, "records", f"工作表「{sheet}」"), book.hidden_columns(sheet)
    return None


def records_file(data: bytes, filename: str):
    """A second file of records: its 學習記錄 sheet, else its first sheet with such a header."""
    book = files.read(data, filename)
    names = sorted(book.sheet_names, key=lambda s: columns.normal(s) != columns.normal(RECORDS_SHEET))
    sheet, rows, header = _first_with_header(book, names, "records")
    return sheet, rows, header, book.hidden_columns(sheet)


def _first_with_header(book: files.Book, sheets: list[str], kind: str, policy: Policy | None = None):
    """(name, rows, header) of the first of `sheets` whose header of `kind` is found; else the
    first sheet's problem, which says what its header lacks."""
    example = policy.year if policy else None
    first_problem = None
    for sheet in sheets[: files.MAX_SHEETS_TRIED]:  # a workbook of 10,000 empty sheets is no roster
        rows = book.rows(sheet)
        try:
            return sheet, rows, columns.find(rows, kind, _sheet_name(book, sheet), example, policy)
        except RosterError as exc:
            first_problem = first_problem or exc
    raise first_problem


def _sheet_name(book: files.Book, sheet: str) -> str:
    """How messages name a sheet: the file for a CSV, else the sheet."""
    return book.name if book.sheet_names == [book.name] else f"工作表「{sheet}」"


def _in_names(names: dict[str, str], script: str) -> dict[str, str]:
    return {k: _in(v, script) for k, v in names.items()}


def _in(text: str, script: str) -> str:
    return to_hans(text) if script == "hans" else text


def _errors_in(errors: list[dict], script: str) -> list[dict]:
    """Messages in `script`; the row and the column stay named as the sheet names them."""
    if script == "hant":
        return errors
    out = []
    for e in errors:
        where = e["text"][: len(e["text"]) - len(e["message"])]
        message = to_hans(e["message"])
        out.append({**e, "message": message, "text": where + message})
    return out


def case_of_row(values: dict, *, notice: int | None = None) -> dict:
    """The case that a row of the people sheet makes, given as {header: cell}, e.g.
    {"姓名": "張敏", "2025公需": 30}: {"case": {...}} or {"errors": [...]} for bad cells."""
    policies = CompiledPolicies()
    policy = policies[newest_notice(policies) if notice is None else notice]
    headers = list(values)
    header = columns.find([headers, [values[h] for h in headers]], "people", "這一行", policy=policy)
    persons = people.read([headers, [values[h] for h in headers]], header, policy, "")
    if not persons:
        return {"case": None}
    person = persons[0]
    if person.errors:
        return {"errors": person.errors}
    return {"case": {**person.case, "records": [_record_json(r) for r in person.case["records"]]}}


def _record_json(record) -> dict:
    """A record of a roster's case as a case's JSON writes it (the roster keeps Records)."""
    if not isinstance(record, Record):
        return record
    written = record._asdict()  # the case's field names: Record is the case's record
    written["studied_on"] = record.studied_on and record.studied_on.isoformat()
    return {k: v for k, v in written.items() if v is not None}

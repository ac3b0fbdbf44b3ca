"""The benchmark's roster files: 1,000 or 10,000 people with ten records each, as a unit would
send them: an .xlsx (花名冊 + 學習記錄 sheets), CSV (roster + records file, UTF-8 with BOM), and a
roster as the template has it (hours in year columns). Random but seeded: the same files every
time. Used by bench/roster.py, roster_chromium.py, roster_profile.py and
roster_digest.py.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

from calculator import available
from calculator.case import CompiledPolicies

PEOPLE_HEADERS = ["序號", "姓名", "身份證號", "工作單位", "查詢目的", "申報級別", "高技能人才", "考核認定年度"]
RECORD_HEADERS = ["身份證號", "計入年度", "學習日期", "培訓渠道", "科目", "學時", "分鐘"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id(rng: random.Random) -> str:
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    first17 = f"152921{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def rows(people: int, records: int, notice: int, seed: int = 2025) -> tuple[list[list], list[list]]:
    """The people rows and the record rows (header first), like bench/engine.py's cases."""
    policy = CompiledPolicies()[notice]
    channels = [c.name for c in policy.channels.values()]
    no_amount = {c.name for c in policy.channels.values() if not c.takes_amount}
    rng = random.Random(seed)
    people_rows, record_rows = [PEOPLE_HEADERS], [RECORD_HEADERS]
    for n in range(1, people + 1):
        number = _id(rng)
        purpose = rng.choice(["年度", "職稱評審", "考核認定"])
        people_rows.append(
            [
                n,
                f"職工{n:05d}",
                number,
                "阿拉善盟某單位",
                purpose,
                rng.choice(["初級", "中級", "高級"]),
                "是" if rng.random() < 0.2 else "",
                f"{notice - 1}、{notice}",
            ]
        )
        for _ in range(records):
            channel = rng.choice(channels)
            studied = date(notice - 2, 1, 1) + timedelta(days=rng.randrange(3 * 365))
            row = [number, rng.choice([notice - 2, notice - 1, notice]), studied.isoformat(), channel, "", "", ""]
            if channel not in no_amount:
                row[4] = rng.choice(["公需", "專業"])
                row[5 if rng.random() < 0.5 else 6] = rng.randrange(1, 600)
            record_rows.append(row)
    return people_rows, record_rows


def year_column_rows(people: int, notice: int, seed: int = 2025) -> list[list]:
    """A roster as the template has it: each person's verified hours in `<year>公需` /
    `<year>專業` columns (no detail sheet), for every year the rules read."""
    policy = CompiledPolicies()[notice]
    years = sorted(
        {
            policy.year,
            *(policy.make_up.years if policy.make_up else ()),
            *(y for ys in policy.title_years.values() for y in ys),
        }
    )
    need = policy.requirement
    rng = random.Random(seed)
    table = [
        ["序號", "姓名", "身份證號", "查詢目的", "申報級別", *(f"{y}{k}" for y in years for k in ("公需", "專業"))]
    ]
    for n in range(1, people + 1):
        hours = [
            rng.choice([need[s], need[s], need[s] - rng.randrange(1, 20), ""])
            for _ in years
            for s in ("public", "professional")
        ]
        table.append(
            [
                n,
                f"職工{n:05d}",
                _id(rng),
                rng.choice(["年度", "職稱評審"]),
                rng.choice(["初級", "中級", "高級"]),
                *hours,
            ]
        )
    return table


def write_fixtures(folder: Path, people: int, records: int = 10, notice: int | None = None) -> dict[str, Path]:
    """Writes roster-<people>.xlsx (花名冊 and 學習記錄 sheets), roster-<people>.csv and
    records-<people>.csv (UTF-8 with BOM) into `folder`; returns them by kind."""
    import xlsxwriter

    notice = notice or max(y for y, s in available().items() if s == "published")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    people_rows, record_rows = rows(people, records, notice)
    xlsx = folder / f"roster-{people}.xlsx"
    book = xlsxwriter.Workbook(str(xlsx), {"strings_to_numbers": False})
    for name, table in (("花名冊", people_rows), ("學習記錄", record_rows)):
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                elif value:
                    sheet.write_string(r, c, value)
    book.close()
    out = {"xlsx": xlsx}
    names = {
        "csv": f"roster-{people}.csv",
        "records_csv": f"records-{people}.csv",
        "columns_csv": f"roster-{people}-year-columns.csv",
    }
    for kind, table in (
        ("csv", people_rows),
        ("records_csv", record_rows),
        ("columns_csv", year_column_rows(people, notice)),
    ):
        text = io.StringIO(newline="")
        csv.writer(text, lineterminator="\r\n").writerows(table)
        path = folder / names[kind]
        path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
        out[kind] = path
    return out

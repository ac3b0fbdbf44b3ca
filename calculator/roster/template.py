"""The roster template a unit downloads: the contract's columns for the year's rules, a
填寫說明 sheet, and two example rows. Year columns are the years the year's rules make
relevant: the notice's own year, its make-up years and the years a title evaluation needs."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from ..case import CompiledPolicies
from ..messages import SUBJECT
from ..policy import Policy
from .columns import YEAR_LABELS
from .idcard import check_character

SHEET = "花名冊"
RECORDS_SHEET = "學習記錄"
INSTRUCTIONS_SHEET = "填寫說明"
PERSON_HEADERS = ("序號", "姓名", "身份證號", "性別", "出生日期", "工作單位", "查詢目的", "申報級別", "查詢日期",
                  "非公有制經濟領域", "基層一線", "高技能人才", "出站博士後", "疫情防控年度", "考核認定年度",
                  "轉任年度", "破格任職年度")
RECORD_HEADERS = ("身份證號", "序號", "姓名", "計入年度", "學習日期", "培訓渠道", "科目", "學時", "分鐘")
INSTRUCTIONS = {
    "序號": "可不填；學習記錄表可以用序號對應到人",
    "姓名": "必填",
    "身份證號": "18位，請把這一列設為「文本」格式（存成數字會丟失後幾位）；填了可不填性別和出生日期",
    "性別": "男 或 女（申報職稱評審時用於按年齡減免學時）",
    "出生日期": "如 1978-04-12、1978/4/12 或 1978年4月12日",
    "工作單位": "可不填",
    "查詢目的": "年度、職稱評審 或 考核認定；不填按年度",
    "申報級別": "職稱評審時必填：初級、中級 或 高級",
    "查詢日期": "申報日期，用於計算年齡和截止日期；不填按今天",
    "非公有制經濟領域": "是 或 否（也可以打 √ 或不填）",
    "基層一線": "蘇木鎮等基層一線：是 或 否",
    "高技能人才": "是 或 否",
    "出站博士後": "符合通知條件的出站博士後：是 或 否",
    "疫情防控年度": "符合疫情防控職稱評審傾斜政策的年度，幾個年度用頓號隔開",
    "考核認定年度": "考核認定時必填：考核認定要求的年度，用頓號隔開",
    "轉任年度": "從黨政機關轉任到專業技術崗位的年份",
    "破格任職年度": "破格申報時，現任職的起始年份",
}


def _policy(notice: int) -> Policy:
    return CompiledPolicies()[notice]


def years(policy: Policy) -> list[int]:
    """The years whose hours the year's rules read: its own, make-up and title years."""
    found = {policy.year}
    if policy.make_up:
        found.update(policy.make_up.years)
    for level_years in policy.title_years.values():
        found.update(level_years)
    return sorted(found)


def year_headers(policy: Policy) -> list[str]:
    return [f"{y}{YEAR_LABELS[kind]}" for y in years(policy) for kind in ("public", "professional", "qualification_exam")]


def _example_id(birth: str, sequence: str) -> str:
    """A made-up ID number with a valid checksum (region 152921: 阿拉善左旗)."""
    first17 = "152921" + birth.replace("-", "") + sequence
    return first17 + check_character(first17)


def _examples(policy: Policy) -> list[dict]:
    """Two example people: a title evaluation with the years it needs met, and a yearly check
    with half of its professional hours here and the rest in the 學習記錄 sheet's example;
    every figure from the year's rules."""
    req = policy.requirement
    level = "intermediate" if "intermediate" in policy.title_years else next(iter(policy.title_years), None)
    title_years = policy.title_years.get(level, (policy.year,))
    first = {"序號": 1, "姓名": "示例：張敏", "身份證號": _example_id("1980-04-12", "002"), "工作單位": "示例單位",
             "查詢目的": "職稱評審" if level else "年度", "申報級別": {"junior": "初級", "intermediate": "中級", "senior": "高級"}.get(level, "")}
    for y in title_years:
        first[f"{y}{YEAR_LABELS['public']}"] = req["public"]
        first[f"{y}{YEAR_LABELS['professional']}"] = req["professional"]
    second = {"序號": 2, "姓名": "示例：李強", "身份證號": _example_id("1990-09-01", "013"), "工作單位": "示例單位",
              "查詢目的": "年度", f"{policy.year}{YEAR_LABELS['public']}": req["public"],
              f"{policy.year}{YEAR_LABELS['professional']}": req["professional"] // 2}
    return [first, second]


def _headers(policy: Policy) -> list[str]:
    return [*PERSON_HEADERS, *year_headers(policy)]


def _instructions(policy: Policy) -> list[tuple[str, str]]:
    rows = [(h, INSTRUCTIONS[h]) for h in PERSON_HEADERS]
    rows.append(("某年公需、某年專業", f"單位核定的該年度公需科目、專業科目學時（如 {policy.year}公需）；不填表示沒有"))
    rows.append(("某年職業資格考試", "該年在自治區參加職業資格考試且成績合格的，填 是"))
    rows.append(("學習記錄表", "可選：一條記錄一行，用身份證號（或序號、姓名）對應花名冊裡的人，寫明計入年度、學習日期、"
                 "培訓渠道、科目和學時（沒有學時標準的填分鐘）"))
    rows.append(("培訓渠道可填", "；".join(c.name for c in policy.channels.values())))
    rows.append(("科目可填", "、".join(v.removesuffix("科目") for v in SUBJECT.values())))
    rows.append(("注意", "表頭要在前10行之內；列的順序可以調換；其他的列（聯繫電話、備註等）不影響檢查"))
    return rows


def template_xlsx(notice: int) -> bytes:
    import xlsxwriter

    policy = _policy(notice)
    headers = _headers(policy)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    # A fixed date, not the time of writing: the same rules give the same bytes.
    book.set_properties({"title": f"{policy.year}年專業技術人員繼續教育培訓花名冊", "created": datetime(1980, 1, 1)})
    bold = book.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1})
    text = book.add_format({"num_format": "@"})  # 身份證號 as text, never a number
    sheet = book.add_worksheet(SHEET)
    sheet.write_string(0, 0, f"{policy.year}年專業技術人員繼續教育培訓花名冊", book.add_format({"bold": True, "font_size": 14}))
    sheet.write_string(1, 0, "填報單位：")
    for c, header in enumerate(headers):
        sheet.write_string(2, c, header, bold)
    id_column = headers.index("身份證號")
    sheet.set_column(id_column, id_column, 21, text)
    sheet.set_column(0, 0, 6)
    for r, example in enumerate(_examples(policy), 3):
        for c, header in enumerate(headers):
            value = example.get(header)
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value:
                sheet.write_string(r, c, value)
    sheet.freeze_panes(3, 2)
    records = book.add_worksheet(RECORDS_SHEET)
    for c, header in enumerate(RECORD_HEADERS):
        records.write_string(0, c, header, bold)
    records.set_column(0, 0, 21, text)
    records.set_column(5, 5, 30)
    example = _examples(policy)[1]
    channel = next(iter(policy.channels.values()))
    records.write_string(1, 0, example["身份證號"])
    records.write_number(1, 1, example["序號"])
    records.write_string(1, 2, example["姓名"])
    records.write_number(1, 3, policy.year)
    if policy.window:
        records.write_string(1, 4, policy.window.start.isoformat())
    records.write_string(1, 5, channel.name)
    records.write_string(1, 6, "專業")
    records.write_number(1, 7, policy.requirement["professional"] - example[f"{policy.year}{YEAR_LABELS['professional']}"])
    guide = book.add_worksheet(INSTRUCTIONS_SHEET)
    guide.write_string(0, 0, "列名", bold)
    guide.write_string(0, 1, "怎樣填寫", bold)
    for r, (name, how) in enumerate(_instructions(policy), 1):
        guide.write_string(r, 0, name)
        guide.write_string(r, 1, how)
    guide.set_column(0, 0, 20)
    guide.set_column(1, 1, 90)
    book.close()
    return out.getvalue()


def template_csv(notice: int) -> bytes:
    """The people sheet's header and the two example rows, UTF-8 with BOM."""
    policy = _policy(notice)
    headers = _headers(policy)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for example in _examples(policy):
        writer.writerow([example.get(h, "") for h in headers])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")

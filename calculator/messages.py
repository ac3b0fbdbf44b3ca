"""The engine's explanations, in Chinese (Traditional, as the notice is written).

Numbers and dates are never written here: they are filled in from the year's rules.
"""

from __future__ import annotations

import re
from datetime import date

SUBJECT = {"public": "公需科目", "professional": "專業科目"}
LEVEL = {"junior": "初級", "intermediate": "中級", "senior": "高級"}
SEX = {"male": "男", "female": "女"}
PURPOSE = {"annual": "年度學時", "title": "申報職稱評審", "assessment": "考核認定"}
# A case's fields as a reader names them (the calculator's form, the roster's columns): an
# error is never shown under a code name such as records[0].hours.
FIELDS = {
    "notice": "通知年度",
    "purpose": "查詢目的",
    "level": "申報級別",
    "as_of": "查詢日期",
    "assessment_years": "考核認定年度",
    "records": "學習記錄",
    "person": "申請人信息",
    "person.sex": "性別",
    "person.birth_date": "出生日期",
}
RECORD_FIELDS = {
    "year": "計入年度",
    "studied_on": "學習日期",
    "channel": "培訓渠道",
    "subject": "科目",
    "hours": "學時",
    "minutes": "分鐘",
}


def field_name(path: str, policy=None) -> str:
    """An error's field as a reader names it: records[0].hours -> 第1條學習記錄的「學時」; a
    circumstance by the name its year's rules give it (`policy`); a field the case does not
    know is quoted as written (person.age -> 申請人信息中的「age」)."""
    record = re.fullmatch(r"records\[(\d+)\](?:\.(\w+))?", path)
    if record:
        where = f"第{int(record.group(1)) + 1}條學習記錄"
        field = record.group(2)
        return where if field is None else f"{where}的「{RECORD_FIELDS.get(field, field)}」"
    if path in FIELDS:
        return FIELDS[path]
    parent, _, name = path.rpartition(".")
    circumstance = policy.circumstances.get(name) if policy is not None and parent == "person" else None
    if circumstance:
        return circumstance.name
    if parent in FIELDS:
        return f"{FIELDS[parent]}中的「{name}」"
    listed = re.fullmatch(r"(\w+)\[(\d+)\]", path)
    if listed and listed.group(1) in FIELDS:
        return f"{FIELDS[listed.group(1)]}的第{int(listed.group(2)) + 1}項"
    return f"「{path}」"


TEMPLATES = {
    # What is required, by purpose.
    "plan.annual": "{year}年度要求：公需科目不少于{public}學時、專業科目不少于{professional}學時，兩科分別計算，一科多出的學時不能抵另一科。",
    "plan.title": "申報{level}職稱，需完成{years}年度的學時，每年公需科目不少于{public}學時、專業科目不少于{professional}學時，各年分別計算。",
    "plan.assessment": "考核認定按你填寫的{years}年度計算，每年公需科目不少于{public}學時、專業科目不少于{professional}學時。",
    # Reductions.
    "reduce.exemption.not_required": "你是{who}，{purpose}時不要求繼續教育學時。",
    "reduce.exemption.not_limiting": "你是{who}，{purpose}時繼續教育學時不作為限制性條件，相關學習經歷作為評審參考因素。",
    "reduce.age.not_limiting": "你在{as_of}已滿{age}周歲（{sex}滿{threshold}周歲），{purpose}時繼續教育學時不作為限制性條件。",
    "reduce.age.one_year_of_recent": "你在{as_of}已滿{age}周歲（{sex}滿{threshold}周歲），{purpose}時完成近{n}年（{years}年度）中任何一個年度的學時要求即可。",
    "reduce.drop_years": "{what}：{years}年度不要求學時。",
    "reduce.drop_years.none": "{what}的{years}年度不在本次需要的年度內，不影響結果。",
    "reduce.years_from.same_year": "{what}在{year}年，當年{purpose}不要求繼續教育學時。",
    "reduce.years_from": "{what}自{year}年起，只要求{year}年起的年度。",
    "reduce.none_left": "按上述規定，本次沒有需要完成學時的年度。",
    # Records.
    "record.outside_window": "{record}：{year}年度的學習期是{start}至{end}，這條記錄的學習日期{studied}不在學習期內，不計入。{errata}",
    "record.erratum": "（原文寫作「{says}」，本站按「{reads}」理解。）",
    "record.make_up": "{record}：在{studied_in}年補學{year}年度的學時，計入{year}年度。",
    "record.make_up_outside_window": "{record}：補學{year}年度也要在{year_of_window}年度的學習期{start}至{end}內學習，這條記錄的學習日期{studied}不在學習期內，不計入。",
    "record.make_up_only": "{record}：{year}年度不在本次需要的年度內，不影響本次結論，只計入{year}年度的補學進度。",
    "record.later_year": "{record}：{year}年度的學時要按{year}年度的通知計算，本通知不計入。",
    "record.make_up_refused": "{record}：{studied_in}年只可補學{allowed}年度，在{studied_year}年學習的學時不能計入{year}年度，不計入。",
    "record.other_year": "{record}：學習日期在{studied_year}年，不屬於{year}年度，本通知也沒有允許這樣補記，不計入。",
    "record.moved": "{record}：{channel}的學時只計入{subject}，已按{subject}計算。",
    "record.condition": "{record}：{channel}的學時只在{condition}時才可計入，不計入。",
    "record.meets_in_full": "{record}：{channel}，視同完成{year}年度{subject}學時要求。",
    "record.fixed_hours": "{record}：{channel}，計入{year}年度{subject}{hours}學時。",
    "record.minutes": "{record}：{minutes}分鐘按{per_hour}分鐘計1學時，折合{hours}學時。",
    "record.not_needed": "{record}：{year}年度不在本次需要的年度內，不影響結果。",
    # What can no longer be done (one note per year of `closed`).
    "closed.not_make_up": "{year}年度的學時不能在{studied_in}年補學：本通知只允許補學{allowed}年度。",
    "closed.no_make_up": "{year}年度的學時不能按{notice}年度的通知補學：這份通知沒有補學的規定。",
    "closed.later_year": "{year}年度的學時要按{year}年度的通知學習，本通知不能計入。",
    "closed.window_ended": "{year}年度的學習已於{end}截止。",
    "closed.make_up_ended": "補學{year}年度的學時也要在學習期內，已於{end}截止。",
    # Pieces.
    "date": "{year}年{month}月{day}日",
    "record": "「{year}年度 {channel} {amount}」",
    "amount.hours": "{subject}{hours}學時",
    "amount.minutes": "{subject}{minutes}分鐘",
    "amount.none": "{subject}",
    "condition.person": "{who}",
    "condition.purposes": "{purposes}",
    "condition.join": "並且",
    "list.join": "、",
}


def text(key: str, **values) -> str:
    return TEMPLATES[key].format(**values)


def day(d: date) -> str:
    """A date as people write it: 2025年11月30日."""
    return text("date", year=d.year, month=d.month, day=d.day)

"""The figures a clause's Chinese text states: hours, minutes, ages, years and dates.

「不少于 90學時」, 「公需科目 90學時」, 「45分鐘計 1學時」, 「男滿 55周歲、女滿 50周歲」,
「2022年和 2023年度」, 「2025年 1 月 5 日」, 「2025年 1月底」, 「10月中旬」: each is read as
a `Figure` with its kind, its value and, where the words around it say so, a tag (public,
professional or total for hours; male or female for ages). Full-width digits (９０) and the
spaces the notice prints (「2025年 11 月 31 日」) are read as the notice means them; a number
too long to be a figure, or a date that does not exist, is kept with the value None, so that
a message can quote it. Only the ASCII and full-width digits count: never other scripts' digits.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

DIGIT = "[0-9\uff10-\uff19]"
_TO_ASCII = str.maketrans("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19", "0123456789")
MAX_DIGITS = 9  # a longer run of digits is no figure of a notice (and int() of it would be slow)
SPACE = r"[ \t\u3000]*"  # the spaces the notice prints between a number and its unit
_NOT_AFTER_DIGIT = f"(?<!{DIGIT})"
# The part of a date after its month: a day, the month's end, or a third of the month.
_DAY_PART = f"(?:(?P<day>{DIGIT}{{1,2}}){SPACE}[日號号]|(?P<end>底)|(?P<third>[上中下])旬)"
DATE = re.compile(
    f"{_NOT_AFTER_DIGIT}(?P<year>{DIGIT}{{4}}){SPACE}年{SPACE}(?P<month>{DIGIT}{{1,2}}){SPACE}月{SPACE}{_DAY_PART}"
)
MONTH_DAY = re.compile(f"{_NOT_AFTER_DIGIT}(?P<month>{DIGIT}{{1,2}}){SPACE}月{SPACE}{_DAY_PART}")
YEAR = re.compile(f"{_NOT_AFTER_DIGIT}(?P<n>{DIGIT}{{4}}){SPACE}年(?!{SPACE}{DIGIT}{{1,2}}{SPACE}月)")
UNITS = {
    "hours": re.compile(f"{_NOT_AFTER_DIGIT}(?P<n>{DIGIT}+){SPACE}(?:學時|学时)"),
    "minutes": re.compile(f"{_NOT_AFTER_DIGIT}(?P<n>{DIGIT}+){SPACE}(?:分鐘|分钟)"),
    "age": re.compile(f"{_NOT_AFTER_DIGIT}(?P<n>{DIGIT}+){SPACE}(?:周歲|週歲|周岁)"),
}
# The words just before a figure that say what it is, within its own phrase.
PHRASE_END = re.compile("[,，、;；。:：()（）\n]")
LOOK_BACK = 40  # characters: a phrase is short, and a hostile text must not make this quadratic
TAGS = {
    "hours": (("public", ("公需",)), ("professional", ("專業", "专业"))),
    "age": (("male", ("男",)), ("female", ("女",))),
}
UNTAGGED = {"hours": "total", "age": None}
KINDS = ("hours", "minutes", "age", "year", "date")


@dataclass(frozen=True)
class Figure:
    kind: str  # one of KINDS
    value: object  # int; for a date its ISO text; None when it is no valid figure
    text: str  # as written in the text
    start: int
    tag: str | None = None  # hours: public / professional / total; age: male / female

    def __str__(self) -> str:
        return self.text


def figures(text: str, kind: str, notice_year: int | None = None) -> list[Figure]:
    """Every figure of `kind` in `text`, in the order it is written."""
    if kind == "date":
        return _dates(text, notice_year)
    if kind == "year":
        return [Figure("year", _number(m["n"]), m.group(0), m.start()) for m in YEAR.finditer(text)]
    found = []
    for match in UNITS[kind].finditer(text):
        found.append(Figure(kind, _number(match["n"]), match.group(0), match.start(), _tag(text, match.start(), kind)))
    return found


def number_text(text: str) -> str:
    """Full-width digits as ASCII: how a figure of the text is shown in a message."""
    return text.translate(_TO_ASCII)


def _number(digits: str) -> int | None:
    digits = digits.translate(_TO_ASCII)
    return int(digits) if len(digits.lstrip("0") or "0") <= MAX_DIGITS else None


def _tag(text: str, start: int, kind: str) -> str | None:
    if kind not in TAGS:
        return None
    before = text[max(0, start - LOOK_BACK) : start]
    ends = list(PHRASE_END.finditer(before))
    phrase = before[ends[-1].end() :] if ends else before
    for tag, words in TAGS[kind]:
        if any(w in phrase for w in words):
            return tag
    return UNTAGGED[kind]


def _dates(text: str, notice_year: int | None) -> list[Figure]:
    found = [Figure("date", _iso(_number(m["year"]), m), m.group(0), m.start()) for m in DATE.finditer(text)]
    taken = [(f.start, f.start + len(f.text)) for f in found]
    for m in MONTH_DAY.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or text[max(0, m.start() - 8) : m.start()].rstrip(
            " \t\u3000"
        ).endswith("年"):
            continue  # part of a date with its year, or with a year that is no year
        found.append(Figure("date", _iso(notice_year, m), m.group(0), m.start()))
    return sorted(found, key=lambda f: f.start)


def _iso(year: int | None, match) -> str | None:
    month = _number(match["month"])
    if year is None or not 1 <= year <= 9999 or month is None or not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if match["day"] is not None:
        day = _number(match["day"])
    elif match["end"]:
        day = last
    else:
        day = {"上": 10, "中": 20, "下": last}[match["third"]]
    if day is None or not 1 <= day <= last:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"

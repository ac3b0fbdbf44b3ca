"""Last year's figures left in a new year's hand-written pages.

A year's FAQ, 口徑說明 and worked-example names are started from the year before. A figure
of the previous year's rules (a year, 90 學時, 11月30日, 55周歲) that this year's rules no
longer have, written out in them, is almost always a leftover that would state last year's
rule as this year's. Each one is reported at its line; the fix is a placeholder from the
rules ({{requirement.total}}), new words, or `{{30}}` for a number that is not a rule's.
Quotations of the notice (「…」 on a line that says 原文) are checked against the notice itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import formulas

YEAR = re.compile(
    r"(?<![0-9A-Za-z_.@])((?:19|20)\d{2})(?![0-9A-Za-z_.])"
)  # not inside an address such as abc2022@163.com
HOURS = re.compile(r"(?<![\d.])(\d{1,4})\s*(?=學時|学时|分鐘|分钟)")
AGE = re.compile(r"(?<![\d.])(\d{1,3})\s*(?=周歲|周岁|歲|岁)")
MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
QUOTE = re.compile(r"「[^「」]*」")
QUOTING = re.compile(
    r"原文|通知說|通知写|通知寫"
)  # a line that quotes the notice (site_builder.prose checks those quotes)
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass
class Figures:
    """What a year's rules state: years, other whole numbers, and days of the year (month, day)."""

    years: set[int] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)  # hours and minutes
    ages: set[int] = field(default_factory=set)
    days: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def of(cls, rules, errata=()) -> Figures:
        """From a year's rules (kind -> spec) and its errata (the text's mistakes, as quoted)."""
        found = cls()
        for erratum in errata:
            found._walk(erratum, found.numbers)
        for kind, spec in rules.items() if isinstance(rules, dict) else ():
            found._walk(spec, found.ages if kind == "age" else found.numbers)
        return found

    def _walk(self, value, numbers: set[int]) -> None:
        if isinstance(value, dict):
            for v in value.values():
                self._walk(v, numbers)
        elif isinstance(value, list):
            for v in value:
                self._walk(v, numbers)
        elif isinstance(value, bool):
            return
        elif isinstance(value, int):
            (self.years if 1900 <= value <= 2100 else numbers).add(value)
        elif isinstance(value, str) and ISO.match(value):
            y, m, d = map(int, ISO.match(value).groups())
            self.years.add(y)
            self.days.add((m, d))
        elif isinstance(value, str):  # a quotation (`says`, an erratum): the days it writes out
            self.days |= {(int(m), int(d)) for m, d in MONTH_DAY.findall(value)}

    def without(self, other: Figures) -> Figures:
        return Figures(
            self.years - other.years, self.numbers - other.numbers, self.ages - other.ages, self.days - other.days
        )


def leftovers(text: str, stale: Figures) -> list[str]:
    """The stale figures written out in `text`, as written ("2025", "90學時", "11月30日")."""
    text = formulas.FORMULA.sub(" ", text)  # figures from the rules, or {{30}}: not leftovers
    if QUOTING.search(text):
        text = QUOTE.sub(" ", text)  # the notice's own words: checked against the notice
    found = [m.group(0) for m in MONTH_DAY.finditer(text) if (int(m.group(1)), int(m.group(2))) in stale.days]
    text = MONTH_DAY.sub(" ", text)
    found += [
        m.group(0).strip() + text[m.end() : m.end() + 2]
        for m in HOURS.finditer(text)
        if int(m.group(1)) in stale.numbers
    ]
    found += [
        m.group(0).strip() + text[m.end() : m.end() + 2] for m in AGE.finditer(text) if int(m.group(1)) in stale.ages
    ]
    found += [m.group(0) for m in YEAR.finditer(text) if int(m.group(1)) in stale.years]
    return found


def message(found: list[str], previous_year: int) -> str:
    shown = "、".join(f"「{f}」" for f in dict.fromkeys(found))
    return (
        f"{shown}是 {previous_year} 年度規則或勘誤中的數字，本年度沒有：請改用規則的佔位符"
        f"（如 {{{{requirement.total}}}}、{{{{window.to}}}}），或改寫；與規則無關的數字寫成 {{{{30}}}} 這樣"
    )

"""Last year's figures left in a new year's hand-written pages.

A year's FAQ, 口徑說明 and worked-example names are started from the year before. A figure
of the previous year's rules (a year, 90 學時, 11月30日, 55周歲) that this year's rules no
longer have, written out in them, is almost always a leftover that would state last year's
rule as this year's. Each one is reported at its line; the fix is a placeholder from the
rules ({{requirement.total}}), new words, or `{{30}}` for a number that is not a rule's.
Quotations of the notice (「…」 on a line that says 原文) are checked against the notice itself.

Figures worked out from last year's are leftovers too: a sum or difference of one of its
figures and another number on the same line (「不是80學時」 beside 20學時, when 60 is gone),
a conversion by its minutes per hour (「100分鐘，約合2.2學時」 when 45 is gone), and a count
of years in words (「這兩個年度」 when the make-up years are now one). Each is reported with
what it was worked out from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import formulas

YEAR = re.compile(
    r"(?<![0-9A-Za-z_.@])((?:19|20)\d{2})(?![0-9A-Za-z_.])"
)  # not inside an address such as abc2022@163.com
HOURS = re.compile(r"(?<![\d.])(\d{1,4})\s*(?=學時|学时|分鐘|分钟)")
# A figure of hours written without its unit: 「要求60」, 「公需30、專業60」.
BARE_HOURS = re.compile(
    r"(?<=要求|公需|專業|专业|不是|合計|合计)\s*(\d{1,4})(?![\d.年月日]|\s*(?:學時|学时|分鐘|分钟|周歲|周岁|歲|岁|個|个))"
)
NUMBER = re.compile(r"(?<![\d.])(\d{1,5})(?:\.\d+)?(?![\d])")
DECIMAL = re.compile(r"(?<![\d.])(\d{1,4}\.\d{1,2})(?!\d)")
MINUTES = re.compile(r"(?<![\d.])(\d{1,5})\s*(?=分鐘|分钟)")
SENTENCE_ENDS = ("。", "；", "\n", "！", "？")  # a figure is worked out from those of its own sentence
COUNT_WORDS = {"一": 1, "兩": 2, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
# The word a line says when it counts the years of a rule's list (「可補學的兩個年度」): a count
# of other years (「只要求其餘兩個年度」) is no figure of that list.
LIST_WORDS = {"make_up": "補", "title": "職稱", "assessment": "考核"}
YEARS_COUNT = re.compile(r"([一兩两二三四五六])\s*(?:個|个)年度")
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
    numbers: set[int] = field(default_factory=set)  # hours (and other counts)
    minutes: set[int] = field(default_factory=set)  # the minutes of an hour
    ages: set[int] = field(default_factory=set)
    days: set[tuple[int, int]] = field(default_factory=set)
    # For figures worked out from these: the minutes per hour, and each list of years by path.
    minutes_per_hour: int | None = None
    year_lists: dict[str, list[int]] = field(default_factory=dict)
    # Set by `without`: what last year had and this year has not, to tell worked-out figures.
    kept: Figures | None = None

    @classmethod
    def of(cls, rules, errata=()) -> Figures:
        """From a year's rules (kind -> spec) and its errata (the text's mistakes, as quoted)."""
        found = cls()
        for erratum in errata:
            found._walk(erratum, found.numbers)
        for kind, spec in rules.items() if isinstance(rules, dict) else ():
            found._walk(spec, {"age": found.ages, "conversion": found.minutes}.get(kind, found.numbers))
            found._lists(kind, spec)
        conversion = rules.get("conversion") if isinstance(rules, dict) else None
        if isinstance(conversion, dict) and type(conversion.get("minutes_per_hour")) is int:
            found.minutes_per_hour = conversion["minutes_per_hour"]
        return found

    def _lists(self, path: str, value) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                self._lists(f"{path}.{k}", v)
        elif isinstance(value, list) and value and all(type(v) is int and 1900 <= v <= 2100 for v in value):
            self.year_lists[path] = value

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
        """Last year's figures that this year's rules (`other`) do not have; `kept` is this year's."""
        return Figures(
            self.years - other.years,
            self.numbers - other.numbers,
            self.minutes - other.minutes,
            self.ages - other.ages,
            self.days - other.days,
            self.minutes_per_hour if self.minutes_per_hour != other.minutes_per_hour else None,
            {p: v for p, v in self.year_lists.items() if len(other.year_lists.get(p, v)) != len(v)},
            other,
        )


class Found(str):
    """A leftover as written; `source` says what it was worked out from (empty when literal),
    `fix` how to write it instead when a formula of figures is not the way (a count of years)."""

    source: str = ""
    fix: str = ""

    def __new__(cls, text: str, source: str = "", fix: str = "") -> Found:
        found = super().__new__(cls, text)
        found.source, found.fix = source, fix
        return found


def leftovers(text: str, stale: Figures) -> list[str]:
    """The stale figures written out in `text`, as written ("2025", "90學時", "11月30日"), and
    those worked out from them (each a `Found` whose `source` says how)."""
    text = formulas.FORMULA.sub(" ", text)  # figures from the rules, or {{30}}: not leftovers
    if QUOTING.search(text):
        text = QUOTE.sub(" ", text)  # the notice's own words: checked against the notice
    found = [m.group(0) for m in MONTH_DAY.finditer(text) if (int(m.group(1)), int(m.group(2))) in stale.days]
    text = MONTH_DAY.sub(" ", text)
    found += [
        m.group(0).strip() + text[m.end() : m.end() + 2]
        for m in HOURS.finditer(text)
        # 45學時 is not the 45 minutes of an hour, nor 45分鐘 a figure of hours
        if int(m.group(1)) in (stale.minutes if text[m.end() : m.end() + 1] in "分" else stale.numbers)
    ]
    found += [
        text[max(0, m.start() - 2) : m.start()] + m.group(1)
        for m in BARE_HOURS.finditer(text)
        if int(m.group(1)) in stale.numbers
    ]
    found += [
        m.group(0).strip() + text[m.end() : m.end() + 2] for m in AGE.finditer(text) if int(m.group(1)) in stale.ages
    ]
    found += [m.group(0) for m in YEAR.finditer(text) if int(m.group(1)) in stale.years]
    if stale.kept is not None:
        found += _worked_out(text, stale, set(found))
    return found


def _worked_out(text: str, stale: Figures, already: set[str]) -> list[Found]:
    """Figures of `text` worked out from last year's: sums, differences, conversions, counts."""
    now = stale.kept
    out: list[Found] = []
    plain = YEAR.sub(" ", text)
    # (where, value) of every number: a figure is worked out from those written before it
    # (「學了40學時，尚差20學時」: the 20; 「20學時……不是80學時」: the 80).
    written = [(m.start(), int(m.group(1))) for m in NUMBER.finditer(plain)]
    hours = [(m, int(m.group(1))) for m in HOURS.finditer(plain) if plain[m.end() : m.end() + 1] in "學学"]
    hours += [(m, int(m.group(1))) for m in BARE_HOURS.finditer(plain)]
    for match, value in hours:
        if value in stale.numbers or value in now.numbers:
            continue
        sentence = max(plain.rfind(stop, 0, match.start()) for stop in SENTENCE_ENDS)
        for figure in sorted(stale.numbers):
            for at, other in written:
                if not sentence < at < match.start() or other in (value, figure) or other == 0:
                    continue
                if figure + other == value or figure - other == value or other - figure == value:
                    sign = "+" if figure + other == value else "-"
                    how = f"{figure} {sign} {other}" if sign == "+" or figure > other else f"{other} - {figure}"
                    out.append(Found(_around(plain, match), f"由上一年度的 {figure} 算出（{how} = {value}）"))
                    break
            else:
                continue
            break
    if stale.minutes_per_hour:
        old, new = stale.minutes_per_hour, now.minutes_per_hour
        minutes = [(m.start(), int(m.group(1))) for m in MINUTES.finditer(plain)] + [
            (at, n) for at, n in written if f"{n} ÷" in plain or f"{n}÷" in plain
        ]
        for m in MINUTES.finditer(plain):
            n = int(m.group(1))
            for h in (v for hm, v in hours if hm.start() < m.start()):
                if h * old == n and (new is None or h * new != n):
                    out.append(Found(_around(plain, m), f"由 {h}學時 × 上一年度的 {old} 分鐘算出"))
        shown = [(m, m.group(1)) for m in DECIMAL.finditer(plain)] + [(m, str(v)) for m, v in hours]
        for at, n in dict.fromkeys(minutes):
            for match, figure in shown:
                if (
                    match.start() > at
                    and figure in _conversions(n, old)
                    and (new is None or figure not in _conversions(n, new))
                ):
                    out.append(Found(_around(plain, match), f"由 {n} ÷ 上一年度的 {old}（每學時的分鐘數）算出"))
    for m in YEARS_COUNT.finditer(plain):
        count = COUNT_WORDS[m.group(1)]
        for path, years in stale.year_lists.items():
            about = LIST_WORDS.get(path.split(".")[0])
            if len(years) == count and (about is None or about in plain):
                listed = "、".join(map(str, years))
                out.append(
                    Found(
                        m.group(0),
                        f"是上一年度 {path}（{listed}）的年度數，本年度是 {len(now.year_lists.get(path, []))} 個",
                        f"請直接寫出年度（如 {{{{{path}}}}}），明年就不用再改；或改寫",
                    )
                )
                break
    unique = {(str(f), f.source): f for f in out if f not in already}
    return list(unique.values())


def _conversions(minutes: int, per_hour: int) -> set[str]:
    """How `minutes` ÷ `per_hour` hours may be written: whole, or to one or two decimals,
    rounded or cut (「29.66…」)."""
    exact = minutes / per_hour
    if minutes % per_hour == 0:
        return {str(minutes // per_hour)}
    return {f"{exact:.1f}", f"{int(exact * 10) / 10:.1f}", f"{exact:.2f}", f"{int(exact * 100) / 100:.2f}"}


def _around(text: str, match) -> str:
    """The figure with the words just around it, as a reader finds it on the line."""
    return text[max(0, match.start() - 2) : match.end() + 2].strip()


def message(found: list[str], previous_year: int) -> str:
    literal = [f for f in dict.fromkeys(found) if not getattr(f, "source", "")]
    worked = [f for f in dict.fromkeys(found) if getattr(f, "source", "")]
    parts = []
    if literal:
        shown = "、".join(f"「{f}」" for f in literal)
        parts.append(
            f"{shown}是 {previous_year} 年度規則或勘誤中的數字，本年度沒有：請改用規則的佔位符"
            f"（如 {{{{requirement.total}}}}、{{{{window.to}}}}），或改寫；與規則無關的數字寫成 {{{{30}}}} 這樣"
        )
    for f in worked:
        fix = f.fix or (
            "請寫成算式（如 {{requirement.professional + 20}}、{{100 / conversion.minutes_per_hour}}）或改寫；"
            "確實與規則無關的數字寫成 {{80}} 這樣"
        )
        parts.append(f"「{f}」像是按 {previous_year} 年度的規則算出的：{f.source}；{fix}")
    return "；另外，".join(parts)

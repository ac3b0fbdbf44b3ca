"""Figures written relative to the year's rules: `{{requirement.professional - 20}}`.

Worked examples use them so that a new year's figures (96 hours instead of 90, another
window) need no edit where an example's meaning does not change:

    hours: "{{requirement.public}}"              # the yearly public minimum, whatever it is
    studied_on: "{{window.to + 1}}"              # the day after the window closes
    name: 一位…學了{{requirement.professional - 20}}學時…

A formula is a rule value by its dotted path (as in the FAQ's placeholders), numbers (29.75),
`+ - * /` and brackets; a date plus or minus a number is that many days later or earlier.
`{{30}}` says "this 30 is not a rule's figure" (the stale-text check then leaves it alone).

A date in a year worked out is the year's formula followed by the month and day:
`studied_on: "{{make_up.years[0]}}-05-10"`.

An item of a list is `[n]`, counted from 0, or from the end with `[-1]`:
`{{make_up.years[0]}}` (the first year that may be made up), `{{age.tiers[0].male}}`;
`.0` as in the FAQ's placeholders (`{{make_up.years.0}}`) means the same.

A whole number followed by `years` is that many years, which a date may add or take away:

    birth_date: "{{as_of - age.tiers[0].male years}}"       # turns 55 on the day of the check
    birth_date: "{{as_of - age.tiers[0].male years + 1}}"   # one day short of 55

Going back from a 29 February to a year that has none gives 28 February (the last day that
is already that many years before), so "just turned 55" stays just turned 55. In a worked
example, `as_of` and `birth_date` are the example's own dates (its case's `as_of` and
`person.birth_date`, worked out first), so a name can say them too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

FORMULA = re.compile(r"\{\{(.*?)\}\}")
TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<path>[a-z_][a-z_0-9]*(?:\.[a-z_0-9]+|\[\s*-?\d+\s*\])*)|(?P<op>[-+*/()]))"
)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEARS = "years"  # the unit after a whole number: {{as_of - 55 years}}
MAX_LENGTH = 200


class FormulaError(Exception):
    """Why a formula cannot be worked out, in Chinese."""


def value(text: str, rules: dict, own: dict | None = None):
    """The value of one formula (without its braces): a Fraction, a date, or a list of years.
    `own`: an example's own values (as_of, birth_date), read before the rules'."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"算式太長（超過 {MAX_LENGTH} 個字符）")
    tokens = _tokens(text)
    scope = {**rules, **own} if own else rules
    result, rest = _sum(tokens, scope)
    if rest:
        raise FormulaError(f"算式「{text.strip()}」在「{rest[0][1]}」處看不懂")
    if isinstance(result, Years):
        raise FormulaError(f"「{text.strip()}」是一段年數，要加在日期上，如 {{{{as_of - {result.n} years}}}}")
    return result


@dataclass(frozen=True)
class Years:
    """A number of years, which only a date may add or take away."""

    n: int


YEAR_AND_DAY = re.compile(r"\{\{(.*?)\}\}-(\d{2})-(\d{2})")


def day_of_year(text, rules: dict, own: dict | None = None) -> date | None:
    """`"{{make_up.years[0] + 1}}-06-01"`: a year worked out, then a month and day of it; None
    when `text` is not written so. FormulaError when the year is no year or the day not in it."""
    match = YEAR_AND_DAY.fullmatch(text.strip()) if isinstance(text, str) else None
    if not match:
        return None
    year = value(match.group(1), rules, own)
    if not (isinstance(year, Fraction) and year.denominator == 1 and 1 <= year <= 9999):
        raise FormulaError(f"「{text.strip()}」：{{{{ }}}} 裡要算出一個年份")
    try:
        return date(int(year), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise FormulaError(f"「{text.strip()}」：{int(year)}年沒有這一天") from None


def whole(text: str) -> str | None:
    """The formula inside `text` when the whole string is one `{{…}}`, else None."""
    match = FORMULA.fullmatch(text.strip()) if isinstance(text, str) else None
    return match.group(1) if match else None


def as_data(result):
    """A formula's value as a case or an expectation writes it: 30, "100/45", "2025-11-30"."""
    if isinstance(result, date):
        return result.isoformat()
    if isinstance(result, list):
        return result
    if result.denominator == 1:
        return int(result)
    return f"{result.numerator}/{result.denominator}"


def as_words(result) -> str:
    """A formula's value as a sentence reads it: 30, 30.25, 57又7/9, 2025年11月30日, 2022、2023.
    Never rounded: a sentence that adds its figures up must add up (33又1/3 + 36又2/3 = 70)."""
    if isinstance(result, date):
        return f"{result.year}年{result.month}月{result.day}日"
    if isinstance(result, list):
        return "、".join(str(y) for y in result)
    if result.denominator == 1:
        return str(result.numerator)
    if (result * 100).denominator == 1:  # 30.25, 2.5: exactly as written
        return f"{float(result):.2f}".rstrip("0").rstrip(".")
    sign, result = ("-", -result) if result < 0 else ("", result)
    whole_part, part = divmod(result.numerator, result.denominator)
    fraction = f"{part}/{result.denominator}"
    return sign + (f"{whole_part}又{fraction}" if whole_part else fraction)


def fill(text: str, rules: dict, own: dict | None = None) -> str:
    """`text` with every `{{…}}` replaced by its value in words; FormulaError names the first bad one."""
    return FORMULA.sub(lambda m: as_words(value(m.group(1), rules, own)), text)


# --- a small recursive-descent reader: sum := product (+|- product)*; product := atom (*|/ atom)* --


def _tokens(text: str) -> list[tuple[str, str]]:
    out, at = [], 0
    while at < len(text):
        match = TOKEN.match(text, at)
        if not match or match.end() == at:
            if text[at:].strip():
                raise FormulaError(
                    f"算式「{text.strip()}」裡有不能用的字符「{text[at:].strip()[0]}」：只能寫規則的欄位、整數和 + - * / ( )"
                )
            break
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
        at = match.end()
    if not out:
        raise FormulaError("{{ }} 裡是空的：要寫規則的欄位，如 {{requirement.public}}")
    return out


def _sum(tokens, rules):
    return _chain(tokens, rules, "+-", _product)


def _product(tokens, rules):
    return _chain(tokens, rules, "*/", _atom)


def _chain(tokens, rules, ops: str, operand):
    """operand (op operand)*, left to right, for the operators `ops` of one precedence."""
    left, tokens = operand(tokens, rules)
    while tokens and tokens[0][0] == "op" and tokens[0][1] in ops:
        op = tokens[0][1]
        right, tokens = operand(tokens[1:], rules)
        left = _apply(left, op, right)
    return left, tokens


def _atom(tokens, rules):
    found, rest = _bare_atom(tokens, rules)
    if rest and rest[0] == ("path", YEARS):  # 55 years, (age.tiers[0].male + 1) years
        if not (isinstance(found, Fraction) and found.denominator == 1):
            raise FormulaError("years 前面要寫整數的年數，如 {{as_of - age.tiers[0].male years}}")
        return Years(int(found)), rest[1:]
    return found, rest


def _bare_atom(tokens, rules):
    if not tokens:
        raise FormulaError("算式沒有寫完")
    (kind, text), rest = tokens[0], tokens[1:]
    if kind == "number":
        if len(text) > 9:
            raise FormulaError(f"數字 {text} 太大")
        return Fraction(text), rest
    if kind == "path":
        return _lookup(text, rules), rest
    if text == "(":
        inner, rest = _sum(rest, rules)
        if not rest or rest[0] != ("op", ")"):
            raise FormulaError("括號沒有配對")
        return inner, rest[1:]
    if text == "-":
        inner, rest = _atom(rest, rules)
        return _apply(Fraction(0), "-", inner), rest
    raise FormulaError(f"算式在「{text}」處看不懂")


def _apply(left, op, right):
    if isinstance(left, date) and isinstance(right, Years) and op in "+-":
        return _years_later(left, right.n if op == "+" else -right.n)
    if isinstance(left, date) and isinstance(right, Fraction) and right.denominator == 1 and op in "+-":
        days = timedelta(days=int(right))
        try:
            return left + days if op == "+" else left - days
        except OverflowError:
            raise FormulaError("日期超出範圍") from None
    if isinstance(left, Fraction) and isinstance(right, Fraction):
        if op == "/" and right == 0:
            raise FormulaError("不能除以 0")
        return left + right if op == "+" else left - right if op == "-" else left * right if op == "*" else left / right
    if isinstance(right, Years) or isinstance(left, Years):
        raise FormulaError("年數（years）只能加在日期上或從日期減去，如 {{as_of - age.tiers[0].male years}}")
    raise FormulaError("日期只能加減天數（整數）或年數（years），數字才能加減乘除")


def _years_later(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); a 29 February that the year does
    not have is its 28 February: the last day already that many years away."""
    year = day.year + years
    if not 1 <= year <= 9999:
        raise FormulaError("日期超出範圍")
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _lookup(path: str, rules: dict):
    found = rules
    for part in _parts(path):
        if isinstance(found, dict) and part in found:
            found = found[part]
        elif isinstance(found, list) and re.fullmatch(r"-?\d+", part) and -len(found) <= int(part) < len(found):
            found = found[int(part)]
        elif isinstance(found, list) and re.fullmatch(r"-?\d+", part):
            raise FormulaError(
                f"{path}：本年度的這個列表只有 {len(found)} 項（[0] 是第一項，[-1] 是最後一項）"
                + (f"，即 {as_words(list(found))}" if all(type(v) is int for v in found) else "")
            )
        else:
            raise FormulaError(
                f"本年度的規則中沒有 {path}（可用的如 requirement.public、window.to、title.senior.total）"
            )
    if isinstance(found, bool):
        raise FormulaError(f"{path} 不是數字或日期")
    if isinstance(found, int):
        return Fraction(found)
    if isinstance(found, str) and ISO_DATE.fullmatch(found):
        try:
            return date.fromisoformat(found)
        except ValueError:
            raise FormulaError(f"{path} 的日期 {found} 不存在") from None
    if isinstance(found, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in found):
        return list(found)
    raise FormulaError(f"{path} 不是數字、日期或年度列表")


def _parts(path: str) -> list[str]:
    """`make_up.years[0]` and `make_up.years.0` alike: ["make_up", "years", "0"]."""
    return [p for p in re.split(r"\.|\[\s*|\s*\]", path) if p]

"""Figures written relative to the year's rules: `{{requirement.professional - 20}}`.

Worked examples use them so that a new year's figures (96 hours instead of 90, another
window) need no edit where an example's meaning does not change:

    hours: "{{requirement.public}}"              # the yearly public minimum, whatever it is
    studied_on: "{{window.to + 1}}"              # the day after the window closes
    name: 一位…學了{{requirement.professional - 20}}學時…

A formula is a rule value by its dotted path (as in the FAQ's placeholders), numbers (29.75),
`+ - * /` and brackets; a date plus or minus a number is that many days later or earlier.
`{{30}}` says "this 30 is not a rule's figure" (the stale-text check then leaves it alone).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction

FORMULA = re.compile(r"\{\{(.*?)\}\}")
TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<path>[a-z_][a-z_0-9]*(?:\.[a-z_0-9]+)*)|(?P<op>[-+*/()]))")
MAX_LENGTH = 200


class FormulaError(Exception):
    """Why a formula cannot be worked out, in Chinese."""


def value(text: str, rules: dict):
    """The value of one formula (without its braces): a Fraction, a date, or a list of years."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"算式太長（超過 {MAX_LENGTH} 個字符）")
    tokens = _tokens(text)
    result, rest = _sum(tokens, rules)
    if rest:
        raise FormulaError(f"算式「{text.strip()}」在「{rest[0][1]}」處看不懂")
    return result


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
    """A formula's value as a sentence reads it: 30, 2.2, 2025年11月30日, 2022、2023."""
    if isinstance(result, date):
        return f"{result.year}年{result.month}月{result.day}日"
    if isinstance(result, list):
        return "、".join(str(y) for y in result)
    if result.denominator == 1:
        return str(result.numerator)
    if (result * 100).denominator == 1:  # 30.25, 2.5: exactly as written
        return f"{float(result):.2f}".rstrip("0").rstrip(".")
    return f"{float(result):.1f}"


def fill(text: str, rules: dict) -> str:
    """`text` with every `{{…}}` replaced by its value in words; FormulaError names the first bad one."""
    return FORMULA.sub(lambda m: as_words(value(m.group(1), rules)), text)


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
    raise FormulaError("日期只能加減天數（整數），數字才能加減乘除")


def _lookup(path: str, rules: dict):
    found = rules
    for part in path.split("."):
        if isinstance(found, dict) and part in found:
            found = found[part]
        elif isinstance(found, list) and part.isdigit() and int(part) < len(found):
            found = found[int(part)]
        else:
            raise FormulaError(
                f"本年度的規則中沒有 {path}（可用的如 requirement.public、window.to、title.senior.total）"
            )
    if isinstance(found, bool):
        raise FormulaError(f"{path} 不是數字或日期")
    if isinstance(found, int):
        return Fraction(found)
    if isinstance(found, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found):
        try:
            return date.fromisoformat(found)
        except ValueError:
            raise FormulaError(f"{path} 的日期 {found} 不存在") from None
    if isinstance(found, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in found):
        return list(found)
    raise FormulaError(f"{path} 不是數字、日期或年度列表")

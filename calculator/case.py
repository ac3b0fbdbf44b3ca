"""Reads a case (docs/dev/contract.md) into typed values, or reports every bad field at once.

Messages are in Chinese, in the words of the form (查詢目的, 計入年度, 培訓渠道, 數量…), never
the code's field names, and name what would be valid; each is tied to the field's path
(`records[2].hours`) so that a form can show it beside the field. A bad value is shown in
「」, cut to a few dozen characters.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from . import hours as H
from .policy import Policy, available, circumstances_of_every_year
from .rule_kinds import credit_of

PURPOSES = ("annual", "title", "assessment")
LEVELS = ("junior", "intermediate", "senior")
SEXES = ("male", "female")
# Plausible calendar years for any field that holds one; not a number of any notice.
FIRST_YEAR, LAST_YEAR = 1900, 2100
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fullmatch: ASCII digits, nothing after
FULL_WIDTH = re.compile("[\uff10-\uff19\uff0d]")  # ０-９ and －, as a Chinese input method types them
# Hours beyond any plausible record (a year asks for 90): a bound, so that sums stay exact small numbers.
MAX_HOURS = 10_000
MAX_MINUTES = MAX_HOURS * 60

TOP_FIELDS = ("notice", "purpose", "level", "as_of", "person", "assessment_years", "records")
# The person's fields that every year has (the age rule reads them); the rest are the
# circumstances that the year's rule blocks declare (`Policy.circumstances`).
PERSON_FIELDS = ("sex", "birth_date")
RECORD_FIELDS = ("year", "studied_on", "channel", "subject", "hours", "minutes")
# Each field as the form names it.
NAMES = {
    "notice": "通知年度",
    "purpose": "查詢目的",
    "level": "申報的職稱級別",
    "as_of": "查詢日期",
    "person": "個人情況",
    "sex": "性別",
    "birth_date": "出生日期",
    "assessment_years": "考核認定年度",
    "records": "學習記錄",
    "year": "計入年度",
    "studied_on": "學習日期",
    "channel": "培訓渠道",
    "subject": "科目",
    "hours": "數量",
    "minutes": "數量",
}
CHOICES = {
    "purpose": {"annual": "年度學時", "title": "申報職稱評審", "assessment": "考核認定"},
    "level": {"junior": "初級", "intermediate": "中級", "senior": "高級"},
    "sex": {"male": "男", "female": "女"},
    "subject": {"public": "公需科目", "professional": "專業科目"},
}


class Record(NamedTuple):  # immutable, and three times quicker to make than a frozen dataclass (100,000 a roster)
    year: int
    channel: str
    subject: str | None
    hours: int | Fraction | None  # exact: an int when whole
    minutes: int | Fraction | None
    studied_on: date | None


@dataclass(frozen=True, slots=True)
class Person:
    sex: str | None = None
    birth_date: date | None = None
    # The circumstances given, as (id, value) pairs: True for a yes, a tuple of years, or a year.
    facts: tuple[tuple[str, object], ...] = ()

    def fact(self, circumstance: str):
        """The circumstance's value, or None when the person does not have it."""
        for key, value in self.facts:
            if key == circumstance:
                return value
        return None


NO_PERSON = Person()  # immutable: every case without person fields shares it


@dataclass(frozen=True, slots=True)
class Case:
    notice: int
    purpose: str
    as_of: date
    level: str | None = None
    person: Person = field(default_factory=Person)
    assessment_years: tuple[int, ...] = ()
    records: tuple[Record, ...] = ()


class Errors(list):
    """The problems found so far, each {"field": path, "message": text}."""

    def add(self, path: str, message: str) -> None:
        self.append({"field": path, "message": message})


class CaseError(Exception):
    """Bad input: every problem, each as {"field": path, "message": text}."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


class CompiledPolicies(Mapping):
    """The notices compiled into calculator/generated/, loaded when first asked for."""

    def __init__(self):
        self._years = available()
        self._loaded: dict[int, Policy] = {}

    def __getitem__(self, year: int) -> Policy:
        if year not in self._years:
            raise KeyError(year)
        if year not in self._loaded:
            self._loaded[year] = Policy.load(year)
        return self._loaded[year]

    def __contains__(self, year) -> bool:  # without loading the rules, as Mapping's own would
        return year in self._years

    def __iter__(self):
        return iter(self._years)

    def __len__(self):
        return len(self._years)


def parse(data: object, today: date, policies: Mapping[int, Policy] | None = None) -> tuple[Case, Policy]:
    """Typed case and the policy it names; `policies` defaults to the compiled notices."""
    policies = CompiledPolicies() if policies is None else policies
    errors = Errors()
    if not isinstance(data, dict):
        raise CaseError([{"field": "", "message": "輸入的不是一份查詢：應該寫明通知年度、查詢目的和學習記錄"}])
    _unknown(data, TOP_FIELDS, "", errors)

    notice = _required(data, "notice", "", errors)
    policy = None
    if notice is not None:
        if _is_int(notice) and notice in policies:
            policy = policies[notice]
        else:
            known = "、".join(f"{y}年度" for y in policies)
            errors.add("notice", f"沒有{_shown(notice)}年度的通知，可選：{known}")
    example = policy.year if policy else today.year  # the year that examples in messages use
    purpose = _choice(data, "purpose", "", errors, required=True)
    as_of = _date(data, "as_of", "", errors, example) or today
    level = _choice(data, "level", "", errors, required=True) if purpose == "title" else None

    person = NO_PERSON
    raw_person = data.get("person", {})
    if not isinstance(raw_person, dict):
        errors.add("person", f"個人情況應該寫明性別、出生日期等，不能是{_shown(raw_person)}")
    elif purpose in ("title", None):
        person = _person(raw_person, purpose, as_of, errors, example, policy)
    elif policy is not None:
        _unknown(raw_person, _person_fields(policy), "person.", errors)

    years: tuple[int, ...] = ()
    if purpose == "assessment":
        years = _years(data, "assessment_years", "", errors, example) or ()
        if not years and "assessment_years" not in [e["field"] for e in errors]:
            errors.add("assessment_years", f"考核認定要填寫考核認定要求的年度，至少一個，如 {example - 1}、{example}")

    records = []
    raw_records = _required(data, "records", "", errors)
    if raw_records is not None and not isinstance(raw_records, list):
        errors.add("records", f"學習記錄應該是一條條記錄的列表，沒有記錄時寫 []，不能是{_shown(raw_records)}")
    elif raw_records and policy is not None and set(map(type, raw_records)) == {Record}:
        records = raw_records  # every record read already, for this notice (a roster's: see usual_record)
    elif raw_records:
        for i, raw in enumerate(raw_records):
            if type(raw) is Record and policy is not None:
                record = raw  # read already, for this notice (the roster's records: see usual_record)
            else:
                record = _usual_record(raw, policy) or _record(raw, f"records[{i}]", policy, errors, example)
            if record:
                records.append(record)
    if errors:
        raise CaseError(list(errors))
    return Case(notice, purpose, as_of, level, person, years, tuple(records)), policy


def _person_fields(policy: Policy) -> tuple[str, ...]:
    """The person's fields a case for `policy` may give: those its rules read, and the
    circumstances of other years' notices, which this year's rules do not read and so are
    ignored, like a field that does not apply to the purpose (a form keeps what was typed)."""
    return (*PERSON_FIELDS, *policy.circumstances, *sorted(circumstances_of_every_year() - set(policy.circumstances)))


def _person(raw, purpose, as_of, errors, example, policy) -> Person:
    if policy is not None:
        _unknown(raw, _person_fields(policy), "person.", errors)
    # Sex and birth date are asked for the age rule: required where the year has one.
    for_age = purpose == "title" and (policy is None or (bool(policy.age_tiers) and "title" in policy.age_purposes))
    sex = _choice(raw, "sex", "person.", errors, required=for_age)
    birth = _date(raw, "birth_date", "person.", errors, example)
    if birth is None and for_age and raw.get("birth_date") is None:  # missing, or null
        errors.add("person.birth_date", "申報職稱評審要填寫出生日期（用於按年齡減免學時）")
    if birth and birth > as_of:
        errors.add("person.birth_date", f"出生日期{_day(birth)}晚於查詢日期{_day(as_of)}")
    facts = []
    for circumstance in policy.circumstances.values() if policy is not None else ():
        key, name = circumstance.id, circumstance.name
        if circumstance.kind == "yes_no":
            value = raw.get(key, False)
            if not isinstance(value, bool):
                errors.add(f"person.{key}", f"{name}只能選是或否，不能是{_shown(value)}")
                value = False
        elif circumstance.kind == "years":
            value = _years(raw, key, "person.", errors, example, shown=name)
        else:
            value = _year(raw, key, "person.", errors, example, shown=name)
        if value:
            facts.append((key, value))
    return Person(sex, birth, tuple(facts))


_RECORD_KEYS = frozenset(RECORD_FIELDS)


def _usual_record(raw, policy) -> Record | None:
    """The record, when it is written as a form or a roster writes it (whole hours or
    minutes, a known channel, an ISO date); None for anything else, which `_record` then
    reads with every check and message. A speed path only: whatever it takes, `_record`
    would take with the same values, and it never reports anything."""
    if type(raw) is not dict or not raw.keys() <= _RECORD_KEYS or policy is None:
        return None
    hours, minutes = raw.get("hours"), raw.get("minutes")
    if (hours is None and "hours" in raw) or (minutes is None and "minutes" in raw):
        return None  # a null amount: `_record` says what to write
    studied_on = raw.get("studied_on")
    if studied_on is not None:
        studied_on = _iso_day(studied_on) if type(studied_on) is str else None
        if studied_on is None:
            return None
    return usual_record(policy, raw.get("year"), raw.get("channel"), raw.get("subject"), hours, minutes, studied_on)


def usual_record(policy: Policy, year, channel, subject, hours, minutes, studied_on: date | None) -> Record | None:
    """The Record that `parse` makes of a record with these values (None: not given), when
    they are the usual ones (`_usual_record`); None for anything else, which only the whole
    check of `_record` may read, with its messages.

    The roster makes its records with this, from cells it has read already, and puts the
    Records themselves in its cases: `parse` takes a Record as it is, as read for the
    notice that the case names (100,000 records a league's roster, each read once)."""
    if type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR or type(channel) is not str:
        return None
    spec = policy.channels.get(channel)
    if spec is None:
        return None
    if not spec.takes_amount:
        if hours is not None or minutes is not None or subject not in (None, spec.subject):
            return None
    else:
        amount = hours if minutes is None else minutes
        if (hours is None) == (minutes is None) or type(subject) is not str or subject not in CHOICES["subject"]:
            return None
        if type(amount) is not int or not 0 <= amount <= MAX_HOURS:
            return None
        if minutes is not None and policy.minutes_per_hour is None:
            return None
    if studied_on is not None and (type(studied_on) is not date or not FIRST_YEAR <= studied_on.year <= LAST_YEAR):
        return None
    return Record(year, channel, subject, hours, minutes, studied_on)


@lru_cache(maxsize=4096)  # a roster's records share their days
def _iso_day(value: str) -> date | None:
    """A YYYY-MM-DD date that `_date` would take; None for any other text."""
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR else None


def _record(raw, path, policy, errors, example) -> Record | None:
    if not isinstance(raw, dict):
        errors.add(path, f"每條學習記錄應該寫明計入年度、培訓渠道、科目和數量，不能是{_shown(raw)}")
        return None
    start = len(errors)
    prefix = f"{path}."
    _unknown(raw, RECORD_FIELDS, prefix, errors)
    year = _year(raw, "year", prefix, errors, example, required=True)
    studied_on = _date(raw, "studied_on", prefix, errors, example)
    channel = _required(raw, "channel", prefix, errors)
    spec = None
    if channel is not None and policy is not None:
        spec = policy.channels.get(channel) if isinstance(channel, str) else None
        if spec is None:
            options = "；".join(c.name for c in policy.channels.values())
            errors.add(f"{path}.channel", f"不認識的培訓渠道{_shown(channel)}，可選：{options}")
    takes_amount = spec is None or spec.takes_amount
    subject = _choice(raw, "subject", prefix, errors, required=takes_amount)
    if not takes_amount and subject not in (None, spec.subject):
        only = CHOICES["subject"][spec.subject]
        errors.add(f"{path}.subject", f"{spec.name}只對應{only}：科目不填或選{only}")
    hours = _amount(raw, "hours", prefix, errors)
    minutes = _amount(raw, "minutes", prefix, errors)
    if not takes_amount:
        for name in ("hours", "minutes"):
            if name in raw:
                errors.add(f"{path}.{name}", f"{spec.name}{credit_of(spec).words(spec)}，不填數量")
    elif "hours" in raw and "minutes" in raw:
        for name in ("hours", "minutes"):  # shown beside both inputs
            errors.add(f"{path}.{name}", "學時和分鐘只填一個")
    elif spec and "hours" not in raw and "minutes" not in raw:
        errors.add(f"{path}.hours", "要填寫數量：一般按學時填；沒有學時標準的，單位選分鐘")
    if "minutes" in raw and policy is not None and policy.minutes_per_hour is None:
        errors.add(f"{path}.minutes", f"{policy.year}年度通知沒有分鐘折合學時的規定，單位請選學時")
    if len(errors) > start:
        return None
    return Record(year, channel, subject, hours, minutes, studied_on)


# --- field readers: each reports its own problem and returns None when bad -------

SHOWN_CHARACTERS = 30  # a bad value is shown cut to this many characters
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def _shown(value) -> str:
    """A bad value as the person wrote it, in 「」 quotes, cut short (a huge value is never
    written out whole: only as much as is shown)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        # Its leading digits only: str() of a very long number is slow, or refused.
        dropped = int(value.bit_length() * 0.30103) - SHOWN_CHARACTERS - 5
        text = ("-" if value < 0 else "") + str(abs(value) // 10**dropped)[: SHOWN_CHARACTERS + 1]
    else:
        text = ""
        for chunk in _ENCODER.iterencode(value):
            text += chunk
            if len(text) > SHOWN_CHARACTERS:
                break
    if len(text) > SHOWN_CHARACTERS:
        text = text[:SHOWN_CHARACTERS] + "…"
    return f"「{text}」"


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _name(name: str, shown: str | None = None) -> str:
    """The form's name for a field (`shown`, when the year's rules name it); items of a list
    (`…_years[0]`) take the list's."""
    return shown or NAMES.get(name.split("[")[0], name)


_ALLOWED: dict[tuple[str, ...], frozenset[str]] = {}


def _unknown(raw, allowed, prefix, errors):
    known = _ALLOWED.get(allowed) or _ALLOWED.setdefault(allowed, frozenset(allowed))
    if raw.keys() <= known:  # the usual case, checked at once
        return
    for key in raw:
        if key not in allowed:
            errors.add(f"{prefix}{key}", f"不認識的欄位{_shown(key)}")


def _required(raw, name, prefix, errors):
    if name not in raw or raw[name] is None:
        errors.add(f"{prefix}{name}", f"請填寫{_name(name)}")
        return None
    return raw[name]


def _options(name: str) -> str:
    labels = list(CHOICES[name].values())
    return "或".join(["、".join(labels[:-1]), labels[-1]]) if len(labels) > 1 else labels[0]


def _choice(raw, name, prefix, errors, required=False):
    value = raw.get(name)
    if type(value) is str and value in CHOICES[name]:  # the usual value, taken at once
        return value
    if value is None:
        if required:
            errors.add(f"{prefix}{name}", f"請選擇{_name(name)}：{_options(name)}")
        return None
    if not isinstance(value, str) or value not in CHOICES[name]:
        errors.add(f"{prefix}{name}", f"{_name(name)}只能是{_options(name)}，不能是{_shown(value)}")
        return None
    return value


def _date(raw, name, prefix, errors, example):
    """A YYYY-MM-DD date. The browser sends "?" for a date its input could not read."""
    value = raw.get(name)
    if value is None:
        return None
    if type(value) is str and (parsed := _iso_day(value)):  # the usual date, taken at once
        return parsed
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            year, month, day = (int(part) for part in value.split("-"))
            errors.add(f"{prefix}{name}", f"{year}年{month}月{day}日這個日期不存在")
            return None
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            errors.add(
                f"{prefix}{name}", f"{_name(name)}的年份{parsed.year}不對，應在{FIRST_YEAR}年至{LAST_YEAR}年之間"
            )
            return None
        return parsed
    # Not written as a date: say what is wrong with it.
    form = f"要寫成如 {example}-03-02"
    if isinstance(value, str) and value.strip() != value and ISO_DATE.fullmatch(value.strip()):
        errors.add(f"{prefix}{name}", f"{_name(name)}{_shown(value.strip())}前後有多餘的空格或換行，請刪去")
    elif isinstance(value, str) and FULL_WIDTH.search(value):
        errors.add(f"{prefix}{name}", f"{_name(name)}裡有全角數字或符號，請用半角數字，如 {example}-03-02")
    elif value == "?":
        errors.add(f"{prefix}{name}", f"{_name(name)}沒有填完整，或者填的日期不存在，{form}")
    else:
        errors.add(f"{prefix}{name}", f"{_name(name)}{_shown(value)}沒有填完整或寫法不對，{form}")
    return None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _year(raw, name, prefix, errors, example, required=False, shown=None):
    """A year; `shown` is the field's name in messages when the year's rules give it."""
    value = raw.get(name)
    if type(value) is int and FIRST_YEAR <= value <= LAST_YEAR:  # the usual value, taken at once
        return value
    if value is None:
        if required:
            errors.add(f"{prefix}{name}", f"請填寫{_name(name, shown)}，如 {example}")
        return None
    if not _is_int(value) or not FIRST_YEAR <= value <= LAST_YEAR:
        errors.add(f"{prefix}{name}", f"{_name(name, shown)}應該是四位數的年份，如 {example}，不能是{_shown(value)}")
        return None
    return value


def _years(raw, name, prefix, errors, example, shown=None):
    value = raw.get(name)
    if value is None:
        return None
    if type(value) is list and all(type(v) is int and FIRST_YEAR <= v <= LAST_YEAR for v in value):
        return tuple(sorted(set(value)))  # the usual years, taken at once
    if not isinstance(value, list):
        errors.add(
            f"{prefix}{name}",
            f"{_name(name, shown)}應該是一組年份，如 {example - 1}、{example}，不能是{_shown(value)}",
        )
        return None
    years = [
        _year({f"{name}[{i}]": v}, f"{name}[{i}]", prefix, errors, example, required=True, shown=shown)
        for i, v in enumerate(value)
    ]
    return None if None in years else tuple(sorted(set(years)))


def _amount(raw, name, prefix, errors):
    if name not in raw:
        return None
    value = raw[name]
    if type(value) is int and 0 <= value <= MAX_HOURS:  # the usual value, taken at once
        return value
    if (
        not isinstance(value, (int, float))
        or isinstance(value, bool)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        errors.add(f"{prefix}{name}", f"數量應該是數字，如 30，不能是{_shown(value)}")
        return None
    if value < 0:
        errors.add(f"{prefix}{name}", f"數量不能是負數，填的是{_shown(value)}")
        return None
    most, unit = (MAX_HOURS, "學時") if name == "hours" else (MAX_MINUTES, "分鐘")
    if value > most:
        errors.add(f"{prefix}{name}", f"數量{_shown(value)}太大：一條記錄最多 {most} {unit}")
        return None
    # str() keeps the decimal as typed (0.1 stays one tenth, not a binary approximation).
    # Whole numbers stay ints: exact like a Fraction, and several times faster to add.
    return H.exact(Fraction(str(value))) if isinstance(value, float) else value

"""Reads a case (CONTRACT.md) into typed values, or reports every bad field at once.

Messages are in Chinese and name what would be valid; each is tied to the field's path
(`records[2].hours`) so that a form can show it beside the field.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from .policy import Policy, available

PURPOSES = ("annual", "title", "assessment")
LEVELS = ("junior", "intermediate", "senior")
SEXES = ("male", "female")
FLAGS = ("non_public", "grassroots", "high_skilled", "postdoc")
# Plausible calendar years for any field that holds one; not a number of any notice.
FIRST_YEAR, LAST_YEAR = 1900, 2100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TOP_FIELDS = ("notice", "purpose", "level", "as_of", "person", "assessment_years", "records")
PERSON_FIELDS = ("sex", "birth_date", *FLAGS, "epidemic_years", "transferred_year", "exceptional_since")
RECORD_FIELDS = ("year", "studied_on", "channel", "subject", "hours", "minutes")
NAMES = {"purpose": "查詢目的", "level": "職稱級別", "sex": "性別", "subject": "科目"}
CHOICES = {
    "purpose": {"annual": "年度學時", "title": "職稱評審", "assessment": "考核認定"},
    "level": {"junior": "初級", "intermediate": "中級", "senior": "高級"},
    "sex": {"male": "男", "female": "女"},
    "subject": {"public": "公需科目", "professional": "專業科目"},
}


@dataclass(frozen=True)
class Record:
    year: int
    channel: str
    subject: str | None
    hours: Fraction | None
    minutes: Fraction | None
    studied_on: date | None


@dataclass(frozen=True)
class Person:
    sex: str | None = None
    birth_date: date | None = None
    non_public: bool = False
    grassroots: bool = False
    high_skilled: bool = False
    postdoc: bool = False
    epidemic_years: tuple[int, ...] = ()
    transferred_year: int | None = None
    exceptional_since: int | None = None


@dataclass(frozen=True)
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

    def __iter__(self):
        return iter(self._years)

    def __len__(self):
        return len(self._years)


def parse(data: object, today: date, policies: Mapping[int, Policy] | None = None) -> tuple[Case, Policy]:
    """Typed case and the policy it names; `policies` defaults to the compiled notices."""
    policies = CompiledPolicies() if policies is None else policies
    errors = Errors()
    if not isinstance(data, dict):
        raise CaseError([{"field": "", "message": "輸入應該是一個 JSON 對象（{…}），包含 notice、purpose、records 等欄位"}])
    _unknown(data, TOP_FIELDS, "", errors)

    notice = _required(data, "notice", "", errors)
    policy = None
    if notice is not None:
        if _is_int(notice) and notice in policies:
            policy = policies[notice]
        else:
            errors.add("notice", f"沒有 {notice!r} 年度的通知；可選：{', '.join(map(str, policies))}")
    purpose = _choice(data, "purpose", "", errors, required=True)
    as_of = _date(data, "as_of", "", errors) or today
    level = _choice(data, "level", "", errors, required=True) if purpose == "title" else None

    person = Person()
    raw_person = data.get("person", {})
    if not isinstance(raw_person, dict):
        errors.add("person", "person 應該是一個對象（{…}）")
    elif purpose in ("title", None):
        person = _person(raw_person, purpose, as_of, errors)
    else:
        _unknown(raw_person, PERSON_FIELDS, "person.", errors)

    years: tuple[int, ...] = ()
    if purpose == "assessment":
        years = _years(data, "assessment_years", "", errors) or ()
        if not years and "assessment_years" not in [e["field"] for e in errors]:
            errors.add("assessment_years", "考核認定要填寫考核認定要求的年度，至少一個，如 [2024, 2025]")

    records = []
    raw_records = _required(data, "records", "", errors)
    if raw_records is not None and not isinstance(raw_records, list):
        errors.add("records", "records 應該是一個列表（[…]），沒有記錄時寫 []")
    elif raw_records:
        for i, raw in enumerate(raw_records):
            record = _record(raw, f"records[{i}]", policy, errors)
            if record:
                records.append(record)
    if errors:
        raise CaseError(list(errors))
    return Case(notice, purpose, as_of, level, person, years, tuple(records)), policy


def _person(raw, purpose, as_of, errors) -> Person:
    _unknown(raw, PERSON_FIELDS, "person.", errors)
    title = purpose == "title"
    sex = _choice(raw, "sex", "person.", errors, required=title)
    birth = _date(raw, "birth_date", "person.", errors)
    if birth is None and title and "birth_date" not in raw:
        errors.add("person.birth_date", "申報職稱要填寫出生日期（用於按年齡減免學時）")
    if birth and birth > as_of:
        errors.add("person.birth_date", f"出生日期 {birth.isoformat()} 晚於查詢日期 {as_of.isoformat()}")
    flags = {}
    for name in FLAGS:
        value = raw.get(name, False)
        if not isinstance(value, bool):
            errors.add(f"person.{name}", f"應該是 true 或 false，實際是 {value!r}")
            value = False
        flags[name] = value
    return Person(
        sex, birth, **flags,
        epidemic_years=_years(raw, "epidemic_years", "person.", errors) or (),
        transferred_year=_year(raw, "transferred_year", "person.", errors),
        exceptional_since=_year(raw, "exceptional_since", "person.", errors),
    )


def _record(raw, path, policy, errors) -> Record | None:
    if not isinstance(raw, dict):
        errors.add(path, "每條記錄應該是一個對象（{…}），包含 year、channel、subject、hours 或 minutes")
        return None
    start = len(errors)
    _unknown(raw, RECORD_FIELDS, f"{path}.", errors)
    year = _year(raw, "year", f"{path}.", errors, required=True)
    studied_on = _date(raw, "studied_on", f"{path}.", errors)
    channel = _required(raw, "channel", f"{path}.", errors)
    spec = None
    if channel is not None and policy is not None:
        spec = policy.channels.get(channel) if isinstance(channel, str) else None
        if spec is None:
            options = "、".join(f"{c.id}（{c.name}）" for c in policy.channels.values())
            errors.add(f"{path}.channel", f"不認識的培訓渠道 {channel!r}；可選：{options}")
    subject = _choice(raw, "subject", f"{path}.", errors, required=not (spec and spec.meets_in_full))
    if spec and spec.meets_in_full and subject not in (None, spec.meets_in_full):
        errors.add(f"{path}.subject", f"{spec.name}只對應{CHOICES['subject'][spec.meets_in_full]}；科目可不填或填 {spec.meets_in_full}")
    hours = _amount(raw, "hours", f"{path}.", errors)
    minutes = _amount(raw, "minutes", f"{path}.", errors)
    if spec and spec.meets_in_full:
        for name in ("hours", "minutes"):
            if name in raw:
                errors.add(f"{path}.{name}", f"{spec.name}視同完成該年度要求，不填學時或分鐘")
    elif "hours" in raw and "minutes" in raw:
        for name in ("hours", "minutes"):  # shown beside both inputs
            errors.add(f"{path}.{name}", "hours（學時）和 minutes（分鐘）只填一個")
    elif spec and "hours" not in raw and "minutes" not in raw:
        errors.add(f"{path}.hours", "要填寫學時（hours），沒有學時標準時填分鐘（minutes）")
    if "minutes" in raw and policy is not None and policy.minutes_per_hour is None:
        errors.add(f"{path}.minutes", f"{policy.year}年度通知沒有分鐘折合學時的規定，請填寫學時（hours）")
    if len(errors) > start:
        return None
    return Record(year, channel, subject, hours, minutes, studied_on)


# --- field readers: each reports its own problem and returns None when bad -------

def _unknown(raw, allowed, prefix, errors):
    for key in raw:
        if key not in allowed:
            errors.add(f"{prefix}{key}", f"不認識的欄位 {key!r}；可用的欄位：{', '.join(allowed)}")


def _required(raw, name, prefix, errors):
    if name not in raw or raw[name] is None:
        errors.add(f"{prefix}{name}", f"缺少必填欄位 {name}")
        return None
    return raw[name]


def _choice(raw, name, prefix, errors, required=False):
    if raw.get(name) is None:
        if required:
            options = "、".join(f"{k}（{v}）" for k, v in CHOICES[name].items())
            errors.add(f"{prefix}{name}", f"請選擇{NAMES[name]}：{options}")
        return None
    value = raw[name]
    if value not in CHOICES[name]:
        options = "、".join(f"{k}（{v}）" for k, v in CHOICES[name].items())
        errors.add(f"{prefix}{name}", f"{NAMES[name]}只能是 {options} 之一，實際是 {value!r}")
        return None
    return value


def _date(raw, name, prefix, errors):
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not ISO_DATE.match(value):
        errors.add(f"{prefix}{name}", f"日期要寫成 YYYY-MM-DD，如 2025-03-02；實際是 {value!r}")
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        errors.add(f"{prefix}{name}", f"日期 {value} 不存在")
        return None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        errors.add(f"{prefix}{name}", f"日期 {value} 的年份不合理")
        return None
    return parsed


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _year(raw, name, prefix, errors, required=False):
    value = raw.get(name)
    if value is None:
        if required:
            errors.add(f"{prefix}{name}", f"缺少必填欄位 {name}（年度，如 2025）")
        return None
    if not _is_int(value) or not FIRST_YEAR <= value <= LAST_YEAR:
        errors.add(f"{prefix}{name}", f"應該是四位數的年份，如 2025；實際是 {value!r}")
        return None
    return value


def _years(raw, name, prefix, errors):
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        errors.add(f"{prefix}{name}", f"應該是年份的列表，如 [2023, 2024]；實際是 {value!r}")
        return None
    years = [_year({f"{name}[{i}]": v}, f"{name}[{i}]", prefix, errors, required=True) for i, v in enumerate(value)]
    return None if None in years else tuple(sorted(set(years)))


def _amount(raw, name, prefix, errors):
    value = raw.get(name)
    if name not in raw:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        errors.add(f"{prefix}{name}", f"應該是數字，如 30；實際是 {value!r}")
        return None
    if value < 0:
        errors.add(f"{prefix}{name}", f"不能是負數；實際是 {value!r}")
        return None
    # str() keeps the decimal as typed (0.1 stays one tenth, not a binary approximation).
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)

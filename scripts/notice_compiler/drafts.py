"""A new year's draft, made from the latest year's folder: the logic of `scripts/new_year.py`.

The draft's worked examples move their years and dates forward by the difference (only real
years and dates: an invalid date stays invalid, other numbers stay as written, and a 29 February
that the new year does not have is listed); its text and rule blocks stay the latest year's.
A formula (`{{make_up.years[0]}}`, `{{as_of - age.tiers[0].male years}}`) is never touched:
it is worked out from the new year's rules when the year is checked.
"""

from __future__ import annotations

import calendar
import re
import shutil
from pathlib import Path

from . import shown_path, source, years
from .checks import date_exists
from .formulas import FORMULA
from .problems import Problems

DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Only numbers that are years move: those under a key that holds a year, in a list of years,
# as a key of a table of years (`2025: {...}` under expect.years), and before 年 in a sentence.
# Everything else (minutes: 2000, hours, ages) stays as written.
# The person's circumstances that hold a year, or a list of years, are the ones the rules
# declare (`asks`, kinds "year" and "years"): their keys are added to these.
YEAR_KEYS = ("notice", "year", "studied_in")
YEAR_LIST_KEYS = ("years", "assessment_years", "required_years")
YEAR_TABLE_KEY = re.compile(r"(^\s+|[{,]\s*)(\d{4})(\s*:)")
# In a sentence (an example's name, a comment): a year on its own, not a number of minutes or hours.
YEAR_IN_WORDS = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])(?!\s*(?:分鐘|學時|周歲|歲|個|人))")
SENTENCE = re.compile(r"^\s*(?:#|-?\s*name:)")
# The original text belongs to its year only.
LEAVE_BEHIND = ("original.txt",)


class DraftRefused(Exception):
    """The draft cannot be made; the message (Chinese) says why."""


def make_draft(policy_src: Path, year: int) -> tuple[int, Path, list[str]]:
    """policy_src/<year>/ as a draft of the latest year: (that year, the folder, the dates that
    could not move as they are, each as 「path:line：…」). Raises DraftRefused."""
    have = years(policy_src)
    if not have:
        raise DraftRefused(f"{policy_src} 中沒有任何年度的通知可作底稿")
    latest, target = max(have), policy_src / str(year)
    if target.exists():
        raise DraftRefused(f"{target} 已經存在；不覆蓋")
    if year <= latest:
        raise DraftRefused(f"新年度 {year} 必須晚於最新的 {latest} 年度")
    shutil.copytree(policy_src / str(latest), target, ignore=shutil.ignore_patterns(*LEAVE_BEHIND))
    unsafe: list[str] = []
    declared = declared_circumstances(target / "notice.md")
    for case_file in sorted((target / "cases").glob("*.yaml")):
        text = shift_text(case_file.read_text(encoding="utf-8"), year - latest, shown_path(case_file), unsafe, declared)
        case_file.write_text(text, encoding="utf-8")
    notice = target / "notice.md"
    notice.write_text(draft_of(notice.read_text(encoding="utf-8"), year), encoding="utf-8")
    return latest, target, unsafe


def draft_of(text: str, year: int) -> str:
    """The notice with its front matter set to the new year, as a draft. Its text and rule
    blocks stay last year's, so that the draft compiles at once; when the new text replaces
    the old, the compiler names every rule value that the new words contradict, and what it
    should be (notice_compiler.checks)."""
    out, in_front = [], False
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if number == 0 and stripped == "---":
            in_front = True
        elif in_front and stripped == "---":
            in_front = False
        elif in_front and re.match(r"^(year|status):", line):
            line = f"year: {year}" if line.startswith("year:") else "status: draft"
        out.append(line)
    return "\n".join(out)


def declared_circumstances(notice: Path) -> dict[str, str]:
    """The circumstances that a notice's rule blocks declare: id -> kind ("yes_no", "years", "year")."""
    parsed = source.read(shown_path(notice), notice.read_text(encoding="utf-8"), Problems())
    return {
        item["id"]: item.get("kind")
        for fence in parsed.rules
        if isinstance(fence.data, dict) and isinstance(fence.data.get("asks"), list)
        for item in fence.data["asks"]
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def shift_text(
    text: str, shift: int, shown: str = "", unsafe: list[str] | None = None, circumstances: dict[str, str] | None = None
) -> str:
    """The years and dates of `text`, `shift` years later; what cannot move as it is goes to
    `unsafe`. `circumstances` (id -> kind) says which of the person's fields hold years."""
    circumstances = circumstances or {}
    keys = "|".join(map(re.escape, (*YEAR_KEYS, *(c for c, kind in circumstances.items() if kind == "year"))))
    lists = "|".join(map(re.escape, (*YEAR_LIST_KEYS, *(c for c, kind in circumstances.items() if kind == "years"))))
    year_key = re.compile(rf"(?<![\w-])((?:{keys})\s*:\s*)(\d{{4}})\b")
    year_list = re.compile(rf"(?<![\w-])((?:{lists})\s*:\s*\[)([^\]]*)(\])")
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        where = f"{shown}:{number}" if shown else f"第 {number} 行"
        line, formulas = _masked(line)
        line = DATE.sub(lambda m, where=where: _date(m, shift, where, unsafe), line)
        line = year_key.sub(lambda m: m.group(1) + str(int(m.group(2)) + shift), line)
        line = year_list.sub(
            lambda m: m.group(1) + re.sub(r"\d{4}", lambda y: str(int(y.group(0)) + shift), m.group(2)) + m.group(3),
            line,
        )
        line = YEAR_TABLE_KEY.sub(lambda m: m.group(1) + str(int(m.group(2)) + shift) + m.group(3), line)
        if SENTENCE.match(line):
            line = YEAR_IN_WORDS.sub(lambda m: str(int(m.group(1)) + shift), line)
        out.append(_unmasked(line, formulas))
    return "\n".join(out)


def _masked(line: str) -> tuple[str, list[str]]:
    """The line with each `{{…}}` replaced by a mark without digits, and the formulas in order."""
    formulas: list[str] = []

    def mark(match):
        formulas.append(match.group(0))
        return f"\x00{chr(0xE000 + len(formulas) - 1)}\x00"

    return FORMULA.sub(mark, line), formulas


def _unmasked(line: str, formulas: list[str]) -> str:
    return re.sub("\x00(.)\x00", lambda m: formulas[ord(m.group(1)) - 0xE000], line)


def _date(match, shift: int, where: str, unsafe: list[str] | None) -> str:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not date_exists(year, month, day):
        return match.group(0)  # a date that does not exist is there on purpose (a bad-input example)
    if (month, day) == (2, 29) and not calendar.isleap(year + shift):
        if unsafe is not None:
            unsafe.append(
                f"{where}：{match.group(0)}（2月29日）在 {year + shift} 年不存在，已改為 {year + shift}-02-28；"
                "如果算例說的是閏日出生，請另選日期或年份"
            )
        return f"{year + shift:04d}-02-28"
    return f"{year + shift:04d}-{month:02d}-{day:02d}"

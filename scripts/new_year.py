"""Start next year's notice as a draft: `.venv/bin/python scripts/new_year.py 2026`.

Copies the latest year's folder into policy_src/<year>/ with `status: draft` and moves the
years and dates of its worked examples forward by the difference (only real years and dates:
an invalid date stays invalid, other numbers stay as written, and a 29 February that the new
year does not have is listed). The notice's text and rule blocks stay as they were, so the
draft compiles at once: replace the text with the new notice, and `make check-year YEAR=…`
names each rule value the new words contradict. A draft is compiled and checked, but the
site does not publish it until its status says `published` (docs/authoring.md).
"""
from __future__ import annotations

import argparse
import calendar
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import notice_compiler  # noqa: E402

DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Only numbers that are years move: those under a key that holds a year, in a list of years,
# as a key of a table of years (`2025: {...}` under expect.years), and before 年 in a sentence.
# Everything else (minutes: 2000, hours, ages) stays as written.
YEAR_KEY = re.compile(r"(?<![\w-])((?:notice|year|studied_in|transferred_year|exceptional_since)\s*:\s*)(\d{4})\b")
YEAR_LIST = re.compile(r"(?<![\w-])((?:years|epidemic_years|assessment_years|required_years)\s*:\s*\[)([^\]]*)(\])")
YEAR_TABLE_KEY = re.compile(r"(^\s+|[{,]\s*)(\d{4})(\s*:)")
# In a sentence (an example's name, a comment): a year on its own, not a number of minutes or hours.
YEAR_IN_WORDS = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])(?!\s*(?:分鐘|學時|周歲|歲|個|人))")
SENTENCE = re.compile(r"^\s*(?:#|-?\s*name:)")
# The original text belongs to its year only.
LEAVE_BEHIND = ("original.txt",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="以最新一年的通知為底稿，建立新年度的草稿")
    parser.add_argument("year", type=int, help="新年度，如 2026")
    parser.add_argument("--policy-src", type=Path, default=notice_compiler.POLICY_SRC)
    args = parser.parse_args(argv)
    years = notice_compiler.years(args.policy_src)
    if not years:
        print(f"{args.policy_src} 中沒有任何年度的通知可作底稿", file=sys.stderr)
        return 1
    latest, target = max(years), args.policy_src / str(args.year)
    if target.exists():
        print(f"{target} 已經存在；不覆蓋", file=sys.stderr)
        return 1
    if args.year <= latest:
        print(f"新年度 {args.year} 必須晚於最新的 {latest} 年度", file=sys.stderr)
        return 1
    shutil.copytree(args.policy_src / str(latest), target, ignore=shutil.ignore_patterns(*LEAVE_BEHIND))
    shift = args.year - latest
    unsafe: list[str] = []
    for case_file in sorted((target / "cases").glob("*.yaml")):
        shown = notice_compiler.shown_path(case_file)
        case_file.write_text(shift_text(case_file.read_text(encoding="utf-8"), shift, shown, unsafe), encoding="utf-8")
    notice = target / "notice.md"
    notice.write_text(draft_of(notice.read_text(encoding="utf-8"), args.year), encoding="utf-8")
    print(f"已建立草稿 {target}（以 {latest} 年度為底稿，status: draft，網站暫不發布）。")
    print(f"算例中的年份、日期已推後 {shift} 年（學時、分鐘等其他數字沒有改動）；通知的正文和規則區塊還是 {latest} 年度的，等你換上新通知的正文後再按提示修改。")
    if unsafe:
        print("以下日期無法原樣推後，請逐一核對所在算例：")
        for line in unsafe:
            print(f"  {line}")
    print(f"接下來按「本站如何製作」中「發布新年度通知」一節操作，隨時用 make check-year YEAR={args.year} 檢查。")
    return 0


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


def shift_text(text: str, shift: int, shown: str = "", unsafe: list[str] | None = None) -> str:
    """The years and dates of `text`, `shift` years later; what cannot move as it is goes to `unsafe`."""
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        where = f"{shown}:{number}" if shown else f"第 {number} 行"
        line = DATE.sub(lambda m: _date(m, shift, where, unsafe), line)
        line = YEAR_KEY.sub(lambda m: m.group(1) + str(int(m.group(2)) + shift), line)
        line = YEAR_LIST.sub(lambda m: m.group(1) + re.sub(r"\d{4}", lambda y: str(int(y.group(0)) + shift), m.group(2)) + m.group(3), line)
        line = YEAR_TABLE_KEY.sub(lambda m: m.group(1) + str(int(m.group(2)) + shift) + m.group(3), line)
        if SENTENCE.match(line):
            line = YEAR_IN_WORDS.sub(lambda m: str(int(m.group(1)) + shift), line)
        out.append(line)
    return "\n".join(out)


def _date(match, shift: int, where: str, unsafe: list[str] | None) -> str:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not _exists(year, month, day):
        return match.group(0)  # a date that does not exist is there on purpose (a bad-input example)
    if (month, day) == (2, 29) and not calendar.isleap(year + shift):
        if unsafe is not None:
            unsafe.append(f"{where}：{match.group(0)}（2月29日）在 {year + shift} 年不存在，已改為 {year + shift}-02-28；"
                          "如果算例說的是閏日出生，請另選日期或年份")
        return f"{year + shift:04d}-02-28"
    return f"{year + shift:04d}-{month:02d}-{day:02d}"


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


if __name__ == "__main__":
    sys.exit(main())

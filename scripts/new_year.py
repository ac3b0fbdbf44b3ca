"""Start next year's notice as a draft: `.venv/bin/python scripts/new_year.py 2026`.

Copies the latest year's folder into policy_src/<year>/ with `status: draft`, and moves the
years and dates of its rule blocks and worked examples forward by the difference, so that
the draft compiles, and its FAQ finds its examples, at once. The text, and the `says`
quotations of it, stay as they were: replace the text with the new notice, then correct
each rule and example until `make compile` and `make test` are satisfied. A draft is
compiled and checked, but the site does not publish it until its status says `published`.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import notice_compiler  # noqa: E402

DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])")
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
    for case_file in sorted((target / "cases").glob("*.yaml")):
        case_file.write_text(shift_text(case_file.read_text(encoding="utf-8"), shift), encoding="utf-8")
    notice = target / "notice.md"
    notice.write_text(draft_of(notice.read_text(encoding="utf-8"), args.year, shift), encoding="utf-8")
    print(f"已建立草稿 {target}（以 {latest} 年度為底稿，status: draft，網站暫不發布）。接下來：")
    print(f"  1. 用 {args.year} 年通知全文替換 notice.md 的正文，並把原文保存為 original.txt；")
    print("  2. 逐條核對規則區塊和勘誤區塊，執行 make compile 直到沒有錯誤；")
    print(f"  3. 核對 cases/ 中的算例（年份和日期已推後 {args.year - latest} 年，2月29日改為2月28日）；")
    print("  4. 把 status 改為 published。")
    return 0


def draft_of(text: str, year: int, shift: int) -> str:
    """Front matter set to the new year as a draft; rule-block years and dates moved forward."""
    out, in_rule, in_front = [], False, False
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if number == 0 and stripped == "---":
            in_front = True
        elif in_front and stripped == "---":
            in_front = False
        elif in_front and re.match(r"^(year|status):", line):
            line = f"year: {year}" if line.startswith("year:") else "status: draft"
        elif stripped == "```rule":
            in_rule = True
        elif stripped == "```":
            in_rule = False
        elif in_rule:
            line = _shift_outside_quotes(line, shift)
        out.append(line)
    return "\n".join(out)


def _shift_outside_quotes(line: str, shift: int) -> str:
    # `says` quotes the text as published: it must not change until the text does.
    head, sep, says = line.partition("says:")
    return shift_text(head, shift) + sep + says


def shift_text(text: str, shift: int) -> str:
    """Every date and year in `text`, `shift` years later."""
    text = DATE.sub(lambda m: _date(m, shift), text)
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def _date(match, shift: int) -> str:
    year, month, day = int(match.group(1)) + shift, match.group(2), match.group(3)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if (month, day) == ("02", "29") and not leap:
        day = "28"
    return f"{year:04d}-{month}-{day}"


if __name__ == "__main__":
    sys.exit(main())

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
import sys
from pathlib import Path

import notice_compiler
from notice_compiler.drafts import DraftRefused, make_draft


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="以最新一年的通知為底稿，建立新年度的草稿")
    parser.add_argument("year", type=int, help="新年度，如 2026")
    parser.add_argument("--policy-src", type=Path, default=notice_compiler.POLICY_SRC)
    args = parser.parse_args(argv)
    try:
        latest, target, unsafe = make_draft(args.policy_src, args.year)
    except DraftRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    shift = args.year - latest
    print(f"已建立草稿 {target}（以 {latest} 年度為底稿，status: draft，網站暫不發布）。")
    print(
        f"算例中的年份、日期已推後 {shift} 年（學時、分鐘等其他數字沒有改動）；通知的正文和規則區塊還是 {latest} 年度的，等你換上新通知的正文後再按提示修改。"
    )
    if unsafe:
        print("以下日期無法原樣推後，請逐一核對所在算例：")
        for line in unsafe:
            print(f"  {line}")
    print(f"接下來按「本站如何製作」中「發布新年度通知」一節操作，隨時用 make check-year YEAR={args.year} 檢查。")
    return 0


if __name__ == "__main__":
    sys.exit(main())

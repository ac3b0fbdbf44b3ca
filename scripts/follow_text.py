"""Bring a year's rule blocks in line with the notice's new text: `make follow-text YEAR=2026`
(.venv/bin/python scripts/follow_text.py 2026 [--policy-src DIR] [--dry-run]).

What it changes, and what it leaves to the officer: notice_compiler/follow_text.py. Each change
is printed as `path:line: 舊 → 新`; then what needs the officer's judgement; then the
compiler's verdict on the year. Exit 0: the rules agree with the text; 2: problems remain
(printed, for the officer to decide); 1: refused (nothing written). Running it again changes
nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import notice_compiler
from notice_compiler.follow_text import Refused, follow, previous_text, problems_of, renumber_references


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="換上新通知的正文後，按正文改好規則區塊的數字、日期、年度和 says")
    parser.add_argument("year", help="年度，如 2026")
    parser.add_argument("--policy-src", type=Path, default=notice_compiler.POLICY_SRC)
    parser.add_argument("--dry-run", action="store_true", help="只列出要改的地方，不寫入文件")
    args = parser.parse_args(argv)
    path = args.policy_src / str(args.year) / "notice.md"
    if not args.year.isdigit() or not path.is_file():
        have = "、".join(map(str, notice_compiler.years(args.policy_src))) or "（沒有）"
        print(
            f"沒有 {args.year} 年度的通知（{notice_compiler.shown_path(path)}）：policy_src/ 中有 {have}",
            file=sys.stderr,
        )
        return 1
    year, shown = int(args.year), notice_compiler.shown_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        print(f"{shown}:1: 文件必須以 UTF-8 編碼保存；沒有改動任何地方", file=sys.stderr)
        return 1
    try:
        result = follow(text, shown, year, previous_text(args.policy_src, year))
    except Refused as refused:
        print(refused, file=sys.stderr)
        print(f"\n{shown} 讀不下去，沒有改動任何地方：先改好上面的問題，再執行一次。", file=sys.stderr)
        return 1

    changes = sorted(result.changes, key=lambda c: c.line)
    if not changes:
        print(f"{shown}：規則區塊已經照著正文，沒有要改的（文件沒有改動）。")
    else:
        done = "將改" if args.dry_run else "已改"
        where_ = "（--dry-run：沒有寫入文件）" if args.dry_run else "（已寫入）"
        print(f"{shown}：按新正文{done} {len(changes)} 處規則{where_}：")
        for change in changes:
            print(change.shown(shown))
        if not args.dry_run:
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(result.text)
    cited = renumber_references(path.parent, result.renumbered, write=not args.dry_run)
    if cited:
        numbering = "、".join(f"{old} → {new}" for old, new in result.renumbered.items())
        print(
            f"\n正文重新編號（{numbering}），算例、常見問題和口徑說明的引用{'將' if args.dry_run else '已'}跟著改（{len(cited)} 處）："
        )
        for line in cited:
            print(line)
    if result.judgements:
        print(f"\n還要你判斷的（{len(result.judgements)} 處）：")
        for line, message in sorted(result.judgements):
            print(f"{shown}:{line}: {message}")
    problems = problems_of(result.text, shown, year)
    if problems:
        print(
            f"\n編譯器還指出 {len(problems)} 個問題，要你決定怎麼改{'（按改好後的樣子檢查）' if args.dry_run and changes else ''}："
        )
        for problem in problems:
            print(problem)
    else:
        print(
            "\n規則已與正文一致。"
            + (f"接著執行 make check-year YEAR={year}，檢查算例、常見問題和口徑說明。" if not args.dry_run else "")
        )
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

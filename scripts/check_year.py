"""Everything about one year's notice, checked at once, before it is published:

    make check-year YEAR=2026        (.venv/bin/python scripts/check_year.py 2026)

Compiles every notice (the rules against their words), works out every worked example of
the year and compares it with what it states, and writes the year's pages in both scripts as
the site would publish them, draft or not: FAQ and 口徑說明 placeholders, citations,
quotations, and figures left over from the year before. Every problem is printed as
`path:line: message` in Chinese; nothing is written into the project. Exit 0: ready to publish.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

import notice_compiler
import site_builder
from site_builder import calculator_assets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="發布前檢查一個年度的通知、規則、算例和頁面")
    parser.add_argument("year", help="年度，如 2026")
    parser.add_argument("--policy-src", type=Path, default=notice_compiler.POLICY_SRC)
    args = parser.parse_args(argv)
    years = notice_compiler.years(args.policy_src)
    if not args.year.isdigit() or int(args.year) not in years:
        have = "、".join(map(str, years)) or "（沒有）"
        print(
            f"沒有 {args.year} 年度的通知：policy_src/ 中有 {have}。新年度請先執行 "
            f".venv/bin/python scripts/new_year.py <年度>",
            file=sys.stderr,
        )
        return 1
    year = int(args.year)
    try:
        with tempfile.TemporaryDirectory() as generated:
            for script in ("hant", "hans"):
                site = site_builder.build(args.policy_src, Path(generated), script, preview=year)
    except notice_compiler.CompileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"\n{year} 年度還不能發布：{len(exc.problems)} 個問題（上面每行寫著文件:行號）。"
            "改好後再執行一次 make check-year。",
            file=sys.stderr,
        )
        return 1
    except calculator_assets.AssetsError as exc:
        print(exc, file=sys.stderr)
        return 1
    except Exception as exc:  # a defect of the site's code, not of the officer's files: say so in one line
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        print(
            f"檢查程序本身出錯（{type(exc).__name__}: {str(exc)[:200]}，位置 {Path(frame.filename).name}:{frame.lineno}）。"
            "這不是通知文件的問題：請把這一行發給網站的維護人員。",
            file=sys.stderr,
        )
        return 3
    status = notice_compiler.load(year, args.policy_src).front["status"]
    examples = len(notice_compiler.examples.load_examples(args.policy_src / str(year)))
    pages = sorted(p for p in site.pages if p.startswith(f"{year}/"))
    print(
        f"{year} 年度：規則與原文一致，{examples} 個算例的結果都與所寫的相符，{len(pages)} 個頁面（簡體、繁體）都已生成，"
        "沒有發現上一年度留下的數字。"
    )
    if status == "draft":
        print(f"現在是草稿（status: draft）。把 notice.md 開頭的 status 改為 published，網站就會發布 {year} 年度。")
    else:
        print(
            f"狀態是 published：執行 make site 生成網站（make serve 可在本機查看 http://127.0.0.1:8000/{year}/calculator/）。"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

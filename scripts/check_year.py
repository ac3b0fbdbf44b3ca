"""Everything about one year's notice, checked at once, before it is published:

    make check-year YEAR=2026        (.venv/bin/python scripts/check_year.py 2026)

One complete list in one run: the rules against their words (every year), every worked
example of the year worked out and run, the figures left over from the year before (and
those worked out from them), and the year's pages in both scripts as the site would publish
them, draft or not: FAQ and 口徑說明 placeholders, citations, quotations. A problem of one
kind never hides those of another: the examples are run against the rules as written even
while some rule disagrees with its words. Everything is compiled in memory; nothing is
written into the project. Every problem is printed as `path:line: message` in Chinese, an
unexpected failure of the checking code too (never a traceback). Exit 0: ready to publish.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
import types
from pathlib import Path

import notice_compiler
import site_builder
from calculator.policy import Policy
from notice_compiler import emit, hans
from notice_compiler.examples import load_examples, rules_in
from notice_compiler.problems import CompileError, Problems
from site_builder import calculator_assets, calculator_page, notice_page, pages, prose, roster_page, sources
from site_builder.chinese import to_script

# The pages of a year, as site_builder.build renders them: (source file named in a problem, render).
PAGES = (
    ("notice.md", notice_page.render),
    ("faq.md", lambda y: prose.render(y, "faq.md", "q-", question_list=True)),
    ("platforms.yaml", pages.platforms),
    ("interpretation.md", lambda y: prose.render(y, "interpretation.md", "r-")),
    ("cases", pages.examples),
    ("notice.md", lambda y: calculator_page.render(y, 2)),
    ("notice.md", lambda y: roster_page.render(y, 2)),
)


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
    problems = Problems()
    check = Check(args.policy_src, year, problems)
    check.guarded(check.notice_path, 1, check.run)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"\n{year} 年度還不能發布：{_summary(set(problems.items), check)}", file=sys.stderr)
        return 1
    print(
        f"{year} 年度：規則與原文一致，{check.examples} 個算例的結果都與所寫的相符，{check.pages} 個頁面（簡體、繁體）都已生成，"
        "沒有發現上一年度留下的數字。"
    )
    if check.status == "draft":
        print(f"現在是草稿（status: draft）。把 notice.md 開頭的 status 改為 published，網站就會發布 {year} 年度。")
    else:
        print(
            f"狀態是 published：執行 make site 生成網站（make serve 可在本機查看 http://127.0.0.1:8000/{year}/calculator/）。"
        )
    return 0


class Check:
    """One year's checks, each adding its problems and none stopping the others."""

    def __init__(self, policy_src: Path, year: int, problems: Problems):
        self.src, self.year, self.problems = policy_src, year, problems
        self.folder = policy_src / str(year)
        self.notice_path = notice_compiler.shown_path(self.folder / "notice.md")
        self.examples = self.pages = 0
        self.status = None

    def guarded(self, path: str, line: int, step, *args):
        """`step(*args)`; its CompileError's problems are added, and any other exception becomes
        one line at `path:line` saying what to do: the checking code failed, not the officer."""
        try:
            return step(*args)
        except CompileError as exc:
            self.problems.items.extend(exc.problems)
        except calculator_assets.AssetsError as exc:
            said = [row.strip() for row in str(exc).splitlines() if row.strip()]
            last = said[-1][:200] if said else type(exc).__name__
            self.problems.add(
                path,
                line,
                f"生成網站的計算器運行文件時出錯（{said[0][:80] if said else ''} … {last}）。這不是通知文件的問題："
                "規則、算例和頁面都已查過；請把這一行發給技術同事。",
            )
        except Exception as exc:  # any defect of ours is one line, never a traceback
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            self.problems.add(
                path,
                line,
                f"檢查程序本身出錯（{type(exc).__name__}: {str(exc)[:200]}，位置 {Path(frame.filename).name}:{frame.lineno}）。"
                "這多半不是這個文件寫錯了：其他問題照常列在這裡，請先改好它們，再把這一行發給技術同事。",
            )
        return None

    def run(self) -> None:
        notices = {}
        for y in notice_compiler.years(self.src):
            shown = notice_compiler.shown_path(self.src / str(y) / "notice.md")
            notices[y] = self.guarded(shown, 1, notice_compiler.load, y, self.src, self.problems)
        notice = notices.get(self.year)
        if notice is None:
            return
        self.status = notice.front.get("status")
        self.guarded(self.notice_path, 1, self._texts_convert, [n for n in notices.values() if n])
        rules = rules_in(notice)
        policy = self.guarded(self.notice_path, 1, _policy, notice)
        examples = self.guarded(
            self.notice_path,
            1,
            lambda: load_examples(self.folder, notice_compiler.shown_path, rules, self.problems),
        )
        examples = examples or []
        self.examples = len(examples)
        if policy is None:
            if not self.problems:
                self.problems.add(self.notice_path, 1, "規則區塊讀不成計算器的規則；請先改好規則區塊")
            return
        for example in examples:
            if not example.broken:
                self.guarded(
                    example.path, example.line, sources._examples_hold, [example], self.year, policy, self.problems
                )
        earlier = [y for y in notices if y < self.year]
        if earlier and notices[max(earlier)]:  # a previous notice that does not load is reported already
            self.guarded(
                self.notice_path, 1, sources._no_leftovers, self.folder, rules, examples, self.src, self.problems
            )
        year = sources.Year(self.year, notice, rules, policy, examples, self.folder)
        for name, render in PAGES:
            self.guarded(notice_compiler.shown_path(self.folder / name), 1, self._page, render, year)
        if not self.problems:  # the site's own build of the year, as make site does it
            self.guarded(self.notice_path, 1, self._as_built)

    def _texts_convert(self, notices) -> None:
        """Every text the engine prints has its Simplified form (as make compile checks)."""
        hans.module_text({n.path: hans.texts_of_notice(n) for n in notices}, self.problems)

    def _page(self, render, year) -> None:
        markdown = render(year)
        for script in ("hant", "hans"):
            to_script(markdown, script)
        self.pages += 1

    def _as_built(self) -> None:
        with tempfile.TemporaryDirectory() as generated:
            for script in ("hant", "hans"):
                site_builder.build(self.src, Path(generated), script, preview=self.year)


def _summary(problems, check: Check) -> str:
    """How many problems, of which kind, and where to start."""
    rules = sum(p.path == check.notice_path for p in problems)
    examples = sum("/cases/" in p.path for p in problems)
    pages = len(problems) - rules - examples
    out = (
        f"{len(problems)} 個問題（上面每行寫著文件:行號）：規則與正文 {rules} 個，算例 {examples} 個，"
        f"常見問題、口徑說明等頁面 {pages} 個。"
    )
    if rules and examples:
        out += "算例是按規則區塊現在寫的值算的：先改好 notice.md 的問題（make follow-text 可以代勞大部分），算例的問題多半隨之消失。"
    return out + "改好後再執行一次 make check-year。"


def _policy(notice) -> Policy:
    """The year's rules compiled in memory, as calculator/generated/ would hold them."""
    module = types.ModuleType(f"_check_year_notice_{notice.front['year']}")
    exec(compile(emit.module_text(notice), notice.path, "exec"), module.__dict__)  # our own output
    return Policy.from_module(module)


if __name__ == "__main__":
    sys.exit(main())

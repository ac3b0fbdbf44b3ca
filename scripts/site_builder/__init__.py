"""The published site, generated from policy_src/ alone (MkDocs calls it through a thin hook).

`build(policy_src, generated, script)` returns every page's Markdown by path and the nav;
nothing about a year is written by hand in docs/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import calculator_page, notice_page, pages, prose, roster_page
from .chinese import to_script
from .sources import Year, load_years

# Pages of each year: file name, title in the nav.
YEAR_PAGES = (
    ("notice.md", "通知全文"),
    ("faq.md", "常見問題"),
    ("platforms.md", "學習平臺與聯繫電話"),
    ("interpretation.md", "口徑說明"),
    ("examples.md", "算例"),
    ("calculator.md", "學時自查"),
    ("roster.md", "單位批量自查"),
)


@dataclass
class Site:
    pages: dict[str, str]  # docs path -> Markdown
    nav: list
    latest: int
    years: list[int]


def build(policy_src: Path, generated: Path, script: str, depth: int = 0, preview: int | None = None) -> Site:
    """`depth`: how many folders below the whole site's root this build is (zh-hant/: 1);
    `preview`: a draft year built as if it were published (make check-year)."""
    years = load_years(policy_src, generated, preview)
    if not years:
        raise ValueError(f"{policy_src} 中沒有已發布（status: published）的通知")
    latest, older = years[0], years[1:]
    pages_by_path = {"index.md": pages.home(latest, older)}
    nav: list = [{"首頁": "index.md"}]
    for year in years:
        rendered = {
            "notice.md": notice_page.render(year),
            "faq.md": prose.render(year, "faq.md", "q-", question_list=True),
            "platforms.md": pages.platforms(year),
            "interpretation.md": prose.render(year, "interpretation.md", "r-"),
            "examples.md": pages.examples(year),
            "calculator.md": calculator_page.render(year, depth + 2),
            "roster.md": roster_page.render(year, depth + 2),
        }
        for name, markdown in rendered.items():
            if year is not latest:
                markdown = _with_banner(markdown, year, latest, name)
            pages_by_path[f"{year.year}/{name}"] = markdown
        nav.append({f"{year.year}年度": [{title: f"{year.year}/{name}"} for name, title in YEAR_PAGES]})
    return Site(
        {path: to_script(text, script) for path, text in pages_by_path.items()},
        _nav_in_script(nav, script),
        latest.year,
        [y.year for y in years],
    )


def _with_banner(markdown: str, year: Year, latest: Year, name: str) -> str:
    """Pages of an older year say so, and point to the same page of the latest year."""
    head, sep, body = markdown.partition("\n---\n")
    banner = (
        f'!!! danger "這是往年（{year.year}年度）的通知"\n\n'
        f"    最新的是 [{latest.year} 年度的{dict(YEAR_PAGES)[name]}](../{latest.year}/{name})。\n"
    )
    return f"{head}{sep}\n{banner}{body}"


def _nav_in_script(nav, script):
    if isinstance(nav, list):
        return [_nav_in_script(item, script) for item in nav]
    if isinstance(nav, dict):
        return {to_script(k, script): _nav_in_script(v, script) for k, v in nav.items()}
    return nav

"""Starting and publishing next year, as a policy officer does it (docs/authoring.md):
scaffold a draft, replace the text, `make check-year`, publish. Figures come from the rules
of the years involved, never written here."""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import officer_year
import pytest
from helpers import ROOT
from officer_year import TRIAL_BASE, draft
from site_build import build_site, configs_for
from years import about

import notice_compiler
from calculator.policy import Policy
from calculator.roster.template import template_csv
from notice_compiler import stale
from notice_compiler.examples import load_examples, rules_of
from site_builder import sources

NEWEST = max(notice_compiler.published_years())
NEXT = NEWEST + 1


def scaffold(tmp_path: Path) -> Path:
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    draft(src, NEXT)
    return src


def check_year(src: Path, year: int = NEXT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/check_year.py", str(year), "--policy-src", str(src)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_scaffold_is_a_draft_that_compiles_and_is_not_published(tmp_path):
    src = scaffold(tmp_path)
    notice = (src / str(NEXT) / "notice.md").read_text(encoding="utf-8")
    assert f"year: {NEXT}" in notice and "status: draft" in notice
    written = notice_compiler.compile_all(src, tmp_path / "generated")
    assert tmp_path / "generated" / f"notice_{NEXT}.py" in written
    assert notice_compiler.published_years(src) == notice_compiler.published_years()
    # The text and its rules stay last year's until the new text replaces them: no rule is
    # moved into a year whose words say otherwise.
    assert rules_of(src / str(NEXT)) == rules_of(ROOT / "policy_src" / str(NEWEST))


def test_the_scaffold_moves_only_real_years_and_dates(tmp_path):
    from notice_compiler.drafts import declared_circumstances, shift_text

    NOTICE = ROOT / "policy_src" / str(NEWEST) / "notice.md"

    unsafe: list[str] = []
    text = "\n".join(
        [
            "- name: 一位1980年出生的女性，2025年補學2023和2024年度，上傳2000分鐘。",
            '  case: {notice: 2025, as_of: "2025-12-15", person: {birth_date: "1980-02-29"}, epidemic_years: [2023, 2024]}',
            '  records: [{year: 2024, studied_on: "2025-02-30", minutes: 2000, hours: 2024}]',
            "  id: make-up-before-2022-not-counted",
            "  expect: {years: {2025: {met: true}}}",
            "    2024: {met: false}",
        ]
    )
    listed = next(c for c, kind in declared_circumstances(NOTICE).items() if kind == "years")
    text = text.replace("epidemic_years", listed)  # a circumstance the rules declare as a list of years
    out = shift_text(text, 1, "cases/x.yaml", unsafe, declared_circumstances(NOTICE)).split("\n")
    assert out[0] == "- name: 一位1981年出生的女性，2026年補學2024和2025年度，上傳2000分鐘。"  # minutes stay
    assert "notice: 2026" in out[1] and '"2026-12-15"' in out[1] and "[2024, 2025]" in out[1]
    assert '"1981-02-28"' in out[1] and unsafe and "cases/x.yaml:2" in unsafe[0] and "2月29日" in unsafe[0]
    assert '"2025-02-30"' in out[2], "a date that does not exist stays as it is: it is a bad-input example"
    assert "minutes: 2000" in out[2] and "year: 2025" in out[2] and "hours: 2024" in out[2]
    assert out[3].endswith("make-up-before-2022-not-counted"), "ids are what the FAQ cites: never moved"
    assert out[4] == "  expect: {years: {2026: {met: true}}}" and out[5] == "    2025: {met: false}"


def test_check_year_lists_every_problem_at_its_line_in_words_people_read(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    cases = src / str(NEWEST) / "cases" / "1.4.8-minutes.yaml"
    text = cases.read_text(encoding="utf-8")
    # A wrong expectation on an example whose exact value is a fraction of an hour.
    first = re.search(r'shortfall: \{public: 0, professional: "[^"]+"\}', text)
    assert first, "the minutes examples state an exact shortfall"
    cases.write_text(
        text[: first.start()] + "shortfall: {public: 0, professional: 9}" + text[first.end() :], encoding="utf-8"
    )
    run = check_year(src, NEWEST)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.splitlines()
    wrong = [
        line for line in lines if line.startswith(f"{cases.as_posix()}:") and "shortfall.professional: 期望 9" in line
    ]
    assert wrong and re.search(r"實際 \d+\.\d(?!\d)", wrong[0]), run.stderr  # 2.2, not 2.2222222222222223
    assert f"{NEWEST} 年度還不能發布：1 個問題" in run.stderr


def test_a_year_whose_examples_fail_is_not_published(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    cases = src / str(NEWEST) / "cases" / "annual.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("status: met", "status: not_met", 1), encoding="utf-8")
    import site_builder

    with pytest.raises(notice_compiler.CompileError) as failed:
        site_builder.build(src, tmp_path / "generated", "hant")
    assert any(
        p.path.endswith("annual.yaml") and "status: 期望 not_met，實際 met" in p.message for p in failed.value.problems
    )


@about(TRIAL_BASE)
@pytest.mark.build
def test_an_officer_publishes_next_year_and_the_whole_site_follows(tmp_path):
    """The officer's trial: changed figures, a later window, one make-up year, older age
    thresholds, other minutes to an hour, a new fixed-hours channel, a new reduction on a new
    circumstance, a renumbered clause, 一(五)2 no longer exempting, done as the edits of
    tests/officer_year.py; then the whole site is built and read.
    Run from the trial's base year even when later years exist (they are left out)."""
    src = officer_year.trial_source(tmp_path / "policy_src")
    NEWEST, NEXT = TRIAL_BASE, TRIAL_BASE + 1
    edits = officer_year.publish(src, NEWEST, NEXT)
    # Fewer than 40 for a year that changes figures and structure; a reduction that the new
    # notice drops takes a few more, each where check-year points.
    changed = edits.total() - edits[officer_year.Edits.REMOVED]
    print(f"\nthe officer's edits: {edits.total()} ({changed} without the removal): {dict(edits)}")
    assert changed < 40, f"publishing a year took {changed} edits (+{edits[officer_year.Edits.REMOVED]}): {edits}"
    assert edits[officer_year.Edits.REMOVED] <= 10, edits
    run = check_year(src, NEXT)
    assert run.returncode == 0, run.stderr + run.stdout
    site = tmp_path / "site"
    built = build_site(site, *configs_for(tmp_path, src))
    assert built.returncode == 0, built.stderr

    new, old = rules_of(src / str(NEXT)), rules_of(src / str(NEWEST))
    req = new["requirement"]
    home = _text(site / "zh-hant" / "index.html")
    assert f"每年 {req['total']} 學時" in home and f"公需科目不少於 {req['public']} 學時" in home
    assert f"{NEWEST} 年度通知" in home  # the older year is listed, and its pages say they are older
    assert f"這是往年（{NEWEST}年度）的通知" in _text(site / "zh-hant" / str(NEWEST) / "faq" / "index.html")

    # The calculator of the new year asks only what its rules read; last year's still asks.
    new_page = (site / "zh-hant" / str(NEXT) / "calculator" / "index.html").read_text(encoding="utf-8")
    old_page = (site / "zh-hant" / str(NEWEST) / "calculator" / "index.html").read_text(encoding="utf-8")
    assert 'data-field="person.non_public"' in old_page and 'data-field="person.non_public"' not in new_page
    assert "（）" not in _text(site / "zh-hant" / str(NEXT) / "calculator" / "index.html")

    # What the new year adds, asked and explained with no code: its new circumstance in the form
    # and the roster template, its new channel offered, both with a rule card under their clause.
    policy = _compiled(src, NEXT, tmp_path)
    added = [c for c in policy.circumstances.values() if c.id not in _compiled(src, NEWEST, tmp_path).circumstances]
    channel = next(c for c in policy.channels.values() if c.fixed_hours)
    assert added and channel.id not in _compiled(src, NEWEST, tmp_path).channels
    words = _text(site / "zh-hant" / str(NEXT) / "calculator" / "index.html")
    notice_page = _text(site / "zh-hant" / str(NEXT) / "notice" / "index.html")
    for circumstance in added:
        assert f'data-field="person.{circumstance.id}"' in new_page and circumstance.question in words
        assert circumstance.name in template_csv(policy).decode("utf-8-sig")
    assert f">{channel.name}<" in new_page
    label = policy.clause_labels[channel.clause]
    card = notice_page.split(f"規則卡片：{label}", 1)[1][:200]
    assert channel.name in card and re.search(rf"{channel.fixed_hours[1]}\s*學時", card), card
    assert f"{NEXT}{channel.roster}" in template_csv(policy).decode("utf-8-sig")
    # The renumbered closing paragraph is still 一(四)末段 on the new year's page; last year's
    # notice keeps its own numbering.
    for year, page in ((NEXT, notice_page), (NEWEST, _text(site / "zh-hant" / str(NEWEST) / "notice" / "index.html"))):
        conversion = _compiled(src, year, tmp_path).conversion_clause
        assert f"規則卡片：{_compiled(src, year, tmp_path).clause_labels[conversion]}" in page

    # No hours, age or day of last year's rules or errata that this year's do not have, anywhere
    # in the new year's pages (both scripts). Years are left to check-year, which reads the
    # sources: a year worked out from this year's rules ({{make_up.years.0 - 1}}) may be one
    # that last year's rules also had.
    gone = stale.Figures.of(old, sources._errata(src / str(NEWEST))).without(
        stale.Figures.of(new, sources._errata(src / str(NEXT)))
    )
    gone.years.clear()
    for root in (site, site / "zh-hant"):
        for page in ("notice", "faq", "interpretation", "examples", "calculator", "platforms"):
            text = _text(root / str(NEXT) / page / "index.html", cards=False)
            assert not stale.leftovers(text, gone), (root.name, page, stale.leftovers(text, gone)[:5])
    assert len(load_examples(src / str(NEXT))) >= len(load_examples(ROOT / "policy_src" / str(NEWEST))) - 10


def _compiled(src: Path, year: int, tmp_path: Path) -> Policy:
    """A year's rules from `src`, compiled apart from calculator/generated/."""
    out = tmp_path / "compiled" / str(year)
    if not (out / f"notice_{year}.py").exists():
        out.mkdir(parents=True, exist_ok=True)
        notice_compiler.compile_all(src, out)
    spec = importlib.util.spec_from_file_location(f"trial_notice_{year}", out / f"notice_{year}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Policy.from_module(module)


def _text(path: Path, cards: bool = True) -> str:
    """A page's words; without the worked examples' cards if `cards` is false (a card shows a
    person's own records, what the engine says under this year's rules, and a name that
    check-year read in its source, where a figure that is not a rule's is written {{30}})."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    if not cards:
        page = _without_cards(page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _without_cards(page: str) -> str:
    out, at = [], 0
    while (start := page.find('<div class="example-card"', at)) != -1:
        depth, cursor = 0, start
        for tag in re.finditer(r"<(/?)div\b", page[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                cursor = start + tag.end()
                break
        out.append(page[at:start])
        at = page.index(">", cursor) + 1
    return "".join(out) + page[at:]


def test_formulas_follow_the_structure_of_the_rules():
    """Make-up years by index, ages as dates from a check's day, exact hours in words."""
    from datetime import date
    from fractions import Fraction

    from notice_compiler import formulas

    rules = rules_of(ROOT / "policy_src" / str(NEWEST))
    years, tier = rules["make_up"]["years"], rules["age"]["tiers"][0]
    assert formulas.value("make_up.years[0]", rules) == years[0] == formulas.value("make_up.years.0", rules)
    assert formulas.value("make_up.years[-1]", rules) == years[-1]
    with pytest.raises(formulas.FormulaError, match="只有"):
        formulas.value(f"make_up.years[{len(years)}]", rules)
    own = {"as_of": f"{NEWEST}-09-01"}
    born = formulas.value("as_of - age.tiers[0].male years", rules, own)
    assert born == date(NEWEST - tier["male"], 9, 1)
    assert formulas.value("as_of - age.tiers[0].male years + 1", rules, own) == date(NEWEST - tier["male"], 9, 2)
    leap = {"as_of": "2028-02-29"}  # a 29 February going back to a year without one: the 28th
    assert formulas.value("as_of - 55 years", rules, leap) == date(1973, 2, 28)
    with pytest.raises(formulas.FormulaError, match="日期"):
        formulas.value("age.tiers[0].male years", rules)
    per_hour = rules["conversion"]["minutes_per_hour"]
    exact = formulas.value("100 / conversion.minutes_per_hour", rules)
    assert exact == Fraction(100, per_hour)
    words = formulas.as_words(exact)
    if exact.denominator > 100 or (exact * 100).denominator != 1:
        assert "又" in words or "/" in words, words  # never a rounded figure
    assert formulas.as_words(Fraction(520, 9)) == "57又7/9" and formulas.as_words(Fraction(121, 4)) == "30.25"
    assert formulas.day_of_year("{{make_up.years[0] + 1}}-06-01", rules) == date(years[0] + 1, 6, 1)


def test_the_scaffold_never_moves_a_number_inside_a_formula():
    from notice_compiler.drafts import shift_text

    text = '      - {year: "{{make_up.years[0]}}", studied_on: "2025-04-20", hours: "{{window.year - 2025}}"}'
    out = shift_text(text, 1)
    assert '"{{make_up.years[0]}}"' in out and '"2026-04-20"' in out and "{{window.year - 2025}}" in out


def fewer_or_more(years: list[int]) -> list[int]:
    """Another count of make-up years than `years`: the last one alone, or one more."""
    return years[-1:] if len(years) > 1 else [years[0] - 1, *years]


def test_figures_worked_out_from_last_years_are_leftovers_too():
    """Sums, conversions and counts of years written from last year's rules, each said how."""
    old = rules_of(ROOT / "policy_src" / str(NEWEST))
    new = {
        **old,
        "requirement": {k: v + 4 if isinstance(v, int) else v for k, v in old["requirement"].items()},
        "conversion": {**old["conversion"], "minutes_per_hour": old["conversion"]["minutes_per_hour"] - 5},
        "make_up": {**old["make_up"], "years": fewer_or_more(old["make_up"]["years"])},
    }
    gone = stale.Figures.of(old).without(stale.Figures.of(new))
    professional, per_hour = old["requirement"]["professional"], old["conversion"]["minutes_per_hour"]
    count = {1: "一", 2: "兩", 3: "三", 4: "四", 5: "五"}[len(old["make_up"]["years"])]
    minutes = per_hour * 2 + 10  # not whole hours at the old rate
    lines = {
        f"另學了20學時，專業按{{{{requirement.professional}}}}學時計（不是{professional + 20}學時）": "不是",
        f"一次{minutes}分鐘的講座，{minutes} ÷ {{{{conversion.minutes_per_hour}}}}，約合{minutes / per_hour:.1f}學時": "約合",
        f"通知只列了這{count}個年度，沒有說其他年度能不能補": "年度",
    }
    # Minutes whose hours, cut at two decimals, differ from rounded (「29.66…」 for 29.666…).
    cut = next(
        m
        for m in range(per_hour + 1, per_hour * 100)
        if f"{m / per_hour:.2f}" != f"{int(m * 100 / per_hour) / 100:.2f}"
    )
    lines[f"行業培訓{cut}分鐘，折合{int(cut * 100 / per_hour) / 100:.2f}…學時"] = "折合"
    for line, near in lines.items():
        found = stale.leftovers(line, gone)
        assert found and near in found[0] and found[0].source, (line, found)
        assert "算出" in stale.message(found, NEWEST) or "年度數" in stale.message(found, NEWEST)
    (count_found,) = stale.leftovers(f"通知只列了這{count}個年度，沒有說其他年度能不能補", gone)
    assert "{{make_up.years}}" in stale.message([count_found], NEWEST), "a count of years is written as the years"
    assert not stale.leftovers("學了{{requirement.public}}學時，兩年差得一樣多", gone)
    # A count of other years is no count of the make-up list.
    assert not stale.leftovers(f"申報職稱，只要求其餘{count}個年度的學時", gone)


def test_check_year_lists_rules_examples_and_leftovers_in_one_run(tmp_path):
    """A rule that disagrees with its words does not hide a failing example or a leftover."""
    src = scaffold(tmp_path)
    folder = src / str(NEXT)
    total = rules_of(ROOT / "policy_src" / str(NEWEST))["requirement"]["total"]
    notice = (folder / "notice.md").read_text(encoding="utf-8")
    assert f"  total: {total}\n" in notice
    (folder / "notice.md").write_text(
        notice.replace(f"  total: {total}\n", f"  total: {total + 1}\n", 1), encoding="utf-8"
    )
    cases = folder / "cases" / "annual.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("status: met", "status: not_met", 1), encoding="utf-8")
    run = check_year(src)
    assert run.returncode == 1 and "Traceback" not in run.stderr + run.stdout, run.stderr
    lines = run.stderr.splitlines()
    assert any(line.startswith(f"{folder.as_posix()}/notice.md:") for line in lines), run.stderr
    assert any(line.startswith(f"{cases.as_posix()}:") and "status" in line for line in lines), run.stderr
    assert "規則與正文" in lines[-1] and "算例" in lines[-1]

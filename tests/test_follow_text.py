"""scripts/follow_text.py: after the officer pastes the new notice's text, the rule blocks follow it.

The made-up next year of tests/officer_year.py (96 = 32 + 64 hours, a window from 1月10日 to 11月30日 without
the 「11 月 31 日」 mistake, the years moved on, 一(五)2 no longer exempting anyone) is made here
the way tests/officer_year.py makes it, but only as the officer's pasted text: no rule block is
edited by hand. The old figures and words are the trial base year's rules, never written
here; what the rules must say afterwards is read from the new text with the figures module."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT
from officer_year import NO_LONGER_EXEMPT, TRIAL_BASE, draft, shifted, trial_source
from years import about

import notice_compiler
from notice_compiler import agreement, checks, figures, source
from notice_compiler.examples import rules_of
from notice_compiler.problems import Problems

pytestmark = about(TRIAL_BASE)
# The trial's base year and its made-up next year: the base's rules give the old figures.
NEWEST = TRIAL_BASE
NEXT = NEWEST + 1
HOURS = {"total": 96, "public": 32, "professional": 64}  # the made-up year's
WINDOW = ((1, 10), (11, 30))  # from, to (month, day)
BLOCK = re.compile(r"^```(rule|erratum)\n.*?^```\n\n?", re.S | re.M)


def follow_text(src: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/follow_text.py", str(NEXT), "--policy-src", str(src), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def redigit(written: str, numbers) -> str:
    """A figure as written (「2025年 1 月 5 日」, 「90學時」) with its digit runs replaced in order."""
    numbers = iter(numbers)
    return re.sub(r"\d+", lambda m: str(next(numbers)), written)


def refigure(quote: str, kind: str, new) -> str:
    """The quote with each figure of `kind` replaced by new(figure, index)."""
    found = figures.figures(quote, kind, NEXT)
    for i, f in reversed(list(enumerate(found))):
        quote = quote[: f.start] + new(f, i, len(found)) + quote[f.start + len(f.text) :]
    return quote


def pasted_texts() -> list[tuple[str, str]]:
    """(old words, new words) of the new notice, after its years moved on: from the old rules' says."""
    old = rules_of(ROOT / "policy_src" / str(NEWEST))
    hours = lambda times: lambda f, i, n: redigit(f.text, [HOURS[f.tag] * times])  # noqa: E731
    pairs = [
        (shifted(old["requirement"]["says"], 1), refigure(shifted(old["requirement"]["says"], 1), "hours", hours(1)))
    ]
    window = shifted(old["window"]["says"], 1)
    pairs.append(
        (window, refigure(window, "date", lambda f, i, n: redigit(f.text, [NEXT, *WINDOW[0 if i == 0 else 1]])))
    )
    for _level, spec in old["title"].items():
        said = shifted(spec["says"], 1)
        pairs.append((said, refigure(said, "hours", hours(len(spec["years"])))))
    return pairs


def paste_new_text(src: Path) -> Path:
    """Scaffold the next year and paste its text (and the front matter's title and date, step 2.3)."""
    trial_source(src)
    path = draft(src, NEXT) / "notice.md"
    pairs = pasted_texts()
    out, front, fenced, comment = [], 0, False, False
    for _number, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        stripped = line.strip()
        if front < 2 and stripped == "---":
            front += 1
        elif front < 2:
            if line.startswith(("title:", "issued:")):
                line = shifted(line, 1)
        elif stripped.startswith("```"):
            fenced = not fenced if fenced == (stripped == "```") else fenced  # opens, or closes
        elif comment or stripped.startswith("<!--"):
            comment = "-->" not in stripped
        elif not fenced and stripped:
            line = shifted(line, 1)
            for before, after in pairs:
                line = line.replace(before, after)
            if line.endswith("{#c-1-5-2}"):
                line = line[: line.index("。") + 1] + NO_LONGER_EXEMPT + "。 {#c-1-5-2}"
        out.append(line)
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def text_part(notice: str) -> str:
    """The notice without its rule and erratum blocks (each with the blank line after it)."""
    return BLOCK.sub("", notice)


def block_lines(notice: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"^```rule\n.*?^```\n", notice, re.S | re.M)]


@pytest.fixture(scope="module")
def followed(tmp_path_factory):
    src = tmp_path_factory.mktemp("follow") / "policy_src"
    path = paste_new_text(src)
    pasted = path.read_bytes()
    dry = follow_text(src, "--dry-run")
    after_dry = path.read_bytes()
    run = follow_text(src)
    again_before = path.read_bytes()
    again = follow_text(src)
    return {
        "src": src,
        "path": path,
        "pasted": pasted,
        "dry": dry,
        "after_dry": after_dry,
        "run": run,
        "followed": again_before,
        "again": again,
        "after_again": path.read_bytes(),
    }


def test_the_pasted_text_alone_does_not_compile(followed):
    """What the officer would otherwise fix by hand: the compiler names each rule value."""
    problems = Problems()
    checks.check(source.read("notice.md", followed["pasted"].decode("utf-8"), problems), NEXT, problems)
    assert len(list(problems)) >= 10


def test_after_following_the_text_the_year_compiles_and_only_1_5_2_needs_judgement(followed):
    run = followed["run"]
    assert run.returncode == 0, run.stdout + run.stderr
    notice = notice_compiler.load(NEXT, followed["src"])  # raises on any problem
    assert "規則已與正文一致" in run.stdout
    judged = run.stdout.split("還要你判斷的", 1)[1].split("\n\n", 1)[0].strip().split("\n")[1:]
    exemption = next(f for f in notice.rules if f.data.get("clause") == "1.5.2")
    assert len(judged) == 1 and judged[0].startswith(
        f"{notice_compiler.shown_path(followed['path'])}:{exemption.line}: 條款 1.5.2 "
    ), judged


def test_every_rule_value_is_what_the_new_text_states(followed):
    notice = notice_compiler.load(NEXT, followed["src"])
    rules = rules_of(followed["src"] / str(NEXT))
    compared = 0
    for fence in notice.rules:
        text = notice.segments[fence.segment].text
        errata = [f.data for f in notice.errata if f.segment == fence.segment]
        for path, name, value, stated in agreement.stated_fields(fence.data):
            says = agreement._get(fence.data, path)["says"]
            quote = says[name] if isinstance(says, dict) else says
            assert quote in text, (path, quote)
            year = agreement.year_before(text, quote, NEXT)
            found, picked, _ = agreement.field_figures(stated, quote, isinstance(says, dict), errata, year)
            stated_there = {f.value for f in (found if stated.many else picked)}
            assert (set(value) == stated_there) if stated.many else (value in stated_there), (path, name, value, quote)
            compared += 1
    assert compared >= 20
    # And the made-up year's figures, read from the clause texts, are the rules'.
    text = {s.clause: s.text for s in notice.segments}
    hours = {f.tag: f.value for f in figures.figures(text["1.2"], "hours")}
    assert {k: rules["requirement"][k] for k in HOURS} == {k: hours[k] for k in HOURS} == HOURS
    dates = [f.value for f in figures.figures(rules["window"]["says"], "date", NEXT)]
    assert (rules["window"]["from"], rules["window"]["to"]) == (dates[0], dates[-1])
    assert rules["window"]["year"] == NEXT and dates[0] == f"{NEXT}-{WINDOW[0][0]:02d}-{WINDOW[0][1]:02d}"
    assert rules["make_up"]["years"] == sorted(
        f.value for f in figures.figures(rules["make_up"]["says"]["years"], "year")
    )
    for _level, spec in rules["title"].items():
        assert spec["total"] == len(spec["years"]) * HOURS["total"] and max(spec["years"]) == NEXT
    assert all(d["by"].startswith(str(NEXT)) for d in rules["deadlines"])


def test_only_the_values_in_rule_blocks_change(followed):
    before, after = followed["pasted"].decode("utf-8"), followed["followed"].decode("utf-8")
    assert text_part(after) == text_part(before)  # the text, front matter and comments, byte for byte
    assert after.count("```erratum") == before.count("```erratum") - 1  # the 11月31日 one
    # Every rule block line is as it was but for its figures: keys, quoting, flow maps, spacing.
    mask = lambda blocks: [re.sub(r"\d+", "#", b) for b in blocks]  # noqa: E731
    assert mask(block_lines(after)) == mask(block_lines(before))
    assert block_lines(after) != block_lines(before)


def test_each_change_is_printed_at_its_line_old_then_new(followed):
    out = followed["run"].stdout
    shown = notice_compiler.shown_path(followed["path"])
    changes = [line for line in out.split("\n") if line.startswith(f"{shown}:") and " → " in line]
    count = int(re.search(r"已改 (\d+) 處", out).group(1))
    assert len(changes) == count - 1  # and the erratum removed, printed with its block
    lines = followed["followed"].decode("utf-8").split("\n")
    for change in changes:
        number, rest = re.match(rf"{re.escape(shown)}:(\d+): (.*)", change).groups()
        new = rest.split(" → ", 1)[1].split("（")[0].strip("「」")
        assert new in lines[int(number) - 1], change
    assert re.search(rf"{re.escape(shown)}:\d+: 刪去勘誤區塊.*\n    ```erratum\n", out)
    assert "hours" not in out and "Traceback" not in followed["run"].stderr


def test_a_second_run_changes_nothing_and_says_so(followed):
    assert followed["after_again"] == followed["followed"]
    assert followed["again"].returncode == 0 and "沒有要改的" in followed["again"].stdout


def test_dry_run_prints_the_same_changes_and_writes_nothing(followed):
    assert followed["after_dry"] == followed["pasted"]
    dry, run = followed["dry"].stdout, followed["run"].stdout
    assert "沒有寫入" in dry
    assert re.search(r"將改 (\d+) 處", dry).group(1) == re.search(r"已改 (\d+) 處", run).group(1)


def test_a_notice_that_does_not_parse_is_refused(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src" / str(NEWEST), src / str(NEWEST))
    shutil.copytree(ROOT / "policy_src" / "schema", src / "schema")
    folder = src / str(NEXT)
    shutil.copytree(src / str(NEWEST), folder)
    path = folder / "notice.md"
    text = path.read_text(encoding="utf-8").replace(f"year: {NEWEST}\n", f"year: {NEXT}\n", 1)
    broken = text.replace("requirement:\n", "requirement: [\n", 1)
    path.write_text(broken, encoding="utf-8")
    run = follow_text(src)
    assert run.returncode == 1 and "沒有改動任何地方" in run.stderr and "YAML" in run.stderr, run.stderr
    assert path.read_text(encoding="utf-8") == broken


def test_several_places_that_could_be_the_words_are_left_to_the_officer():
    from notice_compiler import follow_text as tool

    old = rules_of(ROOT / "policy_src" / str(NEWEST))
    notice = (ROOT / "policy_src" / str(NEWEST) / "notice.md").read_text(encoding="utf-8")
    said = old["conversion"]["says"]  # 「按 45分鐘計 1學時」, whatever it says this year
    other = redigit(said, [n + 5 for n in map(int, re.findall(r"\d+", said))])
    twice = notice.replace(
        said + "。", f"{redigit(said, [n + 1 for n in map(int, re.findall(r'\d+', said))])}，或{other}。", 1
    )
    result = tool.follow(twice, "notice.md", NEWEST)
    assert said in result.text.split("conversion:", 1)[1].split("```", 1)[0]  # not changed
    assert any("conversion.says" in message and "2 處" in message for _, message in result.judgements), (
        result.judgements
    )


def test_an_erratum_whose_mistake_the_new_text_still_makes_is_named():
    """The new text moved on a year but kept an impossible date: the old erratum goes (its words
    are gone), and the officer is told to write it again for the new words."""
    from notice_compiler import follow_text as tool

    notice = notice_compiler.load(NEWEST)
    text = (ROOT / "policy_src" / str(NEWEST) / "notice.md").read_text(encoding="utf-8")
    dated = [e for e in notice.errata if checks.TEXT_DATE.search(e.data["says"])]
    assert dated, "the newest notice has an erratum for a date that does not exist"
    erratum = dated[0]
    paragraph = notice.segments[erratum.segment].blocks[-1].text
    assert erratum.data["says"] in paragraph
    result = tool.follow(text.replace(paragraph, shifted(paragraph, 1), 1), "notice.md", NEWEST)
    again = shifted(erratum.data["says"], 1)
    assert (
        erratum.data["says"] not in text_part(result.text)
        and result.text.count("```erratum") == text.count("```erratum") - 1
    )
    assert any(f"「{again}」仍是不存在的日期" in message for _, message in result.judgements), result.judgements
    problems = [p.message for p in tool.problems_of(result.text, "notice.md", NEWEST)]
    assert any(f"正文中的日期「{again}」不存在" in m for m in problems), problems


SMALL = """---
year: 2026
status: draft
title: 學時
issuer: 局
issued: 2026-01-02
---

# 學時

## 一、學時 {#c-1}

2026年度每年累計應不少于 96學時,其中,公需科目不少于 32學時,專業科目不少于 64學時。可補學 2023年和 2024年度。

```rule
clause: "1"
requirement:
  total: 90   # 每年
  public:   30
  professional: 60
  says: '累計應不少于 90學時,其中,公需科目不少于 30學時,專業科目不少于 60學時'
make_up:
  studied_in: 2026
  years:
    - 2022
    - 2023
  says: {studied_in: 2026年度, years: "可補學 2022年和 2023年度"}
```
"""


def test_each_value_keeps_how_it_was_written():
    """Quotes, comments, spacing and a block list stay as written: only the figures change."""
    from notice_compiler import follow_text as tool

    result = tool.follow(SMALL, "notice.md", 2026)
    assert result.text == (
        SMALL.replace("total: 90", "total: 96")
        .replace("public:   30", "public:   32")
        .replace("professional: 60", "professional: 64")
        .replace(
            "'累計應不少于 90學時,其中,公需科目不少于 30學時,專業科目不少于 60學時'",
            "'累計應不少于 96學時,其中,公需科目不少于 32學時,專業科目不少于 64學時'",
        )
        .replace("- 2022\n    - 2023", "- 2023\n    - 2024")
        .replace('"可補學 2022年和 2023年度"', '"可補學 2023年和 2024年度"')
    )
    assert len(result.changes) == 6 and not result.judgements
    assert tool.follow(result.text, "notice.md", 2026).changes == []


def test_a_new_item_renumbers_the_closing_paragraph_and_what_cites_it(tmp_path):
    """A next notice adds an item to a clause, before the clause's closing paragraph (a new
    一(四)8, say). The officer pastes the text with its anchors as the new notice numbers it;
    the closing paragraph's rule block follows the new number, and so does every worked
    example, FAQ answer and reading that cites it: the year compiles, its examples as they were."""
    from notice_compiler import labels
    from notice_compiler.follow_text import follow, renumber_references

    src = trial_source(tmp_path / "policy_src")
    closing = sorted(labels.closing_paragraphs(notice_compiler.load(NEWEST, src)))
    assert closing, "the base year has a clause with a closing paragraph"
    old = closing[0]
    parent, _, number = old.rpartition(".")
    new = f"{parent}.{int(number) + 1}"
    folder = draft(src, NEXT)
    path = folder / "notice.md"
    text = path.read_text(encoding="utf-8")
    anchor = re.search(rf"\{{#c-{re.escape(old.replace('.', '-'))}(?P<rest>[^}}]*)\}}", text)
    paragraph_start = text.rindex("\n\n", 0, anchor.start()) + 2
    pasted = (
        text[:paragraph_start]
        + f"{number}.新增的培訓學時規定。 {{#c-{old.replace('.', '-')}}}\n\n"
        + text[paragraph_start : anchor.start()]
        + f"{{#c-{new.replace('.', '-')}{anchor.group('rest')}}}"
        + text[anchor.end() :]
    )
    cited_before = {
        p.name: p.read_text(encoding="utf-8").count(old) for p in folder.rglob("*.*") if p.suffix in (".md", ".yaml")
    }

    result = follow(pasted, "notice.md", NEXT)
    assert result.renumbered == {old: new}
    said = renumber_references(folder, result.renumbered)
    path.write_text(result.text, encoding="utf-8")

    assert said and all("→" in line for line in said)
    notice = notice_compiler.load(NEXT, src)  # raises on any problem, its worked examples included
    assert any(f.data.get("clause") == new for f in notice.rules)
    assert labels.closing_paragraphs(notice) == {new}
    for page in ("faq.md", "interpretation.md"):
        written = (folder / page).read_text(encoding="utf-8")
        assert f"[[{old}]]" not in written and (f"[[{new}]]" in written or not cited_before[page])
    notice_compiler.compile_all(src, tmp_path / "generated")

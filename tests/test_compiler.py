"""The compiler: one broken notice per kind of authoring error, each message and line checked;
all problems in one run; nothing written on error; same source, same bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

import notice_compiler
from notice_compiler import agreement, figures, source
from notice_compiler.problems import Problems

BROKEN = sorted((FIXTURES / "broken").glob("*.md"))
EXPECT = re.compile(r"<!-- expect (\d+): (.*?) -->")
NO_PROBLEM = re.compile(r"<!-- no problem: (.*?) -->")  # words that no message of the fixture may hold


def policy_with(tmp_path: Path, text: str, year: int = 2031) -> Path:
    src = tmp_path / "policy_src"
    (src / str(year)).mkdir(parents=True)
    (src / str(year) / "notice.md").write_text(text, encoding="utf-8")
    return src


def problems_of(src: Path, tmp_path: Path) -> list[notice_compiler.Problem]:
    with pytest.raises(notice_compiler.CompileError) as caught:
        notice_compiler.compile_all(src, tmp_path / "out")
    return caught.value.problems


@pytest.mark.parametrize("fixture", BROKEN, ids=lambda p: p.stem)
def test_broken_notice_is_reported_at_its_line(fixture, tmp_path):
    text = fixture.read_text(encoding="utf-8")
    line, message = EXPECT.search(text).groups()
    problems = problems_of(policy_with(tmp_path, text), tmp_path)
    shown = [str(p) for p in problems]
    assert any(p.line == int(line) and message in p.message for p in problems), shown
    for words in NO_PROBLEM.findall(text):
        assert not any(words in p.message for p in problems), shown
    assert all(s.startswith("policy_src/2031/notice.md:") or "/2031/notice.md:" in s for s in shown)
    assert not (tmp_path / "out").exists(), "nothing may be written when a notice is broken"


def real_notice() -> str:
    return (ROOT / "policy_src" / "2025" / "notice.md").read_text(encoding="utf-8")


def test_deleting_the_november_31_erratum_stops_the_build_at_that_paragraph(tmp_path):
    text = real_notice()
    erratum = re.search(r"```erratum\nsays: 2025年 11 月 31 日\n.*?```\n", text, re.S).group(0)
    paragraph_line = text[: text.index("至2025年 11 月 31 日截止")].count("\n") + 1
    problems = problems_of(policy_with(tmp_path, text.replace(erratum, ""), 2025), tmp_path)
    assert [(p.line, "「2025年 11 月 31 日」不存在" in p.message) for p in problems] == [(paragraph_line, True)]


def test_deleting_the_address_erratum_stops_the_build(tmp_path):
    text = real_notice()
    erratum = re.search(r"```erratum\nsays: http s://.*?```\n", text, re.S).group(0)
    problems = problems_of(policy_with(tmp_path, text.replace(erratum, ""), 2025), tmp_path)
    assert len(problems) == 1 and "http s://www.tcc.edu.cn/h/subject/alsjxjy/" in problems[0].message


def test_every_problem_is_reported_in_one_run(tmp_path):
    text = (
        real_notice()
        .replace("minutes_per_hour: 45", "minutes_per_hours: 45")
        .replace('clause: "1.5.3"', 'clause: "1.5.9"')
    )
    problems = problems_of(policy_with(tmp_path, text, 2025), tmp_path)
    messages = " ".join(p.message for p in problems)
    assert "minutes_per_hours" in messages and "1.5.9" in messages


def test_a_broken_year_stops_every_year_from_being_written(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    (src / "2031").mkdir()
    shutil.copy(FIXTURES / "broken" / "bad-date.md", src / "2031" / "notice.md")
    problems_of(src, tmp_path)
    assert not (tmp_path / "out").exists()


def test_folder_year_and_front_matter_year_must_agree(tmp_path):
    text = real_notice()
    problems = problems_of(policy_with(tmp_path, text, 2026), tmp_path)
    assert any("year 寫的是 2025，但文件在 2026 資料夾裡" in p.message for p in problems)


def test_same_source_gives_same_bytes(tmp_path):
    first = notice_compiler.compile_all(out_dir=tmp_path / "a")
    second = notice_compiler.compile_all(out_dir=tmp_path / "b")
    assert [(p.name, t) for p, t in first.items()] == [(p.name, t) for p, t in second.items()]


def test_committed_modules_equal_a_fresh_compile():
    run = subprocess.run([sys.executable, "scripts/compile.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_generated_module_says_it_is_generated_and_stamps_each_rule():
    text = (ROOT / "calculator" / "generated" / "notice_2025.py").read_text(encoding="utf-8")
    assert text.startswith("# Generated from policy_src/2025/notice.md") and "Do not edit" in text.splitlines()[0]
    notice = real_notice().split("\n")
    for path_line in re.findall(r"'source': 'policy_src/2025/notice.md:(\d+)'", text):
        assert notice[int(path_line) - 1].startswith("```"), f"line {path_line} is not a block"


def test_compile_script_prints_path_line_messages_and_exits_1(tmp_path):
    src = policy_with(tmp_path, (FIXTURES / "broken" / "unknown-clause.md").read_text(encoding="utf-8"))
    run = subprocess.run(
        [sys.executable, "scripts/compile.py", "--policy-src", str(src), "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert re.search(r"notice\.md:23: 規則區塊寫的條款 1\.9 在本通知中不存在", run.stderr)
    assert "Traceback" not in run.stderr


# --- the rules agree with the words they encode ------------------------
# Every figure below is read from the real notice's own rules, never written here.


def parsed(text: str):
    return source.read("policy_src/2025/notice.md", text, Problems())


def stated_fields(text: str):
    """(fence, path of the field, value, Stated) for every field of the real notice's rules that its text states."""
    notice = parsed(text)
    for fence in notice.rules:
        for path, spec in agreement._objects(fence.data):
            obj = agreement._get(fence.data, path)
            for name, stated in spec.items():
                if name in obj and agreement._usable(obj[name], stated):
                    yield fence, path + (name,), obj[name], stated


def changed(value, stated):
    if stated.many:
        return [v + 1 for v in value]
    if stated.kind == "date":
        from datetime import date, timedelta

        return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
    return value + 1


def written(value) -> str:
    return f"[{', '.join(map(str, value))}]" if isinstance(value, list) else str(value)


def with_line(text: str, line: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[line - 1], (line, old)
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


FIELDS = list(stated_fields(real_notice()))


def test_the_real_notice_states_every_figure_of_its_rules():
    kinds = {path[0] for _, path, _, _ in FIELDS}
    assert {"requirement", "window", "make_up", "title", "age", "conversion"} <= kinds, kinds
    assert parsed(real_notice()).rules and not problems_of_text(real_notice())


def problems_of_text(text: str, year: int = 2025):
    from notice_compiler import checks

    problems = Problems()
    notice = source.read("policy_src/2025/notice.md", text, problems)
    checks.check(notice, year, problems)
    return list(problems)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: ".".join(map(str, f[1])))
def test_a_rule_value_that_its_text_does_not_state_is_named_at_its_line(field):
    fence, path, value, stated = field
    line = fence.lines[path]
    key = path[-1]
    text = with_line(real_notice(), line, f"{key}: {written(value)}", f"{key}: {written(changed(value, stated))}")
    problems = problems_of_text(text)
    name = agreement.where(path)
    assert any(p.line == line and f"`{name}` 寫的是" in p.message and "原文" in p.message for p in problems), [
        str(p) for p in problems
    ]


def test_a_figure_changed_in_the_text_and_its_quote_but_not_in_the_rule_is_named():
    """As an officer would: the new year's hours typed into the text (and the says), the rule left as it was."""
    text = real_notice()
    fence, path, value, stated = next(f for f in FIELDS if f[1] == ("requirement", "public"))
    quote = fence.data["requirement"]["says"]
    figure = next(f for f in figures.figures(quote, "hours") if f.tag == "public")
    new_quote = (
        quote[: figure.start]
        + figure.text.replace(str(value), str(value + 2))
        + quote[figure.start + len(figure.text) :]
    )
    assert text.count(quote) == 2  # the text and its says
    problems = problems_of_text(text.replace(quote, new_quote))
    assert [(p.line, p.message) for p in problems] == [
        (
            fence.lines[path],
            f"`requirement.public` 寫的是 {value}學時，但原文「{new_quote}」寫的是 {value + 2}學時；規則要與正文一致，應為 {value + 2}",
        )
    ]


def test_a_figure_changed_in_the_text_only_names_the_quote_and_the_rule():
    text = real_notice()
    fence, path, value, _ = next(f for f in FIELDS if f[1] == ("requirement", "total"))
    quote = fence.data["requirement"]["says"]
    paragraph = next(b for b in parsed(text).blocks if quote in b.text)
    lines = text.split("\n")
    lines[paragraph.line - 1] = lines[paragraph.line - 1].replace(f"{value}學時", f"{value + 6}學時", 1)
    problems = problems_of_text("\n".join(lines))
    assert any(
        p.line == fence.lines[path]
        and f"寫的是 {value}學時，本條款正文中卻沒有（正文寫的是 {value + 6}學時）" in p.message
        for p in problems
    )
    new_words = quote.replace(f"{value}學時", f"{value + 6}學時", 1)
    assert any(
        p.line == fence.lines[("requirement", "says")]
        and "不在本條款正文裡" in p.message
        and f"正文中相應的文字是「{new_words}」" in p.message
        for p in problems
    ), [str(p) for p in problems]


def test_the_window_end_is_stated_through_its_erratum():
    """`to` reads the erratum's date; without the erratum, the text's impossible date stops the build (above)."""
    fence, path, value, _ = next(f for f in FIELDS if f[1] == ("window", "to"))
    erratum = next(e for e in parsed(real_notice()).errata if e.data["says"] in fence.data["window"]["says"])
    read, used = agreement.reading(fence.data["window"]["says"], [erratum.data])
    assert used == erratum.data["reads"] and figures.figures(read, "date")[-1].value == value
    assert not figures.figures(erratum.data["says"], "date")[0].value  # the text's own date does not exist


def test_age_tiers_written_youngest_first_are_refused():
    text = real_notice()
    notice = parsed(text)
    fence = next(f for f in notice.rules if "age" in f.data)
    first, second = fence.lines[("age", "tiers", 0)], fence.lines[("age", "tiers", 1)]
    lines = text.split("\n")
    lines[first - 1], lines[second - 1] = lines[second - 1], lines[first - 1]
    problems = problems_of_text("\n".join(lines))
    assert [p.line for p in problems] == [second] and "各檔要從年齡最大的一檔往下寫" in problems[0].message


def test_a_title_level_the_notice_does_not_set_can_be_said_so():
    text = real_notice()
    fence = next(f for f in parsed(text).rules if "title" in f.data)
    line = fence.lines[("title", "junior")]
    lines = text.split("\n")
    without = "\n".join(lines[: line - 1] + lines[line:])
    assert any("`title` 缺少 `junior`" in p.message for p in problems_of_text(without))
    said = "\n".join(
        lines[: line - 1] + ["title_missing:", "  junior: 本年度通知未規定初級職稱評審的學時。"] + lines[line:]
    )
    assert problems_of_text(said) == []


def test_the_title_levels_are_the_contracts():
    from calculator.case import LEVELS
    from notice_compiler import checks

    assert sorted(checks.LEVELS) == sorted(LEVELS)


def test_every_rule_kind_that_states_a_figure_documents_says():
    """The schema lets every object of agreement.STATED carry a `says` (or the officer could not write one)."""
    rule = notice_compiler.schema.schema("rule")
    for pattern in agreement.STATED:
        spec = vocabulary_resolve(rule, rule["properties"][pattern[0]])
        for part in pattern[1:]:
            spec = vocabulary_resolve(
                rule,
                spec["items"]
                if part == "*" and spec.get("type") == "array"
                else spec["properties"][part]
                if part != "*"
                else spec["properties"]["senior"],
            )
        if spec.get("type") == "array":
            spec = vocabulary_resolve(rule, spec["items"])
        assert "says" in spec["properties"], pattern


def vocabulary_resolve(root, spec):
    from notice_compiler.vocabulary import _resolve

    return _resolve(root, spec)


def test_the_vocabulary_and_the_registry_of_rule_kinds_name_the_same_kinds():
    """An officer writes what the schema allows; the engine applies what rule_kinds defines:
    a kind in one and not the other would be accepted and then fail, or never be allowed."""
    from calculator import rule_kinds
    from notice_compiler.schema import schema

    rule = schema("rule")
    kinds = rule["properties"]["asks"]["items"]["properties"]["kind"]["enum"]
    assert tuple(kinds) == rule_kinds.CIRCUMSTANCE_KINDS
    credits = [k for k in rule["properties"]["channel"]["properties"] if k in rule_kinds.CREDITS]
    assert [next(iter(one["required"])) for one in rule["properties"]["channel"]["oneOf"]] == credits
    assert set(rule_kinds.CREDITS) == set(credits)
    for kind, reduction in rule_kinds.REDUCTIONS.items():
        assert reduction.reads in rule["properties"][kind]["properties"], kind


def test_an_example_missing_an_error_lists_what_was_reported_in_words_not_python():
    from notice_compiler.examples import differences

    result = {"errors": [{"field": "records[0].hours", "message": "…"}, {"field": "as_of", "message": "…"}]}
    (said,) = differences(result, {"errors": ["person.sex"]})
    assert "person.sex" in said and "as_of、records[0].hours" in said and "'" not in said
    assert "無" in differences({"errors": []}, {"errors": ["person.sex"]})[0]

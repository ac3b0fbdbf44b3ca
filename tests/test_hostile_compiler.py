"""Hostile notices: whatever a notice.md holds, the compiler answers `path:line: message`.

The real 2025 notice is changed in generated ways (hypothesis): a value in a rule block or
the front matter replaced by hostile YAML (huge or long numbers, dates with odd digits, deep
nesting, tags, merge keys, aliases, control characters), or hostile text put on any line.
Each must compile or stop with problems, each at a line of the file with a Chinese message,
within `SECONDS`: never a traceback. The YAML a case and a rule block are read with is the
same (calculator/reading.py), so a rule reads numbers as a case does.
"""

from __future__ import annotations

import re
import time

import pytest
from helpers import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import reading
from notice_compiler import checks, emit, figures, source
from notice_compiler.problems import Problems

SECONDS = 1.0
CJK = re.compile(r"[\u3400-\u9fff]")
NOTICE = (ROOT / "policy_src" / "2025" / "notice.md").read_text(encoding="utf-8")
LINES = NOTICE.split("\n")


def _yaml_value_lines() -> list[int]:
    """Indexes of the `key: value` lines inside rule blocks and the front matter."""
    out, inside = [], False
    for i, line in enumerate(LINES):
        if line.startswith("```"):
            inside = line.strip() in ("```rule", "```erratum")
            continue
        if (inside or 0 < i < LINES.index("---", 1)) and re.match(r"^\s*[a-z_]+: \S", line):
            out.append(i)
    return out


VALUE_LINES = _yaml_value_lines()
BOMB = "[" + ", ".join(["*b"] * 10) + "]"

hostile_values = st.one_of(
    st.sampled_from(
        [
            "9" * 5000,
            "-" + "1" * 200,
            "1e400",
            ".inf",
            ".nan",
            "1:30",
            "060",
            "0b101",
            "0x1F",
            "1_000",
            "yes",
            "~",
            "",
            "2031-0²-05",
            "２０２５-01-05",
            "2025-1-5",
            "2025-02-30",
            "0000-01-01",
            "9999-12-31",
            "[" * 50 + "]" * 50,
            "{a: " * 50 + "1" + "}" * 50,
            "!!python/object/apply:os.system ['true']",
            "!foo 3",
            "&a [1, 1, 1]",
            "*undefined",
            "{<<: {a: 1}}",
            '"\\ud800"',
            '"\\x00"',
            "'\x00'",
            "a\x1bb",
            "[1, 2",
            "{a: 1",
            "{[1]: 2}",
            "{? {a: 1} : 2}",
            "{a: 1, a: 2}",
            "|\n  text",
            ">-",
            "- a\n- b",
            "\t1",
        ]
    ),
    st.integers().map(str),
    st.floats().map(repr),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)


def compile_text(text: str) -> tuple[list, float]:
    """The problems of `text` as the notice of 2025, and the seconds it took; a clean notice is emitted."""
    start = time.perf_counter()
    problems = Problems()
    notice = source.read("policy_src/2025/notice.md", text, problems)
    checks.check(notice, 2025, problems)
    if not problems:
        emit.module_text(notice)
    return list(problems), time.perf_counter() - start


def assert_reported(text: str) -> list:
    problems, seconds = compile_text(text)
    count = text.count("\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= count, problem
        assert CJK.search(problem.message) and "Traceback" not in problem.message, problem
        assert len(problem.message) < 600, problem
    assert seconds < SECONDS, f"{seconds:.2f} s"
    return problems


HOSTILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@HOSTILE
@given(st.sampled_from(VALUE_LINES), hostile_values)
def test_any_value_in_a_rule_block_or_the_front_matter(index, value):
    lines = list(LINES)
    key = lines[index].split(":", 1)[0]
    lines[index] = f"{key}: {value}"
    assert_reported("\n".join(lines))


@settings(max_examples=60, deadline=None, database=None)
@given(st.integers(0, len(LINES) - 1), st.text(min_size=1, max_size=20))
def test_any_text_on_any_line(index, text):
    lines = list(LINES)
    lines.insert(index, text)
    assert_reported("\n".join(lines))


@settings(max_examples=30, deadline=None, database=None)
@given(st.integers(2, 12), st.sampled_from(VALUE_LINES))
def test_an_alias_bomb_is_refused_without_expanding(levels, index):
    lines = list(LINES)
    key = lines[index].split(":", 1)[0]
    indent = key[: len(key) - len(key.lstrip())]
    bomb = [f"{indent}b0: &b0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"] + [
        f"{indent}b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 10)}]" for i in range(1, levels)
    ]
    lines[index + 1 : index + 1] = bomb
    problems = assert_reported("\n".join(lines))
    if levels > 5:
        assert any("展開後的內容太多" in p.message for p in problems)


def test_the_rules_read_numbers_as_a_case_does():
    """`minutes_per_hour: 060` is sixty (YAML 1.1 read 48), as `hours: 060` in a case is."""
    text = NOTICE.replace("minutes_per_hour: 45", "minutes_per_hour: 045")
    assert text != NOTICE
    problems = Problems()
    notice = source.read("notice.md", text, problems)
    rules = {k: v for f in notice.rules for k, v in f.data.items()}
    assert rules["conversion"]["minutes_per_hour"] == 45 == reading.load_yaml("hours: 045")["hours"]
    assert reading.load_yaml("minutes_per_hour: 1:30") == {"minutes_per_hour": "1:30"}


@pytest.mark.parametrize("name", ["alias-bomb", "deep-nesting", "long-number", "nul-in-block"])
def test_the_broken_fixtures_are_refused_quickly(name):
    problems, seconds = compile_text((FIXTURES / "broken" / f"{name}.md").read_text(encoding="utf-8"))
    assert problems and seconds < SECONDS


# --- the Chinese figures of a clause's text (notice_compiler/figures.py) -------------------


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("每年參加繼續教育累計應不少于 90學時", "hours", [(90, "total")]),
        ("不少于　９０　學時", "hours", [(90, "total")]),  # full-width digits and a full-width space
        (
            "總學時達到 270學時(公需科目 90學時,專業科目 180學時)",
            "hours",
            [(270, "total"), (90, "public"), (180, "professional")],
        ),
        ("90學時30學時", "hours", [(90, "total"), (30, "total")]),  # numbers next to each other
        ("1 2學時", "hours", [(2, "total")]),  # a space ends a number: the notice never splits one
        ("9" * 5000 + "學時", "hours", [(None, "total")]),  # far too long to be a figure
        ("٩٠学时", "hours", []),  # only ASCII and full-width digits are the notice's
        ("按 45分鐘計 1學時", "minutes", [(45, None)]),
        ("男滿 55周歲、女滿50周歲", "age", [(55, "male"), (50, "female")]),
        ("２０２２年和 2023年度", "year", [(2022, None), (2023, None)]),
        ("2022年2023年", "year", [(2022, None), (2023, None)]),
        ("從 2025年 1 月 5 日開始", "year", []),  # the year of a date is the date's
        ("2025年 1 月 5 日開始,至2025年 11 月 31 日截止", "date", [("2025-01-05", None), (None, None)]),
        ("２０２５年１月５日", "date", [("2025-01-05", None)]),
        ("2025 年 1 月 2 日", "date", [("2025-01-02", None)]),
        ("2024年 2月底前", "date", [("2024-02-29", None)]),
        ("2025年13月1日、0000年 1 月 1 日、2025年 2 月 29 日", "date", [(None, None)] * 3),
        ("10月中旬", "date", [("2031-10-20", None)]),  # no year written: the notice's year
        ("9" * 5000 + "年 1 月 1 日", "date", []),
    ],
)
def test_chinese_figures_are_read_as_the_notice_means_them(text, kind, expected):
    start = time.perf_counter()
    found = figures.figures(text, kind, 2031)
    assert [(f.value, f.tag) for f in found] == expected
    assert time.perf_counter() - start < SECONDS


FIGURE_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９年月日號底上中下旬學時分鐘周歲男女滿公需專業科目總,，、;。()（） 　\n")
    + ["學時", "分鐘", "周歲", "年度"]
)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(FIGURE_ALPHABET, max_size=400).map("".join), st.sampled_from(figures.KINDS))
def test_any_text_of_figures_is_read_quickly_without_an_error(text, kind):
    start = time.perf_counter()
    for found in figures.figures(text, kind, 2025):
        assert found.value is None or isinstance(found.value, (int, str))
    assert time.perf_counter() - start < SECONDS


HOSTILE_QUOTES = [
    "累計應不少于 " + "9" * 5000 + "學時",
    "累計應不少于 ９０學時,其中,公需科目不少于 ３０學時,專業科目不少于 ６０學時",
    "累計應不少于90學時30學時60學時",
    "公需" * 2000 + "30學時",
    "不少于 " + " " * 3000 + "90學時",
    "2025年" * 1000,
    "學時" * 3000,
    "1" + " 1" * 2000 + "學時",
]


@pytest.mark.parametrize("quote", HOSTILE_QUOTES, ids=range(len(HOSTILE_QUOTES)))
def test_a_hostile_quote_in_the_text_and_its_says_is_reported(quote):
    """The requirement's `says` and its paragraph both hold the hostile words: compared, never a traceback."""
    says = next(line for line in LINES if line.startswith("  says: 累計"))
    paragraph = next(i for i, line in enumerate(LINES) if says[len("  says: ") :] in line)
    lines = list(LINES)
    lines[paragraph] += quote
    lines[LINES.index(says)] = f"  says: '{quote}'"
    assert_reported("\n".join(lines))


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(FIGURE_ALPHABET, min_size=1, max_size=80).map("".join))
def test_any_quote_of_figures_is_compared_without_an_error(quote):
    quote = quote.replace("\n", " ").strip() or "學時"
    says = next(line for line in LINES if line.startswith("  says: 累計"))
    paragraph = next(i for i, line in enumerate(LINES) if says[len("  says: ") :] in line)
    lines = list(LINES)
    lines[paragraph] += quote
    lines[LINES.index(says)] = "  says: '" + quote.replace("'", "''") + "'"
    assert_reported("\n".join(lines))

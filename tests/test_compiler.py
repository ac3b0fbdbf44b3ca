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

BROKEN = sorted((FIXTURES / "broken").glob("*.md"))
EXPECT = re.compile(r"<!-- expect (\d+): (.*?) -->")


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
    text = real_notice().replace("minutes_per_hour: 45", "minutes_per_hours: 45").replace('clause: "1.5.3"', 'clause: "1.5.9"')
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
    run = subprocess.run([sys.executable, "scripts/compile.py", "--policy-src", str(src), "--out", str(tmp_path / "out")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert re.search(r"notice\.md:23: 規則區塊寫的條款 1\.9 在本通知中不存在", run.stderr)
    assert "Traceback" not in run.stderr

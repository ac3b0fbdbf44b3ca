"""The site from other sources: a broken source stops the build whole; an older year
stays published with a banner once a newer one is published."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from helpers import ROOT
from site_build import build_site, configs_for
from years import latest, missing_year

# The newest published year (its pages are the ones a broken source would break) and a year
# after every year of policy_src/, for the scaffold.
LATEST = latest()
NEXT = missing_year()


def copy_policy(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    return src


def test_a_faq_citing_a_missing_clause_stops_the_build_naming_the_line(tmp_path):
    src = copy_policy(tmp_path)
    faq = src / str(LATEST) / "faq.md"
    lines = faq.read_text(encoding="utf-8").split("\n")
    target = next(i for i, line in enumerate(lines) if "[[1.2]]" in line)
    lines[target] = lines[target].replace("[[1.2]]", "[[1.9]]", 1)
    faq.write_text("\n".join(lines), encoding="utf-8")
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src))
    assert run.returncode != 0
    assert (
        f"policy_src/{LATEST}/faq.md:{target + 1}: 引用的條款 1.9 在 {LATEST} 年度通知中不存在"
        in run.stderr.replace(str(tmp_path) + "/", "")
    )
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site" / "index.html").exists(), "no half-built site"


# A year: four digits on their own, not an amount of minutes or hours (「minutes: 2000」, 「2000分鐘」).
YEAR_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?<!minutes: )(?<!hours: )((?:19|20)\d{2})(?![0-9A-Za-z]|分|學時)")


def a_later_notice(src) -> int:
    """The newest year's folder again as a later year's notice, published, and that year: every
    year in its text, rules, quotations and examples moved by the same whole number of leap cycles
    (so that every date stays a date, 29 February included), past every year the folder names (so
    that no moved year reads as one of the old year's figures), after every year of policy_src/.
    The text and its rules agree as in the original. (A scaffold published unedited is rightly
    refused: its rules no longer say what its text says.)"""
    folder = src / str(LATEST)
    files = [p for p in folder.rglob("*") if p.suffix in (".md", ".yaml", ".txt")]
    named = {int(y) for p in files for y in YEAR_IN_TEXT.findall(p.read_text(encoding="utf-8"))}
    shift = 4 * -(-max(NEXT - LATEST, max(named) - min(named) + 1) // 4)
    later = LATEST + shift
    shutil.copytree(folder, src / str(later))
    for path in files:
        moved = src / str(later) / path.relative_to(folder)
        moved.write_text(
            YEAR_IN_TEXT.sub(lambda m: str(int(m.group(1)) + shift), path.read_text(encoding="utf-8")), encoding="utf-8"
        )
    return later


def test_an_older_year_keeps_its_pages_with_a_banner(tmp_path):
    src = copy_policy(tmp_path)
    later = a_later_notice(src)
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src))
    assert run.returncode == 0, run.stderr
    old = (tmp_path / "site" / "zh-hant" / str(LATEST) / "notice" / "index.html").read_text(encoding="utf-8")
    assert f"這是往年（{LATEST}年度）的通知" in old and f'href="../../{later}/notice/"' in old
    new = (tmp_path / "site" / "zh-hant" / str(later) / "notice" / "index.html").read_text(encoding="utf-8")
    assert "這是往年" not in new
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert str(later) in home and f'href="{LATEST}/notice/"' in home


def test_a_draft_year_is_not_published(tmp_path):
    src = copy_policy(tmp_path)
    subprocess.run(
        [sys.executable, "scripts/new_year.py", str(NEXT), "--policy-src", str(src)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / str(LATEST) / "notice" / "index.html").exists()
    assert not (tmp_path / "site" / str(NEXT)).exists()


def test_a_quotation_of_the_notice_that_the_notice_does_not_have_names_its_line(tmp_path):
    """A hand-written page that says it quotes the notice (「原文」) must quote it word for word:
    otherwise last year's words could stand in a new year's page as this year's."""
    from notice_compiler.problems import CompileError
    from site_builder import prose, sources

    src = copy_policy(tmp_path)
    for name, prefix in (("faq.md", "q-"), ("interpretation.md", "r-")):
        page = src / str(LATEST) / name
        lines = page.read_text(encoding="utf-8").split("\n")
        target = next(i for i, line in enumerate(lines) if "原文" in line and "「" in line)
        quoted = lines[target][lines[target].index("「") + 1 : lines[target].index("」")]
        lines[target] = lines[target].replace(f"「{quoted}」", f"「{quoted}（另加的話）」", 1)
        page.write_text("\n".join(lines), encoding="utf-8")
        year = next(y for y in sources.load_years(src, tmp_path / "generated") if y.year == LATEST)
        try:
            prose.render(year, name, prefix)
        except CompileError as exc:
            said = [str(p) for p in exc.problems]
        else:
            said = []
        assert any(f"{name}:{target + 1}:" in p and f"在 {LATEST} 年度通知中找不到" in p for p in said), said

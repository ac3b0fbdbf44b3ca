"""The site from other sources: a broken source stops the build whole; an older year
stays published with a banner once a newer one is published."""
from __future__ import annotations

import shutil
import subprocess
import sys

from helpers import ROOT
from site_build import build_site, configs_for


def copy_policy(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    return src


def test_a_faq_citing_a_missing_clause_stops_the_build_naming_the_line(tmp_path):
    src = copy_policy(tmp_path)
    faq = src / "2025" / "faq.md"
    lines = faq.read_text(encoding="utf-8").split("\n")
    target = next(i for i, line in enumerate(lines) if "[[1.2]]" in line)
    lines[target] = lines[target].replace("[[1.2]]", "[[1.9]]", 1)
    faq.write_text("\n".join(lines), encoding="utf-8")
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src))
    assert run.returncode != 0
    assert f"policy_src/2025/faq.md:{target + 1}: 引用的條款 1.9 在 2025 年度通知中不存在" in run.stderr.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site" / "index.html").exists(), "no half-built site"


def test_an_older_year_keeps_its_pages_with_a_banner(tmp_path):
    src = copy_policy(tmp_path)
    subprocess.run([sys.executable, "scripts/new_year.py", "2026", "--policy-src", str(src)], cwd=ROOT, check=True, capture_output=True)
    notice = src / "2026" / "notice.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src))
    assert run.returncode == 0, run.stderr
    old = (tmp_path / "site" / "zh-hant" / "2025" / "notice" / "index.html").read_text(encoding="utf-8")
    assert "這是往年（2025年度）的通知" in old and 'href="../../2026/notice/"' in old
    new = (tmp_path / "site" / "zh-hant" / "2026" / "notice" / "index.html").read_text(encoding="utf-8")
    assert "這是往年" not in new
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "2026" in home and 'href="2025/notice/"' in home


def test_a_draft_year_is_not_published(tmp_path):
    src = copy_policy(tmp_path)
    subprocess.run([sys.executable, "scripts/new_year.py", "2026", "--policy-src", str(src)], cwd=ROOT, check=True, capture_output=True)
    run = build_site(tmp_path / "site", *configs_for(tmp_path, src))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "2025" / "notice" / "index.html").exists()
    assert not (tmp_path / "site" / "2026").exists()


def test_a_quotation_of_the_notice_that_the_notice_does_not_have_names_its_line(tmp_path):
    """A hand-written page that says it quotes the notice (「原文」) must quote it word for word:
    otherwise last year's words could stand in a new year's page as this year's."""
    from notice_compiler.problems import CompileError
    from site_builder import prose, sources

    src = copy_policy(tmp_path)
    for name, prefix in (("faq.md", "q-"), ("interpretation.md", "r-")):
        page = src / "2025" / name
        lines = page.read_text(encoding="utf-8").split("\n")
        target = next(i for i, line in enumerate(lines) if "原文" in line and "「" in line)
        quoted = lines[target][lines[target].index("「") + 1:lines[target].index("」")]
        lines[target] = lines[target].replace(f"「{quoted}」", f"「{quoted}（另加的話）」", 1)
        page.write_text("\n".join(lines), encoding="utf-8")
        year = next(y for y in sources.load_years(src, tmp_path / "generated") if y.year == 2025)
        try:
            prose.render(year, name, prefix)
        except CompileError as exc:
            said = [str(p) for p in exc.problems]
        else:
            said = []
        assert any(f"{name}:{target + 1}:" in p and "在 2025 年度通知中找不到" in p for p in said), said

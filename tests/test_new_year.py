"""Starting next year: the scaffold makes a draft that compiles and that the site leaves out."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

from helpers import ROOT

import notice_compiler
from calculator import check
from calculator.policy import Policy


def test_new_year_scaffold_compiles_as_an_unpublished_draft(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    run = subprocess.run([sys.executable, "scripts/new_year.py", "2026", "--policy-src", str(src)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    notice = (src / "2026" / "notice.md").read_text(encoding="utf-8")
    assert "year: 2026" in notice and "status: draft" in notice

    written = notice_compiler.compile_all(src, tmp_path / "generated")
    assert {p.name for p in written} == {"__init__.py", "hans.py", "notice_2025.py", "notice_2026.py"}
    assert "2026: 'draft'" in written[tmp_path / "generated" / "__init__.py"]
    assert notice_compiler.published_years(src) == [2025]

    # The draft's rules moved a year forward, so the engine can already check 2026 cases.
    spec = importlib.util.spec_from_file_location("notice_2026", tmp_path / "generated" / "notice_2026.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    policy = Policy.from_module(module)
    assert (policy.window.start.isoformat(), policy.window.end.isoformat()) == ("2026-01-05", "2026-11-30")
    assert policy.title_years["senior"] == (2024, 2025, 2026)
    result = check({"notice": 2026, "purpose": "annual", "as_of": "2026-12-01", "records": [
        {"year": 2026, "studied_on": "2026-01-05", "channel": "platform", "subject": "public", "hours": 30},
        {"year": 2026, "studied_on": "2026-11-30", "channel": "platform", "subject": "professional", "hours": 60}]},
        policies={2026: policy})
    assert result["status"] == "met"


def test_new_year_refuses_to_overwrite(tmp_path):
    src = tmp_path / "policy_src"
    shutil.copytree(ROOT / "policy_src", src)
    run = subprocess.run([sys.executable, "scripts/new_year.py", "2025", "--policy-src", str(src)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "已經存在" in run.stderr

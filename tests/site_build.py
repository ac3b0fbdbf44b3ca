"""Builds the whole site (both scripts) into a folder, as `make site` does."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_site(site_dir: Path, *extra_config: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    """Run both MkDocs builds; returns the last finished process (check returncode)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    configs = extra_config or (ROOT / "mkdocs.yml", ROOT / "mkdocs.hant.yml")
    run = None
    for config, target in zip(configs, (site_dir, site_dir / "zh-hant")):
        run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(target)],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        if run.returncode:
            return run
    return run


def configs_for(folder: Path, policy_src: Path) -> tuple[Path, Path]:
    """Both site configs, reading `policy_src` instead of the repository's own."""
    out = []
    for name in ("mkdocs.yml", "mkdocs.hant.yml"):
        config = folder / name
        config.write_text(
            f"INHERIT: {ROOT / name}\n"
            f"docs_dir: {ROOT / 'docs'}\n"
            f"theme: {{custom_dir: {ROOT / 'overrides'}}}\n"
            f"hooks: [{ROOT / 'scripts' / 'mkdocs_hooks.py'}]\n"
            f"extra: {{policy_src: {policy_src}, generated: {folder / 'generated'}}}\n",
            encoding="utf-8",
        )
        out.append(config)
    return tuple(out)

"""Builds the whole site (both scripts) into a folder, as `make site` does: through
scripts/build_site.py (strict, into a new folder that replaces the target when complete)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_SITE = ROOT / "scripts" / "build_site.py"


def build_site(
    site_dir: Path, *configs: Path, site_url: str | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Both builds (`configs`: the Simplified and the Traditional config, default the
    repository's); check returncode, problems are on stderr."""
    return subprocess.run(
        build_command(site_dir, *configs, site_url=site_url),
        cwd=ROOT,
        env=dict(os.environ, **(env or {})),
        capture_output=True,
        text=True,
    )


def build_command(site_dir: Path, *configs: Path, site_url: str | None = None) -> list[str]:
    command = [sys.executable, str(BUILD_SITE), "--out", str(site_dir)]
    if configs:
        command += ["--configs", *map(str, configs)]
    if site_url:
        command += ["--site-url", site_url]
    return command


def configs_for(folder: Path, policy_src: Path, docs_dir: Path | None = None) -> tuple[Path, Path]:
    """Both site configs, reading `policy_src` (and `docs_dir`) instead of the repository's own."""
    out = []
    for name in ("mkdocs.yml", "mkdocs.hant.yml"):
        config = folder / name
        config.write_text(
            f"INHERIT: {ROOT / name}\n"
            f"docs_dir: {docs_dir or ROOT / 'docs'}\n"
            f"theme: {{custom_dir: {ROOT / 'overrides'}}}\n"
            f"hooks: [{ROOT / 'scripts' / 'site_builder' / 'mkdocs_hooks.py'}]\n"
            f"extra: {{policy_src: {policy_src}, generated: {folder / 'generated'}}}\n",
            encoding="utf-8",
        )
        out.append(config)
    return tuple(out)

"""The files the site's Python pages load, built beside the site: the calculator's runtime and
engine (calculator_assets) and the roster page's own wheels (roster_assets), which build on
the calculator's. The site's build and MkDocs' hook call these two, never the parts alone.
"""

from __future__ import annotations

from pathlib import Path

from . import calculator_assets, roster_assets

AssetsError = calculator_assets.AssetsError


def prepare() -> None:
    """Everything the pages are written from (sizes, locks, the snapshot's details)."""
    calculator_assets.prepare()
    roster_assets.prepare()


def build(site_root: Path) -> Path:
    """Both folders under `site_root`; returns the calculator's."""
    target = calculator_assets.build(site_root)
    roster_assets.build(site_root)
    return target

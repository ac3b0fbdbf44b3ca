"""Fixtures shared by every test layer."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

# Layers that a developer may want to leave out while working on another one:
# `pytest -m "not browser and not build"` runs the compiler, engine, CLI and site HTML in ≈ 1 min.
SLOW_LAYERS = {"browser": "tests/browser/", "build": "tests/test_build.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        where = Path(item.fspath).as_posix()
        for marker, part in SLOW_LAYERS.items():
            if part in where:
                item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(scope="session")
def site_port():
    """A free loopback port, chosen before the build: Material's sitemap needs the address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port):
    """The real site, both scripts, built once per test session for its test address."""
    from site_build import build_site

    site = tmp_path_factory.mktemp("site")
    run = build_site(site, site_url=f"http://127.0.0.1:{site_port}/")
    assert run.returncode == 0, run.stderr
    return site

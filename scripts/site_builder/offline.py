"""Offline after one visit: the service worker (sw.js at the root of the whole site) and the
list of what it caches, made from the built files themselves."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

TEMPLATE = Path(__file__).with_name("sw.template.js")
# Not cached: compressed copies (the browser asks for the plain name), source maps and lunr's
# language packs (the search runs in its default language). The sitemap is: Material's
# instant navigation reads it on every page, and offline it logged two errors a page.
# Nor the calculator's memory snapshot: the calculator's worker fetches it after a
# first result, unless the reader saves data, and keeps it in its own cache (sw.template.js).
SKIP_SUFFIXES = (".br", ".gz", ".map", ".snapshot")
SKIP_PARTS = ("/lunr/", "sw.js")
# The roster page's wheels (roster_assets.py): not fetched at install, since a reader of the
# notice or the calculator never needs them; cached when the roster page first asks for them
# (the worker caches what it fetches), and kept from the older cache when a new build installs.
LATER = ("assets/roster-engine/",)
LATER_SUFFIXES = (".whl",)


ASSETS_META = re.compile(r'<meta name="alxa-assets" content="([0-9a-f]+)"')


def assets_id(docs_assets: Path) -> str:
    """The build of the site's own scripts and styles (docs/assets/), which have fixed names:
    every page says which it was made with (overrides/main.html), and so does sw.js."""
    digest = hashlib.sha256()
    for path in sorted(p for p in docs_assets.rglob("*") if p.is_file()):
        digest.update(
            path.relative_to(docs_assets).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest()
        )
    return digest.hexdigest()[:16]


def write_service_worker(site_root: Path) -> Path:
    files = sorted(p for p in site_root.rglob("*") if p.is_file() and _wanted(p.relative_to(site_root).as_posix()))
    later = [p for p in files if _later(p.relative_to(site_root).as_posix())]
    digest = hashlib.sha256()
    paths = []
    for path in files:
        rel = path.relative_to(site_root).as_posix()
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        # Pages are asked for by their folder (…/notice/), as links and reloads do.
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    paths = [p or "./" for p in paths]
    later_paths = [p.relative_to(site_root).as_posix() for p in later]
    paths = [p for p in paths if p not in later_paths]
    page = (site_root / "index.html").read_text(encoding="utf-8") if (site_root / "index.html").exists() else ""
    found = ASSETS_META.search(page)
    text = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("__VERSION__", digest.hexdigest()[:16])
        .replace("__ASSETS__", found.group(1) if found else "")
        .replace("__PRECACHE__", json.dumps(paths, ensure_ascii=False, indent=1))
        .replace("__LATER__", json.dumps(later_paths, ensure_ascii=False, indent=1))
    )
    target = site_root / "sw.js"
    target.write_text(text, encoding="utf-8")
    return target


def _later(rel: str) -> bool:
    return rel.startswith(LATER) and rel.endswith(LATER_SUFFIXES)


def _wanted(rel: str) -> bool:
    return not rel.endswith(SKIP_SUFFIXES) and not any(part in "/" + rel for part in SKIP_PARTS)

"""MkDocs hook: the site is generated from policy_src/ at build time.

Thin by design: the compiler (scripts/notice_compiler) and the page builder
(scripts/site_builder) do the work and are tested on their own. Any authoring problem
stops the build with every `path:line: message`, before anything is written.

`make site` runs scripts/build_site.py, which runs both builds (this hook in each) into a new
folder, with every MkDocs warning fatal, and puts it in place only once complete.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import notice_compiler
import site_builder
from notice_compiler import vocabulary
from site_builder import assets, calculator_assets, labels, offline
from site_builder.chinese import to_script

ROOT = Path(__file__).resolve().parents[2]

_site: site_builder.Site | None = None


def on_config(config):
    """Compile every notice and render every page; the nav comes from policy_src/."""
    global _site
    extra = config.extra
    policy_src = Path(extra.get("policy_src") or ROOT / "policy_src")
    generated = Path(extra.get("generated") or notice_compiler.GENERATED)
    try:
        _site = site_builder.build(policy_src, generated, extra["script"], depth=1 if extra.get("url_suffix") else 0)
    except notice_compiler.CompileError as exc:
        raise PluginError("policy_src/ 有問題，網站沒有生成：\n" + "\n".join(map(str, exc.problems))) from None
    except calculator_assets.AssetsError as exc:  # the calculator page is written from the runtime
        raise PluginError(str(exc)) from None
    config.nav = _site.nav
    extra["latest_year"] = _site.latest
    extra["not_found"] = {
        key: to_script(text.format(year=_site.latest), extra["script"]) for key, text in labels.NOT_FOUND.items()
    }
    extra["assets_id"] = offline.assets_id(Path(config.docs_dir) / "assets")
    if extra.get("url_suffix") and config.site_url:
        config.site_url = config.site_url.rstrip("/") + "/" + extra["url_suffix"]
    return config


def on_files(files, config):
    for path, markdown in _site.pages.items():
        existing = files.get_file_from_path(path)
        if existing:
            files.remove(existing)
        files.append(File.generated(config, path, content=markdown))
    return files


def on_page_markdown(markdown, page, config, files):
    """Hand-written pages (docs/) are in Traditional too: fill the vocabulary, then convert."""
    if page.file.generated_by:
        return markdown
    markdown = markdown.replace("<!-- vocabulary -->", vocabulary.markdown())
    return to_script(markdown, config.extra["script"])


def on_post_build(config):
    """Pyodide and the engine go to the root of the whole site, shared by both scripts; then
    .br/.gz copies, and the service worker, which lists every file of the whole site."""
    site_root = Path(config.site_dir)
    if config.extra.get("url_suffix"):
        site_root = site_root.parent
    try:
        assets.build(site_root)
    except assets.AssetsError as exc:
        raise PluginError(str(exc)) from None
    calculator_assets.compress_tree(Path(config.site_dir))
    offline.write_service_worker(site_root)

#!/usr/bin/env python3
"""Builds the whole site, as `make site` does: Simplified at the root, Traditional in
zh-hant/, the calculator's runtime, compressed copies and the service worker.

    scripts/build_site.py [--out site] [--configs mkdocs.yml mkdocs.hant.yml] [--site-url URL]

- Strict: every MkDocs warning (a link to a missing page, a missing anchor, a file left out
  of the nav) is printed and fails the build; its INFO lines are not shown. (`mkdocs build
  --strict --quiet` would publish a broken link: --quiet drops warnings before --strict's
  counter sees them.) The hook's own problems (policy_src/, a missing Pyodide) are errors.
- Never half-built: everything is built into a new folder beside the target
  (site.new-<pid>-…), which replaces the target only once complete. A failed build, Ctrl-C or
  a kill leaves the previous site as it was; a killed build's folder is removed by the next.

Prints a line per step; exits 1, with the problems and no traceback, when the build fails.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from site_builder import assets, calculator_assets, offline

ROOT = Path(__file__).resolve().parents[1]

BUILDS = (("mkdocs.yml", "简体", ""), ("mkdocs.hant.yml", "繁體", "zh-hant"))


class BuildFailed(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="the site's folder (default: site/)")
    parser.add_argument(
        "--configs",
        type=Path,
        nargs=2,
        metavar=("HANS", "HANT"),
        help="the two MkDocs configs (default: mkdocs.yml mkdocs.hant.yml)",
    )
    parser.add_argument("--site-url", help="the address the site is hosted at (default: $SITE_URL, else loopback)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    configs = [c.resolve() for c in args.configs] if args.configs else [ROOT / name for name, _, _ in BUILDS]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.site_url:
        os.environ["SITE_URL"] = args.site_url
    os.chdir(ROOT)  # the configs name some files relative to the repository
    # SIGTERM and SIGHUP unwind like Ctrl-C, so that the new folder is removed.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    new = None
    try:
        started = time.monotonic()
        assets.prepare()
        _say("計算器執行環境", started)
        new = _new_folder(out)
        for config, (_, label, sub) in zip(configs, BUILDS, strict=True):
            started = time.monotonic()
            _mkdocs(config, new / sub if sub else new)
            _say(label, started)
        started = time.monotonic()
        _finish(new)
        files = sum(1 for p in new.rglob("*") if p.is_file())
        _swap(new, out)
        _say(f"{_shown(out)}/：{files} 個檔案", started)
        return 0
    except (BuildFailed, calculator_assets.AssetsError) as exc:
        print(f"網站沒有生成，{_shown(out)}/ 保持原樣：\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"建置中斷，{_shown(out)}/ 保持原樣", file=sys.stderr)
        return 130
    finally:
        if new is not None and new.exists():
            shutil.rmtree(new, ignore_errors=True)


def _mkdocs(config_file: Path, site_dir: Path) -> None:
    """One MkDocs build in this process, every warning fatal (MkDocs' own strict mode, with
    the warnings let through to its counter) and printed."""
    from mkdocs import exceptions
    from mkdocs.commands import build
    from mkdocs.config import load_config

    _quiet_logs()
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build.build(config)
        finally:
            config.plugins.on_shutdown()
    except exceptions.Abort as exc:  # the problems themselves are already printed
        raise BuildFailed(f"{_shown(config_file)}：{exc.message}") from None
    except exceptions.ConfigurationError as exc:
        raise BuildFailed(f"{_shown(config_file)}：{exc}") from None


def _quiet_logs() -> None:
    """MkDocs' warnings and errors to stderr, its INFO lines nowhere; jieba's notes nowhere."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "name", None) == "build_site" for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.name = "build_site"
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)  # WARNING, not ERROR: strict mode counts what passes here
    logger.propagate = False
    try:
        import jieba  # the search plugin's Chinese segmenter, which logs its start-up
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def _finish(site: Path) -> None:
    """Both builds' hooks have written the runtime, the compressed copies and sw.js; done
    again over the whole folder (cheap: every step skips what is current), so that what is
    published is complete by construction, whatever the hooks did."""
    assets.build(site)
    calculator_assets.compress_tree(site)
    offline.write_service_worker(site)
    for page in ("index.html", "zh-hant/index.html"):
        if not (site / page).is_file():
            raise BuildFailed(f"建置結果中沒有 {page}")


def _new_folder(out: Path) -> Path:
    new = Path(tempfile.mkdtemp(prefix=f"{out.name}.new-{os.getpid()}-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    new.chmod(0o777 & ~umask)  # mkdtemp's 0700 would keep the web server out
    return new


def _swap(new: Path, out: Path) -> None:
    """`new` becomes `out`. Two renames, with Ctrl-C and SIGTERM held back between them: a
    request in between (microseconds) finds no site at all (a 404), never a mix of two builds
    or a half-built one. A page already open keeps working: the runtime and engine folders are
    named by version and content, and its service worker answers from its own cache."""
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        if out.exists():
            os.rename(out, old)
        os.rename(new, out)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(out: Path) -> None:
    """Folders of builds that were killed (their process is gone). Killed between the two
    renames of `_swap`, a build leaves no `out` and the previous site as site.old-<pid>: put
    back."""
    for path in sorted(out.parent.glob(f"{out.name}.*-*")):
        kind, _, rest = path.name[len(out.name) + 1 :].partition("-")
        pid = rest.split("-")[0]
        if kind not in ("new", "old") or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == "old" and not out.exists():
            os.rename(path, out)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exit_on_signal(signum, frame):
    raise KeyboardInterrupt


def _say(step: str, started: float) -> None:
    print(f"{step} …… {time.monotonic() - started:.1f} s", flush=True)


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


if __name__ == "__main__":
    sys.exit(main())

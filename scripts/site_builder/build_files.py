"""What the runtime builders (calculator_assets, roster_assets) share: running a build step,
copying, naming a path in a message, and putting a made file or folder in place at once."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class AssetsError(Exception):
    """A build step of the pages' runtime failed; the message (Chinese) says which and why."""


def shown(path: Path) -> str:
    """A path as messages show it: relative to the project when it is inside it."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy unless `target` already holds the same bytes (its time stays, and so do caches keyed on it)."""
    if (
        not target.exists()
        or target.stat().st_size != source.stat().st_size
        or target.read_bytes() != source.read_bytes()
    ):
        shutil.copyfile(source, target)


def run(command: list[str], env: dict) -> None:
    """Run a build step from the project's root; AssetsError with its last lines when it fails."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        # The last lines, each cut short: Node's errors quote whole lines of minified source.
        lines = (done.stdout + "\n" + done.stderr).strip().split("\n")[-25:]
        said = "\n".join(line if len(line) <= 300 else line[:300] + " …" for line in lines)
        raise AssetsError(f"{' '.join(command[:4])} … 失敗（結束碼 {done.returncode}）：\n{said}")


@contextmanager
def made_in_place(target: Path) -> Iterator[Path]:
    """A path beside `target` to make it at (a file or a folder, not there yet); once made
    without an error it takes `target`'s place in one rename, so that an interrupted or a
    parallel build never leaves a half-made one where a made one is looked for."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    _remove(partial)
    try:
        yield partial
    except BaseException:
        _remove(partial)
        raise
    if partial.is_dir():
        shutil.rmtree(target, ignore_errors=True)
        os.rename(partial, target)
    else:
        os.replace(partial, target)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()

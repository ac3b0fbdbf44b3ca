"""Compile every notice in policy_src/ into calculator/generated/.

    .venv/bin/python scripts/compile.py          # compile, print what changed
    .venv/bin/python scripts/compile.py --check  # fail if the committed modules are stale

Exit 1 with `path:line: message` lines when any notice has a problem; nothing is written then.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import notice_compiler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed modules instead of writing")
    parser.add_argument("--policy-src", type=Path, default=notice_compiler.POLICY_SRC)
    parser.add_argument("--out", type=Path, default=notice_compiler.GENERATED)
    args = parser.parse_args(argv)
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                fresh = notice_compiler.compile_all(args.policy_src, Path(tmp))
                stale = [p.name for p, text in fresh.items() if _read(args.out / p.name) != text]
            if stale:
                print(f"過期：{', '.join(stale)} 與 policy_src/ 不一致；請執行 make compile", file=sys.stderr)
                return 1
            return 0
        written = notice_compiler.compile_all(args.policy_src, args.out)
    except notice_compiler.CompileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"編譯失敗：{len(exc.problems)} 個問題，沒有寫出任何文件。", file=sys.stderr)
        return 1
    notices = [p for p in written if p.name.startswith("notice_")]
    print(f"已編譯 {len(notices)} 份通知 → {_shown(args.out)}")
    return 0


def _shown(path: Path) -> str:
    """A folder as the officer finds it: relative to the project folder when inside it."""
    root = notice_compiler.GENERATED.parents[1]
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())

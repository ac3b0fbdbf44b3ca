"""`python -m calculator check CASE.json` (or .yaml, or - for standard input).

Prints the result JSON and exits 0; bad input prints {"errors": [...]} and exits 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from . import check_or_errors, reading
from .scripts import in_script

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculator", description="繼續教育學時自查")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="檢查一個個案（JSON 或 YAML 文件；- 表示標準輸入）")
    check.add_argument("case", help="個案文件的路徑，或 -")
    check.add_argument("--today", help="把今天當作這個日期（YYYY-MM-DD），用於未填 as_of 時")
    check.add_argument("--script", choices=("hant", "hans"), default="hant", help="說明文字用繁體（hant，默認）或簡體（hans）")
    args = parser.parse_args(argv)

    today = date.today()
    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            return _fail("--today", f"日期「{_path(args.today)[:30]}」沒有填完整、寫法不對或不存在，要寫成如 {today.year}-03-02", args.script)
    text, problem = _read(args.case)
    if problem:
        return _fail("case", problem, args.script)
    try:
        data = reading.read_case(text, args.case)
    except reading.Problem as problem:
        return _fail(reading.field_name(problem.path) or "case", problem.message + reading.where(problem), args.script)
    result = check_or_errors(data, today, script=args.script)
    _print(result)
    return EXIT_BAD_INPUT if "errors" in result else 0


def _read(name: str) -> tuple[str, str | None]:
    """The text of the case file (or standard input), at most reading.MAX_BYTES, or why not."""
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            raw = stream.read(reading.MAX_BYTES + 1) if stream else sys.stdin.read(reading.MAX_BYTES + 1)
        else:
            with open(name, "rb") as file:
                raw = file.read(reading.MAX_BYTES + 1)
    except FileNotFoundError:
        return "", f"找不到文件 {_path(name)}"
    except OSError:
        return "", f"無法讀取文件 {_path(name)}（是資料夾，或沒有讀取權限）"
    if len(raw) > reading.MAX_BYTES:
        return "", f"文件太大：超過 {reading.MAX_BYTES // 1000} KB（一份查詢通常只有幾 KB）"
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff"), None
    try:
        return raw.decode("utf-8-sig"), None  # a byte order mark, as Windows editors write, is dropped
    except UnicodeDecodeError:
        return "", f"文件 {_path(name)} 不是 UTF-8 編碼"


def _path(name: str) -> str:
    """A file name as it can be printed (a name that is not valid text keeps its bytes escaped)."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")[:200]


def _fail(field: str, message: str, script: str = "hant") -> int:
    _print({"errors": in_script([{"field": field, "message": message}], "message", script)})
    return EXIT_BAD_INPUT


def _print(data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        sys.stdout.write(text + "\n")
    except UnicodeEncodeError:  # a terminal that cannot show some character: escape them all
        sys.stdout.write(json.dumps(data, indent=2) + "\n")

"""`python -m calculator check CASE.json` (or .yaml, or - for standard input).

Prints the result JSON and exits 0; bad input prints {"errors": [...]} and exits 2.

`python -m calculator roster FILE [--records FILE] [--json | -o OUT.xlsx | -o OUT.csv]` checks
a unit's roster (calculator/roster/): exit 0 when the file was read, even with bad rows;
2, with {"errors": [{"field": "roster", ...}]}, when it cannot be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from . import check_or_errors, reading
from .chinese import in_script

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculator", description="繼續教育學時自查")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="檢查一個個案（JSON 或 YAML 文件；- 表示標準輸入）")
    check.add_argument("case", help="個案文件的路徑，或 -")
    check.add_argument("--today", help="把今天當作這個日期（YYYY-MM-DD），用於未填 as_of 時")
    check.add_argument(
        "--script", choices=("hant", "hans"), default="hant", help="說明文字用繁體（hant，默認）或簡體（hans）"
    )
    roster = commands.add_parser("roster", help="檢查一個單位的花名冊（.xlsx、.xls、.ods 或 .csv）")
    roster.add_argument("file", help="花名冊文件的路徑")
    roster.add_argument("--records", help="另一個文件裡的學習記錄（一條記錄一行）")
    shown = roster.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="輸出 JSON：每個人的結果或錯誤")
    shown.add_argument("-o", "--output", help="把結果寫入 .xlsx 或 .csv 文件")
    roster.add_argument("--today", help="把今天當作這個日期（YYYY-MM-DD），用於未填查詢日期的人")
    roster.add_argument("--notice", type=int, help="按哪一年度的通知檢查（默認：最新發布的一份）")
    roster.add_argument(
        "--script", choices=("hant", "hans"), default="hant", help="文字用繁體（hant，默認）或簡體（hans）"
    )
    roster.add_argument("--show-ids", action="store_true", help="輸出完整的身份證號（默認只顯示前6位和後4位）")
    args = parser.parse_args(argv)

    today = date.today()
    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            return _fail(
                "--today",
                f"日期「{_path(args.today)[:30]}」沒有填完整、寫法不對或不存在，要寫成如 {today.year}-03-02",
                args.script,
            )
    if args.command == "roster":
        return _roster(args, today)
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


def _roster(args, today: date) -> int:
    from . import roster  # the roster's readers and writers load only for this command
    from .roster import files
    from .roster.summary import summary_text

    output = args.output
    if output and not output.lower().endswith((".xlsx", ".csv")):
        return _fail("roster", f"輸出文件 {_path(output)} 要以 .xlsx 或 .csv 結尾", args.script)
    data, problem = _read_bytes(args.file, files.MAX_BYTES)
    records = None
    if not problem and args.records:
        records_data, problem = _read_bytes(args.records, files.MAX_BYTES)
        records = (records_data, args.records)
    if problem:
        return _fail("roster", problem, args.script)
    try:
        report = roster.check_file(
            data,
            args.file,
            records=records,
            today=today,
            notice=args.notice,
            script=args.script,
            display=not args.json,
            brief=not args.json,
        )  # only JSON shows notes, tables
    except roster.RosterError as exc:
        return _fail("roster", exc.message, args.script)
    except Exception:
        return _fail(
            "roster",
            f"讀取 {_path(args.file)} 時出了意外的問題：請另存為 .xlsx 文件再試，或把文件發給網站維護者",
            args.script,
        )
    if args.json:
        for person in report["people"]:
            if not args.show_ids:
                person.pop("id", None)
        _print(
            {k: report[k] for k in ("people", "summary", "columns", "warnings", "notice", "sheet", "unmatched_records")}
        )
        return 0
    if output:
        content = (roster.to_xlsx if output.lower().endswith(".xlsx") else roster.to_csv)(
            report, mask_ids=not args.show_ids
        )
        try:
            with open(output, "wb") as file:
                file.write(content)
        except OSError:
            return _fail("roster", f"無法寫入 {_path(output)}（資料夾不存在，或沒有寫入權限）", args.script)
    _write(summary_text(report, written=_path(output) if output else None, mask_ids=not args.show_ids))
    return 0


def _read_bytes(name: str, most: int) -> tuple[bytes, str | None]:
    try:
        with open(name, "rb") as file:
            raw = file.read(most + 1)
    except FileNotFoundError:
        return b"", f"找不到文件 {_path(name)}"
    except OSError:
        return b"", f"無法讀取文件 {_path(name)}（是資料夾，或沒有讀取權限）"
    if len(raw) > most:
        return b"", f"文件 {_path(name)} 太大：超過 {most // 1_000_000} MB"
    return raw, None


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


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        sys.stdout.write(text.encode("ascii", "backslashreplace").decode("ascii"))

"""`python -m calculator check CASE.json` (or .yaml, or - for standard input).

Prints the result JSON and exits 0; bad input prints {"errors": [...]} and exits 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from . import check_or_errors

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
            return _fail("--today", f"日期「{args.today[:30]}」沒有填完整、寫法不對或不存在，要寫成如 {today.year}-03-02")
    try:
        text = sys.stdin.read() if args.case == "-" else open(args.case, encoding="utf-8").read()
    except FileNotFoundError:
        return _fail("case", f"找不到文件 {args.case}")
    except OSError:
        return _fail("case", f"無法讀取文件 {args.case}（是資料夾，或沒有讀取權限）")
    except UnicodeDecodeError:
        return _fail("case", f"文件 {args.case} 不是 UTF-8 編碼")
    data, problem = _parse(text, args.case)
    if problem:
        return _fail("case", problem)
    result = check_or_errors(data, today, script=args.script)
    _print(result)
    return EXIT_BAD_INPUT if "errors" in result else 0


def _parse(text: str, name: str):
    """JSON first; YAML for .yaml/.yml files, or for anything JSON cannot read."""
    if not name.endswith((".yaml", ".yml")):
        try:
            return json.loads(text), None
        except json.JSONDecodeError as exc:
            json_error = f"JSON 寫法有誤（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}"
            if name.endswith(".json"):
                return None, json_error
    try:
        import yaml
    except ImportError:
        return None, "讀取 YAML 需要安裝 PyYAML；或改用 JSON"
    try:
        return yaml.load(text, Loader=_loader()), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第 {mark.line + 1} 行第 {mark.column + 1} 列）" if mark else ""
        return None, f"YAML 寫法有誤{where}：{getattr(exc, 'problem', None) or exc}"


def _loader():
    """A safe YAML loader that leaves dates as text, as JSON would."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _fail(field: str, message: str) -> int:
    _print({"errors": [{"field": field, "message": message}]})
    return EXIT_BAD_INPUT


def _print(data: dict) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

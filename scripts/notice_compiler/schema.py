"""JSON Schema validation of front matter, rule and erratum blocks, with messages for authors."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "policy_src" / "schema"
TYPE_NAMES = {
    "integer": "整數",
    "string": "文字",
    "object": "「欄位: 值」的組合",
    "array": "列表",
    "boolean": "true 或 false",
    "number": "數字",
}


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def validate(name: str, data: object, lines: dict, first_line: int) -> list[tuple[int, str]]:
    """Every schema problem in `data` as (line, message), most specific first."""
    validator = jsonschema.Draft202012Validator(schema(name))
    found = []
    for error in validator.iter_errors(data):
        path = tuple(error.absolute_path)
        line, message = _explain(error, path, lines)
        found.append((line or _line(lines, path, first_line), message))
    return sorted(set(found))


def read_file(path: Path, shown: str, name: str, problems) -> tuple[object, dict]:
    """A YAML file of policy_src/, checked against schema `name`; problems go to `problems`
    (as `shown:line`), and (None, {}) comes back when the file cannot be read at all."""
    from . import yaml_lines

    try:
        data, lines = yaml_lines.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(shown, 1, f"缺少文件 {path.name}")
        return None, {}
    except yaml_lines.YamlError as exc:
        problems.add(shown, exc.line, str(exc))
        return None, {}
    for line, message in validate(name, data, lines, 1):
        problems.add(shown, line, message)
    return data, lines


def where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "本區塊"


def _line(lines: dict, path: tuple, default: int) -> int:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, default)


# What to do when a notice needs a kind of rule that the vocabulary does not have: each kind
# is read, applied and explained by calculator/rule_kinds.py, so forcing the nearest allowed
# value would publish a wrong reading.
NEW_KIND = (
    "通知要一種新的規則時，不要勉強套用已有的規則：請技術同事在 calculator/rule_kinds.py 中加上它"
    "（怎麼讀、怎麼算、怎麼說明），並為它寫算例"
)
SHOWN_CHARACTERS = 60  # a value quoted in a message is cut to this many characters


def _shown(value) -> str:
    """A value as JSON, cut short: a message never writes out a huge value whole."""
    text = ""
    for chunk in json.JSONEncoder(ensure_ascii=False, default=str).iterencode(value):
        text += chunk
        if len(text) > SHOWN_CHARACTERS:
            return text[:SHOWN_CHARACTERS] + "…"
    return text


def _explain(error, path, lines):
    name, value = where(path), error.instance
    kind = error.validator
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in value if k not in allowed]
        line = _line(lines, path + (extras[0],), 0) if extras else None
        message = f"`{name}` 中有不認識的欄位 {', '.join(f'`{e}`' for e in extras)}；可用的欄位：{', '.join(allowed)}"
        if not path and "clause" in allowed:  # a rule block's own keys are the rule kinds
            message += f"。{NEW_KIND}"
        return line, message
    if kind == "required":
        missing = [k for k in error.validator_value if k not in value]
        return None, f"`{name}` 缺少必填欄位 {', '.join(f'`{m}`' for m in missing)}"
    if kind == "type":
        wanted = error.validator_value
        wanted = "或".join(TYPE_NAMES.get(t, t) for t in (wanted if isinstance(wanted, list) else [wanted]))
        return None, f"`{name}` 應該是{wanted}，實際寫的是 {_shown(value)}"
    if kind in ("enum", "const"):
        options = error.validator_value if kind == "enum" else [error.validator_value]
        return (
            None,
            f"`{name}` 只能是 {', '.join(map(str, options))} 之一，實際寫的是 {_shown(value)}"
            + error.schema.get("x-new-kind", ""),
        )
    if kind == "pattern":
        hint = error.schema.get("description", f"格式：{error.validator_value}")
        return None, f"`{name}` 寫法有誤（{_shown(value)}）：{hint}"
    if kind in ("minimum", "maximum"):
        word = "不能小於" if kind == "minimum" else "不能大於"
        return None, f"`{name}` {word} {error.validator_value}，實際寫的是 {_shown(value)}"
    if kind == "minLength" and error.validator_value > 1:
        return None, f"`{name}` 太短：至少要 {error.validator_value} 個字"
    if kind in ("minItems", "minProperties", "minLength"):
        return None, f"`{name}` 不能是空的"
    if kind == "uniqueItems":
        return None, f"`{name}` 中有重複的項目"
    if kind in ("oneOf", "anyOf"):
        return (
            None,
            f"`{name}` 寫法不符合要求：{error.schema.get('x-hint') or error.schema.get('description', '')}".rstrip(
                "："
            ),
        )
    return None, f"`{name}`：{error.message}"

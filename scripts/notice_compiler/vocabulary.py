"""The rule-block vocabulary as Markdown tables, generated from the JSON Schemas so that
the authors' guide cannot drift from what the compiler accepts."""

from __future__ import annotations

from .schema import schema

TYPES = {"integer": "整數", "string": "文字", "object": "欄位組合", "array": "列表", "boolean": "是/否"}


def markdown() -> str:
    rule = schema("rule")
    out = ["| 規則 | 說明 |", "|---|---|"]
    kinds = [k for k in rule["properties"] if k != "clause"]
    out += [f"| [`{k}`](#rule-{k.replace('_', '-')}) | {rule['properties'][k]['description']} |" for k in kinds]
    out.append("")
    for kind in kinds:
        spec = _resolve(rule, rule["properties"][kind])
        out += [f"### `{kind}` {{ #rule-{kind.replace('_', '-')} }}", "", spec.get("description", ""), ""]
        out += _fields(rule, spec)
    for name, title in (
        ("erratum", "勘誤區塊 `erratum`"),
        ("front-matter", "基本信息（文件開頭 --- 之間）"),
        ("example", "算例文件（cases/*.yaml）"),
        ("platforms", "學習平臺與聯繫方式（platforms.yaml）"),
    ):
        doc = schema(name)
        out += [f"### {title}", "", doc.get("description", ""), ""]
        out += _fields(doc, doc["items"] if doc.get("type") == "array" else doc)
    return "\n".join(out)


def _fields(root: dict, spec: dict) -> list[str]:
    if spec.get("type") == "array":
        spec = _resolve(root, spec["items"])
    props = spec.get("properties")
    if not props:
        return []
    required = set(spec.get("required", []))
    rows = ["| 欄位 | 必填 | 類型 | 說明 |", "|---|---|---|---|"]
    for name, prop in props.items():
        prop = _resolve(root, prop)
        rows.append(f"| `{name}` | {'是' if name in required else ''} | {_type(root, prop)} | {_describe(prop)} |")
    return [*rows, ""]


def _resolve(root: dict, spec: dict) -> dict:
    if "$ref" in spec:
        target = root
        for part in spec["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return {**target, **{k: v for k, v in spec.items() if k != "$ref"}}
    return spec


def _type(root: dict, prop: dict) -> str:
    if "enum" in prop:
        return "、".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if "anyOf" in prop:
        return " 或 ".join(_type(root, _resolve(root, p)) for p in prop["anyOf"])
    if prop.get("type") == "array" and "items" in prop:
        return f"{_type(root, _resolve(root, prop['items']))}的列表"
    return TYPES.get(prop.get("type"), "")


def _describe(prop: dict) -> str:
    text = prop.get("description", "")
    if "minimum" in prop:
        text += f"（最小 {prop['minimum']}）"
    return text.replace("|", "\\|")

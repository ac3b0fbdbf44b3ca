"""YAML loading that remembers the source line of every key and item.

Dates stay strings (YAML would turn `2025-11-31` into an exception, or a valid date
into a `datetime.date`); the compiler checks them itself so that it can say which line.
"""
from __future__ import annotations

import yaml

Path = tuple  # of str keys and int indexes


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def load(text: str, first_line: int = 1) -> tuple[object, dict[Path, int]]:
    """Parse `text` (which starts at file line `first_line`) into plain data and a line map."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlError(line, f"YAML 寫法有誤：{exc.problem or exc.context}") from None
    lines: dict[Path, int] = {}
    if node is None:
        return None, lines
    constructor = yaml.SafeLoader("")
    return _build(node, (), lines, first_line, constructor), lines


def _build(node, path: Path, lines: dict, first_line: int, constructor) -> object:
    lines.setdefault(path, first_line + node.start_mark.line)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, {}, first_line, constructor)
            line = first_line + key_node.start_mark.line
            if key in result:
                raise YamlError(line, f"欄位 `{key}` 寫了兩次")
            lines[path + (key,)] = line
            result[key] = _build(value_node, path + (key,), lines, first_line, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, path + (i,), lines, first_line, constructor)
            for i, item in enumerate(node.value)
        ]
    if node.tag == _TIMESTAMP:
        return node.value
    return constructor.construct_object(node, deep=True)

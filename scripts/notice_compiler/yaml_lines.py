"""YAML loading that remembers the source line of every key and item.

The reading itself is the CLI's (calculator/reading.py), so that a rule block and a case are
read alike: YAML 1.2-like numbers (`060` is sixty, `1:30` is text), no tags, no merge keys,
no control characters, bounded nesting, number length and alias expansion. Dates stay
strings; the compiler checks them itself so that it can say which line.
"""

from __future__ import annotations

from calculator import reading

Path = tuple  # of str keys and int indexes


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def load(text: str, first_line: int = 1) -> tuple[object, dict[Path, int]]:
    """Parse `text` (which starts at file line `first_line`) into plain data and a line map."""
    lines: dict[Path, int] = {}
    try:
        data = reading.load_yaml(text, lines, first_line)
    except reading.Problem as problem:
        line = first_line + (problem.line - 1 if problem.line else 0)
        raise YamlError(line, _message(problem)) from None
    return data, lines


def _message(problem: reading.Problem) -> str:
    field = reading.field_name(problem.path)
    if problem.message.startswith("欄位「"):  # a key written twice: as the compiler's other messages quote keys
        return problem.message.replace("欄位「", "欄位 `", 1).replace("」", "` ", 1)
    if not field:
        return problem.message
    return f"`{field}`：{problem.message}"

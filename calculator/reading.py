"""Bounded reading of JSON and YAML: what the CLI reads as a case, and the compiler as a rule block.

Everything read is bounded, and every refusal is a `Problem` in plain Chinese, with the place
(the field's path, and the line where the text has lines):
- size (`MAX_BYTES`, checked by the caller that reads the file), nesting (`MAX_DEPTH`), the
  length of a number (`MAX_NUMBER_CHARACTERS`), and what YAML aliases expand to
  (`MAX_NODES`: an alias bomb is refused while it is composed, never expanded);
- control characters (NUL and the like) and lone surrogates are refused;
- YAML is read like YAML 1.2's core schema, so that only plain decimal numbers are numbers:
  `1:30`, `0b101`, `0x1F`, `1_000`, `yes` and `2025-09-01` stay text (YAML 1.1 would read
  90, 5, 31, 1000, true and a date), and `010` is ten, not eight;
- YAML tags (`!!python/object`, `!foo`) and merge keys (`<<:`) are refused, as are keys that
  are lists or mappings and keys written twice.

The CLI (calculator/cli.py) and the notice compiler (scripts/notice_compiler/yaml_lines.py)
both read YAML through `compose` and `build`, so a case and a rule block read alike. Only the
CLI and the compiler import this module, never the engine: PyYAML is a dev dependency,
imported when YAML is read.
"""

from __future__ import annotations

import json
import math
import re

MAX_BYTES = 500_000  # a case is a few KB; this is thousands of records
MAX_DEPTH = 20  # a case nests 4 deep (records[0].hours), a rule block about as much
MAX_NUMBER_CHARACTERS = 100  # a number longer than this is no hours, year or minutes
MAX_NODES = 100_000  # values a YAML text may stand for once its aliases are counted out

# Characters that no case or notice has a use for: C0/C1 controls other than tab and line
# breaks, DEL, lone surrogates (from a JSON or YAML escape), and the two non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_YAML_INT = re.compile(r"^[-+]?[0-9]+$")
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))


class Problem(Exception):
    """What is wrong (`message`, no place in it) and where: `path` (keys and indexes), `line`."""

    def __init__(self, message: str, path: tuple = (), line: int | None = None, column: int | None = None):
        self.message, self.path, self.line, self.column = message, tuple(path), line, column
        super().__init__(message)


def field_name(path: tuple) -> str:
    """A path as the case's errors name fields: `records[2].hours`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def where(problem: Problem) -> str:
    """The place in the text, for a person: 「（第 3 行第 5 列）」, or nothing."""
    if problem.line is None:
        return ""
    column = f"第 {problem.column} 列" if problem.column else ""
    return f"（第 {problem.line} 行{column}）"


def control_character(text: str) -> Problem | None:
    """The first character that should not be there, as a Problem with its line and column."""
    match = _CONTROL.search(text)
    if not match:
        return None
    char, at = match.group(0), match.start()
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Problem(_unwanted(char), (), line, column)


def _unwanted(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return f"有一個空字符（{code}），通常是文件損壞或複製時帶入的，請刪去"
    if "\ud800" <= char <= "\udfff":
        return f"有一個不完整的字符（{code}，單獨的代理項），無法顯示，請刪去或重新輸入"
    return f"有一個看不見的控制字符（{code}），請刪去"


# --- JSON ------------------------------------------------------------------------


class _Refused:
    """A JSON number that was not read (too long, or not a JSON number); reported at its path."""

    def __init__(self, message: str):
        self.message = message


def _json_int(text: str):
    if len(text) > MAX_NUMBER_CHARACTERS:
        return _Refused(_too_long(text))
    return int(text)


def _json_float(text: str):
    if len(text) > MAX_NUMBER_CHARACTERS:
        return _Refused(_too_long(text))
    number = float(text)
    return number if math.isfinite(number) else _Refused(_too_big(text))


def _json_constant(text: str):
    return _Refused(f"「{text}」不是數字，請寫具體的數字，如 30")


def _too_big(text: str) -> str:
    return f"數字「{text}」太大了，不是一個能用的數"


def _too_long(text: str) -> str:
    return f"這個數字長達 {len(text)} 位，太長了：數字最多 {MAX_NUMBER_CHARACTERS} 位"


_JSON_MESSAGES = (
    ("Expecting property name enclosed in double quotes", "這裡應該是用雙引號括起的欄位名（最後一項後面不能有逗號）"),
    ("Expecting ':' delimiter", "欄位名後面缺少冒號「:」"),
    ("Expecting ',' delimiter", "兩項之間缺少逗號「,」，或括號沒有配對"),
    ("Expecting value", "這裡缺少一個值（或多了一個逗號、文字沒有加雙引號）"),
    ("Unterminated string", "引號沒有閉合"),
    ("Invalid control character", "引號裡有換行或控制字符"),
    ("Invalid \\uXXXX escape", "引號裡的 \\u 轉義寫法不對"),
    ("Invalid \\escape", "引號裡有不認識的轉義符（反斜線 \\ 要寫成 \\\\）"),
    ("Extra data", "一份查詢寫完後還有多餘的內容"),
)


def read_json(text: str) -> object:
    """A JSON value, bounded; raises Problem (the first problem found)."""
    problem = control_character(text)
    if problem:
        raise problem
    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
    except RecursionError:
        raise Problem(_too_deep()) from None
    except json.JSONDecodeError as exc:
        said = next((chinese for english, chinese in _JSON_MESSAGES if exc.msg.startswith(english)), "這裡寫法不對")
        raise Problem(f"JSON 寫法有誤：{said}", (), exc.lineno, exc.colno) from None
    _check_tree(data)
    return data


def _too_deep() -> str:
    return f"內容嵌套太深：超過 {MAX_DEPTH} 層"


def _check_tree(data) -> None:
    """Depth, unread numbers and unwanted characters in a decoded JSON value (no recursion)."""
    stack = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, _Refused):
            raise Problem(value.message, path)
        if isinstance(value, str):
            if _CONTROL.search(value):
                raise Problem(_unwanted(_CONTROL.search(value).group(0)), path)
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise Problem(_too_deep(), path)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and _CONTROL.search(key):
                raise Problem("有一個欄位名含有" + _unwanted(_CONTROL.search(key).group(0)).removeprefix("有"), path)
            stack.append((item, path + (key,), depth + 1))


# --- YAML ------------------------------------------------------------------------


def _loader_class():
    import yaml
    from yaml.composer import Composer
    from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
    from yaml.nodes import MappingNode, SequenceNode
    from yaml.resolver import Resolver

    try:
        from yaml._yaml import CParser as Parser  # libyaml: events five times faster

        def start(self, text):
            Parser.__init__(self, text)
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class Parser(Reader, Scanner, Parser):
            pass

        def start(self, text):
            Reader.__init__(self, text)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)

    class Loader(Parser, Composer, Resolver):
        """Composes nodes with YAML 1.2 core resolution, counting depth and expansion."""

        yaml_implicit_resolvers: dict = {}
        yaml_path_resolvers: dict = {}

        def __init__(self, text):
            start(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self.depth = 0
            self.sizes: dict[int, int] = {}  # id(node) -> values it stands for, aliases counted out

        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, AliasEvent):
                node = self.anchors.get(event.anchor)
                if node is not None and id(node) not in self.sizes:
                    raise Problem(
                        f"別名 *{event.anchor} 指向包含它自己的內容，會無窮展開", (), *_mark(event.start_mark)
                    )
                return Composer.compose_node(self, parent, index)
            if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag not in (None, "!"):
                raise Problem(f"不支持 YAML 標籤「{_short_tag(event.tag)}」：請直接寫值", (), *_mark(event.start_mark))
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise Problem(_too_deep(), (), *_mark(event.start_mark))
            node = Composer.compose_node(self, parent, index)
            self.depth -= 1
            if isinstance(node, MappingNode):
                size = 1 + sum(self.sizes[id(key)] + self.sizes[id(value)] for key, value in node.value)
            elif isinstance(node, SequenceNode):
                size = 1 + sum(self.sizes[id(item)] for item in node.value)
            else:
                size = 1
            if size > MAX_NODES:
                raise Problem(
                    f"別名（*）展開後的內容太多（超過 {MAX_NODES} 項）：請直接寫出內容", (), *_mark(node.start_mark)
                )
            self.sizes[id(node)] = size
            return node

    for tag, pattern, first in (
        (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        (_INT, _YAML_INT.pattern, list("-+0123456789")),
        (_FLOAT, _YAML_FLOAT.pattern, list("-+.0123456789")),
    ):
        Loader.add_implicit_resolver(tag, re.compile(pattern), first)
    return Loader


_LOADER = None


def _mark(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


_YAML_MESSAGES = (
    ("mapping values are not allowed", "這裡不能有冒號「:」（值裡有冒號時請加引號，或檢查縮進）"),
    ("could not find expected ':'", "缺少冒號「:」"),
    ("cannot start any token", "有不能出現在這裡的字符（縮進請用空格，不用 Tab）"),
    ("expected ',' or ']'", "方括號 [ ] 沒有配對，或列表的兩項之間缺少逗號"),
    ("expected ',' or '}'", "花括號 { } 沒有配對，或兩項之間缺少逗號"),
    ("unexpected end of stream", "內容沒有寫完：引號或括號沒有閉合"),
    ("found undefined alias", "用了沒有定義的別名（*）"),
    ("found duplicate anchor", "同一個錨點（&）定義了兩次"),
    ("expected <block end>", "縮進不一致"),
    ("did not find expected key", "縮進不一致，或少了冒號「:」"),
    ("did not find expected '-' indicator", "列表的縮進不一致"),
    ("invalid Unicode character escape", "雙引號裡的 \\u 轉義不是一個有效的字符"),
    ("unknown escape character", "雙引號裡有不認識的轉義符（反斜線 \\ 要寫成 \\\\，或改用單引號）"),
    ("expected a single document", "只能寫一份內容（不要用 --- 分成多份）"),
    ("found unexpected ':'", "這裡不能有冒號「:」"),
    ("expected alphabetic or numeric character", "錨點（&）或別名（*）後面缺少名字"),
    ("while scanning a simple key", "缺少冒號「:」"),
)


def compose(text: str):
    """The YAML node tree of `text` (None when it is empty); raises Problem.

    Lines and columns in problems count from 1 at the start of `text`."""
    global _LOADER
    import yaml
    from yaml.composer import Composer

    problem = control_character(text)
    if problem:
        raise problem
    if _LOADER is None:
        _LOADER = _loader_class()
    loader = _LOADER(text)
    try:
        return Composer.get_single_node(loader)  # libyaml's parser has its own: not bounded
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        said = " ".join(filter(None, (exc.problem, exc.context)))
        said = next((chinese for english, chinese in _YAML_MESSAGES if english in said), "這裡寫法不對")
        line, column = _mark(mark) if mark else (None, None)
        last = text.rstrip("\n").count("\n") + 1
        if line and line > last:  # libyaml marks the end of the text past its last line
            line, column = last, None
        raise Problem(f"YAML 寫法有誤：{said}", (), line, column) from None
    except yaml.YAMLError:  # a reader error the check above did not foresee
        raise Problem("YAML 寫法有誤：有不能出現的字符") from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def build(node, lines: dict | None = None, first_line: int = 1, path: tuple = ()):
    """Plain data from a composed node; `lines`, when given, gets the line of every key and item.

    Raises Problem (its line counted in `text`, like compose's) for a key that is a list or
    mapping, a key written twice, a merge key, or a number too long or too large to be one."""
    from yaml.nodes import MappingNode, SequenceNode

    if lines is not None:
        lines.setdefault(path, first_line + node.start_mark.line)
    value = node.value
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in value:
            if not isinstance(key_node.value, str):
                raise Problem("欄位名只能是文字，不能是列表或「欄位: 值」", path, *_mark(key_node.start_mark))
            if key_node.value == "<<" and not key_node.style:
                raise Problem("不支持 YAML 的合併（<<）：請把欄位直接寫出來", path, *_mark(key_node.start_mark))
            key = build(key_node, None, first_line, path)
            if key in result:
                raise Problem(f"欄位「{key}」寫了兩次", path + (key,), *_mark(key_node.start_mark))
            if lines is not None:
                lines[path + (key,)] = first_line + key_node.start_mark.line
            result[key] = build(value_node, lines, first_line, path + (key,))
        return result
    if isinstance(node, SequenceNode):
        return [build(item, lines, first_line, path + (i,)) for i, item in enumerate(value)]
    if node.tag in (_INT, _FLOAT):
        if len(value) > MAX_NUMBER_CHARACTERS:
            raise Problem(_too_long(value), path, *_mark(node.start_mark))
        if node.tag == _INT:
            return int(value)
        if not math.isfinite(float(value)):
            raise Problem(_too_big(value), path, *_mark(node.start_mark))
        return float(value)
    if node.tag == _BOOL:
        return value in ("true", "True", "TRUE")
    if node.tag == _NULL:
        return None
    return value


def load_yaml(text: str, lines: dict | None = None, first_line: int = 1) -> object:
    """`build(compose(text))`: plain data, or None for an empty text; raises Problem."""
    node = compose(text)
    return None if node is None else build(node, lines, first_line)


# --- a case, for the CLI -----------------------------------------------------------


def read_case(text: str, name: str) -> object:
    """A case as the CLI reads it: JSON first; YAML for .yaml/.yml files, or for anything
    that JSON cannot read (the JSON problem is kept for a .json file). Raises Problem."""
    if not name.endswith((".yaml", ".yml")):
        try:
            return read_json(text)
        except Problem as problem:
            if name.endswith(".json") or problem.line is None:
                raise
    try:
        import yaml  # noqa: F401
    except ImportError:
        raise Problem("讀取 YAML 需要安裝 PyYAML；或改用 JSON") from None
    return load_yaml(text)

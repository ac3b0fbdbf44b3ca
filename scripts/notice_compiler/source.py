"""Reads one `policy_src/<year>/notice.md` into its parts, keeping every line number.

The format (see docs/authoring.md):
- front matter between two `---` lines (YAML);
- the notice text, one paragraph or heading per source line group, exactly as published;
- a clause anchor `{#c-1-4-3}` (optionally `{#c-1-4-8 title="…"}`) at the end of the
  heading or paragraph that opens a clause;
- fenced ```rule and ```erratum blocks (YAML) directly under the text they belong to;
- HTML comments `<!-- … -->`, which are notes for authors and never published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import yaml_lines
from .problems import Problems

ANCHOR = re.compile(r"\s*\{#c-(?P<id>[^\s}]*)(?:\s+title=\"(?P<title>[^\"]*)\")?\}\s*$")
CLAUSE_ID = re.compile(r"^[1-9][0-9]*(-[1-9][0-9]*)*$")
FENCE_KINDS = ("rule", "erratum")


@dataclass
class TextBlock:
    """A heading or paragraph of the notice, as published."""

    line: int
    text: str
    level: int = 0  # heading level, 0 for a paragraph
    clause: str | None = None  # clause id opened here, e.g. "1.4.3"
    clause_title: str | None = None


@dataclass
class Fence:
    """A ```rule or ```erratum block and the clause segment it sits in."""

    kind: str
    line: int  # line of the opening fence
    data: object
    lines: dict
    segment: int  # index into Notice.segments


@dataclass
class Segment:
    """The text from one clause anchor to the next (segment 0: text before any anchor)."""

    clause: str | None
    blocks: list[TextBlock] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass
class Notice:
    path: str
    front: dict
    front_lines: dict
    blocks: list[TextBlock]
    segments: list[Segment]
    fences: list[Fence]

    @property
    def rules(self) -> list[Fence]:
        return [f for f in self.fences if f.kind == "rule"]

    @property
    def errata(self) -> list[Fence]:
        return [f for f in self.fences if f.kind == "erratum"]

    def clause_blocks(self) -> list[TextBlock]:
        return [b for b in self.blocks if b.clause]


def read(path: str, text: str, problems: Problems) -> Notice:
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):  # NUL and other controls: in the text, the front matter or a block
        found = yaml_lines.reading.control_character(line)
        if found:
            problems.add(path, number, found.message)
    front, front_lines, body_start = _front_matter(path, lines, problems)
    notice = Notice(path, front, front_lines, [], [Segment(None)], [])
    i = body_start
    while i < len(lines):
        line = lines[i]
        number = i + 1
        stripped = line.strip()
        if not stripped:
            i += 1
        elif stripped.startswith("<!--"):
            i = _skip_comment(path, lines, i, problems)
        elif stripped.startswith("```"):
            i = _fence(path, lines, i, notice, problems)
        else:
            # A paragraph is a run of non-blank lines; a heading is one line.
            level = len(stripped) - len(stripped.lstrip("#")) if stripped.startswith("#") else 0
            if level:
                chunk, i = [stripped[level:].strip()], i + 1
            else:
                chunk = []
                while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith(("```", "#", "<!--")):
                    chunk.append(lines[i].strip())
                    i += 1
            _text_block(path, number, "".join(chunk), level, notice, problems)
    return notice


def _front_matter(path, lines, problems):
    if not lines or lines[0].strip() != "---":
        problems.add(
            path, 1, "文件必須以 --- 開頭，接著寫基本信息（year, status, title, issuer, issued），再以 --- 結束"
        )
        return {}, {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        problems.add(path, 1, "基本信息沒有以 --- 結束")
        return {}, {}, len(lines)
    try:
        data, line_map = yaml_lines.load("\n".join(lines[1:end]), first_line=2)
    except yaml_lines.YamlError as exc:
        problems.add(path, exc.line, str(exc))
        return {}, {}, end + 1
    if not isinstance(data, dict):
        problems.add(path, 2, "基本信息應該是「欄位: 值」的形式")
        return {}, {}, end + 1
    return data, line_map, end + 1


def _skip_comment(path, lines, i, problems):
    start = i
    while i < len(lines):
        if "-->" in lines[i]:
            return i + 1
        i += 1
    problems.add(path, start + 1, "註釋 <!-- 沒有以 --> 結束")
    return i


def _fence(path, lines, i, notice, problems):
    start = i
    kind = lines[i].strip()[3:].strip()
    body = []
    i += 1
    while i < len(lines) and lines[i].strip() != "```":
        body.append(lines[i])
        i += 1
    if i == len(lines):
        problems.add(path, start + 1, f"區塊 ```{kind} 沒有以 ``` 結束")
        return i
    if kind not in FENCE_KINDS:
        problems.add(path, start + 1, f"不認識的區塊類型 `{kind}`；可用的類型：{', '.join(FENCE_KINDS)}")
        return i + 1
    try:
        data, line_map = yaml_lines.load("\n".join(body), first_line=start + 2)
    except yaml_lines.YamlError as exc:
        problems.add(path, exc.line, str(exc))
        return i + 1
    notice.fences.append(Fence(kind, start + 1, data, line_map, len(notice.segments) - 1))
    return i + 1


def _text_block(path, number, text, level, notice, problems):
    block = TextBlock(number, text, level)
    match = ANCHOR.search(text)
    if match:
        block.text = text[: match.start()]
        raw = match.group("id")
        if not CLAUSE_ID.match(raw):
            problems.add(
                path, number, f"條款錨點 {{#c-{raw}}} 寫法有誤：應寫成 {{#c-1-4-3}} 這樣，用減號連接通知自己的各級編號"
            )
        else:
            block.clause = raw.replace("-", ".")
            block.clause_title = match.group("title") or _derive_title(block.text)
            notice.segments.append(Segment(block.clause))
    elif "{#" in text:
        problems.add(path, number, "這裡像是條款錨點，但寫法有誤：應寫成 {#c-1-4-3}，放在標題或段落的最後")
    notice.blocks.append(block)
    notice.segments[-1].blocks.append(block)


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|[0-9]+\.)")


def _derive_title(text: str) -> str:
    """The clause's own name: its text without numbering, up to the first full stop or colon."""
    rest = _NUMBERING.sub("", text, count=1)
    return re.split(r"[。:：]", rest, maxsplit=1)[0]

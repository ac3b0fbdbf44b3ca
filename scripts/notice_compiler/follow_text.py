"""Bring a year's rule blocks in line with the notice's new text: the logic of
`make follow-text YEAR=2026` (scripts/follow_text.py is its command line).

After the officer has pasted the new notice's text into a draft (scripts/new_year.py), the
rule blocks still say last year's figures, and `make check-year` names each edit to make. This
makes exactly those edits, as the compiler's messages would have the officer make them:

1. a `says` that its clause's text no longer has, where the compiler names the words the new
   text has in its place (「正文中相應的文字是「…」」: checks.corresponding), is replaced by them;
2. then a field whose value disagrees with its (now valid) quote, where the compiler names the
   one value it should be (「…應為 96」: agreement.should_be), gets that value;
3. `window.year` becomes the year of `from`; an ```erratum whose `says` the new text no longer
   has is deleted (and printed, so the officer can check the new text has no such mistake);
4. a rule block that now sits under another clause's anchor than the one it names, where every
   quotation of the block is in that clause's text, takes that clause's id: the notice was
   renumbered (a new 一(四)8 moves the closing paragraph's rule from 1.4.8 to 1.4.9). The year's
   worked examples, FAQ and 口徑說明 then cite the new ids (`renumber_references`).

Only values inside rule blocks change, at the line and column where the YAML reader found them
(and erratum blocks are removed whole): the text, the front matter, comments, spacing and the
flow-map style stay byte for byte. Every edit is checked by reading the file again. A notice
that does not parse is refused (exit 1, nothing written). Each change is printed as
`path:line: 舊 → 新`; then what needs the officer's judgement (several possible words or
figures, a clause whose words changed, not only its figures, since the year before); then the
compiler's verdict on the year. Exit 0: the rules agree with the text; 2: problems remain
(printed, for the officer to decide); 1: refused. Running it again changes nothing.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from calculator import reading

from . import agreement, checks, shown_path, source, years
from .problems import Problems
from .schema import where

DIGITS = re.compile("[0-9\uff10-\uff19]+")
SHOWN = 60  # characters of a changed passage in a message


class Refused(Exception):
    """The notice cannot be read: nothing is changed."""


@dataclass
class Change:
    line: int  # in the file as written
    what: str  # the field path, as the compiler shows it, or what was done
    old: str
    new: str
    block: list[str] = field(default_factory=list)  # a removed block, to be printed under it

    def shown(self, path: str) -> str:
        if self.block:
            return f"{path}:{self.line}: {self.what}\n" + "\n".join(f"    {line}" for line in self.block)
        return f"{path}:{self.line}: `{self.what}`：{self.old} → {self.new}"


@dataclass
class Result:
    text: str
    changes: list[Change]
    judgements: list[tuple[int, str]]  # (line, what the officer decides)
    renumbered: dict[str, str] = field(default_factory=dict)  # old clause id -> new


def follow(text: str, shown: str, year: int, previous: str | None = None) -> Result:
    """The notice `text` with its rule blocks following its words; raises Refused."""
    result = Result(text, [], [])
    _parse(text, shown)  # refuse before anything changes
    _drop_errata(result, shown)
    _follow_says(result, shown)
    _follow_values(result, shown)
    _follow_window_year(result, shown)
    _follow_numbering(result, shown)
    if previous is not None:
        _changed_words(result, shown, previous)
    return result


# --- the edits ---------------------------------------------------------------------


def _drop_errata(result: Result, shown: str) -> None:
    """An erratum whose words the new text no longer has: the whole block goes."""
    notice = _parse(result.text, shown)
    lines = result.text.split("\n")
    doomed = []
    for fence in notice.errata:
        says = fence.data.get("says") if isinstance(fence.data, dict) else None
        if isinstance(says, str) and says and says not in notice.segments[fence.segment].text:
            doomed.append((fence.line - 1, _closing(lines, fence.line - 1), says))
    removed = 0
    keep = [True] * len(lines)
    for start, end, says in doomed:
        block = lines[start : end + 1]
        last = end
        # The blank line after it goes too, so that two blank lines do not stay in its place.
        if end + 1 < len(lines) and not lines[end + 1].strip() and (start == 0 or not lines[start - 1].strip()):
            last = end + 1
        for i in range(start, last + 1):
            keep[i] = False
        result.changes.append(
            Change(
                start + 1 - removed,
                f"刪去勘誤區塊（它說的原文「{agreement.cut(says)}」新正文裡已經沒有）："
                "請核對新正文確實沒有這處錯誤；仍有錯誤時，照下面的樣子按新正文重寫一個勘誤區塊",
                "",
                "",
                block,
            )
        )
        removed += last - start + 1
        text = notice.segments[_fence_segment(notice, start + 1)].text
        wrong = [
            w
            for w in checks.corresponding_all(says, text)
            if any(not checks.date_exists(*map(int, m.groups())) for m in checks.TEXT_DATE.finditer(w))
        ]
        for words in wrong[:1]:
            result.judgements.append(
                (
                    result.changes[-1].line,
                    f"新正文中與這個勘誤相應的文字「{agreement.cut(words)}」仍是不存在的日期：照上面刪去的勘誤，"
                    f"按新正文重寫一個（says: {words}），再執行一次",
                )
            )
    if doomed:
        result.text = "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def _follow_says(result: Result, shown: str) -> None:
    """A `says` no longer in its clause's text, replaced by the words the text has in its place."""
    notice = _parse(result.text, shown)
    for fence in notice.rules:
        text = notice.segments[fence.segment].text
        for path, quote in _quotes(fence.data, ()):
            if quote in text:
                continue
            words = checks.corresponding(quote, text)
            if words is None:
                continue  # the compiler says it is not in the text: the officer finds the words
            every = checks.corresponding_all(quote, text)
            if len(every) > 1:
                result.judgements.append(
                    (
                        fence.lines.get(path, fence.line),
                        f"`{where(path)}` 的「{agreement.cut(quote)}」新正文裡已經沒有，而相應的文字有 {len(every)} 處："
                        + "、".join(f"「{agreement.cut(w)}」" for w in every[:4])
                        + "；要照抄哪一處，請你判斷",
                    )
                )
                continue
            _set(result, shown, fence.line, path, words, f"「{quote}」", f"「{words}」")


def _follow_values(result: Result, shown: str) -> None:
    """A field that disagrees with its quote, set to the one value the quote states."""
    notice = _parse(result.text, shown)
    year = _notice_year(notice)
    for fence in notice.rules:
        text = notice.segments[fence.segment].text
        errata = _errata(notice, fence)
        for path, name, value, stated in list(agreement.stated_fields(fence.data)):
            says = _get(fence.data, path).get("says")
            quote = says.get(name) if isinstance(says, dict) else says
            if not isinstance(quote, str) or not quote or quote not in text:
                continue  # no quote (or not the text's): the compiler names what to write
            own, before = isinstance(says, dict), agreement.year_before(text, quote, year)
            right = agreement.should_be(value, stated, quote, own, errata, before)
            if right is None:
                continue
            if not stated.many:
                _, picked, _ = agreement.field_figures(stated, quote, own, errata, before)
                possible = list(dict.fromkeys(f.value for f in picked if f.value is not None))
                if len(possible) > 1:
                    result.judgements.append(
                        (
                            fence.lines.get(path + (name,), fence.line),
                            f"`{where(path + (name,))}` 寫的是 {_yaml(value)}，原文「{agreement.cut(quote)}」中可能是它的數字有 "
                            + "、".join(map(str, possible))
                            + "：是哪一個，請你判斷（或把 says 改成只寫它的那段文字）",
                        )
                    )
                    continue
            _set(result, shown, fence.line, path + (name,), right, _yaml(value), _yaml(right))


def _follow_window_year(result: Result, shown: str) -> None:
    """`window.year` is the year its `from` is in (once `from` agrees with its text)."""
    notice = _parse(result.text, shown)
    for fence in notice.rules:
        window = fence.data.get("window") if isinstance(fence.data, dict) else None
        if (
            not isinstance(window, dict)
            or not isinstance(window.get("year"), int)
            or isinstance(window.get("year"), bool)
        ):
            continue
        start, end = (checks.iso_date(window.get(k)) for k in ("from", "to"))
        if not (start and end) or start.year == window["year"]:
            continue
        text = notice.segments[fence.segment].text
        wrong = agreement.check(notice, fence, text, _errata(notice, fence), _notice_year(notice), Problems())
        if ("window", "from") not in wrong:
            _set(
                result,
                shown,
                fence.line,
                ("window", "year"),
                start.year,
                str(window["year"]),
                f"{start.year}（學習期從 {window['from']} 開始）",
            )


def _follow_numbering(result: Result, shown: str) -> None:
    """A rule block under another clause's anchor than the one it names follows the numbering
    when every quotation of the block is in the text it sits under (else the compiler's message
    stands, and the officer decides where the block belongs)."""
    notice = _parse(result.text, shown)
    for fence in notice.rules:
        data = fence.data if isinstance(fence.data, dict) else {}
        named, under = data.get("clause"), notice.segments[fence.segment].clause
        if not isinstance(named, str) or under is None or named == under:
            continue
        text = notice.segments[fence.segment].text
        quotes = [quote for _, quote in _quotes(data, ())]
        moved = quotes and all(quote in text for quote in quotes)
        if moved and _set(result, shown, fence.line, ("clause",), under, named, f"{under}（正文把這一段編為 {under}）"):
            result.renumbered[named] = under


# A clause id as the year's other files cite it: quoted in a worked example (illustrates,
# clauses_include, notes_include), or [[1.4.8]] in the FAQ and the 口徑說明.
CITED = {
    ".yaml": re.compile(r"""(?<=["'])([1-9][0-9]*(?:\.[1-9][0-9]*)*)(?=["'])"""),
    ".md": re.compile(r"(?<=\[\[)([1-9][0-9]*(?:\.[1-9][0-9]*)*)(?=[\]|])"),
}


def renumber_references(folder: Path, renumbered: dict[str, str], write: bool = True) -> list[str]:
    """The year's worked examples, FAQ and 口徑說明 (in `folder`) citing each old id by its new
    one, all at once (1.4.8 -> 1.4.9 and 1.4.7 -> 1.4.8 do not chain); each change as
    `path:line: old → new`."""
    if not renumbered:
        return []
    said = []
    files = sorted((folder / "cases").glob("*.yaml")) + [folder / "faq.md", folder / "interpretation.md"]
    for path in (p for p in files if p.is_file()):
        pattern = CITED[path.suffix]
        lines = path.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines):
            changed = pattern.sub(lambda m: renumbered.get(m.group(1), m.group(1)), line)
            if changed != line:
                said.append(f"{shown_path(path)}:{number + 1}: {line.strip()} → {changed.strip()}")
                lines[number] = changed
        if write:
            path.write_text("\n".join(lines), encoding="utf-8")
    return said


def _changed_words(result: Result, shown: str, previous: str) -> None:
    """A clause with a rule whose words (not only its figures) changed since the year before:
    whether its rule still says what the new words mean is the officer's judgement."""
    notice = _parse(result.text, shown)
    before = source.read("", previous, Problems())
    old = {s.clause: s.text for s in before.segments if s.clause}
    seen = set()
    for fence in notice.rules:
        segment = notice.segments[fence.segment]
        if segment.clause is None or segment.clause not in old or segment.clause in seen:
            continue
        seen.add(segment.clause)
        difference = _words_differ(old[segment.clause], segment.text)
        if difference:
            was, now = difference
            result.judgements.append(
                (
                    fence.line,
                    f"條款 {segment.clause} 的正文與上一年度相比，不只是數字變了（上一年度「{was}」，本年度「{now}」）："
                    "它下面的規則是否仍照新正文，請你判斷；新通知取消了這項規定時，刪去整個規則區塊（判斷規則不用改時，不必理會這一條）",
                )
            )


def _words_differ(old: str, new: str) -> tuple[str, str] | None:
    """The passages of two texts that differ in more than their figures (and spaces), or None."""
    tokens = lambda t: re.findall(r"[0-9\uff10-\uff19]+|\S", t)  # noqa: E731
    a, b = tokens(old), tokens(new)
    key = lambda ts: ["#" if DIGITS.fullmatch(t) else t for t in ts]  # noqa: E731
    ka, kb = key(a), key(b)
    if ka == kb:
        return None
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    blocks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    first, last = blocks[0], blocks[-1]
    was, now = "".join(a[first[1] : last[2]]), "".join(b[first[3] : last[4]])
    return agreement.cut(was, SHOWN) or "（無）", agreement.cut(now, SHOWN) or "（無）"


# --- editing one value in place ------------------------------------------------------


def _set(result: Result, shown: str, fence_line: int, path: tuple, value, old: str, new: str) -> bool:
    """Set the value at `path` of the rule block opening at `fence_line`, where the YAML reader
    found it, in the style it was written; checked by reading the whole notice again."""
    lines = result.text.split("\n")
    start, end = fence_line, _closing(lines, fence_line - 1)  # body: lines[start:end]
    node = _node(reading.compose("\n".join(lines[start:end])), path)
    before = _parse(result.text, shown)
    expected = copy.deepcopy(_fence_at(before, fence_line).data)
    _put(expected, path, value)
    for edits in _renderings(node, value):
        changed = list(lines)
        for line, begin, stop, written in sorted(edits, reverse=True):
            changed[start + line] = changed[start + line][:begin] + written + changed[start + line][stop:]
        text = "\n".join(changed)
        try:
            after = _parse(text, shown)
        except Refused:
            continue
        fence = _fence_at(after, fence_line)
        if fence is not None and fence.data == expected:
            result.text = text
            result.changes.append(Change(start + 1 + edits[0][0], where(path), old, new))
            return True
    result.judgements.append(
        (
            fence_line + 1 + (node.start_mark.line if node is not None else 0),
            f"`{where(path)}` 應改為 {new}，但它的寫法無法自動改：請手動改",
        )
    )
    return False


def _renderings(node, value):
    """Ways to write `value` in place of `node`: lists of (body line, start column, end column, text)."""
    from yaml.nodes import ScalarNode, SequenceNode

    if node is None:
        return
    s, e = node.start_mark, node.end_mark
    if isinstance(node, SequenceNode) and isinstance(value, list):
        if node.flow_style and s.line == e.line:
            yield [(s.line, s.column, e.column, "[" + ", ".join(_yaml(v) for v in value) + "]")]
        elif (
            not node.flow_style and len(node.value) == len(value) and all(isinstance(n, ScalarNode) for n in node.value)
        ):
            yield [
                (n.start_mark.line, n.start_mark.column, n.end_mark.column, _yaml(v))
                for n, v in zip(node.value, value, strict=True)
            ]
        return
    if not isinstance(node, ScalarNode) or s.line != e.line or node.style not in ("", None, "'", '"'):
        return  # a block scalar or a value over several lines: the officer edits it
    if not isinstance(value, str) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        written = str(value)
        if node.style == "'":
            written = f"'{written}'"
        elif node.style == '"':
            written = f'"{written}"'
        yield [(s.line, s.column, e.column, written)]
        return
    if node.style == "'":
        yield [(s.line, s.column, e.column, "'" + value.replace("'", "''") + "'")]
    elif node.style != '"':
        yield [(s.line, s.column, e.column, value)]
    yield [(s.line, s.column, e.column, json.dumps(value, ensure_ascii=False))]


def _node(node, path):
    from yaml.nodes import MappingNode, SequenceNode

    for part in path:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def _put(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _yaml(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return str(value)


# --- reading -----------------------------------------------------------------------


def _parse(text: str, shown: str):
    """The notice, or Refused with every problem that stops it being read."""
    problems = Problems()
    notice = source.read(shown, text, problems)
    if problems:
        raise Refused("\n".join(str(p) for p in problems))
    return notice


def problems_of(text: str, shown: str, year: int) -> list:
    """What the compiler says of the notice (as `make compile` would of this year)."""
    problems = Problems()
    checks.check(source.read(shown, text, problems), year, problems)
    return list(problems)


def _closing(lines: list[str], opening: int) -> int:
    """The index of the ``` that closes the block opened at `opening` (as source.read finds it)."""
    i = opening + 1
    while i < len(lines) and lines[i].strip() != "```":
        i += 1
    return i


def _fence_segment(notice, fence_line: int) -> int:
    return _fence_at(notice, fence_line).segment


def _fence_at(notice, fence_line: int):
    return next((f for f in notice.fences if f.line == fence_line), None)


def _quotes(data, key_path):
    """(path, quote) of every `says` of a rule block (whole-object strings and mapping values)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "says" and isinstance(value, dict):
                for name, quote in value.items():
                    if isinstance(quote, str) and quote:
                        yield key_path + (key, name), quote
            elif key == "says" and isinstance(value, str) and value:
                yield key_path + (key,), value
            else:
                yield from _quotes(value, key_path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _quotes(item, key_path + (i,))


def _errata(notice, fence) -> list[dict]:
    return [f.data for f in notice.errata if f.segment == fence.segment and isinstance(f.data, dict)]


def _notice_year(notice):
    year = notice.front.get("year")
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def previous_text(policy_src: Path, year: int) -> str | None:
    """The text of the newest notice before `year` (what the draft was made from), if any."""
    earlier = [y for y in years(policy_src) if y < year]
    if not earlier:
        return None
    try:
        return (policy_src / str(max(earlier)) / "notice.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None

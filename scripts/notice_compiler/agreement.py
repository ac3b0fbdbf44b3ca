"""Every figure a rule block takes from its clause's text agrees with that text.

`STATED` lists, for each rule kind, the fields whose value the clause's words state (the
yearly hours, the window's dates, the make-up years, the title's years and totals, the ages,
the minutes of an hour, the deadlines). An object with such a field quotes the words in a
`says`: either one quotation for all its fields, or a mapping `field: quotation`. The quote
must be in the clause's text (checks._says_in_text), and the figure the compiler reads in it
(figures.py) must equal the field's value. Which figure of the quote belongs to which field:
hours by the words before them (公需 → public, 專業 → professional, otherwise total; a
channel's fixed hours by none), ages by
男 / 女, a window's dates in order (from the first, to the last), years all together. An
erratum under the clause whose `says` is in the quote is read as its `reads` first: so the
window's `to: 2025-11-30` agrees with 「2025年 11 月 31 日」 through its erratum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import figures
from .figures import Figure
from .schema import where


@dataclass(frozen=True)
class Stated:
    kind: str  # a figures.KINDS
    pick: str | None = None  # tag (hours, age) or "first" / "last" (dates)
    many: bool = False  # a list of years, all of them stated together


HOURS = {
    "total": Stated("hours", "total"),
    "public": Stated("hours", "public"),
    "professional": Stated("hours", "professional"),
}
# Rule kind (and the path under it, "*" for every key or item) -> the fields its text states.
STATED: dict[tuple, dict[str, Stated]] = {
    ("requirement",): HOURS,
    ("window",): {"from": Stated("date", "first"), "to": Stated("date", "last")},
    ("make_up",): {"studied_in": Stated("year"), "years": Stated("year", many=True)},
    ("title", "*"): {"years": Stated("year", many=True), **HOURS},
    ("assessment",): {"years": Stated("year", many=True)},
    ("age", "tiers", "*"): {"male": Stated("age", "male"), "female": Stated("age", "female")},
    ("conversion",): {"minutes_per_hour": Stated("minutes")},
    ("channel", "fixed_hours"): {"hours": Stated("hours", "any")},
    ("deadlines", "*"): {"by": Stated("date", "last")},
}
WHAT = {  # what a field's figure is, in a message
    ("hours", "total"): "總學時數",
    ("hours", "public"): "公需科目的學時數",
    ("hours", "professional"): "專業科目的學時數",
    ("hours", "any"): "學時數",
    ("age", "male"): "男性的周歲",
    ("age", "female"): "女性的周歲",
    ("minutes", None): "分鐘數",
    ("date", "first"): "日期",
    ("date", "last"): "日期",
    ("year", None): "年度",
}
SHOWN = 60  # characters of a quotation in a message


def check(notice, fence, segment_text: str, errata: list[dict], notice_year: int, problems) -> set[tuple]:
    """Problems of one rule block: a missing `says`, and every figure that its quote does not state.
    Returns the paths of the fields that disagree with their text (or have no quote to agree with)."""
    wrong: set[tuple] = set()
    for path, spec in _objects(fence.data):
        obj = _get(fence.data, path)
        present = {name: obj[name] for name in spec if name in obj and _usable(obj[name], spec[name])}
        if not present:
            continue
        says = obj.get("says")
        if says is None:
            problems.add(
                notice.path,
                fence.lines.get(path, fence.line),
                _missing(path, present, spec, segment_text, errata, notice_year),
            )
            continue  # (not counted as disagreeing: without a quote, the other checks still compare the figures)
        if isinstance(says, dict):
            for extra in [k for k in says if k not in spec]:
                problems.add(
                    notice.path,
                    fence.lines.get(path + ("says", extra), fence.line),
                    f"`{where(path + ('says',))}` 中的 `{extra}` 不是寫明數字的欄位；可以寫的欄位：{', '.join(spec)}",
                )
        for name, value in present.items():
            quote = says.get(name) if isinstance(says, dict) else says
            line = fence.lines.get(path + (name,), fence.line)
            if quote is None and isinstance(says, dict):
                problems.add(
                    notice.path,
                    fence.lines.get(path + ("says",), line),
                    f"`{where(path + ('says',))}` 沒有寫 `{name}` 的原文：正文寫明了它（{_shown_value(value, spec[name])}），請照抄寫它的那段文字，如 {name}: {_suggest({name: value}, {name: spec[name]}, segment_text, errata, notice_year)}",
                )
                wrong.add(path + (name,))
                continue
            if not isinstance(quote, str) or not quote:
                continue  # the schema reports it
            if quote not in segment_text:  # reported at the `says`; and the value, if the text lacks it
                absent = _absent({name: value}, {name: spec[name]}, segment_text, errata, notice_year)
                if absent:
                    problems.add(
                        notice.path,
                        line,
                        f"`{where(path + (name,))}` 寫的是 {_shown_value(value, spec[name])}，本條款正文中卻沒有"
                        f"{_text_has(value, spec[name], segment_text, errata, notice_year)}；規則要與正文一致",
                    )
                    wrong.add(path + (name,))
                continue
            message = _disagrees(
                path + (name,),
                value,
                spec[name],
                quote,
                isinstance(says, dict),
                errata,
                _year_before(segment_text, quote, notice_year),
            )
            if message:
                problems.add(notice.path, line, message)
                wrong.add(path + (name,))
    return wrong


def _objects(data):
    """(path, fields) of every object in a rule block whose fields the text states."""
    if not isinstance(data, dict):
        return
    for pattern, spec in STATED.items():
        paths = [()]
        for part in pattern:
            expanded = []
            for path in paths:
                node = _get(data, path)
                if part != "*":
                    expanded.append(path + (part,))
                elif isinstance(node, dict):
                    expanded += [path + (k,) for k in node]
                elif isinstance(node, list):
                    expanded += [path + (i,) for i in range(len(node))]
            paths = expanded
        for path in paths:
            if isinstance(_get(data, path), dict):
                yield path, spec


def _usable(value, stated: Stated) -> bool:
    """A value of the right type; the schema and the date check report the others."""
    if stated.many:
        return isinstance(value, list) and bool(value) and all(_is_int(v) for v in value)
    if stated.kind == "date":
        try:
            return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))
        except ValueError:
            return False
    return _is_int(value)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def reading(quote: str, errata: list[dict]) -> tuple[str, str | None]:
    """The quote as the site reads it: each erratum of the clause within it replaced by its `reads`."""
    read, used = quote, None
    for erratum in errata:
        says, reads = erratum.get("says"), erratum.get("reads")
        if not (isinstance(says, str) and says and isinstance(reads, str)):
            continue
        if says in read:
            read, used = read.replace(says, reads), reads
        elif read in says:
            read, used = reads, reads
    return read, used


def _fits(figure: Figure, stated: Stated) -> bool:
    """Whether a figure of the stated kind may be the field's, by its tag."""
    return stated.kind not in figures.TAGS or stated.pick == "any" or figure.tag == stated.pick


def candidates(found: list[Figure], stated: Stated, own_quote: bool) -> list[Figure]:
    """The figures of a quote that may be the field's: by their tag, or their place."""
    if stated.pick in ("first", "last"):
        return found[:1] if stated.pick == "first" else found[-1:]
    if stated.pick == "any":  # one figure of its kind, whatever words come before it
        return found
    if stated.kind in figures.TAGS:
        tagged = [f for f in found if f.tag == stated.pick]
        untagged = figures.UNTAGGED[stated.kind]
        if not tagged and (own_quote or untagged is None):
            tagged = [f for f in found if f.tag == untagged]
        return tagged
    return found


def field_figures(
    stated: Stated, quote: str, own_quote: bool, errata, notice_year
) -> tuple[list[Figure], list[Figure], str | None]:
    """What a quote states for one field: (every figure of the field's kind in it, read through
    the clause's errata; those that may be the field's; the erratum's `reads` that was read in)."""
    read, erratum = reading(quote, errata)
    found = figures.figures(read, stated.kind, notice_year)
    return found, (found if stated.many else candidates(found, stated, own_quote)), erratum


def should_be(value, stated: Stated, quote: str, own_quote: bool, errata, notice_year):
    """The value that a field disagreeing with its quote should have, as the compiler's
    「規則要與正文一致，應為 …」 names it (a sorted list for years stated together); None when
    the field agrees, or the compiler names no value (no figure, or none valid, in the quote)."""
    found, picked, _ = field_figures(stated, quote, own_quote, errata, notice_year)
    if stated.many:
        written = sorted({f.value for f in found if f.value is not None})
        return written if written and written != sorted(set(value)) else None
    if any(f.value == value for f in picked):
        return None
    valid = [f for f in picked if f.value is not None]
    return valid[0].value if valid else None


def stated_fields(data):
    """(object path, field, value, Stated) of every field of a rule block whose value its
    clause's text states and that has a usable value (what `check` compares)."""
    for path, spec in _objects(data):
        obj = _get(data, path)
        for name, stated in spec.items():
            if name in obj and _usable(obj[name], stated):
                yield path, name, obj[name], stated


def year_before(text: str, quote: str, notice_year):
    """The year a date without one in `quote` means (see _year_before)."""
    return _year_before(text, quote, notice_year)


def _disagrees(path, value, stated: Stated, quote: str, own_quote: bool, errata, notice_year) -> str | None:
    found, picked, erratum = field_figures(stated, quote, own_quote, errata, notice_year)
    name, shown_quote = where(path), cut(quote)
    if stated.many:
        via = f"（按勘誤讀作「{cut(erratum)}」）" if erratum else ""
        written = sorted({f.value for f in found if f.value is not None})
        if written == sorted(set(value)):
            return None
        if not written:
            return f"`{name}` 寫的是 {_shown_value(value, stated)}，但它的原文「{shown_quote}」{via}裡沒有年度；says 要照抄寫這些年度的那段文字"
        return (
            f"`{name}` 寫的是 {_shown_value(value, stated)}，但原文「{shown_quote}」{via}寫的是 {_shown_value(written, stated)}；"
            f"規則要與正文一致，應為 {cut(str(written))}"
        )
    # The erratum is named when the figure this field reads comes from it, or when no figure does.
    via = (
        f"（按勘誤讀作「{cut(erratum)}」）"
        if erratum and (not picked or any(f.text not in quote for f in picked))
        else ""
    )
    what = WHAT.get((stated.kind, stated.pick), "數字")
    if any(f.value == value for f in picked):
        return None
    if not picked:
        others = "、".join(cut(figures.number_text(f.text), 20) for f in found[:5])
        also = f"（只有 {others}）" if others and stated.kind in figures.TAGS else ""
        return f"`{name}` 寫的是 {_shown_value(value, stated)}，但它的原文「{shown_quote}」{via}裡沒有{what}{also}；says 要照抄寫這個數字的那段文字"
    valid = [f for f in picked if f.value is not None]
    if not valid and stated.kind == "date":
        return None  # a date of the text that does not exist: reported at its paragraph (checks._text_defects)
    if not valid:
        return f"`{name}`：原文「{shown_quote}」{via}中的「{cut(figures.number_text(picked[0].text), 20)}」不是有效的{what}；原文有誤時，請在本條款下加勘誤區塊（```erratum）說明如何理解"
    right = valid[0].value
    return (
        f"`{name}` 寫的是 {_shown_value(value, stated)}，但原文「{shown_quote}」{via}寫的是 {cut(figures.number_text(valid[0].text).strip(), 30)}；"
        f"規則要與正文一致，應為 {right}"
    )


def _year_before(text: str, quote: str, notice_year):
    """The year a date without one (「10月中旬」) means: the last year written before it in the
    clause's text (「2025年 1月底前…,并于 10月中旬」), else the notice's own year."""
    before = text[: text.find(quote)]
    last = max(((f.start, f.value) for f in figures.figures(before, "year") if f.value), default=None)
    dated = max(((f.start, int(f.value[:4])) for f in figures.figures(before, "date", None) if f.value), default=None)
    found = max((x for x in (last, dated) if x), default=None)
    return found[1] if found else notice_year


def _missing(path, present, spec, segment_text, errata, notice_year) -> str:
    names = "、".join(f"{k}（{_shown_value(v, spec[k])}）" for k, v in present.items())
    head = f"`{where(path)}` 缺少 `says`：{names}是正文寫明的，要照抄寫它們的原文，編譯時核對兩者一致"
    absent = _absent(present, spec, segment_text, errata, notice_year)
    if absent:
        return head + "；但本條款正文中沒有 " + "；".join(text for _, text in absent)
    return head + f"，如 says: {_suggest(present, spec, segment_text, errata, notice_year)}"


def _absent(present, spec, segment_text, errata, notice_year) -> list[tuple[str, str]]:
    """(field, what is missing) for each value that the clause's text does not write at all."""
    read, _ = reading(segment_text, errata)
    out = []
    for name, value in present.items():
        stated = spec[name]
        found = figures.figures(read, stated.kind, notice_year)
        if stated.many:
            have = {f.value for f in found}
            if not set(value) <= have:
                out.append((name, f"`{name}` 的 {_shown_value(sorted(set(value) - have), stated)}"))
            continue
        tagged = [f for f in found if _fits(f, stated)]
        if value not in {f.value for f in tagged}:
            text = "、".join(cut(figures.number_text(f.text), 20) for f in tagged[:3])
            out.append(
                (name, f"`{name}` 的 {_shown_value(value, stated)}" + (f"（正文寫的是 {text}）" if text else ""))
            )
    return out


def _text_has(value, stated, segment_text, errata, notice_year) -> str:
    read, _ = reading(segment_text, errata)
    found = [f for f in figures.figures(read, stated.kind, notice_year) if _fits(f, stated)]
    text = "、".join(cut(figures.number_text(f.text), 20) for f in found[:3])
    return f"（正文寫的是 {text}）" if text else ""


def _suggest(present, spec, segment_text, errata, notice_year) -> str:
    """The shortest run of the clause's text, from a phrase's start, that holds every value."""
    needed: list[list[tuple[int, int]]] = []  # for each value: where the text writes it
    for name, value in present.items():
        stated = spec[name]
        found = figures.figures(segment_text, stated.kind, notice_year)
        for one in value if stated.many else [value]:
            spans = [
                (f.start, f.start + len(f.text))
                for f in found
                if _reads_as(f, errata, notice_year) == one and _fits(f, stated)
            ]
            if not spans:
                return '"……"'
            needed.append(spans[:20])
    best = None
    for start, end in _windows(needed):
        if best is None or end - start < best[1] - best[0]:
            best = (start, end)
    start, end = best
    before = segment_text[max(0, start - figures.LOOK_BACK) : start]
    ends = list(figures.PHRASE_END.finditer(before))
    start = start - len(before) + (ends[-1].end() if ends else 0)
    quote = re.sub(r"^[0-9]+\.", "", segment_text[start:end])
    return f'"{cut(quote, 200)}"'


def _windows(needed, limit=2000):
    """(start, end) covering one span of each list, for a bounded number of combinations."""
    combos = [(None, None)]
    for spans in needed:
        combos = [
            (min(a, s) if a is not None else s, max(b, e) if b is not None else e) for a, b in combos for s, e in spans
        ][:limit]
    return combos


def _reads_as(figure, errata, notice_year):
    if figure.value is not None or figure.kind != "date":
        return figure.value
    read, _ = reading(figure.text, errata)
    again = figures.figures(read, "date", notice_year)
    return again[0].value if again else None


def _shown_value(value, stated: Stated) -> str:
    unit = {"hours": "學時", "minutes": "分鐘", "age": "周歲", "year": "年"}.get(stated.kind, "")
    if isinstance(value, list):
        return cut("、".join(f"{v}{unit}" for v in value[:20]))
    return f"{value}{unit}" if unit and stated.kind != "year" else str(value)


def cut(text: str, most: int = SHOWN) -> str:
    return text if len(text) <= most else text[:most] + "…"


def _get(data, path):
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data

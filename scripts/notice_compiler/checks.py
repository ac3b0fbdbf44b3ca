"""Checks that a schema cannot express: the rules against the text they encode.

Each check reads the parsed notice and adds `path:line` problems; none of them stops
the others, so an author sees everything that is wrong in one run.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from calculator.rule_kinds import CIRCUMSTANCE_KIND_WORDS, CIRCUMSTANCE_READS

from . import agreement, schema
from .problems import Problems
from .source import Fence, Notice

# A written date in the text: 2025年 1 月 5 日 (spaces as the notice prints them).
TEXT_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Anything that starts like a web address, with stray spaces allowed so we can catch them.
ADDRESS = re.compile(r"h\s*t\s*t\s*p\s*s?\s*:\s*/\s*/\s*[^\s)(（），,]*", re.IGNORECASE)
GOOD_ADDRESS = re.compile(r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s]*)?$")
# The schema's message for a date not written YYYY-MM-DD: _valid_date gives a better one.
DATE_PATTERN_MESSAGE = re.compile(r"^`[^`]*\.(from|to|by)` 寫法有誤（")
FULL_WIDTH = re.compile("[\uff10-\uff19\uff0d]")  # ０-９ and －, as a Chinese input method types them
# Rule kinds that a notice may have at most once.
SINGLE_KINDS = (
    "requirement",
    "window",
    "make_up",
    "title",
    "title_missing",
    "assessment",
    "conversion",
    "age",
    "review_card",
)
# Rule kinds that may be written more than once, and what makes two of them the same rule.
REPEATABLE = {
    "exemption": lambda r: [
        (flag, r.get("effect")) for flag in (r["when_any"] if isinstance(r.get("when_any"), list) else [])
    ],
    "drop_years": lambda r: [r.get("field")],
    "years_from": lambda r: [r.get("field")],
}
# The title levels the contract knows, in the schema's order (senior, intermediate, junior).
LEVELS = tuple(schema.schema("rule")["properties"]["title"]["properties"])


def check(notice: Notice, year_from_folder: int, problems: Problems) -> None:
    _front_matter(notice, year_from_folder, problems)
    clauses = _clauses(notice, problems)
    disagreeing = _fences(notice, clauses, problems)
    _text_defects(notice, problems)
    _consistency(notice, problems, disagreeing)
    _completeness(notice, problems)
    _circumstances(notice, problems)


def _front_matter(notice, year, problems):
    path, front = notice.path, notice.front
    for line, message in schema.validate("front-matter", front, notice.front_lines, 2):
        problems.add(path, line, message)
    if front.get("year") not in (None, year) and isinstance(front.get("year"), int):
        problems.add(
            path,
            notice.front_lines.get(("year",), 2),
            f"year 寫的是 {front['year']}，但文件在 {year} 資料夾裡；兩者必須相同",
        )
    issued = front.get("issued")
    if isinstance(issued, str) and _valid_date(issued, notice.path, notice.front_lines.get(("issued",), 2), problems):
        written = {_text_date(m) for b in notice.blocks for m in TEXT_DATE.finditer(b.text)}
        if issued not in written:
            problems.add(
                path,
                notice.front_lines.get(("issued",), 2),
                f"發文日期 {issued} 在正文中找不到（落款應寫作 {_chinese_date(issued)}）",
            )
    headings = [b for b in notice.blocks if b.level == 1]
    if front.get("title") and (not headings or headings[0].text != front["title"]):
        line = headings[0].line if headings else notice.front_lines.get(("title",), 2)
        problems.add(path, line, "正文的第一個標題（# 開頭）必須與基本信息中的 title 完全相同")


def _clauses(notice, problems) -> set[str]:
    seen: dict[str, int] = {}
    for block in notice.clause_blocks():
        if block.clause in seen:
            problems.add(
                notice.path, block.line, f"條款編號 {block.clause} 重複使用：第 {seen[block.clause]} 行已經用過"
            )
            continue
        parent = block.clause.rpartition(".")[0]
        if parent and parent not in seen:
            problems.add(notice.path, block.line, f"條款 {block.clause} 的上一級條款 {parent} 在它前面沒有錨點")
        seen[block.clause] = block.line
    return set(seen)


def _fences(notice, clauses, problems):
    path = notice.path
    kinds_seen: dict[str, int] = {}
    channel_ids: dict[str, int] = {}
    disagreeing: set[tuple] = set()  # (rule kind, field...) that disagree with their clause's text
    for fence in notice.fences:
        name = "rule" if fence.kind == "rule" else "erratum"
        if not isinstance(fence.data, dict):
            problems.add(path, fence.line, f"```{fence.kind} 區塊應該是「欄位: 值」的形式")
            continue
        for line, message in schema.validate(name, fence.data, fence.lines, fence.line + 1):
            if not DATE_PATTERN_MESSAGE.match(message):  # _dates_in_rule says more precisely what is wrong
                problems.add(path, line, message)
        segment = notice.segments[fence.segment]
        if fence.kind == "erratum":
            says = fence.data.get("says")
            if isinstance(says, str) and says not in segment.text:
                problems.add(
                    path,
                    fence.lines.get(("says",), fence.line),
                    f"勘誤寫的原文「{agreement.cut(says)}」不在它上方的條款正文裡；請照抄原文（新的正文已經沒有這處錯誤時，刪去這個勘誤區塊）",
                )
            continue
        clause = fence.data.get("clause")
        line = fence.lines.get(("clause",), fence.line)
        if isinstance(clause, str):
            if clause not in clauses:
                problems.add(
                    path,
                    line,
                    f"規則區塊寫的條款 {clause} 在本通知中不存在；已有的條款：{', '.join(sorted(clauses, key=_clause_key))}",
                )
            elif clause != segment.clause:
                quotes = _all_says(fence.data)
                if segment.clause and quotes and all(q in segment.text for q in quotes):
                    # Its words are this clause's: the notice numbered the clause anew.
                    how = (
                        f"它引用的原文都在條款 {segment.clause} 裡，看來新通知重新編了號：執行 make follow-text "
                        f"YEAR={_notice_year(notice)}，它會把 clause 改成 {segment.clause}，並一起改算例、常見問題和口徑說明裡的引用"
                    )
                else:
                    how = f"規則要緊跟在它所寫的條款下面：把區塊移到條款 {clause} 的正文下面"
                problems.add(
                    path,
                    line,
                    f"規則區塊寫的是條款 {clause}，但它位於條款 {segment.clause or '（無）'} 的正文下面；{how}",
                )
        for kind in fence.data:
            if kind in SINGLE_KINDS:
                if kind in kinds_seen:
                    problems.add(
                        path,
                        fence.lines[(kind,)],
                        f"規則 `{kind}` 在一份通知中只能寫一次：第 {kinds_seen[kind]} 行已經寫過",
                    )
                kinds_seen.setdefault(kind, fence.lines[(kind,)])
        channel = fence.data.get("channel")
        if isinstance(channel, dict) and isinstance(channel.get("id"), str):
            cid = channel["id"]
            if cid in channel_ids:
                problems.add(
                    path, fence.lines[("channel", "id")], f"渠道 `{cid}` 重複：第 {channel_ids[cid]} 行已經寫過"
                )
            channel_ids.setdefault(cid, fence.lines[("channel", "id")])
        _dates_in_rule(fence, path, problems)
        _says_in_text(fence, fence.data, (), segment.text, path, problems)
        errata = [f.data for f in notice.errata if f.segment == fence.segment and isinstance(f.data, dict)]
        _address_in_text(fence, segment.text, errata, path, problems)
        disagreeing |= agreement.check(notice, fence, segment.text, errata, _notice_year(notice), problems)
    if "requirement" not in kinds_seen:
        problems.add(path, 1, "本通知沒有 `requirement` 規則（每年的學時要求）；計算器需要它")
    return disagreeing


def _circumstances(notice, problems):
    """Every circumstance a rule reads is declared once (`asks`), of the kind the rule needs,
    and every one declared is read: the form asks exactly what the rules use."""
    path = notice.path
    rules = [f for f in notice.fences if f.kind == "rule" and isinstance(f.data, dict)]
    declared: dict[str, tuple[str, int]] = {}  # id -> (kind, line)
    for fence in rules:
        asks = fence.data.get("asks")
        for i, item in enumerate(asks if isinstance(asks, list) else []):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            line = fence.lines.get(("asks", i, "id"), fence.line)
            if item["id"] in declared:
                problems.add(path, line, f"情形 `{item['id']}` 重複：第 {declared[item['id']][1]} 行已經寫過")
                continue
            declared[item["id"]] = (item.get("kind"), line)
    read: set[str] = set()
    for fence in rules:
        for key_path, kind in CIRCUMSTANCE_READS:
            value = _get(fence.data, key_path)
            for i, cid in enumerate(value if isinstance(value, list) else [value]):
                if not isinstance(cid, str):
                    continue
                read.add(cid)
                at = key_path + ((i,) if isinstance(value, list) else ())
                line = fence.lines.get(at, fence.lines.get(key_path, fence.line))
                where = ".".join(key_path)
                if cid not in declared:
                    problems.add(
                        path,
                        line,
                        f"`{where}` 用到的情形 `{cid}` 沒有寫明：請在本規則區塊加上 asks，寫明它的 id、kind"
                        f"（{CIRCUMSTANCE_KIND_WORDS[kind]}）、表單上問的話 question、簡稱 name 和說法 words"
                        "（寫法見《本站如何製作》的「申請人的情形」）",
                    )
                elif declared[cid][0] in CIRCUMSTANCE_KIND_WORDS and declared[cid][0] != kind:
                    problems.add(
                        path,
                        line,
                        f"`{where}` 要一種{CIRCUMSTANCE_KIND_WORDS[kind]}的情形，但 `{cid}` 在第 {declared[cid][1]} 行寫的是"
                        f"{CIRCUMSTANCE_KIND_WORDS[declared[cid][0]]}",
                    )
    for cid, (_, line) in declared.items():
        if cid not in read:
            problems.add(
                path,
                line,
                f"情形 `{cid}` 寫明了，但本通知沒有規則用到它；表單不會問用不到的情形：刪去它，或在用它的規則中寫上它",
            )


def _all_says(data) -> list[str]:
    """Every quotation (`says`) of a rule block."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "says":
                found += (
                    [value] if isinstance(value, str) else [v for v in (value or {}).values() if isinstance(v, str)]
                )
            else:
                found += _all_says(value)
    elif isinstance(data, list):
        for value in data:
            found += _all_says(value)
    return found


def _address_in_text(fence, text, errata, path, problems):
    """The review card's address is the one the text gives (or its erratum's reading)."""
    card = fence.data.get("review_card")
    address = card.get("address") if isinstance(card, dict) else None
    if isinstance(address, str) and address and address not in text and address not in [e.get("reads") for e in errata]:
        problems.add(
            path,
            fence.lines.get(("review_card", "address"), fence.line),
            f"`review_card.address` 寫的是「{agreement.cut(address)}」，但本條款正文中沒有這個網址：要照原文寫（原文有誤時，寫更正後的網址並加勘誤區塊）",
        )


def _dates_in_rule(fence: Fence, path, problems):
    for key_path, line in fence.lines.items():
        value = _get(fence.data, key_path)
        if key_path and key_path[-1] in ("from", "to", "by") and isinstance(value, str):
            _valid_date(value, path, line, problems)


def _says_in_text(fence, data, key_path, text, path, problems):
    """Every `says` quotes the clause text exactly, so a reader can find it."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "says" and isinstance(value, dict):
                for name, quote in value.items():
                    if isinstance(quote, str) and quote and quote not in text:
                        problems.add(
                            path,
                            fence.lines.get(key_path + (key, name), fence.line),
                            f"「{agreement.cut(quote)}」不在本條款正文裡；says 要照抄原文{_like(quote, text)}",
                        )
            elif key == "says" and isinstance(value, str) and value not in text:
                problems.add(
                    path,
                    fence.lines.get(key_path + (key,), fence.line),
                    f"「{agreement.cut(value)}」不在本條款正文裡；says 要照抄原文{_like(value, text)}",
                )
            else:
                _says_in_text(fence, value, key_path + (key,), text, path, problems)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            _says_in_text(fence, item, key_path + (i,), text, path, problems)


LIKE_LONGEST = 200  # characters of a quote that is looked for with other figures (and of what is found)


def _like(quote: str, text: str) -> str:
    """Where the text says the same words with other figures (the new year's): 「…」, to copy."""
    words = corresponding(quote, text)
    return f"；正文中相應的文字是「{words}」" if words else ""  # whole, to be copied


def corresponding(quote: str, text: str) -> str | None:
    """The words of `text` in the place of a `says` that it no longer has: the same words with
    other figures (the new year's), as 「正文中相應的文字是「…」」 names them; None when the
    text has no such words (or the quote has no figures, or either is too long to look for)."""
    match = next(_like_matches(quote, text), None)
    if match is None or len(match.group(0)) > LIKE_LONGEST or match.group(0) == quote:
        return None
    return match.group(0)


def corresponding_all(quote: str, text: str) -> list[str]:
    """Every distinct run of `text` with the quote's words and other figures, in the text's
    order (the first is `corresponding`'s): more than one, and which is meant is a judgement."""
    found: list[str] = []
    for match in _like_matches(quote, text):
        if len(match.group(0)) <= LIKE_LONGEST and match.group(0) != quote and match.group(0) not in found:
            found.append(match.group(0))
    return found


YEAR_ONLY = re.compile(r"(19|20)[0-9]{2}")
YEARS_BETWEEN = r"(?:19|20)[0-9]{2}(?:[^。；;，,]{0,12}?(?:19|20)[0-9]{2})*"


def _like_matches(quote: str, text: str):
    if len(quote) > LIKE_LONGEST or not re.search("[0-9\uff10-\uff19]", quote):
        return iter(())
    parts = re.split("[0-9\uff10-\uff19]+", quote)
    pattern = "[0-9\uff10-\uff19]+".join(re.escape(p) for p in parts)
    matches = list(re.finditer(pattern, text))
    if matches or len(parts) < 3 or not all(YEAR_ONLY.fullmatch(n) for n in re.findall("[0-9]+", quote)):
        return iter(matches)
    # A list of years that has grown or shrunk (「可補學 2022年和 2023年度」 → 「可補學 2025年度」):
    # the same words before the first year and after the last, any years between.
    return re.finditer(re.escape(parts[0]) + YEARS_BETWEEN + re.escape(parts[-1]), text)


def _text_defects(notice, problems):
    """Impossible dates and malformed addresses must each be covered by an erratum."""
    for index, segment in enumerate(notice.segments):
        covered = [
            f.data["says"]
            for f in notice.errata
            if f.segment == index
            and isinstance(f.data, dict)
            and isinstance(f.data.get("says"), str)
            and f.data["says"]
        ]
        for block in segment.blocks:
            for match in TEXT_DATE.finditer(block.text):
                year, month, day = map(int, match.groups())
                if not date_exists(year, month, day) and not _covered(block.text, match, covered):
                    problems.add(
                        notice.path,
                        block.line,
                        f"正文中的日期「{match.group(0)}」不存在（{year}年{month}月{_days_hint(year, month)}）；請在本條款下加勘誤區塊（```erratum）說明如何理解",
                    )
            for match in ADDRESS.finditer(block.text):
                if not GOOD_ADDRESS.match(match.group(0)) and not _covered(block.text, match, covered):
                    problems.add(
                        notice.path,
                        block.line,
                        f"正文中的網址「{match.group(0)}」格式有誤，照原文無法打開；請在本條款下加勘誤區塊（```erratum）說明正確的網址",
                    )


def _consistency(notice, problems, disagreeing=frozenset()):
    """Totals that the notice states must follow from its yearly requirement. Where the
    requirement already disagrees with its own text, that is the line to correct: the title's
    totals are then not compared with it (they are checked against their own text)."""
    rules = {k: (f, v) for f in notice.rules if isinstance(f.data, dict) for k, v in f.data.items()}
    yearly_total_agrees = True
    if "requirement" in rules:
        fence, req = rules["requirement"]
        subjects_disagree = {("requirement", "public"), ("requirement", "professional")} & disagreeing
        if (
            isinstance(req, dict)
            and all(_is_int(req.get(k)) for k in ("total", "public", "professional"))
            and not subjects_disagree
            and req["total"] != req["public"] + req["professional"]
        ):
            yearly_total_agrees = False
            problems.add(
                notice.path,
                fence.lines[("requirement", "total")],
                f"每年總學時 {req['total']} 不等於公需 {req['public']} 加專業 {req['professional']}（= {req['public'] + req['professional']}）："
                f"`requirement.total` 應為 {req['public'] + req['professional']}，或者改正 public、professional",
            )
    if "title" in rules and "requirement" in rules:
        fence, title = rules["title"]
        req = rules["requirement"][1]
        parts = [req.get(k) for k in ("public", "professional")] if isinstance(req, dict) else []
        if any(p[0] == "requirement" for p in disagreeing):
            parts = [None]
        for level, spec in (title or {}).items() if isinstance(title, dict) else ():
            if (
                not isinstance(spec, dict)
                or not isinstance(spec.get("years"), list)
                or not all(_is_int(p) for p in parts)
            ):
                continue  # the schema reports a requirement or a level that is not whole numbers
            n = len(spec["years"])
            for key in ("total", "public", "professional"):
                # A title's total follows from the yearly subjects; when the yearly total itself
                # disagrees with them, that line is wrong (reported above), not the title's.
                if key == "total" and not yearly_total_agrees:
                    continue
                each = sum(parts) if key == "total" else req[key]
                if _is_int(spec.get(key)) and spec[key] != n * each:
                    yearly = "公需加專業" if key == "total" else {"public": "公需", "professional": "專業"}[key]
                    problems.add(
                        notice.path,
                        fence.lines[("title", level, key)],
                        f"`title.{level}.{key}` 寫的是 {spec[key]}，但 {n} 個年度、每年{yearly} {each} 學時（`requirement`），應為 {n * each}",
                    )
    if "window" in rules:
        fence, window = rules["window"]
        if isinstance(window, dict) and all(iso_date(window.get(k)) for k in ("from", "to")):
            start, end = iso_date(window["from"]), iso_date(window["to"])
            if start > end:
                problems.add(
                    notice.path,
                    fence.lines[("window", "to")],
                    f"學習期的截止日期 {window['to']} 早於開始日期 {window['from']}",
                )
            if (
                isinstance(window.get("year"), int)
                and start.year != window["year"]
                and ("window", "from") not in disagreeing
            ):
                problems.add(
                    notice.path,
                    fence.lines.get(("window", "year"), fence.lines[("window", "from")]),
                    f"學習期從 {window['from']} 開始，但 year 寫的是 {window['year']}：`window.year` 應為 {start.year}",
                )


def _completeness(notice, problems):
    """What the engine needs of a rule kind is all there, in an order it can use, and once."""
    path = notice.path
    seen: dict[tuple, list] = {}
    title_fence = missing_fence = None
    for fence in notice.rules:
        data = fence.data if isinstance(fence.data, dict) else {}
        if isinstance(data.get("title"), dict):
            title_fence = fence
        if isinstance(data.get("title_missing"), dict):
            missing_fence = fence
        age = data.get("age")
        if isinstance(age, dict) and isinstance(age.get("tiers"), list):
            _age_order(fence, age["tiers"], path, problems)
        for kind, same in REPEATABLE.items():
            if isinstance(data.get(kind), dict):
                earlier = _repeated(
                    seen, kind, data[kind], same, data.get("clause"), fence.lines.get((kind,), fence.line)
                )
                if earlier:
                    (clause, line), key = earlier
                    problems.add(
                        path,
                        fence.lines.get((kind,), fence.line),
                        f"`{kind}` 與第 {line} 行（條款 {clause}）的 `{kind}` 重複：{_same_what(kind, key)}；同一條規則寫兩次，計算器會重複說明，請刪去其中一個",
                    )
    if title_fence is not None:
        title = title_fence.data["title"]
        missing = missing_fence.data["title_missing"] if missing_fence is not None else {}
        absent = [level for level in LEVELS if level not in title and level not in missing]
        if absent:
            problems.add(
                path,
                title_fence.lines[("title",)],
                f"`title` 缺少 {', '.join(f'`{a}`' for a in absent)}：計算器要知道每一級職稱（{', '.join(LEVELS)}）的年度；"
                f"通知沒有規定某一級時，在同一規則區塊中寫 title_missing，如 title_missing: {{{absent[0]}: 本年度通知未規定…}}",
            )
        for level in LEVELS:
            if level in title and level in missing:
                problems.add(
                    path,
                    missing_fence.lines[("title_missing", level)],
                    f"`title_missing.{level}` 說 {level} 沒有規定，但 `title.{level}` 寫了它的年度；兩者只能寫一個",
                )
    elif missing_fence is not None:
        problems.add(
            path,
            missing_fence.lines[("title_missing",)],
            "有 `title_missing` 卻沒有 `title` 規則：先寫 title，再說明其中缺少哪一級",
        )


def _age_order(fence, tiers, path, problems):
    """From the oldest down: the engine takes the first tier a person has reached."""
    previous = None
    for i, tier in enumerate(tiers):
        if not isinstance(tier, dict) or not all(_is_int(tier.get(k)) for k in ("male", "female")):
            previous = None
            continue
        if previous is not None:
            j, before = previous
            bad = [(sex, word) for sex, word in (("male", "男"), ("female", "女")) if tier[sex] >= before[sex]]
            if bad:
                sex, word = bad[0]
                ages = "、".join(f"{w}滿 {tier[s]} 周歲" for s, w in bad)
                earlier = "、".join(f"{w}滿 {before[s]} 周歲" for s, w in bad)
                problems.add(
                    path,
                    fence.lines.get(("age", "tiers", i), fence.line),
                    f"`age.tiers[{i}]`（{ages}）不比前一檔 `age.tiers[{j}]`（{earlier}）年齡小：各檔要從年齡最大的一檔往下寫。"
                    f"計算器取第一個符合的一檔，{word}滿 {tier[sex]} 周歲的人會先落入 `age.tiers[{j}]`（{before.get('effect')}），"
                    f"而不是這一檔（{tier.get('effect')}）；請把這一檔移到前面",
                )
        previous = (i, tier)


def _repeated(seen, kind, rule, same, clause, line):
    """The earlier block of the same kind that a person could meet together with this one."""
    purposes = (
        [p for p in rule.get("purposes") or [] if isinstance(p, str)] if isinstance(rule.get("purposes"), list) else []
    )
    levels = rule.get("levels")
    levels = (
        frozenset(level for level in levels if isinstance(level, str)) if isinstance(levels, list) else None
    )  # None: every level
    found = None
    for key in same(rule):
        for purpose in purposes:
            slot = seen.setdefault((kind, repr(key), purpose), [])
            for other_levels, where_ in slot:
                if found is None and (levels is None or other_levels is None or levels & other_levels):
                    found = (where_, key)
            slot.append((levels, (clause, line)))
    return found


def _same_what(kind, key) -> str:
    if kind == "exemption":
        return f"同樣的情形 {key[0]} 得到同樣的效果 {key[1]}"
    return f"同樣的欄位 {key}"


def _notice_year(notice) -> int | None:
    year = notice.front.get("year")
    return year if _is_int(year) else None


# --- small helpers -------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _get(data, key_path):
    for key in key_path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def date_exists(year, month, day) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _days_hint(year, month) -> str:
    return f"只有{calendar.monthrange(year, month)[1]}日" if 1 <= month <= 12 else "：月份只能是1到12"


def iso_date(value):
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _valid_date(value: str, path, line, problems) -> bool:
    if iso_date(value) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return True
    parts = value.split("-")
    if FULL_WIDTH.search(value):
        problems.add(path, line, f"日期 {value} 裡有全角數字或符號：請用半角數字，寫成 YYYY-MM-DD，如 2025-01-05")
    elif len(parts) == 3 and all(re.fullmatch(r"[0-9]+", p) for p in parts) and [len(p) for p in parts] == [4, 2, 2]:
        y, m, _ = map(int, parts)
        problems.add(
            path,
            line,
            f"日期 {value} 不存在（{y}年{m}月{_days_hint(y, m)}）；規則中要寫存在的日期，原文有誤時用勘誤區塊說明",
        )
    elif (
        len(parts) == 3
        and all(re.fullmatch(r"[0-9]{1,2}", p) for p in parts[1:])
        and re.fullmatch(r"[0-9]{4}", parts[0])
    ):
        padded = f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        problems.add(path, line, f"日期 {value} 寫法有誤：月和日都要寫兩位數，應寫成 {padded}（YYYY-MM-DD）")
    else:
        problems.add(path, line, f"日期 {value} 寫法有誤：應寫成 YYYY-MM-DD，如 2025-01-05")
    return False


def _text_date(match) -> str:
    y, m, d = map(int, match.groups())
    return f"{y:04d}-{m:02d}-{d:02d}"


def _chinese_date(iso: str) -> str:
    y, m, d = map(int, iso.split("-"))
    return f"{y}年{m}月{d}日"


def _covered(text, match, covered_says) -> bool:
    for says in covered_says:
        start = text.find(says)
        while start != -1:
            if start <= match.start() and match.end() <= start + len(says):
                return True
            start = text.find(says, start + 1)
    return False


def _clause_key(clause_id: str):
    return tuple(int(p) for p in clause_id.split("."))

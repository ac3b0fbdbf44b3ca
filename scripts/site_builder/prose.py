"""Pages written by hand for a year (faq.md, interpretation.md): questions with anchors,
clause citations [[1.2]], placeholders {{requirement.public}} filled from the rule blocks,
and ```example fences that show a worked example with the engine's result.

Every citation, placeholder and example must exist; problems are `path:line` errors.
"""

from __future__ import annotations

import re

from notice_compiler import formulas, stale, yaml_lines
from notice_compiler.problems import CompileError, Problems

from . import cards
from . import words as W
from .sources import Year

CITATION = re.compile(r"\[\[([0-9.]+)\]\]")
PLACEHOLDER = formulas.FORMULA  # {{requirement.public}}, or a formula such as {{make_up.years.0 - 1}}
QUESTION = re.compile(r"^##\s+(?P<text>.+?)\s*\{#(?P<id>[a-z][a-z0-9-]*)\}\s*$")
# A line that quotes the notice says so (通知原文：「…」, 原文寫的是「…」): each 「…」 on it must be
# the notice's own words, so that a new year's page cannot keep last year's quotation.
QUOTE = re.compile(r"「([^「」]+)」")


def render(year: Year, name: str, anchor_prefix: str, question_list: bool = False) -> str:
    """The page's Markdown, or CompileError listing every problem in the file.

    `question_list`: the page opens with a list of its questions, linked to their anchors
    (on a phone, Material keeps the table of contents in the drawer)."""
    shown = year.shown(name)
    lines = year.source(name).read_text(encoding="utf-8").split("\n")
    problems = Problems()
    title, body_start = _front_matter(lines, shown, problems)
    values = placeholders(year.rules)
    examples = {ex.id: ex for ex in year.examples if ex.id}
    out = [f"---\ntitle: {title}\n---", "", f"# {title}", ""]
    list_at, questions = len(out), []
    seen_ids: dict[str, int] = {}
    open_section, cited = None, False
    i = body_start
    while i < len(lines):
        line, number = lines[i], i + 1
        if line.startswith("## "):
            if open_section:
                _close(out, open_section, cited, shown, problems)
            match = QUESTION.match(line)
            if not match or not match.group("id").startswith(anchor_prefix):
                problems.add(
                    shown,
                    number,
                    f"問題標題要以 {{#{anchor_prefix}…}} 結尾，如 ## 每年要學多少學時？ {{#{anchor_prefix}hours}}",
                )
                open_section, cited = (number, "?"), False
            else:
                qid = match.group("id")
                if qid in seen_ids:
                    problems.add(shown, number, f"錨點 {qid} 重複：第 {seen_ids[qid]} 行已經用過")
                seen_ids.setdefault(qid, number)
                text = _fill(match.group("text"), values, year, shown, number, problems)
                questions.append((text, qid))
                out += ['<div class="qa" markdown>', "", f"## {text} {{ #{qid} }}", ""]
                open_section, cited = (number, qid), False
            i += 1
        elif line.strip() == "```example":
            end = i + 1
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            try:
                data, _ = yaml_lines.load("\n".join(lines[i + 1 : end]), first_line=number + 1)
            except yaml_lines.YamlError as exc:
                problems.add(shown, exc.line, str(exc))
                data = None
            ex_id = data.get("id") if isinstance(data, dict) else None
            if ex_id not in examples:
                problems.add(shown, number, f"算例代號「{ex_id}」不存在；先在 cases/ 的算例中加上 id: {ex_id}")
            else:
                out.append(cards.render(year, examples[ex_id]))
            i = end + 1
        else:
            cited = cited or bool(CITATION.search(line))
            filled = _fill(line, values, year, shown, number, problems)
            if stale.QUOTING.search(line):  # after filling: 「{{requirement.says}}」 quotes the rule's own quotation
                _check_quotes(filled, year, shown, number, problems)
            out.append(filled)
            i += 1
    if open_section:
        _close(out, open_section, cited, shown, problems)
    if problems:
        raise CompileError(problems)
    if question_list and questions:
        out[list_at:list_at] = _question_list(questions)
    return "\n".join(out)


def _question_list(questions: list[tuple[str, str]]) -> list[str]:
    """Shown where the page's table of contents is not (site.css: phones and narrow windows)."""
    out = [
        '<nav class="question-list" aria-labelledby="question-list-title" markdown>',
        "",
        '<p id="question-list-title"><strong>本頁問題</strong></p>',
        "",
    ]
    out += [f"{n}. [{text}](#{qid})" for n, (text, qid) in enumerate(questions, 1)]
    return out + ["", "</nav>", ""]


def placeholders(rules: dict) -> dict[str, str]:
    """Every value of the year's rule blocks by its dotted path, written for readers."""
    flat: dict[str, str] = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        elif isinstance(value, list) and value and all(isinstance(v, int) for v in value):
            flat[prefix] = W.years(value)
        elif isinstance(value, list):
            for n, v in enumerate(value):
                walk(f"{prefix}.{n}", v)
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            flat[prefix] = W.date(value)
        else:
            flat[prefix] = str(value)

    walk("", rules)
    return flat


def _fill(line, values, year, shown, number, problems) -> str:
    def placeholder(match):
        key = match.group(1).strip()
        if key in values:
            return values[key]
        try:
            return formulas.as_words(formulas.value(key, year.rules))
        except formulas.FormulaError as exc:
            problems.add(shown, number, f"{{{{{key}}}}}：{exc}；可用的如 {', '.join(list(values)[:6])} …")
            return match.group(0)

    def citation(match):
        clause = match.group(1)
        if clause not in year.policy.clauses:
            problems.add(shown, number, f"引用的條款 {clause} 在 {year.year} 年度通知中不存在")
            return match.group(0)
        return f"（{cards.clause_link(year, clause)}）"

    return CITATION.sub(citation, PLACEHOLDER.sub(placeholder, line))


def _check_quotes(line, year, shown, number, problems):
    text = "\n".join(b.text for b in year.notice.blocks)
    for quote in QUOTE.findall(line):
        if quote not in text:
            shown_quote = quote if len(quote) <= 30 else quote[:30] + "…"
            problems.add(
                shown,
                number,
                f"「{shown_quote}」在 {year.year} 年度通知中找不到：寫著「原文」或「通知說」的一行，引號裡要照抄通知原文（可以只抄一段）",
            )


def _close(out, section, cited, shown, problems):
    number, qid = section
    if not cited:
        problems.add(shown, number, f"「{qid}」的回答沒有引用任何條款；請用 [[1.2]] 這樣的寫法註明依據")
    out += ["", "</div>", ""]


def _front_matter(lines, shown, problems) -> tuple[str, int]:
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                for line in lines[1:end]:
                    if line.startswith("title:"):
                        return line.split(":", 1)[1].strip(), end + 1
                break
    problems.add(shown, 1, "文件要以 --- 開頭，寫上 title: 頁面標題，再以 --- 結束")
    return "", 0

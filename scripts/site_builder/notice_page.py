"""The notice page: the full text in order, every clause linkable by its id, a rule card
under each encoded clause, and the errata where they apply."""

from __future__ import annotations

import html

from . import words as W
from .sources import Year


def render(year: Year) -> str:
    notice = year.notice
    fences_after: dict[int, list] = {}
    for fence in notice.fences:
        segment = notice.segments[fence.segment]
        fences_after.setdefault(id(segment.blocks[-1]) if segment.blocks else None, []).append(fence)
    examples_by_clause: dict[str, list] = {}
    for ex in year.examples:
        for clause in ex.illustrates:
            examples_by_clause.setdefault(clause, []).append(ex)

    out = [f"---\ntitle: {year.year}年度通知全文\n---", ""]
    for block in notice.blocks:
        out.append(_block(block, year))
        out.append("")
        for fence in fences_after.get(id(block), []):
            out.append(_erratum(fence.data) if fence.kind == "erratum" else _rule_card(year, fence, examples_by_clause))
            out.append("")
    return "\n".join(out)


def _block(block, year: Year) -> str:
    text = _escape(block.text)
    if block.level:
        anchor = f" {{ #c-{block.clause.replace('.', '-')} }}" if block.clause else ""
        return f"{'#' * block.level} {text}{anchor}"
    if block.clause:
        cid = block.clause.replace(".", "-")
        # A paragraph clause carries its id visibly too, so it survives printing.
        return (
            f'<p id="c-{cid}" class="clause"><a class="clause-id" href="#c-{cid}" title="條款 {block.clause}">'
            f"{year.label(block.clause)}</a> {html.escape(block.text, quote=False)}</p>"
        )
    return text


def _rule_card(year: Year, fence, examples_by_clause) -> str:
    clause = fence.data["clause"]
    cid = clause.replace(".", "-")
    sentences = [
        s for kind, spec in fence.data.items() if kind != "clause" for s in W.rule_sentences(kind, spec, year.policy)
    ]
    out = [
        f'??? abstract "規則卡片：{year.label(clause)} {year.policy.clauses.get(clause, "")}"',
        "",
        f'    <span id="rule-{cid}"></span>',
    ]
    out += [f"    - {s}" for s in sentences]
    examples = examples_by_clause.get(clause, [])
    if examples:
        links = "、".join(f"[{i}](examples.md#{year.example_anchor(ex)})" for i, ex in enumerate(examples, 1))
        out += ["", f"    算例：{links}"]
    out += ["", f"    [↑ 條款原文](#c-{cid}) · 規則寫在 `{year.shown('notice.md')}:{fence.line}`"]
    return "\n".join(out)


def _erratum(data: dict) -> str:
    return "\n".join(
        [
            '!!! warning "勘誤"',
            "",
            f"    原文寫作「{_escape(data['says'])}」，本站理解為「{_escape(data['reads'])}」。{_escape(data['why'])}",
        ]
    )


def _escape(text: str) -> str:
    """The notice's text is shown as text: no character of it may act as Markdown or HTML."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text

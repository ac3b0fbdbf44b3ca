"""A checked roster as the command line prints it: the counts, what each column was read as
and the warnings, then one line per person and every error by row and column."""

from __future__ import annotations

from ..chinese import to_hans
from .export import HAS_ERRORS, STATUS, SUMMARY, _missing
from .idcard import masked


def summary_text(report: dict, *, written: str | None = None, mask_ids: bool = True) -> str:
    script = report.get("script", "hant")
    counts = report["summary"]
    lines = [
        f"{report['notice']}年度通知 · {report['sheet']} · "
        + "，".join(f"{label} {counts[key]}" for key, label in SUMMARY),
        "",
    ]
    lines += _what_was_read(report)
    lines.append("行號\t姓名\t結果\t公需科目還差\t專業科目還差")
    for person in report["people"]:
        name = person["name"] or "（沒有姓名）"
        if person.get("id") and not mask_ids:
            name += f"（{person['id']}）"
        elif person.get("id"):
            name += f"（{masked(person['id'])}）"
        if "errors" in person:
            lines.append(f"{person['row']}\t{name}\t{HAS_ERRORS}")
            continue
        result = person["result"]
        short = (
            result["display"]["shortfall"]
            if "display" in result
            else {s: _missing(h) for s, h in result["shortfall"].items()}
        )
        lines.append(f"{person['row']}\t{name}\t{STATUS[result['status']]}\t{short['public']}\t{short['professional']}")
    problems = [e["text"] for p in report["people"] for e in p.get("errors", ())]
    problems += [e["text"] for e in report.get("unmatched_records", ())]
    if problems:
        lines += ["", f"錯誤（{len(problems)}處；有錯誤的人沒有檢查，改正後重新檢查）："]
        lines += [f"  {text}" for text in problems]
    if written:
        lines += ["", f"結果已寫入 {written}"]
    text = "\n".join(lines) + "\n"
    return to_hans(text) if script == "hans" else text


def _what_was_read(report: dict) -> list[str]:
    """Each column and what it was read as, and the warnings: what the officer checks before
    trusting the lines below."""
    read = report.get("columns", ())
    lines = []
    if read:
        shown = [f"第{c['letter']}列「{c['header']}」→ {c['read_as']}" for c in read if c["read_as"]]
        ignored = [f"第{c['letter']}列「{c['header']}」" for c in read if not c["read_as"]]
        lines.append("讀取的列：" + "；".join(shown))
        if ignored:
            lines.append("不讀取：" + "、".join(ignored))
    warnings = report.get("warnings", ())
    if warnings:
        lines.append(f"請先核對（{len(warnings)}條）：")
        lines += [f"  {w['message']}" for w in warnings]
    return lines + [""] if lines else []

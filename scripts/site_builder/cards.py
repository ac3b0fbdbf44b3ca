"""A worked example shown to readers: the person, the records, and what the engine says.

The result is computed here, at build time, by the same engine as the calculator, so the
pages cannot drift from the rules.
"""

from __future__ import annotations

import base64
import json
from fractions import Fraction

from calculator import check_or_errors
from calculator import hours as H
from calculator import messages as M
from notice_compiler.examples import Example

from . import words as W
from .sources import Year


def case_link(case: dict, calculator_url: str = "../calculator/") -> str:
    """The calculator's address for a case (CONTRACT: #case= base64url of UTF-8 JSON, no padding)."""
    raw = json.dumps(case, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return calculator_url + "#case=" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def clause_link(year: Year, clause: str, page: str = "notice.md") -> str:
    name = year.policy.clauses.get(clause, "")
    return f"[{year.label(clause)} {name}]({page}#c-{clause.replace('.', '-')})"


def render(year: Year, example: Example, notice_page: str = "notice.md") -> str:
    result = check_or_errors(example.case, policies={year.year: year.policy})  # as_of: required by the schema
    case = example.case
    out = [
        f'<div class="example-card" id="{year.example_anchor(example)}" markdown>',
        "",
        f"**算例**　{example.name}",
        "",
    ]
    out += _situation(case, year.policy)
    out += _records(year, case.get("records") or [])
    if "errors" in result:
        out += ["**計算器指出輸入有誤：**", ""]
        out += [f"- {M.field_name(e['field'], year.policy)}：{e['message']}" for e in result["errors"]]
    else:
        out += _result(year, result, notice_page)
        out += ["", f'<a class="example-open" href="{case_link(case)}">在計算器中打開這個算例</a>']
    out += ["", "</div>", ""]
    return "\n".join(out)


def _situation(case: dict, policy) -> list[str]:
    purpose = M.PURPOSE.get(case.get("purpose"), str(case.get("purpose")))
    if case.get("purpose") == "title" and case.get("level") in M.LEVEL:
        purpose = f"申報{M.LEVEL[case['level']]}職稱評審"
    if case.get("purpose") == "assessment":
        purpose += f"（{W.years(case.get('assessment_years') or [])} 年度）"
    rows = [f"查詢：{purpose}" + (f"；查詢日期 {W.date(case['as_of'])}" if case.get("as_of") else "")]
    person = case.get("person") or {}
    facts = []
    if person.get("sex") in M.SEX:
        facts.append(M.SEX[person["sex"]])
    if person.get("birth_date"):
        facts.append(f"{W.date(person['birth_date'])}出生")
    # The circumstances the year's rules declare, as the form asks them: a yes in the words of
    # the results, a year or years after the question the reader ticks.
    circumstances = policy.circumstances.values()
    facts += [c.words for c in circumstances if c.kind == "yes_no" and person.get(c.id) is True]
    for c in circumstances:
        value = person.get(c.id)
        if c.kind != "yes_no" and value not in (None, "", []):
            shown = W.years(value) if isinstance(value, list) else value
            facts.append(f"{c.question}，{c.name} {shown}")
    if facts:
        rows.append("申請人：" + "；".join(facts))
    return [*(f"- {r}" for r in rows), ""]


def _records(year: Year, records: list) -> list[str]:
    """One line a record (a list reads better than a wide table on a phone)."""
    if not records:
        return ["學習記錄：沒有。", ""]
    out = ["學習記錄：", ""]
    for r in records:
        r = r if isinstance(r, dict) else {}
        channel = year.policy.channels.get(r.get("channel"))
        amount = f"{r['hours']} 學時" if "hours" in r else f"{r['minutes']} 分鐘" if "minutes" in r else ""
        studied = (
            W.date(r["studied_on"]) + "學習"
            if _is_date(r.get("studied_on"))
            else (f"學習日期 {r['studied_on']}" if r.get("studied_on") else "未填學習日期")
        )
        subject = M.SUBJECT.get(r.get("subject"), "")
        name = channel.name if channel else f"渠道 {r.get('channel')}"
        out.append(f"1. {r.get('year', '?')} 年度 · {name} · {subject}{amount} · {studied}")
    return [*out, ""]


def _result(year: Year, result: dict, notice_page: str) -> list[str]:
    out = [f"**計算器的結果：{W.STATUS[result['status']]}**", ""]
    for y, row in result["years"].items():
        cells = [
            f"{M.SUBJECT[s]} {_hours(row[s]['credited'])}／{_hours(row[s]['required'])}"
            for s in ("public", "professional")
        ]
        out.append(f"- {y} 年度：{cells[0]}，{cells[1]}（已計入／應學）：{'已達到' if row['met'] else '未達到'}")
    if result["years"]:
        out.append("")
    short = result["shortfall"]
    if any(short.values()):
        out += [
            f"還差：公需科目 {_hours(short['public'], H.display_up)} 學時、專業科目 {_hours(short['professional'], H.display_up)} 學時。",
            "",
        ]
    out += [f"- {clause_link(year, n['clause'], notice_page)}：{n['text']}" for n in result["notes"]]
    return out


def _hours(value, shown=H.display) -> str:
    """Hours as people read them: credited rounded down, missing (`H.display_up`) rounded up."""
    return shown(Fraction(str(value)) if isinstance(value, float) else Fraction(value))


def _is_date(value) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-"

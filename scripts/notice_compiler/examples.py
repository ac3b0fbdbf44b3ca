"""Worked examples: `policy_src/<year>/cases/*.yaml`, each a case and the result it must give.

They are the engine's tests, the site's illustrations and the FAQ's figures, so they are
read and checked here, once, with `path:line` for every problem.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from . import schema
from .problems import CompileError, Problems


@dataclass(frozen=True)
class Example:
    path: str
    line: int
    id: str | None
    name: str
    illustrates: tuple[str, ...]
    case: dict
    expect: dict

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def load_examples(year_dir: Path, shown=lambda p: p.as_posix()) -> list[Example]:
    problems = Problems()
    examples = []
    for path in sorted(year_dir.glob("cases/*.yaml")):
        name = shown(path)
        data, lines = schema.read_file(path, name, "example", problems)
        for i, item in enumerate(data if isinstance(data, list) else []):
            if isinstance(item, dict) and {"name", "case", "expect"} <= item.keys():
                examples.append(Example(name, lines[(i,)], item.get("id"), item["name"], tuple(item.get("illustrates", ())), item["case"], item["expect"]))
    seen: dict[str, Example] = {}
    for ex in examples:
        if ex.id in seen:
            problems.add(ex.path, ex.line, f"算例代號 {ex.id} 重複：{seen[ex.id].where} 已經用過")
        elif ex.id:
            seen[ex.id] = ex
    if problems:
        raise CompileError(problems)
    return examples


def differences(result: dict, expect: dict) -> list[str]:
    """What in `result` disagrees with `expect` (empty when it agrees)."""
    out = []
    if "errors" in expect:
        got = {e["field"] for e in result.get("errors", [])}
        return [f"errors: 缺少欄位 {f}（實際報告：{sorted(got)}）" for f in expect["errors"] if f not in got]
    if "errors" in result:
        return [f"輸入被拒絕：{result['errors']}"]
    for key in ("status", "required_years"):
        if key in expect and result[key] != expect[key]:
            out.append(f"{key}: 期望 {expect[key]!r}，實際 {result[key]!r}")
    for subject, hours in expect.get("shortfall", {}).items():
        if not _same(result["shortfall"][subject], hours):
            out.append(f"shortfall.{subject}: 期望 {hours}，實際 {result['shortfall'][subject]}")
    for year, row in expect.get("years", {}).items():
        got = result["years"].get(str(year))
        if got is None:
            out.append(f"years.{year}: 結果中沒有這一年")
            continue
        if "met" in row and got["met"] != row["met"]:
            out.append(f"years.{year}.met: 期望 {row['met']}，實際 {got['met']}")
        for subject in ("public", "professional"):
            for key, hours in row.get(subject, {}).items():
                if not _same(got[subject][key], hours):
                    out.append(f"years.{year}.{subject}.{key}: 期望 {hours}，實際 {got[subject][key]}")
    if "years" in expect and not expect["years"] and result["years"]:
        out.append(f"years: 期望為空，實際 {sorted(result['years'])}")
    for clause in expect.get("clauses_include", []):
        if clause not in result["clauses"]:
            out.append(f"clauses: 缺少 {clause}（實際 {result['clauses']}）")
    noted = {n["clause"] for n in result["notes"]}
    for clause in expect.get("notes_include", []):
        if clause not in noted:
            out.append(f"notes: 沒有條款 {clause} 的說明（有說明的條款：{sorted(noted)}）")
    return out


def _same(actual, expected) -> bool:
    """Exact for whole hours; for fractions, the JSON float must be the nearest to the exact value."""
    exact = Fraction(expected) if isinstance(expected, str) else Fraction(str(expected))
    return actual == exact if exact.denominator == 1 else actual == float(exact)

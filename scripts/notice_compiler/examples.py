"""Worked examples: `policy_src/<year>/cases/*.yaml`, each a case and the result it must give.

They are the engine's tests, the site's illustrations and the FAQ's figures, so they are
read and checked here, once, with `path:line` for every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from . import formulas, schema
from .problems import CompileError, Problems


@dataclass(frozen=True)
class Example:
    path: str
    line: int
    id: str | None
    name: str
    illustrates: tuple[str, ...]
    case: dict  # formulas ({{requirement.public}}) worked out from the year's rules
    expect: dict
    written_name: str = ""  # the name as written, formulas and all (the stale-text check reads it)
    broken: bool = False  # a formula of it could not be worked out (reported at its line)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def load_examples(
    year_dir: Path, shown=lambda p: p.as_posix(), rules: dict | None = None, problems: Problems | None = None
) -> list[Example]:
    """The year's worked examples, their formulas worked out from `rules` (kind -> spec,
    merged over the year's rule blocks; read from the year's notice.md when not given).
    Raises CompileError, unless `problems` is given: then they go there, and every example
    that could be read is returned (`broken` when a formula of it could not be worked out)."""
    own_problems = problems is None
    problems = Problems() if own_problems else problems
    if rules is None:
        rules = rules_of(year_dir)
    examples = []
    for path in sorted(year_dir.glob("cases/*.yaml")):
        name = shown(path)
        data, lines = schema.read_file(path, name, "example", problems)
        for i, item in enumerate(data if isinstance(data, list) else []):
            if isinstance(item, dict) and {"name", "case", "expect"} <= item.keys():
                where = _Where(name, lines, problems)
                own = _own_dates(item["case"], rules, name, lines, i)
                before = len(problems.items)
                examples.append(
                    Example(
                        name,
                        lines[(i,)],
                        item.get("id"),
                        where.words(item["name"], (i, "name"), rules, own),
                        tuple(item.get("illustrates", ())),
                        where.data(item["case"], (i, "case"), rules, own),
                        where.data(item["expect"], (i, "expect"), rules, own),
                        item["name"],
                    )
                )
                if len(problems.items) > before:
                    examples[-1] = replace(examples[-1], broken=True)
    seen: dict[str, Example] = {}
    for ex in examples:
        if ex.id in seen:
            problems.add(ex.path, ex.line, f"算例代號 {ex.id} 重複：{seen[ex.id].where} 已經用過")
        elif ex.id:
            seen[ex.id] = ex
    if own_problems and problems:
        raise CompileError(problems)
    return examples


def _own_dates(case, rules: dict, name: str, lines: dict, i: int) -> dict:
    """An example's own dates, which its other formulas may use: `as_of` first, then
    `birth_date` (which may be written from as_of). Their problems are reported once, later."""
    own: dict = {}
    if not isinstance(case, dict):
        return own
    quiet = _Where(name, lines, Problems())
    as_of = quiet.data(case.get("as_of"), (i, "case", "as_of"), rules, own)
    if isinstance(as_of, str) and formulas.ISO_DATE.fullmatch(as_of):
        own["as_of"] = as_of
    person = case.get("person")
    birth = (
        quiet.data(person.get("birth_date"), (i, "case", "person"), rules, own) if isinstance(person, dict) else None
    )
    if isinstance(birth, str) and formulas.ISO_DATE.fullmatch(birth):
        own["birth_date"] = birth
    return own


def rules_of(year_dir: Path) -> dict:
    """Kind -> spec over every rule block of the year's notice (what formulas refer to)."""
    from . import load  # the package's loader, which checks the notice first

    return rules_in(load(int(year_dir.name), year_dir.parent))


def rules_in(notice) -> dict:
    """Kind -> spec over a parsed notice's rule blocks, as written (what formulas refer to)."""
    return {
        k: v
        for fence in notice.rules
        if isinstance(fence.data, dict)
        for k, v in fence.data.items()
        if k not in ("clause", "says")
    }


@dataclass
class _Where:
    """Works out the formulas of one file's examples, reporting bad ones at their line."""

    path: str
    lines: dict
    problems: Problems

    def data(self, value, key_path, rules, own=None):
        if isinstance(value, dict):
            return {
                self._key(k, key_path, rules, own): self.data(v, key_path + (k,), rules, own) for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.data(v, key_path + (n,), rules, own) for n, v in enumerate(value)]
        formula = formulas.whole(value)
        if formula is None and isinstance(value, str) and formulas.YEAR_AND_DAY.fullmatch(value.strip()):
            try:
                return formulas.day_of_year(value, rules, own).isoformat()
            except formulas.FormulaError as exc:
                self._bad(key_path, str(exc))
                return value
        if formula is None:
            if isinstance(value, str) and "{{" in value:
                self._bad(key_path, f'「{value}」：算式要單獨寫成一個值，如 "{{{{requirement.public}}}}"')
            return value
        try:
            return formulas.as_data(formulas.value(formula, rules, own))
        except formulas.FormulaError as exc:
            self._bad(key_path, str(exc))
            return value

    def _key(self, key, key_path, rules, own):
        """A key that is a formula (a year of `expect.years`: "{{make_up.years[0]}}") worked out."""
        if formulas.whole(key) is None:
            return key
        worked = self.data(key, key_path + (key,), rules, own)
        return worked if isinstance(worked, int | str) else key

    def words(self, text, key_path, rules, own=None):
        try:
            return formulas.fill(text, rules, own)
        except formulas.FormulaError as exc:
            self._bad(key_path, str(exc))
            return text

    def _bad(self, key_path, message):
        path = key_path
        while path and path not in self.lines:
            path = path[:-1]
        self.problems.add(self.path, self.lines.get(path, 1), message)


def differences(result: dict, expect: dict) -> list[str]:
    """What in `result` disagrees with `expect` (empty when it agrees), hours written as people
    read them (6.2, with the exact value only where the rounded ones look alike)."""
    out = []
    if "errors" in expect:
        got = {e["field"] for e in result.get("errors", [])}
        reported = "、".join(sorted(got)) or "無"
        return [f"errors: 缺少欄位 {f}（實際報告：{reported}）" for f in expect["errors"] if f not in got]
    if "errors" in result:
        return ["輸入被拒絕：" + "；".join(f"{e['field']}：{e['message']}" for e in result["errors"])]
    for key in ("status", "required_years", "still_possible"):
        if key in expect and result[key] != expect[key]:
            out.append(f"{key}: 期望 {_plain(expect[key])}，實際 {_plain(result[key])}")
    for subject, hours in expect.get("shortfall", {}).items():
        out += _hours(f"shortfall.{subject}", result["shortfall"][subject], hours)
    for key in ("years", "make_up_years"):
        if key in expect:
            out += _years(key, result[key], expect[key])
    for key in ("to_study", "closed"):
        if key in expect:
            out += _steps(key, result[key], expect[key])
    for clause in expect.get("clauses_include", []):
        if clause not in result["clauses"]:
            out.append(f"clauses: 缺少 {clause}（實際 {', '.join(result['clauses'])}）")
    noted = {n["clause"] for n in result["notes"]}
    for clause in expect.get("notes_include", []):
        if clause not in noted:
            out.append(f"notes: 沒有條款 {clause} 的說明（有說明的條款：{', '.join(sorted(noted)) or '無'}）")
    return out


def _years(key, got_years, want_years) -> list[str]:
    out = []
    if not want_years and got_years:
        out.append(f"{key}: 期望為空，實際有 {', '.join(sorted(got_years))} 年度")
    for year, row in want_years.items():
        got = got_years.get(str(year))
        if got is None:
            out.append(f"{key}.{year}: 結果中沒有這一年（實際 {', '.join(sorted(got_years)) or '無'}）")
            continue
        if "met" in row and got["met"] != row["met"]:
            out.append(f"{key}.{year}.met: 期望 {_plain(row['met'])}，實際 {_plain(got['met'])}")
        for subject in ("public", "professional"):
            for field, hours in row.get(subject, {}).items():
                out += _hours(f"{key}.{year}.{subject}.{field}", got[subject][field], hours)
    return out


def _steps(key, got, want) -> list[str]:
    """`to_study` / `closed`: the whole list in order; `by` and `clause` where written."""
    if len(got) != len(want):
        listed = "、".join(f"{i['year']}年度{_SUBJECT[i['subject']]} {_shown(i['hours'])}" for i in got) or "無"
        return [f"{key}: 期望 {len(want)} 項，實際 {len(got)} 項（{listed}）"]
    out = []
    for n, (g, w) in enumerate(zip(got, want, strict=False)):
        for field in ("year", "subject", "by", "clause"):
            if field in w and g.get(field) != w[field]:
                out.append(f"{key}[{n}].{field}: 期望 {w[field]}，實際 {g.get(field)}")
        out += _hours(f"{key}[{n}].hours", g["hours"], w["hours"])
    return out


_SUBJECT = {"public": "公需", "professional": "專業"}


def _hours(where, actual, expected) -> list[str]:
    if _same(actual, expected):
        return []
    want, got = _exact(expected), Fraction(actual).limit_denominator(10_000)
    shown_want, shown_got = _shown(want), _shown(got)
    if shown_want == shown_got:  # 2.2 against 2.2: say which 2.2 each is
        shown_want, shown_got = f"{shown_want}（{want}）", f"{shown_got}（{got}）"
    return [f"{where}: 期望 {shown_want}，實際 {shown_got}"]


def _shown(hours) -> str:
    """Hours as the site shows them: whole, or to one decimal place."""
    exact = Fraction(hours).limit_denominator(10_000)
    return str(exact.numerator) if exact.denominator == 1 else f"{float(exact):.1f}"


def _plain(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _exact(expected) -> Fraction:
    return Fraction(expected) if isinstance(expected, str) else Fraction(str(expected))


def _same(actual, expected) -> bool:
    """Exact for whole hours; for fractions, the JSON float must be the nearest to the exact value."""
    exact = _exact(expected)
    return actual == exact if exact.denominator == 1 else actual == float(exact)

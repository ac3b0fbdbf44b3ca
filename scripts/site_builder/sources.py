"""Everything the site needs of one year, read from policy_src/ and checked."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import notice_compiler
from calculator import check_or_errors
from calculator.policy import Policy
from notice_compiler import stale
from notice_compiler.examples import Example, differences, load_examples, rules_of
from notice_compiler.problems import CompileError, Problems
from notice_compiler.schema import read_file


@dataclass
class Year:
    year: int
    notice: notice_compiler.Notice
    rules: dict  # kind -> spec, merged over every rule block
    policy: Policy
    examples: list[Example]
    folder: Path

    def label(self, clause: str) -> str:
        """How people see the clause: the notice's own numbering (一(三)1, 一(四)末段)."""
        return self.policy.clause_labels[clause]

    def source(self, name: str) -> Path:
        return self.folder / name

    def shown(self, name: str) -> str:
        return notice_compiler.shown_path(self.folder / name)

    def example_anchor(self, example: Example) -> str:
        if example.id:
            return f"ex-{example.id}"
        stem = Path(example.path).stem.replace(".", "-")
        return f"ex-{stem}-{example.line}"


def load_years(policy_src: Path, generated: Path, preview: int | None = None) -> list[Year]:
    """Compile every year into `generated` and read the published ones, newest first;
    `preview` adds one draft year, as it would be published (make check-year)."""
    notice_compiler.compile_all(policy_src, generated)
    years = []
    shown = set(notice_compiler.published_years(policy_src)) | ({preview} if preview else set())
    for year in sorted(shown, reverse=True):
        notice = notice_compiler.load(year, policy_src)
        spec = importlib.util.spec_from_file_location(f"_site_notice_{year}", generated / f"notice_{year}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rules = {k: v for rule in module.RULES for k, v in rule.items() if k not in ("clause", "source")}
        folder = policy_src / str(year)
        policy = Policy.from_module(module)
        examples = load_examples(folder, notice_compiler.shown_path, rules)
        problems = Problems()  # both kinds at once: an officer sees everything in one run
        _examples_hold(examples, year, policy, problems)
        _no_leftovers(folder, rules, examples, policy_src, problems)
        if problems:
            raise CompileError(problems)
        years.append(Year(year, notice, rules, policy, examples, folder))
    return years


def _examples_hold(examples: list[Example], year: int, policy: Policy, problems: Problems) -> None:
    """A year whose worked examples do not give their stated results is not published:
    they are the FAQ's figures and the calculator's tests."""
    for example in examples:
        result = check_or_errors(example.case, policies={year: policy})  # as_of: required by the schema
        for difference in differences(result, example.expect):
            problems.add(example.path, example.line, f"算例的結果與 expect 不符：{difference}")


def load_yaml_list(year: Year, name: str, schema_name: str) -> tuple[list, dict]:
    """A YAML list file of the year, schema-checked; raises CompileError with path:line."""
    problems = Problems()
    data, lines = read_file(year.source(name), year.shown(name), schema_name, problems)
    if problems:
        raise CompileError(problems)
    return data, lines


# Hand-written files of a year, started from the year before (new_year.py copies them).
PROSE_FILES = ("faq.md", "interpretation.md")


def _no_leftovers(folder: Path, rules: dict, examples: list[Example], policy_src: Path, problems: Problems) -> None:
    """No figure of the previous year's rules, gone from this year's, written out in this
    year's FAQ, 口徑說明, example names or example-file headings (notice_compiler.stale)."""
    year = int(folder.name)
    earlier = [y for y in notice_compiler.years(policy_src) if y < year]
    if not earlier:
        return
    previous = max(earlier)
    gone = stale.Figures.of(rules_of(policy_src / str(previous)), _errata(policy_src / str(previous))).without(
        stale.Figures.of(rules, _errata(folder))
    )
    texts = [
        (notice_compiler.shown_path(folder / name), number, line)
        for name in PROSE_FILES
        if (folder / name).exists()
        for number, line in _prose_lines(folder / name)
    ]
    texts += [(ex.path, ex.line, ex.written_name) for ex in examples]
    for path in sorted(folder.glob("cases/*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]  # the heading of the examples page
        texts.append((notice_compiler.shown_path(path), 1, first))
    for path, number, text in texts:
        found = stale.leftovers(text, gone)
        if found:
            problems.add(path, number, stale.message(found, previous))
    _answers_of_removed_rules(folder, policy_src / str(previous), problems)


SECTION = re.compile(r"^##\s+.*\{#(?P<id>[a-z][a-z0-9-]*)\}\s*$")
CITED = re.compile(r"\[\[([0-9.]+)\]\]")


def _answers_of_removed_rules(folder: Path, before: Path, problems: Problems) -> None:
    """An answer that cites a clause whose rule block is gone this year (一(五)2 no longer
    exempting anyone), word for word as last year wrote it, states last year's rule."""
    removed = _rule_clauses(before) - _rule_clauses(folder)
    if not removed:
        return
    for name in PROSE_FILES:
        old = _sections(before / name)
        for qid, (line, text) in _sections(folder / name).items():
            cited = set(CITED.findall(text)) & removed
            if cited and old.get(qid, (0, None))[1] == text:
                shown = "、".join(sorted(cited))
                problems.add(
                    notice_compiler.shown_path(folder / name),
                    line,
                    f"這一節引用的條款 {shown} 在 {before.name} 年度有規則、本年度沒有了，這一節卻與 {before.name} 年度的一字不差："
                    "請按本年度的通知改寫（或刪去這一節）",
                )


def _errata(folder: Path) -> list[dict]:
    notice = notice_compiler.load(int(folder.name), folder.parent)
    return [f.data for f in notice.errata if isinstance(f.data, dict)]


def _rule_clauses(folder: Path) -> set[str]:
    notice = notice_compiler.load(int(folder.name), folder.parent)
    return {
        f.data["clause"] for f in notice.rules if isinstance(f.data, dict) and isinstance(f.data.get("clause"), str)
    }


def _sections(path: Path) -> dict[str, tuple[int, str]]:
    """A hand-written page's sections by anchor: (heading line, the section's text)."""
    if not path.exists():
        return {}
    out, current = {}, None
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        match = SECTION.match(line)
        if match:
            current = match.group("id")
            out[current] = (number, "")
        elif current:
            out[current] = (out[current][0], out[current][1] + line + "\n")
    return out


def _prose_lines(path: Path):
    """The lines of a hand-written page that readers read: not the ```example fences (an id)."""
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip().startswith("```"):
            in_fence = not in_fence
        elif not in_fence:
            yield number, line

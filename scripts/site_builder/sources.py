"""Everything the site needs of one year, read from policy_src/ and checked."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import notice_compiler
from calculator.policy import Policy
from notice_compiler.examples import Example, load_examples
from notice_compiler.problems import CompileError, Problems
from notice_compiler.schema import read_file

from . import words


@dataclass
class Year:
    year: int
    notice: notice_compiler.Notice
    rules: dict  # kind -> spec, merged over every rule block
    policy: Policy
    examples: list[Example]
    folder: Path
    closing: frozenset[str] = frozenset()  # clauses that close their parent unnumbered (words.closing_paragraphs)

    def source(self, name: str) -> Path:
        return self.folder / name

    def shown(self, name: str) -> str:
        return notice_compiler.shown_path(self.folder / name)

    def example_anchor(self, example: Example) -> str:
        if example.id:
            return f"ex-{example.id}"
        stem = Path(example.path).stem.replace(".", "-")
        return f"ex-{stem}-{example.line}"


def load_years(policy_src: Path, generated: Path) -> list[Year]:
    """Compile every year into `generated` and read the published ones, newest first."""
    notice_compiler.compile_all(policy_src, generated)
    years = []
    for year in sorted(notice_compiler.published_years(policy_src), reverse=True):
        notice = notice_compiler.load(year, policy_src)
        spec = importlib.util.spec_from_file_location(f"_site_notice_{year}", generated / f"notice_{year}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rules = {k: v for rule in module.RULES for k, v in rule.items() if k not in ("clause", "source")}
        folder = policy_src / str(year)
        years.append(Year(year, notice, rules, Policy.from_module(module), load_examples(folder, notice_compiler.shown_path), folder,
                          words.closing_paragraphs(notice)))
    return years


def load_yaml_list(year: Year, name: str, schema_name: str) -> tuple[list, dict]:
    """A YAML list file of the year, schema-checked; raises CompileError with path:line."""
    problems = Problems()
    data, lines = read_file(year.source(name), year.shown(name), schema_name, problems)
    if problems:
        raise CompileError(problems)
    return data, lines

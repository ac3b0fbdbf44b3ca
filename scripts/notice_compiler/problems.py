"""Authoring problems, each tied to a `path:line`, collected so that one run reports them all."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Problems:
    """Accumulates problems; the compiler writes nothing while any exist."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, message: str) -> None:
        self.items.append(Problem(path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(sorted(set(self.items)))


class CompileError(Exception):
    """Raised with every problem found, when a notice cannot be compiled."""

    def __init__(self, problems: Problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

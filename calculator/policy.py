"""A year's rules, read from its generated module (calculator/generated/notice_<year>.py).

The engine never sees a number of the notice except through a `Policy`: hours, dates,
ages and years all come from the rule blocks that the notice's Markdown carries.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from types import ModuleType

from .rule_kinds import REDUCTIONS, credit_of

SUBJECTS = ("public", "professional")


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    clause: str
    counts_toward: str | None = None  # "claimed", "public" or "professional"
    meets_in_full: str | None = None  # a subject deemed complete for the record's year
    only_if_person: str | None = None  # a yes/no circumstance the person must have
    only_if_purposes: tuple[str, ...] = ()
    fixed_hours: tuple[str, int] | None = None  # (subject, hours) credited for the record's year
    roster: str | None = None  # the roster's column word for a channel that takes no amount

    @property
    def takes_amount(self) -> bool:
        """Whether a record of this channel gives its hours or minutes (most do); one that
        meets a subject in full or counts a fixed number of hours takes none."""
        return credit_of(self).takes_amount

    @property
    def subject(self) -> str | None:
        """The one subject a record of this channel counts for, when it takes no amount."""
        return self.meets_in_full or (self.fixed_hours[0] if self.fixed_hours else None)


@dataclass(frozen=True)
class Circumstance:
    """A circumstance of the person that the year's rules read, as its rule block declares it
    (`asks`): the form's question, the roster's column and the results' words all come from here."""

    id: str
    kind: str  # "yes_no", "years" (a list of years) or "year" (one year)
    clause: str  # the clause whose rule block declares it
    question: str  # the form's question (ticked: yes)
    name: str  # the field's short name: error messages, the roster's column
    words: str  # how results and rule cards name the person who has it
    ask: str | None = None  # the year box's label (years and year kinds)
    roster: tuple[str, ...] = ()  # other headers a roster may give its column


@dataclass(frozen=True)
class Window:
    year: int
    start: date
    end: date
    clause: str


@dataclass(frozen=True)
class MakeUp:
    studied_in: int
    years: tuple[int, ...]
    clause: str


@dataclass(frozen=True)
class AgeTier:
    male: int
    female: int
    effect: str  # "not_limiting" or "one_year_of_recent"
    recent_years: int | None


@dataclass(frozen=True)
class Reduction:
    """One of the rules that reduce the years required by a circumstance (rule_kinds.REDUCTIONS)."""

    kind: str
    clause: str
    purposes: tuple[str, ...]
    spec: dict


@dataclass
class Policy:
    year: int
    status: str
    clauses: dict[str, str]  # id -> name, in the notice's order
    clause_labels: dict[str, str]  # id -> the notice's own numbering, as people see it: 一(三)1
    requirement: dict[str, int]  # subject -> hours a year
    requirement_clause: str
    window: Window | None = None
    make_up: MakeUp | None = None
    title_years: dict[str, tuple[int, ...]] = field(default_factory=dict)
    title_clause: str | None = None
    assessment_clause: str | None = None
    channels: dict[str, Channel] = field(default_factory=dict)
    minutes_per_hour: int | None = None
    conversion_clause: str | None = None
    age_tiers: tuple[AgeTier, ...] = ()
    age_clause: str | None = None
    age_purposes: tuple[str, ...] = ()
    reductions: tuple[Reduction, ...] = ()
    circumstances: dict[str, Circumstance] = field(default_factory=dict)  # id -> declaration, in the notice's order
    review_card: str | None = None
    errata: tuple[dict, ...] = ()

    @classmethod
    def load(cls, year: int) -> Policy:
        return cls.from_module(importlib.import_module(f"calculator.generated.notice_{year}"))

    @classmethod
    def from_module(cls, module: ModuleType) -> Policy:
        by_kind: dict[str, list[tuple[str, object]]] = {}
        for rule in module.RULES:
            for kind, spec in rule.items():
                if kind not in ("clause", "source"):
                    by_kind.setdefault(kind, []).append((rule["clause"], spec))

        def one(kind):
            return by_kind.get(kind, [(None, None)])[0]

        req_clause, req = one("requirement")
        policy = cls(
            year=module.YEAR,
            status=module.STATUS,
            clauses=dict(module.CLAUSES),
            clause_labels=dict(module.CLAUSE_LABELS),
            requirement={s: req[s] for s in SUBJECTS},
            requirement_clause=req_clause,
            errata=tuple(module.ERRATA),
        )
        clause, spec = one("window")
        if spec:
            policy.window = Window(
                spec["year"], date.fromisoformat(spec["from"]), date.fromisoformat(spec["to"]), clause
            )
        clause, spec = one("make_up")
        if spec:
            policy.make_up = MakeUp(spec["studied_in"], tuple(spec["years"]), clause)
        policy.title_clause, spec = one("title")
        policy.title_years = {level: tuple(v["years"]) for level, v in (spec or {}).items()}
        policy.assessment_clause, _ = one("assessment")
        for clause, spec in by_kind.get("channel", []):
            only_if = spec.get("only_if", {})
            policy.channels[spec["id"]] = Channel(
                spec["id"],
                spec["name"],
                clause,
                spec.get("counts_toward"),
                spec.get("meets_in_full"),
                only_if.get("person"),
                tuple(only_if.get("purposes", ())),
                (spec["fixed_hours"]["subject"], spec["fixed_hours"]["hours"]) if "fixed_hours" in spec else None,
                spec.get("roster"),
            )
        for clause, asks in by_kind.get("asks", []):
            for c in asks:
                policy.circumstances[c["id"]] = Circumstance(
                    c["id"],
                    c["kind"],
                    clause,
                    c["question"],
                    c["name"],
                    c["words"],
                    c.get("ask"),
                    tuple(c.get("roster", ())),
                )
        policy.conversion_clause, spec = one("conversion")
        policy.minutes_per_hour = spec["minutes_per_hour"] if spec else None
        policy.age_clause, spec = one("age")
        if spec:
            policy.age_purposes = tuple(spec["purposes"])
            policy.age_tiers = tuple(
                AgeTier(t["male"], t["female"], t["effect"], t.get("recent_years")) for t in spec["tiers"]
            )
        policy.reductions = tuple(
            Reduction(kind, clause, tuple(spec["purposes"]), spec)
            for rule in module.RULES
            for kind, spec in rule.items()
            if kind in REDUCTIONS
            for clause in [rule["clause"]]
        )
        _, spec = one("review_card")
        policy.review_card = spec["address"] if spec else None
        return policy

    def clause_of(self, field: str) -> str | None:
        """The clause whose rule reads the person's `field` (so the form links the right one)."""
        if field in ("sex", "birth_date"):
            return self.age_clause
        circumstance = self.circumstances.get(field)
        return circumstance.clause if circumstance else None

    def purpose_clause(self, purpose: str) -> str:
        if purpose == "title" and self.title_clause:
            return self.title_clause
        if purpose == "assessment" and self.assessment_clause:
            return self.assessment_clause
        return self.requirement_clause

    def clause_order(self, clause: str) -> int:
        return self._clause_ranks.get(clause, len(self.clauses))

    @cached_property
    def _clause_ranks(self) -> dict[str, int]:
        """Each clause's place in the notice, computed once: notes of every case sort by it."""
        return {clause: i for i, clause in enumerate(self.clauses)}


@lru_cache(maxsize=1)
def declared_by_every_year() -> dict[str, tuple[str, int]]:
    """Each circumstance that a compiled notice declares: id -> (its name, the latest such year)."""
    found: dict[str, tuple[str, int]] = {}
    for year in sorted(available()):
        module = importlib.import_module(f"calculator.generated.notice_{year}")
        found.update((c["id"], (c["name"], year)) for rule in module.RULES for c in rule.get("asks", ()))
    return found


def circumstances_of_every_year() -> frozenset[str]:
    """The ids of the circumstances that any compiled notice declares."""
    return frozenset(declared_by_every_year())


def available() -> dict[int, str]:
    """Compiled notices: year -> status."""
    from .generated import NOTICES

    return dict(NOTICES)

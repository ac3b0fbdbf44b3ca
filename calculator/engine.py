"""Evaluates a case against one year's rules and explains the result clause by clause.

Readings of unclear clauses follow docs/dev/contract.md ("How the 2025 notice is read"); every
number comes from the `Policy`, i.e. from the notice's rule blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache

from . import hours as H
from . import messages as M
from .case import Case, Record
from .policy import SUBJECTS, Policy
from .rule_kinds import NOT_LIMITING, NOT_REQUIRED, REDUCTIONS


@dataclass
class Explanation:
    """The clauses that shaped a result and the notes that say how; with `texts` false,
    the clauses only (a caller that shows no notes: a roster's table and its exports)."""

    rules: Rules
    texts: bool = True
    clauses: set[str] = field(default_factory=set)
    notes: list[tuple[int, bool, str, str]] = field(default_factory=list)

    def note(self, clause: str, key: str, **values) -> None:
        self.add(clause, False, M.text(key, **values) if self.texts else None)

    def record_note(self, clause: str, key: str, record: Record, **values) -> None:
        """A note about `record`, which it names as people wrote it (「2025年度 … 30學時」)."""
        self.noted((clause, key, values), record)

    def noted(self, note: tuple[str, str, dict], record: Record) -> None:
        """A note about `record` worked out beforehand: (clause, message key, values)."""
        clause, key, values = note
        if not self.texts:  # the clause only: most of a roster's records come here
            self.clauses.add(clause)
            return
        self.add(clause, True, M.text(key, record=self.label(record), **values))

    def label(self, record: Record) -> str:
        # Made only for the records that get a note: most records of a roster get none.
        return _label(
            record.year, self.rules.policy.channels[record.channel].name, record.subject, record.hours, record.minutes
        )

    def add(self, clause: str, about_record: bool, text: str | None) -> None:
        self.clauses.add(clause)
        if self.texts:
            self.notes.append((self.rules.rank[clause], about_record, clause, text))

    def ordered(self):
        """Notes in the notice's clause order; notes on records sorted by their text,
        so that the order in which records were entered never changes the result."""
        clauses = sorted(self.clauses, key=self.rules.rank.__getitem__)
        if not self.notes:
            return clauses, []
        plan = [n for n in self.notes if not n[1]]
        records = sorted(n for n in self.notes if n[1])
        notes = sorted(plan + records, key=lambda n: (n[0], n[1]))  # stable sort keeps both orders
        return clauses, [{"clause": c, "text": t} for _, _, c, t in notes]


@dataclass
class Plan:
    """Which years must be met, and whether all of them or any one."""

    years: list[int]
    any_one: bool = False
    status: str | None = None  # NOT_REQUIRED or NOT_LIMITING when a reduction decides


class Rules:
    """What the engine works out from a year's rules once for every case checked with them,
    not once per case or per record: a league's roster is 10,000 cases and 100,000 records
    under the same rules, whose records share their years and days (`rules_of`)."""

    MOST_REMEMBERED = 100_000  # (year, day) pairs; more are forgotten and worked out again

    def __init__(self, policy: Policy):
        self.policy = policy
        self.make_up_years = frozenset(policy.make_up.years) if policy.make_up else frozenset()
        self.rank = _Ranks(policy)  # clause -> its place in the notice
        # (year, studied_on) -> the Timing of a record claimed for that year, studied that day
        self.timings = _Memo(lambda key: _timing(*key, policy), most=self.MOST_REMEMBERED)
        # required year -> why its missing hours can no longer count (_closed_because)
        self.closed_because = _Memo(lambda year: _closed_because(year, policy))


class _Memo(dict):
    """key -> make(key), worked out when first asked for: a dict, so that a key seen before
    costs one look-up, not a call. With `most`, forgotten (and worked out again) past that many."""

    def __init__(self, make, most: int | None = None):
        super().__init__()
        self.make, self.most = make, most

    def __missing__(self, key):
        if self.most is not None and len(self) >= self.most:
            self.clear()
        found = self[key] = self.make(key)
        return found


class _Ranks(dict):
    """Clause -> its place in the notice (a clause the notice does not list: after them all)."""

    def __init__(self, policy: Policy):
        super().__init__((clause, policy.clause_order(clause)) for clause in policy.clauses)
        self.last = len(policy.clauses)

    def __missing__(self, clause: str) -> int:
        return self.last


_RULES: dict[int, Rules] = {}  # id(policy) -> its Rules, which keep the policy (so its id) alive
_MOST_RULES = 16  # more policies than there are notices: a caller that loads the rules again for each check


def rules_of(policy: Policy) -> Rules:
    """The Rules of `policy`, made when it is first checked with (a policy is not changed
    once loaded: calculator.policy builds it whole)."""
    rules = _RULES.get(id(policy))
    if rules is None or rules.policy is not policy:
        if len(_RULES) >= _MOST_RULES:
            _RULES.clear()
        rules = _RULES[id(policy)] = Rules(policy)
    return rules


def evaluate(case: Case, policy: Policy, display: bool = False, notes: bool = True, tables: bool = True) -> dict:
    """The result of `case`; `notes=False` leaves out its "notes" (every clause is still named),
    `tables=False` its per-year tables ("years", "make_up_years", and their display)."""
    rules = rules_of(policy)
    why = Explanation(rules, notes)
    plan = _plan(case, policy, why)
    if plan.status:
        return _result(plan.status, [], {}, dict.fromkeys(SUBJECTS, 0), why, display=display, tables=tables)
    why.clauses.add(policy.requirement_clause)  # the yearly minimums apply to every year checked
    # Make-up years the check does not need still show their own progress (make_up_years).
    extra = sorted(rules.make_up_years.intersection(r.year for r in case.records).difference(plan.years))
    credited, full = _credit(case, rules, plan.years, extra, why)
    years = {y: _row(y, policy, credited, full) for y in [*plan.years, *extra]}
    # (Compared first: most subjects are met, and subtracting a Fraction is slow.)
    missing = {y: {s: req - got if got < req else 0 for s, (req, got) in row.items()} for y, row in years.items()}
    met = [y for y in years if not any(missing[y].values())]
    focus = None
    if plan.any_one:
        status = "met" if set(met) & set(plan.years) else "not_met"
        if status == "met":
            gaps = {}
        else:
            # The one year to finish: the cheapest of those that can still be completed,
            # else the one closest to being met (the latest on a tie, CONTRACT reading 7).
            open_years = [y for y in plan.years if _open(y, case, policy)] or plan.years
            focus = min(open_years, key=lambda y: (sum(missing[y].values()), -y))
            gaps = {focus: missing[focus]}
    else:
        status = "met" if all(y in met for y in plan.years) else "not_met"
        gaps = {y: missing[y] for y in plan.years} if status == "not_met" else {}
    shortfall = {s: sum(m[s] for m in gaps.values()) for s in SUBJECTS}
    steps = _next_steps(gaps, case, rules, why)
    return _result(
        status,
        plan.years,
        {y: years[y] for y in plan.years},
        shortfall,
        why,
        met,
        display,
        plan.any_one,
        steps=steps,
        make_up_years={y: years[y] for y in extra},
        focus=focus,
        tables=tables,
    )


def _row(year, policy, credited, full):
    row = {}
    for subject in SUBJECTS:
        required = policy.requirement[subject]
        got = credited.get((year, subject), 0)
        if (year, subject) in full:
            got = max(got, required)
        row[subject] = (required, got)
    return row


# --- what can still be done, and by when (CONTRACT "What to do next") --------------


def _open(year: int, case: Case, policy: Policy) -> bool:
    """Whether hours for `year` studied on or after as_of can still count under this notice:
    the notice's own year and its make-up years, until the window's last day."""
    window, make_up = policy.window, policy.make_up
    if window and case.as_of > window.end:
        return False
    if year == policy.year:
        return True
    return bool(make_up and year in make_up.years and (window is None or make_up.studied_in == window.year))


def _next_steps(gaps, case, rules, why):
    """`to_study` and `closed` for the missing hours of `gaps` (year -> subject -> hours);
    one note per closed year, saying why in plain words (also returned, year -> text)."""
    policy = rules.policy
    window, make_up = policy.window, policy.make_up
    to_study, closed, reasons = [], [], {}
    for year in sorted(gaps):
        items = [(s, h) for s, h in gaps[year].items() if h > 0]
        if not items:
            continue
        clause = (
            make_up.clause
            if make_up and year in make_up.years
            else (window.clause if window else policy.requirement_clause)
        )
        if _open(year, case, policy):
            by = window.end.isoformat() if window else None
            to_study += [{"year": year, "subject": s, "hours": h, "by": by, "clause": clause} for s, h in items]
            continue
        closed += [{"year": year, "subject": s, "hours": h, "clause": clause} for s, h in items]
        reasons[year] = rules.closed_because[year]
        why.add(clause, False, reasons[year])
    return to_study, closed, reasons


def _closed_because(year: int, policy: Policy) -> str:
    """Why the missing hours of a required `year` can no longer count under this notice, in
    plain words (the same for every case: `_open` says when)."""
    window, make_up = policy.window, policy.make_up
    if year > policy.year:
        key, values = "closed.later_year", {}
    elif year != policy.year and not (make_up and year in make_up.years):
        key, values = (
            ("closed.not_make_up", {"studied_in": make_up.studied_in, "allowed": _years(make_up.years)})
            if make_up
            else ("closed.no_make_up", {"notice": policy.year})
        )
    elif year == policy.year:
        key, values = "closed.window_ended", {"end": M.day(window.end)}
    else:
        key, values = "closed.make_up_ended", {"end": M.day(window.end)}
    return M.text(key, year=year, **values)


def _result(
    status,
    required_years,
    years,
    shortfall,
    why,
    met=(),
    display=False,
    any_one=False,
    steps=((), (), {}),
    make_up_years=None,
    focus=None,
    tables=True,
):
    clauses, notes = why.ordered()
    to_study, closed, reasons = steps
    result = {
        "status": status,
        "required_years": list(required_years),
        "years": _json_years(years, met) if tables else None,
        "shortfall": {s: H.to_json(v) for s, v in shortfall.items()},
        "clauses": clauses,
        "notes": notes,
        "to_study": [{**i, "hours": H.to_json(i["hours"])} for i in to_study],
        "closed": [{**i, "hours": H.to_json(i["hours"])} for i in closed],
        "still_possible": not closed,
        "make_up_years": _json_years(make_up_years or {}, met) if tables else None,
    }
    if not why.texts:
        del result["notes"]
    if display:
        # Hours as people read them, from the exact fractions (never from the JSON floats):
        # credited rounded down, missing rounded up.
        result["display"] = {
            "years": _shown_years(years) if tables else None,
            "shortfall": {s: H.display_up(v) for s, v in shortfall.items()},
            "any_one": any_one,  # one of the years is enough (the age rule)
            "focus_year": focus,  # under the one-year rule: the year to_study/closed describe
            "to_study": [
                {"year": i["year"], "subject": i["subject"], "hours": H.display_up(i["hours"]), "by": i["by"]}
                for i in to_study
            ],
            "closed": [
                {
                    "year": i["year"],
                    "subject": i["subject"],
                    "hours": H.display_up(i["hours"]),
                    "why": reasons[i["year"]],
                }
                for i in closed
            ],
            "make_up_years": _shown_years(make_up_years or {}) if tables else None,
        }
    if not tables:  # left out, not emptied: the other keys keep their order
        for part in (result, result["display"]) if display else (result,):
            del part["years"], part["make_up_years"]
    return result


def _json_years(rows, met) -> dict:
    """Year -> each subject's required and credited hours as JSON numbers, and whether it is met."""
    shown = {}
    for year, row in rows.items():
        cells = {s: {"required": H.to_json(r), "credited": H.to_json(c)} for s, (r, c) in row.items()}
        cells["met"] = year in met
        shown[str(year)] = cells
    return shown


def _shown_years(rows) -> dict:
    """Year -> each subject's required and credited hours as people read them."""
    return {
        str(y): {s: {"required": H.display(r), "credited": H.display(c)} for s, (r, c) in row.items()}
        for y, row in rows.items()
    }


# --- which years: the purpose, then every reduction that fits ---------------------


def _plan(case: Case, policy: Policy, why: Explanation) -> Plan:
    req = policy.requirement
    if case.purpose == "annual":
        why.note(policy.requirement_clause, "plan.annual", year=policy.year, **req)
        return Plan([policy.year])
    if case.purpose == "assessment":
        why.note(policy.purpose_clause("assessment"), "plan.assessment", years=_years(case.assessment_years), **req)
        return Plan(list(case.assessment_years))
    base = list(policy.title_years[case.level])
    why.note(policy.title_clause, "plan.title", level=M.LEVEL[case.level], years=_years(base), **req)
    plan = Plan(base)
    effects: set[str] = set()
    _age(case, policy, plan, effects, why)
    for rule in policy.reductions:
        if case.purpose in rule.purposes:
            REDUCTIONS[rule.kind].apply(case, policy, rule, plan, effects, why.note)
    if not plan.years and NOT_REQUIRED not in effects:
        why.note(policy.title_clause, "reduce.none_left")
        effects.add(NOT_REQUIRED)
    # CONTRACT reading 13: not_required outranks not_limiting, which outranks the rest.
    if NOT_REQUIRED in effects:
        plan.status = NOT_REQUIRED
    elif NOT_LIMITING in effects:
        plan.status = NOT_LIMITING
    return plan


def _age(case, policy, plan, effects, why):
    if case.purpose not in policy.age_purposes:
        return
    age = _age_on(case.person.birth_date, case.as_of)
    for tier in policy.age_tiers:
        threshold = getattr(tier, case.person.sex)
        if age < threshold:
            continue
        values = {
            "as_of": case.as_of.isoformat(),
            "age": age,
            "sex": M.SEX[case.person.sex],
            "threshold": threshold,
            "purpose": M.PURPOSE["title"],
        }
        if tier.effect == NOT_LIMITING:
            effects.add(NOT_LIMITING)
            why.note(policy.age_clause, "reduce.age.not_limiting", **values)
        else:
            recent = list(range(policy.year - tier.recent_years + 1, policy.year + 1))
            plan.years, plan.any_one = recent, True
            why.note(
                policy.age_clause, "reduce.age.one_year_of_recent", n=tier.recent_years, years=_years(recent), **values
            )
        return


def _age_on(birth: date, day: date) -> int:
    """Whole years on `day`; a 29 February birthday is reached on 1 March in common years."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- what each record counts for ---------------------------------------------------


def _credit(case: Case, rules: Rules, needed: list[int], make_up_only: list[int], why: Explanation):
    """Hours credited per (year, subject), and the (year, subject) pairs met in full; for the
    years `needed`, and for the make-up years `make_up_only` that only show their progress."""
    policy = rules.policy
    credited: dict[tuple[int, str], int | Fraction] = {}
    minutes: dict[tuple[int, str], int | Fraction] = {}  # of records given in minutes
    full: set[tuple[int, str]] = set()
    purpose_clause = policy.purpose_clause(case.purpose)
    for record in case.records:
        channel = policy.channels[record.channel]
        if record.year in make_up_only:
            why.record_note(purpose_clause, "record.make_up_only", record, year=record.year)
        elif record.year not in needed:
            why.record_note(purpose_clause, "record.not_needed", record, year=record.year)
            continue
        why.clauses.add(channel.clause)
        timing = rules.timings[record.year, record.studied_on]
        if timing.note:
            why.noted(timing.note, record)
        if not timing.counts:
            continue
        if (channel.only_if_person or channel.only_if_purposes) and not _condition_met(
            case, policy, channel, record, why
        ):
            continue
        if not channel.takes_amount:  # a certificate: a subject met in full, or fixed hours of it
            subject, fixed = channel.subject, channel.fixed_hours
            if fixed:
                credited[record.year, subject] = credited.get((record.year, subject), 0) + fixed[1]
            else:
                full.add((record.year, subject))
            why.record_note(
                channel.clause,
                "record.fixed_hours" if fixed else "record.meets_in_full",
                record,
                channel=channel.name,
                year=record.year,
                subject=M.SUBJECT[subject],
                hours=fixed[1] if fixed else None,
            )
            continue
        subject = record.subject if channel.counts_toward == "claimed" else channel.counts_toward
        if subject != record.subject:
            why.record_note(channel.clause, "record.moved", record, channel=channel.name, subject=M.SUBJECT[subject])
        key = (record.year, subject)
        if record.minutes is None:
            credited[key] = credited.get(key, 0) + record.hours
            continue
        if why.texts:  # half a roster's records are in minutes: their hours are worked out for the note only
            hours = _in_hours(record.minutes, policy.minutes_per_hour)
            why.record_note(
                policy.conversion_clause,
                "record.minutes",
                record,
                minutes=H.display(record.minutes),
                per_hour=policy.minutes_per_hour,
                hours=H.display(hours),
            )
        else:
            why.clauses.add(policy.conversion_clause)
        minutes[key] = minutes.get(key, 0) + record.minutes
    # Minutes are added up as minutes and made hours once per year and subject, with the
    # hours of the same year and subject: (hours x per_hour + minutes) / per_hour, one exact
    # fraction, the same sum as adding each record's fraction of an hour one by one.
    per_hour = policy.minutes_per_hour
    for key, total in minutes.items():
        credited[key] = _in_hours(credited.get(key, 0) * per_hour + total, per_hour)
    return credited, full


@lru_cache(maxsize=4096)
def _in_hours(minutes: int | Fraction, per_hour: int) -> int | Fraction:
    return H.exact(Fraction(minutes) / per_hour)


@dataclass(frozen=True, slots=True)
class Timing:
    """Whether a record's study counts for its year, by when it was studied, and the note
    that says why (clause, message key, values: all but the record's own label), if any."""

    counts: bool
    note: tuple[str, str, dict] | None = None


def _timing(year: int, studied: date | None, policy: Policy) -> Timing:
    """The window for the notice's own year; make-up for earlier years, inside the same
    window (CONTRACT readings 3, 4); a later year's hours follow that year's notice.
    Depends on the record's year and day only: Rules.timings works it out once for each pair."""
    window, make_up = policy.window, policy.make_up
    if year > policy.year:
        return Timing(False, (policy.requirement_clause, "record.later_year", {"year": year}))
    if studied is None:
        return Timing(True)
    if window and year == window.year:
        if window.start <= studied <= window.end:
            return Timing(True)
        return Timing(
            False,
            (
                window.clause,
                "record.outside_window",
                {
                    "year": year,
                    "start": window.start.isoformat(),
                    "end": window.end.isoformat(),
                    "studied": studied.isoformat(),
                    "errata": _errata(policy, window.clause),
                },
            ),
        )
    if studied.year == year:
        return Timing(True)
    if make_up and studied.year == make_up.studied_in:
        if year in make_up.years:
            if window and window.year == make_up.studied_in and not window.start <= studied <= window.end:
                return Timing(
                    False,
                    (
                        make_up.clause,
                        "record.make_up_outside_window",
                        {
                            "year": year,
                            "year_of_window": window.year,
                            "start": M.day(window.start),
                            "end": M.day(window.end),
                            "studied": M.day(studied),
                        },
                    ),
                )
            return Timing(True, (make_up.clause, "record.make_up", {"studied_in": make_up.studied_in, "year": year}))
        return Timing(
            False,
            (
                make_up.clause,
                "record.make_up_refused",
                {
                    "studied_in": make_up.studied_in,
                    "allowed": _years(make_up.years),
                    "studied_year": studied.year,
                    "year": year,
                },
            ),
        )
    return Timing(False, (policy.requirement_clause, "record.other_year", {"studied_year": studied.year, "year": year}))


def _errata(policy: Policy, clause: str) -> str:
    """What the notice misprints in `clause` and how it is read, as a note adds it."""
    return "".join(
        M.text("record.erratum", says=e["says"], reads=e["reads"]) for e in policy.errata if e["clause"] == clause
    )


def _condition_met(case, policy, channel, record, why) -> bool:
    person_ok = channel.only_if_person is None or case.person.fact(channel.only_if_person)
    purpose_ok = not channel.only_if_purposes or case.purpose in channel.only_if_purposes
    if person_ok and purpose_ok:
        return True
    parts = []
    if channel.only_if_person:
        parts.append(policy.circumstances[channel.only_if_person].words)
    parts.extend(M.PURPOSE[p] for p in channel.only_if_purposes)
    why.record_note(
        channel.clause,
        "record.condition",
        record,
        channel=channel.name,
        condition=M.TEMPLATES["condition.join"].join(parts),
    )
    return False


# The same record recurs across the people of a roster; a league's 100,000 records hold a
# few tens of thousands of different ones (year x channel x subject x amount), so the
# cache is made big enough for them, else it would be flushed before anything recurs.
@lru_cache(maxsize=1 << 16)
def _label(year: int, channel_name: str, subject: str | None, hours, minutes) -> str:
    """A record as people wrote it: 「2025年度 繼續教育基地及網絡平臺培訓 公需科目30學時」."""
    shown_subject = M.SUBJECT.get(subject, "")
    if hours is not None:
        amount = M.text("amount.hours", subject=shown_subject, hours=H.display(hours))
    elif minutes is not None:
        amount = M.text("amount.minutes", subject=shown_subject, minutes=H.display(minutes))
    else:
        amount = M.text("amount.none", subject=shown_subject)
    return M.text("record", year=year, channel=channel_name, amount=amount).replace(" 」", "」")


def _years(years) -> str:
    return M.TEMPLATES["list.join"].join(str(y) for y in years)

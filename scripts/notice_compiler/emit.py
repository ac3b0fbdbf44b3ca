"""Writes a compiled notice as a plain Python module of constants (deterministic bytes)."""

from __future__ import annotations

from pprint import pformat

from .labels import labels
from .source import Notice

HEADER = """\
# Generated from {path} by scripts/compile.py. Do not edit:
# change the notice's Markdown and run `make compile`.
"""


def module_text(notice: Notice) -> str:
    front = notice.front
    out = [HEADER.format(path=notice.path)]
    out.append(f'"""Rules of the {front["year"]} notice: {front["title"]}"""\n')
    for name, key in (
        ("YEAR", "year"),
        ("STATUS", "status"),
        ("TITLE", "title"),
        ("ISSUER", "issuer"),
        ("ISSUED", "issued"),
    ):
        out.append(f"{name} = {front[key]!r}")
    out.append("\n# Clause id -> the clause's own name, in the notice's order.")
    out.append("CLAUSES = {")
    for block in notice.clause_blocks():
        out.append(f"    {block.clause!r}: {block.clause_title!r},")
    out.append("}\n")
    out.append("# Clause id -> how people see it: the notice's own numbering (一(三)1, 一(四)末段).")
    out.append("CLAUSE_LABELS = {")
    for clause, label in labels(notice).items():
        out.append(f"    {clause!r}: {label!r},")
    out.append("}\n")
    out.append("# One entry per rule block, stamped with where it was written.")
    out.append("RULES = [")
    for fence in notice.rules:
        out.append(_entry(notice.path, fence.line, fence.data))
    out.append("]\n")
    out.append("# Defects of the published text, and how this site reads them.")
    out.append("ERRATA = [")
    for fence in notice.errata:
        clause = notice.segments[fence.segment].clause
        out.append(_entry(notice.path, fence.line, {"clause": clause, **fence.data}))
    out.append("]")
    return "\n".join(out) + "\n"


def _entry(path: str, line: int, data: dict) -> str:
    entry = {"clause": data.get("clause"), "source": f"{path}:{line}"}
    entry.update((k, v) for k, v in data.items() if k != "clause")
    body = pformat(entry, width=96, sort_dicts=False, indent=1)
    return "\n".join("    " + row for row in body.splitlines()) + ","

"""The calculator's and the roster's pages as Jinja templates: Markdown front matter, then HTML.

Every value is escaped for HTML once, by the template; a value that is already HTML, or is
not HTML at all (the front matter's JSON), comes in as markupsafe.Markup.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent),
    autoescape=True,  # every template here writes HTML
    undefined=StrictUndefined,  # a misspelt name stops the build instead of writing nothing
    keep_trailing_newline=True,
)


def render(name: str, **values) -> str:
    return _ENVIRONMENT.get_template(name).render(**values)

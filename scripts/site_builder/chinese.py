"""Traditional (as the notice is written) to Simplified Chinese, with OpenCC."""

from __future__ import annotations

from functools import cache

SCRIPTS = ("hans", "hant")


@cache
def _converter():
    import opencc  # imported here: only the build needs it, never the engine

    return opencc.OpenCC("t2s")


def to_script(text: str, script: str) -> str:
    """`text` (Traditional) in the given script: "hant" leaves it, "hans" converts it."""
    if script not in SCRIPTS:
        raise ValueError(f"unknown script {script!r}; expected one of {SCRIPTS}")
    return _converter().convert(text) if script == "hans" else text

"""The two ways Chinese is written here (hant: Traditional, as the notice is; hans: Simplified),
and Simplified Chinese for the engine's texts, through a generated character table
(calculator/generated/hans.py, made with OpenCC at compile time): the browser has no OpenCC."""

from __future__ import annotations

from functools import lru_cache

SCRIPTS = ("hant", "hans")


# The same few texts recur across a roster's 10,000 results (why a year is closed, the
# notices' clause names), and translating one character by character is slow.
@lru_cache(maxsize=4096)
def to_hans(text: str) -> str:
    from .generated.hans import TABLE

    return text.translate(TABLE)


def in_script(items: list[dict], key: str, script: str) -> list[dict]:
    """`items` with their `key` text in `script` ("hant" leaves them as written)."""
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}, not {script!r}")
    if script == "hant":
        return items
    return [{**item, key: to_hans(item[key])} for item in items]

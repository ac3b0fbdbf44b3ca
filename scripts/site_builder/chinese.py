"""Traditional (as the notice is written) to Simplified Chinese, with OpenCC; and the
character table the search uses to find a query typed in the other script."""

from __future__ import annotations

import json
import re
from functools import cache

SCRIPTS = ("hans", "hant")

# Simplified forms that the Traditional sources carry where a Traditional text writes another
# character: the notice reached us through a converter that left them (「關于」「不少于」), and
# the site's own words copied it. OpenCC's Simplified-to-Traditional conversion decides, word
# by word, where each one becomes 於, 後, 並 (and keeps a surname 于 or a queen's 后); it is
# taken only at these characters, because over a whole Traditional text it also turns correct
# characters into rarer ones (考核 into 考覈, 折合 into 摺合).
LEFT_SIMPLIFIED = frozenset("于后并")

# Code shows what an officer types into a source file: kept byte for byte.
_CODE = re.compile(r"^(?:```|~~~).*?^(?:```|~~~)[^\n]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


@cache
def _converter(config: str = "t2s"):
    import opencc  # imported here: only the build needs it, never the engine

    return opencc.OpenCC(config)


def to_script(text: str, script: str) -> str:
    """`text` (Traditional) in the given script: "hans" converts it; "hant" keeps it, but for
    the Simplified forms left in it (LEFT_SIMPLIFIED)."""
    if script not in SCRIPTS:
        raise ValueError(f"unknown script {script!r}; expected one of {SCRIPTS}")
    if script == "hans":
        return _converter().convert(text)
    if not LEFT_SIMPLIFIED.intersection(text):
        return text
    out, end = [], 0
    for code in _CODE.finditer(text):
        out += [_traditional(text[end : code.start()]), code.group()]
        end = code.end()
    out.append(_traditional(text[end:]))
    return "".join(out)


def _traditional(text: str) -> str:
    if not LEFT_SIMPLIFIED.intersection(text):
        return text
    converted = _converter("s2t").convert(text)
    if len(converted) != len(text):  # OpenCC maps character to character; never guess otherwise
        return text
    return "".join(b if a in LEFT_SIMPLIFIED else a for a, b in zip(text, converted, strict=True))


def search_table() -> dict[str, str]:
    """For each script, the characters of the other script that a reader may type and the
    character this script writes for each, as one string of pairs ("補补學学…" for "hans"):
    docs/assets/search-on-demand.js converts a query with it before Material's search reads it.
    Every character of Unicode's main CJK block that OpenCC converts on its own, so the table
    does not depend on the pages' words and a new notice needs no new table."""
    pairs: dict[str, list[str]] = {"hans": [], "hant": []}
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        for script, config in (("hans", "t2s"), ("hant", "s2t")):
            other = _converter(config).convert(char)
            if len(other) == 1 and other != char:
                pairs[script].append(char + other)
    return {script: "".join(items) for script, items in pairs.items()}


def search_table_json() -> str:
    """docs/assets/search-script.json as it should be (tests/test_search_script.py checks it)."""
    return json.dumps(search_table(), ensure_ascii=False, indent=0) + "\n"

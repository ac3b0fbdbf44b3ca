"""The character table the search converts a query with (docs/assets/search-script.json) is
OpenCC's, as scripts/site_builder/chinese.py makes it, and finds each script's words from the
other's."""

from __future__ import annotations

import json
from pathlib import Path

from site_builder.chinese import search_table_json

TABLE = Path(__file__).resolve().parents[1] / "docs" / "assets" / "search-script.json"


def test_the_table_is_current():
    assert TABLE.read_text(encoding="utf-8") == search_table_json(), (
        "docs/assets/search-script.json is not OpenCC's table: write it again with "
        "`.venv/bin/python -c 'from site_builder.chinese import search_table_json as t; "
        'open("docs/assets/search-script.json", "w", encoding="utf-8").write(t())\'`'
    )


def pairs(script: str) -> dict[str, str]:
    chars = json.loads(TABLE.read_text(encoding="utf-8"))[script]
    return dict(zip(chars[::2], chars[1::2], strict=True))


def test_a_query_in_the_other_script_reads_as_the_pages_write_it():
    to_simplified, to_traditional = pairs("hans"), pairs("hant")
    assert "".join(to_simplified.get(c, c) for c in "補學時") == "补学时"
    assert "".join(to_traditional.get(c, c) for c in "补学时") == "補學時"

"""The entry point the browser page calls through Pyodide: JSON text in, JSON text out."""

from __future__ import annotations

import json
from datetime import date

from . import check_or_errors


def run(case_json: str, today: str, script: str = "hans") -> str:
    """The result (with display hours) or the errors, for the page's current form."""
    result = check_or_errors(json.loads(case_json), date.fromisoformat(today), script=script, display=True)
    return json.dumps(result, ensure_ascii=False)

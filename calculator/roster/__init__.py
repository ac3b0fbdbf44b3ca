"""A unit's roster (附件1 花名冊) checked at once: every person's result, as the calculator
gives it for one case (docs/dev/contract.md, "A unit's roster").

    from calculator import roster
    report = roster.check_file(data, "花名冊.xlsx", today=date.today())
    roster.to_xlsx(report)  # results and errors, ID numbers masked

The engine never imports this package. Spreadsheets are read with python-calamine and
written with XlsxWriter, both imported only when a file is read or written, so that
`import calculator` stays standard-library only (pip install 'alxa-ce-calculator[roster]').
"""

from __future__ import annotations

from .export import to_csv, to_xlsx
from .problems import RosterError
from .report import case_of_row, check_file, check_sizes, forget, full_report, full_result
from .template import template_csv, template_xlsx

__all__ = [
    "RosterError",
    "case_of_row",
    "check_file",
    "check_sizes",
    "forget",
    "full_report",
    "full_result",
    "template_csv",
    "template_xlsx",
    "to_csv",
    "to_xlsx",
]

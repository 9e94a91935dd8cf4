"""CSV that a spreadsheet opens as data: the one CSV writer of the entity report and the catalogue.

Names, titles and mentions come from documents and registers we did not write; a cell that starts
like a formula (OWASP "CSV injection": ``=HYPERLINK(...)``) must stay text when a spreadsheet opens it.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell) -> object:
    """``cell`` with a leading ``'`` when a spreadsheet would take it for a formula (numbers stay numbers)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """``rows`` as CSV text (one line each, ``\\n`` ends), every cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()

"""A table as CSV and as JSON, value by value.

CSV stays UTF-8 with a byte-order mark: Excel and WPS (what most readers of a Chinese
ledger open a CSV with) take a file without one for the local code page (GBK) and show
mojibake; Python (`utf-8-sig`), pandas, R, DuckDB, LibreOffice and Frictionless read the
mark and drop it. Booleans are written `true`/`false` (Table Schema's default true/false
values), empty cells mean "no value", dates are ISO 8601. A text cell that a spreadsheet would
run as a formula (= + - @ first) is written with a leading ' (minyi.spreadsheet), as by
`minyi list --format csv`; JSON and SQLite keep the raw text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

from minyi.spreadsheet import BOM, inert

from ..render import num
from .tables import Table

CHUNK = 1000  # rows per piece: a 100,000-row CSV is written as it is produced


def cell(value, type_: str = "string") -> str:
    """One CSV cell; a text cell that would start a spreadsheet formula gets a leading '
    (minyi.spreadsheet), a number (-2 in an integer column) stays a number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(num(value))
    return inert(text) if type_ == "string" else text


def csv_chunks(table: Table) -> Iterator[str]:
    """The table as CSV, header first, a piece per thousand rows."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow([c.name for c in table.columns])
    yield BOM
    for i, row in enumerate(table.rows(), 1):
        out.writerow([cell(c.get(row), c.type) for c in table.columns])
        if i % CHUNK == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def plain(value):
    """One JSON (or SQL) value: dates as ISO text, numbers as the clerk wrote them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return num(value)


def json_rows(table: Table) -> list[dict]:
    """The table as a list of objects, one per row, keys in column order, typed values."""
    return [{c.name: plain(c.get(row)) for c in table.columns} for row in table.rows()]


def json_text(table: Table) -> str:
    return json.dumps(json_rows(table), ensure_ascii=False, indent=1) + "\n"

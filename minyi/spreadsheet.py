"""A text cell that a spreadsheet shows as text and never runs as a formula.

Excel, WPS and LibreOffice read a cell that starts with = + - @ (or a tab or carriage
return before one; the full-width ＝ ＋ － ＠ too in some locales) as a formula: a record title
`=HYPERLINK("http://…","点此")` would become a live link in a reader's copy of the ledger.
Such a text gets a leading apostrophe, which the spreadsheet hides and reads as "this is text".
Used, with the byte-order mark (BOM), for every CSV the ledger writes: `minyi list --format
csv`, `minyi report --format csv` and the site's open data (text columns only; numbers
such as -2 stay numbers, and JSON and SQLite keep the raw text).
"""

from __future__ import annotations

import re

# UTF-8 byte-order mark opening every CSV: without it Excel and WPS read the file as GBK
# and show the Chinese as mojibake (site_gen/exports/formats.py explains).
BOM = "\ufeff"
_FORMULA = re.compile("^[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]")


def inert(text: str) -> str:
    """`text`, prefixed with ' when a spreadsheet would take it for a formula."""
    return "'" + text if _FORMULA.match(text) else text

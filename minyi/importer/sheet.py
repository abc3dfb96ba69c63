"""Read a clerk's spreadsheet (.xlsx through openpyxl, or .csv) into plain rows, within limits.

A file from outside is read as untrusted data: its size is bounded before anything is
parsed (an .xlsx is a zip, so its unpacked size is checked too: a small file may unpack
to gigabytes), at most MAX_ROWS rows and MAX_COLS columns are read, and a formula is
kept as a `Formula` (its text, never its cached result) so the caller can refuse it:
=HYPERLINK(...) in a record would become a live link in every opened CSV download.
CSV files come from Excel in UTF-8 (with or without BOM) or, on Chinese Windows, GB18030.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20_000_000
MAX_UNPACKED = 200_000_000
MAX_ROWS = 20_000
MAX_COLS = 60
ENCODINGS = ("utf-8-sig", "gb18030")


class Formula(str):
    """A cell that holds a formula: its text, starting with '='."""


class SheetError(Exception):
    """The file cannot be read at all; `variant` and `facts` are the catalogue's import-file words."""

    def __init__(self, variant: str | None, **facts):
        super().__init__(variant or "unreadable")
        self.variant = variant
        self.facts = facts


@dataclass(frozen=True)
class Sheet:
    rows: list[tuple[int, tuple]]  # (row number in the file, cell values), empty rows left out
    encoding: str = ""  # for CSV: the encoding it was read in


def column_letter(index: int) -> str:
    """1 → A, 27 → AA: how a clerk names a column."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SheetError("missing", why=exc.strerror or "无法读取") from None
    if size > MAX_BYTES:
        raise SheetError("too-large", size=size, limit=MAX_BYTES)


def _kept(values) -> tuple | None:
    """The row's values up to its last non-empty cell; None for a blank row or one that is too wide."""
    values = list(values)
    while values and (values[-1] is None or (isinstance(values[-1], str) and not values[-1].strip())):
        values.pop()
    return tuple(values) if values else None


def _too_long(count: int) -> None:
    if count > MAX_ROWS:
        raise SheetError("too-many-rows", limit=MAX_ROWS)


def _xlsx_cell(cell):
    value = cell.value
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=") and len(value) > 1):
        return Formula(str(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def read_xlsx(path: Path, sheet_name: str | None = None) -> Sheet:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise SheetError("too-large", size=unpacked, limit=MAX_UNPACKED)
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except SheetError:
        raise
    except Exception as exc:  # a damaged or disguised file: any parser error means "cannot read"
        raise SheetError(None, why=type(exc).__name__) from None
    try:
        if sheet_name is not None and sheet_name not in book.sheetnames:
            raise SheetError("no-sheet", sheet=sheet_name, sheets="、".join(book.sheetnames))
        ws = book[sheet_name] if sheet_name is not None else book.worksheets[0]
        rows = []
        for number, cells in enumerate(ws.iter_rows(max_col=MAX_COLS), start=1):
            kept = _kept(_xlsx_cell(c) for c in cells)
            if kept:  # blank rows (formatting only) do not count; the unpacked size bounds them
                rows.append((number, kept))
                _too_long(len(rows))
        return Sheet(rows)
    except SheetError:
        raise
    except Exception as exc:
        raise SheetError(None, why=type(exc).__name__) from None
    finally:
        book.close()


def _decode(raw: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SheetError("encoding")


def _csv_cell(value: str):
    value = value.strip()
    return Formula(value) if value.startswith("=") and len(value) > 1 else value  # Excel would run it


def read_csv(path: Path) -> Sheet:
    text, encoding = _decode(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for number, values in enumerate(reader, start=1):
            kept = _kept(_csv_cell(v) for v in values[:MAX_COLS])
            if kept:
                rows.append((number, kept))  # a record, as Excel numbers its rows (quoted newlines included)
                _too_long(len(rows))
    except csv.Error as exc:
        raise SheetError(None, why=str(exc)) from None
    return Sheet(rows, encoding)


def read(path: Path, sheet_name: str | None = None) -> Sheet:
    """The rows of an .xlsx or .csv file; SheetError when it cannot be read."""
    _check_size(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path, sheet_name)
    if suffix == ".csv":
        return read_csv(path)
    raise SheetError("format", suffix=suffix or "（无扩展名）")

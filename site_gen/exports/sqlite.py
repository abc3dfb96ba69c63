"""data/minyi.sqlite: the whole ledger as one SQLite database, for SQL, Datasette and DuckDB.

Built with the standard library's sqlite3 (no new dependency): a table per published table
(exports/tables.py, so the columns are the CSVs' columns), `fields` with every column's
meaning, `about` with the data date and settings the formulas need, and the published
formulas as views (exports/queries.py). Booleans are 1/0 (SQLite has no boolean type),
dates ISO text. The database is built with a fixed page size and vacuumed, so the same
ledger and date give the same bytes (the site's build is deterministic).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .formats import plain
from .tables import Table

SQL_TYPES = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
PAGE_SIZE = 4096
CHUNK = 1 << 20


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _value(value):
    """A Python value as SQLite stores it."""
    if isinstance(value, bool):
        return int(value)
    return plain(value)


def _create(con: sqlite3.Connection, table: Table) -> None:
    columns = [f"{_name(c.name)} {SQL_TYPES.get(c.type, 'TEXT')}" for c in table.columns]
    if table.key:
        columns.append(f"PRIMARY KEY ({', '.join(map(_name, table.key))})")
    con.execute(f"CREATE TABLE {_name(table.name)} ({', '.join(columns)})")
    marks = ", ".join("?" for _ in table.columns)
    con.executemany(
        f"INSERT INTO {_name(table.name)} VALUES ({marks})",
        (tuple(_value(c.get(row)) for c in table.columns) for row in table.rows()),
    )


def _describe(con: sqlite3.Connection, tables: list[Table], about: dict[str, str]) -> None:
    con.execute(
        "CREATE TABLE fields (table_name TEXT, name TEXT, type TEXT, description TEXT, PRIMARY KEY (table_name, name))"
    )
    con.executemany(
        "INSERT INTO fields VALUES (?, ?, ?, ?)",
        [(t.name, c.name, c.type, c.description) for t in tables for c in t.columns],
    )
    con.execute("CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT)")
    con.executemany("INSERT INTO about VALUES (?, ?)", sorted(about.items()))


def database(tables: list[Table], about: dict[str, str], views: dict[str, str]) -> Iterator[bytes]:
    """The database file, in pieces. It is built in a temporary file, not in memory: at 100,000
    suggestions it holds hundreds of megabytes, which need not sit in the build's memory."""
    with tempfile.TemporaryDirectory(prefix="minyi-sqlite-") as tmp:
        path = Path(tmp) / "minyi.sqlite"
        con = sqlite3.connect(path)
        try:
            for pragma in (f"page_size = {PAGE_SIZE}", "journal_mode = OFF", "synchronous = OFF"):
                con.execute(f"PRAGMA {pragma}")  # a scratch file: rebuilt, never recovered
            for table in tables:
                _create(con, table)
            _describe(con, tables, about)
            for name, sql in views.items():
                con.execute(f"CREATE VIEW {_name(name)} AS\n{sql}")
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

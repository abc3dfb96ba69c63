"""One on-disk cache that makes repeated runs cheap; never a source of truth, never code.

Why it looks like this: a cache a pull request can plant is a way to run code on CI
and on every clerk's machine (a pickle is a program). So the cache
- holds plain JSON values in one SQLite file, read with `json.loads` and nothing else;
- lives where a checkout cannot put files: inside the git directory, else the user's
  cache folder; a `.minyi-cache/` folder in the working tree is never looked at;
- is tagged with the validator's code and schemas: a different tag empties it;
- is checked for its exact table layout, and a file that is not what we wrote
  (corrupt, truncated, foreign) is deleted and rebuilt; a cache we cannot write
  simply means running without one.
Callers key entries by content (file digests, commit ids), never by size or time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

from . import resources

HERE = Path(__file__).resolve().parent
SCHEMA_VERSION = "1"
_TABLES = {
    "meta": "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "entries": "CREATE TABLE entries (ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (ns, key))",
}


@cache
def code_key() -> str:
    """A digest of the validator's code and schemas: any change to them empties the cache."""
    h = hashlib.sha256()
    for path in sorted([*HERE.rglob("*.py"), *resources.schema_dir().glob("*.json")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _git_common_dir(root: Path) -> Path | None:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--git-common-dir"], cwd=root, capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = proc.stdout.strip()
    return (root / out).resolve() if proc.returncode == 0 and out else None


def _user_cache_dir() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"


def location(root: Path) -> Path | None:
    """The cache file of the ledger at `root`: `$MINYI_CACHE_DIR`, else inside the git directory
    (`<git-common-dir>/minyi-cache/`), else the user cache folder. None (no cache) when that
    folder is in the working tree, where a pull request could plant a file.
    The file is named after the resolved root, so worktrees and ledgers never share one."""
    root = Path(root).resolve()
    name = digest(str(root).encode())[:16] + ".sqlite3"
    override = os.environ.get("MINYI_CACHE_DIR")
    gitdir = _git_common_dir(root)
    folder = Path(override).resolve() if override else gitdir / "minyi-cache" if gitdir else _user_cache_dir() / "minyi"
    if folder.is_relative_to(root) and not (gitdir and folder.is_relative_to(gitdir)):
        return None
    return folder / name


class _Batch:
    """Changes gathered by `Cache.batch()` and written in one transaction."""

    def __init__(self):
        self.cleared: list[str] = []
        self.deleted: list[tuple[str, str]] = []
        self.puts: list[tuple[str, str, str]] = []
        self.streams: list = []

    def put(self, ns: str, key: str, value) -> None:
        self.put_json(ns, key, to_json(value))

    def put_each(self, ns: str, items) -> None:
        """Put every (key, value) of `items`, encoded one at a time while the transaction
        writes them: a hundred thousand values are never all held as text at once."""
        self.streams.append((ns, key, to_json(value)) for key, value in items)

    def put_json(self, ns: str, key: str, text: str) -> None:
        """Store text the caller already encoded with `to_json` (saves encoding big values twice)."""
        self.puts.append((ns, key, text))

    def delete(self, ns: str, key: str) -> None:
        self.deleted.append((ns, key))

    def clear(self, ns: str) -> None:
        self.cleared.append(ns)


class Cache:
    """Namespaced JSON values in one SQLite file. Created once per command and handed down;
    library functions take `cache=None`, meaning "no cache"."""

    def __init__(self, file: Path | None):
        self.file = Path(file) if file is not None else None
        self._db: sqlite3.Connection | None = None
        self._disabled = file is None
        self._resets = 0

    @classmethod
    def for_ledger(cls, root: Path) -> Cache:
        return cls(location(root))

    def get(self, ns: str, key: str):
        """The value stored under (ns, key), or None; an unreadable value counts as missing."""
        rows = self._query("SELECT value FROM entries WHERE ns = ? AND key = ?", (ns, key))
        return _decode(rows[0][0]) if rows else None

    def items(self, ns: str) -> dict:
        """Every readable value of a namespace, in key order."""
        out = {}
        for key, text in self._query("SELECT key, value FROM entries WHERE ns = ? ORDER BY key", (ns,)):
            value = _decode(text)
            if value is not None:
                out[key] = value
        return out

    @contextmanager
    def batch(self):
        """Collect puts, deletes and clears; apply them all or none when the block ends."""
        changes = _Batch()
        yield changes
        if changes.puts or changes.deleted or changes.cleared or changes.streams:
            self._apply(changes)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _apply(self, changes: _Batch) -> None:
        db = self._connect()
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM entries WHERE ns = ?", [(ns,) for ns in changes.cleared])
            db.executemany("DELETE FROM entries WHERE ns = ? AND key = ?", changes.deleted)
            db.executemany("INSERT OR REPLACE INTO entries (ns, key, value) VALUES (?, ?, ?)", changes.puts)
            for stream in changes.streams:
                db.executemany("INSERT OR REPLACE INTO entries (ns, key, value) VALUES (?, ?, ?)", stream)
            db.execute("COMMIT")
        except (sqlite3.OperationalError, sqlite3.InterfaceError, sqlite3.ProgrammingError):
            _rollback(db)  # read-only or busy: this run simply does not save
        except sqlite3.DatabaseError:
            self._discard()

    def _query(self, sql: str, args: tuple) -> list:
        db = self._connect()
        if db is None:
            return []
        try:
            return db.execute(sql, args).fetchall()
        except (sqlite3.OperationalError, sqlite3.InterfaceError, sqlite3.ProgrammingError):
            return []  # busy: a miss this time
        except sqlite3.DatabaseError:
            self._discard()
            return []

    def _connect(self) -> sqlite3.Connection | None:
        while self._db is None and not self._disabled:
            try:
                self._db = self._open()
            except sqlite3.OperationalError:  # cannot create or read: run without a cache
                self._disabled = True
            except sqlite3.DatabaseError:  # not a database, or not ours
                self._discard()
        return self._db

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            self._disabled = True
            return None
        # One command uses the cache from one thread at a time, but `serve` rebuilds from its watcher thread.
        db = sqlite3.connect(self.file, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            _prepare(db)
        except BaseException:
            db.close()
            raise
        return db

    def _discard(self) -> None:
        """Delete a cache file we cannot trust and start again, once; then give up quietly."""
        self.close()
        self._resets += 1
        if self._resets > 1:
            self._disabled = True
            return
        for path in (self.file, self.file.with_name(self.file.name + "-journal")):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                self._disabled = True


def _prepare(db: sqlite3.Connection) -> None:
    """Create the tables in a new file; in an existing one, accept only our exact layout and tag."""
    found = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    if not found:
        db.execute("BEGIN IMMEDIATE")
        for sql in _TABLES.values():
            db.execute(sql)
        db.execute("INSERT INTO meta (key, value) VALUES ('stamp', ?)", (_stamp(),))
        db.execute("COMMIT")
        return
    tables = {name: sql for kind, name, sql in found if kind == "table"}
    others = [name for kind, name, _ in found if kind != "table" and not name.startswith("sqlite_autoindex_")]
    if tables != _TABLES or others:
        raise sqlite3.DatabaseError("not a Minyi cache")
    row = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    if row is None or row[0] != _stamp():  # written by other code: empty it
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM entries")
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('stamp', ?)", (_stamp(),))
        db.execute("COMMIT")


def _stamp() -> str:
    return f"{SCHEMA_VERSION}:{code_key()}"


def _decode(text):
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _rollback(db: sqlite3.Connection) -> None:
    with suppress(sqlite3.Error):
        db.execute("ROLLBACK")

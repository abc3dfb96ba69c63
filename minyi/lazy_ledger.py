"""A ledger for checking a few files: ids found by file name, records parsed only when a rule looks at one.

Ids equal file names, so whether a record exists needs no parsing, and usually no listing
either: a record is first looked for at the one path the layout gives its id (a few
`lstat`s, no link followed, as the listing does). Only a question that path cannot answer
(an id filed elsewhere or missing, or a rule asking for every record) lists records/,
100,000 files in a city ledger, and then only once.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .ledger import RECORD_NAME, SETTINGS_FILE, Ledger, Record, expected_path, kind_of, record_files, stem
from .load import load_file


class _Listing:
    """records/ listed on first need, {kind: {id: path}}; and which folders are real (not links)."""

    def __init__(self, root: Path):
        self.root = root
        self._by_kind: dict[str, dict[str, str]] | None = None
        self._folders: dict[str, bool] = {}

    def of(self, kind: str) -> dict[str, str]:
        if self._by_kind is None:
            self._by_kind = {}
            for rel in record_files(self.root):
                found = kind_of(rel)
                if found is not None:
                    self._by_kind.setdefault(found, {})[stem(rel) if found != "ledger" else "ledger"] = rel
        return self._by_kind.get(kind, {})

    def is_record_file(self, rel: str) -> bool:
        """A regular file at `rel`, reached through real folders only."""
        parts = rel.split("/")
        for i in range(1, len(parts)):
            folder = "/".join(parts[:i])
            if folder not in self._folders:
                self._folders[folder] = _mode_is(self.root / folder, stat.S_ISDIR)
            if not self._folders[folder]:
                return False
        return _mode_is(self.root / rel, stat.S_ISREG)


def _mode_is(path: Path, test) -> bool:
    try:
        return test(os.lstat(path).st_mode)
    except OSError:
        return False


def _expected(kind: str, rid) -> str | None:
    """The path the layout gives the id, when the id can name a record file of this kind at all."""
    if kind == "ledger":
        return SETTINGS_FILE if rid == "ledger" else None
    if not isinstance(rid, str) or not RECORD_NAME.fullmatch(f"{rid}.yaml"):
        return None
    rel = expected_path(kind, rid)
    return rel if kind_of(rel) == kind else None


class _LazyKind(dict):
    """Records of one kind, found by file name and parsed only when asked for."""

    def __init__(self, root: Path, kind: str, listing: _Listing):
        super().__init__()
        self.root, self.kind, self._listing = root, kind, listing

    def _path(self, rid) -> str | None:
        rel = _expected(self.kind, rid)
        if rel is not None and self._listing.is_record_file(rel):
            return rel
        return self._listing.of(self.kind).get(rid)

    def _load(self, rid):
        if dict.__contains__(self, rid):
            return
        rel = self._path(rid)
        if rel is None:
            return
        loaded, _ = load_file(self.root / rel, rel)
        if loaded is not None:
            dict.__setitem__(self, rid, Record(self.kind, loaded))

    def get(self, rid, default=None):
        self._load(rid)
        return dict.get(self, rid, default)

    def __getitem__(self, rid):
        self._load(rid)
        return dict.__getitem__(self, rid)

    def __contains__(self, rid):
        return dict.__contains__(self, rid) or self._path(rid) is not None

    def values(self):
        for rid in list(self._listing.of(self.kind)):
            self._load(rid)
        return dict.values(self)

    def __iter__(self):
        return iter(self._listing.of(self.kind))

    def __len__(self):
        return len(self._listing.of(self.kind))


def index_ledger(root: Path) -> Ledger:
    """A ledger that knows every id from the file names (ids equal file names) and
    parses a record only when a rule looks at it: what checking a few files needs."""
    ledger = Ledger(root)
    listing = _Listing(root)
    for kind in ledger.records:
        ledger.records[kind] = _LazyKind(root, kind, listing)
    return ledger

"""Where records live on disk, and the in-memory ledger built from them.

The folder layout is the public contract: `records/<kind folder>/[<year>/]<id>.yaml`.
This module is the only one that knows it.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import kinds
from .kinds.settings import Settings, settings_from
from .load import Loaded
from .model import from_data

SETTINGS_FILE = "records/ledger.yaml"
# The district map (minyi/district_map.py): the one file under records/ that is not a record.
MAP_FILE = "records/map.geojson"
# Derived from the kinds registry; kept as names because the layout is what they describe.
FOLDERS = {k.folder: (k.name, k.yearly) for k in kinds.RECORD_KINDS}  # folder -> (kind, has a year sub-folder)
KIND_FOLDER = {k.name: k.folder for k in kinds.RECORD_KINDS}
ID_PREFIX = {k.name: k.prefix for k in kinds.RECORD_KINDS}
KIND_OF_PREFIX = {v: k for k, v in ID_PREFIX.items()}
YEAR_IN_ID = re.compile(r"^[A-Z]+-(\d{4})-")


class NotALedger(Exception):
    """Raised when no records/ledger.yaml is found: a usage error, not a record error."""


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding records/ledger.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise NotALedger(f"在 {here} 及其上级目录中找不到 {SETTINGS_FILE}（not a Minyi ledger）")


def kind_of(rel: str) -> str | None:
    """Kind of a record from its path relative to the root, or None if it is not a record path."""
    parts = rel.split("/")
    if rel == SETTINGS_FILE:
        return "ledger"
    if len(parts) < 3 or parts[0] != "records" or not parts[-1].endswith(".yaml"):
        return None
    folder = FOLDERS.get(parts[1])
    if folder is None:
        return None
    return folder[0] if len(parts) == (4 if folder[1] else 3) else None


def expected_path(kind: str, record_id: str) -> str:
    if kind == "ledger":
        return SETTINGS_FILE
    folder = KIND_FOLDER[kind]
    year = YEAR_IN_ID.match(record_id)
    if FOLDERS[folder][1] and year:
        return f"records/{folder}/{year.group(1)}/{record_id}.yaml"
    return f"records/{folder}/{record_id}.yaml"


def kind_of_id(record_id: str) -> str | None:
    return KIND_OF_PREFIX.get(record_id.split("-", 1)[0]) if isinstance(record_id, str) else None


# A record's file name is its id (ASCII letters, digits, hyphens) plus ".yaml".
RECORD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*\.yaml")
_RECORD_NAMES = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9-]*\.yaml(?:\n|\Z))*")  # names joined by newlines
# What an operating system or editor leaves next to files a clerk opens: noise, not an attack.
LEFTOVER = re.compile(r"\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|.*~|\..*\.sw[a-p]")


def layout_fault(rel: str, filetype: str = "file") -> tuple[str, str | None] | None:
    """Why `rel` (under records/) is not a record file the layout knows, as (rule, variant); None if it is.

    `filetype` is "file" for a regular file, else what it is instead ("symlink", "gitlink",
    "fifo", "device", "socket", "executable"): a link can point a build at any file on the
    machine and a FIFO hangs whoever reads it, so only regular files are records. The
    working-tree walk and the review gate (git modes) both ask this one question.
    """
    name = rel.rsplit("/", 1)[-1]
    if filetype != "file":
        return "file-not-record", filetype
    if rel == MAP_FILE:
        return None
    if LEFTOVER.fullmatch(name):
        return "file-not-record", "leftover"
    if not name.endswith(".yaml"):
        return "file-not-record", None
    if not RECORD_NAME.fullmatch(name) or not rel.isprintable():
        return "file-not-record", "name"
    return None if kind_of(rel) else ("file-unknown-kind", None)


def stem(rel: str) -> str:
    """`PurePosixPath(rel).stem` (a record's id is its file's stem) at a tenth of pathlib's cost,
    which counts when 100,000 paths are named."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def shown_path(rel: str) -> str:
    """A path as it can be printed: undecodable bytes and control characters written as escapes."""
    text = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _filetype(entry: os.DirEntry) -> str:
    if entry.is_symlink():
        return "symlink"
    if entry.is_file(follow_symlinks=False):
        return "file"
    mode = entry.stat(follow_symlinks=False).st_mode
    return "fifo" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"


def _folders(root: Path):
    """(folder relative to root, [names of its regular files], [(name, file type)] of its other
    files) for every folder under records/ (which is not a link), never following a link;
    sub-folders are walked, not listed."""
    stack = ["records"]
    while stack:
        rel_dir = stack.pop()
        try:
            found = list(os.scandir(root / rel_dir))
        except OSError:
            continue
        names, others = [], []
        for entry in found:
            if entry.is_file(follow_symlinks=False):
                names.append(entry.name)
            elif entry.is_dir(follow_symlinks=False):
                stack.append(f"{rel_dir}/{entry.name}")
            else:
                others.append((entry.name, _filetype(entry)))
        yield rel_dir, names, others


def scan(root: Path) -> tuple[list[str], list[tuple[str, tuple[str, str | None]]]]:
    """One walk of records/ (100,000 entries in a city ledger): `record_files` and `stray_files` together.

    The kind a record file would have is decided once per folder: below records/ it depends
    only on the folder, so a regular file named like a record (`RECORD_NAME`, printable) in a
    printable folder of a kind is one; every other file gets `layout_fault`'s full answer.
    A folder whose regular files all have record names (the usual case) is taken whole: its
    names checked by one match, its paths made by one join and split."""
    if (root / "records").is_symlink():
        return [], [("records", layout_fault("records", "symlink"))]
    records, strays = [], []
    for rel_dir, names, others in _folders(root):
        kind = kind_of(f"{rel_dir}/x.yaml") if rel_dir != "records" and rel_dir.isprintable() else None
        joined = "\n".join(names)
        if kind is not None and joined.count("\n") == len(names) - 1 and _RECORD_NAMES.fullmatch(joined):
            names.sort()  # sorted runs: the final sort merges them
            lead = rel_dir + "/"
            records += (lead + ("\n" + lead).join(names)).split("\n") if names else []
            names = []
        for name, filetype in [(name, "file") for name in names] + others:
            rel = f"{rel_dir}/{name}"
            fault = layout_fault(rel, filetype)
            if fault is not None:
                strays.append((shown_path(rel), fault))
            elif rel != MAP_FILE:
                records.append(rel)
    return sorted(records), sorted(strays)


def record_files(root: Path) -> list[str]:
    """Every record file under records/ (regular files the layout knows), relative to root, sorted."""
    return scan(root)[0]


def stray_files(root: Path) -> list[tuple[str, tuple[str, str | None]]]:
    """Everything else under records/, as (printable path, (rule, variant)): the validator reports these."""
    return scan(root)[1]


@dataclass
class Record:
    """A parsed record: its raw data with line marks (`loaded`) and, once its structure
    has passed the schema, its typed model. Rules that must also look at broken records
    (identity, references, privacy) read `data`; everything else reads `model`."""

    kind: str
    loaded: Loaded
    valid: bool = False

    @property
    def id(self) -> str:
        return self.loaded.data.get("id")

    @property
    def data(self) -> dict:
        return self.loaded.data

    @property
    def path(self) -> str:
        return self.loaded.path

    @cached_property
    def model(self):
        """The typed record; None while the schema rejects it (nothing typed can be trusted then)."""
        if not self.valid:
            return None
        if self.kind == "ledger":
            return settings_from(self.data)
        return from_data(kinds.get(self.kind).model, self.data)


@dataclass
class Ledger:
    root: Path
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k: {} for k in kinds.names()})
    # ids of record files that exist but could not be read (their syntax problem is reported):
    # a reference to one is not also a missing record
    unreadable: set[str] = field(default_factory=set)

    @property
    def settings(self) -> Settings | None:
        """The typed settings; None when records/ledger.yaml is missing or invalid (the validator says why)."""
        rec = self.records["ledger"].get("ledger")
        return rec.model if rec else None

    def get(self, record_id: str) -> Record | None:
        kind = kind_of_id(record_id)
        return self.records[kind].get(record_id) if kind else None

    def of(self, kind: str) -> list[Record]:
        return list(self.records[kind].values())

    def name(self, record_id: str) -> str:
        rec = self.get(record_id)
        if rec is None:
            return record_id
        data = rec.data
        return next(
            (data[f] for f in kinds.get(rec.kind).name_fields if isinstance(data.get(f), str) and data[f]), record_id
        )


@dataclass(frozen=True)
class WithRecord:
    """The ledger as it would be once `rec` is written, for checking one record before writing it.

    Per-record rules only look other records up by id and read the settings, so a view
    that answers those two questions is enough, and the real ledger is never touched
    (it used to be patched and restored around the check).
    """

    base: Ledger
    rec: Record

    @property
    def root(self) -> Path:
        return self.base.root

    @property
    def settings(self) -> Settings | None:
        return self.rec.model if self.rec.kind == "ledger" else self.base.settings

    @property
    def unreadable(self) -> set[str]:
        """Ids whose files are there but unreadable (rules/references.py): the real ledger's."""
        return self.base.unreadable

    def get(self, record_id: str) -> Record | None:
        return self.rec if record_id == self.rec.id else self.base.get(record_id)

    def name(self, record_id: str) -> str:
        return self.base.name(record_id)

"""Record pages taken over from the previous site when nothing they show has changed.

Why: after one record changes, nearly all of 100,000 record pages are the same bytes as in
the site being replaced, and rendering, scanning and writing them again was most of a rebuild.

A page is reused only when a digest of exactly what it was made from is unchanged: the code,
the section's rendered shell, the settings, the date, the personal-data allow list, and every
record it read. Which records a page read is not guessed by hand: the page renders against
`View`, the site model as seen through a recorder that notes each record, trail, index list,
back-reference, department's figures, deputy's duty figures and the ranking it hands out; a
read of anything wider (all suggestions, the dashboard figures) makes the page depend on the
whole ledger. The reads and the key are kept in the
cache with the identity (inode, size, modification time) of the file in the previous site. On
the next build the same reads are digested again: a page whose key and file are unchanged is
hard-linked from the previous site (copied where links cannot be made) instead of rendered,
scanned and written. A missing, foreign or stale entry, or a file that changed, means the page
is rendered again, so the cache can make a build slower, never different.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
from pathlib import Path

from minyi.cache import Cache, code_key, digest

HERE = Path(__file__).resolve().parent
NAMESPACE = "pages"  # + the output folder's digest: one site's pages per entry set


def _h(*parts) -> str:
    """A digest of plain values (records as written: dicts, lists, text, numbers, dates)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def site_code_key() -> str:
    """The site generator's code and templates with the ledger code's key: a change to any is a new page."""
    import jinja2

    h = hashlib.blake2b(f"{code_key()}:{jinja2.__version__}".encode(), digest_size=16)
    for path in sorted(p for p in HERE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(HERE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


class Digests:
    """What each kind of read found in this build's model, each digested once."""

    def __init__(self, m):
        self.m = m
        self._records: dict[str, str] = {}
        self._trails: dict[str, str] = {}
        self._whole: str | None = None
        self._values: dict[tuple, str | None] = {}  # pages share reads (the ranking, a department's list)

    def record(self, rid) -> str:
        found = self._records.get(rid)
        if found is None:
            e = self.m.by_id.get(rid) if isinstance(rid, str) else None
            # the row's own fields derive from its data, the date and the settings, except a project's level (its session's)
            found = self._records[rid] = _h(e.path, e.data, getattr(e, "level", None)) if e is not None else "-"
        return found

    def trail(self, rid) -> str:
        found = self._trails.get(rid)
        if found is None:
            found = self._trails[rid] = _h(self.m.history.get(rid))
        return found

    def rows(self, rows) -> str:
        return _h([(r, self.record(r)) if isinstance(r, str) else (r.id, self.record(r.id)) for r in rows or ()])

    def stats(self, s) -> str:
        """A department's figures (minyi.stats.DepartmentStats): its numbers and rank, its rows by id and digest."""
        return "-" if s is None else _h(dataclasses.replace(s, rows=()), self.rows(s.rows))

    def whole(self) -> str:
        """Every record and every trail (those of removed records too), the newest changes, the map."""
        if self._whole is None:
            ids = sorted(self.m.by_id.keys() | self.m.history.keys())
            self._whole = _h([(i, self.record(i), self.trail(i)) for i in ids], self.m.changes, self.m.district_map)
        return self._whole

    def value(self, read: tuple) -> str | None:
        """The digest of what `read` finds now; None for a read this code does not know (no reuse)."""
        if read not in self._values:
            self._values[read] = self._value(read)
        return self._values[read]

    def _value(self, read: tuple) -> str | None:
        op, *args = read
        if op == "r" and len(args) == 1:
            return self.record(args[0])
        if op == "t" and len(args) == 1:
            return self.trail(args[0])
        if op == "i" and len(args) == 2 and isinstance(args[0], str) and hasattr(self.m.index, args[0]):
            return self.rows(getattr(self.m.index, args[0]).get(args[1]))
        if op == "b" and len(args) == 1:
            found = self.m.backrefs.by_target.get(args[0]) or {}
            return _h(sorted((k, self.rows(v)) for k, v in found.items()))
        if op == "d" and len(args) == 1:  # a deputy's duty figures by year (site_gen/duty.py)
            return _h(self.m.duty.get(args[0]))
        if op == "f" and len(args) == 1:
            return self.stats(self.m.department_figures(args[0]))
        if op == "R" and not args:  # the ranking: every ranked department's figures
            return _h([self.stats(s) for s in self.m.ranked])
        if op == "h" and not args:
            return str(bool(self.m.history))
        if op == "*" and not args:
            return self.whole()
        return None


class _Lookup:
    """A mapping of the model (targets, history) that notes each key looked up."""

    def __init__(self, data, reads: set, op: str):
        self._data, self._reads, self._op = data, reads, op

    def get(self, key, default=None):
        self._reads.add((self._op, key))
        return self._data.get(key, default)

    def __getitem__(self, key):
        self._reads.add((self._op, key))
        return self._data[key]

    def __contains__(self, key):
        self._reads.add((self._op, key))
        return key in self._data

    def __bool__(self):  # `if m.history`: whether there is a git history at all
        self._reads.add(("h",) if self._op == "t" else ("*",))
        return bool(self._data)

    def __getattr__(self, name):  # keys(), items(), len …: the whole mapping
        self._reads.add(("*",))
        return getattr(self._data, name)

    def __iter__(self):
        self._reads.add(("*",))
        return iter(self._data)

    def __len__(self):
        self._reads.add(("*",))
        return len(self._data)


class _Index:
    def __init__(self, index, reads: set):
        self._index, self._reads = index, reads

    def __getattr__(self, name):
        return _Lookup(getattr(self._index, name), _Prefixed(self._reads, name), "i")


class _Prefixed:
    """Notes ("i", index name, key) for the lookups of one index."""

    def __init__(self, reads: set, name: str):
        self._reads, self._name = reads, name

    def add(self, read: tuple) -> None:
        self._reads.add(("i", self._name, read[1]) if read[0] == "i" else read)


class _Backrefs:
    def __init__(self, backrefs, reads: set):
        self._backrefs, self._reads = backrefs, reads

    def of(self, record_id: str, skip=()):
        self._reads.add(("b", record_id))
        return self._backrefs.of(record_id, skip)

    def __getattr__(self, name):
        self._reads.add(("*",))
        return getattr(self._backrefs, name)


class View:
    """The site model as one page sees it: answers as the model does and notes what it handed out."""

    def __init__(self, m, entry):
        self._m = m
        self.reads: set = {("r", entry.id), ("t", entry.id)}
        self.settings, self.as_of = m.settings, m.as_of  # in every page's key
        self.index = _Index(m.index, self.reads)
        self.backrefs = _Backrefs(m.backrefs, self.reads)
        self.targets = _Lookup(m.targets, self.reads, "r")
        self.history = _Lookup(m.history, self.reads, "t")
        self.by_id = _Lookup(m.by_id, self.reads, "r")

    def get(self, record_id):
        self.reads.add(("r", record_id))
        return self._m.get(record_id)

    def name(self, record_id):
        self.reads.add(("r", record_id))
        return self._m.name(record_id)

    def ref(self, record_id, here):
        self.reads.add(("r", record_id))
        return self._m.ref(record_id, here)

    def source_url(self, entry):
        return self._m.source_url(entry)  # the entry's own path and the settings: both in the key

    def trail(self, record_id):
        self.reads.add(("t", record_id))
        return self._m.trail(record_id)

    def recorded(self, record_id):
        self.reads.add(("t", record_id))
        return self._m.recorded(record_id)

    @property
    def duty(self):
        return _Lookup(self._m.duty, self.reads, "d")

    def department_figures(self, dep_id):
        self.reads.add(("f", dep_id))
        return self._m.department_figures(dep_id)

    @property
    def ranked(self):
        self.reads.add(("R",))
        return self._m.ranked

    def __getattr__(self, name):  # anything else (suggestions, figures, latest …) reads the whole ledger
        self.reads.add(("*",))
        return getattr(self._m, name)


def _valid(entry) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("key"), str)
        and isinstance(entry.get("reads"), list)
        and all(isinstance(r, list) and r and all(isinstance(x, str | None) for x in r) for r in entry["reads"])
        and isinstance(entry.get("file"), list)
    )


class Reuse:
    """The record pages of one build: which were taken from the previous site, which were rendered."""

    def __init__(self, cache: Cache | None, out: Path, m, base: tuple):
        self.cache, self.out = cache, out
        self.namespace = f"{NAMESPACE}:{digest(str(out).encode())[:16]}"
        self.previous = cache.items(self.namespace) if cache is not None and out.is_dir() else {}
        self.digests = Digests(m)
        self.base = _h(site_code_key(), *base)
        self.pages: dict[str, dict] = {}  # path -> entry of this build
        self.changed: set[str] = set()
        self.linked: set[str] = set()  # files hard-linked from the previous site (the same files)
        self.folders: set[str] = set()  # folders this build made or found
        self.reused = 0

    def key(self, shell_key: str, reads) -> str | None:
        """The page's key from its reads' digests now; None when a read cannot be digested (or kept as JSON)."""
        values = []
        for read in sorted(reads, key=repr):
            value = self.digests.value(read) if all(isinstance(x, str | None) for x in read) else None
            if value is None:
                return None
            values.append((read, value))
        return _h(self.base, shell_key, values)

    def take(self, path: str, site_dir: Path, shell_key: str, reads=None) -> bool:
        """Put the previous site's page at `path` into `site_dir` if nothing it read has changed
        (what it read: as noted when it was made, or `reads` where the caller knows)."""
        entry = self.previous.get(path)
        if not _valid(entry):
            return False
        reads = [tuple(r) for r in entry["reads"]] if reads is None else reads
        if self.key(shell_key, reads) != entry["key"]:
            return False
        source = os.path.join(self.out, path)
        try:
            st = os.stat(source)
        except OSError:
            return False
        if entry["file"] != [st.st_ino, st.st_size, st.st_mtime_ns]:
            return False
        target = os.path.join(site_dir, path)
        folder = os.path.dirname(target)
        if folder not in self.folders:  # made once: a record's page, feed and YAML share folders
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        try:
            os.link(source, target)
        except FileExistsError:  # written by an earlier step: a link would let this build write into the live site
            return False
        except OSError:  # another file system, or links not allowed: a copy keeps the bytes
            shutil.copy2(source, target)
            self.changed.add(path)
        else:
            self.linked.add(path)
        self.pages[path] = entry
        self.reused += 1
        return True

    def view(self, m, entry) -> View:
        return View(m, entry)

    def rendered(self, path: str, shell_key: str, view: View) -> None:
        key = self.key(shell_key, view.reads)
        if key is not None:
            self.pages[path] = {"key": key, "reads": sorted([list(r) for r in view.reads], key=repr), "file": []}
            self.changed.add(path)

    def made(self, path: str, shell_key: str, reads) -> None:
        """A file made this build from what `reads` names (not from a view that noted it)."""
        key = self.key(shell_key, reads)
        if key is not None:
            self.pages[path] = {"key": key, "reads": [list(r) for r in reads], "file": []}
            self.changed.add(path)

    def save(self) -> None:
        """After the swap: note each page's file in the new site (written pages only; links kept theirs)."""
        if self.cache is None:
            return
        with self.cache.batch() as batch:
            for path in self.previous.keys() - self.pages.keys():
                batch.delete(self.namespace, path)
            for path in self.changed:
                try:
                    st = (self.out / path).stat()
                except OSError:
                    continue
                entry = self.pages[path]
                entry["file"] = [st.st_ino, st.st_size, st.st_mtime_ns]
                batch.put(self.namespace, path, entry)


class Held:
    """The open-data files made from the whole ledger (site_gen/pages/opendata.py `whole_files`),
    taken from the previous site when nothing in the ledger, its trails, the settings, the date,
    the allow list, the code, Python or SQLite changed: at 10,000 suggestions making and scanning
    them again was a fifth of a rebuild. They are linked aside into `folder` before MkDocs runs
    (it empties the site folder first) and moved into the site after (`place`). Each was scanned
    for personal data when it was made, under the same allow list and code (both in its key)."""

    READS = [("*",)]

    def __init__(self, reuse: Reuse, folder: Path):
        import sqlite3
        import sys

        self.reuse, self.folder, self.held = reuse, folder, []
        self.key = f"whole:{sys.version}:{sqlite3.sqlite_version}"  # the JSON, CSV and database writers

    def __call__(self, path: str) -> bool:
        """True: the previous site's file is held and must not be made; False: make it (noted for next time)."""
        if self.reuse.take(path, self.folder, self.key, self.READS):
            self.held.append(path)
            return True
        self.reuse.made(path, self.key, self.READS)
        return False

    def place(self, site_dir: Path) -> None:
        for path in self.held:
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.folder / path, target)

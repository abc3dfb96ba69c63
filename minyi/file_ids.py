"""What each record file holds, named by its git blob id, without reading every file.

Why: on an unchanged ledger of 100,000 records, reading and hashing every file was most of
what `minyi validate` did. Git already knows: its index holds the blob id of every tracked
file (read here from the index file itself, see `git_index`), and `git ls-files -m` says,
from the stat data the index keeps (size, times, inode), which working files no longer
match it. When a file's time is too close to the index's own
to tell ("racy git"), git compares the contents itself, so an edit that keeps the size
within the same second is still seen. Only the files git cannot vouch for are read and
hashed here, with git's own formula (SHA-1 of `blob <size>\\0` and the bytes), so every
key has one form whichever way it was found.

Never taken from git: entries marked assume-unchanged or skip-worktree (git does not look at
those files at all), unmerged entries, links and submodules, and every file when
core.autocrlf or a path's attributes (text, eol, ident, filter …) make git convert the text
on its way into the index (the blob is then not the bytes on disk). Nor files whose last
change (ctime) falls in or after the second git last wrote its index (see `GitIndex._settled`).
Outside git, or when git fails, every file is hashed.
"""

from __future__ import annotations

import bisect
import hashlib
import operator
import os
import re
import subprocess
import threading
from pathlib import Path

from . import git_index

# The stat comparison as strict as git has it, whatever the user configured (a file monitor
# or `checkStat = minimal` trades exactness for speed; we want exactness).
_STRICT = ("-c", "core.checkStat=default", "-c", "core.trustctime=true", "-c", "core.fsmonitor=false")
# `ls-files -c -m -s -v -z`: "H" a cached entry git checks, "C" one whose file differs from it;
# lower case is assume-unchanged, "S" skip-worktree: neither matches, so neither is trusted.
# Each entry is matched after its separator ("\0" is put before the first): a literal prefix
# the regex engine finds fast, where a look-behind was tried at every one of 10 MB of positions.
_CACHED = re.compile(r"\0H 100(?:644|755) ([0-9a-f]+) 0\t([^\0]*)")
_CHANGED = re.compile(r"\0C [^\t\0]*\t([^\0]*)")
_path_first = operator.itemgetter(1, 0)
_LISTED = ("-c", "-m", "-s", "-v", "-z")
_MODIFIED = ("-m", "-z")  # only the files that no longer match the index: the ids come from the index file
# The object format (only SHA-1 indexes are read), where the ledger sits in the work tree, the index file.
_WHERE = ("git", "rev-parse", "--show-object-format", "--show-prefix", "--git-path", "index")
# Attributes under which git's blob differs from the file's bytes.
CONVERTING = frozenset({"text", "eol", "crlf", "ident", "filter", "working-tree-encoding"})


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (`git hash-object`)."""
    h = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    h.update(data)
    return h.hexdigest()


def hashed(root: Path, rels: list[str]) -> dict[str, str]:
    """Blob ids by reading each file; plain `open` because pathlib's overhead is most of the cost."""
    base, out = str(root), {}
    for rel in rels:
        with open(os.path.join(base, rel), "rb") as fh:
            out[rel] = blob_id(fh.read())
    return out


def file_ids(root: Path, rels: list[str], asked: GitIndex | None = None) -> dict[str, str]:
    """The blob id of each file (paths relative to `root`): from git's index where git vouches
    for the file on disk, else by reading it. `asked`: git's answer, asked for earlier."""
    return dict(zip(rels, named(root, rels, asked)))


def named(root: Path, rels: list[str], asked: GitIndex | None = None) -> list[str]:
    """`file_ids` as a list in the order of `rels`: no dict of 100,000 paths when none is needed."""
    ids = (asked or GitIndex(root)).ids(rels)
    missing = [i for i, sha in enumerate(ids) if sha is None]
    if missing:
        found = hashed(root, [rels[i] for i in missing])
        for i in missing:
            ids[i] = found[rels[i]]
    return ids


def vouched_ids(root: Path, rels: list[str]) -> dict[str, str]:
    """{path: blob id} of the tracked files whose bytes git's index names exactly, `rels` among them
    (whose attributes are asked); {} without git."""
    ids = GitIndex(root).ids(rels)
    return {rel: sha for rel, sha in zip(rels, ids) if sha is not None}


class GitIndex:
    """git's view of the working tree, asked for as soon as it is made: git stats every tracked
    file (`git ls-files -m`, a fifth of a second at 100,000) on the other core while the caller
    walks records/, and the blob ids are read from the index file itself (`git_index`).

    The index file is read before git starts and its identity checked again once git is done:
    both looked at the same index, or the question is asked again with git listing every entry
    (`ls-files -s`, 10 MB of text at 100,000), as it is for an index `git_index` does not read."""

    def __init__(self, root: Path, read_index: bool = True):
        self.root = root
        self._out: dict[str, tuple[int, bytes]] = {}
        self._procs: dict[str, subprocess.Popen] = {}
        self._index: git_index.Index | None = None
        try:
            where = subprocess.run(_WHERE, cwd=root, capture_output=True, check=False)
        except OSError:
            return
        fields = where.stdout.decode("utf-8", "surrogateescape").split("\n")
        if where.returncode != 0 or len(fields) < 3:
            return
        self._prefix, self._index_path = fields[1], os.path.join(root, fields[2])
        if read_index and fields[0] == "sha1":
            self._index = git_index.read(self._index_path)
        run = {"cwd": root, "stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL}
        listing = _MODIFIED if self._index is not None else _LISTED
        try:
            self._procs = {
                "index": subprocess.Popen(["git", *_STRICT, "ls-files", *listing], **run),
                "autocrlf": subprocess.Popen(["git", "config", "--get", "core.autocrlf"], **run),
            }
        except OSError:
            return
        # Read while git writes: a listing would otherwise stop git at the pipe's 64 KB.
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        for name, proc in self._procs.items():
            out, _ = proc.communicate()
            self._out[name] = (proc.returncode, out)

    def ids(self, rels: list[str]) -> list[str | None]:
        """The id git's index vouches for of each path of `rels` (see `vouched_ids`), None where it does not."""
        if len(self._procs) < 2:
            return [None] * len(rels)
        attrs = _attributes(self.root, rels)  # git reads them on the other core while the index is read here
        plain = self._index.plain() if self._index is not None else None
        self._reader.join()
        (index_code, index_out), (crlf_code, crlf_out) = (self._out.get(n, (1, b"")) for n in ("index", "autocrlf"))
        attr_code, attr_out = attrs()
        converts = crlf_out.strip().lower() not in (b"", b"false", b"no", b"off", b"0")
        if attr_code != 0 or index_code != 0 or crlf_code not in (0, 1) or converts:
            return [None] * len(rels)
        if self._index is None:
            found, changed = self._listed(index_out)
            return _without(found, rels, [*changed, *_converted(attr_out)])
        if plain is None or not self._same_index():
            return GitIndex(self.root, read_index=False).ids(rels)
        return _aligned(*plain, rels, self._prefix, [*_paths(index_out), *_converted(attr_out)])

    def _same_index(self) -> bool:
        """Whether the index git read is the one read here (git writes a new file and renames it)."""
        try:
            return git_index.identity(os.stat(self._index_path)) == self._index.identity
        except OSError:
            return False

    def _listed(self, out: bytes) -> tuple[dict[str, str], list[str]]:
        """The plain entries `ls-files -c -m -s -v` lists and those it says changed; their change
        times, which its text does not show, from the files themselves (one stat each)."""
        text = "\0" + out.decode("utf-8", "surrogateescape")
        found = dict(map(_path_first, _CACHED.findall(text)))
        return self._settled(found), _CHANGED.findall(text) if "\0C " in text else []

    def _settled(self, found: dict[str, str]) -> dict[str, str]:
        """Only files whose last change (ctime) came in a second before git last wrote its index.

        Git compares stat times to the second here (Debian's git is built without nanoseconds),
        and its racy-entry check looks at the modification time, which `touch -r` or an archive
        can set back: a same-size edit in the very second of an index write, with its
        modification time put back, would otherwise keep its old blob id. The change time
        cannot be set back (setting the modification time renews it). Read from the index file,
        the entry's change time stands for the file's: git compared the two (`core.trustctime`)
        and reads the file itself when they differ (see `git_index.Index.plain`)."""
        try:
            written = int(os.stat(self._index_path).st_mtime)
        except OSError:
            return {}
        base = str(self.root)
        return {rel: sha for rel, sha in found.items() if int(os.stat(os.path.join(base, rel)).st_ctime) < written}


def _attributes(root: Path, rels: list[str]):
    """Start `git check-attr` on these paths; returns a function giving (exit code, output).

    The paths (4 MB at 100,000) go in by one write from a thread of their own, the output is read
    by the caller: `communicate` would write them 512 bytes per turn, and each turn takes the
    interpreter's lock from the thread reading the index meanwhile."""
    try:
        proc = subprocess.Popen(
            ["git", "check-attr", "-a", "-z", "--stdin"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return lambda: (1, b"")
    feed = threading.Thread(target=_write, args=(proc.stdin, "\0".join(rels)), daemon=True)
    feed.start()

    def answer():
        out = proc.stdout.read()
        proc.stdout.close()
        feed.join()
        return proc.wait(), out

    return answer


def _write(pipe, text: str) -> None:
    """Write and close; a reader that quits early only means its answer is not used."""
    try:
        pipe.write(text.encode("utf-8", "surrogateescape"))
        pipe.close()
    except OSError:
        pass


def _paths(out: bytes) -> list[str]:
    """The paths of a `-z` listing."""
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def _aligned(
    paths: list[bytes], ids: list[bytes], rels: list[str], prefix: str, dropped: list[str]
) -> list[str | None]:
    """The ids of `rels` among the index's plain entries (`paths`, `ids`: sorted as git keeps them;
    `prefix`: the ledger's folder in the repository), less the `dropped` paths.

    Usually `rels` are a run of consecutive entries: one comparison of two joined texts shows it
    and their ids are taken as they stand; otherwise a dict of every entry is made."""
    joined = (prefix + ("\0" + prefix).join(rels)).encode("utf-8", "surrogateescape")
    start = bisect.bisect_left(paths, (prefix + rels[0]).encode("utf-8", "surrogateescape")) if rels else 0
    if b"\0".join(paths[start : start + len(rels)]) != joined:
        cut = len(prefix)
        names = b"\0".join(paths).decode("utf-8", "surrogateescape").split("\0") if paths else []
        found = {name[cut:]: sha for name, sha in zip(names, map(bytes.hex, ids)) if name.startswith(prefix)}
        return _without(found, rels, dropped)
    out = list(map(bytes.hex, ids[start : start + len(rels)]))
    if dropped:
        where = {rel: i for i, rel in enumerate(rels)}
        for path in dropped:
            if path in where:
                out[where[path]] = None
    return out


def _without(found: dict[str, str], rels: list[str], dropped: list[str]) -> list[str | None]:
    for path in dropped:
        found.pop(path, None)
    return list(map(found.get, rels))


def _converted(out: bytes) -> set[str]:
    """Paths `git check-attr -a -z` names with an attribute that converts text, unless it is unset."""
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    return {fields[i] for i in range(0, len(fields) - 2, 3) if fields[i + 1] in CONVERTING and fields[i + 2] != "unset"}

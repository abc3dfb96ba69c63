"""What each record file holds, named by its git blob id, without reading every file.

Why: on an unchanged ledger of 100,000 records, reading and hashing every file was most of
what `minyi validate` did. Git already knows: its index holds the blob id of every tracked
file, and `git ls-files -m` says, from the stat data the index keeps (size, times, inode),
which working files no longer match it. When a file's time is too close to the index's own
to tell ("racy git"), git compares the contents itself, so an edit that keeps the size
within the same second is still seen. Only the files git cannot vouch for are read and
hashed here, with git's own formula (SHA-1 of `blob <size>\\0` and the bytes), so every
key has one form whichever way it was found.

Never taken from git: entries marked assume-unchanged or skip-worktree (git does not look at
those files at all), unmerged entries, links and submodules, and every file when
core.autocrlf or a path's attributes (text, eol, ident, filter …) make git convert the text
on its way into the index (the blob is then not the bytes on disk). Outside git, or when
git fails, every file is hashed.
"""

from __future__ import annotations

import hashlib
import operator
import os
import re
import subprocess
import threading
from pathlib import Path

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
    vouched = (asked or GitIndex(root)).vouched(rels)
    out = dict(zip(rels, map(vouched.get, rels)))  # in C: 100,000 paths
    if None in out.values():
        out.update(hashed(root, [rel for rel in rels if out[rel] is None]))
    return out


def vouched_ids(root: Path, rels: list[str]) -> dict[str, str]:
    """{path: blob id} of the tracked files whose bytes git's index names exactly, `rels` among them
    (whose attributes are asked); {} without git."""
    return GitIndex(root).vouched(rels)


class GitIndex:
    """git's view of the working tree, asked for as soon as it is made: `git ls-files` stats every
    file (a fifth of a second at 100,000) while the caller walks records/, on the other core."""

    def __init__(self, root: Path):
        self.root = root
        self._out: dict[str, tuple[int, bytes]] = {}
        run = {"cwd": root, "stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL}
        try:
            self._procs = {
                "index": subprocess.Popen(["git", *_STRICT, "ls-files", "-c", "-m", "-s", "-v", "-z"], **run),
                "autocrlf": subprocess.Popen(["git", "config", "--get", "core.autocrlf"], **run),
                "index_file": subprocess.Popen(["git", "rev-parse", "--git-path", "index"], **run),
            }
        except OSError:
            self._procs = {}
            return
        # Read while git writes: 10 MB of output would otherwise stop it at the pipe's 64 KB.
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        for name, proc in self._procs.items():
            out, _ = proc.communicate()
            self._out[name] = (proc.returncode, out)

    def vouched(self, rels: list[str]) -> dict[str, str]:
        """See `vouched_ids`."""
        if not self._procs:
            return {}
        try:
            attrs = subprocess.Popen(
                ["git", "check-attr", "-a", "-z", "--stdin"],
                cwd=self.root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            attr_out, _ = attrs.communicate("\0".join(rels).encode("utf-8", "surrogateescape"))
        except (OSError, subprocess.SubprocessError):
            attrs, attr_out = None, b""
        self._reader.join()
        (index_code, index_out), (crlf_code, crlf_out) = (
            self._out.get("index", (1, b"")),
            self._out.get("autocrlf", (2, b"")),
        )
        converts = crlf_out.strip().lower() not in (b"", b"false", b"no", b"off", b"0")
        if attrs is None or attrs.returncode != 0 or index_code != 0 or crlf_code not in (0, 1) or converts:
            return {}
        text = "\0" + index_out.decode("utf-8", "surrogateescape")
        found = dict(map(_path_first, _CACHED.findall(text)))
        if "\0C " in text:
            for path in _CHANGED.findall(text):
                found.pop(path, None)
        for path in _converted(attr_out):
            found.pop(path, None)
        return self._settled(found)

    def _settled(self, found: dict[str, str]) -> dict[str, str]:
        """Only files whose last change (ctime) came in a second after git last wrote its index.

        Git compares stat times to the second here (Debian's git is built without nanoseconds),
        and its racy-entry check looks at the modification time, which `touch -r` or an archive
        can set back: a same-size edit in the very second of an index write, with its
        modification time put back, would otherwise keep its old blob id. The change time
        cannot be set back (setting the modification time renews it)."""
        code, out = self._out.get("index_file", (1, b""))
        try:
            written = int(os.stat(os.path.join(self.root, out.decode().strip())).st_mtime) if code == 0 else None
        except (OSError, UnicodeDecodeError):
            written = None
        if written is None:
            return {}
        base = str(self.root)
        return {rel: sha for rel, sha in found.items() if int(os.stat(os.path.join(base, rel)).st_ctime) < written}


def _converted(out: bytes) -> set[str]:
    """Paths `git check-attr -a -z` names with an attribute that converts text, unless it is unset."""
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    return {fields[i] for i in range(0, len(fields) - 2, 3) if fields[i + 1] in CONVERTING and fields[i + 2] != "unset"}

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
import os
import re
import subprocess
from pathlib import Path

# The stat comparison as strict as git has it, whatever the user configured (a file monitor
# or `checkStat = minimal` trades exactness for speed; we want exactness).
_STRICT = ("-c", "core.checkStat=default", "-c", "core.trustctime=true", "-c", "core.fsmonitor=false")
# `ls-files -c -m -s -v -z`: "H" a cached entry git checks, "C" one whose file differs from it;
# lower case is assume-unchanged, "S" skip-worktree: neither matches, so neither is trusted.
_CACHED = re.compile(r"(?<![^\0])H 100(?:644|755) ([0-9a-f]+) 0\t([^\0]*)")
_CHANGED = re.compile(r"(?<![^\0])C [^\t\0]*\t([^\0]*)")
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


def file_ids(root: Path, rels: list[str]) -> dict[str, str]:
    """The blob id of each file (paths relative to `root`): from git's index where git vouches
    for the file on disk, else by reading it."""
    vouched = vouched_ids(root, rels)
    out = {rel: vouched[rel] for rel in rels if rel in vouched}
    out.update(hashed(root, [rel for rel in rels if rel not in vouched]))
    return out


def vouched_ids(root: Path, rels: list[str]) -> dict[str, str]:
    """{path: blob id} of the files among `rels` whose bytes git's index names exactly; {} without git."""
    run = {"cwd": root, "stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL}
    try:
        index = subprocess.Popen(["git", *_STRICT, "ls-files", "-c", "-m", "-s", "-v", "-z"], **run)
        autocrlf = subprocess.Popen(["git", "config", "--get", "core.autocrlf"], **run)
        attrs = subprocess.Popen(["git", "check-attr", "-a", "-z", "--stdin"], stdin=subprocess.PIPE, **run)
        attr_out, _ = attrs.communicate("\0".join(rels).encode("utf-8", "surrogateescape"))
        crlf_out, _ = autocrlf.communicate()
        index_out, _ = index.communicate()
    except (OSError, subprocess.SubprocessError):
        return {}
    converts = crlf_out.strip().lower() not in (b"", b"false", b"no", b"off", b"0")
    if index.returncode != 0 or attrs.returncode != 0 or autocrlf.returncode not in (0, 1) or converts:
        return {}
    text = index_out.decode("utf-8", "surrogateescape")
    wanted = set(rels)
    found = {path: sha for sha, path in _CACHED.findall(text) if path in wanted}
    for path in _CHANGED.findall(text):
        found.pop(path, None)
    for path in _converted(attr_out):
        found.pop(path, None)
    return found


def _converted(out: bytes) -> set[str]:
    """Paths `git check-attr -a -z` names with an attribute that converts text, unless it is unset."""
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    return {fields[i] for i in range(0, len(fields) - 2, 3) if fields[i + 1] in CONVERTING and fields[i + 2] != "unset"}

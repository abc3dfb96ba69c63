"""What git says changed between two revisions: every path, with its file modes.

The whole tree, not only records/: a change to code or configuration is something
the gate must see and name. Modes matter as much as names — a symlink (120000), a
submodule (160000) or an executable (100755) under records/ is not a record even
when its name looks like one. Paths are read as raw bytes (`-z`), so odd or
undecodable names arrive intact (undecodable bytes as surrogate escapes).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

import git

REGULAR, EXECUTABLE, SYMLINK, GITLINK = "100644", "100755", "120000", "160000"
FIFO, SOCKET = "010000", "140000"  # never in git; a working-tree file's type bits, in the same notation
FILETYPE = {
    REGULAR: "file",
    EXECUTABLE: "executable",
    SYMLINK: "symlink",
    GITLINK: "gitlink",
    FIFO: "fifo",
    SOCKET: "socket",
}


class Entry(NamedTuple):
    letter: str  # A, M, D, R, T (type change) as git reports it
    old_mode: str  # "000000" when the path is new
    new_mode: str  # "000000" when the path is gone
    old_path: str
    new_path: str


def filetype(mode: str) -> str:
    """ "file" for a plain file, else what the mode says it is (the layout's words)."""
    return FILETYPE.get(mode, "device")


def show(repo: git.Repo, rev: str, path: str) -> str | None:
    """A file's text at a revision, or None when it does not exist there."""
    try:
        return repo.git.show(f"{rev}:{path}")
    except git.GitCommandError:
        return None


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def parse_raw(out: bytes) -> list[Entry]:
    """Entries of `git diff --raw -z` output: `:old new sha sha X\\0path\\0[path\\0]`."""
    fields = out.split(b"\0")
    entries, i = [], 0
    while i < len(fields) and fields[i].startswith(b":"):
        old_mode, new_mode, _, _, status = _decode(fields[i][1:]).split(" ")
        letter = status[0]
        paths = 2 if letter in "RC" else 1
        old_path, new_path = _decode(fields[i + 1]), _decode(fields[i + paths])
        entries.append(Entry(letter, old_mode, new_mode, old_path, new_path))
        i += 1 + paths
    return entries


def _work_tree_mode(root: Path, rel: str) -> str:
    """The git mode an untracked working-tree file would be committed with; the type bits of
    anything git cannot commit (a FIFO, a device), so the layout can name it."""
    try:
        mode = os.lstat(root / rel).st_mode
    except OSError:
        return REGULAR
    if stat.S_ISLNK(mode):
        return SYMLINK
    if stat.S_ISDIR(mode):
        return GITLINK  # git lists a nested repository as a single untracked path
    return REGULAR if stat.S_ISREG(mode) else format(stat.S_IFMT(mode), "06o")


def changed(repo: git.Repo, base: str, head: str | None) -> list[Entry]:
    """Every path changed from base to head (or to the working tree, untracked files included)."""
    args = ["--raw", "-z", "-M", "--no-color", "--no-ext-diff", "--no-textconv", base] + ([head] if head else [])
    entries = parse_raw(repo.git.diff(*args, stdout_as_string=False))
    if head is None:  # untracked new files are part of the change too
        root = Path(repo.working_tree_dir)
        out = repo.git.ls_files("--others", "--exclude-standard", "-z", stdout_as_string=False)
        for rel in (_decode(p) for p in out.split(b"\0") if p):
            entries.append(
                Entry("A", "000000", _work_tree_mode(root, rel.rstrip("/")), rel.rstrip("/"), rel.rstrip("/"))
            )
    return entries

"""Git's output as it comes: `git log` lines and blob texts read while git is still working.

Why: on a big ledger `git log --raw` spends minutes diffing trees; waiting for all of it
before describing the first version leaves the second core idle. Streaming lets git diff
on one core while Python describes versions on the other.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import suppress

import git

# Blob requests sent ahead of the reads: enough to keep `git cat-file` busy, and few enough
# (about 20 KB) that its input pipe never fills while its output waits to be read.
AHEAD = 512


def log_lines(repo: git.Repo, *args: str) -> Iterator[str]:
    """The lines of `git log ARGS` (without their newline), while git is still writing them.

    Decoded as GitPython decodes a whole log; a failing git raises GitCommandError at the end."""
    proc = repo.git.log(*args, as_process=True)
    for line in proc.stdout:
        yield line.decode("utf-8", "surrogateescape").rstrip("\n")
    proc.wait()


def diff_tree_lines(repo: git.Repo, revisions: list[str], *args: str) -> Iterator[str]:
    """The lines of `git diff-tree --stdin ARGS` fed `revisions`, while git is still writing them."""
    proc = repo.git.diff_tree("--stdin", *args, as_process=True, istream=subprocess.PIPE)

    def feed():
        try:
            proc.stdin.write("".join(f"{sha}\n" for sha in revisions).encode())
        except (BrokenPipeError, ValueError):
            pass  # git ended early: its exit status says why
        finally:
            with suppress(OSError):
                proc.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    for line in proc.stdout:
        yield line.decode("utf-8", "surrogateescape").rstrip("\n")
    writer.join()
    proc.wait()


class Blobs:
    """One `git cat-file --batch` process: blobs are asked for ahead and read back in the same order."""

    def __init__(self, repo: git.Repo):
        self._proc = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
        self._waiting = 0  # asked for, not read yet
        self._unsent = False

    def ask(self, sha: str) -> None:
        self._proc.stdin.write(sha.encode() + b"\n")
        self._waiting += 1
        self._unsent = True

    def waiting(self) -> int:
        return self._waiting

    def data(self) -> bytes | None:
        """The bytes of the oldest blob asked for and not read yet; None when git has no blob
        by that id (a submodule's commit committed where a file should be). Decoding them is
        for the reader to judge (minyi.versions: a version that is not UTF-8 is unreadable)."""
        if self._unsent:
            self._proc.stdin.flush()
            self._unsent = False
        out = self._proc.stdout
        header = out.readline().split()  # b"<sha> blob <size>", or b"<sha> missing"
        data = out.read(int(header[2])) if len(header) == 3 else b""
        if len(header) == 3:
            out.read(1)
        self._waiting -= 1
        return data if header[1:2] == [b"blob"] else None

    def close(self) -> None:
        """End the process: after every blob was read it ends by itself (a failure raises
        GitCommandError); with blobs unread (an error on the way) it is stopped."""
        if not self._proc.stdin.closed:
            self._proc.stdin.close()
        if self._waiting:
            self._proc.proc.kill()
            self._proc.proc.wait()
        else:
            self._proc.wait()

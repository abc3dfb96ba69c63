"""The ledger as it stood on a past day: the tree of the last commit main had by then.

Why: a site built "as of" a past day from today's files shows today's records judged
by an old calendar (events in its future, records it never had). What the public could
see on that day is what main held then, so the day picks a commit on HEAD's
first-parent line (by committer date: the day main took it, not a date its author
set) and everything is read from that commit's tree.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import git


class NoSnapshot(Exception):
    """The day has no commit to read: one Chinese line for the clerk (a usage error)."""


def _repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise NoSnapshot(f"{root} 不是 git 仓库，无法得到过去某一天的台账（not a git repository）") from None


def commit_on(root: Path, day: dt.date) -> str:
    """The last commit on HEAD's first-parent line whose committer date is on or before `day`."""
    repo = _repo(root)
    try:
        lines = repo.git.log("--first-parent", "--format=%H %cI", "HEAD").splitlines()
    except git.GitCommandError:
        lines = []  # a repository without commits
    for line in lines:
        sha, _, when = line.partition(" ")
        if when[:10] <= day.isoformat():
            return sha
    first = f"（最早的提交在 {lines[-1].split(' ', 1)[1][:10]}）" if lines else "（仓库还没有提交）"
    raise NoSnapshot(f"{day.isoformat()} 及以前 main 上没有任何提交，无法生成那一天的台账{first}")


@contextlib.contextmanager
def checked_out(root: Path, commit: str) -> Iterator[Path]:
    """A temporary detached worktree of `commit`: a real repository whose HEAD is that commit,
    so the audit trail derived from it stops there. Removed afterwards, whatever happens."""
    repo = _repo(root)
    folder = Path(tempfile.mkdtemp(prefix="minyi-as-of-"))
    tree = folder / "ledger"
    repo.git.worktree("add", "--detach", "--quiet", str(tree), commit)
    try:
        yield tree
    finally:
        with contextlib.suppress(git.GitCommandError):
            repo.git.worktree("remove", "--force", str(tree))
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(git.GitCommandError):
            repo.git.worktree("prune")

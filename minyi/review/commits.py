"""What the commits of a change say about themselves, where the site repeats it.

The site publishes every commit's subject and author name (修改记录, 最近更新, the feed)
and names a pull request for commits that reached main through GitHub's merge commit
("Merge pull request #N from …", see `minyi.history`). So, in a pull request:
- a subject or author name holding personal data is refused, like a record holding it;
- a commit whose subject copies GitHub's merge subject is refused: fast-forwarded onto
  main, it would claim a review that never happened for every commit it brings.
When publishing, those commits are already on main: personal data is a warning (the
site shows the subject redacted), and main's own merge commits are exactly what they say.
"""

from __future__ import annotations

import git

from ..history import MERGED_PR
from ..personal_data import scan_value
from ..problems import Problem

WHERE = "records/"  # a commit concerns the whole change, not one file


def _commits(repo: git.Repo, base: str, head: str) -> list[tuple[str, str, str]]:
    """(sha, author name, subject) of every commit `head` has and `base` has not."""
    out = repo.git.log("--format=%H%x00%an%x00%s", f"{base}..{head}", "--")
    return [tuple(line.split("\x00", 2)) for line in out.splitlines() if line.count("\x00") == 2]


def commit_problems(repo: git.Repo, base: str, head: str, published: bool) -> list[Problem]:
    """Problems of the commits from `base` (a commit id) to `head` (a commit id)."""
    severity = "warning" if published else "error"
    out = []
    for sha, author, subject in _commits(repo, base, head):
        short = sha[:7]
        for variant, text in ((None, subject), ("author", author)):
            found = scan_value(text)
            if found:
                out.append(
                    Problem.of(WHERE, 1, 1, "commit-personal-data", variant, severity, commit=short, what=found[0].what)
                )
        if not published and MERGED_PR.match(subject):
            out.append(Problem.of(WHERE, 1, 1, "commit-claims-review", commit=short, subject=subject))
    return out

"""What the commits of a change say about themselves, where the site repeats it.

The site publishes every commit's subject and author name (修改记录, 最近更新, the feed)
and names a pull request for commits that reached main through GitHub's merge commit
("Merge pull request #N from …", see `minyi.history`). So, in a pull request:
- a subject or author name holding personal data is refused, like a record holding it;
- a commit whose subject copies GitHub's merge subject is refused: fast-forwarded onto
  main, it would claim a review that never happened for every commit it brings.
- a commit marked as an import (`Minyi-Import: true`) is named in the summary: the site
  shows its events as 导入/补录 instead of counting how late they were recorded.
When publishing, those commits are already on main: personal data is a warning (the
site shows the subject redacted), and main's own merge commits are exactly what they say.
"""

from __future__ import annotations

import git

from ..history import IMPORT_TRAILER, MERGED_PR
from ..personal_data import scan_value
from ..problems import Problem

WHERE = "records/"  # a commit concerns the whole change, not one file


def _commits(repo: git.Repo, base: str, head: str) -> list[tuple[str, str, bool, str]]:
    """(sha, author name, claims to be an import, subject) of every commit `head` has and `base` has not."""
    trailer = f"%(trailers:key={IMPORT_TRAILER},valueonly,separator=%x2C)"
    out = repo.git.log(f"--format=%H%x00%an%x00{trailer}%x00%s", f"{base}..{head}", "--")
    rows = [line.split("\x00", 3) for line in out.splitlines() if line.count("\x00") >= 3]
    return [
        (sha, author, any(v.strip().lower() == "true" for v in marks.split(",")), s) for sha, author, marks, s in rows
    ]


def commit_problems(repo: git.Repo, base: str, head: str, published: bool) -> list[Problem]:
    """Problems of the commits from `base` (a commit id) to `head` (a commit id)."""
    severity = "warning" if published else "error"
    out = []
    for sha, author, imported, subject in _commits(repo, base, head):
        short = sha[:7]
        for variant, text in ((None, subject), ("author", author)):
            found = scan_value(text)
            if found:
                out.append(
                    Problem.of(WHERE, 1, 1, "commit-personal-data", variant, severity, commit=short, what=found[0].what)
                )
        if not published and MERGED_PR.match(subject):
            out.append(Problem.of(WHERE, 1, 1, "commit-claims-review", commit=short, subject=subject))
        if not published and imported:
            out.append(
                Problem.of(WHERE, 1, 1, "commit-import", severity="warning", commit=short, trailer=IMPORT_TRAILER)
            )
    return out

"""What git says changed between two revisions, as record paths and texts."""
from __future__ import annotations

import git


def show(repo: git.Repo, rev: str, path: str) -> str | None:
    """A file's text at a revision, or None when it does not exist there."""
    try:
        return repo.git.show(f"{rev}:{path}")
    except git.GitCommandError:
        return None


def changed(repo: git.Repo, base: str, head: str | None) -> list[tuple[str, str, str]]:
    """(status letter, old path, new path) for every record file changed from base to head (or the work tree)."""
    args = ["--name-status", "-M", "--no-color", base] + ([head] if head else []) + ["--", "records/"]
    out = []
    for line in repo.git.diff(*args).splitlines():
        parts = line.split("\t")
        out.append((parts[0][0], parts[1], parts[-1]))
    if head is None:  # untracked new files are part of the change too
        out.extend(("A", path, path) for path in repo.untracked_files if path.startswith("records/"))
    return out

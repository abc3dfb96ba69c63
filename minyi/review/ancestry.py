"""Which commit a change is compared against, and when history itself is the problem.

Two questions, two answers:
- A pull request (`check-change BASE HEAD`): BASE is the target branch, which may
  have moved on since the branch forked. That is normal, so the change is what HEAD
  did since the fork point (merge-base), exactly what a merge would apply. Only a
  branch with no common history at all is refused.
- Publishing (`check-change --published COMMIT HEAD`): COMMIT is what the site
  shows now. Main only ever grows, so COMMIT must be in HEAD's history; if it is
  not (or is gone from the repository), main was force-pushed and something that
  was published may have been rewritten: refused, the old site stays.
"""

from __future__ import annotations

from typing import NamedTuple

import git

from ..problems import Problem

WHERE = "records/"  # a history problem concerns the whole ledger, not one file


class Fork(NamedTuple):
    commit: str | None  # what the change is compared against; None when refused
    problem: Problem | None
    base: str | None = None  # BASE and HEAD resolved to commit ids (HEAD None: the working tree),
    head: str | None = None  # so no name a workflow passes is ever read by git as an option
    behind: int = 0  # commits BASE gained after the fork point (a pull request only)


def _commit(repo: git.Repo, rev: str) -> str | None:
    try:
        return repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except git.GitCommandError:
        return None


def _refused(variant: str | None, base: str, head: str | None) -> Fork:
    return Fork(None, Problem.of(WHERE, 1, 1, "history-rewritten", variant, base=base, head=head or "工作区"))


def fork_point(repo: git.Repo, base: str, head: str | None, published: bool = False) -> Fork:
    """The commit to compare against, or the refusal. Raises GitCommandError for a HEAD git does not know."""
    head_sha = repo.git.rev_parse("--verify", "--end-of-options", f"{head or 'HEAD'}^{{commit}}")
    resolved_head = head_sha if head else None
    base_sha = _commit(repo, base)
    if base_sha is None:
        if published:  # a published commit no branch leads to any more: history was rewritten
            return _refused("unknown", base, head)
        repo.git.rev_parse("--verify", "--end-of-options", base)  # a typo: a usage error, raised
    if published:
        ok = repo.is_ancestor(base_sha, head_sha)
        return Fork(base_sha, None, base_sha, resolved_head) if ok else _refused(None, base, head)
    try:
        merge_base = repo.git.merge_base(base_sha, head_sha)
    except git.GitCommandError:
        return _refused("unrelated", base, head)
    behind = int(repo.git.rev_list("--count", f"{merge_base}..{base_sha}"))
    return Fork(merge_base, None, base_sha, resolved_head, behind)

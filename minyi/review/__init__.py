"""The review gate (`minyi check-change BASE [HEAD]`): what a pull request does to the ledger.

Validation alone cannot see history: a rewritten answer can be perfectly valid.
This compares each changed record with its BASE version and rejects deletions,
renames, changed ids, rewritten recorded facts (events, answers, deadlines, vote
counts … — see `facts`), skipped steps and ids that collide with BASE. It validates
only the changed files, against the working tree for references. Paths outside
records/ are code (see `layout`); which commit is compared against is `ancestry`'s call;
what the commits say about themselves (subjects, authors) is `commits`' business.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

import git

from ..lazy_ledger import index_ledger
from ..ledger import MAP_FILE, kind_of, stem
from ..load import parse
from ..problems import Problem
from ..validate import check_one
from . import ancestry, gitdiff, layout, withdrawals
from .commits import commit_problems
from .facts import fact_problems, lifecycle_problems
from .summary import summary

__all__ = ["Change", "check_change", "summary"]

PLACEHOLDER = "-TMP-"
LATE_DAYS = 30


@dataclass
class Change:
    problems: list[Problem] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)  # (kind, id)
    moves: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old status, new status)
    progress: list[tuple[str, int, int]] = field(default_factory=list)
    corrections: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, target, previous, reason)
    checked: int = 0
    code: list = field(default_factory=list)  # gitdiff.Entry outside records/
    allow_code: bool = False
    behind: int = 0  # commits the base branch gained since the fork point
    withdrawals: list = field(default_factory=list)  # withdrawals.Withdrawal: withdrawn after assignment


def _modified(result: Change, loaded, kind: str, old: dict, today: dt.date) -> None:
    """What a change to an existing record did, and what it must not have done."""
    new, rid = loaded.data, str(loaded.data.get("id"))
    result.problems += fact_problems(loaded, kind, old, new) + lifecycle_problems(loaded, kind, old, new)
    if kind == "project" and old.get("progress") != new.get("progress"):
        result.progress.append((rid, old.get("progress") or 0, new.get("progress") or 0))
    if old.get("status") != new.get("status"):
        result.moves.append((rid, str(old.get("status")), str(new.get("status"))))
    for c in (new.get("corrections") or [])[len(old.get("corrections") or []) :]:
        if isinstance(c, dict):
            result.corrections.append((rid, str(c.get("target")), str(c.get("previous")), str(c.get("reason"))))
    late = [
        e
        for e in (new.get("timeline") or [])[len(old.get("timeline") or []) :]
        if isinstance(e, dict) and _days_before(e.get("date"), today) > LATE_DAYS
    ]
    if late:
        result.problems.append(
            loaded.report(("timeline",), "late-entry", severity="warning", id=rid, n=len(late), days=LATE_DAYS)
        )


def check_change(
    root: Path,
    base: str,
    head: str | None = None,
    today: dt.date | None = None,
    allow_code: bool = False,
    published: bool = False,
) -> Change:
    """Everything wrong with the change from `base` to `head` (default: the working tree).

    `published`: `base` is the commit the site shows and must be in `head`'s history.
    `allow_code`: the maintainers' run, where paths outside records/ are listed, not refused."""
    today = today or dt.date.today()
    repo = git.Repo(root, search_parent_directories=False)
    fork = ancestry.fork_point(repo, base, head, published)
    result = Change(allow_code=allow_code, behind=fork.behind)
    if fork.problem is not None:
        result.problems.append(fork.problem)
        return result
    merge_base, head = fork.commit, fork.head
    result.problems += commit_problems(repo, fork.base, head or "HEAD", published)
    changes = layout.split(gitdiff.changed(repo, merge_base, head))
    result.code = changes.code
    if not allow_code:
        result.problems += layout.code_problems(changes.code, base)
    diff = [layout.as_addition(e) for e in changes.records]
    if not diff:
        return result
    # Ids from file names; records parsed only when a rule looks at them.
    scope = _Scope(repo, root, base, head, merge_base, fork.base, index_ledger(root), today)
    for entry in diff:
        _review(scope, result, entry)
    result.problems = sorted(set(result.problems))
    return result


@dataclass(frozen=True)
class _Scope:
    """What reviewing one changed file needs to know about the whole change."""

    repo: git.Repo
    root: Path
    base: str
    head: str | None
    merge_base: str
    base_commit: str
    ledger: object
    today: dt.date

    @cached_property
    def base_ids(self) -> set[str]:
        """Ids on the fork point and on the base branch as it is now (main may have taken an id since).
        Listed only when the change adds a record: 200,000 paths in a city ledger."""
        return {
            stem(p)
            for rev in {self.merge_base, self.base_commit}
            for p in self.repo.git.ls_tree("-r", "--name-only", rev, "--", "records/").splitlines()
        }


def _review(scope: _Scope, result: Change, entry) -> None:
    """Check one changed record file: its own problems, then what the change did to it."""
    letter, old_path, new_path = entry.letter, entry.old_path, entry.new_path
    found = layout.record_problems(entry, scope.base)
    result.problems += found
    if found or letter == "D" or new_path == MAP_FILE:  # the map is checked by the validator
        return
    kind = kind_of(new_path)
    if scope.head:
        text = gitdiff.show(scope.repo, scope.head, new_path)
    else:
        text = (scope.root / new_path).read_text(encoding="utf-8", errors="replace")
    if text is None:
        return
    result.checked += 1
    result.problems.extend(check_one(scope.ledger, new_path, kind, text, scope.today))
    loaded, _ = parse(text, new_path)
    if loaded is None:
        return
    rid = loaded.data.get("id")
    if letter == "R" and not (PLACEHOLDER in PurePosixPath(old_path).stem and PLACEHOLDER not in str(rid)):
        result.problems.append(Problem.of(new_path, 1, 1, "record-renamed", old=old_path))
    elif letter == "A":
        if rid in scope.base_ids:
            result.problems.append(loaded.report(("id",), "id-collision", id=rid))
        result.added.append((kind, str(rid)))
    else:
        _compare_with_base(scope, result, loaded, kind, letter, old_path)


def _compare_with_base(scope: _Scope, result: Change, loaded, kind: str, letter: str, old_path: str) -> None:
    old_text = gitdiff.show(scope.repo, scope.merge_base, old_path)
    old_loaded, _ = parse(old_text, old_path) if old_text else (None, [])
    if old_loaded is None:
        return
    rid = loaded.data.get("id")
    if old_loaded.data.get("id") != rid and letter != "R":
        result.problems.append(loaded.report(("id",), "id-changed", old=old_loaded.data.get("id"), new=rid))
    _modified(result, loaded, kind, old_loaded.data, scope.today)
    w = withdrawals.withdrawal(scope.ledger, kind, old_loaded.data, loaded.data, scope.today)
    if w is not None:
        result.withdrawals.append(w)
        facts = {"id": w.id, "department": w.department, "signs": w.signs}
        result.problems.append(loaded.report(("status",), withdrawals.RULE, severity="warning", **facts))


def _days_before(day, today: dt.date) -> int:
    try:
        return (today - dt.date.fromisoformat(day)).days
    except (TypeError, ValueError):
        return 0
